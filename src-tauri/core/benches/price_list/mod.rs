//! Price-list search speed: 20,000 entries (parts with dashed part numbers and brands,
//! labour operations, canned jobs; Chinese and English names) from a fixed seed, then
//! 1,000 mixed queries as the estimate screen types them through `Store::search_prices`.
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use garage_core::pricing::price_list::{part_line, CannedJob, LabourOp, Part};
use garage_core::pricing::{GuaranteeClass, PartGrade, PricingSettings, RepairSystem};
use garage_core::search::pinyin_initials;
use garage_core::Store;

use super::{percentile, Lcg, LIMIT};

const ITEMS: usize = 20_000;
const QUERIES: usize = 1_000;
const KINDS: [&str; 5] = ["fragment", "number", "initials", "short", "code"];

const PARTS: [(&str, &str); 24] = [
    ("前刹车片", "Front brake pads"),
    ("后刹车片", "Rear brake pads"),
    ("刹车盘", "Brake disc"),
    ("机油滤清器", "Oil filter"),
    ("空气滤清器", "Air filter"),
    ("空调滤芯", "Cabin filter"),
    ("燃油滤清器", "Fuel filter"),
    ("火花塞", "Spark plug"),
    ("正时皮带", "Timing belt"),
    ("发电机皮带", "Alternator belt"),
    ("水泵", "Water pump"),
    ("节温器", "Thermostat"),
    ("减震器", "Shock absorber"),
    ("球头", "Ball joint"),
    ("摆臂", "Control arm"),
    ("雨刮片", "Wiper blade"),
    ("蓄电池", "Battery"),
    ("大灯灯泡", "Headlight bulb"),
    ("离合器片", "Clutch disc"),
    ("轮毂轴承", "Wheel bearing"),
    ("氧传感器", "Oxygen sensor"),
    ("点火线圈", "Ignition coil"),
    ("防冻液", "Coolant"),
    ("刹车油", "Brake fluid"),
];
const MODELS: [&str; 10] = [
    "卡罗拉 Corolla",
    "凯美瑞 Camry",
    "思域 Civic",
    "雅阁 Accord",
    "朗逸 Lavida",
    "轩逸 Sylphy",
    "速腾 Sagitar",
    "CR-V",
    "哈弗 H6",
    "宝来 Bora",
];
const BRANDS: [&str; 14] = [
    "Bosch 博世",
    "Denso 电装",
    "NGK",
    "Mann 曼牌",
    "Toyota 丰田",
    "Honda 本田",
    "Brembo 布雷博",
    "Mobil 美孚",
    "Castrol 嘉实多",
    "Valeo 法雷奥",
    "ACDelco",
    "TRW 天合",
    "Sachs 萨克斯",
    "Varta 瓦尔塔",
];
const JOBS: [(&str, &str, RepairSystem); 10] = [
    (
        "EN",
        "更换机油机滤 Oil and filter change",
        RepairSystem::Maintenance,
    ),
    ("BR", "更换刹车片 Replace brake pads", RepairSystem::Brakes),
    (
        "SU",
        "更换减震器 Replace shock absorbers",
        RepairSystem::Suspension,
    ),
    ("EL", "检测电路 Wiring diagnosis", RepairSystem::Electrical),
    ("AC", "空调加氟 A/C recharge", RepairSystem::AirCon),
    ("BO", "钣金喷漆 Panel respray", RepairSystem::Body),
    (
        "TB",
        "更换正时皮带 Timing belt replacement",
        RepairSystem::Engine,
    ),
    ("WA", "四轮定位 Wheel alignment", RepairSystem::Suspension),
    (
        "CL",
        "清洗节气门 Throttle body cleaning",
        RepairSystem::Engine,
    ),
    (
        "GB",
        "更换变速箱油 Gearbox oil change",
        RepairSystem::Maintenance,
    ),
];

fn part_number(i: usize, rng: &mut Lcg) -> String {
    match i % 4 {
        0 => format!("{:05}-{:05}", 10_000 + rng.below(89_999), i),
        1 => format!("0986-{:06}", i),
        2 => format!(
            "{:05}-T{}A-A{:05}",
            10_000 + rng.below(89_999),
            rng.below(9),
            i
        ),
        _ => format!("W{}/{}-{}", 600 + rng.below(300), rng.below(90), i),
    }
}

/// Fills the price list and returns what the queries are sampled from:
/// (part numbers, labour codes, names).
fn fill(store: &Store, now: NaiveDateTime) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut rng = Lcg(7);
    let (mut numbers, mut codes, mut names) = (Vec::new(), Vec::new(), Vec::new());
    let settings = PricingSettings::default();
    for i in 0..ITEMS {
        match i % 20 {
            0..=15 => {
                let (zh, en) = PARTS[rng.below(PARTS.len())];
                let model = MODELS[rng.below(MODELS.len())];
                let part = Part {
                    id: None,
                    part_number: part_number(i, &mut rng),
                    name: format!("{zh} {en} {model}"),
                    brand: BRANDS[rng.below(BRANDS.len())].to_string(),
                    grade: [PartGrade::Genuine, PartGrade::OemEquivalent][rng.below(2)],
                    unit: "pc".into(),
                    sell_price_minor: 1_000 + 100 * rng.below(20_000) as i64,
                    cost_price_minor: None,
                    system: None,
                };
                let part = store.save_part(&part, now).expect("part");
                numbers.push(part.part_number);
                names.push(part.name);
            }
            16..=18 => {
                let (prefix, name, system) = JOBS[rng.below(JOBS.len())];
                let op = LabourOp {
                    id: None,
                    code: format!("{prefix}-{i:05}"),
                    name: format!("{name} {}", MODELS[rng.below(MODELS.len())]),
                    system: Some(system),
                    hours_milli: Some(500 * (1 + rng.below(8)) as i64),
                    flat_price_minor: None,
                    guarantee_class: GuaranteeClass::FirstLevel,
                };
                let op = store.save_labour_op(&op, now).expect("operation");
                codes.push(op.code);
                names.push(op.name);
            }
            _ => {
                let (zh, en) = PARTS[rng.below(PARTS.len())];
                let line = part_line(
                    &Part {
                        id: None,
                        part_number: format!("PK-{i}"),
                        name: zh.into(),
                        brand: String::new(),
                        grade: PartGrade::Genuine,
                        unit: "pc".into(),
                        sell_price_minor: 5_000,
                        cost_price_minor: None,
                        system: None,
                    },
                    &settings,
                );
                let job = CannedJob {
                    id: None,
                    code: format!("PK-{i:05}"),
                    name: format!("{zh}套餐 {en} package"),
                    lines: vec![line],
                };
                let job = store.save_canned_job(&job, now).expect("canned job");
                codes.push(job.code);
                names.push(job.name);
            }
        }
    }
    (numbers, codes, names)
}

fn chars_of(s: &str) -> Vec<char> {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn sample(numbers: &[String], codes: &[String], names: &[String]) -> Vec<(usize, String)> {
    let mut rng = Lcg(2027);
    (0..QUERIES)
        .map(|i| {
            let kind = i % KINDS.len();
            let query = match kind {
                0 => {
                    let name = chars_of(&names[rng.below(names.len())]);
                    super::fragment(&name, &mut rng, 2, 5).to_lowercase()
                }
                1 => {
                    let number: String = numbers[rng.below(numbers.len())]
                        .chars()
                        .filter(char::is_ascii_alphanumeric)
                        .collect();
                    super::fragment(&chars_of(&number), &mut rng, 5, 12)
                }
                2 => {
                    let name = &names[rng.below(names.len())];
                    let han: String = name.chars().take_while(|c| !c.is_ascii()).collect();
                    let initials = chars_of(&pinyin_initials(&han));
                    super::fragment(&initials, &mut rng, 2, 4)
                }
                3 => {
                    let name = chars_of(&names[rng.below(names.len())]);
                    super::fragment(&name, &mut rng, 1, 2).to_lowercase()
                }
                _ => codes[rng.below(codes.len())].to_lowercase(),
            };
            (kind, query)
        })
        .collect()
}

/// In memory: 20,000 entries are a few megabytes that stay in the page cache anyway,
/// so this measures the index, not the disk.
pub fn run(now: NaiveDateTime) {
    let store = &Store::open_in_memory().expect("store opens");
    let started = Instant::now();
    let (numbers, codes, names) = fill(store, now);
    println!(
        "price list: {ITEMS} entries in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let queries = sample(&numbers, &codes, &names);
    for (_, q) in &queries {
        let _ = store.search_prices(q, LIMIT);
    }
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); KINDS.len()];
    let mut found = vec![0usize; KINDS.len()];
    for (kind, q) in &queries {
        let t = Instant::now();
        let hits = store.search_prices(q, LIMIT).expect("price search");
        times[*kind].push(t.elapsed());
        found[*kind] += usize::from(!hits.is_empty());
    }
    println!(
        "{:<10} {:>6} {:>8} {:>12} {:>12}",
        "kind", "n", "found", "p50", "p95"
    );
    for (i, kind) in KINDS.iter().enumerate() {
        println!(
            "{:<10} {:>6} {:>8} {:>12.3} {:>12.3}",
            kind,
            times[i].len(),
            found[i],
            percentile(&mut times[i], 0.5),
            percentile(&mut times[i], 0.95)
        );
    }
    let mut all: Vec<Duration> = times.concat();
    let (p50, p95) = (percentile(&mut all, 0.5), percentile(&mut all, 0.95));
    println!("RESULT price_search p50_ms={p50:.3} p95_ms={p95:.3}");
}
