//! The frozen intake: what the customer saw and signed, as one canonical JSON document
//! and its SHA-256. Its own versioned types (never the API types), field order fixed by
//! the structs, enums as their text codes, only integers and strings: the same content
//! hashes the same on every machine and every release — a golden hash test pins it.
//! The document and its JSON here; its sections in `sections`, filled from the job in
//! `build`.
mod build;
mod sections;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{CoreError, Result};
pub use sections::{
    SnapBelonging, SnapContact, SnapCustomer, SnapDocument, SnapItem, SnapKeys, SnapLabel,
    SnapMark, SnapOdometer, SnapPaper, SnapService, SnapShop, SnapVehicle,
};

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

impl IntakeSnapshot {
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
    use chrono::NaiveDate;

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
