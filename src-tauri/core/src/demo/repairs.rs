//! What the demo shop's jobs are: each job's repair category (维修类别) drawn in a real
//! shop's mix, the customer's words and the diagnosis that go with it, and the lines it is
//! priced with — maintenance with the first- or second-level guarantee, accident work on
//! the body, an overhaul with the overhaul guarantee, a comeback's rework — so that the
//! lines, the category and the statistics agree; and the workshop's findings offered as
//! additional items.
use chrono::{Duration, NaiveDateTime, Timelike};

use super::rng::Rng;
use crate::domain::figures::RepairCategory;
use crate::pricing::{
    EstimateLine, GuaranteeClass, GuaranteeDefaults, LineKind, PartGrade, PartSource, RepairSystem,
};

/// What the customer says and what the shop found: (complaint in Chinese, in English,
/// diagnosis, the service asked for, its estimate in minor units, the system it is on).
pub(super) type Symptom = (&'static str, &'static str, &'static str, &'static str, i64);

/// A job's kind of work: its category, what was said and the system worked on.
#[derive(Clone, Copy)]
pub(super) struct Work {
    pub category: RepairCategory,
    pub symptom: Symptom,
    pub system: RepairSystem,
    /// Second-level maintenance (二级维护) rather than first-level.
    pub second_level: bool,
    /// A repair's part.
    pub part: &'static str,
}

const REPAIRS: &[(Symptom, RepairSystem, &str)] = &[
    (
        (
            "刹车时有异响",
            "Squeal when braking",
            "前刹车片磨损至 2mm",
            "更换前刹车片 Front brake pads",
            48_000,
        ),
        RepairSystem::Brakes,
        "前刹车片 Front brake pads",
    ),
    (
        (
            "发动机故障灯亮了",
            "Engine light came on",
            "氧传感器故障码 P0135",
            "更换氧传感器 O2 sensor",
            72_000,
        ),
        RepairSystem::Engine,
        "氧传感器 O2 sensor",
    ),
    (
        (
            "空调不凉",
            "A/C blows warm air",
            "冷媒不足，管路无泄漏",
            "空调加氟 A/C recharge",
            30_000,
        ),
        RepairSystem::AirCon,
        "冷媒 Refrigerant",
    ),
    (
        (
            "高速时方向盘抖",
            "Steering wheel shakes at speed",
            "前轮动平衡不良",
            "四轮动平衡 Wheel balancing",
            16_000,
        ),
        RepairSystem::Tyres,
        "平衡块 Balance weights",
    ),
    (
        (
            "早上打不着火",
            "Hard to start in the morning",
            "蓄电池老化，电压 11.6V",
            "更换蓄电池 Battery",
            65_000,
        ),
        RepairSystem::Electrical,
        "蓄电池 Battery",
    ),
    (
        (
            "过减速带咚咚响",
            "Knocking over speed bumps",
            "左前减震器漏油",
            "更换前减震器 Front shock absorber",
            98_000,
        ),
        RepairSystem::Suspension,
        "前减震器 Front shock absorber",
    ),
];

const MAINTENANCE: &[Symptom] = &[
    (
        "该做保养了",
        "Due for a service",
        "按保养手册进行常规保养",
        "机油机滤保养 Oil and filter",
        38_000,
    ),
    (
        "保养灯亮了，顺便检查一下",
        "Service light is on, please check it over",
        "到保养里程，按手册保养",
        "常规保养 Scheduled service",
        42_000,
    ),
];

const SECOND_LEVEL: Symptom = (
    "年检前做个二级维护",
    "Second-level service before the inspection",
    "二级维护到期，按规范作业",
    "二级维护 Second-level maintenance",
    128_000,
);

const ACCIDENTS: &[Symptom] = &[
    (
        "倒车撞到柱子，后保险杠凹了",
        "Backed into a post, rear bumper dented",
        "后保险杠变形，漆面破损",
        "后保险杠钣金喷漆 Rear bumper repair and paint",
        180_000,
    ),
    (
        "停车场被刮了车门",
        "Door scraped in a car park",
        "左前门划痕深至底漆",
        "左前门喷漆 Front door paint",
        90_000,
    ),
];

const OVERHAUL: Symptom = (
    "发动机烧机油，冒蓝烟",
    "Engine burns oil, blue smoke",
    "缸压不足，活塞环磨损",
    "发动机大修 Engine overhaul",
    1_200_000,
);

const COMEBACK: Symptom = (
    "上次修完问题又出现了",
    "The same problem is back since the last visit",
    "上次维修项目复查",
    "返修复查 Comeback check",
    0,
);

/// A category in a small shop's mix: mostly maintenance and repairs, some body work, a
/// few overhauls. Comebacks are not drawn: they are made where a car came back.
pub(super) fn draw(rng: &mut Rng, heavy_use: bool) -> Work {
    let roll = rng.below(100);
    // Vans and light trucks work for a living: fewer body jobs, more repairs.
    let (maintenance, repair) = if heavy_use { (40, 90) } else { (45, 82) };
    if roll < maintenance {
        let second_level = rng.percent(25);
        Work {
            category: RepairCategory::Maintenance,
            symptom: if second_level {
                SECOND_LEVEL
            } else {
                *rng.pick(MAINTENANCE)
            },
            system: RepairSystem::Maintenance,
            second_level,
            part: "",
        }
    } else if roll < repair {
        let (symptom, system, part) = *rng.pick(REPAIRS);
        Work {
            part,
            ..work(RepairCategory::Repair, symptom, system)
        }
    } else if roll < 97 {
        work(
            RepairCategory::Accident,
            *rng.pick(ACCIDENTS),
            RepairSystem::Body,
        )
    } else {
        work(RepairCategory::Overhaul, OVERHAUL, RepairSystem::Engine)
    }
}

/// The comeback of a job on `system`.
pub(super) fn comeback(system: RepairSystem) -> Work {
    work(RepairCategory::Comeback, COMEBACK, system)
}

fn work(category: RepairCategory, symptom: Symptom, system: RepairSystem) -> Work {
    Work {
        category,
        symptom,
        system,
        second_level: false,
        part: "",
    }
}

/// Working hours the job takes, roughly: what the promise is made from.
pub(super) fn hours(rng: &mut Rng, work: &Work) -> i64 {
    match work.category {
        RepairCategory::Maintenance if work.second_level => rng.range(4, 8),
        RepairCategory::Maintenance | RepairCategory::Comeback => rng.range(1, 4),
        RepairCategory::Repair => rng.range(2, 26),
        RepairCategory::Accident => rng.range(30, 120),
        RepairCategory::Overhaul => rng.range(120, 260),
    }
}

/// When a job taking `hours` working hours, opened at `opened_at`, is promised: eight
/// working hours a day, a finish after closing moved to the next morning.
pub(super) fn promise(opened_at: NaiveDateTime, hours: i64) -> NaiveDateTime {
    let at = opened_at + Duration::days(hours / 8) + Duration::hours(hours % 8);
    match at.hour() {
        18.. => at + Duration::hours(15),
        _ => at,
    }
}

fn line(
    kind: LineKind,
    description: &str,
    system: RepairSystem,
    qty_milli: i64,
    unit_price_minor: i64,
) -> EstimateLine {
    let part = kind == LineKind::Part;
    EstimateLine {
        kind,
        code: String::new(),
        description: description.into(),
        system: Some(system),
        qty_milli,
        unit: match kind {
            LineKind::Labour => "h",
            _ if qty_milli % 1_000 != 0 => "L",
            _ => "piece",
        }
        .into(),
        unit_price_minor,
        discount_bp: 0,
        source: part.then_some(PartSource::Shop),
        grade: part.then_some(PartGrade::Genuine),
        customer_insists: false,
        guarantee: GuaranteeDefaults::default().of(GuaranteeClass::FirstLevel),
    }
}

/// The estimate's lines for `work`, with the guarantee of the shop's settings for it.
pub(super) fn lines(rng: &mut Rng, work: &Work, g: &GuaranteeDefaults) -> Vec<EstimateLine> {
    use LineKind::{Labour, Part, Sundry};
    use RepairSystem as S;
    let rate = 12_000;
    let mut out = match work.category {
        RepairCategory::Maintenance => {
            let mut l = vec![
                line(
                    Labour,
                    "保养工时 Service labour",
                    S::Maintenance,
                    1_000,
                    rate,
                ),
                line(Part, "机油 Engine oil 5W-30", S::Maintenance, 4_500, 6_800),
                line(Part, "机油滤清器 Oil filter", S::Maintenance, 1_000, 6_800),
            ];
            if work.second_level {
                l[0].qty_milli = 3_500;
                l.push(line(
                    Part,
                    "空气滤清器 Air filter",
                    S::Maintenance,
                    1_000,
                    9_500,
                ));
                l.push(line(
                    Part,
                    "火花塞 Spark plug",
                    S::Maintenance,
                    4_000,
                    4_500,
                ));
                l.push(line(
                    Part,
                    "刹车油 Brake fluid",
                    S::Maintenance,
                    1_000,
                    8_800,
                ));
            } else if rng.percent(40) {
                l.push(line(
                    Part,
                    "空调滤芯 Cabin filter",
                    S::Maintenance,
                    1_000,
                    8_500,
                ));
            }
            let class = match work.second_level {
                true => GuaranteeClass::SecondLevel,
                false => GuaranteeClass::FirstLevel,
            };
            for x in &mut l {
                x.guarantee = g.of(class);
            }
            return l;
        }
        RepairCategory::Repair => {
            let (_, _, _, service, estimate) = work.symptom;
            let labour_h = rng.range(1, 3) * 500;
            let part_price = (estimate - labour_h * rate / 1_000).max(5_000);
            vec![
                line(Labour, service, work.system, labour_h, rate),
                line(Part, work.part, work.system, 1_000, part_price),
            ]
        }
        RepairCategory::Accident => {
            let (_, _, _, service, estimate) = work.symptom;
            vec![
                line(
                    Labour,
                    "钣金 Panel beating",
                    S::Body,
                    rng.range(2, 8) * 1_000,
                    rate,
                ),
                line(Labour, service, S::Body, rng.range(3, 10) * 1_000, rate),
                line(
                    Sundry,
                    "油漆辅料 Paint and materials",
                    S::Body,
                    1_000,
                    estimate / 3,
                ),
            ]
        }
        RepairCategory::Overhaul => {
            let mut l = vec![
                line(
                    Labour,
                    "发动机大修 Engine overhaul",
                    S::Engine,
                    24_000,
                    rate,
                ),
                line(
                    Part,
                    "活塞环组件 Piston ring set",
                    S::Engine,
                    1_000,
                    180_000,
                ),
                line(Part, "大修包 Gasket kit", S::Engine, 1_000, 120_000),
                line(Part, "曲轴瓦 Crankshaft bearings", S::Engine, 1_000, 95_000),
            ];
            for x in &mut l {
                x.guarantee = g.of(GuaranteeClass::Overhaul);
            }
            return l;
        }
        RepairCategory::Comeback => {
            // Within the guarantee the rework is free; a part is charged now and then.
            let mut l = vec![line(Labour, COMEBACK.3, work.system, 1_000, 0)];
            if rng.percent(30) {
                l.push(line(Part, "卡子 Clip", work.system, 1_000, 1_500));
            }
            l
        }
    };
    for x in &mut out {
        x.guarantee = g.of(GuaranteeClass::FirstLevel);
    }
    if rng.percent(10) && work.category == RepairCategory::Repair {
        // The customer brought the part: no quality guarantee, and the form says so.
        out[1].source = Some(PartSource::Customer);
        out[1].unit_price_minor = 0;
        out[1].guarantee = g.of(GuaranteeClass::None);
    }
    out
}

/// What the workshop finds while the car is in: (finding, whether safety is at stake,
/// its line).
const FINDINGS: &[(&str, bool, &str, RepairSystem, i64)] = &[
    (
        "前刹车片剩 3mm Front pads down to 3 mm",
        true,
        "更换前刹车片 Front brake pads",
        RepairSystem::Brakes,
        38_000,
    ),
    (
        "空调滤芯很脏 Cabin filter very dirty",
        false,
        "空调滤芯 Cabin filter",
        RepairSystem::AirCon,
        8_500,
    ),
    (
        "雨刮片老化 Wiper blades perished",
        false,
        "雨刮片 Wiper blades",
        RepairSystem::Other,
        12_000,
    ),
    (
        "右前轮胎鼓包 Bulge on the right front tyre",
        true,
        "轮胎 Tyre",
        RepairSystem::Tyres,
        68_000,
    ),
    (
        "蓄电池电压偏低 Battery voltage low",
        false,
        "蓄电池 Battery",
        RepairSystem::Electrical,
        65_000,
    ),
];

/// A finding offered as an additional item: (finding, safety, its lines, minutes).
pub(super) fn finding(
    rng: &mut Rng,
    g: &GuaranteeDefaults,
) -> (&'static str, bool, Vec<EstimateLine>, u32) {
    let (finding, safety, part, system, price) = *rng.pick(FINDINGS);
    let mut l = vec![
        line(LineKind::Part, part, system, 1_000, price),
        line(LineKind::Labour, part, system, 500, 12_000),
    ];
    for x in &mut l {
        x.guarantee = g.of(GuaranteeClass::FirstLevel);
    }
    (finding, safety, l, rng.range(2, 6) as u32 * 15)
}
