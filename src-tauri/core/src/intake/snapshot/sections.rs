//! The sections of the frozen intake, each its own versioned type (never the API
//! type it is made from): field order fixed by the struct, enums as text codes, only
//! integers and strings, so the canonical JSON never drifts with the API.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::customer::Customer;
use crate::intake::Label;
use crate::vehicle::Vehicle;

/// The parts of the printed form that come from the shop rather than the job: frozen
/// with the intake so that a reprint after the shop edits its terms or header still
/// shows what the customer signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SnapPaper {
    /// The language the original was printed in (`en`, `zh-Hans`, `zh-Hant`, `bilingual`).
    pub form_lang: String,
    /// The terms exactly as printed.
    pub terms: String,
    pub shop: SnapShop,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SnapShop {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub tax_number: String,
    /// SHA-256 of the logo PNG (its file is `logo/<hash>.png`), empty without a logo.
    pub logo_sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SnapCustomer {
    pub id: i64,
    pub name: String,
    pub company: String,
    pub phones: Vec<String>,
    pub address: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SnapVehicle {
    pub id: i64,
    pub plate: String,
    pub vin: String,
    pub make: String,
    pub model: String,
    pub year: Option<i32>,
    pub colour: String,
    pub fuel_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SnapService {
    pub description: String,
    pub estimate_minor: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SnapContact {
    pub name: String,
    pub phone: String,
}

/// A label: a catalogue key, or the shop's own text (`key` empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SnapLabel {
    pub key: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SnapItem {
    pub group: SnapLabel,
    pub item: SnapLabel,
    pub status: String,
    pub note: String,
    pub photos: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SnapMark {
    pub kind: String,
    pub x: u16,
    pub y: u16,
    pub note: String,
    pub photos: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SnapOdometer {
    pub value: i64,
    pub unit: String,
    pub lower_reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SnapDocument {
    pub kind: String,
    pub label: String,
    pub expires_on: Option<NaiveDate>,
    pub checked_valid: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SnapKeys {
    pub count: u8,
    pub tag_number: String,
    pub cabinet_slot: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SnapBelonging {
    pub item: SnapLabel,
    pub quantity: u32,
    pub note: String,
    pub storage_box: String,
    pub photo: Option<String>,
    pub valuable: bool,
}

impl SnapLabel {
    pub(crate) fn of(label: &Label) -> Self {
        match label {
            Label::Key(key) => SnapLabel {
                key: key.clone(),
                text: String::new(),
            },
            Label::Text(text) => SnapLabel {
                key: String::new(),
                text: text.clone(),
            },
        }
    }

    pub(crate) fn to_label(&self) -> Label {
        if self.key.is_empty() {
            Label::Text(self.text.clone())
        } else {
            Label::Key(self.key.clone())
        }
    }
}

impl SnapCustomer {
    pub(crate) fn of(customer: &Customer) -> Self {
        SnapCustomer {
            id: customer.id.0,
            name: customer.display_name.clone(),
            company: customer.company_name.clone(),
            phones: customer.phones.iter().map(|p| p.number.clone()).collect(),
            address: customer.address.clone(),
        }
    }
}

impl SnapVehicle {
    pub(crate) fn of(vehicle: &Vehicle) -> Self {
        SnapVehicle {
            id: vehicle.id.0,
            plate: vehicle.plate.clone(),
            vin: vehicle.vin.clone().unwrap_or_default(),
            make: vehicle.make.clone(),
            model: vehicle.model.clone(),
            year: vehicle.year,
            colour: vehicle.colour.clone(),
            fuel_type: vehicle.fuel_type.as_str().to_string(),
        }
    }
}
