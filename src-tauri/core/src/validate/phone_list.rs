//! A customer's list of phones as the form sends it, made whole before it is checked: rows
//! left blank are dropped, and a list with no primary number makes its first one primary.
//! The form shows whatever rows the desk keeps; the core decides what is saved.
use crate::customer::CustomerInput;

/// `input` with blank phone rows removed and exactly one primary when none was marked.
/// Two or more marked primary are left as they are, for the check to refuse.
pub fn tidy_phones(input: &CustomerInput) -> CustomerInput {
    let mut out = input.clone();
    out.phones.retain(|p| !p.number.trim().is_empty());
    if !out.phones.iter().any(|p| p.is_primary) {
        if let Some(first) = out.phones.first_mut() {
            first.is_primary = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::{PhoneInput, PhoneLabel};

    fn phone(number: &str, is_primary: bool) -> PhoneInput {
        PhoneInput {
            label: PhoneLabel::Mobile,
            number: number.into(),
            is_primary,
        }
    }

    #[test]
    fn blank_rows_are_dropped_and_the_first_left_becomes_primary() {
        let input = CustomerInput {
            phones: vec![
                phone("  ", true),
                phone("138 1234 5678", false),
                phone("", false),
            ],
            ..CustomerInput::default()
        };
        let out = tidy_phones(&input);
        assert_eq!(out.phones.len(), 1, "only the typed number is kept");
        assert!(
            out.phones[0].is_primary,
            "a customer with a phone has a primary one"
        );
    }

    #[test]
    fn a_chosen_primary_is_kept_and_two_are_left_for_the_check_to_refuse() {
        let chosen = CustomerInput {
            phones: vec![phone("1381234567", false), phone("13912345678", true)],
            ..CustomerInput::default()
        };
        let out = tidy_phones(&chosen);
        assert_eq!(
            out.phones.iter().map(|p| p.is_primary).collect::<Vec<_>>(),
            vec![false, true]
        );
        let two = CustomerInput {
            phones: vec![phone("1381234567", true), phone("13912345678", true)],
            ..CustomerInput::default()
        };
        assert_eq!(
            tidy_phones(&two)
                .phones
                .iter()
                .filter(|p| p.is_primary)
                .count(),
            2
        );
    }

    #[test]
    fn no_phones_stay_no_phones() {
        assert!(tidy_phones(&CustomerInput::default()).phones.is_empty());
    }
}
