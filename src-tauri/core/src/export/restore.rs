//! Putting a shop back from a bundle or a local backup, without calling anyone: the
//! bundle is checked file by file and its database opened and checked before anything
//! in the data folder changes; the current data is first kept (a compressed backup and
//! the folder's files moved aside under `backups/before-restore-…/`), then the database
//! and the data files are put in place. No store may be open on the folder meanwhile.
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::export::backups::{
    backup_layout, backup_path, take_backup_of_file, BackupKind, BACKUPS_DIR,
};
use crate::export::bundle::{check_bundle, resolve, sync_dir, BundleCheck, DbLayout};
use crate::export::sealed::{BundleKey, Passphrase, KEY_FILE};
use crate::export::EXPORTED_SUBDIRS;
use crate::files::{self, DATA_SUBDIRS, PARTIAL_SUFFIX};
use crate::reason::Reason;
use crate::shop_folder::MARKER_FILE_NAME;
use crate::store::{Store, DB_FILE_NAME};
use age::secrecy::ExposeSecret;

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RestoreOutcome {
    /// Where the data that was replaced now lies, if there was any.
    pub safety_folder: Option<String>,
    /// The compressed backup of the replaced database, if there was one.
    pub safety_backup: Option<String>,
    pub data_files: u64,
}

/// Whether the data folder holds a shop that a restore would replace (the CLI asks
/// first then).
pub fn holds_a_shop(data_dir: &Path) -> Result<bool> {
    Ok(data_dir.join(DB_FILE_NAME).try_exists()? || crate::shop_folder::was_used_before(data_dir)?)
}

/// Checks a bundle for a restore: whole, and not from a newer schema than this app's.
pub fn check_for_restore(bundle: &Path) -> Result<BundleCheck> {
    let check = check_bundle(bundle)?;
    if check.manifest.schema_version > Store::schema_version() {
        return Err(CoreError::conflict(Reason::BundleTooNew));
    }
    if !check.ok {
        return Err(CoreError::conflict(Reason::BundleDamaged));
    }
    Ok(check)
}

/// The key of an encrypted bundle, opened with the passphrase: `None` for a bundle in
/// clear; `bundle.passphrase_required` without one, `bundle.wrong_passphrase` when it
/// does not open the bundle. Nothing changes either way.
pub fn unlock_bundle(
    bundle: &Path,
    check: &BundleCheck,
    passphrase: Option<&Passphrase>,
) -> Result<Option<BundleKey>> {
    if !check.manifest.encrypted {
        return Ok(None);
    }
    let Some(passphrase) = passphrase else {
        return Err(CoreError::invalid(
            "passphrase",
            Reason::BundlePassphraseRequired,
        ));
    };
    BundleKey::open(&bundle.join(KEY_FILE), passphrase).map(Some)
}

/// Restores the shop from `bundle` (in clear) into `data_dir`.
pub fn restore_bundle(
    bundle: &Path,
    data_dir: &Path,
    now: NaiveDateTime,
) -> Result<RestoreOutcome> {
    restore_bundle_with(bundle, None, data_dir, now)
}

/// Restores the shop from `bundle` into `data_dir`, opening it with `passphrase` when
/// it is encrypted.
pub fn restore_bundle_with(
    bundle: &Path,
    passphrase: Option<&Passphrase>,
    data_dir: &Path,
    now: NaiveDateTime,
) -> Result<RestoreOutcome> {
    let check = check_for_restore(bundle)?;
    let key = unlock_bundle(bundle, &check, passphrase)?;
    restore_checked(bundle, &check, key.as_ref(), data_dir, now)
}

fn restore_checked(
    bundle: &Path,
    check: &BundleCheck,
    key: Option<&BundleKey>,
    data_dir: &Path,
    now: NaiveDateTime,
) -> Result<RestoreOutcome> {
    if check.manifest.encrypted != key.is_some() {
        return Err(CoreError::invalid(
            "passphrase",
            Reason::BundlePassphraseRequired,
        ));
    }
    for file in &check.manifest.data_files {
        let sub = file.path.split('/').next().unwrap_or_default();
        if !EXPORTED_SUBDIRS.contains(&sub) {
            return Err(CoreError::invalid("bundle", Reason::BundleNotABundle));
        }
    }
    std::fs::create_dir_all(data_dir)?;
    let db = resolve(bundle, &check.manifest.db_file())?;
    let staged = stage_database(&db, check.manifest.db_layout(), key, data_dir)?;
    let (safety_folder, safety_backup) = keep_current(data_dir, now, true)?;
    let put_back = (|| -> Result<()> {
        for file in &check.manifest.data_files {
            let stored = std::fs::read(check.manifest.stored_data_file(bundle, file)?)?;
            // Read again since the check: the stick may have changed under us.
            if files::sha256_hex(&stored) != file.sha256 {
                return Err(CoreError::conflict(Reason::BundleDamaged));
            }
            let bytes = match key {
                Some(key) => {
                    let bytes = key.unseal_bytes(&stored)?;
                    if Some(files::sha256_hex(&bytes)) != file.plain_sha256 {
                        return Err(CoreError::conflict(Reason::BundleDamaged));
                    }
                    bytes
                }
                None => stored,
            };
            files::write_durably(&resolve(data_dir, &file.path)?, &bytes, true)?;
        }
        put_database(&staged, data_dir)
    })();
    if let Err(e) = put_back {
        // The stick was pulled or changed half-way: the shop goes back as it was.
        let _ = std::fs::remove_file(&staged);
        if let Some(aside) = &safety_folder {
            undo(data_dir, Path::new(aside));
        }
        return Err(e);
    }
    Ok(RestoreOutcome {
        safety_folder,
        safety_backup,
        data_files: check.manifest.data_files.len() as u64,
    })
}

/// Restores the database from a local backup of `data_dir` (by file name); the files
/// of the data folder stay, as they are only ever added to.
pub fn restore_backup(name: &str, data_dir: &Path, now: NaiveDateTime) -> Result<RestoreOutcome> {
    let path = backup_path(data_dir, name)?;
    if !path.is_file() {
        return Err(CoreError::invalid("backup", Reason::BackupUnknown));
    }
    let staged = stage_database(&path, backup_layout(name), None, data_dir)?;
    let (safety_folder, safety_backup) = keep_current(data_dir, now, false)?;
    put_database(&staged, data_dir)?;
    Ok(RestoreOutcome {
        safety_folder,
        safety_backup,
        data_files: 0,
    })
}

/// Decompresses a database next to the live one and checks it opens, is sound and is
/// not from a newer schema, before anything is replaced.
fn stage_database(
    compressed: &Path,
    layout: DbLayout,
    key: Option<&BundleKey>,
    data_dir: &Path,
) -> Result<PathBuf> {
    let staged = data_dir.join(format!("{DB_FILE_NAME}.restore{PARTIAL_SUFFIX}"));
    let _ = std::fs::remove_file(&staged);
    let result = (|| {
        let mut output = std::fs::File::create(&staged)?;
        unpack_database(compressed, layout, key, &mut output)?;
        output.sync_all()?;
        let conn = Connection::open_with_flags(&staged, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|_| CoreError::conflict(Reason::BundleDamaged))?;
        if integrity != "ok" {
            return Err(CoreError::conflict(Reason::BundleDamaged));
        }
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > Store::schema_version() {
            return Err(CoreError::conflict(Reason::BundleTooNew));
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&staged);
        return Err(e);
    }
    Ok(staged)
}

/// Writes the database a compressed one (`layout`; with `key`, encrypted) holds into
/// `out`, an empty file. What does not decompress, decrypt or unpack is damaged.
pub fn unpack_database(
    compressed: &Path,
    layout: DbLayout,
    key: Option<&BundleKey>,
    out: &mut std::fs::File,
) -> Result<()> {
    let input = std::fs::File::open(compressed)?;
    let input: Box<dyn std::io::Read> = match key {
        Some(key) => Box::new(key.unseal(input)?),
        None => Box::new(input),
    };
    let decoder = zstd::stream::Decoder::new(input)
        .map_err(|_| CoreError::conflict(Reason::BundleDamaged))?;
    match layout {
        DbLayout::File => {
            let mut decoder = decoder;
            std::io::copy(&mut decoder, out)
                .map_err(|_| CoreError::conflict(Reason::BundleDamaged))?;
            Ok(())
        }
        DbLayout::Pages => crate::export::pages::unpack_page_stream(decoder, out),
    }
}

/// Keeps what a restore replaces: a compressed backup of the database, then the
/// database (and, for a bundle, the file folders) moved under
/// `backups/before-restore-<time>/`.
fn keep_current(
    data_dir: &Path,
    now: NaiveDateTime,
    with_files: bool,
) -> Result<(Option<String>, Option<String>)> {
    let db = data_dir.join(DB_FILE_NAME);
    let backup = if db.is_file() {
        Some(take_backup_of_file(&db, data_dir, BackupKind::BeforeRestore, now)?.file_name)
    } else {
        None
    };
    let aside = data_dir
        .join(BACKUPS_DIR)
        .join(format!("before-restore-{}", now.format("%Y%m%d-%H%M%S")));
    let mut names: Vec<String> = ["", "-wal", "-shm"]
        .iter()
        .map(|s| format!("{DB_FILE_NAME}{s}"))
        .collect();
    if with_files {
        names.extend(DATA_SUBDIRS.iter().map(|s| s.to_string()));
        names.push(MARKER_FILE_NAME.to_string());
    }
    let mut moved = false;
    for name in names {
        let from = data_dir.join(&name);
        if from.symlink_metadata().is_ok() {
            std::fs::create_dir_all(&aside)?;
            std::fs::rename(&from, aside.join(&name))?;
            moved = true;
        }
    }
    sync_dir(data_dir)?;
    Ok((moved.then(|| aside.to_string_lossy().into_owned()), backup))
}

/// Puts back what [`keep_current`] moved aside, after a restore that failed half-way.
fn undo(data_dir: &Path, aside: &Path) {
    let Ok(entries) = std::fs::read_dir(aside) else {
        return;
    };
    for entry in entries.flatten() {
        let to = data_dir.join(entry.file_name());
        if to.is_dir() {
            let _ = std::fs::remove_dir_all(&to);
        } else {
            let _ = std::fs::remove_file(&to);
        }
        let _ = std::fs::rename(entry.path(), &to);
    }
    let _ = std::fs::remove_dir(aside);
    let _ = sync_dir(data_dir);
}

fn put_database(staged: &Path, data_dir: &Path) -> Result<()> {
    std::fs::rename(staged, data_dir.join(DB_FILE_NAME))?;
    sync_dir(data_dir)
}

/// What the window asked to restore: done at the next start, before the store opens,
/// since the running app holds the database open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum RestoreRequest {
    /// `key`: an encrypted bundle's key, opened by the passphrase when the restore was
    /// asked for; kept only in the data folder (which holds the shop in clear) until the
    /// next start, never the passphrase.
    Bundle {
        path: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key: Option<String>,
    },
    Backup {
        file_name: String,
    },
}

const REQUEST_FILE: &str = "restore-request.json";

/// Checks the source now (so the window can refuse at once) and leaves the request for
/// the next start.
pub fn request_restore(data_dir: &Path, request: &RestoreRequest) -> Result<()> {
    match request {
        RestoreRequest::Bundle { path, key } => {
            let check = check_for_restore(Path::new(path))?;
            if check.manifest.encrypted != key.is_some() {
                return Err(CoreError::invalid(
                    "passphrase",
                    Reason::BundlePassphraseRequired,
                ));
            }
        }
        RestoreRequest::Backup { file_name } => {
            if !backup_path(data_dir, file_name)?.is_file() {
                return Err(CoreError::invalid("backup", Reason::BackupUnknown));
            }
        }
    }
    let json = serde_json::to_vec(request).map_err(std::io::Error::other)?;
    files::write_durably(&data_dir.join(REQUEST_FILE), &json, false)
}

/// Checks a bundle, opens it with `passphrase` when it is encrypted, and leaves its
/// restore for the next start (with the bundle's key, never the passphrase).
pub fn request_bundle_restore(
    data_dir: &Path,
    bundle: &Path,
    passphrase: Option<&Passphrase>,
) -> Result<()> {
    let check = check_for_restore(bundle)?;
    let key = unlock_bundle(bundle, &check, passphrase)?;
    let request = RestoreRequest::Bundle {
        path: bundle.to_string_lossy().into_owned(),
        key: key.map(|k| k.to_text().expose_secret().to_string()),
    };
    request_restore(data_dir, &request)
}

/// Carries out a restore the window asked for, if any; the request is removed whatever
/// the outcome, so a bad bundle cannot stop the app from starting.
pub fn apply_pending_restore(
    data_dir: &Path,
    now: NaiveDateTime,
) -> Result<Option<RestoreOutcome>> {
    let path = data_dir.join(REQUEST_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    std::fs::remove_file(&path)?;
    let request: RestoreRequest = serde_json::from_slice(&bytes)
        .map_err(|_| CoreError::invalid("bundle", Reason::BundleNotABundle))?;
    let outcome = match request {
        RestoreRequest::Bundle { path, key } => {
            let bundle = Path::new(&path);
            let check = check_for_restore(bundle)?;
            let key = key.as_deref().map(BundleKey::from_text).transpose()?;
            restore_checked(bundle, &check, key.as_ref(), data_dir, now)?
        }
        RestoreRequest::Backup { file_name } => restore_backup(&file_name, data_dir, now)?,
    };
    Ok(Some(outcome))
}
