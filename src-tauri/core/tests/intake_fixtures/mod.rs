//! Builders shared by the intake tests: a customer with a car, a job on it, an intake
//! complete enough to sign, and a signature as the pad sends it.
#![allow(dead_code)]
use std::path::Path;

use base64::Engine;
use chrono::{NaiveDate, NaiveDateTime};
use garage_core::intake::{
    Belonging, Belongings, DamageKind, DamageMark, Dashboard, DocumentKind, DocumentReceived,
    IntakeOdometer, IntakeSection, KeysLog, Label, SignatureInput, SignatureRole, StrokePoint,
    WarningLight, WorkOrderDetail,
};
use garage_core::work_order::{JobContact, RepairCategory, ServiceLine};
use garage_core::{
    CustomerInput, CustomerKind, DistanceUnit, JobDetails, Lang, OpenWorkOrder, PhoneInput,
    PhoneLabel, Store, VehicleInput, WorkOrderId,
};

pub fn at(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 3, day)
        .and_then(|d| d.and_hms_opt(hour, minute, 0))
        .expect("a valid test time")
}

pub fn now() -> NaiveDateTime {
    at(2, 9, 0)
}

/// A customer (preferring `lang`) with one car; returns the ids.
pub fn customer_with_car(
    store: &Store,
    name: &str,
    phone: &str,
    plate: &str,
    lang: Lang,
) -> (garage_core::CustomerId, garage_core::VehicleId) {
    let input = CustomerInput {
        kind: CustomerKind::Person,
        name: name.into(),
        phones: vec![PhoneInput {
            label: PhoneLabel::Mobile,
            number: phone.into(),
            is_primary: true,
        }],
        preferred_language: lang,
        agrees_to_follow_up: true,
        ..CustomerInput::default()
    };
    let customer = store
        .create_customer(&input, at(1, 8, 0))
        .expect("customer");
    let car = VehicleInput {
        plate: plate.into(),
        make: "Volkswagen".into(),
        model: "Passat".into(),
        colour: "白".into(),
        ..VehicleInput::default()
    };
    let vehicle = store
        .add_vehicle(customer.id, &car, at(1, 8, 0))
        .expect("vehicle");
    (customer.id, vehicle.id)
}

pub fn details(complaint: &str) -> JobDetails {
    JobDetails {
        advisor: "周敏".into(),
        complaint: complaint.into(),
        diagnosis: "Front pads worn to 2 mm".into(),
        services: vec![ServiceLine {
            description: "更换前刹车片".into(),
            estimate_minor: Some(48_000),
        }],
        promised_at: Some(at(3, 17, 0)),
        contact: Some(JobContact {
            name: "李太太".into(),
            phone: "13987654321".into(),
        }),
        other_requests: "Keep the old pads".into(),
    }
}

/// A store with one customer and car, and an open job on it.
pub fn job(store: &Store) -> WorkOrderDetail {
    let (customer_id, vehicle_id) =
        customer_with_car(store, "李建国", "13812345678", "沪A12345", Lang::ZhHans);
    open(store, customer_id, vehicle_id, now())
}

pub fn open(
    store: &Store,
    customer_id: garage_core::CustomerId,
    vehicle_id: garage_core::VehicleId,
    at: NaiveDateTime,
) -> WorkOrderDetail {
    let input = OpenWorkOrder {
        customer_id,
        vehicle_id,
        details: details("刹车时有异响 brakes squeal"),
    };
    store.open_work_order(&input, at).expect("job opened")
}

pub fn dashboard(km: i64) -> Dashboard {
    Dashboard {
        warning_lights: vec![WarningLight::TyrePressure, WarningLight::CheckEngine],
        fuel_eighths: Some(3),
        odometer: Some(IntakeOdometer {
            value: km,
            unit: DistanceUnit::Km,
            lower_reason: String::new(),
        }),
    }
}

/// Everything the walk-around records and the repair category, ready for the customer
/// to sign.
pub fn fill_intake(store: &Store, id: WorkOrderId) -> WorkOrderDetail {
    store
        .set_repair_category(id, RepairCategory::Repair, now())
        .expect("the desk chooses the repair category");
    fill_walk_around(store, id)
}

/// Everything the walk-around records, the repair category left as it is.
pub fn fill_walk_around(store: &Store, id: WorkOrderId) -> WorkOrderDetail {
    let sections = [
        IntakeSection::Dashboard(dashboard(86_420)),
        IntakeSection::Damage(vec![DamageMark {
            kind: DamageKind::Dent,
            x: 812,
            y: 120,
            note: "rear door".into(),
            photos: vec![],
        }]),
        IntakeSection::Documents(vec![DocumentReceived {
            kind: DocumentKind::Registration,
            label: String::new(),
            expires_on: NaiveDate::from_ymd_opt(2027, 5, 31),
            checked_valid: true,
        }]),
        IntakeSection::Keys(KeysLog {
            count: 2,
            tag_number: "T-17".into(),
            cabinet_slot: "A3".into(),
        }),
        IntakeSection::Belongings(Belongings::Listed(vec![Belonging {
            item: Label::Key("intake.belonging.cash_valuables".into()),
            quantity: 1,
            note: "¥200".into(),
            storage_box: "B2".into(),
            photo: None,
            valuable: true,
        }])),
    ];
    let mut detail = None;
    for section in &sections {
        detail = Some(
            store
                .save_intake_section(id, section, now())
                .expect("section saved"),
        );
    }
    detail.expect("sections were saved")
}

/// A small real PNG, as the signature pad would send it.
pub fn signature_png() -> Vec<u8> {
    let (w, h) = (60u32, 20u32);
    let mut pixels = vec![255u8; (w * h) as usize];
    for x in 5..55 {
        pixels[(10 * w + x) as usize] = 0;
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("png header");
        writer.write_image_data(&pixels).expect("png data");
    }
    out
}

pub fn signature(role: SignatureRole, name: &str) -> SignatureInput {
    SignatureInput {
        role,
        signer_name: name.into(),
        strokes: vec![vec![
            StrokePoint {
                x: 10,
                y: 40,
                t: 0,
                pressure: 500,
            },
            StrokePoint {
                x: 90,
                y: 42,
                t: 120,
                pressure: 620,
            },
        ]],
        png_base64: base64::engine::general_purpose::STANDARD.encode(signature_png()),
        shown_hash: None,
    }
}

/// The customer's signature on the intake as the screen sends it: with the hash of the
/// draft it showed.
pub fn customer_signature(store: &Store, id: WorkOrderId) -> SignatureInput {
    let shown = store.get_work_order(id).expect("job").draft_hash;
    SignatureInput {
        shown_hash: shown,
        ..signature(SignatureRole::Customer, "李建国")
    }
}

/// Signs the intake as the customer.
pub fn check_in(
    store: &Store,
    data_dir: &Path,
    id: WorkOrderId,
    at: NaiveDateTime,
) -> WorkOrderDetail {
    store
        .sign_work_order(data_dir, id, &customer_signature(store, id), at)
        .expect("the customer signs")
}
