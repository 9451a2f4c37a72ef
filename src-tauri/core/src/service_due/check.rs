//! The checks of what the desk types about care: a vehicle's kind, purchase and interval,
//! the customer's wishes, a contact, the care settings. Every issue at once.
use chrono::NaiveDate;

use crate::domain::care::{CareSettings, ContactInput, ContactKind, VehicleCareInput};
use crate::error::FieldIssue;
use crate::reason::Reason;
use crate::validate::too_long;

pub const MAX_DEALER: usize = 100;
pub const MAX_WISHES: usize = 1_000;
pub const MAX_NOTE: usize = 1_000;
pub const MAX_STAFF: usize = 60;
/// The range of an interval the shop may set on a vehicle (the service card's own).
pub const INTERVAL_KM: std::ops::RangeInclusive<u32> = 500..=100_000;
pub const INTERVAL_MONTHS: std::ops::RangeInclusive<u32> = 1..=36;
/// The oldest purchase or contact date believed.
const OLDEST: (i32, u32, u32) = (1950, 1, 1);

fn oldest() -> NaiveDate {
    NaiveDate::from_ymd_opt(OLDEST.0, OLDEST.1, OLDEST.2).unwrap_or(NaiveDate::MIN)
}

pub fn check_vehicle_care(input: &VehicleCareInput, today: NaiveDate) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if input
        .purchase_date
        .is_some_and(|d| d > today || d < oldest())
    {
        issues.push(FieldIssue::new("purchaseDate", Reason::CareDate));
    }
    too_long(&mut issues, "dealer", &input.dealer, MAX_DEALER);
    if input
        .interval_km
        .is_some_and(|km| !INTERVAL_KM.contains(&km))
    {
        issues.push(FieldIssue::new("intervalKm", Reason::CareIntervalKm));
    }
    if input
        .interval_months
        .is_some_and(|m| !INTERVAL_MONTHS.contains(&m))
    {
        issues.push(FieldIssue::new(
            "intervalMonths",
            Reason::CareIntervalMonths,
        ));
    }
    issues
}

pub fn check_wishes(wishes: &str) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    too_long(&mut issues, "wishes", wishes, MAX_WISHES);
    issues
}

pub fn check_contact(input: &ContactInput, today: NaiveDate) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if input.contact_on > today || input.contact_on < oldest() {
        issues.push(FieldIssue::new("contactOn", Reason::CareDate));
    }
    too_long(&mut issues, "note", &input.note, MAX_NOTE);
    too_long(&mut issues, "staff", &input.staff, MAX_STAFF);
    match (input.kind, input.lost_reason) {
        (ContactKind::LostCall, None) => issues.push(FieldIssue::new(
            "lostReason",
            Reason::CareLostReasonRequired,
        )),
        (ContactKind::LostCall, Some(crate::domain::care::LostReason::Other))
            if input.note.trim().is_empty() =>
        {
            issues.push(FieldIssue::new("note", Reason::CareLostReasonNote))
        }
        (ContactKind::LostCall, Some(_)) => {}
        (_, Some(_)) => issues.push(FieldIssue::new(
            "lostReason",
            Reason::CareLostReasonOnlyLost,
        )),
        (_, None) => {}
    }
    issues
}

pub fn check_care_settings(s: &CareSettings) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if !(1..=365).contains(&s.reminded_within_days) {
        issues.push(FieldIssue::new(
            "remindedWithinDays",
            Reason::CareSettingsRange,
        ));
    }
    if !(1..=120).contains(&s.lost_after_months) {
        issues.push(FieldIssue::new(
            "lostAfterMonths",
            Reason::CareSettingsRange,
        ));
    }
    issues
}
