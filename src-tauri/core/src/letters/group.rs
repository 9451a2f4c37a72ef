//! The group a mailing goes to: the filter's checks (years and visit days in order, a VIN
//! prefix of VIN characters, texts of a sensible length), giving the filter as the store
//! reads it — trimmed, the VIN prefix upper-cased.
use crate::domain::letters::LetterGroup;
use crate::error::FieldIssue;
use crate::reason::Reason;
use crate::validate::{normalize_vin, too_long};

/// The oldest and newest model year a filter may name.
pub const YEAR_MIN: i32 = 1950;
pub const YEAR_MAX: i32 = 2100;
const TEXT_MAX: usize = 40;

/// The filter cleaned for the store, or every error at once.
pub fn check_group(group: &LetterGroup) -> Result<LetterGroup, Vec<FieldIssue>> {
    let mut issues = Vec::new();
    let make = group.make.trim().to_string();
    let model = group.model.trim().to_string();
    too_long(&mut issues, "make", &make, TEXT_MAX);
    too_long(&mut issues, "model", &model, TEXT_MAX);
    for (field, year) in [("yearFrom", group.year_from), ("yearTo", group.year_to)] {
        if year.is_some_and(|y| !(YEAR_MIN..=YEAR_MAX).contains(&y)) {
            issues.push(FieldIssue::new(field, Reason::LetterYearRange));
        }
    }
    if let (Some(from), Some(to)) = (group.year_from, group.year_to) {
        if from > to {
            issues.push(FieldIssue::new("yearTo", Reason::LetterYearRange));
        }
    }
    if let (Some(from), Some(to)) = (group.last_visit_from, group.last_visit_to) {
        if from > to {
            issues.push(FieldIssue::new("lastVisitTo", Reason::LetterVisitRange));
        }
    }
    let vin_prefix = normalize_vin(&group.vin_prefix);
    let vin_char = |c: char| c.is_ascii_digit() || (c.is_ascii_uppercase() && !"IOQ".contains(c));
    if vin_prefix.chars().count() > 17 || !vin_prefix.chars().all(vin_char) {
        issues.push(FieldIssue::new("vinPrefix", Reason::LetterVinPrefix));
    }
    if !issues.is_empty() {
        return Err(issues);
    }
    Ok(LetterGroup {
        make,
        model,
        vin_prefix,
        ..group.clone()
    })
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn day(d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2026, 6, d)
    }

    #[test]
    fn an_empty_filter_is_the_whole_file() {
        assert_eq!(
            check_group(&LetterGroup::default()),
            Ok(LetterGroup::default())
        );
    }

    #[test]
    fn the_vin_prefix_is_read_as_the_desk_reads_a_vin() {
        let group = LetterGroup {
            vin_prefix: " lsg pe5 ".into(),
            make: " Buick ".into(),
            ..LetterGroup::default()
        };
        let clean = check_group(&group).unwrap_or_default();
        assert_eq!(clean.vin_prefix, "LSGPE5");
        assert_eq!(clean.make, "Buick");
    }

    #[test]
    fn years_and_visit_days_out_of_order_are_refused_at_their_second_field() {
        let group = LetterGroup {
            year_from: Some(2020),
            year_to: Some(2018),
            last_visit_from: day(20),
            last_visit_to: day(10),
            ..LetterGroup::default()
        };
        let fields: Vec<_> = check_group(&group)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|i| i.field)
            .collect();
        assert_eq!(fields, ["yearTo", "lastVisitTo"]);
    }

    #[test]
    fn impossible_years_and_vin_letters_are_refused() {
        let group = LetterGroup {
            year_from: Some(1200),
            vin_prefix: "LSGO".into(),
            make: "x".repeat(41),
            ..LetterGroup::default()
        };
        let issues = check_group(&group).err().unwrap_or_default();
        let codes: Vec<_> = issues.iter().map(|i| (i.field.as_str(), i.code)).collect();
        assert_eq!(
            codes,
            [
                ("make", Reason::TextTooLong),
                ("yearFrom", Reason::LetterYearRange),
                ("vinPrefix", Reason::LetterVinPrefix)
            ]
        );
    }
}
