//! The nouns of the intake that the work order prints and the rules check: damage marks'
//! kinds, the dashboard's warning lights, the documents handed over, who signs; the
//! intake as a whole, one section of its draft, and the job as the intake screen shows it.
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use base64::Engine;

use crate::domain::walkaround::{DamageMark, Dashboard, InspectionItem, Label};
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

/// Everything recorded at the walk-around.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Intake {
    pub inspection: Vec<InspectionItem>,
    pub damage: Vec<DamageMark>,
    pub dashboard: Dashboard,
    pub documents: Vec<DocumentReceived>,
    pub keys: KeysLog,
    pub belongings: Belongings,
}

/// One part of the intake draft, saved on its own (each refused once frozen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case", tag = "section", content = "data")]
pub enum IntakeSection {
    JobDetails(crate::work_order::JobDetails),
    Inspection(Vec<InspectionItem>),
    Damage(Vec<DamageMark>),
    Dashboard(Dashboard),
    Documents(Vec<DocumentReceived>),
    Keys(KeysLog),
    Belongings(Belongings),
}

/// The whole job as the intake screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkOrderDetail {
    pub work_order: crate::work_order::WorkOrder,
    pub customer_name: String,
    pub customer_phones: Vec<String>,
    /// The vehicle as on file now, with its newest odometer reading.
    pub vehicle: crate::vehicle::Vehicle,
    pub intake: Intake,
    /// Signatures on the work order itself (not on amendments), in signing order.
    pub signatures: Vec<crate::domain::signature::SignatureMeta>,
    pub amendments: Vec<crate::domain::signature::Amendment>,
    /// SHA-256 of the frozen intake, once the customer signed.
    pub intake_hash: Option<String>,
    /// Before the customer signs: the SHA-256 of the draft as shown. The customer's
    /// signature carries it back and is refused if the draft changed in between.
    pub draft_hash: Option<String>,
    /// Signed, but the signed original is not archived yet (the write failed): the
    /// window offers to retry.
    pub archive_pending: bool,
    /// What still keeps the customer from signing the saved draft (empty once signed).
    pub sign_blockers: Vec<crate::error::FieldIssue>,
    /// The saved odometer reading is lower than the vehicle's last one (compared in km):
    /// the window shows the reason field.
    pub odometer_lower: bool,
    /// The roles that may sign now, in the order the desk asks them.
    pub can_sign: Vec<SignatureRole>,
    /// The status changes the desk can make now with a button.
    pub moves: Vec<crate::work_order::WorkOrderStatus>,
    /// The final check (the move to Ready) can be made now.
    pub can_final_check: bool,
    /// What the job's screens may offer now, from its status.
    pub actions: crate::work_order::actions::JobActions,
    /// The repair category may still be changed (not once the settlement is signed).
    pub can_change_category: bool,
}
