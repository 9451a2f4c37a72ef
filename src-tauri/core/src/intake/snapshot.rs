//! The frozen intake: what the customer saw and signed, as one canonical JSON document
//! and its SHA-256. Its own versioned types (never the API types), field order fixed by
//! the structs, enums as their text codes, only integers and strings: the same content
//! hashes the same on every machine and every release — a golden hash test pins it.
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{code_of, Belongings, Intake, Label};
use crate::customer::Customer;
use crate::error::{CoreError, Result};
use crate::vehicle::Vehicle;
use crate::work_order::WorkOrder;

/// Bumped when the layout changes; a stored snapshot keeps the version it was made with.
/// Version 2 adds [`SnapPaper`]: the shop header, terms and language printed on the form.
pub const SNAPSHOT_VERSION: u32 = 2;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IntakeSnapshot {
    pub version: u32,
    pub number: String,
    pub opened_at: NaiveDateTime,
    pub advisor: String,
    pub customer: SnapCustomer,
    pub vehicle: SnapVehicle,
    pub complaint: String,
    pub diagnosis: String,
    pub currency: String,
    pub services: Vec<SnapService>,
    pub promised_at: Option<NaiveDateTime>,
    pub contact: Option<SnapContact>,
    pub other_requests: String,
    pub inspection: Vec<SnapItem>,
    pub damage: Vec<SnapMark>,
    pub warning_lights: Vec<String>,
    pub fuel_eighths: Option<u8>,
    pub odometer: Option<SnapOdometer>,
    pub documents: Vec<SnapDocument>,
    pub keys: SnapKeys,
    pub belongings: String,
    pub belonging_items: Vec<SnapBelonging>,
    /// Version 2 on: what the paper itself said. Absent in version 1, whose JSON stays
    /// exactly as it was signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper: Option<SnapPaper>,
}

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

impl IntakeSnapshot {
    /// The snapshot of a job's intake; `customer` and `vehicle` are as on file when the
    /// customer signs (and, once frozen, as they were then).
    pub(crate) fn build(
        work_order: &WorkOrder,
        customer: SnapCustomer,
        vehicle: SnapVehicle,
        intake: &Intake,
        currency: &str,
        paper: Option<SnapPaper>,
    ) -> Self {
        let details = &work_order.details;
        let (belongings, items) = match &intake.belongings {
            Belongings::Listed(items) => (intake.belongings.state_code(), items.as_slice()),
            other => (other.state_code(), &[][..]),
        };
        IntakeSnapshot {
            // A version 1 snapshot is rebuilt (to verify it) without paper, as version 1.
            version: if paper.is_some() { SNAPSHOT_VERSION } else { 1 },
            number: work_order.number.clone(),
            opened_at: work_order.opened_at,
            advisor: details.advisor.clone(),
            customer,
            vehicle,
            complaint: details.complaint.clone(),
            diagnosis: details.diagnosis.clone(),
            currency: currency.to_string(),
            services: details
                .services
                .iter()
                .map(|s| SnapService {
                    description: s.description.clone(),
                    estimate_minor: s.estimate_minor,
                })
                .collect(),
            promised_at: details.promised_at,
            contact: details.contact.as_ref().map(|c| SnapContact {
                name: c.name.clone(),
                phone: c.phone.clone(),
            }),
            other_requests: details.other_requests.clone(),
            inspection: intake
                .inspection
                .iter()
                .map(|i| SnapItem {
                    group: SnapLabel::of(&i.group),
                    item: SnapLabel::of(&i.item),
                    status: code_of(&i.status),
                    note: i.note.clone(),
                    photos: i.photos.clone(),
                })
                .collect(),
            damage: intake
                .damage
                .iter()
                .map(|m| SnapMark {
                    kind: code_of(&m.kind),
                    x: m.x,
                    y: m.y,
                    note: m.note.clone(),
                    photos: m.photos.clone(),
                })
                .collect(),
            warning_lights: intake
                .dashboard
                .warning_lights
                .iter()
                .map(code_of)
                .collect(),
            fuel_eighths: intake.dashboard.fuel_eighths,
            odometer: intake.dashboard.odometer.as_ref().map(|o| SnapOdometer {
                value: o.value,
                unit: o.unit.as_str().to_string(),
                lower_reason: o.lower_reason.clone(),
            }),
            documents: intake
                .documents
                .iter()
                .map(|d| SnapDocument {
                    kind: code_of(&d.kind),
                    label: d.label.clone(),
                    expires_on: d.expires_on,
                    checked_valid: d.checked_valid,
                })
                .collect(),
            keys: SnapKeys {
                count: intake.keys.count,
                tag_number: intake.keys.tag_number.clone(),
                cabinet_slot: intake.keys.cabinet_slot.clone(),
            },
            belongings: belongings.to_string(),
            belonging_items: items
                .iter()
                .map(|b| SnapBelonging {
                    item: SnapLabel::of(&b.item),
                    quantity: b.quantity,
                    note: b.note.clone(),
                    storage_box: b.storage_box.clone(),
                    photo: b.photo.clone(),
                    valuable: b.valuable,
                })
                .collect(),
            paper,
        }
    }

    /// The canonical JSON: compact, fields in struct order.
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string(self).map_err(|e| {
            CoreError::Io(std::io::Error::other(format!(
                "snapshot not serializable: {e}"
            )))
        })
    }

    pub fn from_json(json: &str) -> Result<Self> {
        serde_json::from_str(json).map_err(|e| {
            CoreError::Io(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("stored snapshot unreadable: {e}"),
            ))
        })
    }
}

/// SHA-256 (hex) of the canonical JSON text.
pub fn hash_json(json: &str) -> String {
    hex::encode(Sha256::digest(json.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, d)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .unwrap_or_default()
    }

    /// A fixed snapshot: change nothing here, or the golden hash below means nothing.
    pub(crate) fn golden() -> IntakeSnapshot {
        IntakeSnapshot {
            version: 1,
            number: "WO-2026-00042".into(),
            opened_at: at(2, 9, 5),
            advisor: "周敏".into(),
            customer: SnapCustomer {
                id: 7,
                name: "李建国".into(),
                company: String::new(),
                phones: vec!["13812345678".into()],
                address: "上海市浦东新区".into(),
            },
            vehicle: SnapVehicle {
                id: 9,
                plate: "沪A12345".into(),
                vin: "LSVAU2180N2183294".into(),
                make: "Volkswagen".into(),
                model: "Passat".into(),
                year: Some(2019),
                colour: "白".into(),
                fuel_type: "petrol".into(),
            },
            complaint: "刹车时有异响".into(),
            diagnosis: "Front pads worn".into(),
            currency: "CNY".into(),
            services: vec![SnapService {
                description: "更换前刹车片".into(),
                estimate_minor: Some(48_000),
            }],
            promised_at: Some(at(3, 17, 0)),
            contact: Some(SnapContact {
                name: "李太太".into(),
                phone: "13987654321".into(),
            }),
            other_requests: "Keep old parts".into(),
            inspection: vec![SnapItem {
                group: SnapLabel {
                    key: "intake.group.exterior".into(),
                    text: String::new(),
                },
                item: SnapLabel {
                    key: String::new(),
                    text: "Roof box".into(),
                },
                status: "damaged".into(),
                note: "crack".into(),
                photos: vec![format!("{}.jpg", "a".repeat(64))],
            }],
            damage: vec![SnapMark {
                kind: "dent".into(),
                x: 812,
                y: 120,
                note: String::new(),
                photos: vec![],
            }],
            warning_lights: vec!["check_engine".into(), "tyre_pressure".into()],
            fuel_eighths: Some(3),
            odometer: Some(SnapOdometer {
                value: 86_420,
                unit: "km".into(),
                lower_reason: String::new(),
            }),
            documents: vec![SnapDocument {
                kind: "registration".into(),
                label: String::new(),
                expires_on: NaiveDate::from_ymd_opt(2027, 5, 31),
                checked_valid: true,
            }],
            keys: SnapKeys {
                count: 2,
                tag_number: "T-17".into(),
                cabinet_slot: "A3".into(),
            },
            belongings: "listed".into(),
            belonging_items: vec![SnapBelonging {
                item: SnapLabel {
                    key: "intake.belonging.cash_valuables".into(),
                    text: String::new(),
                },
                quantity: 1,
                note: "¥200".into(),
                storage_box: "B2".into(),
                photo: None,
                valuable: true,
            }],
            paper: None,
        }
    }

    #[test]
    fn the_serialization_of_a_fixed_snapshot_never_changes() -> Result<()> {
        let json = golden().to_json()?;
        assert!(
            json.starts_with(
                r#"{"version":1,"number":"WO-2026-00042","openedAt":"2026-03-02T09:05:00""#
            ),
            "{json}"
        );
        assert_eq!(
            hash_json(&json),
            GOLDEN_HASH,
            "the frozen-intake serialization changed: every signed intake on file would fail \
             to verify. Add a new SNAPSHOT_VERSION instead of changing version 1."
        );
        Ok(())
    }

    #[test]
    fn a_snapshot_reads_back_to_the_same_json() -> Result<()> {
        let json = golden().to_json()?;
        assert_eq!(IntakeSnapshot::from_json(&json)?.to_json()?, json);
        Ok(())
    }

    #[test]
    fn a_version_2_snapshot_freezes_the_paper_and_its_serialization_never_changes() -> Result<()> {
        let mut snap = golden();
        snap.version = 2;
        snap.paper = Some(SnapPaper {
            form_lang: "zh-Hans".into(),
            terms: "1. 旧件由客户带走。".into(),
            shop: SnapShop {
                name: "顺达汽修".into(),
                address: "上海市".into(),
                phone: "02112345678".into(),
                tax_number: "91310000X".into(),
                logo_sha256: "b".repeat(64),
            },
        });
        let json = snap.to_json()?;
        assert!(json.ends_with(r#""paper":{"formLang":"zh-Hans","terms":"1. 旧件由客户带走。","shop":{"name":"顺达汽修","address":"上海市","phone":"02112345678","taxNumber":"91310000X","logoSha256":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}}}"#), "{json}");
        assert_eq!(IntakeSnapshot::from_json(&json)?, snap);
        assert_eq!(
            hash_json(&json),
            GOLDEN_HASH_V2,
            "version 2 serialization changed"
        );
        Ok(())
    }

    const GOLDEN_HASH_V2: &str = "e56efcfe3abf00200c83fd4035a0174173de038bd03540ce968d82ff6b3d61e5";
    const GOLDEN_HASH: &str = "c80cb0dfb7abfe3d629c0000b0c7130add9809d57bb69e881038d371473a8c4c";
}
