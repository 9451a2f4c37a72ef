//! The extra time the workshop asks for with an additional item, as typed at the desk:
//! whole minutes, nothing meaning none. Checked here so the window shows the refusal as a
//! field error and never judges the number itself.
use crate::error::{CoreError, Result};
use crate::reason::Reason;

/// The longest text of minutes read at all.
const MAX_TEXT: usize = 20;

/// The minutes in `text`: empty is 0; anything but a whole number of minutes, 0 or more,
/// is refused under `extraMinutes`.
pub fn parse_extra_minutes(text: &str) -> Result<u32> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(0);
    }
    // Digits (and a point for a whole "90.0") only: no exponents, signs or words.
    if !text.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(CoreError::invalid("extraMinutes", Reason::ExtraTimeWhole));
    }
    if text.len() > MAX_TEXT {
        return Err(CoreError::invalid("extraMinutes", Reason::ExtraTimeRange));
    }
    let value: f64 = text
        .parse()
        .map_err(|_| CoreError::invalid("extraMinutes", Reason::ExtraTimeWhole))?;
    if !value.is_finite() || value.fract() != 0.0 || value < 0.0 {
        return Err(CoreError::invalid("extraMinutes", Reason::ExtraTimeWhole));
    }
    if value > f64::from(u32::MAX) {
        return Err(CoreError::invalid("extraMinutes", Reason::ExtraTimeRange));
    }
    // Whole, finite and within u32: the cast is exact.
    Ok(value as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> Option<Reason> {
        match parse_extra_minutes(text) {
            Err(CoreError::Invalid(issues)) if issues[0].field == "extraMinutes" => {
                Some(issues[0].code)
            }
            _ => None,
        }
    }

    #[test]
    fn empty_means_no_extra_time_and_whole_minutes_pass() {
        assert_eq!(parse_extra_minutes("").ok(), Some(0));
        assert_eq!(parse_extra_minutes("  ").ok(), Some(0));
        assert_eq!(parse_extra_minutes(" 60 ").ok(), Some(60));
        assert_eq!(parse_extra_minutes("90.0").ok(), Some(90), "a whole number");
    }

    #[test]
    fn parts_of_minutes_negatives_and_words_are_field_errors() {
        let long = format!("10{}x", " ".repeat(38));
        for bad in ["1.5", "-5", "abc", "NaN", "inf", "1e3", "+5", &long] {
            assert_eq!(refused(bad), Some(Reason::ExtraTimeWhole), "{bad:?}");
        }
        assert_eq!(refused("99999999999"), Some(Reason::ExtraTimeRange));
        assert_eq!(refused(&"9".repeat(5000)), Some(Reason::ExtraTimeRange));
    }
}
