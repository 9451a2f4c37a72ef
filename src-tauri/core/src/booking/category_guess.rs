//! The repair category a booking makes obvious, for the job it turns into: only when its
//! wanted work names words of exactly one category; anything less clear is left for the
//! desk to choose at intake.
use crate::work_order::RepairCategory;

/// Words of each category, lower-case, in simplified and traditional Chinese and English.
const WORDS: [(RepairCategory, &[&str]); 5] = [
    (
        RepairCategory::Maintenance,
        &["保养", "保養", "维护", "維護", "maintenance", "oil change"],
    ),
    (
        RepairCategory::Accident,
        &[
            "事故", "钣金", "鈑金", "钣喷", "鈑噴", "喷漆", "噴漆", "accident", "bodywork",
        ],
    ),
    (RepairCategory::Overhaul, &["大修", "overhaul"]),
    (RepairCategory::Comeback, &["返修", "comeback"]),
    (RepairCategory::Repair, &[]),
];

/// The one category the wanted work names, or `None` when it names none or several.
pub fn guess_category(wanted_work: &str) -> Option<RepairCategory> {
    let text = wanted_work.to_lowercase();
    let mut named = WORDS
        .iter()
        .filter(|(_, words)| words.iter().any(|w| text.contains(w)))
        .map(|(category, _)| *category);
    match (named.next(), named.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_booking_that_names_one_kind_of_work_gives_its_category() {
        assert_eq!(
            guess_category("20000公里保养"),
            Some(RepairCategory::Maintenance)
        );
        assert_eq!(
            guess_category("Rear bumper bodywork after an accident"),
            Some(RepairCategory::Accident)
        );
        assert_eq!(guess_category("發動機大修"), Some(RepairCategory::Overhaul));
    }

    #[test]
    fn a_booking_that_is_unclear_is_left_for_the_desk() {
        assert_eq!(guess_category("刹车有异响"), None, "no category named");
        assert_eq!(
            guess_category("保养，顺便看一下事故后的车门"),
            None,
            "two categories named: the desk decides"
        );
        assert_eq!(guess_category(""), None);
    }
}
