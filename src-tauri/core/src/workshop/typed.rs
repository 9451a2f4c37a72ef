//! The dispatch sheet's planned hours and the road test's kilometres as the desk types
//! them, read here so the window never guesses: "1.5" or "1,5" hours (to the minute),
//! whole kilometres. Anything else is a field error, never a silent zero.
use crate::error::{CoreError, Result};
use crate::reason::Reason;

/// The longest text read as a number; longer is refused before it is parsed.
const MAX_TEXT: usize = 12;

/// Planned hours as typed, in whole minutes (rounded half up): "" → 0 (not planned yet),
/// "1.5" or "1,5" → 90, "0.25" → 15. Two decimals at most; the range is checked with the
/// sheet.
pub fn parse_planned_hours(text: &str) -> Result<u32> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(0);
    }
    let refused = || CoreError::invalid("plannedMinutes", Reason::DispatchHoursText);
    if text.len() > MAX_TEXT {
        return Err(refused());
    }
    let (whole, frac) = match text.split_once(['.', ',']) {
        Some((w, f)) => (w, f),
        None => (text, ""),
    };
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty()) || !digits(whole) || !digits(frac) || frac.len() > 2 {
        return Err(refused());
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| refused())?
    };
    let hundredths: u64 = format!("{frac:0<2}").parse().map_err(|_| refused())?;
    // Minutes = hours × 60, from hundredths of an hour: × 60 / 100, half up.
    let total = (whole * 100 + hundredths) * 60;
    u32::try_from((total + 50) / 100).map_err(|_| refused())
}

/// A road test's distance as typed: whole kilometres ("12", "1 200"); "" → 0, which the
/// report refuses by its field when a road test is needed. A comma is refused, as "12,6"
/// may mean twelve and a bit as well as a hundred and twenty-six.
pub fn parse_road_test_km(text: &str) -> Result<u32> {
    let plain: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if plain.is_empty() {
        return Ok(0);
    }
    let refused = || CoreError::invalid("roadTest.distanceKm", Reason::DiagnosisKmText);
    if plain.len() > MAX_TEXT || !plain.chars().all(|c| c.is_ascii_digit()) {
        return Err(refused());
    }
    plain.parse().map_err(|_| refused())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(r: Result<u32>) -> bool {
        r.is_err()
    }

    #[test]
    fn hours_are_read_with_a_point_or_a_comma_to_the_minute() {
        assert_eq!(parse_planned_hours("").ok(), Some(0));
        assert_eq!(parse_planned_hours(" 2 ").ok(), Some(120));
        assert_eq!(parse_planned_hours("1.5").ok(), Some(90));
        assert_eq!(parse_planned_hours("1,5").ok(), Some(90));
        assert_eq!(parse_planned_hours(".25").ok(), Some(15));
        assert_eq!(
            parse_planned_hours("0.33").ok(),
            Some(20),
            "19.8 minutes, half up"
        );
        assert_eq!(parse_planned_hours("3.").ok(), Some(180));
    }

    #[test]
    fn what_is_not_a_number_of_hours_is_refused_not_read_as_nothing() {
        for text in [
            "1,5h",
            "1.234,5",
            "1.2.3",
            "-1",
            "1e3",
            "abc",
            ".",
            "1.255",
            "9999999999999",
        ] {
            assert!(refused(parse_planned_hours(text)), "{text}");
        }
    }

    #[test]
    fn kilometres_are_whole() {
        assert_eq!(parse_road_test_km("").ok(), Some(0));
        assert_eq!(parse_road_test_km(" 12 ").ok(), Some(12));
        assert_eq!(parse_road_test_km("1 200").ok(), Some(1200));
        for text in ["12.6", "12,6", "1,200", "-3", "5km", "99999999999999"] {
            assert!(refused(parse_road_test_km(text)), "{text}");
        }
    }
}
