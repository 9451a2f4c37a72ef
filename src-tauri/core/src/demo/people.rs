//! Demo customers: Chinese names (simplified and, for Hong Kong and Taiwan customers,
//! traditional), English names, companies with contact persons, phones and addresses.
use super::rng::Rng;
use crate::customer::{CustomerInput, CustomerKind, PhoneInput, PhoneLabel};
use crate::i18n::Lang;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
    "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏",
    "韦", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "段", "雷", "侯", "龙", "史",
    "欧阳", "司马",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "小明", "建国", "志强", "海燕", "晓东",
    "文华", "玉兰", "红梅", "国平", "建华", "子轩", "浩然", "梓涵", "欣怡", "宇航", "思远", "雨桐",
    "嘉怡", "俊杰", "家豪", "天佑", "晨曦", "一鸣", "佳琪", "志明", "春生", "德明", "永红", "少华",
    "立新",
];
const SURNAMES_TRAD: &[&str] = &[
    "陳", "黃", "張", "劉", "楊", "趙", "吳", "周", "許", "林", "何", "鄭", "謝", "蔡", "葉", "鍾",
    "羅", "蕭", "馮", "鄧", "梁", "李", "王", "郭", "曾",
];
const GIVEN_TRAD: &[&str] = &[
    "偉強", "嘉欣", "志明", "家豪", "俊傑", "美玲", "詩婷", "雅慧", "國華", "淑芬", "冠宇", "怡君",
    "建宏", "麗華", "耀輝", "凱文", "鴻文", "穎欣", "嘉慧", "振華", "寶儀", "錦榮",
];
const FIRST_EN: &[&str] = &[
    "James",
    "Mary",
    "John",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Susan",
    "Richard",
    "Jessica",
    "Joseph",
    "Sarah",
    "Thomas",
    "Karen",
    "Daniel",
    "Emily",
    "Matthew",
    "Grace",
    "Kevin",
    "Chloe",
    "Peter",
    "Sophie",
    "Andrew",
    "Olivia",
    "Brian",
    "Emma",
    "Vincent",
    "Kelvin",
    "Winnie",
    "Ivy",
    "Raymond",
    "Alan",
];
const LAST_EN: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor",
    "Anderson", "Thomas", "Jackson", "White", "Harris", "Martin", "Thompson", "Wong", "Chan",
    "Lee", "Cheung", "Lau", "Ng", "Ho", "Leung", "Tam", "Fung", "Murphy", "O'Brien", "Clarke",
];
const CITIES: &[&str] = &[
    "深圳市",
    "广州市",
    "东莞市",
    "佛山市",
    "上海市",
    "北京市",
    "杭州市",
    "成都市",
];
const BRANDS: &[&str] = &[
    "顺达", "恒通", "鑫源", "宏发", "华信", "中联", "金盛", "永安", "安达", "瑞丰", "大鹏", "嘉禾",
];
const TRADES: &[&str] = &[
    "物流",
    "运输",
    "建材",
    "贸易",
    "科技",
    "汽车租赁",
    "餐饮管理",
    "物业管理",
    "电子",
    "装饰工程",
];
const BRANDS_EN: &[&str] = &[
    "Harbour",
    "Pacific",
    "Golden Dragon",
    "Jade",
    "Kowloon",
    "Pearl River",
    "Summit",
    "Evergreen",
    "Eastwind",
    "Victoria",
];
const TRADES_EN: &[&str] = &[
    "Freight",
    "Logistics",
    "Trading",
    "Builders",
    "Catering",
    "Couriers",
    "Engineering",
    "Taxi",
    "Rentals",
];
const SUFFIX_EN: &[&str] = &["Ltd", "Limited", "Co.", "Group"];
const DISTRICTS: &[&str] = &["南山区", "福田区", "罗湖区", "宝安区", "龙岗区", "龙华区"];
const ROADS: &[&str] = &[
    "科技园路",
    "深南大道",
    "滨海大道",
    "建设路",
    "人民路",
    "华强北路",
    "松白路",
];
const ROADS_EN: &[&str] = &[
    "Nathan Road",
    "Queen's Road Central",
    "Hennessy Road",
    "Canton Road",
    "King's Road",
];
const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
    "156", "157", "158", "159", "176", "177", "180", "181", "182", "183", "186", "187", "188",
    "189", "199",
];
const NOTES: &[&str] = &[
    "老客户，喜欢原厂件。",
    "只在周末取车。",
    "请先电话确认价格再施工。",
    "Prefers genuine parts.",
    "Call before any extra work.",
];

/// Where a demo customer comes from, which decides names, phones and language.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Mainland,
    HongKongTaiwan,
    English,
}

fn chinese_name(rng: &mut Rng, traditional: bool) -> String {
    if traditional {
        format!("{}{}", rng.pick(SURNAMES_TRAD), rng.pick(GIVEN_TRAD))
    } else {
        format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
    }
}

fn english_name(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST_EN), rng.pick(LAST_EN))
}

pub(crate) fn person_name(rng: &mut Rng, origin: Origin) -> String {
    match origin {
        Origin::Mainland => chinese_name(rng, false),
        Origin::HongKongTaiwan => chinese_name(rng, true),
        Origin::English => english_name(rng),
    }
}

/// A phone number in normalised form, shaped like the origin's numbers.
pub(crate) fn mobile(rng: &mut Rng, origin: Origin) -> String {
    let mainland = |rng: &mut Rng| format!("{}{}", rng.pick(MOBILE_PREFIXES), rng.digits(8));
    match origin {
        Origin::Mainland => mainland(rng),
        Origin::HongKongTaiwan if rng.percent(50) => {
            format!("+852{}{}", rng.pick_char("569"), rng.digits(7))
        }
        Origin::HongKongTaiwan if rng.percent(80) => format!("09{}", rng.digits(8)),
        Origin::English if rng.percent(50) => {
            format!("+852{}{}", rng.pick_char("569"), rng.digits(7))
        }
        _ => mainland(rng),
    }
}

fn landline(rng: &mut Rng) -> String {
    format!("0755{}", rng.range(20_000_000, 89_999_999))
}

fn address(rng: &mut Rng, origin: Origin) -> String {
    match origin {
        Origin::English => format!("{} {}, Hong Kong", rng.range(1, 300), rng.pick(ROADS_EN)),
        _ => format!(
            "深圳市{}{}{}号",
            rng.pick(DISTRICTS),
            rng.pick(ROADS),
            rng.range(1, 999)
        ),
    }
}

/// A customer form as a new customer would fill it. `unique_phone` draws a number that
/// is not yet on file.
pub(crate) fn customer(
    rng: &mut Rng,
    mut unique_phone: impl FnMut(&mut Rng, Origin) -> String,
) -> (CustomerInput, Origin) {
    let company = rng.percent(10);
    let origin = match rng.below(100) {
        0..=59 => Origin::Mainland,
        60..=69 => Origin::HongKongTaiwan,
        _ => Origin::English,
    };
    let mut input = CustomerInput {
        kind: if company {
            CustomerKind::Company
        } else {
            CustomerKind::Person
        },
        preferred_language: match origin {
            Origin::Mainland => Lang::ZhHans,
            Origin::HongKongTaiwan => Lang::ZhHant,
            Origin::English => Lang::En,
        },
        agrees_to_follow_up: rng.percent(85),
        address: if rng.percent(70) {
            address(rng, origin)
        } else {
            String::new()
        },
        notes: if rng.percent(8) {
            (*rng.pick(NOTES)).to_string()
        } else {
            String::new()
        },
        ..CustomerInput::default()
    };
    if company {
        input.company_name = if origin == Origin::English {
            format!(
                "{} {} {}",
                rng.pick(BRANDS_EN),
                rng.pick(TRADES_EN),
                rng.pick(SUFFIX_EN)
            )
        } else {
            format!(
                "{}{}{}有限公司",
                rng.pick(CITIES),
                rng.pick(BRANDS),
                rng.pick(TRADES)
            )
        };
        input.contact_person = person_name(rng, origin);
    } else {
        input.name = person_name(rng, origin);
    }
    input.phones.push(PhoneInput {
        label: PhoneLabel::Mobile,
        number: unique_phone(rng, origin),
        is_primary: true,
    });
    if rng.percent(20) {
        let label = if company {
            PhoneLabel::Work
        } else {
            *rng.pick(&[PhoneLabel::Home, PhoneLabel::Work, PhoneLabel::Mobile])
        };
        let number = if label == PhoneLabel::Mobile {
            unique_phone(rng, origin)
        } else {
            landline(rng)
        };
        if !input.phones.iter().any(|p| p.number == number) {
            input.phones.push(PhoneInput {
                label,
                number,
                is_primary: false,
            });
        }
    }
    (input, origin)
}
