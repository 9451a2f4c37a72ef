//! Builders shared by the crash and disk-full trials: an intake ready to sign whose keys
//! slot is the job's own (many jobs stay at the shop at once), photos that differ, and
//! SQLite's own soundness check.
#![allow(dead_code)]
use chrono::NaiveDate;
use garage_core::intake::{
    Belongings, DamageKind, DamageMark, DocumentKind, DocumentReceived, IntakeSection, KeysLog,
};
use garage_core::{Store, WorkOrderId};

use crate::intake_fixtures::{dashboard, now};

/// Fills the walk-around of job `id` and chooses its repair category so the customer can
/// sign, with `photos` on its one damage mark.
pub fn fill_to_sign(store: &Store, id: WorkOrderId, photos: Vec<String>) {
    let sections = [
        IntakeSection::Dashboard(dashboard(86_420)),
        IntakeSection::Damage(vec![DamageMark {
            kind: DamageKind::Scratch,
            x: 300,
            y: 200,
            note: "front bumper".into(),
            photos,
        }]),
        IntakeSection::Documents(vec![DocumentReceived {
            kind: DocumentKind::Registration,
            label: String::new(),
            expires_on: NaiveDate::from_ymd_opt(2027, 5, 31),
            checked_valid: true,
        }]),
        IntakeSection::Keys(KeysLog {
            count: 1,
            tag_number: format!("T-{}", id.0),
            cabinet_slot: format!("S{}", id.0),
        }),
        IntakeSection::Belongings(Belongings::NoneLeft),
    ];
    for section in &sections {
        store
            .save_intake_section(id, section, now())
            .expect("section saved");
    }
    store
        .set_repair_category(id, garage_core::work_order::RepairCategory::Repair, now())
        .expect("category chosen");
}

/// A PNG of `side`×`side` grey pixels drawn from `n`: different for every `n`, and noisy
/// enough not to compress much.
pub fn photo_png(n: u64, side: u32) -> Vec<u8> {
    let mut state = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let pixels: Vec<u8> = (0..side * side)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("png header");
        writer.write_image_data(&pixels).expect("png data");
    }
    out
}

/// `PRAGMA integrity_check` as SQLite answers it ("ok" when sound).
pub fn integrity(store: &Store) -> String {
    store
        .with_conn(|conn| Ok(conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?))
        .expect("integrity check runs")
}
