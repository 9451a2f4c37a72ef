//! Vehicle identification numbers (ISO 3779, GB 16735): 17 characters without I, O, Q.
//! A wrong check digit is only a warning: some markets do not use it, and a desk must
//! still be able to file the car.
use crate::error::{FieldIssue, Warning};
use crate::reason::Reason;
use crate::validate::plate::to_half_width;

const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/// Upper case, half-width, without spaces.
pub fn normalize_vin(raw: &str) -> String {
    raw.chars()
        .map(to_half_width)
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

fn transliterate(ch: char) -> Option<u32> {
    let value = match ch {
        '0'..='9' => ch as u32 - '0' as u32,
        'A' | 'J' => 1,
        'B' | 'K' | 'S' => 2,
        'C' | 'L' | 'T' => 3,
        'D' | 'M' | 'U' => 4,
        'E' | 'N' | 'V' => 5,
        'F' | 'W' => 6,
        'G' | 'P' | 'X' => 7,
        'H' | 'Y' => 8,
        'R' | 'Z' => 9,
        _ => return None,
    };
    Some(value)
}

/// The check digit (position 9) that `vin` should carry, `None` if it has a bad character.
pub fn check_digit(vin: &str) -> Option<char> {
    let mut sum = 0;
    for (ch, weight) in vin.chars().zip(WEIGHTS) {
        sum += transliterate(ch)? * weight;
    }
    let rem = sum % 11;
    Some(if rem == 10 {
        'X'
    } else {
        char::from_digit(rem, 10)?
    })
}

/// The normalised VIN with its warnings, or every error found.
pub fn check_vin(raw: &str, field: &str) -> Result<(String, Vec<Warning>), Vec<FieldIssue>> {
    let vin = normalize_vin(raw);
    let mut errors = Vec::new();
    if vin.chars().count() != 17 {
        errors.push(FieldIssue::new(field, Reason::VinLength));
    }
    if vin.chars().any(|c| transliterate(c).is_none()) {
        errors.push(FieldIssue::new(field, Reason::VinChars));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut warnings = Vec::new();
    if vin.chars().nth(8) != check_digit(&vin) {
        warnings.push(FieldIssue::new(field, Reason::VinCheckDigit));
    }
    Ok((vin, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vin_with_a_correct_check_digit_has_no_warning() {
        // The textbook example of the North American check digit.
        assert_eq!(
            check_vin("1M8GDM9AXKP042788", "vin"),
            Ok(("1M8GDM9AXKP042788".into(), vec![]))
        );
        assert_eq!(check_digit("1M8GDM9AXKP042788"), Some('X'));
    }

    #[test]
    fn a_wrong_check_digit_is_a_warning_not_an_error() {
        let (vin, warnings) = check_vin("1M8GDM9A1KP042788", "vin").expect("still a VIN");
        assert_eq!(vin, "1M8GDM9A1KP042788");
        assert_eq!(
            warnings,
            vec![FieldIssue::new("vin", Reason::VinCheckDigit)]
        );
    }

    #[test]
    fn lower_case_and_spaces_are_normalised() {
        let (vin, _) = check_vin(" 1m8gdm9a xkp042788 ", "vin").expect("valid");
        assert_eq!(vin, "1M8GDM9AXKP042788");
    }

    #[test]
    fn the_letters_i_o_and_q_are_refused() {
        assert_eq!(
            check_vin("1M8GDM9AXKP04278O", "vin"),
            Err(vec![FieldIssue::new("vin", Reason::VinChars)])
        );
        assert_eq!(
            check_vin("IM8GDM9AXKP042788", "vin"),
            Err(vec![FieldIssue::new("vin", Reason::VinChars)])
        );
        assert_eq!(
            check_vin("QM8GDM9AXKP042788", "vin"),
            Err(vec![FieldIssue::new("vin", Reason::VinChars)])
        );
    }

    #[test]
    fn a_vin_must_have_exactly_seventeen_characters() {
        assert_eq!(
            check_vin("1M8GDM9AXKP04278", "vin"),
            Err(vec![FieldIssue::new("vin", Reason::VinLength)])
        );
        assert_eq!(
            check_vin("1M8GDM9AXKP0427888", "vin"),
            Err(vec![FieldIssue::new("vin", Reason::VinLength)])
        );
    }

    #[test]
    fn a_short_vin_with_a_bad_letter_reports_both_problems() {
        let errors = check_vin("IO", "vin").expect_err("two problems");
        assert_eq!(errors.len(), 2);
    }
}
