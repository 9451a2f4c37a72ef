//! What a plate says about its car: a mainland new-energy plate (green, eight characters
//! in all, the province character first) is shown as one on the customer file.

/// An eight-character plate opened by a CJK character (a province): a new-energy plate.
pub fn is_new_energy(plate: &str) -> bool {
    let mut chars = plate.chars();
    let opened_by_cjk = chars.next().is_some_and(|c| u32::from(c) > 0x2E80);
    opened_by_cjk && plate.chars().count() == 8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_characters_with_the_province_are_new_energy() {
        assert!(is_new_energy("粤BD12345"));
        assert!(
            !is_new_energy("粤B12345"),
            "seven characters: a regular plate"
        );
    }

    #[test]
    fn latin_plates_are_never_new_energy() {
        assert!(
            !is_new_energy("AB123456"),
            "eight Latin characters: a visitor's plate"
        );
        assert!(!is_new_energy(""));
    }
}
