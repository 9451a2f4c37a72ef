//! Numbers, money and dates written the way each language writes them, for the UI and
//! the printed forms. Money arrives as integer minor units: no float ever touches it.
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use super::Lang;

/// Groups thousands with commas (both English and Chinese usage): `1234567` → `1,234,567`.
pub fn format_number(n: i64, _lang: Lang) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The symbol and the number of minor digits of an ISO 4217 currency.
pub(crate) fn currency_style(currency: &str) -> (String, u32) {
    match currency.to_ascii_uppercase().as_str() {
        "CNY" | "RMB" => ("¥".into(), 2),
        "HKD" => ("HK$".into(), 2),
        "TWD" => ("NT$".into(), 2),
        "MOP" => ("MOP$".into(), 2),
        "USD" => ("$".into(), 2),
        "SGD" => ("S$".into(), 2),
        "EUR" => ("€".into(), 2),
        "GBP" => ("£".into(), 2),
        "JPY" => ("JP¥".into(), 0),
        "KRW" => ("₩".into(), 0),
        other => (format!("{other} "), 2),
    }
}

/// `123450` CNY → `¥1,234.50`; negative amounts as `-¥1,234.50`.
pub fn format_money(minor: i64, currency: &str, lang: Lang) -> String {
    let (symbol, decimals) = currency_style(currency);
    let scale = 10_i64.pow(decimals);
    let abs = minor.unsigned_abs();
    let major = (abs / scale.unsigned_abs()) as i64;
    let sign = if minor < 0 { "-" } else { "" };
    let whole = format_number(major, lang);
    if decimals == 0 {
        return format!("{sign}{symbol}{whole}");
    }
    let cents = abs % scale.unsigned_abs();
    format!(
        "{sign}{symbol}{whole}.{cents:0width$}",
        width = decimals as usize
    )
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `22 Nov 2026` in English, `2026年11月22日` in Chinese.
pub fn format_date(date: NaiveDate, lang: Lang) -> String {
    if lang.is_chinese() {
        format!("{}年{}月{}日", date.year(), date.month(), date.day())
    } else {
        format!(
            "{} {} {}",
            date.day(),
            MONTHS[date.month0() as usize],
            date.year()
        )
    }
}

/// The date as [`format_date`] plus the 24-hour time: `22 Nov 2026 14:05`.
pub fn format_datetime(at: NaiveDateTime, lang: Lang) -> String {
    format!(
        "{} {:02}:{:02}",
        format_date(at.date(), lang),
        at.hour(),
        at.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn money_is_grouped_and_keeps_two_minor_digits() {
        assert_eq!(format_money(123_450, "CNY", Lang::ZhHans), "¥1,234.50");
        assert_eq!(format_money(5, "CNY", Lang::En), "¥0.05");
        assert_eq!(format_money(0, "USD", Lang::En), "$0.00");
        assert_eq!(
            format_money(100_000_000, "TWD", Lang::ZhHant),
            "NT$1,000,000.00"
        );
        assert_eq!(format_money(-123_450, "HKD", Lang::En), "-HK$1,234.50");
    }

    #[test]
    fn currencies_without_minor_units_show_whole_amounts() {
        assert_eq!(format_money(1500, "JPY", Lang::En), "JP¥1,500");
    }

    #[test]
    fn an_unknown_currency_is_written_with_its_code() {
        assert_eq!(format_money(1999, "CHF", Lang::En), "CHF 19.99");
    }

    #[test]
    fn the_most_negative_amount_does_not_overflow() {
        assert!(format_money(i64::MIN, "CNY", Lang::En).starts_with("-¥"));
    }

    #[test]
    fn numbers_group_by_thousands() {
        assert_eq!(format_number(0, Lang::En), "0");
        assert_eq!(format_number(999, Lang::En), "999");
        assert_eq!(format_number(1000, Lang::En), "1,000");
        assert_eq!(format_number(-1_234_567, Lang::ZhHans), "-1,234,567");
    }

    #[test]
    fn dates_read_naturally_in_each_language() {
        assert_eq!(format_date(date(2026, 11, 22), Lang::En), "22 Nov 2026");
        assert_eq!(
            format_date(date(2026, 11, 22), Lang::ZhHans),
            "2026年11月22日"
        );
        assert_eq!(format_date(date(2026, 1, 5), Lang::ZhHant), "2026年1月5日");
    }

    #[test]
    fn datetimes_add_a_24_hour_clock() {
        let at = date(2026, 11, 22).and_hms_opt(14, 5, 0).unwrap_or_default();
        assert_eq!(format_datetime(at, Lang::En), "22 Nov 2026 14:05");
    }
}
