//! Phone numbers: stored in one normalised form so that the same phone typed two ways
//! is recognised as the same customer.
use crate::reason::Reason;
use crate::validate::plate::to_half_width;

/// Without spaces, dashes, brackets and dots; a leading `+` kept; a mainland mobile
/// written with its country code (`+86`, `0086`, `86`) reduced to its 11 digits.
pub fn normalize_phone(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for ch in raw.trim().chars().map(to_half_width) {
        if ch.is_whitespace() || matches!(ch, '-' | '(' | ')' | '.' | '（' | '）') {
            continue;
        }
        if ch == '+' && !out.is_empty() {
            out.push('#'); // a '+' in the middle is kept as an error marker
            continue;
        }
        out.push(ch);
    }
    for prefix in ["+86", "0086", "86"] {
        if let Some(rest) = out.strip_prefix(prefix) {
            if is_mainland_mobile(rest) {
                return rest.to_string();
            }
        }
    }
    out
}

/// 11 digits starting with 1[3-9]: the shape of every mainland mobile number.
pub fn is_mainland_mobile(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && b.iter().all(u8::is_ascii_digit)
}

/// The normalised phone, or the catalogue code of what is wrong with it.
pub fn check_phone(raw: &str) -> Result<String, Reason> {
    let phone = normalize_phone(raw);
    if phone.is_empty() {
        return Err(Reason::PhoneRequired);
    }
    let digits = phone.strip_prefix('+').unwrap_or(&phone);
    if (5..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(phone)
    } else {
        Err(Reason::PhoneFormat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_removed() {
        assert_eq!(check_phone("138 1234-5678"), Ok("13812345678".into()));
        assert_eq!(check_phone("(0755) 8888.1234"), Ok("075588881234".into()));
    }

    #[test]
    fn a_mainland_mobile_loses_its_country_code() {
        assert_eq!(check_phone("+86 138 1234 5678"), Ok("13812345678".into()));
        assert_eq!(check_phone("0086-13812345678"), Ok("13812345678".into()));
        assert_eq!(check_phone("8613812345678"), Ok("13812345678".into()));
    }

    #[test]
    fn other_international_numbers_keep_their_plus() {
        assert_eq!(check_phone("+852 9123 4567"), Ok("+85291234567".into()));
        assert_eq!(
            check_phone("+86 755 8888 1234"),
            Ok("+8675588881234".into())
        );
    }

    #[test]
    fn full_width_digits_count_as_digits() {
        assert_eq!(
            check_phone("１３８１２３４５６７８"),
            Ok("13812345678".into())
        );
    }

    #[test]
    fn numbers_of_the_wrong_length_or_with_letters_are_refused() {
        assert_eq!(check_phone("1234"), Err(Reason::PhoneFormat));
        assert_eq!(check_phone("1234567890123456"), Err(Reason::PhoneFormat));
        assert_eq!(check_phone("138abc45678"), Err(Reason::PhoneFormat));
        assert_eq!(check_phone("12+345678"), Err(Reason::PhoneFormat));
        assert_eq!(check_phone("+"), Err(Reason::PhoneFormat));
    }

    #[test]
    fn an_empty_phone_is_required() {
        assert_eq!(check_phone("  "), Err(Reason::PhoneRequired));
    }
}
