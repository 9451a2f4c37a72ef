//! Writing one bundle into its temporary folder: the database's pages streamed into zstd (and,
//! with a passphrase, into age) straight onto the target, the CSVs and signed PDFs, the
//! data files (new ones only, into the target's shared store; into the bundle when
//! encrypted), then the manifest; every file fsynced and read back from the target as it
//! is made durable ([`write_stream`]). Progress is told and a cancel honoured between
//! files and between chunks.
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::error::{CoreError, Result};
use crate::export::bundle::{
    folders_below, sealed_store, sync_dir, write_synced, BundleCounts, Manifest, ManifestFile,
    DB_PAGES_IN_BUNDLE, MANIFEST, MANIFEST_FORMAT_PAGES, SHARED_FILES,
};
use crate::export::csv_tables;
use crate::export::moment::Moment;
use crate::export::progress::{ExportPhase, Tracker};
use crate::export::sealed::{BundleKey, Passphrase, KEY_FILE, SEALED_SUFFIX};
use crate::export::EXPORTED_SUBDIRS;
use crate::files::{self, PARTIAL_SUFFIX};
use crate::reason::Reason;
use crate::store::Store;

/// One bundle to write.
pub(crate) struct Job<'a> {
    pub store: &'a Store,
    pub data_dir: &'a Path,
    pub target: &'a Path,
    pub partial: &'a Path,
    pub shop_name: &'a str,
    pub now: NaiveDateTime,
    pub passphrase: Option<&'a Passphrase>,
}

/// Where the bundle's own files go: in clear, or encrypted to the bundle's key with
/// `.age` added to the name. Remembers the folders it made, to fsync them.
pub(crate) struct Sink<'a> {
    root: &'a Path,
    key: Option<BundleKey>,
    dirs: std::cell::RefCell<Vec<PathBuf>>,
}

impl<'a> Sink<'a> {
    fn new(root: &'a Path, key: Option<BundleKey>) -> Self {
        Self {
            root,
            key,
            dirs: std::cell::RefCell::new(vec![root.to_path_buf()]),
        }
    }

    /// The path of `rel` (a `/` path inside the bundle), its folders made.
    fn path_of(&self, rel: &str) -> Result<PathBuf> {
        let mut path = self.root.to_path_buf();
        let mut parts = rel.split('/').peekable();
        while let Some(part) = parts.next() {
            path.push(part);
            if parts.peek().is_some() && !path.is_dir() {
                folders_below(self.root, &path)?;
                self.dirs.borrow_mut().push(path.clone());
            }
        }
        Ok(path)
    }

    /// Writes `bytes` as `rel` (a `/` path inside the bundle), fsynced.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<ManifestFile> {
        Ok(self.put_streamed(rel, |out| Ok(out.write_all(bytes)?))?.0)
    }

    /// Writes `rel` from what `fill` writes, streamed (not held whole in memory),
    /// fsynced and read back ([`write_stream`]).
    pub fn put_streamed<T>(
        &self,
        rel: &str,
        fill: impl FnOnce(&mut dyn Write) -> Result<T>,
    ) -> Result<(ManifestFile, T)> {
        let mut path = self.path_of(rel)?;
        let mut rel = rel.to_string();
        if self.key.is_some() {
            path.as_mut_os_string().push(SEALED_SUFFIX);
            rel.push_str(SEALED_SUFFIX);
        }
        let (mut stored, plain_sha256, value) = write_stream(&path, self.key.as_ref(), fill)?;
        stored.path = rel;
        stored.plain_sha256 = plain_sha256;
        Ok((stored, value))
    }

    pub fn sync(&self) -> Result<()> {
        for dir in self.dirs.borrow().iter() {
            sync_dir(dir)?;
        }
        Ok(())
    }
}

/// What writing a bundle did.
pub(crate) struct Written {
    pub counts: BundleCounts,
    /// Data files copied to the target this time, and those found there already.
    pub copied: u64,
    pub reused: u64,
    /// The bundle's files read back from the target as they were written, and the data
    /// files found there by reading them whole (their hash matched), by their paths in
    /// the manifest: the check after the rename need not read them a second time.
    pub just_read: HashSet<String>,
}

/// A data file of the shop to carry, with its size for the totals.
struct DataFile {
    sub: &'static str,
    name: String,
    size: u64,
}

/// Writes the whole bundle into `job.partial`.
pub(crate) fn write_bundle(job: &Job<'_>, tracker: &Tracker<'_>) -> Result<Written> {
    std::fs::create_dir(job.partial)?;
    // The database's pages on one thread, the CSVs and the list of signed forms on this
    // one: two read transactions of the very same moment.
    let (pages, rows) = job.store.twin_moments()?;
    let geometry = pages.geometry()?;
    let db_bytes = u64::from(geometry.page_count) * u64::from(geometry.page_size);
    tracker.go_on()?;

    let day = job.now.format("%Y-%m-%d").to_string();
    let data = list_data_files(job.data_dir)?;
    let signed = csv_tables::signed_forms(rows.conn(), job.data_dir, &day)?;
    // The day's report, read in the same moment (reports/day-YYYY-MM-DD.pdf).
    let report = crate::desk::print::day_report::day_report_for_bundle(
        job.store,
        job.data_dir,
        rows.conn(),
        job.now,
    )?;
    let bytes_total = crate::export::pages::stream_bytes(&pages)?
        + report.1.len() as u64
        + signed.iter().map(|(_, size)| size).sum::<u64>()
        + data.iter().map(|f| f.size).sum::<u64>();
    let files_total = 2 + csv_tables::TABLES as u64 + (signed.len() + data.len()) as u64 + 1;
    tracker.phase(ExportPhase::Writing, bytes_total, files_total);

    // Encrypted: the target's key for this passphrase (its data files are shared, like
    // those in clear), a copy of its key file in the bundle.
    let shared = job.target.join(SHARED_FILES);
    let mut files = Vec::new();
    let key = match job.passphrase {
        Some(passphrase) => {
            let (key, key_file) = BundleKey::for_target(&shared, passphrase)?;
            let mut file = write_synced(&job.partial.join(KEY_FILE), &key_file)?;
            file.path = KEY_FILE.to_string();
            files.push(file);
            Some(key)
        }
        None => None,
    };
    let key_id = key.as_ref().map(BundleKey::id);
    let sink = Sink::new(job.partial, key);
    // The database on a thread of its own; the CSVs, the signed forms, the report and
    // the data files on this one meanwhile.
    let (database, rest) = std::thread::scope(|scope| {
        let key = sink.key.as_ref();
        let partial = job.partial;
        let database = scope.spawn(move || {
            let file = compress_database(&pages, partial, key, tracker);
            drop(pages);
            file
        });
        let rest = (|| -> Result<_> {
            let tables = csv_tables::write_tables(rows.conn(), &sink, &signed, tracker)?;
            drop(rows);
            let report = sink.put(&report.0, &report.1)?;
            tracker.bytes(report.size);
            tracker.file_done();
            let data_files = match (&sink.key, &key_id) {
                (Some(key), Some(id)) => {
                    seal_data_files(job, &data, key, &sealed_store(&shared, id)?, tracker)?
                }
                _ => copy_data_files(job, &data, &shared, tracker)?,
            };
            // Their folders' entries made durable now, beside the database still being
            // written; the bundle's own folder once more after the manifest.
            sink.sync()?;
            Ok((tables, report, data_files))
        })();
        let database = database
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the database copy stopped").into()));
        (database, rest)
    });
    let database = database?;
    tracker.file_done();
    let (tables, report, (data_files, copied, reused, mut just_read)) = rest?;
    // These were read back from the target as they were written ([`write_stream`]).
    let read_back = std::iter::once(database)
        .chain(tables.files)
        .chain([report]);
    for file in read_back {
        just_read.insert(file.path.clone());
        files.push(file);
    }
    let mut counts = tables.counts;
    counts.data_files = data_files.len() as u64;
    tracker.go_on()?;
    let encrypted = sink.key.is_some();
    let manifest = Manifest {
        format: MANIFEST_FORMAT_PAGES,
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        schema_version: Store::schema_version(),
        shop_name: job.shop_name.to_string(),
        day,
        created_at: job.now,
        counts,
        files,
        data_files,
        encrypted,
        key_id,
        db_bytes: Some(db_bytes),
    };
    let json = serde_json::to_vec_pretty(&manifest).map_err(std::io::Error::other)?;
    write_synced(&job.partial.join(MANIFEST), &json)?;
    tracker.file_done();
    sync_dir(job.partial)?;
    Ok(Written {
        counts,
        copied,
        reused,
        just_read,
    })
}

/// Streams the database's pages through zstd (and age) into the bundle, so the database
/// is written once, compressed, and a cancel stops it between pages.
fn compress_database(
    moment: &Moment,
    partial: &Path,
    key: Option<&BundleKey>,
    tracker: &Tracker<'_>,
) -> Result<ManifestFile> {
    let rel = match key {
        Some(_) => format!("{DB_PAGES_IN_BUNDLE}{SEALED_SUFFIX}"),
        None => DB_PAGES_IN_BUNDLE.to_string(),
    };
    let (mut stored, _, ()) = write_stream(&partial.join(&rel), key, |out| {
        let mut encoder = zstd_encoder(out)?;
        feed(moment, &mut encoder, tracker)?;
        encoder.finish()?;
        Ok(())
    })?;
    stored.path = rel;
    Ok(stored)
}

/// Creates `path` with what `fill` writes (through age to `key` when encrypting), its
/// pages sent to the disk as it grows, fsynced. The file as
/// stored (path left empty), the SHA-256 of the content in clear when encrypted, and
/// what `fill` returned. Sealing and writing run on a thread of their own, so the thread
/// that fills the file (reading the database, say) goes on meanwhile. The file is read
/// back from the target as it is made durable ([`Durable`]): its SHA-256 is that of the
/// bytes read back, and they must be the bytes sent (same size and CRC-32, taken on the
/// way out), else `export.verify_failed`. One SHA-256 per file, not two: they cost a
/// tenth of the export.
fn write_stream<T>(
    path: &Path,
    key: Option<&BundleKey>,
    fill: impl FnOnce(&mut dyn Write) -> Result<T>,
) -> Result<(ManifestFile, Option<String>, T)> {
    let output = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    let (chunks, arrived) = std::sync::mpsc::sync_channel::<Vec<u8>>(Handoff::QUEUED);
    let (spare, returned) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::scope(|scope| {
        let writing = scope.spawn(move || -> Result<(ManifestFile, Option<String>)> {
            let mut output = Summed::new(std::io::BufWriter::with_capacity(
                1 << 20,
                Durable::new(output, path),
            ));
            // Each chunk written, its buffer sent back to be filled again.
            let drain = |out: &mut dyn Write| -> std::io::Result<()> {
                for chunk in arrived {
                    out.write_all(&chunk)?;
                    let _ = spare.send(chunk);
                }
                Ok(())
            };
            let (output, plain_sha256) = match key {
                None => {
                    drain(&mut output)?;
                    (output, None)
                }
                Some(key) => {
                    let mut plain = Hashed::new(key.seal(output)?);
                    drain(&mut plain)?;
                    let (_, plain_sha256, sealed) = plain.into_parts();
                    (sealed.finish()?, Some(plain_sha256))
                }
            };
            let (sent, file) = output.into_parts();
            let read_back = file.into_inner().map_err(|e| e.into_error())?.finish()?;
            // Read back from the target and found different: a stick that does not keep
            // what it is given.
            if (read_back.size, read_back.crc32) != (sent.size, sent.crc32) {
                return Err(CoreError::conflict(Reason::ExportVerifyFailed));
            }
            Ok((
                ManifestFile::stored(String::new(), read_back.size, read_back.sha256),
                plain_sha256,
            ))
        });
        let mut handoff = Handoff {
            chunk: Vec::new(),
            chunks: Some(chunks),
            returned,
        };
        let filled = fill(&mut handoff).and_then(|value| {
            handoff.close()?;
            Ok(value)
        });
        // Whatever happened, the writing thread ends: its channel closes with `handoff`.
        drop(handoff);
        let written = writing
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the file writing stopped").into()));
        // The writing's own error (a full stick, one pulled out) before the filling's,
        // which then only says the hand-off broke.
        let (stored, plain_sha256) = written?;
        Ok((stored, plain_sha256, filled?))
    })
}

/// What a thread filling a file writes: handed, a mebibyte at a time, to the thread
/// writing the file ([`write_stream`]), the buffers coming back to be filled again.
struct Handoff {
    chunk: Vec<u8>,
    chunks: Option<std::sync::mpsc::SyncSender<Vec<u8>>>,
    returned: std::sync::mpsc::Receiver<Vec<u8>>,
}

impl Handoff {
    const CHUNK: usize = 1 << 20;
    /// Chunks waiting for the writing thread before the filling one waits.
    const QUEUED: usize = 4;

    fn send(&mut self) -> std::io::Result<()> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        let next = self
            .returned
            .try_recv()
            .map(|mut spare| {
                spare.clear();
                spare
            })
            .unwrap_or_else(|_| Vec::with_capacity(Self::CHUNK));
        let full = std::mem::replace(&mut self.chunk, next);
        match &self.chunks {
            Some(chunks) if chunks.send(full).is_ok() => Ok(()),
            _ => Err(std::io::Error::other("the file writing stopped")),
        }
    }

    /// Sends what is left and tells the writing thread that the file is whole.
    fn close(&mut self) -> std::io::Result<()> {
        self.send()?;
        self.chunks = None;
        Ok(())
    }
}

impl Write for Handoff {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.chunk.capacity() == 0 {
            self.chunk.reserve_exact(Self::CHUNK);
        }
        let n = buf.len().min(Self::CHUNK - self.chunk.len());
        self.chunk.extend_from_slice(&buf[..n]);
        if self.chunk.len() == Self::CHUNK {
            self.send()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A large file being written whose pages go to the disk as it grows, and are read back
/// from it once there: every 32 MiB a second handle's `fdatasync` runs on a thread of its
/// own, which then reads what it made durable back through a third handle and hashes it.
/// So the closing fsync waits for the tail only, the writing never waits for the disk,
/// and the file is read back and checked as it is written rather than all after.
struct Durable {
    file: std::fs::File,
    path: PathBuf,
    written: u64,
    unsynced: u64,
    syncing: Option<std::thread::JoinHandle<std::io::Result<ReadBack>>>,
    /// `None` while a sync thread has it, or before the first.
    read_back: Option<ReadBack>,
}

/// The file read back from the target in order, hashed.
struct ReadBack {
    file: std::fs::File,
    hasher: sha2::Sha256,
    crc: crc32fast::Hasher,
    read: u64,
    buffer: Vec<u8>,
}

/// What the target gave back: its size, SHA-256 (hex) and CRC-32.
#[derive(Debug, PartialEq, Eq)]
struct ReadBackSums {
    size: u64,
    sha256: String,
    crc32: u32,
}

impl ReadBack {
    fn open(path: &Path) -> std::io::Result<Self> {
        use sha2::Digest;
        Ok(Self {
            file: std::fs::File::open(path)?,
            hasher: sha2::Sha256::new(),
            crc: crc32fast::Hasher::new(),
            read: 0,
            buffer: vec![0; 1 << 20],
        })
    }

    /// Reads and hashes the file on up to byte `end`.
    /// A file that ends sooner is read to its end: its size then tells.
    fn up_to(&mut self, end: u64) -> std::io::Result<()> {
        use sha2::Digest;
        use std::io::Read;
        while self.read < end {
            let n = (end - self.read).min(self.buffer.len() as u64) as usize;
            let got = self.file.read(&mut self.buffer[..n])?;
            if got == 0 {
                break;
            }
            self.hasher.update(&self.buffer[..got]);
            self.crc.update(&self.buffer[..got]);
            self.read += got as u64;
        }
        Ok(())
    }
}

impl Durable {
    const EVERY: u64 = 32 << 20;

    fn new(file: std::fs::File, path: &Path) -> Self {
        Self {
            file,
            path: path.to_path_buf(),
            written: 0,
            unsynced: 0,
            syncing: None,
            read_back: None,
        }
    }

    /// Waits for the last background sync and read-back, telling its error.
    fn settle(&mut self) -> std::io::Result<()> {
        if let Some(thread) = self.syncing.take() {
            let read_back = thread
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("the disk sync stopped")))?;
            self.read_back = Some(read_back);
        }
        Ok(())
    }

    fn take_read_back(&mut self) -> std::io::Result<ReadBack> {
        match self.read_back.take() {
            Some(read_back) => Ok(read_back),
            None => ReadBack::open(&self.path),
        }
    }

    /// Everything written made durable (fsync) and read back: what the target gave back.
    fn finish(mut self) -> std::io::Result<ReadBackSums> {
        use sha2::Digest;
        self.settle()?;
        self.file.sync_all()?;
        let mut read_back = self.take_read_back()?;
        read_back.up_to(self.written)?;
        // A file longer than what was sent is read back longer.
        let mut past_the_end = [0u8; 1];
        let more = std::io::Read::read(&mut read_back.file, &mut past_the_end)?;
        let sums = ReadBackSums {
            size: read_back.read + more as u64,
            sha256: hex::encode(read_back.hasher.finalize()),
            crc32: read_back.crc.finalize(),
        };
        Ok(sums)
    }
}

impl Write for Durable {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        self.unsynced += n as u64;
        let idle = self.syncing.as_ref().is_none_or(|t| t.is_finished());
        if self.unsynced >= Self::EVERY && idle {
            self.settle()?;
            let handle = self.file.try_clone()?;
            let mut read_back = self.take_read_back()?;
            let end = self.written;
            self.syncing = Some(std::thread::spawn(move || {
                handle.sync_data()?;
                read_back.up_to(end)?;
                Ok(read_back)
            }));
            self.unsynced = 0;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// The page stream into the compressor a mebibyte at a time (not a call per 4 KiB page).
fn feed(moment: &Moment, encoder: &mut impl Write, tracker: &Tracker<'_>) -> Result<()> {
    let mut chunks = std::io::BufWriter::with_capacity(
        1 << 20,
        Counting {
            inner: encoder,
            tracker,
        },
    );
    crate::export::pages::write_page_stream(moment, &mut chunks)?;
    chunks.flush()?;
    Ok(())
}

/// A writer that counts what passes through it and stops when the export is cancelled.
struct Counting<'w, 't, 'a, W> {
    inner: &'w mut W,
    tracker: &'t Tracker<'a>,
}

impl<W: Write> Write for Counting<'_, '_, '_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.tracker.go_on().is_err() {
            return Err(std::io::Error::other("export cancelled"));
        }
        let n = self.inner.write(buf)?;
        self.tracker.bytes(n as u64);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A file being written, with its size and CRC-32 kept as the bytes go by.
struct Summed<W> {
    inner: W,
    crc: crc32fast::Hasher,
    size: u64,
}

/// What was sent to a file: its size and CRC-32.
struct Sent {
    size: u64,
    crc32: u32,
}

impl<W: Write> Summed<W> {
    fn new(inner: W) -> Self {
        Self {
            inner,
            crc: crc32fast::Hasher::new(),
            size: 0,
        }
    }

    /// What was sent, and the writer (not flushed).
    fn into_parts(self) -> (Sent, W) {
        let sent = Sent {
            size: self.size,
            crc32: self.crc.finalize(),
        };
        (sent, self.inner)
    }
}

impl<W: Write> Write for Summed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A file being written, with its size and SHA-256 kept as the bytes go by.
struct Hashed<W> {
    inner: W,
    hasher: sha2::Sha256,
    size: u64,
}

impl<W: Write> Hashed<W> {
    fn new(inner: W) -> Self {
        use sha2::Digest;
        Self {
            inner,
            hasher: sha2::Sha256::new(),
            size: 0,
        }
    }

    /// The size, the hex SHA-256 and the writer (not flushed).
    fn into_parts(self) -> (u64, String, W) {
        use sha2::Digest;
        (self.size, hex::encode(self.hasher.finalize()), self.inner)
    }
}

impl<W: Write> Write for Hashed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The zstd encoder of every bundle and backup: level 1 with an 8 MiB window, on the
/// PC's cores (up to four, in jobs of 4 MiB; the frames are standard zstd whatever the
/// number of workers). Level 1 because the export is bound by the processor, not the stick: on
/// the demo shop's page stream, level 3 saves 4 % of the bytes for half again the time.
pub(crate) fn zstd_encoder<W: Write>(out: W) -> Result<zstd::stream::Encoder<'static, W>> {
    let mut encoder = zstd::stream::Encoder::new(out, 1)?;
    encoder.window_log(23)?;
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    if workers > 1 {
        encoder.multithread(workers as u32)?;
        // Jobs of 4 MiB rather than zstd's 32 MiB (four windows at this level): its
        // input ring is then 20 MiB instead of 160 MiB of fresh memory, and the export
        // takes a tenth less processor time for 0.1 % more bytes.
        encoder.set_parameter(zstd::stream::raw::CParameter::JobSize(4 << 20))?;
    }
    Ok(encoder)
}

/// The database of `moment` as a page stream compressed (zstd) into the new file `to`,
/// fsynced: a local backup.
pub(crate) fn pack_pages(moment: &Moment, to: &Path) -> Result<()> {
    let output = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(to)?;
    let encoder = zstd_encoder(std::io::BufWriter::with_capacity(1 << 20, output))?;
    let mut pages = std::io::BufWriter::with_capacity(1 << 20, encoder);
    crate::export::pages::write_page_stream(moment, &mut pages)?;
    let encoder = pages.into_inner().map_err(|e| e.into_error())?;
    let output = encoder.finish()?.into_inner().map_err(|e| e.into_error())?;
    output.sync_all()?;
    Ok(())
}

/// The data folder's files an export carries, sorted, with their sizes.
fn list_data_files(data_dir: &Path) -> Result<Vec<DataFile>> {
    let mut listed = Vec::new();
    for sub in EXPORTED_SUBDIRS {
        let entries = match std::fs::read_dir(data_dir.join(sub)) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e.into()),
        };
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let meta = entry.metadata()?;
            if meta.is_file() && !name.ends_with(PARTIAL_SUFFIX) {
                names.push(DataFile {
                    sub,
                    name,
                    size: meta.len(),
                });
            }
        }
        names.sort_by(|a, b| a.name.cmp(&b.name));
        listed.extend(names);
    }
    Ok(listed)
}

/// The data files as listed in the manifest, how many were copied and reused, and
/// those read whole on the target.
type DataFilesOut = (Vec<ManifestFile>, u64, u64, HashSet<String>);

/// Goes on with the next data file only while the bundle's temporary folder is there:
/// it is on the target, so when it is gone the stick went with it (a mount point left
/// behind on the PC's own disk must not receive the shop's files).
fn next_data_file(job: &Job<'_>, tracker: &Tracker<'_>) -> Result<()> {
    tracker.go_on()?;
    if !job.partial.is_dir() {
        return Err(std::io::Error::from(std::io::ErrorKind::NotFound).into());
    }
    Ok(())
}

/// Copies the data files into the target's shared store, only those not already there
/// with the same content.
fn copy_data_files(
    job: &Job<'_>,
    data: &[DataFile],
    shared: &Path,
    tracker: &Tracker<'_>,
) -> Result<DataFilesOut> {
    let mut listed = Vec::new();
    let mut just_read = HashSet::new();
    let (mut copied, mut reused) = (0, 0);
    for file in data {
        next_data_file(job, tracker)?;
        let bytes = std::fs::read(job.data_dir.join(file.sub).join(&file.name))?;
        let sha256 = files::sha256_hex(&bytes);
        let dir = shared.join(file.sub);
        let rel = format!("{}/{}", file.sub, file.name);
        if files::file_hash(&dir.join(&file.name))?.as_deref() == Some(sha256.as_str()) {
            reused += 1;
            just_read.insert(rel.clone());
        } else {
            folders_below(job.target, &dir)?;
            files::write_durably(&dir.join(&file.name), &bytes, false)?;
            copied += 1;
        }
        tracker.bytes(bytes.len() as u64);
        tracker.file_done();
        listed.push(ManifestFile::stored(rel, bytes.len() as u64, sha256));
    }
    Ok((listed, copied, reused, just_read))
}

/// Encrypts the data files to the target's key into its shared store `store`
/// (`<sub>/<name>.age`): one already there that opens to the same content is kept, the
/// others are written; like the files in clear, a second export copies only what is new.
fn seal_data_files(
    job: &Job<'_>,
    data: &[DataFile],
    key: &BundleKey,
    store: &Path,
    tracker: &Tracker<'_>,
) -> Result<DataFilesOut> {
    let mut listed = Vec::new();
    let mut just_read = HashSet::new();
    let (mut copied, mut reused) = (0, 0);
    for file in data {
        next_data_file(job, tracker)?;
        let bytes = std::fs::read(job.data_dir.join(file.sub).join(&file.name))?;
        let plain = files::sha256_hex(&bytes);
        let rel = format!("{}/{}", file.sub, file.name);
        let path = store
            .join(file.sub)
            .join(format!("{}{SEALED_SUFFIX}", file.name));
        let there = match std::fs::read(&path) {
            Ok(sealed) => key
                .unseal_bytes(&sealed)
                .ok()
                .filter(|opened| files::sha256_hex(opened) == plain)
                .map(|_| sealed),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e.into()),
        };
        let sealed = match there {
            Some(sealed) => {
                reused += 1;
                just_read.insert(rel.clone());
                sealed
            }
            None => {
                let sealed = key.seal_bytes(&bytes)?;
                if let Some(dir) = path.parent() {
                    folders_below(job.target, dir)?;
                }
                files::write_durably(&path, &sealed, false)?;
                copied += 1;
                sealed
            }
        };
        tracker.bytes(bytes.len() as u64);
        tracker.file_done();
        let mut stored = ManifestFile::stored(rel, sealed.len() as u64, files::sha256_hex(&sealed));
        stored.plain_sha256 = Some(plain);
        listed.push(stored);
    }
    Ok((listed, copied, reused, just_read))
}

/// Renames the finished temporary folder into place (replacing an earlier bundle of the
/// same day only once the new one is whole) and fsyncs the target.
pub(crate) fn put_in_place(partial: &Path, bundle: &Path) -> Result<()> {
    let parent = bundle
        .parent()
        .ok_or_else(|| std::io::Error::other("a bundle without a folder"))?;
    if bundle.exists() {
        let mut old = bundle.as_os_str().to_os_string();
        old.push(format!(".replaced{PARTIAL_SUFFIX}"));
        std::fs::rename(bundle, &old)?;
        std::fs::rename(partial, bundle)?;
        std::fs::remove_dir_all(&old)?;
    } else {
        std::fs::rename(partial, bundle)?;
    }
    sync_dir(parent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha(bytes: &[u8]) -> String {
        files::sha256_hex(bytes)
    }

    #[test]
    fn a_large_file_is_read_back_from_the_target_as_it_is_made_durable() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("large");
        let file = std::fs::File::create(&path).expect("file");
        let mut durable = Durable::new(file, &path);
        // Three syncs' worth and a tail, in odd pieces.
        let content: Vec<u8> = (0..(100u32 << 20) / 4 + 777)
            .flat_map(|i| i.wrapping_mul(2_654_435_761).to_le_bytes())
            .collect();
        for piece in content.chunks(3 << 20) {
            durable.write_all(piece).expect("write");
        }
        let read_back = durable.finish().expect("finish");
        assert_eq!(read_back.sha256, sha(&content));
        assert_eq!(read_back.crc32, crc32fast::hash(&content));
        assert_eq!(read_back.size, content.len() as u64);
    }

    #[test]
    fn what_the_target_holds_is_what_is_read_back_not_what_was_sent() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("small");
        let file = std::fs::File::create(&path).expect("file");
        let mut durable = Durable::new(file, &path);
        durable.write_all(b"the shop's rows").expect("write");
        // The stick changes a byte behind the writer's back.
        let mut other = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .expect("other");
        std::io::Seek::seek(&mut other, std::io::SeekFrom::Start(4)).expect("seek");
        other.write_all(b"S").expect("flip");
        let read_back = durable.finish().expect("finish");
        assert_ne!(read_back.crc32, crc32fast::hash(b"the shop's rows"));
        assert_eq!(read_back.sha256, sha(b"the Shop's rows"));
    }

    #[test]
    fn a_file_the_target_cuts_short_or_lengthens_is_read_back_so() {
        let dir = tempfile::tempdir().expect("dir");
        for (change, size) in [(5u64, 5u64), (20, 16)] {
            let path = dir.path().join(format!("changed-{change}"));
            let file = std::fs::File::create(&path).expect("file");
            let mut durable = Durable::new(file, &path);
            durable.write_all(b"the shop's rows").expect("write");
            std::fs::OpenOptions::new()
                .write(true)
                .open(&path)
                .and_then(|f| f.set_len(change))
                .expect("changed");
            let read_back = durable.finish().expect("finish");
            assert_eq!(
                read_back.size, size,
                "15 bytes sent, {change} on the target"
            );
        }
    }

    #[test]
    fn a_stream_written_through_the_hand_off_is_whole_and_hashed() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("stream");
        let content: Vec<u8> = (0..5_000_000u32).map(|i| (i % 251) as u8).collect();
        let (stored, plain, value) = write_stream(&path, None, |out| {
            for piece in content.chunks(70_001) {
                out.write_all(piece)?;
            }
            Ok(42)
        })
        .expect("written");
        assert_eq!(value, 42);
        assert_eq!(plain, None);
        assert_eq!(stored.size, content.len() as u64);
        assert_eq!(stored.sha256, sha(&content));
        assert!(std::fs::read(&path).expect("read") == content);

        // The filling's error comes out.
        let failed = write_stream(&dir.path().join("failed"), None, |out| -> Result<()> {
            out.write_all(b"half")?;
            Err(std::io::Error::other("cancelled").into())
        });
        assert!(failed.is_err());
    }
}
