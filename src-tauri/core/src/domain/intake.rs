//! The nouns of the intake that the work order prints and the rules check: damage marks'
//! kinds, the dashboard's warning lights, the documents handed over, who signs.
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use base64::Engine;

use crate::domain::walkaround::Label;
use crate::error::{CoreError, Result};
use crate::i18n::FormLang;
use crate::ids::{ArchivedFormId, WorkOrderId};
use crate::reason::Reason;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DamageKind {
    Scratch,
    Dent,
    Crack,
    Chip,
    Missing,
    Rust,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum WarningLight {
    CheckEngine,
    Abs,
    Airbag,
    OilPressure,
    Battery,
    Brake,
    TyrePressure,
    CoolantTemp,
}

impl WarningLight {
    pub const ALL: [WarningLight; 8] = [
        WarningLight::CheckEngine,
        WarningLight::Abs,
        WarningLight::Airbag,
        WarningLight::OilPressure,
        WarningLight::Battery,
        WarningLight::Brake,
        WarningLight::TyrePressure,
        WarningLight::CoolantTemp,
    ];

    /// The snake_case name, also the icon file name under `assets/icons/warning-lights/`.
    pub fn code(self) -> &'static str {
        match self {
            WarningLight::CheckEngine => "check_engine",
            WarningLight::Abs => "abs",
            WarningLight::Airbag => "airbag",
            WarningLight::OilPressure => "oil_pressure",
            WarningLight::Battery => "battery",
            WarningLight::Brake => "brake",
            WarningLight::TyrePressure => "tyre_pressure",
            WarningLight::CoolantTemp => "coolant_temp",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Registration,
    Insurance,
    InspectionCertificate,
    ServiceBook,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SignatureRole {
    Customer,
    Advisor,
    WorkshopReceiver,
}

impl SignatureRole {
    pub const ALL: [SignatureRole; 3] = [
        SignatureRole::Customer,
        SignatureRole::Advisor,
        SignatureRole::WorkshopReceiver,
    ];
}

pub fn mime_of(ext: &str) -> Option<&'static str> {
    match ext {
        "png" => Some("image/png"),
        "jpg" => Some("image/jpeg"),
        "webp" => Some("image/webp"),
        _ => None,
    }
}

/// Whether `name` is a photo reference as `files::photos::store_photo` makes them.
pub fn is_photo_name(name: &str) -> bool {
    match name.split_once('.') {
        Some((hash, ext)) => {
            hash.len() == 64
                && hash
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
                && mime_of(ext).is_some()
        }
        None => false,
    }
}

/// A signed form kept in the data folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ArchivedForm {
    pub id: ArchivedFormId,
    pub work_order_id: WorkOrderId,
    /// Which form: `work-order`.
    pub form: String,
    pub lang: FormLang,
    /// Relative to the data folder: `forms/<number>-work-order-<lang>.pdf`.
    pub file_name: String,
    pub sha256: String,
    pub created_at: NaiveDateTime,
}

/// An archived form and where it is on this machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ArchivedFormFile {
    pub form: ArchivedForm,
    pub path: String,
}

/// Base64 as sent by the window, with or without a `data:…;base64,` prefix.
pub fn decode_base64(text: &str, field: &str, code: Reason) -> Result<Vec<u8>> {
    let body = text.split_once(";base64,").map_or(text, |(_, b)| b).trim();
    base64::engine::general_purpose::STANDARD
        .decode(body)
        .map_err(|_| CoreError::invalid(field, code))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DocumentReceived {
    pub kind: DocumentKind,
    /// What the document is, required for `other`.
    pub label: String,
    pub expires_on: Option<chrono::NaiveDate>,
    pub checked_valid: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct KeysLog {
    pub count: u8,
    pub tag_number: String,
    /// The key-cabinet slot; one open job per slot.
    pub cabinet_slot: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Belonging {
    pub item: Label,
    pub quantity: u32,
    /// Condition or any note.
    pub note: String,
    /// The box the items went into.
    pub storage_box: String,
    pub photo: Option<String>,
    pub valuable: bool,
}

/// The belongings list (随车物品清单): "nothing left in the car" is a confirmed answer,
/// never the same as not having asked.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case", tag = "state", content = "items")]
pub enum Belongings {
    #[default]
    NotRecorded,
    NoneLeft,
    Listed(Vec<Belonging>),
}
