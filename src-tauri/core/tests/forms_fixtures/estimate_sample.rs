//! Estimates as the printed form gets them: a typical approved version (labour, parts
//! from the shop and from the customer, sundries, priced by symptom, 13 % tax added)
//! and a long draft of 40 lines. Shared by the estimate form tests and the bench.
#![allow(dead_code)]

use garage_core::forms::{ApprovalPart, EstimateDoc, Odometer};
use garage_core::pricing::estimate::ApprovalChannel;
use garage_core::pricing::{
    totals, EstimateLine, Guarantee, GuaranteeClass, LineKind, PartGrade, PartSource, PricingMode,
    RepairSystem, TaxSettings,
};
use garage_core::DistanceUnit;

use super::sample::{at, day, typical_job, SIGNATURE_PNG};

pub const OVERHAUL: Guarantee = Guarantee {
    class: GuaranteeClass::Overhaul,
    km: 20_000,
    days: 100,
};
pub const FIRST_LEVEL: Guarantee = Guarantee {
    class: GuaranteeClass::FirstLevel,
    km: 2_000,
    days: 10,
};
pub const NONE: Guarantee = Guarantee {
    class: GuaranteeClass::None,
    km: 0,
    days: 0,
};

pub fn line(
    kind: LineKind,
    code: &str,
    text: &str,
    qty_milli: i64,
    unit: &str,
    price: i64,
) -> EstimateLine {
    EstimateLine {
        kind,
        code: code.into(),
        description: text.into(),
        system: None,
        qty_milli,
        unit: unit.into(),
        unit_price_minor: price,
        discount_bp: 0,
        source: None,
        grade: None,
        customer_insists: false,
        guarantee: FIRST_LEVEL,
    }
}

pub fn part(
    code: &str,
    text: &str,
    qty_milli: i64,
    unit: &str,
    price: i64,
    source: PartSource,
    grade: PartGrade,
) -> EstimateLine {
    let mut l = line(LineKind::Part, code, text, qty_milli, unit, price);
    l.source = Some(source);
    l.grade = Some(grade);
    if source == PartSource::Customer {
        l.guarantee = NONE;
    }
    l
}

pub fn typical_lines() -> Vec<EstimateLine> {
    let mut overhaul = line(
        LineKind::Labour,
        "EN-20",
        "发动机大修 Engine overhaul",
        500,
        "h",
        18_000,
    );
    overhaul.guarantee = OVERHAUL;
    let mut pads = part(
        "04465-33471",
        "前刹车片 Front brake pads",
        1_000,
        "set",
        42_000,
        PartSource::Shop,
        PartGrade::Genuine,
    );
    pads.discount_bp = 1_000;
    pads.system = Some(RepairSystem::Brakes);
    let oil = part(
        "08880-83720",
        "机油 5W-30 Engine oil",
        4_500,
        "L",
        6_850,
        PartSource::Shop,
        PartGrade::OemEquivalent,
    );
    let own = part(
        "",
        "客户自带雨刮片 Wiper blades (customer's own)",
        2_000,
        "pc",
        0,
        PartSource::Customer,
        PartGrade::Aftermarket,
    );
    let mut sundry = line(LineKind::Sundry, "", "辅料 Shop supplies", 1_000, "", 2_500);
    sundry.guarantee = NONE;
    vec![
        line(
            LineKind::Labour,
            "BR-01",
            "更换前刹车片 Replace front pads",
            800,
            "h",
            18_000,
        ),
        overhaul,
        pads,
        oil,
        own,
        sundry,
    ]
}

fn doc_of(lines: Vec<EstimateLine>, mode: PricingMode, tax: TaxSettings) -> EstimateDoc {
    let job = typical_job();
    let figures = match totals(&lines, mode, 1_000, &tax) {
        Ok(t) => t,
        Err(_) => panic!("the sample's figures fit"),
    };
    EstimateDoc {
        shop: job.shop,
        number: job.number,
        version: 2,
        dated: at(2026, 3, 20, 10, 30),
        customer: job.customer,
        vehicle: job.vehicle,
        odometer: Some(Odometer {
            value: 86_420,
            unit: DistanceUnit::Km,
        }),
        currency: job.currency,
        mode,
        risk_margin_bp: 1_000,
        note: "刹车盘厚度接近下限，建议下次保养时更换。Discs near their limit: replace at the next service.".into(),
        no_guarantee: lines.iter().map(EstimateLine::no_quality_guarantee).collect(),
        lines,
        totals: figures,
        tax,
        valid_until: Some(day(2026, 4, 4)),
        approval: None,
        superseded: false,
    }
}

/// Version 2, approved by phone, priced by symptom with 13 % tax added.
pub fn approved_by_phone() -> EstimateDoc {
    let mut doc = doc_of(
        typical_lines(),
        PricingMode::BySymptom,
        TaxSettings::flat(1_300),
    );
    doc.approval = Some(ApprovalPart {
        channel: ApprovalChannel::Phone,
        approved_by: "李建国".into(),
        recorded_by: "周敏".into(),
        at: at(2026, 3, 20, 10, 30),
        signature_png: None,
        fingerprint_hex: "3f9a0c77e1b24d5a9e0f11aa22bb33cc44dd55ee66ff77889900aabbccddeeff".into(),
    });
    doc
}

/// The same version signed on the pad.
pub fn signed() -> EstimateDoc {
    let mut doc = approved_by_phone();
    if let Some(approval) = &mut doc.approval {
        approval.channel = ApprovalChannel::Signature;
        approval.signature_png = Some(SIGNATURE_PNG.to_vec());
    }
    doc
}

/// A draft priced by item in a shop that charges no tax.
pub fn draft_without_tax() -> EstimateDoc {
    doc_of(typical_lines(), PricingMode::ByItem, TaxSettings::none())
}

/// A draft of 40 lines (the bench's estimate).
pub fn forty_lines() -> EstimateDoc {
    let base = typical_lines();
    let lines = (0..40)
        .map(|i| {
            let mut l = base[i % base.len()].clone();
            l.description = format!("{} #{}", l.description, i + 1);
            l
        })
        .collect();
    doc_of(lines, PricingMode::BySystem, TaxSettings::flat(600))
}
