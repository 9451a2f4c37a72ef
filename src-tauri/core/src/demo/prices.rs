//! The demo shop's price list: common labour operations, parts and two packages, named
//! in Chinese with English, so the estimate screen and its search have real things to
//! find. Added once: a shop that has a price list keeps its own.
use chrono::NaiveDateTime;

use crate::error::Result;
use crate::pricing::price_list::{CannedJob, LabourOp, Part};
use crate::pricing::{GuaranteeClass, PartGrade, RepairSystem};
use crate::store::Store;

/// (code, name, system, hours in thousandths, guarantee class)
const LABOUR: &[(&str, &str, RepairSystem, i64, GuaranteeClass)] = &[
    (
        "L-OIL",
        "更换机油机滤 Oil and filter change",
        RepairSystem::Maintenance,
        500,
        GuaranteeClass::FirstLevel,
    ),
    (
        "L-BRK-F",
        "更换前刹车片 Front brake pads",
        RepairSystem::Brakes,
        1_000,
        GuaranteeClass::FirstLevel,
    ),
    (
        "L-BRK-R",
        "更换后刹车片 Rear brake pads",
        RepairSystem::Brakes,
        1_200,
        GuaranteeClass::FirstLevel,
    ),
    (
        "L-DISC-F",
        "更换前刹车盘 Front brake discs",
        RepairSystem::Brakes,
        1_500,
        GuaranteeClass::FirstLevel,
    ),
    (
        "L-FLUID",
        "更换刹车油 Brake fluid change",
        RepairSystem::Brakes,
        800,
        GuaranteeClass::FirstLevel,
    ),
    (
        "L-AC",
        "空调检修加氟 Air-con check and recharge",
        RepairSystem::AirCon,
        1_000,
        GuaranteeClass::FirstLevel,
    ),
    (
        "L-ALIGN",
        "四轮定位 Wheel alignment",
        RepairSystem::Tyres,
        800,
        GuaranteeClass::FirstLevel,
    ),
    (
        "L-SHOCK-F",
        "更换前减震器 Front shock absorbers",
        RepairSystem::Suspension,
        2_500,
        GuaranteeClass::SecondLevel,
    ),
    (
        "L-BELT",
        "更换正时皮带 Timing belt",
        RepairSystem::Engine,
        3_500,
        GuaranteeClass::SecondLevel,
    ),
    (
        "L-SPARK",
        "更换火花塞 Spark plugs",
        RepairSystem::Engine,
        800,
        GuaranteeClass::FirstLevel,
    ),
    (
        "L-BATT",
        "更换蓄电池 Battery replacement",
        RepairSystem::Electrical,
        300,
        GuaranteeClass::FirstLevel,
    ),
    (
        "L-DIAG",
        "电脑检测 Diagnostic scan",
        RepairSystem::Electrical,
        500,
        GuaranteeClass::FirstLevel,
    ),
    (
        "L-GEARBOX",
        "变速器大修 Gearbox overhaul",
        RepairSystem::Transmission,
        12_000,
        GuaranteeClass::Overhaul,
    ),
];

/// (part number, name, brand, grade, unit, price in fen, system)
type DemoPart = (
    &'static str,
    &'static str,
    &'static str,
    PartGrade,
    &'static str,
    i64,
    Option<RepairSystem>,
);

const PARTS: &[DemoPart] = &[
    (
        "0888-80835",
        "全合成机油 5W-30 Engine oil",
        "Toyota",
        PartGrade::Genuine,
        "L",
        9_800,
        Some(RepairSystem::Maintenance),
    ),
    (
        "90915-YZZE1",
        "机油滤清器 Oil filter",
        "Toyota",
        PartGrade::Genuine,
        "pc",
        6_500,
        Some(RepairSystem::Maintenance),
    ),
    (
        "17801-21050",
        "空气滤清器 Air filter",
        "Toyota",
        PartGrade::Genuine,
        "pc",
        12_000,
        Some(RepairSystem::Maintenance),
    ),
    (
        "87139-0N010",
        "空调滤清器 Cabin filter",
        "Toyota",
        PartGrade::Genuine,
        "pc",
        9_500,
        Some(RepairSystem::AirCon),
    ),
    (
        "04465-33471",
        "前刹车片 Front brake pads",
        "Toyota",
        PartGrade::Genuine,
        "set",
        48_000,
        Some(RepairSystem::Brakes),
    ),
    (
        "0986-494-A12",
        "前刹车片 Front brake pads",
        "Bosch",
        PartGrade::OemEquivalent,
        "set",
        32_000,
        Some(RepairSystem::Brakes),
    ),
    (
        "04466-33200",
        "后刹车片 Rear brake pads",
        "Toyota",
        PartGrade::Genuine,
        "set",
        42_000,
        Some(RepairSystem::Brakes),
    ),
    (
        "43512-33180",
        "前刹车盘 Front brake disc",
        "Toyota",
        PartGrade::Genuine,
        "pc",
        56_000,
        Some(RepairSystem::Brakes),
    ),
    (
        "DOT4-1L",
        "刹车油 DOT4 Brake fluid",
        "Castrol",
        PartGrade::OemEquivalent,
        "L",
        8_800,
        Some(RepairSystem::Brakes),
    ),
    (
        "R134A",
        "空调制冷剂 R134a Refrigerant",
        "Honeywell",
        PartGrade::OemEquivalent,
        "kg",
        16_000,
        Some(RepairSystem::AirCon),
    ),
    (
        "48510-06790",
        "前减震器 Front shock absorber",
        "KYB",
        PartGrade::OemEquivalent,
        "pc",
        68_000,
        Some(RepairSystem::Suspension),
    ),
    (
        "13568-09130",
        "正时皮带 Timing belt",
        "Gates",
        PartGrade::OemEquivalent,
        "pc",
        38_000,
        Some(RepairSystem::Engine),
    ),
    (
        "90919-01253",
        "火花塞 Spark plug",
        "Denso",
        PartGrade::Genuine,
        "pc",
        9_000,
        Some(RepairSystem::Engine),
    ),
    (
        "6-QW-60",
        "蓄电池 60Ah Battery",
        "Varta",
        PartGrade::OemEquivalent,
        "pc",
        65_000,
        Some(RepairSystem::Electrical),
    ),
    (
        "85242-02100",
        "雨刮片 Wiper blade",
        "Bosch",
        PartGrade::Aftermarket,
        "pc",
        7_800,
        None,
    ),
    (
        "BULB-H4",
        "大灯灯泡 H4 Headlight bulb",
        "Philips",
        PartGrade::Aftermarket,
        "pc",
        4_500,
        Some(RepairSystem::Electrical),
    ),
];

/// Adds the demo price list when the shop has none.
pub fn add_price_list(store: &Store, now: NaiveDateTime) -> Result<()> {
    let list = store.price_list()?;
    if !(list.labour.is_empty() && list.parts.is_empty() && list.canned.is_empty()) {
        return Ok(());
    }
    for (code, name, system, hours, class) in LABOUR {
        store.save_labour_op(
            &LabourOp {
                id: None,
                code: (*code).into(),
                name: (*name).into(),
                system: Some(*system),
                hours_milli: Some(*hours),
                flat_price_minor: None,
                guarantee_class: *class,
            },
            now,
        )?;
    }
    for (number, name, brand, grade, unit, price, system) in PARTS {
        store.save_part(
            &Part {
                id: None,
                part_number: (*number).into(),
                name: (*name).into(),
                brand: (*brand).into(),
                grade: *grade,
                unit: (*unit).into(),
                sell_price_minor: *price,
                cost_price_minor: Some(price * 6 / 10),
                system: *system,
            },
            now,
        )?;
    }
    let settings = store.get_pricing_settings()?;
    let by_code = |code: &str| -> Result<Vec<crate::pricing::EstimateLine>> {
        let list = store.price_list()?;
        let mut lines = Vec::new();
        if let Some(op) = list.labour.iter().find(|op| op.code == code) {
            lines.push(crate::pricing::price_list::labour_line(op, &settings));
        }
        if let Some(part) = list.parts.iter().find(|p| p.part_number == code) {
            lines.push(crate::pricing::price_list::part_line(part, &settings));
        }
        Ok(lines)
    };
    let mut minor_service = Vec::new();
    for code in ["L-OIL", "0888-80835", "90915-YZZE1", "17801-21050"] {
        minor_service.extend(by_code(code)?);
    }
    // 4.5 litres of oil, not one.
    if let Some(oil) = minor_service.iter_mut().find(|l| l.code == "0888-80835") {
        oil.qty_milli = 4_500;
    }
    let mut brake_job = Vec::new();
    for code in ["L-BRK-F", "04465-33471"] {
        brake_job.extend(by_code(code)?);
    }
    for (code, name, lines) in [
        ("PKG-MINOR", "小保养 Minor service", minor_service),
        (
            "PKG-BRAKE-F",
            "前刹车片更换套餐 Front brake pads job",
            brake_job,
        ),
    ] {
        store.save_canned_job(
            &CannedJob {
                id: None,
                code: code.into(),
                name: name.into(),
                lines,
            },
            now,
        )?;
    }
    Ok(())
}
