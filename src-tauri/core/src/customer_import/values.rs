//! The values of a customer list as the sales department or an old system writes them:
//! yes/no in either language, a language by its name, a fuel by its Chinese word, a date
//! in the usual spellings or as the day number an XLSX cell keeps, a vehicle's kind by the
//! words a sales list uses. Anything else is refused, never guessed at.
use chrono::{Duration, NaiveDate};

use crate::domain::care::VehicleKind;
use crate::i18n::Lang;
use crate::reason::Reason;
use crate::vehicle::FuelType;

fn key(text: &str) -> String {
    text.trim().to_lowercase().replace([' ', '_', '-'], "")
}

/// Consent to follow-up calls: empty is "not asked", which is no.
pub fn parse_yes_no(text: &str) -> Result<bool, Reason> {
    match key(text).as_str() {
        "" | "n" | "no" | "false" | "0" | "否" | "不" | "不同意" | "×" | "x" => Ok(false),
        "y" | "yes" | "true" | "1" | "是" | "同意" | "可以" | "√" | "✓" => Ok(true),
        _ => Err(Reason::ImportUnknownValue),
    }
}

/// The language a customer is written to in; empty is the shop's default.
pub fn parse_language(text: &str) -> Result<Option<Lang>, Reason> {
    Ok(Some(match key(text).as_str() {
        "" => return Ok(None),
        "en" | "english" | "英文" | "英语" => Lang::En,
        "zhhans" | "zh" | "zhcn" | "chinese" | "简体" | "简体中文" | "中文" | "普通话" => {
            Lang::ZhHans
        }
        "zhhant" | "zhtw" | "zhhk" | "繁体" | "繁體" | "繁体中文" | "繁體中文" | "粤语" => {
            Lang::ZhHant
        }
        _ => return Err(Reason::ImportUnknownValue),
    }))
}

pub fn parse_fuel(text: &str) -> Result<FuelType, Reason> {
    let k = key(text);
    if let Some(fuel) = FuelType::parse(&k) {
        return Ok(fuel);
    }
    Ok(match k.as_str() {
        "" | "gasoline" | "汽油" => FuelType::Petrol,
        "柴油" => FuelType::Diesel,
        "ev" | "纯电" | "纯电动" | "电动" | "电" => FuelType::Electric,
        "混动" | "油电混合" | "混合动力" => FuelType::Hybrid,
        "phev" | "pluginhybrid" | "插混" | "插电混动" | "插电式混合动力" => {
            FuelType::PlugInHybrid
        }
        "液化石油气" => FuelType::Lpg,
        "天然气" | "压缩天然气" => FuelType::Cng,
        "其他" => FuelType::Other,
        _ => return Err(Reason::ImportUnknownValue),
    })
}

/// A vehicle's kind as a sales list writes it, in English or Chinese (轿车, SUV, 商务车,
/// 面包车, 轻卡…); "other" only when the cell says so, anything unknown is refused.
pub fn parse_vehicle_kind(text: &str) -> Result<VehicleKind, Reason> {
    if let Some(kind) = VehicleKind::parse(&text.trim().to_lowercase()) {
        return Ok(kind);
    }
    Ok(match key(text).as_str() {
        "sedan" | "saloon" | "hatchback" | "轿车" | "小轿车" | "小型轿车" => {
            VehicleKind::Car
        }
        "越野车" | "越野" | "运动型多用途车" => VehicleKind::Suv,
        "商务车" | "多用途车" => VehicleKind::Mpv,
        "面包车" | "厢式车" | "厢式货车" => VehicleKind::Van,
        "lighttruck" | "pickup" | "轻卡" | "小货车" | "轻型货车" | "皮卡" => {
            VehicleKind::LightTruck
        }
        "其他" | "其它" => VehicleKind::Other,
        "未知" => VehicleKind::Unknown,
        _ => return Err(Reason::CustomerImportVehicleKind),
    })
}

/// A whole number such as a year or a reading: `85000`, `85,000` or `85000.0` (as an
/// XLSX number comes through), nothing with a fraction.
pub fn parse_whole(text: &str) -> Result<i64, Reason> {
    let text: String = text.trim().chars().filter(|c| *c != ',').collect();
    let text = text.strip_suffix(".0").unwrap_or(&text);
    if text.is_empty() || text.len() > 12 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Reason::ImportNumber);
    }
    text.parse().map_err(|_| Reason::ImportNumber)
}

/// `2024-03-05`, `2024/3/5`, `2024.3.5`, `20240305`, `2024年3月5日`, or the day number
/// an XLSX date cell holds (days since 1899-12-30).
pub fn parse_date(text: &str) -> Result<NaiveDate, Reason> {
    let text = text.trim();
    if let Ok(serial) = parse_whole(text) {
        if (1..=2_958_465).contains(&serial) && text.len() <= 7 {
            let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).ok_or(Reason::CustomerImportDate)?;
            return epoch
                .checked_add_signed(Duration::days(serial))
                .ok_or(Reason::CustomerImportDate);
        }
        if text.len() == 8 {
            return NaiveDate::parse_from_str(text, "%Y%m%d")
                .map_err(|_| Reason::CustomerImportDate);
        }
    }
    let unified: String = text
        .replace(['年', '月', '/', '.'], "-")
        .trim_end_matches('日')
        .to_string();
    // A date and time (`2024-03-05 00:00:00`) counts by its date.
    let day = unified.split([' ', 'T']).next().unwrap_or_default();
    NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| Reason::CustomerImportDate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_in_every_usual_spelling_and_as_an_xlsx_day_number() {
        let want = NaiveDate::from_ymd_opt(2024, 3, 5);
        for text in [
            "2024-03-05",
            "2024/3/5",
            "2024.3.5",
            "20240305",
            "2024年3月5日",
            "45356",
            "2024-03-05 00:00:00",
        ] {
            assert_eq!(parse_date(text).ok(), want, "{text}");
        }
        assert_eq!(parse_date("5/3/2024"), Err(Reason::CustomerImportDate));
        assert_eq!(parse_date("2024-02-30"), Err(Reason::CustomerImportDate));
    }

    #[test]
    fn consent_language_and_fuel_are_read_in_either_language() {
        assert_eq!(parse_yes_no("是"), Ok(true));
        assert_eq!(parse_yes_no(""), Ok(false), "not asked is not consent");
        assert_eq!(parse_yes_no("maybe"), Err(Reason::ImportUnknownValue));
        assert_eq!(parse_language("繁體中文"), Ok(Some(Lang::ZhHant)));
        assert_eq!(parse_language("zh-Hans"), Ok(Some(Lang::ZhHans)));
        assert_eq!(parse_fuel("柴油"), Ok(FuelType::Diesel));
        assert_eq!(parse_fuel("plug_in_hybrid"), Ok(FuelType::PlugInHybrid));
        assert_eq!(parse_whole("85,000"), Ok(85_000));
        assert_eq!(parse_whole("2019.0"), Ok(2019));
        assert_eq!(parse_whole("12.5"), Err(Reason::ImportNumber));
    }

    #[test]
    fn a_vehicle_kind_is_read_in_either_language_and_an_unknown_word_refused() {
        for (text, kind) in [
            ("轿车", VehicleKind::Car),
            ("SUV", VehicleKind::Suv),
            ("越野车", VehicleKind::Suv),
            ("MPV", VehicleKind::Mpv),
            ("商务车", VehicleKind::Mpv),
            ("面包车", VehicleKind::Van),
            ("厢式车", VehicleKind::Van),
            ("Van", VehicleKind::Van),
            ("轻卡", VehicleKind::LightTruck),
            ("小货车", VehicleKind::LightTruck),
            ("Pickup", VehicleKind::LightTruck),
            ("light_truck", VehicleKind::LightTruck),
            ("其他", VehicleKind::Other),
            ("other", VehicleKind::Other),
        ] {
            assert_eq!(parse_vehicle_kind(text), Ok(kind), "{text}");
        }
        assert_eq!(
            parse_vehicle_kind("拖拉机"),
            Err(Reason::CustomerImportVehicleKind),
            "a word not known is refused, never taken as other"
        );
    }
}
