//! Ready for pickup (通知客户接车): the final check before the job is marked ready, when
//! the customer must be told (an hour ahead for jobs within two days, four hours for jobs
//! of two days or more, two days included: 两天以上包括两天), and the call that tells them.
use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

pub use crate::domain::settlement::{
    PickupCall, PickupCallInput, PickupCallTask, PickupCheck, ReadyInput, SettlementSettings,
    TestDrive,
};
use crate::error::FieldIssue;
use crate::reason::Reason;
use crate::validate::too_long;

pub fn check_settlement_settings(s: &SettlementSettings) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if s.discount_limit_bp > 10_000 {
        issues.push(FieldIssue::new("discountLimitBp", Reason::DiscountRange));
    }
    if !(1..=720).contains(&s.short_job_hours) {
        issues.push(FieldIssue::new("shortJobHours", Reason::ShortJobRange));
    }
    for (field, v) in [
        ("notifyShortMinutes", s.notify_short_minutes),
        ("notifyLongMinutes", s.notify_long_minutes),
    ] {
        if v > 24 * 60 * 7 {
            issues.push(FieldIssue::new(field, Reason::NotifyTimeRange));
        }
    }
    if !(500..=100_000).contains(&s.service_interval_km) {
        issues.push(FieldIssue::new(
            "serviceIntervalKm",
            Reason::ServiceIntervalRange,
        ));
    }
    if !(1..=36).contains(&s.service_interval_months) {
        issues.push(FieldIssue::new(
            "serviceIntervalMonths",
            Reason::ServiceIntervalRange,
        ));
    }
    issues
}

/// When the customer must be told the car is ready for a pickup at `pickup_at`: the short
/// lead for a job shorter than `short_job_hours`, the long lead from that length on.
pub fn notify_by(
    opened_at: NaiveDateTime,
    promised_at: Option<NaiveDateTime>,
    pickup_at: NaiveDateTime,
    settings: &SettlementSettings,
) -> NaiveDateTime {
    let length = promised_at.unwrap_or(pickup_at) - opened_at;
    let lead = if length < Duration::hours(i64::from(settings.short_job_hours)) {
        settings.notify_short_minutes
    } else {
        settings.notify_long_minutes
    };
    pickup_at - Duration::minutes(i64::from(lead))
}

pub fn check_ready(input: &ReadyInput) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    for (field, ok) in [
        ("workDone", input.work_done),
        ("cleaned", input.cleaned),
        ("belongingsBack", input.belongings_back),
        ("oldPartsSetAside", input.old_parts_set_aside),
    ] {
        if !ok {
            issues.push(FieldIssue::new(field, Reason::ReadyCheckIncomplete));
        }
    }
    if input.checked_by.trim().is_empty() {
        issues.push(FieldIssue::new("checkedBy", Reason::ApprovalByRequired));
    }
    too_long(&mut issues, "checkedBy", input.checked_by.trim(), 100);
    issues
}

pub fn check_call(input: &PickupCallInput) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if input.recorded_by.trim().is_empty() {
        issues.push(FieldIssue::new("recordedBy", Reason::ApprovalByRequired));
    }
    if input.reached && input.spoke_with.trim().is_empty() {
        issues.push(FieldIssue::new("spokeWith", Reason::ApprovalByRequired));
    }
    too_long(&mut issues, "spokeWith", input.spoke_with.trim(), 100);
    too_long(&mut issues, "recordedBy", input.recorded_by.trim(), 100);
    too_long(&mut issues, "answer", input.answer.trim(), 1_000);
    issues
}

/// The calls telling the customer the car is ready, oldest first, and whether one of
/// them reached the customer: the desk then folds the call form away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PickupCalls {
    pub calls: Vec<PickupCall>,
    pub customer_reached: bool,
}

impl PickupCalls {
    pub fn of(calls: Vec<PickupCall>) -> Self {
        PickupCalls {
            customer_reached: calls.iter().any(|c| c.input.reached),
            calls,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, d)
            .and_then(|d| d.and_hms_opt(h, 0, 0))
            .unwrap_or_default()
    }

    fn at_min(d: u32, h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, d)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .unwrap_or_default()
    }

    #[test]
    fn the_customer_counts_as_reached_once_one_call_got_through() {
        let call = |reached: bool| PickupCall {
            at: at(3, 9),
            input: PickupCallInput {
                channel: crate::domain::pricing::ApprovalChannel::Phone,
                reached,
                spoke_with: "李太太".into(),
                answer: String::new(),
                recorded_by: "周敏".into(),
            },
        };
        assert!(!PickupCalls::of(vec![]).customer_reached);
        assert!(!PickupCalls::of(vec![call(false)]).customer_reached);
        assert!(
            PickupCalls::of(vec![call(false), call(true)]).customer_reached,
            "a later call that got through folds the form away"
        );
    }

    #[test]
    fn a_job_within_two_days_is_told_an_hour_ahead_and_one_of_two_days_four_hours() {
        let s = SettlementSettings::default();
        let opened = at(2, 9);
        let pickup = at(4, 17);
        assert_eq!(
            notify_by(opened, Some(at_min(4, 8, 59)), pickup, &s),
            at(4, 16),
            "47:59 is within two days: one hour ahead"
        );
        assert_eq!(
            notify_by(opened, Some(at(4, 9)), pickup, &s),
            at(4, 13),
            "exactly 48:00 is two days, two days included (两天以上包括两天): four hours ahead"
        );
        assert_eq!(
            notify_by(opened, Some(at(4, 10)), pickup, &s),
            at(4, 13),
            "longer than two days: four hours ahead"
        );
    }

    #[test]
    fn without_a_promised_time_the_pickup_time_measures_the_job() {
        let s = SettlementSettings::default();
        assert_eq!(
            notify_by(at(2, 9), None, at_min(4, 8, 59), &s),
            at_min(4, 7, 59)
        );
        assert_eq!(notify_by(at(2, 9), None, at(4, 9), &s), at(4, 5));
    }
}
