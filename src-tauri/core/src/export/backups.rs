//! Automatic local backups: a compressed snapshot of the database in the data folder's
//! `backups/` at the first start of each day and before a restore, kept by the rule
//! 7 daily, 4 weekly, 12 monthly and pruned, so a bad day can be undone without a stick.
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::export::bundle::{sync_dir, DbLayout};
use crate::export::moment::Moment;
use crate::export::writer::pack_pages;
use crate::files::PARTIAL_SUFFIX;
use crate::reason::Reason;
use crate::store::Store;

/// The folder of local backups inside the data folder.
pub const BACKUPS_DIR: &str = "backups";
const PREFIX: &str = "garage-desk-";
/// A backup's database as a page stream (see [`crate::export::pages`]).
const SUFFIX: &str = ".pages.zst";
/// A backup of an older app: the database file itself, zstd-compressed.
const FILE_SUFFIX: &str = ".sqlite.zst";
const STAMP: &str = "%Y%m%d-%H%M%S";

/// How many of each period the rule keeps (newest backup of each).
pub const KEEP_DAILY: usize = 7;
pub const KEEP_WEEKLY: usize = 4;
pub const KEEP_MONTHLY: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    Daily,
    BeforeRestore,
    BeforeMigration,
}

impl BackupKind {
    fn code(self) -> &'static str {
        match self {
            BackupKind::Daily => "daily",
            BackupKind::BeforeRestore => "before-restore",
            BackupKind::BeforeMigration => "before-migration",
        }
    }
}

/// One compressed snapshot in `backups/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LocalBackup {
    pub file_name: String,
    pub taken_at: NaiveDateTime,
    pub kind: BackupKind,
    pub bytes: i64,
}

fn parse_name(name: &str) -> Option<(NaiveDateTime, BackupKind)> {
    let name = name.strip_prefix(PREFIX)?;
    let rest = name
        .strip_suffix(SUFFIX)
        .or_else(|| name.strip_suffix(FILE_SUFFIX))?;
    let (stamp, kind) = rest.split_at_checked(15)?;
    let taken_at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?;
    let kind = match kind.strip_prefix('-')? {
        "daily" => BackupKind::Daily,
        "before-restore" => BackupKind::BeforeRestore,
        "before-migration" => BackupKind::BeforeMigration,
        _ => return None,
    };
    Some((taken_at, kind))
}

/// The backup file `name` inside the data folder, refusing any other path.
pub fn backup_path(data_dir: &Path, name: &str) -> Result<PathBuf> {
    if parse_name(name).is_none() {
        return Err(CoreError::invalid("backup", Reason::BackupUnknown));
    }
    Ok(data_dir.join(BACKUPS_DIR).join(name))
}

/// How the backup `name` holds the database.
pub fn backup_layout(name: &str) -> DbLayout {
    if name.ends_with(FILE_SUFFIX) {
        DbLayout::File
    } else {
        DbLayout::Pages
    }
}

/// Takes a backup of the open store.
pub fn take_backup(
    store: &Store,
    data_dir: &Path,
    kind: BackupKind,
    now: NaiveDateTime,
) -> Result<LocalBackup> {
    let moment = store.moment()?;
    write_backup(data_dir, kind, now, |packed| pack_pages(&moment, packed))
}

/// Takes a backup of a database file no store has open (before a restore replaces it).
pub fn take_backup_of_file(
    db: &Path,
    data_dir: &Path,
    kind: BackupKind,
    now: NaiveDateTime,
) -> Result<LocalBackup> {
    let moment = Moment::of_file(db)?;
    write_backup(data_dir, kind, now, |packed| pack_pages(&moment, packed))
}

fn write_backup(
    data_dir: &Path,
    kind: BackupKind,
    now: NaiveDateTime,
    pack: impl FnOnce(&Path) -> Result<()>,
) -> Result<LocalBackup> {
    let dir = data_dir.join(BACKUPS_DIR);
    std::fs::create_dir_all(&dir)?;
    let file_name = format!("{PREFIX}{}-{}{SUFFIX}", now.format(STAMP), kind.code());
    let packed = dir.join(format!("{file_name}{PARTIAL_SUFFIX}"));
    let _ = std::fs::remove_file(&packed);
    let written = (|| -> Result<u64> {
        pack(&packed)?;
        let size = std::fs::metadata(&packed)?.len();
        std::fs::rename(&packed, dir.join(&file_name))?;
        sync_dir(&dir)?;
        Ok(size)
    })();
    let _ = std::fs::remove_file(&packed);
    let size = written?;
    Ok(LocalBackup {
        file_name,
        taken_at: now,
        kind,
        bytes: i64::try_from(size).unwrap_or(i64::MAX),
    })
}

/// Takes a backup of a shop's database before a migration changes it, read through a
/// connection of its own. Dated by the file's last change (the core never reads the
/// clock).
pub(crate) fn before_migration(db: &Path) -> Result<()> {
    let Some(data_dir) = db.parent() else {
        return Ok(());
    };
    let modified = std::fs::metadata(db)?.modified()?;
    let stamp = chrono::DateTime::<chrono::Local>::from(modified).naive_local();
    let moment = Moment::of_file(db)?;
    write_backup(data_dir, BackupKind::BeforeMigration, stamp, |packed| {
        pack_pages(&moment, packed)
    })?;
    Ok(())
}

/// The local backups, newest first.
pub fn list_backups(data_dir: &Path) -> Result<Vec<LocalBackup>> {
    let entries = match std::fs::read_dir(data_dir.join(BACKUPS_DIR)) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut backups = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some((taken_at, kind)) = parse_name(&name) {
            backups.push(LocalBackup {
                file_name: name,
                taken_at,
                kind,
                bytes: i64::try_from(entry.metadata()?.len()).unwrap_or(i64::MAX),
            });
        }
    }
    backups.sort_by_key(|b| std::cmp::Reverse(b.taken_at));
    Ok(backups)
}

/// Which of `times` (newest first) the rule keeps: the newest of each of the last 7
/// days, 4 ISO weeks and 12 months that have a backup.
pub fn kept_by_rule(times: &[NaiveDateTime]) -> HashSet<usize> {
    let mut kept = HashSet::new();
    let mut keep_newest_per = |bucket: &dyn Fn(&NaiveDateTime) -> (i32, u32), how_many| {
        let mut seen = Vec::new();
        for (i, t) in times.iter().enumerate() {
            let b = bucket(t);
            if !seen.contains(&b) {
                if seen.len() == how_many {
                    break;
                }
                seen.push(b);
                kept.insert(i);
            }
        }
    };
    keep_newest_per(&|t| (t.year(), t.ordinal()), KEEP_DAILY);
    keep_newest_per(&|t| (t.iso_week().year(), t.iso_week().week()), KEEP_WEEKLY);
    keep_newest_per(&|t| (t.year(), t.month()), KEEP_MONTHLY);
    kept
}

/// Removes the backups the rule does not keep; returns their names.
pub fn prune_backups(data_dir: &Path) -> Result<Vec<String>> {
    let backups = list_backups(data_dir)?;
    let times: Vec<NaiveDateTime> = backups.iter().map(|b| b.taken_at).collect();
    let kept = kept_by_rule(&times);
    let mut removed = Vec::new();
    for (i, backup) in backups.into_iter().enumerate() {
        if !kept.contains(&i) {
            std::fs::remove_file(data_dir.join(BACKUPS_DIR).join(&backup.file_name))?;
            removed.push(backup.file_name);
        }
    }
    Ok(removed)
}

/// At each start: the day's backup of the database file `db` if there is none yet for
/// `now`'s day, then pruning. It reads through a connection of its own, so the shell runs
/// it on a thread beside the window: the first screen never waits for it.
pub fn backup_at_start(
    db: &Path,
    data_dir: &Path,
    now: NaiveDateTime,
) -> Result<Option<LocalBackup>> {
    let today = now.date();
    let has_today = list_backups(data_dir)?
        .iter()
        .any(|b| b.kind == BackupKind::Daily && b.taken_at.date() == today);
    let taken = if has_today {
        None
    } else {
        Some(take_backup_of_file(db, data_dir, BackupKind::Daily, now)?)
    };
    prune_backups(data_dir)?;
    Ok(taken)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
            .unwrap_or_default()
    }

    #[test]
    fn a_year_of_daily_backups_is_thinned_to_seven_days_four_weeks_twelve_months() {
        let start = day(2026, 12, 31);
        let times: Vec<NaiveDateTime> = (0..400)
            .map(|i| start - chrono::Duration::days(i))
            .collect();
        let kept = kept_by_rule(&times);
        for i in 0..7 {
            assert!(kept.contains(&i), "the last seven days are kept");
        }
        assert!(!kept.contains(&7) || times[7].weekday() == chrono::Weekday::Sun);
        let months: HashSet<(i32, u32)> = kept
            .iter()
            .map(|&i| (times[i].year(), times[i].month()))
            .collect();
        assert_eq!(months.len(), 12, "one backup in each of twelve months");
        assert!(
            kept.len() <= 7 + 4 + 12,
            "never more than the rule: {}",
            kept.len()
        );
    }

    #[test]
    fn a_backup_name_round_trips_and_strangers_are_refused() {
        let taken = day(2026, 11, 30) + chrono::Duration::minutes(630);
        let name = "garage-desk-20261130-183000-daily.pages.zst";
        assert_eq!(parse_name(name), Some((taken, BackupKind::Daily)));
        assert_eq!(backup_layout(name), DbLayout::Pages);
        let older = "garage-desk-20261130-183000-daily.sqlite.zst";
        assert_eq!(parse_name(older), Some((taken, BackupKind::Daily)));
        assert_eq!(
            backup_layout(older),
            DbLayout::File,
            "an older app's backup"
        );
        assert!(parse_name("garage-desk-20261130-183000-daily.zst").is_none());
        assert!(backup_path(Path::new("/d"), "../garage-desk.sqlite3").is_err());
    }
}
