//! Writing one bundle into its temporary folder: the database's pages streamed into zstd (and,
//! with a passphrase, into age) straight onto the target, the CSVs and signed PDFs, the
//! data files (new ones only, into the target's shared store; into the bundle when
//! encrypted), then the manifest; every file fsynced and read back from the target as it
//! is made durable ([`write_stream`]). Progress is told and a cancel honoured between
//! files and between chunks. The bundle and its manifest here; the streaming, the
//! read-back, the compression and the data files in the modules below.
mod compress;
mod data_files;
mod durable;
mod stream;

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::error::Result;
use crate::export::bundle::{
    folders_below, sealed_store, sync_dir, write_synced, BundleCounts, Manifest, ManifestFile,
    MANIFEST, MANIFEST_FORMAT_PAGES, SHARED_FILES,
};
use crate::export::csv_tables;
use crate::export::progress::{ExportPhase, Tracker};
use crate::export::sealed::{BundleKey, Passphrase, KEY_FILE, SEALED_SUFFIX};
use crate::files::PARTIAL_SUFFIX;
use crate::store::Store;
use compress::compress_database;
pub(crate) use compress::pack_pages;
use data_files::{copy_data_files, list_data_files, seal_data_files};
use stream::write_stream;

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
