//! The nouns of the end-of-day export that the store keeps: the record of a verified
//! bundle and where the shop exports.
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// How many bundles a target keeps unless the shop says otherwise.
pub const DEFAULT_KEEP_BUNDLES: u32 = 30;

/// The most bundles a shop may ask a target to keep.
pub const MAX_KEEP_BUNDLES: u32 = 3650;

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
    /// A passphrase is set: bundles are encrypted and the window asks for it.
    pub encrypted: bool,
}
