//! Licence plates: mainland Chinese plates (regular 7-character and 8-character
//! new-energy ones) and, for visitors from elsewhere, plain Latin plates.
use crate::reason::Reason;

/// Province (and embassy/consulate) characters that open a mainland plate.
const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领";
/// Characters a regular plate may end with (driving school, police, HK/Macau, trailer…).
const SPECIAL_ENDINGS: &str = "学警港澳挂领";
/// Separators people type or print inside plates; never part of the plate.
const SEPARATORS: &[char] = &['.', '·', '・', '•', '．', '-', '－', '_'];

/// Full-width letters and digits (typed with a Chinese IME) as ASCII.
pub(crate) fn to_half_width(ch: char) -> char {
    match ch {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
        '\u{3000}' => ' ',
        _ => ch,
    }
}

/// Upper case, half-width, without spaces and dots. Hyphens are kept only on non-Chinese
/// plates (where they can be part of the registration).
pub fn normalize_plate(raw: &str) -> String {
    let cleaned: String = raw
        .chars()
        .map(to_half_width)
        .filter(|c| !c.is_whitespace() && !SEPARATORS[..5].contains(c))
        .flat_map(char::to_uppercase)
        .collect();
    if cleaned.chars().next().is_some_and(is_province) {
        cleaned
            .chars()
            .filter(|c| !SEPARATORS.contains(c))
            .collect()
    } else {
        cleaned.replace('_', "-")
    }
}

fn is_province(ch: char) -> bool {
    PROVINCES.contains(ch)
}

fn is_alnum(ch: char) -> bool {
    ch.is_ascii_uppercase() || ch.is_ascii_digit()
}

fn is_mainland(chars: &[char]) -> bool {
    let [province, second, rest @ ..] = chars else {
        return false;
    };
    // Embassy and consulate plates may carry digits straight after their character.
    let second_ok =
        second.is_ascii_uppercase() || ("使领".contains(*province) && is_alnum(*second));
    if !second_ok {
        return false;
    }
    match rest.len() {
        5 => {
            let (last, body) = (rest[4], &rest[..4]);
            body.iter().all(|c| is_alnum(*c)) && (is_alnum(last) || SPECIAL_ENDINGS.contains(last))
        }
        6 => {
            let nev_mark = |c: char| c == 'D' || c == 'F';
            rest.iter().all(|c| is_alnum(*c)) && (nev_mark(rest[0]) || nev_mark(rest[5]))
        }
        _ => false,
    }
}

fn is_foreign(chars: &[char]) -> bool {
    (2..=10).contains(&chars.len())
        && chars.iter().all(|c| is_alnum(*c) || *c == '-')
        && chars.iter().any(|c| is_alnum(*c))
}

/// The normalised plate, or the catalogue code of what is wrong with it.
pub fn check_plate(raw: &str) -> Result<String, Reason> {
    let plate = normalize_plate(raw);
    if plate.is_empty() {
        return Err(Reason::PlateRequired);
    }
    let chars: Vec<char> = plate.chars().collect();
    let ok = if is_province(chars[0]) {
        is_mainland(&chars)
    } else {
        is_foreign(&chars)
    };
    if ok {
        Ok(plate)
    } else {
        Err(Reason::PlateFormat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_mainland_plate_is_accepted_and_upper_cased() {
        assert_eq!(check_plate("粤b12345"), Ok("粤B12345".to_string()));
        assert_eq!(check_plate("京A 8K9Z2"), Ok("京A8K9Z2".to_string()));
    }

    #[test]
    fn spaces_dots_and_middle_dots_are_removed() {
        for raw in [
            "粤B·12345",
            "粤B.12345",
            "粤 B 123 45",
            "粤B・12345",
            "粤B•12345",
            "粤B．12345",
        ] {
            assert_eq!(check_plate(raw), Ok("粤B12345".to_string()), "{raw}");
        }
        assert_eq!(check_plate("粤B-12345"), Ok("粤B12345".to_string()));
    }

    #[test]
    fn full_width_letters_and_digits_from_an_ime_count_as_ascii() {
        assert_eq!(check_plate("沪Ａ１２３４５"), Ok("沪A12345".to_string()));
    }

    #[test]
    fn eight_character_new_energy_plates_need_d_or_f_in_third_or_last_place() {
        assert_eq!(check_plate("粤B D12345"), Ok("粤BD12345".to_string()));
        assert_eq!(check_plate("粤BF12345"), Ok("粤BF12345".to_string()));
        assert_eq!(check_plate("粤B12345D"), Ok("粤B12345D".to_string()));
        assert_eq!(check_plate("粤B12345F"), Ok("粤B12345F".to_string()));
        assert_eq!(check_plate("粤B123456"), Err(Reason::PlateFormat));
        assert_eq!(check_plate("粤BA12345"), Err(Reason::PlateFormat));
    }

    #[test]
    fn special_endings_are_allowed_only_as_the_last_character() {
        assert_eq!(check_plate("粤B1234学"), Ok("粤B1234学".to_string()));
        assert_eq!(check_plate("粤Z1234港"), Ok("粤Z1234港".to_string()));
        assert_eq!(check_plate("粤B12学34"), Err(Reason::PlateFormat));
    }

    #[test]
    fn embassy_plates_are_accepted() {
        assert!(check_plate("使014578").is_ok());
    }

    #[test]
    fn mainland_plates_of_the_wrong_length_or_shape_are_refused() {
        assert_eq!(check_plate("粤B1234"), Err(Reason::PlateFormat));
        assert_eq!(check_plate("粤123456"), Err(Reason::PlateFormat));
        assert_eq!(check_plate("粤B1234567"), Err(Reason::PlateFormat));
        assert_eq!(check_plate("粤B12#45"), Err(Reason::PlateFormat));
    }

    #[test]
    fn foreign_plates_of_two_to_ten_latin_characters_are_accepted() {
        assert_eq!(check_plate("ab 1234"), Ok("AB1234".to_string()));
        assert_eq!(check_plate("KA-01-1234"), Ok("KA-01-1234".to_string()));
        assert_eq!(check_plate("A"), Err(Reason::PlateFormat));
        assert_eq!(check_plate("ABCDEFGHIJK"), Err(Reason::PlateFormat));
        assert_eq!(check_plate("---"), Err(Reason::PlateFormat));
        assert_eq!(check_plate("小明"), Err(Reason::PlateFormat));
    }

    #[test]
    fn an_empty_plate_is_required() {
        assert_eq!(check_plate(""), Err(Reason::PlateRequired));
        assert_eq!(check_plate(" · "), Err(Reason::PlateRequired));
    }
}
