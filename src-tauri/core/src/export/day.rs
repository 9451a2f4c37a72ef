//! The day's export as one use case: the bundle written into a temporary folder (or the
//! day's bundle already on the target checked again when nothing changed), renamed into
//! place, read back against its manifest, and only then recorded and the target rotated.
//! Whatever fails, the temporary folder goes and nothing is recorded.
use std::path::Path;

use chrono::NaiveDateTime;

use super::bundle::{self, check_bundle_tracked};
use super::drives::{is_disk_full, is_target_lost};
use super::progress::{ExportControl, Tracker};
use super::sealed::Passphrase;
use super::target::{bundle_name, check_target, clean_partial_bundles, rotate};
use super::{writer, DayExport, ExportOutcome};
use crate::error::{CoreError, Result};
use crate::files::PARTIAL_SUFFIX;
use crate::reason::Reason;
use crate::store::Store;

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
    // The export closes the day: its figures are frozen as handed in (once).
    if let Ok(day) = chrono::NaiveDate::parse_from_str(&export.day, "%Y-%m-%d") {
        store.freeze_day(day, request.now)?;
    }
    store.record_day_export(&export)?;
    store.mark_exported(bundle)?;
    let (target, name) = match (bundle.parent(), bundle.file_name()) {
        (Some(target), Some(name)) => (target, name.to_string_lossy()),
        _ => return Err(std::io::Error::other("a bundle without a folder").into()),
    };
    let removed = rotate(target, &check.manifest.shop_name, &name, request.keep)?;
    Ok((export, removed))
}
