//! The bundle on the target and its proof: `manifest.json` lists the size and SHA-256 of
//! every file of the bundle and of every data file it relies on in the target's shared
//! store (`GarageDesk-files/`), and [`check_bundle`] reads each one back and names what
//! is missing or altered. Also the fsynced writing the export and the restore share.
use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{CoreError, Result};
use crate::export::progress::{ExportPhase, Tracker};
use crate::reason::Reason;

/// The manifest's file name inside a bundle.
pub const MANIFEST: &str = "manifest.json";
/// The compressed database inside a bundle of format 1 to 3: the file, zstd-compressed.
pub const DB_IN_BUNDLE: &str = "shop.sqlite.zst";
/// The compressed database inside a bundle of format 4 on: its pages grouped by table
/// (`pages`), zstd-compressed.
pub const DB_PAGES_IN_BUNDLE: &str = "shop.pages.zst";
/// The target's folder of content-addressed data files shared by every bundle on it.
pub const SHARED_FILES: &str = "GarageDesk-files";
/// The format of the manifest of a bundle in clear.
pub const MANIFEST_FORMAT: u32 = 1;
/// The format of an encrypted bundle's manifest: an older app calls it too new rather
/// than looking for files it cannot read.
pub const MANIFEST_FORMAT_SEALED: u32 = 2;
/// The folder of an encrypted bundle's own copy of the data files (bundles of format 2,
/// each with its own key).
pub const SEALED_FILES: &str = "files";
/// The format of an encrypted bundle whose data files are shared, encrypted, in the
/// target's `GarageDesk-files/sealed/<key id>/` (every bundle of one passphrase on a
/// target has the same key).
pub const MANIFEST_FORMAT_SEALED_SHARED: u32 = 3;
/// The format of every bundle this app writes, in clear or encrypted (then as format 3):
/// the database as a page stream in `shop.pages.zst`.
pub const MANIFEST_FORMAT_PAGES: u32 = 4;
/// The folder of the shared store that holds the encrypted data files and, per key, the
/// key file `key-<id>.age` the passphrase opens.
pub const SHARED_SEALED: &str = "sealed";

/// One file and what it must be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ManifestFile {
    /// Relative, with `/`: to the bundle for its own files, to the data folder (and to
    /// the shared store) for data files.
    pub path: String,
    pub size: u64,
    pub sha256: String,
    /// For an encrypted file, the SHA-256 of its content in clear (`size` and `sha256`
    /// are of the file as stored, so a check needs no passphrase).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plain_sha256: Option<String>,
}

impl ManifestFile {
    pub(crate) fn stored(path: String, size: u64, sha256: String) -> Self {
        Self {
            path,
            size,
            sha256,
            plain_sha256: None,
        }
    }
}

/// How much a bundle holds, as shown before a restore.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BundleCounts {
    pub customers: u64,
    pub vehicles: u64,
    pub work_orders: u64,
    pub work_order_lines: u64,
    /// Payments and refunds (bundles of older apps have none counted).
    #[serde(default)]
    pub payments: u64,
    pub signed_today: u64,
    pub data_files: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub format: u32,
    pub app_version: String,
    pub schema_version: i64,
    pub shop_name: String,
    /// The day exported, `YYYY-MM-DD`.
    pub day: String,
    pub created_at: chrono::NaiveDateTime,
    pub counts: BundleCounts,
    /// The bundle's own files (all but the manifest).
    pub files: Vec<ManifestFile>,
    /// The data folder's files, kept in the target's shared store (in clear) or in the
    /// bundle's `files/` as `<path>.age` (encrypted).
    pub data_files: Vec<ManifestFile>,
    /// The contents are encrypted with the shop's passphrase (`key.age` opens them).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub encrypted: bool,
    /// Encrypted bundles of format 3: the id of their key, naming the folder of the
    /// target's shared store where their data files are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The size of the database once unpacked (bundles of older apps say nothing): a
    /// restore checks the disk has room for it and unpacks no byte more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub db_bytes: Option<u64>,
}

impl Manifest {
    /// The database's file in the bundle.
    pub fn db_file(&self) -> String {
        let name = match self.db_layout() {
            DbLayout::Pages => DB_PAGES_IN_BUNDLE,
            DbLayout::File => DB_IN_BUNDLE,
        };
        if self.encrypted {
            format!("{name}{}", crate::export::sealed::SEALED_SUFFIX)
        } else {
            name.to_string()
        }
    }

    /// How the bundle holds the database: a page stream from format 4 on.
    pub fn db_layout(&self) -> DbLayout {
        if self.format >= MANIFEST_FORMAT_PAGES {
            DbLayout::Pages
        } else {
            DbLayout::File
        }
    }

    /// Where the data file `file` of this bundle is stored.
    pub fn stored_data_file(&self, bundle: &Path, file: &ManifestFile) -> Result<PathBuf> {
        if self.encrypted {
            let rel = format!("{}{}", file.path, crate::export::sealed::SEALED_SUFFIX);
            match &self.key_id {
                Some(id) => resolve(&sealed_store(&shared_store_of(bundle), id)?, &rel),
                None => resolve(&bundle.join(SEALED_FILES), &rel),
            }
        } else {
            resolve(&shared_store_of(bundle), &file.path)
        }
    }
}

/// How a compressed database holds the file: the file itself (bundles of format 1 to 3
/// and the local backups), or a page stream ([`crate::export::pages`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbLayout {
    File,
    Pages,
}

/// What is wrong with one file of a bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FileProblem {
    Missing,
    Altered,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BundleIssue {
    pub path: String,
    pub problem: FileProblem,
}

/// The result of reading a bundle back: `ok` only when every file is there and matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BundleCheck {
    pub ok: bool,
    pub manifest: Manifest,
    pub issues: Vec<BundleIssue>,
    /// Bytes of the bundle and of the data files it relies on.
    pub bytes: u64,
}

/// The shared store of the target a bundle lives on.
pub fn shared_store_of(bundle: &Path) -> PathBuf {
    bundle
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(SHARED_FILES)
}

/// A manifest path resolved under `base`, refusing anything but plain names (absolute
/// paths, `..`, a drive such as `C:x`, backslashes), since a bundle may come from anywhere.
pub(crate) fn resolve(base: &Path, rel: &str) -> Result<PathBuf> {
    crate::files::join_plain(base, rel)
        .ok_or_else(|| CoreError::invalid("bundle", Reason::BundlePathRefused))
}

/// Opens a file of a bundle for reading: a link, FIFO or device is refused.
pub(crate) fn open_in_bundle(path: &Path) -> Result<File> {
    crate::files::open_regular(path, "bundle", Reason::BundleNotAFile)
}

/// The folder of the encrypted data files of key `id` in the shared store `shared`.
pub(crate) fn sealed_store(shared: &Path, id: &str) -> Result<PathBuf> {
    if id.len() != 16 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(CoreError::invalid("bundle", Reason::BundleNotABundle));
    }
    Ok(shared.join(SHARED_SEALED).join(id))
}

/// Reads the bundle's manifest; a folder without a readable one is not a bundle.
pub fn read_manifest(bundle: &Path) -> Result<Manifest> {
    let path = bundle.join(MANIFEST);
    if path.symlink_metadata().is_ok_and(|meta| !meta.is_file()) {
        return Err(CoreError::invalid("bundle", Reason::BundleNotAFile));
    }
    let bytes = match crate::files::read_bounded(
        &path,
        64 * 1024 * 1024,
        "bundle",
        Reason::BundleNotABundle,
    ) {
        Ok(bytes) => bytes,
        Err(CoreError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(CoreError::invalid("bundle", Reason::BundleNotABundle));
        }
        Err(e) => return Err(e),
    };
    let manifest: Manifest = serde_json::from_slice(&bytes)
        .map_err(|_| CoreError::invalid("bundle", Reason::BundleNotABundle))?;
    if manifest.format > MANIFEST_FORMAT_PAGES {
        return Err(CoreError::conflict(Reason::BundleTooNew));
    }
    Ok(manifest)
}

/// The size and SHA-256 of the file at `path`, streamed; `None` when it is absent. A
/// link, FIFO or device is refused, never followed nor waited on.
pub(crate) fn measure(path: &Path) -> Result<Option<(u64, String)>> {
    let mut file = match open_in_bundle(path) {
        Ok(f) => f,
        Err(CoreError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok(Some((size, hex::encode(hasher.finalize()))))
}

fn check_one(path: &Path, file: &ManifestFile, issues: &mut Vec<BundleIssue>) -> Result<u64> {
    let problem = match measure(path)? {
        None => Some(FileProblem::Missing),
        Some((size, sha)) if size != file.size || sha != file.sha256 => Some(FileProblem::Altered),
        Some(_) => None,
    };
    if let Some(problem) = problem {
        issues.push(BundleIssue {
            path: file.path.clone(),
            problem,
        });
        return Ok(0);
    }
    Ok(file.size)
}

/// A file known to match: there, with its size.
fn check_present(path: &Path, file: &ManifestFile, issues: &mut Vec<BundleIssue>) -> Result<u64> {
    let problem = match std::fs::symlink_metadata(path) {
        Ok(meta) if !meta.is_file() => {
            return Err(CoreError::invalid("bundle", Reason::BundleNotAFile))
        }
        Ok(meta) if meta.len() == file.size => None,
        Ok(_) => Some(FileProblem::Altered),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(FileProblem::Missing),
        Err(e) => return Err(e.into()),
    };
    if let Some(problem) = problem {
        issues.push(BundleIssue {
            path: file.path.clone(),
            problem,
        });
        return Ok(0);
    }
    Ok(file.size)
}

/// Reads every file of the bundle (and every shared data file it lists) back and
/// compares it with the manifest. A damaged bundle is a report, not an error; an error
/// is a folder that is no bundle at all.
pub fn check_bundle(bundle: &Path) -> Result<BundleCheck> {
    check_bundle_tracked(bundle, None, &HashSet::new())
}

/// [`check_bundle`], telling `tracker` each file read back.
/// The files in `just_read` (the bundle's own and shared data files, by their paths in
/// the manifest) were read whole on the target moments ago, by the export that is
/// checking, and matched: for them, being there with their size is enough.
pub(crate) fn check_bundle_tracked(
    bundle: &Path,
    tracker: Option<&Tracker>,
    just_read: &HashSet<String>,
) -> Result<BundleCheck> {
    let manifest = read_manifest(bundle)?;
    if let Some(tracker) = tracker {
        let all = manifest.files.iter().chain(&manifest.data_files);
        let total: u64 = all.clone().map(|f| f.size).sum();
        tracker.phase(ExportPhase::Verifying, total, all.count() as u64);
    }
    let check = |path: &Path, file: &ManifestFile, issues: &mut Vec<BundleIssue>| {
        if just_read.contains(&file.path) {
            check_present(path, file, issues)
        } else {
            check_one(path, file, issues)
        }
    };
    let tell = |file: &ManifestFile| {
        if let Some(tracker) = tracker {
            tracker.bytes(file.size);
            tracker.file_done();
        }
    };
    let db = manifest.db_file();
    let listed_db = manifest.files.iter().find(|f| f.path == db);
    let mut issues = Vec::new();
    let mut bytes = std::fs::metadata(bundle.join(MANIFEST))?.len();
    // The database, most of the bundle's bytes, is read back on a thread of its own
    // while this one reads the rest.
    let db_checked = std::thread::scope(|scope| -> Result<_> {
        let db_checked = listed_db.map(|file| {
            scope.spawn(move || -> Result<(u64, Vec<BundleIssue>)> {
                let mut issues = Vec::new();
                let bytes = check(&resolve(bundle, &file.path)?, file, &mut issues)?;
                tell(file);
                Ok((bytes, issues))
            })
        });
        for file in manifest.files.iter().filter(|f| f.path != db) {
            bytes += check(&resolve(bundle, &file.path)?, file, &mut issues)?;
            tell(file);
        }
        for file in &manifest.data_files {
            bytes += check(&manifest.stored_data_file(bundle, file)?, file, &mut issues)?;
            tell(file);
        }
        Ok(db_checked.map(|thread| {
            thread
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("the check stopped").into()))
        }))
    })?;
    match db_checked {
        Some(checked) => {
            let (db_bytes, db_issues) = checked?;
            bytes += db_bytes;
            issues.splice(0..0, db_issues);
        }
        None => issues.insert(
            0,
            BundleIssue {
                path: db,
                problem: FileProblem::Missing,
            },
        ),
    }
    Ok(BundleCheck {
        ok: issues.is_empty(),
        manifest,
        issues,
        bytes,
    })
}

/// Creates `path` with `bytes` and fsyncs it (its folder is a temporary one, renamed
/// into place as a whole).
pub(crate) fn write_synced(path: &Path, bytes: &[u8]) -> Result<ManifestFile> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(ManifestFile::stored(
        String::new(),
        bytes.len() as u64,
        crate::files::sha256_hex(bytes),
    ))
}

/// Fsyncs a folder so a rename or a new entry in it survives a power cut.
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Makes the folder `dir` and those missing between it and `base`, one level at a time
/// below `base`, which must be there: a stick pulled out mid-export is not made again as
/// a folder on the PC's own disk.
pub(crate) fn folders_below(base: &Path, dir: &Path) -> Result<()> {
    let rel = dir
        .strip_prefix(base)
        .map_err(|_| std::io::Error::other("a folder outside the export target"))?;
    if !base.is_dir() {
        return Err(std::io::Error::from(std::io::ErrorKind::NotFound).into());
    }
    let mut path = base.to_path_buf();
    for part in rel.components() {
        path.push(part);
        match std::fs::create_dir(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && path.is_dir() => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}
