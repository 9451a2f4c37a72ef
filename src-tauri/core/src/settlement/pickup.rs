//! Ready for pickup (通知客户接车): the final check before the job is marked ready, when
//! the customer must be told (an hour ahead for jobs within two days, four hours for jobs
//! of two days or more, two days included: 两天以上包括两天), and the call that tells them.
use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::error::FieldIssue;
use crate::ids::WorkOrderId;
use crate::pricing::estimate::ApprovalChannel;
use crate::reason::Reason;
use crate::validate::too_long;

/// The shop's settlement settings (settings → settlement).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettlementSettings {
    /// The largest discount on the total the desk gives without the supervisor (bp).
    pub discount_limit_bp: u32,
    /// Jobs promised less than this many hours after opening are short jobs; a job of
    /// exactly this many hours is a long one (两天以上包括两天).
    pub short_job_hours: u32,
    /// Minutes before pickup to tell the customer of a short job.
    pub notify_short_minutes: u32,
    /// Minutes before pickup to tell the customer of a longer job.
    pub notify_long_minutes: u32,
    /// The maintenance interval printed on the service card: kilometres…
    #[serde(default = "default_service_km")]
    pub service_interval_km: u32,
    /// …or months, whichever comes first.
    #[serde(default = "default_service_months")]
    pub service_interval_months: u32,
}

fn default_service_km() -> u32 {
    5_000
}

fn default_service_months() -> u32 {
    6
}

impl Default for SettlementSettings {
    fn default() -> Self {
        Self {
            discount_limit_bp: 500,
            short_job_hours: 48,
            notify_short_minutes: 60,
            notify_long_minutes: 240,
            service_interval_km: default_service_km(),
            service_interval_months: default_service_months(),
        }
    }
}

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum TestDrive {
    Done,
    NotNeeded,
}

/// The final check (work done, test drive, cleaned, belongings back, old parts aside).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReadyInput {
    pub work_done: bool,
    pub test_drive: TestDrive,
    pub cleaned: bool,
    pub belongings_back: bool,
    pub old_parts_set_aside: bool,
    pub checked_by: String,
    /// When the customer comes; the promised time when `None`.
    pub pickup_at: Option<NaiveDateTime>,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PickupCheck {
    pub work_order_id: WorkOrderId,
    pub input: ReadyInput,
    pub checked_at: NaiveDateTime,
    pub pickup_at: NaiveDateTime,
    pub notify_by: NaiveDateTime,
}

/// A call telling the customer the car is ready.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PickupCallInput {
    pub channel: ApprovalChannel,
    /// Whether someone was reached; a call nobody answered keeps the task open.
    pub reached: bool,
    pub spoke_with: String,
    /// What the customer said (comes at 17:00, sends the driver…).
    pub answer: String,
    pub recorded_by: String,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PickupCall {
    pub at: NaiveDateTime,
    pub input: PickupCallInput,
}

/// One "call the customer" task of Today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PickupCallTask {
    pub work_order_id: WorkOrderId,
    pub number: String,
    pub plate: String,
    pub customer_name: String,
    pub phone: String,
    pub pickup_at: NaiveDateTime,
    pub notify_by: NaiveDateTime,
    /// The time to call has come.
    pub due: bool,
    /// Calls that reached nobody so far.
    pub tries: u32,
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
