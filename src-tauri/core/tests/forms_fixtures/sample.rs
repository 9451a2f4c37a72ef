//! A typical job at a Shenzhen shop, filled in the way an advisor fills it at the desk,
//! shared by the form tests and the form benchmark. Also a long job that must paginate.
#![allow(dead_code)]

use chrono::{NaiveDate, NaiveDateTime};
use garage_core::forms::*;

pub const LOGO_PNG: &[u8] = include_bytes!("logo.png");
pub const SIGNATURE_PNG: &[u8] = include_bytes!("signature.png");
pub const FONT_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../assets/fonts/NotoSansSC-Regular.ttf"
);

pub fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, mo, d)
        .and_then(|day| day.and_hms_opt(h, mi, 0))
        .unwrap_or_default()
}

pub fn day(y: i32, mo: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, mo, d).unwrap_or_default()
}

fn item(name: &str, status: InspectionStatus, note: &str) -> InspectionItem {
    InspectionItem {
        name: name.into(),
        status,
        note: note.into(),
    }
}

fn belonging(
    item: &str,
    quantity: u32,
    note: &str,
    storage_box: &str,
    valuable: bool,
) -> Belonging {
    Belonging {
        item: item.into(),
        quantity,
        note: note.into(),
        storage_box: storage_box.into(),
        valuable,
    }
}

pub const TERMS: &str =
    "1. 本委托书经客户签字后生效；维修项目及预估金额以本单为准，增加项目须经客户同意后方可施工。\n\
2. 客户自带配件，或应客户要求在关键系统使用副厂件的，本店不提供质量保证。\n\
3. 贵重物品请客户自行带走；未在本单登记的物品，本店恕不负责。\n\
4. 修竣通知后超过 3 日未提车的，按每日 50 元收取停车费。\n\
5. 质量保证期按机动车维修有关规定执行，以先到者为准。";

/// The everyday job: one page in every language.
pub fn typical_job() -> WorkOrderDoc {
    WorkOrderDoc {
        shop: ShopHeader {
            name: "明远汽车维修服务中心".into(),
            address: "深圳市南山区科技园南路 88 号 1 栋".into(),
            phone: "0755-8666 1234".into(),
            tax_number: Some("91440300MA5G8K2X7Q".into()),
            logo_png: Some(LOGO_PNG.to_vec()),
        },
        number: "WO-2026-00042".into(),
        opened_at: at(2026, 3, 14, 9, 30),
        promised_at: Some(at(2026, 3, 15, 17, 0)),
        advisor: "陈志强".into(),
        repair_category: None,
        customer: CustomerPart {
            name: "王小明".into(),
            company: Some("深圳市晨光贸易有限公司".into()),
            phones: vec!["138 0013 8000".into(), "0755-2660 1188".into()],
            address: Some("深圳市福田区莲花路 1001 号 3 栋 502".into()),
        },
        contact: Some(JobContact {
            name: "李娜".into(),
            phone: "139 2222 3333".into(),
        }),
        vehicle: VehiclePart {
            plate: "粤B·12345".into(),
            vin: "LSVAM4187C2184710".into(),
            make: "大众 Volkswagen".into(),
            model: "帕萨特 Passat 330TSI".into(),
            year: Some(2019),
            colour: "珍珠白".into(),
            fuel: FuelType::Petrol,
        },
        complaint: "早上冷车启动时发动机有“哒哒”异响，大概持续半分钟；最近踩刹车时方向盘有点抖。"
            .into(),
        diagnosis: "初步判断：液压挺柱冷启动异响；前制动盘磨损不均，需测量端面跳动。".into(),
        services: vec![
            ServiceLine {
                description: "更换机油及机油滤芯（5W-30 全合成）".into(),
                estimate_minor: Some(48_000),
            },
            ServiceLine {
                description: "检查发动机冷启动异响".into(),
                estimate_minor: Some(20_000),
            },
            ServiceLine {
                description: "前制动盘光盘或更换，更换前刹车片".into(),
                estimate_minor: Some(96_000),
            },
            ServiceLine {
                description: "四轮定位".into(),
                estimate_minor: Some(18_000),
            },
        ],
        currency: "CNY".into(),
        other_requests: "旧件请保留给客户带走；增项超过 500 元请先电话确认。".into(),
        inspection: vec![
            InspectionGroup {
                name: "外观".into(),
                items: vec![
                    item("车灯", InspectionStatus::Ok, ""),
                    item("雨刮", InspectionStatus::Attention, "胶条老化"),
                    item("风挡玻璃", InspectionStatus::Damaged, "右下角裂纹 3 cm"),
                    item("轮胎", InspectionStatus::Ok, ""),
                ],
            },
            InspectionGroup {
                name: "内饰".into(),
                items: vec![
                    item("座椅", InspectionStatus::Ok, ""),
                    item("仪表", InspectionStatus::Ok, ""),
                    item("空调", InspectionStatus::NotChecked, ""),
                    item("音响", InspectionStatus::Ok, ""),
                ],
            },
            InspectionGroup {
                name: "发动机舱".into(),
                items: vec![
                    item("机油液位", InspectionStatus::Attention, "偏低"),
                    item("冷却液", InspectionStatus::Ok, ""),
                    item("制动液", InspectionStatus::Ok, ""),
                    item("蓄电池", InspectionStatus::Ok, ""),
                ],
            },
        ],
        damage: vec![
            DamageMark {
                kind: DamageKind::Scratch,
                x: 70,
                y: 300,
                note: "后保险杠左侧，约 10 cm".into(),
            },
            DamageMark {
                kind: DamageKind::Dent,
                x: 430,
                y: 80,
                note: "左后门，硬币大小".into(),
            },
            DamageMark {
                kind: DamageKind::Chip,
                x: 820,
                y: 250,
                note: "引擎盖 2 处".into(),
            },
        ],
        warning_lights: vec![WarningLight::CheckEngine, WarningLight::TyrePressure],
        fuel_eighths: 3,
        odometer: Odometer {
            value: 86_420,
            unit: DistanceUnit::Km,
        },
        documents: vec![
            DocumentReceived {
                kind: DocumentKind::Registration,
                description: String::new(),
                expires_on: None,
                checked_valid: true,
            },
            DocumentReceived {
                kind: DocumentKind::Insurance,
                description: "平安车险".into(),
                expires_on: Some(day(2026, 9, 30)),
                checked_valid: true,
            },
            DocumentReceived {
                kind: DocumentKind::InspectionCertificate,
                description: String::new(),
                expires_on: Some(day(2025, 12, 31)),
                checked_valid: false,
            },
        ],
        keys: KeysLog {
            count: 2,
            tag_number: "K-042".into(),
            cabinet_slot: "B-07".into(),
        },
        belongings: Belongings::Listed(vec![
            belonging("备胎", 1, "原厂全尺寸", "A-12", false),
            belonging("千斤顶及随车工具", 1, "", "A-12", false),
            belonging("三角警示牌", 1, "", "A-12", false),
            belonging("儿童安全座椅", 1, "灰色 Britax", "A-12", false),
            belonging("行车记录仪", 1, "前挡风玻璃处", "A-12", true),
            belonging("现金", 1, "信封装 ¥500", "保险柜 S-3", true),
        ]),
        terms: TERMS.into(),
        signatures: vec![
            Signature {
                role: SignatureRole::Customer,
                signer_name: "王小明".into(),
                signed_at: at(2026, 3, 14, 9, 42),
                png: Some(SIGNATURE_PNG.to_vec()),
                fingerprint_hex: "3fa9c2e1b07d5e44a1c9b2d3e4f50617".into(),
            },
            Signature {
                role: SignatureRole::Advisor,
                signer_name: "陈志强".into(),
                signed_at: at(2026, 3, 14, 9, 43),
                png: Some(SIGNATURE_PNG.to_vec()),
                fingerprint_hex: "9b1d0c7a55e3f2a8c4d6e8f0a1b2c3d4".into(),
            },
        ],
    }
}

/// The same job in English data, for an English-speaking shop.
pub fn typical_job_english() -> WorkOrderDoc {
    let mut doc = typical_job();
    doc.shop.name = "Bright Road Auto Repair".into();
    doc.shop.address = "88 Science Park South Rd, Nanshan, Shenzhen".into();
    doc.advisor = "Chen Zhiqiang".into();
    doc.customer.name = "Mary Johnson".into();
    doc.customer.company = None;
    doc.complaint = "There is a ticking noise from the engine for about thirty seconds after a cold start, and the steering wheel shakes when I brake on the motorway.".into();
    doc.diagnosis =
        "Hydraulic lifter noise on cold start; front discs worn unevenly, measure run-out.".into();
    doc.services[0].description = "Oil and filter change (5W-30 fully synthetic)".into();
    doc.terms = "The customer authorises the work above. Additional work is only carried out after the customer agrees to it. Parts supplied by the customer carry no quality guarantee.".into();
    doc
}

/// A job with a long complaint and forty belongings: it must run onto more pages.
pub fn long_job() -> WorkOrderDoc {
    let mut doc = typical_job();
    doc.complaint = "客户说：".to_string() + &"车辆在高速行驶到一百公里左右时，方向盘会明显抖动，松开油门后抖动减轻；冷车时变速箱换挡有顿挫感，热车后好一些。".repeat(12);
    let items = (1..=40)
        .map(|i| belonging(&format!("随车物品 {i}"), i, "完好", "A-12", i % 10 == 0))
        .collect();
    doc.belongings = Belongings::Listed(items);
    doc
}
