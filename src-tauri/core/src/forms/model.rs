//! The frozen snapshot a work order is printed from: every value the form shows, and
//! nothing it has to look up, so the same snapshot always prints the same form.
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

pub use crate::domain::intake::{DamageKind, DocumentKind, SignatureRole, WarningLight};
pub use crate::vehicle::{DistanceUnit, FuelType};

/// Everything the printed work order (进厂维修单 / 委托书) shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkOrderDoc {
    pub shop: ShopHeader,
    /// The work-order number as printed, e.g. `WO-2026-00042`.
    pub number: String,
    pub opened_at: NaiveDateTime,
    /// Promised completion, already including the shop's slack for part supply.
    pub promised_at: Option<NaiveDateTime>,
    pub advisor: String,
    /// The job's repair category (维修类别) as it stands now; not printed when the job
    /// was never classified.
    #[serde(default)]
    pub repair_category: Option<crate::work_order::RepairCategory>,
    pub customer: CustomerPart,
    /// Who to call about this job when it is not the customer on file.
    pub contact: Option<JobContact>,
    pub vehicle: VehiclePart,
    /// The complaint in the customer's own words (客户原话), never rephrased.
    pub complaint: String,
    /// The advisor's or technician's diagnosis, kept apart from the complaint.
    pub diagnosis: String,
    pub services: Vec<ServiceLine>,
    /// ISO 4217 code of every amount on the form, e.g. `CNY`.
    pub currency: String,
    /// Any other request of the customer (keep old parts, call before extra work…).
    pub other_requests: String,
    pub inspection: Vec<InspectionGroup>,
    pub damage: Vec<DamageMark>,
    /// The dashboard lights that were on at reception.
    pub warning_lights: Vec<WarningLight>,
    /// Fuel (or charge) level in eighths, 0 (empty) ..= 8 (full).
    pub fuel_eighths: u8,
    pub odometer: Odometer,
    pub documents: Vec<DocumentReceived>,
    pub keys: KeysLog,
    pub belongings: Belongings,
    /// The shop's terms, printed as given (paragraphs separated by blank lines).
    pub terms: String,
    /// Signatures already captured on screen; a role without one prints blank lines.
    pub signatures: Vec<Signature>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ShopHeader {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub tax_number: Option<String>,
    /// PNG bytes of the shop logo, printed at most 20 mm square.
    pub logo_png: Option<Vec<u8>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CustomerPart {
    pub name: String,
    pub company: Option<String>,
    pub phones: Vec<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobContact {
    pub name: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VehiclePart {
    pub plate: String,
    pub vin: String,
    pub make: String,
    pub model: String,
    pub year: Option<u16>,
    pub colour: String,
    pub fuel: FuelType,
}

/// One requested service; the price is an estimate in minor units of `currency`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ServiceLine {
    pub description: String,
    pub estimate_minor: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InspectionGroup {
    pub name: String,
    pub items: Vec<InspectionItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InspectionItem {
    pub name: String,
    pub status: InspectionStatus,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum InspectionStatus {
    Ok,
    Attention,
    Damaged,
    NotChecked,
}

/// Existing damage found at the walk-around, placed on the vehicle diagram.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DamageMark {
    pub kind: DamageKind,
    /// In the coordinates of `assets/diagram/car-top.svg` (its viewBox: 0..1000 × 0..500,
    /// y down), so the UI and the PDF put a mark at the same place.
    pub x: u16,
    pub y: u16,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Odometer {
    pub value: u32,
    pub unit: DistanceUnit,
}

/// A vehicle document handed over at reception and checked for validity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DocumentReceived {
    pub kind: DocumentKind,
    /// What the document is when `kind` is `other`; printed after the kind otherwise.
    pub description: String,
    pub expires_on: Option<NaiveDate>,
    pub checked_valid: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct KeysLog {
    pub count: u8,
    pub tag_number: String,
    pub cabinet_slot: String,
}

/// The belongings list (随车物品清单). "Nothing left in the car" is a fact the customer
/// confirms, so it is a state of its own and never the same as an empty list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case", tag = "state", content = "items")]
pub enum Belongings {
    NotRecorded,
    NoneLeft,
    Listed(Vec<Belonging>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Belonging {
    pub item: String,
    pub quantity: u32,
    /// Condition or any note (colour, brand, "scratched case"…).
    pub note: String,
    pub storage_box: String,
    /// Cash, phones, jewellery…: printed in bold and flagged.
    pub valuable: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Signature {
    pub role: SignatureRole,
    pub signer_name: String,
    pub signed_at: NaiveDateTime,
    /// PNG of the handwritten signature captured on screen.
    pub png: Option<Vec<u8>>,
    /// Hex digest binding the signature to the signed content; 12 digits are printed.
    pub fingerprint_hex: String,
}
