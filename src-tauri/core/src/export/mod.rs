//! The end-of-day export to a USB stick or a share: one bundle per day with the
//! compressed database, CSVs a spreadsheet opens, the day's signed PDFs and a manifest,
//! the data files kept once in a shared store on the target. Written into a temporary
//! folder, each file fsynced and read back from the target as it is made durable, renamed,
//! then checked against the manifest: only a verified bundle is recorded as the day's
//! export. Also the local backups ([`backups`]) and the restore
//! ([`restore`]).
pub mod backups;
pub mod bundle;
mod csv_tables;
pub mod drives;
pub(crate) mod moment;
pub(crate) mod pages;
pub mod progress;
pub mod restore;
pub mod sealed;
mod staging;
pub mod unpack;
mod writer;

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

pub use crate::domain::day_export::{
    DayExport, ExportSettings, DEFAULT_KEEP_BUNDLES, MAX_KEEP_BUNDLES,
};
use crate::error::{CoreError, Result};
use crate::files::PARTIAL_SUFFIX;
use crate::reason::Reason;
use crate::settlement::supervision::{ShopAction, SupervisorWord};
use crate::store::{Store, DB_FILE_NAME};
use bundle::{check_bundle_tracked, BundleCounts};
use drives::{is_disk_full, is_target_lost};
use progress::{ExportControl, Tracker};
use sealed::Passphrase;

/// Every bundle folder starts with this.
pub const BUNDLE_PREFIX: &str = "GarageDesk-";
/// The data folder's file folders that an export carries (`print/` holds reprinted
/// copies, made again on demand).
pub const EXPORTED_SUBDIRS: [&str; 4] = ["photos", "signatures", "forms", "logo"];

/// What an export did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportOutcome {
    pub export: DayExport,
    pub counts: BundleCounts,
    /// Data files copied to the target's shared store this time.
    pub copied_files: u64,
    /// Data files that were already there, unchanged.
    pub reused_files: u64,
    /// Older bundles removed by the rotation.
    pub removed_bundles: Vec<String>,
    /// Nothing was written to the shop since the day's bundle on this target was made:
    /// it was read back and verified again instead of being written anew.
    pub unchanged: bool,
}

/// The shop's name as a folder-name part: pinyin for Chinese, lower-case ASCII letters
/// and digits, words joined by `-`; `shop` when nothing is left.
pub fn shop_slug(name: &str) -> String {
    use pinyin::ToPinyin;
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        } else if let Some(p) = c.to_pinyin() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            words.push(p.plain().to_string());
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let slug: String = words.join("-").chars().take(60).collect();
    let slug = slug.trim_matches('-').to_string();
    if slug.is_empty() {
        "shop".to_string()
    } else {
        slug
    }
}

/// The bundle folder's name for a shop and a day.
pub fn bundle_name(shop_name: &str, now: NaiveDateTime) -> String {
    format!(
        "{BUNDLE_PREFIX}{}-{}",
        shop_slug(shop_name),
        now.format("%Y-%m-%d")
    )
}

/// Checks the target folder: it must exist and lie outside the data folder.
pub fn check_target(data_dir: &Path, target: &Path) -> Result<PathBuf> {
    let missing = || CoreError::invalid("target", Reason::ExportTargetMissing);
    let target = target.canonicalize().map_err(|_| missing())?;
    if !target.is_dir() {
        return Err(missing());
    }
    if let Ok(data) = data_dir.canonicalize() {
        if target.starts_with(&data) {
            return Err(CoreError::invalid("target", Reason::ExportTargetInsideData));
        }
    }
    Ok(target)
}

/// Removes what an export killed half-way left on the target; returns how many.
pub fn clean_partial_bundles(target: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(target) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(BUNDLE_PREFIX)
            && name.ends_with(PARTIAL_SUFFIX)
            && std::fs::remove_dir_all(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Sets (or, with `None`, removes) the export passphrase: only its verifier is kept.
///
/// Once the shop has a passphrase, removing or changing it takes the old one or the
/// supervisor's `word`: otherwise the next bundle could be written in clear, or under a
/// passphrase the shop does not know. A wrong old passphrase is refused as such.
pub fn set_export_passphrase(
    store: &Store,
    passphrase: Option<&Passphrase>,
    old: Option<&Passphrase>,
    word: Option<&SupervisorWord>,
    now: NaiveDateTime,
) -> Result<()> {
    let current = store.export_passphrase_verifier()?;
    let action = match (&current, old) {
        (None, _) => None,
        (Some(verifier), Some(old)) => {
            if !sealed::passphrase_matches(verifier, old) {
                return Err(CoreError::invalid(
                    "oldPassphrase",
                    Reason::ExportPassphraseMismatch,
                ));
            }
            None
        }
        (Some(_), None) => Some(ShopAction::ChangeExportPassphrase),
    };
    let boss = store.supervisor_for(action, word, now)?;
    let verifier = passphrase.map(sealed::passphrase_verifier).transpose()?;
    store.save_export_passphrase_verifier(
        verifier.as_deref(),
        current.is_some(),
        boss.as_ref(),
        now,
    )
}

/// The passphrase to export with: when the shop set one, the one typed must be it
/// (else `export.passphrase_mismatch`, so a scheduled export cannot drift to another);
/// when it set none, whatever was typed (the command line's `--passphrase-file`).
pub fn export_passphrase(store: &Store, typed: Option<Passphrase>) -> Result<Option<Passphrase>> {
    match (store.export_passphrase_verifier()?, typed) {
        (None, typed) => Ok(typed),
        (Some(verifier), Some(typed)) if sealed::passphrase_matches(&verifier, &typed) => {
            Ok(Some(typed))
        }
        (Some(_), _) => Err(CoreError::invalid(
            "passphrase",
            Reason::ExportPassphraseMismatch,
        )),
    }
}

/// What to export where.
pub struct ExportRequest<'a> {
    pub target: &'a Path,
    /// How many bundles the target keeps.
    pub keep: u32,
    /// Encrypts the bundle's contents with this passphrase (age, scrypt).
    pub passphrase: Option<&'a Passphrase>,
    pub now: NaiveDateTime,
}

/// Exports the shop to `target` as the bundle of `now`'s day, in clear, silently (the
/// command line and the tests); see [`export_day_with`].
pub fn export_day(
    store: &Store,
    data_dir: &Path,
    target: &Path,
    keep: u32,
    now: NaiveDateTime,
) -> Result<ExportOutcome> {
    let request = ExportRequest {
        target,
        keep,
        passphrase: None,
        now,
    };
    export_day_with(store, data_dir, &request, ExportControl::silent())
}

/// Exports the shop as the bundle of the request's day, reads it back, records it and
/// rotates the target down to `keep` bundles, telling `control` how far it is. A full
/// disk is `export.target_full`, a cancel `export.cancelled`; whatever fails, the
/// temporary folder is removed and nothing is recorded.
pub fn export_day_with(
    store: &Store,
    data_dir: &Path,
    request: &ExportRequest<'_>,
    control: ExportControl<'_>,
) -> Result<ExportOutcome> {
    let target = check_target(data_dir, request.target)?;
    clean_partial_bundles(&target);
    let shop_name = store.get_settings()?.shop_name;
    let name = bundle_name(&shop_name, request.now);
    let tracker = Tracker::new(control);
    if let Some(outcome) = confirm_unchanged(store, &target, &name, request, &tracker)? {
        return Ok(outcome);
    }
    let partial = target.join(format!("{name}{PARTIAL_SUFFIX}"));
    let job = writer::Job {
        store,
        data_dir,
        target: &target,
        partial: &partial,
        shop_name: &shop_name,
        now: request.now,
        passphrase: request.passphrase,
    };
    // The last moment a cancel is honoured: the bundle has not replaced anything yet.
    let written = writer::write_bundle(&job, &tracker).and_then(|done| {
        tracker.go_on()?;
        Ok(done)
    });
    let writer::Written {
        counts,
        copied: copied_files,
        reused: reused_files,
        just_read,
    } = match written {
        Ok(done) => done,
        Err(e) => {
            let lost = is_target_lost(&e, &target, &partial);
            let _ = std::fs::remove_dir_all(&partial);
            return Err(if tracker.is_cancelled() {
                CoreError::conflict(Reason::ExportCancelled)
            } else if is_disk_full(&e) {
                CoreError::conflict(Reason::ExportTargetFull)
            } else if lost {
                CoreError::conflict(Reason::ExportTargetLost)
            } else {
                e
            });
        }
    };
    let bundle = target.join(&name);
    writer::put_in_place(&partial, &bundle).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&partial);
    })?;
    // A stick that fails while it is read back holds no export to count on.
    let check = check_bundle_tracked(&bundle, Some(&tracker), &just_read).map_err(|e| {
        if is_target_lost(&e, &target, &bundle) {
            CoreError::conflict(Reason::ExportTargetLost)
        } else if matches!(e, CoreError::Io(_)) {
            CoreError::conflict(Reason::ExportVerifyFailed)
        } else {
            e
        }
    })?;
    if !check.ok {
        return Err(CoreError::conflict(Reason::ExportVerifyFailed));
    }
    let (export, removed_bundles) = record_verified(store, &bundle, &check, request)?;
    Ok(ExportOutcome {
        export,
        counts,
        copied_files,
        reused_files,
        removed_bundles,
        unchanged: false,
    })
}

/// A second export of the day with nothing written since the first: the bundle already
/// on the target is read back and checked again (the stick may have gone bad), and if
/// it still matches its manifest it is the day's export once more. `None` when anything
/// changed or the bundle does not check out: then a new one is written.
fn confirm_unchanged(
    store: &Store,
    target: &Path,
    name: &str,
    request: &ExportRequest<'_>,
    tracker: &Tracker<'_>,
) -> Result<Option<ExportOutcome>> {
    let bundle = target.join(name);
    if store.unchanged_since_export()?.as_deref() != Some(bundle.as_path()) {
        return Ok(None);
    }
    let check = match check_bundle_tracked(&bundle, Some(tracker), &Default::default()) {
        Ok(check) if check.ok && check.manifest.encrypted == request.passphrase.is_some() => check,
        _ => return Ok(None),
    };
    let (export, removed_bundles) = record_verified(store, &bundle, &check, request)?;
    Ok(Some(ExportOutcome {
        export,
        counts: check.manifest.counts,
        copied_files: 0,
        reused_files: check.manifest.data_files.len() as u64,
        removed_bundles,
        unchanged: true,
    }))
}

/// Records `bundle`, read back and found whole (`check`), as the day's export, remembers
/// where the store stood, and rotates the target; the record and the bundles removed.
fn record_verified(
    store: &Store,
    bundle: &Path,
    check: &bundle::BundleCheck,
    request: &ExportRequest<'_>,
) -> Result<(DayExport, Vec<String>)> {
    let export = DayExport {
        exported_at: request.now,
        day: check.manifest.day.clone(),
        bundle_path: bundle.to_string_lossy().into_owned(),
        bundle_bytes: i64::try_from(check.bytes).unwrap_or(i64::MAX),
        files: (check.manifest.files.len() + check.manifest.data_files.len() + 1) as i64,
        verified: true,
    };
    store.record_day_export(&export)?;
    store.mark_exported(bundle)?;
    let (target, name) = match (bundle.parent(), bundle.file_name()) {
        (Some(target), Some(name)) => (target, name.to_string_lossy()),
        _ => return Err(std::io::Error::other("a bundle without a folder").into()),
    };
    let removed = rotate(target, &check.manifest.shop_name, &name, request.keep)?;
    Ok((export, removed))
}

/// Keeps the newest `keep` bundles of the shop on the target (by day, in the name);
/// `newest` (the bundle just verified) is never removed.
fn rotate(target: &Path, shop_name: &str, newest: &str, keep: u32) -> Result<Vec<String>> {
    let prefix = format!("{BUNDLE_PREFIX}{}-", shop_slug(shop_name));
    let mut bundles: Vec<String> = std::fs::read_dir(target)?
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.strip_prefix(&prefix)
                .is_some_and(|day| chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok())
        })
        .collect();
    bundles.sort_by(|a, b| b.cmp(a));
    let keep = keep.max(1) as usize;
    let mut removed = Vec::new();
    for name in bundles.into_iter().skip(keep) {
        if name != newest {
            std::fs::remove_dir_all(target.join(&name))?;
            removed.push(name);
        }
    }
    Ok(removed)
}

/// Whether the shop's data is exported up to its last working day: the last verified
/// export must be of `last_working_day` or later.
pub fn export_overdue(last: Option<&DayExport>, last_working_day: chrono::NaiveDate) -> bool {
    match last {
        None => true,
        Some(export) => export.exported_at.date() < last_working_day,
    }
}

/// The shop's last working day before `now`: the day before (the shop's opening days
/// are not a setting yet).
pub fn last_working_day(now: NaiveDateTime) -> chrono::NaiveDate {
    now.date().pred_opt().unwrap_or(now.date())
}

/// What the end-of-day panel and the Today banner show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportStatus {
    pub settings: ExportSettings,
    pub last: Option<DayExport>,
    /// No verified export since the last working day: Today shows its banner.
    pub overdue: bool,
    pub backups: Vec<backups::LocalBackup>,
}

pub fn export_status(store: &Store, data_dir: &Path, now: NaiveDateTime) -> Result<ExportStatus> {
    let last = store.last_verified_export()?;
    Ok(ExportStatus {
        settings: store.export_settings()?,
        overdue: export_overdue(last.as_ref(), last_working_day(now)),
        last,
        backups: backups::list_backups(data_dir)?,
    })
}

/// The database file of a data folder.
pub fn db_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DB_FILE_NAME)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chinese_shop_name_becomes_a_pinyin_folder_name() {
        assert_eq!(
            shop_slug("顺达汽修 Shunda Auto"),
            "shun-da-qi-xiu-shunda-auto"
        );
        assert_eq!(shop_slug(""), "shop");
        assert_eq!(shop_slug("../../etc"), "etc");
    }

    #[test]
    fn the_day_is_overdue_without_an_export_of_the_last_working_day() {
        let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default();
        let export = |d| DayExport {
            exported_at: day(d).and_hms_opt(18, 0, 0).unwrap_or_default(),
            day: String::new(),
            bundle_path: String::new(),
            bundle_bytes: 0,
            files: 0,
            verified: true,
        };
        assert!(export_overdue(None, day(27)));
        assert!(export_overdue(Some(&export(26)), day(27)));
        assert!(!export_overdue(Some(&export(27)), day(27)));
    }
}
