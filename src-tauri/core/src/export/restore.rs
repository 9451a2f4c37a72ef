//! Putting a shop back from a bundle or a local backup, without calling anyone: the
//! bundle is checked file by file, then the new shop is laid out beside the current one
//! ([`crate::export::staging`]: its database unpacked within bounds and checked as
//! untrusted, its files streamed, its number counters kept at the highest ever issued)
//! before anything in the data folder changes; the current data is then kept (a
//! compressed backup and the folder's files moved aside under
//! `backups/before-restore-…/`) and the new shop renamed in under a journal
//! ([`crate::restore_journal`]), so a crash leaves one shop or the other, whole. No
//! store may be open on the folder meanwhile.
use std::path::Path;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::export::backups::{
    backup_layout, backup_path, take_backup_of_file, BackupKind, BACKUPS_DIR,
};
use crate::export::bundle::{check_bundle, resolve, BundleCheck};
use crate::export::sealed::{BundleKey, Passphrase, KEY_FILE};
use crate::export::staging::{keep_counters_higher, stage_data_file, stage_database, Staging};
pub use crate::export::unpack::{unpack_database, UnpackLimit};
use crate::export::EXPORTED_SUBDIRS;
use crate::files::{self, DATA_SUBDIRS};
use crate::files::{MARKER_FILE_NAME, MARKER_TEXT};
use crate::reason::Reason;
use crate::restore_journal;
use crate::store::numbering::Counter;
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
    /// Number counters of the replaced shop that were higher than the restored one's and
    /// were kept: the next number continues after the highest ever issued.
    pub counters_kept: Vec<Counter>,
    /// The supervisor who allowed a restore asked for in the window ([`note_approval`]).
    pub approved_by: Option<String>,
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
    let manifest = &check.manifest;
    for file in &manifest.data_files {
        // Plain names only, then only into the folders an export carries.
        resolve(data_dir, &file.path)?;
        let sub = file.path.split('/').next().unwrap_or_default();
        if !EXPORTED_SUBDIRS.contains(&sub) {
            return Err(CoreError::invalid("bundle", Reason::BundleNotABundle));
        }
    }
    let db = resolve(bundle, &manifest.db_file())?;
    let needed = manifest
        .data_files
        .iter()
        .fold(manifest.db_bytes.unwrap_or(0), |sum, f| {
            sum.saturating_add(f.size)
        });
    let staging = Staging::begin(data_dir)?;
    let staged = (|| -> Result<Vec<Counter>> {
        if needed > files::free_space(data_dir)? {
            return Err(CoreError::conflict(Reason::RestoreNoSpace));
        }
        stage_database(&db, manifest.db_layout(), key, manifest.db_bytes, &staging)?;
        for file in &manifest.data_files {
            stage_data_file(bundle, manifest, file, key, &staging)?;
        }
        files::write_durably(&staging.dir().join(MARKER_FILE_NAME), MARKER_TEXT, false)?;
        keep_counters_higher(&staging.db(), &data_dir.join(DB_FILE_NAME))
    })();
    let outcome =
        staged.and_then(|counters_kept| swap_in(&staging, data_dir, now, true, counters_kept));
    if outcome.is_err() {
        staging.discard();
    }
    let mut outcome = outcome?;
    outcome.data_files = manifest.data_files.len() as u64;
    Ok(outcome)
}

/// Keeps what a restore replaces, then swaps the staged shop in under the journal: a
/// compressed backup of the database, then the database (and, for a bundle, the file
/// folders and the marker) moved under `backups/before-restore-<time>/`.
fn swap_in(
    staging: &Staging,
    data_dir: &Path,
    now: NaiveDateTime,
    with_files: bool,
    counters_kept: Vec<Counter>,
) -> Result<RestoreOutcome> {
    staging.sync()?;
    let current = data_dir.join(DB_FILE_NAME);
    restore_journal::step("safety backup");
    let safety_backup = if current.is_file() {
        Some(take_backup_of_file(&current, data_dir, BackupKind::BeforeRestore, now)?.file_name)
    } else {
        None
    };
    let mut aside: Vec<String> = ["", "-wal", "-shm"]
        .iter()
        .map(|s| format!("{DB_FILE_NAME}{s}"))
        .collect();
    if with_files {
        aside.extend(DATA_SUBDIRS.iter().map(|s| s.to_string()));
        aside.push(MARKER_FILE_NAME.to_string());
    }
    let aside: Vec<&str> = aside.iter().map(String::as_str).collect();
    let names = staging.names()?;
    let put_in: Vec<&str> = names.iter().map(String::as_str).collect();
    let folder = restore_journal::free_aside(
        data_dir,
        &format!(
            "{BACKUPS_DIR}/before-restore-{}",
            now.format("%Y%m%d-%H%M%S")
        ),
    );
    let safety_folder = restore_journal::swap(data_dir, &folder, &aside, &put_in)?;
    Ok(RestoreOutcome {
        safety_folder,
        safety_backup,
        data_files: 0,
        counters_kept,
        approved_by: None,
    })
}

/// Restores the database from a local backup of `data_dir` (by file name); the files
/// of the data folder stay, as they are only ever added to.
pub fn restore_backup(name: &str, data_dir: &Path, now: NaiveDateTime) -> Result<RestoreOutcome> {
    let path = backup_path(data_dir, name)?;
    if !path.is_file() {
        return Err(CoreError::invalid("backup", Reason::BackupUnknown));
    }
    let staging = Staging::begin(data_dir)?;
    let outcome = (|| {
        stage_database(&path, backup_layout(name), None, None, &staging)?;
        let counters_kept = keep_counters_higher(&staging.db(), &data_dir.join(DB_FILE_NAME))?;
        swap_in(&staging, data_dir, now, false, counters_kept)
    })();
    if outcome.is_err() {
        staging.discard();
    }
    outcome
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
/// Beside the request: who allowed it, for the restored shop's journal.
const APPROVAL_FILE: &str = "restore-approved-by.txt";

/// Keeps the name of the supervisor who allowed the pending restore (the window checked
/// her PIN), so the restored shop's journal says who.
pub fn note_approval(data_dir: &Path, supervisor: &str) -> Result<()> {
    files::write_durably(&data_dir.join(APPROVAL_FILE), supervisor.as_bytes(), false)
}

/// Takes (reads and removes) the name [`note_approval`] kept, if any.
fn take_approval(data_dir: &Path) -> Result<Option<String>> {
    let path = data_dir.join(APPROVAL_FILE);
    match std::fs::read(&path) {
        Ok(bytes) => {
            std::fs::remove_file(&path)?;
            let name: String = String::from_utf8_lossy(&bytes).chars().take(100).collect();
            Ok(Some(name).filter(|n| !n.trim().is_empty()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Writes the restore into the restored shop's guarded-actions journal: from where, on
/// whose approval, and the counters kept at their highest.
pub fn journal_restore(store: &Store, outcome: &RestoreOutcome, now: NaiveDateTime) -> Result<()> {
    use crate::settlement::supervision::ShopAction;
    let kept: Vec<String> = outcome
        .counters_kept
        .iter()
        .map(|c| format!("{:?} {} kept at {}", c.series, c.year, c.last))
        .collect();
    let before = outcome.safety_folder.clone().unwrap_or_default();
    let approved = outcome.approved_by.clone().unwrap_or_default();
    store.with_tx(|tx| {
        let note = crate::journal::JournalNote {
            kind: ShopAction::Restore.as_str().to_string(),
            actor: String::new(),
            approved_by: approved.clone(),
            subject: "shop".into(),
            before: before.clone(),
            after: kept.join("; "),
            reason: String::new(),
        };
        crate::store::journal::append(tx, &note, now).map(|_| ())
    })
}

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
    let approved_by = take_approval(data_dir)?;
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
    Ok(Some(RestoreOutcome {
        approved_by,
        ..outcome
    }))
}
