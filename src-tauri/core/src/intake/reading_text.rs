//! An odometer reading as typed at the desk: digits with spaces or thousands commas,
//! nothing meaning no reading yet. Read here so the window never judges the number.
use crate::error::{CoreError, Result};
use crate::reason::Reason;

/// The largest reading taken as typed; beyond it the text is no reading at all.
const MAX_READING: f64 = 9_999_999_999.0;

/// The longest reading text read at all (spaces and commas aside).
const MAX_TEXT: usize = 20;

/// The reading in `text`: `None` when empty, a whole number of 0 or more, else a field
/// error under `odometer`.
pub fn parse_reading(text: &str) -> Result<Option<i64>> {
    let plain: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    if plain.is_empty() {
        return Ok(None);
    }
    let refused = || CoreError::invalid("odometer", Reason::OdometerRange);
    // Digits (and a point for a whole "58234.0") only: no exponents, signs or words, and
    // never more than a typed reading can hold, however long the text that came.
    if plain.len() > MAX_TEXT || !plain.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(refused());
    }
    let value: f64 = plain.parse().map_err(|_| refused())?;
    if !value.is_finite() || value.fract() != 0.0 || !(0.0..=MAX_READING).contains(&value) {
        return Err(refused());
    }
    // Whole and within range: the cast is exact.
    Ok(Some(value as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_may_carry_spaces_and_thousands_commas() {
        assert_eq!(parse_reading("58,234").ok(), Some(Some(58_234)));
        assert_eq!(parse_reading(" 58 234 ").ok(), Some(Some(58_234)));
        assert_eq!(parse_reading("0").ok(), Some(Some(0)));
        assert_eq!(parse_reading("  ").ok(), Some(None), "no reading yet");
    }

    #[test]
    fn parts_negatives_and_words_are_no_reading() {
        let long = format!("10{}x", " ".repeat(38));
        for bad in ["12.5", "-3", "abc", "1e40", "1e3", "NaN", "+5", &long] {
            assert!(
                matches!(parse_reading(bad), Err(CoreError::Invalid(ref i)) if i[0].field == "odometer"),
                "{bad:?} is refused under the odometer"
            );
        }
    }
}
