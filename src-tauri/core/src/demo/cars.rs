//! Demo vehicles: real makes and models with their manufacturers' world identifiers,
//! plates in the shapes the validator accepts, VINs with correct check digits, and
//! odometer histories that only go up.
use chrono::{Datelike, Duration, NaiveDate};

use super::people::Origin;
use super::rng::Rng;
use crate::validate::vin::check_digit;
use crate::vehicle::{DistanceUnit, FuelType, OdometerInput, OdometerSource, VehicleInput};

/// (WMI, make, models, fuel types the models come with)
type CarLine = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [FuelType],
);

const P: FuelType = FuelType::Petrol;
const D: FuelType = FuelType::Diesel;
const E: FuelType = FuelType::Electric;
const H: FuelType = FuelType::Hybrid;
const PH: FuelType = FuelType::PlugInHybrid;

const CARS: &[CarLine] = &[
    (
        "LSV",
        "Volkswagen (SAIC)",
        &["Lavida", "Passat", "Tiguan L", "Lamando"],
        &[P],
    ),
    (
        "LFV",
        "Volkswagen (FAW)",
        &["Sagitar", "Magotan", "Bora", "CC"],
        &[P],
    ),
    (
        "LGB",
        "Nissan (Dongfeng)",
        &["Sylphy", "X-Trail", "Teana", "Qashqai"],
        &[P, H],
    ),
    (
        "LVG",
        "Toyota (GAC)",
        &["Camry", "Levin", "Highlander"],
        &[P, H],
    ),
    (
        "LFM",
        "Toyota (FAW)",
        &["Corolla", "RAV4", "Crown"],
        &[P, H],
    ),
    ("LHG", "Honda (GAC)", &["Accord", "Fit", "Odyssey"], &[P, H]),
    (
        "LVH",
        "Honda (Dongfeng)",
        &["Civic", "CR-V", "Inspire"],
        &[P, H],
    ),
    (
        "LBV",
        "BMW Brilliance",
        &["3 Series", "5 Series", "X3"],
        &[P],
    ),
    (
        "LE4",
        "Mercedes-Benz (Beijing)",
        &["C-Class", "E-Class", "GLC"],
        &[P],
    ),
    (
        "LGX",
        "BYD",
        &["Qin PLUS", "Han", "Song PLUS", "Seal", "Dolphin"],
        &[E, PH],
    ),
    ("LRW", "Tesla (Shanghai)", &["Model 3", "Model Y"], &[E]),
    ("LB3", "Geely", &["Emgrand", "Boyue", "Xingyue L"], &[P, PH]),
    (
        "LVS",
        "Ford (Changan)",
        &["Focus", "Mondeo", "Escape"],
        &[P],
    ),
    ("LS5", "Changan", &["CS75", "Eado", "UNI-K"], &[P, PH]),
    ("LJD", "Kia (Yueda)", &["K3", "Sportage"], &[P]),
    ("WVW", "Volkswagen", &["Golf", "Polo", "Touran"], &[P, D]),
    ("WBA", "BMW", &["X5", "7 Series"], &[P, D]),
    ("JTD", "Toyota", &["Prius", "Yaris", "Alphard"], &[P, H]),
    ("JHM", "Honda", &["Jazz", "Stepwgn"], &[P, H]),
    ("KMH", "Hyundai", &["Elantra", "Tucson"], &[P]),
    (
        "LZW",
        "SAIC-GM-Wuling",
        &["Hongguang MINI EV", "Bingo"],
        &[E],
    ),
    ("LNB", "BAIC", &["EU5", "X7"], &[E, P]),
];

const PROVINCES_NEAR: &str = "粤粤粤粤粤粤粤粤湘桂赣闽川鄂豫琼";
const PROVINCES_ALL: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
const PLATE_LETTERS: &str = "ABCDEFGHJKLMNPQRSTUVWXYZ";
const VIN_CHARS: &str = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
/// Model-year codes from 2010 (position 10 of a VIN).
const YEAR_CODES: &str = "ABCDEFGHJKLMNPRSTVWXY";
const COLOURS_ZH: &[&str] = &[
    "白色",
    "黑色",
    "银色",
    "灰色",
    "红色",
    "蓝色",
    "珍珠白",
    "香槟金",
];
const COLOURS_EN: &[&str] = &[
    "White",
    "Black",
    "Silver",
    "Grey",
    "Red",
    "Blue",
    "Pearl White",
];

fn serial_char(rng: &mut Rng) -> char {
    if rng.percent(80) {
        char::from(b'0' + rng.below(10) as u8)
    } else {
        rng.pick_char(PLATE_LETTERS)
    }
}

/// A plate the validator accepts, normalised.
pub(crate) fn plate(rng: &mut Rng, origin: Origin, new_energy: bool) -> String {
    if origin != Origin::Mainland && !new_energy && rng.percent(15) {
        let letters: String = (0..2).map(|_| rng.pick_char(PLATE_LETTERS)).collect();
        return format!("{letters}{}", rng.range(1, 9999));
    }
    let provinces = if rng.percent(85) {
        PROVINCES_NEAR
    } else {
        PROVINCES_ALL
    };
    let head = format!(
        "{}{}",
        rng.pick_char(provinces),
        rng.pick_char(PLATE_LETTERS)
    );
    if new_energy {
        let mark = rng.pick_char("DF");
        if rng.percent(85) {
            format!("{head}{mark}{}{}", serial_char(rng), rng.digits(4))
        } else {
            format!("{head}{}{mark}", rng.digits(5))
        }
    } else {
        let body: String = (0..5).map(|_| serial_char(rng)).collect();
        format!("{head}{body}")
    }
}

/// A VIN of `wmi` for `year` with a correct check digit.
pub(crate) fn vin(rng: &mut Rng, wmi: &str, year: i32) -> String {
    let vds: String = (0..5).map(|_| rng.pick_char(VIN_CHARS)).collect();
    let year_code = YEAR_CODES
        .chars()
        .nth((year - 2010).clamp(0, 20) as usize)
        .unwrap_or('A');
    let plant = rng.pick_char(VIN_CHARS);
    let draft = format!("{wmi}{vds}0{year_code}{plant}{}", rng.digits(6));
    let digit = check_digit(&draft).unwrap_or('0');
    format!("{}{digit}{}", &draft[..8], &draft[9..])
}

fn date_between(rng: &mut Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let days = (to - from).num_days().max(0);
    from + Duration::days(rng.range(0, days))
}

/// A vehicle form for a customer of `origin`, with odometer readings from its
/// registration up to `today`. `unique_plate` draws a plate not yet on file.
pub(crate) fn vehicle(
    rng: &mut Rng,
    origin: Origin,
    today: NaiveDate,
    mut unique_plate: impl FnMut(&mut Rng, bool) -> String,
) -> (VehicleInput, Vec<OdometerInput>) {
    let (wmi, make, models, fuels) = *rng.pick(CARS);
    let fuel = *rng.pick(fuels);
    let year = today.year() - rng.range(0, 14) as i32;
    let registered = date_between(
        rng,
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today),
        NaiveDate::from_ymd_opt(year, 12, 28)
            .unwrap_or(today)
            .min(today),
    );
    let colours = if origin == Origin::English {
        COLOURS_EN
    } else {
        COLOURS_ZH
    };
    let input = VehicleInput {
        plate: unique_plate(
            rng,
            matches!(fuel, FuelType::Electric | FuelType::PlugInHybrid),
        ),
        vin: if rng.percent(90) {
            vin(rng, wmi, year)
        } else {
            String::new()
        },
        make: make.to_string(),
        model: (*rng.pick(models)).to_string(),
        year: Some(year),
        colour: (*rng.pick(colours)).to_string(),
        engine_number: if rng.percent(60) {
            format!("{}{}", rng.pick_char(PLATE_LETTERS), rng.digits(8))
        } else {
            String::new()
        },
        fuel_type: fuel,
        registration_date: Some(registered),
        insurance_expiry: Some(today + Duration::days(rng.range(-30, 365))),
        inspection_expiry: Some(today + Duration::days(rng.range(-20, 720))),
        odometer: None,
    };
    let unit = if origin == Origin::English && rng.percent(10) {
        DistanceUnit::Mi
    } else {
        DistanceUnit::Km
    };
    let per_day = rng.range(15, 60);
    let mut readings = Vec::new();
    let mut on = registered + Duration::days(rng.range(60, 400));
    while on <= today && readings.len() < 8 {
        let days = (on - registered).num_days();
        readings.push(OdometerInput {
            value: days * per_day + rng.range(0, 500),
            unit,
            read_on: on,
            source: OdometerSource::Intake,
        });
        on += Duration::days(rng.range(120, 420));
    }
    (input, readings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{check_plate, check_vin};

    #[test]
    fn demo_vins_have_correct_check_digits() {
        let mut rng = Rng::new(3);
        for _ in 0..200 {
            let v = vin(&mut rng, "LSV", 2019);
            let (_, warnings) = check_vin(&v, "vin").expect("well formed");
            assert!(warnings.is_empty(), "{v} has a wrong check digit");
        }
    }

    #[test]
    fn demo_plates_pass_the_plate_rules() {
        let mut rng = Rng::new(4);
        for i in 0..500 {
            let origin = if i % 3 == 0 {
                Origin::English
            } else {
                Origin::Mainland
            };
            let p = plate(&mut rng, origin, i % 5 == 0);
            assert_eq!(check_plate(&p), Ok(p.clone()), "{p}");
        }
    }

    #[test]
    fn odometer_histories_only_go_up_and_never_pass_today() {
        let mut rng = Rng::new(5);
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
        for _ in 0..100 {
            let (_, readings) = vehicle(&mut rng, Origin::Mainland, today, |r, nev| {
                plate(r, Origin::Mainland, nev)
            });
            assert!(readings
                .windows(2)
                .all(|w| w[0].value < w[1].value && w[0].read_on < w[1].read_on));
            assert!(readings.iter().all(|r| r.read_on <= today));
        }
    }
}
