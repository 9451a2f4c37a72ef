//! The end-of-day export to a USB stick or a share: one bundle per day with the
//! compressed database, CSVs a spreadsheet opens, the day's signed PDFs and a manifest,
//! the data files kept once in a shared store on the target. Written into a temporary
//! folder, fsynced, renamed, then read back and checked: only a verified bundle is
//! recorded as the day's export. Also the local backups ([`backups`]) and the restore
//! ([`restore`]).
pub mod backups;
pub mod bundle;
mod csv_tables;
pub mod restore;

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::files::{self, PARTIAL_SUFFIX};
use crate::reason::Reason;
use crate::store::{Store, DB_FILE_NAME};
use bundle::{
    check_bundle, is_disk_full, sync_dir, write_synced, BundleCounts, Manifest, ManifestFile,
    DB_IN_BUNDLE, MANIFEST, MANIFEST_FORMAT, SHARED_FILES,
};

/// How many bundles a target keeps unless the shop says otherwise.
pub const DEFAULT_KEEP_BUNDLES: u32 = 30;
/// The most bundles a shop may ask a target to keep.
pub const MAX_KEEP_BUNDLES: u32 = 3650;
/// Every bundle folder starts with this.
pub const BUNDLE_PREFIX: &str = "GarageDesk-";
/// The data folder's file folders that an export carries (`print/` holds reprinted
/// copies, made again on demand).
pub const EXPORTED_SUBDIRS: [&str; 4] = ["photos", "signatures", "forms", "logo"];

/// A bundle written, read back and found whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DayExport {
    pub exported_at: NaiveDateTime,
    /// The day exported, `YYYY-MM-DD`.
    pub day: String,
    pub bundle_path: String,
    pub bundle_bytes: i64,
    pub files: i64,
    pub verified: bool,
}

/// Where the shop exports and how many bundles the target keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportSettings {
    pub target: Option<String>,
    pub keep_bundles: u32,
}

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

/// Exports the shop to `target` as the bundle of `now`'s day, reads it back, records it
/// and rotates the target down to `keep` bundles. A full disk is `export.target_full`;
/// whatever fails, the temporary folder is removed and nothing is recorded.
pub fn export_day(
    store: &Store,
    data_dir: &Path,
    target: &Path,
    keep: u32,
    now: NaiveDateTime,
) -> Result<ExportOutcome> {
    let target = check_target(data_dir, target)?;
    clean_partial_bundles(&target);
    let shop_name = store.get_settings()?.shop_name;
    let name = bundle_name(&shop_name, now);
    let partial = target.join(format!("{name}{PARTIAL_SUFFIX}"));
    let snapshot = data_dir.join(format!(".export-snapshot{PARTIAL_SUFFIX}"));
    let written = write_bundle(
        store, data_dir, &target, &partial, &snapshot, &shop_name, now,
    );
    let _ = std::fs::remove_file(&snapshot);
    let (counts, copied_files, reused_files) = match written {
        Ok(done) => done,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&partial);
            return Err(if is_disk_full(&e) {
                CoreError::conflict(Reason::ExportTargetFull)
            } else {
                e
            });
        }
    };
    let bundle = target.join(&name);
    put_in_place(&partial, &bundle).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&partial);
    })?;
    let check = check_bundle(&bundle)?;
    if !check.ok {
        return Err(CoreError::conflict(Reason::ExportVerifyFailed));
    }
    let export = DayExport {
        exported_at: now,
        day: check.manifest.day.clone(),
        bundle_path: bundle.to_string_lossy().into_owned(),
        bundle_bytes: i64::try_from(check.bytes).unwrap_or(i64::MAX),
        files: (check.manifest.files.len() + check.manifest.data_files.len() + 1) as i64,
        verified: true,
    };
    store.record_day_export(&export)?;
    let removed_bundles = rotate(&target, &shop_name, &name, keep)?;
    Ok(ExportOutcome {
        export,
        counts,
        copied_files,
        reused_files,
        removed_bundles,
    })
}

fn write_bundle(
    store: &Store,
    data_dir: &Path,
    target: &Path,
    partial: &Path,
    snapshot: &Path,
    shop_name: &str,
    now: NaiveDateTime,
) -> Result<(BundleCounts, u64, u64)> {
    std::fs::create_dir(partial)?;
    let _ = std::fs::remove_file(snapshot);
    store.snapshot_into(snapshot)?;
    let mut files = Vec::new();
    let mut db = compress_into(snapshot, &partial.join(DB_IN_BUNDLE))?;
    db.path = DB_IN_BUNDLE.to_string();
    files.push(db);

    let day = now.format("%Y-%m-%d").to_string();
    let tables = csv_tables::write_tables(snapshot, data_dir, partial, &day)?;
    files.extend(tables.files);
    let mut counts = tables.counts;

    let shared = target.join(SHARED_FILES);
    let (data_files, copied, reused) = copy_data_files(data_dir, &shared)?;
    counts.data_files = data_files.len() as u64;
    let manifest = Manifest {
        format: MANIFEST_FORMAT,
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        schema_version: Store::schema_version(),
        shop_name: shop_name.to_string(),
        day,
        created_at: now,
        counts,
        files,
        data_files,
    };
    let json = serde_json::to_vec_pretty(&manifest).map_err(std::io::Error::other)?;
    write_synced(&partial.join(MANIFEST), &json)?;
    for sub in ["", csv_tables::CSV_DIR, csv_tables::SIGNED_DIR] {
        let dir = partial.join(sub);
        if dir.is_dir() {
            sync_dir(&dir)?;
        }
    }
    Ok((counts, copied, reused))
}

/// Compresses the file `from` into `to` (zstd), fsynced.
pub(crate) fn compress_into(from: &Path, to: &Path) -> Result<ManifestFile> {
    let input = std::fs::File::open(from)?;
    let output = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(to)?;
    let mut encoder = zstd::stream::Encoder::new(output, 3)?;
    std::io::copy(&mut std::io::BufReader::new(input), &mut encoder)?;
    let output = encoder.finish()?;
    output.sync_all()?;
    drop(output);
    let (size, sha256) =
        bundle::measure(to)?.ok_or_else(|| std::io::Error::other("compressed file vanished"))?;
    Ok(ManifestFile {
        path: String::new(),
        size,
        sha256,
    })
}

/// Copies the data files into the target's shared store, only those not already there
/// with the same content; returns them with how many were copied and reused.
fn copy_data_files(data_dir: &Path, shared: &Path) -> Result<(Vec<ManifestFile>, u64, u64)> {
    let mut listed = Vec::new();
    let (mut copied, mut reused) = (0, 0);
    for sub in EXPORTED_SUBDIRS {
        let entries = match std::fs::read_dir(data_dir.join(sub)) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e.into()),
        };
        let mut names: Vec<String> = Vec::new();
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.file_type()?.is_file() && !name.ends_with(PARTIAL_SUFFIX) {
                names.push(name);
            }
        }
        names.sort();
        for name in names {
            let bytes = std::fs::read(data_dir.join(sub).join(&name))?;
            let sha256 = files::sha256_hex(&bytes);
            let dir = shared.join(sub);
            if files::file_hash(&dir.join(&name))?.as_deref() == Some(sha256.as_str()) {
                reused += 1;
            } else {
                files::write_durably(&dir.join(&name), &bytes, true)?;
                copied += 1;
            }
            listed.push(ManifestFile {
                path: format!("{sub}/{name}"),
                size: bytes.len() as u64,
                sha256,
            });
        }
    }
    Ok((listed, copied, reused))
}

/// Renames the finished temporary folder into place (replacing an earlier bundle of the
/// same day only once the new one is whole) and fsyncs the target.
fn put_in_place(partial: &Path, bundle: &Path) -> Result<()> {
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
