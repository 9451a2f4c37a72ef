//! The desk's rules for closing jobs as typed in their form — a percentage and whole
//! numbers — read into `SettlementSettings`, with every field that is not a number named
//! at once. The window sends the text; it does not parse it.
use serde::{Deserialize, Serialize};

use super::pickup::SettlementSettings;
use crate::error::{CoreError, FieldIssue, Result};
use crate::reason::Reason;

/// The rules form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeskRulesText {
    /// The discount limit in per cent, e.g. `5` or `7.5`.
    pub discount: String,
    pub short_job_hours: String,
    pub notify_short_minutes: String,
    pub notify_long_minutes: String,
    pub service_interval_km: String,
    pub service_interval_months: String,
}

/// `text` as settings, or `Invalid` naming each field that is not a number. The ranges
/// are checked when the settings are saved.
pub fn read_desk_rules(text: &DeskRulesText) -> Result<SettlementSettings> {
    let mut issues = Vec::new();
    let discount_limit_bp = percent_bp(&text.discount).unwrap_or_else(|| {
        issues.push(FieldIssue::new("discountLimitBp", Reason::DiscountFormat));
        0
    });
    let mut whole_in = |value: &str, field: &str| {
        whole(value).unwrap_or_else(|| {
            issues.push(FieldIssue::new(field, Reason::SettingsNumber));
            0
        })
    };
    let settings = SettlementSettings {
        discount_limit_bp,
        short_job_hours: whole_in(&text.short_job_hours, "shortJobHours"),
        notify_short_minutes: whole_in(&text.notify_short_minutes, "notifyShortMinutes"),
        notify_long_minutes: whole_in(&text.notify_long_minutes, "notifyLongMinutes"),
        service_interval_km: whole_in(&text.service_interval_km, "serviceIntervalKm"),
        service_interval_months: whole_in(&text.service_interval_months, "serviceIntervalMonths"),
    };
    if issues.is_empty() {
        Ok(settings)
    } else {
        Err(CoreError::Invalid(issues))
    }
}

/// One to nine digits, nothing else (spaces around allowed).
fn whole(text: &str) -> Option<u32> {
    let t = text.trim();
    if t.is_empty() || t.len() > 9 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// `7.5` (or `7.5 %`, `1,000`) → 750 basis points, at most two decimals and 100 %; empty
/// is 0.
fn percent_bp(text: &str) -> Option<u32> {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',' && *c != '%')
        .collect();
    if text.trim().is_empty() {
        return Some(0);
    }
    let (whole_part, fraction) = clean.split_once('.').unwrap_or((&clean, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole_part.is_empty() || whole_part.len() > 9 || !digits(whole_part) || !digits(fraction) {
        return None;
    }
    if fraction.len() > 2 {
        return None;
    }
    let whole_value: u64 = whole_part.parse().ok()?;
    let fraction_value: u64 = if fraction.is_empty() {
        0
    } else {
        format!("{fraction:0<2}").parse().ok()?
    };
    let bp = whole_value.checked_mul(100)?.checked_add(fraction_value)?;
    (bp <= 10_000).then_some(bp as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> DeskRulesText {
        DeskRulesText {
            discount: "7.5".into(),
            short_job_hours: "48".into(),
            notify_short_minutes: "30".into(),
            notify_long_minutes: " 120 ".into(),
            service_interval_km: "5000".into(),
            service_interval_months: "6".into(),
        }
    }

    #[test]
    fn the_typed_rules_become_settings() {
        let s = read_desk_rules(&text()).expect("all numbers");
        assert_eq!(s.discount_limit_bp, 750, "7.5 % in basis points");
        assert_eq!(
            s.notify_long_minutes, 120,
            "spaces around a number are fine"
        );
        assert_eq!(s.service_interval_km, 5_000);
    }

    #[test]
    fn every_field_that_is_not_a_number_is_named_at_once() {
        let t = DeskRulesText {
            discount: "five".into(),
            short_job_hours: "4.5".into(),
            service_interval_months: "".into(),
            ..text()
        };
        let Err(CoreError::Invalid(issues)) = read_desk_rules(&t) else {
            panic!("refused");
        };
        let named: Vec<(&str, Reason)> =
            issues.iter().map(|i| (i.field.as_str(), i.code)).collect();
        assert_eq!(
            named,
            vec![
                ("discountLimitBp", Reason::DiscountFormat),
                ("shortJobHours", Reason::SettingsNumber),
                ("serviceIntervalMonths", Reason::SettingsNumber),
            ]
        );
    }

    #[test]
    fn a_percentage_reads_as_the_desk_writes_it() {
        assert_eq!(percent_bp(""), Some(0), "an empty limit is no discount");
        assert_eq!(percent_bp("10 %"), Some(1_000));
        assert_eq!(percent_bp("12.25"), Some(1_225));
        assert_eq!(percent_bp("12.345"), None, "at most two decimals");
        assert_eq!(percent_bp("100.01"), None, "at most 100 %");
        assert_eq!(percent_bp("-5"), None);
    }
}
