//! The restored shop laid out beside the current one, in the data folder's
//! `restore-staging.partial/`, before anything of the shop changes: the database
//! unpacked within bounds and checked as untrusted, each data file streamed from the
//! bundle (read again and hashed on the way, never whole in memory), the counters of the
//! numbers raised to the highest ever issued, every file and folder fsynced. The swap
//! into place is then only renames under the journal ([`crate::restore_journal`]).
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};

use crate::error::{CoreError, Result};
use crate::export::bundle::{open_in_bundle, resolve, DbLayout, Manifest, ManifestFile};
use crate::export::sealed::BundleKey;
use crate::export::unpack::{check_database, open_untrusted, unpack_database, UnpackLimit};
use crate::files::sync_dir;
use crate::reason::Reason;
use crate::restore_journal::{self, step, STAGING_DIR};
use crate::store::numbering::{all_counters, raise_counter, Counter};
use crate::store::{Store, DB_FILE_NAME};

/// The staging folder of one restore, removed unless its swap took it.
pub(crate) struct Staging {
    dir: PathBuf,
    data_dir: PathBuf,
}

impl Staging {
    /// Finishes any restore a crash stopped, removes the leftovers of a failed one
    /// (stale `*.restore.partial`), and makes the staging folder afresh.
    pub(crate) fn begin(data_dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(data_dir)?;
        restore_journal::recover(data_dir)?;
        let dir = data_dir.join(STAGING_DIR);
        std::fs::create_dir(&dir)?;
        Ok(Self {
            dir,
            data_dir: data_dir.to_path_buf(),
        })
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn db(&self) -> PathBuf {
        self.dir.join(DB_FILE_NAME)
    }

    /// The names laid out, to be put in place by the swap.
    pub(crate) fn names(&self) -> Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(&self.dir)? {
            names.push(entry?.file_name().to_string_lossy().into_owned());
        }
        names.sort();
        Ok(names)
    }

    /// Fsyncs every folder laid out, so what the swap renames into place is on disk.
    pub(crate) fn sync(&self) -> Result<()> {
        fn walk(dir: &Path) -> Result<()> {
            for entry in std::fs::read_dir(dir)? {
                let entry = entry?;
                if entry.file_type()?.is_dir() {
                    walk(&entry.path())?;
                }
            }
            Ok(sync_dir(dir)?)
        }
        walk(&self.dir)
    }

    /// Removes the staging folder and any stale leftovers, after a refusal or a failure.
    /// A swap that failed half-way leaves its journal, and then the staging folder, for
    /// the next start to finish with.
    pub(crate) fn discard(self) {
        restore_journal::remove_leftovers(&self.data_dir);
    }
}

/// Unpacks the database (`layout`; with `key`, encrypted) into the staging folder within
/// `declared` and the disk's free space, and checks it as untrusted. Returns its schema
/// version.
pub(crate) fn stage_database(
    compressed: &Path,
    layout: DbLayout,
    key: Option<&BundleKey>,
    declared: Option<u64>,
    staging: &Staging,
) -> Result<i64> {
    step("stage the database");
    let limit = UnpackLimit::into_dir(staging.dir(), declared)?;
    let staged = staging.db();
    let mut output = File::create_new(&staged)?;
    unpack_database(compressed, layout, key, &mut output, &limit)?;
    output.sync_all()?;
    drop(output);
    let conn = open_untrusted(&staged)?;
    check_database(&conn)
}

/// A reader that hashes and counts what passes through it.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

fn damaged() -> CoreError {
    CoreError::conflict(Reason::BundleDamaged)
}

/// Copies `input` into `out` with a bounded buffer; a read error is `on_read`'s.
fn pump(
    input: &mut impl Read,
    out: &mut impl Write,
    hasher: &mut Sha256,
    on_read: fn(std::io::Error) -> CoreError,
) -> Result<()> {
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = input.read(&mut buf).map_err(on_read)?;
        if n == 0 {
            return Ok(());
        }
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n])?;
    }
}

/// Streams the data file `file` of the bundle into the staging folder, checking again
/// (the stick may have changed since the check) its size and SHA-256 as stored and, for
/// an encrypted one, in clear. Never more than its declared size is read.
pub(crate) fn stage_data_file(
    bundle: &Path,
    manifest: &Manifest,
    file: &ManifestFile,
    key: Option<&BundleKey>,
    staging: &Staging,
) -> Result<()> {
    step("stage a data file");
    let source = manifest.stored_data_file(bundle, file)?;
    let to = resolve(staging.dir(), &file.path)?;
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let input = open_in_bundle(&source)?;
    let mut stored = Hashing {
        inner: input.take(file.size.saturating_add(1)),
        hasher: Sha256::new(),
        bytes: 0,
    };
    let mut out = BufWriter::with_capacity(256 * 1024, File::create_new(&to)?);
    let mut plain = Sha256::new();
    match key {
        Some(key) => {
            let mut reader = key.unseal(&mut stored)?;
            pump(&mut reader, &mut out, &mut plain, |_| damaged())?;
            drop(reader);
            std::io::copy(&mut stored, &mut std::io::sink())?;
            if Some(hex::encode(plain.finalize())) != file.plain_sha256 {
                return Err(damaged());
            }
        }
        None => pump(&mut stored, &mut out, &mut plain, CoreError::from)?,
    }
    if stored.bytes != file.size || hex::encode(stored.hasher.finalize()) != file.sha256 {
        return Err(damaged());
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok(())
}

/// Brings the staged database to this build's schema and raises each of its number
/// counters to the current shop's (`current`) where that is higher, so a number already
/// on paper is never issued again. Returns the counters kept from the current shop.
pub(crate) fn keep_counters_higher(staged: &Path, current: &Path) -> Result<Vec<Counter>> {
    step("keep the counters");
    let ours = if current.is_file() {
        let conn = Connection::open_with_flags(current, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        all_counters(&conn)?
    } else {
        Vec::new()
    };
    // The staged database was checked: its objects are this app's own.
    let mut conn = Connection::open(staged)?;
    Store::migrate(&mut conn)?;
    let theirs = all_counters(&conn)?;
    let kept: Vec<Counter> = ours
        .into_iter()
        .filter(|c| {
            let restored = theirs
                .iter()
                .find(|t| t.series == c.series && t.year == c.year)
                .map_or(0, |t| t.last);
            c.last > restored
        })
        .collect();
    let tx = conn.transaction()?;
    for counter in &kept {
        raise_counter(&tx, counter)?;
    }
    tx.commit()?;
    Ok(kept)
}
