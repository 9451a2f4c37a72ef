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
mod day;
pub mod drives;
pub(crate) mod moment;
pub(crate) mod pages;
mod passphrase;
pub mod progress;
pub mod restore;
pub mod sealed;
mod staging;
mod status;
mod target;
pub mod unpack;
mod writer;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use crate::domain::day_export::{
    DayExport, ExportSettings, DEFAULT_KEEP_BUNDLES, MAX_KEEP_BUNDLES,
};
use crate::store::DB_FILE_NAME;
use bundle::BundleCounts;

pub use day::{export_day, export_day_with, ExportRequest};
pub use passphrase::{export_passphrase, set_export_passphrase};
pub use status::{export_overdue, export_status, last_working_day, ExportStatus};
pub use target::{bundle_name, check_target, clean_partial_bundles, shop_slug};

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

/// The database file of a data folder.
pub fn db_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DB_FILE_NAME)
}
