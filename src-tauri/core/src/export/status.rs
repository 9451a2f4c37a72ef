//! Whether the shop is exported up to its last working day, and what the end-of-day
//! panel and the Today banner show: the settings, the last verified export, the local
//! backups.
use std::path::Path;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{backups, DayExport, ExportSettings};
use crate::error::Result;
use crate::store::Store;

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

#[cfg(test)]
mod tests {
    use super::*;

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
