//! While the car is in the workshop: additional items found (a proposal with lines, extra
//! cost and time, and the customer's answer), progress checks and delays, and the
//! declined work offered again on the vehicle's next job. The rules here; the types the
//! store reads in `domain::workshop`, the use cases in `desk::workshop` and
//! `desk::carry_overs`.
pub mod answer;
pub mod diagnosis;
pub mod dispatch;
pub mod typed;

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

pub use crate::domain::pricing::{ContactOutcome, ProposalStatus};
pub use crate::domain::workshop::{
    AdditionalItem, AdditionalItemInput, ItemContact, ProgressEntry, ProgressKind,
};
use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::WorkOrderId;
use crate::intake::{Label, SignatureInput};
use crate::pricing::estimate::ApprovalChannel;
use crate::pricing::{check_line, clean_line, EstimateLine, MAX_LINES};
use crate::reason::Reason;
use crate::validate::too_long;

/// The longest extra time an item may ask for: 30 days.
pub const MAX_EXTRA_MINUTES: u32 = 30 * 24 * 60;

/// The customer's answer (or a call that did not reach them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AnswerInput {
    pub outcome: ContactOutcome,
    pub channel: ApprovalChannel,
    /// Who spoke for the customer.
    pub spoke_with: String,
    /// The advisor recording it.
    pub recorded_by: String,
    /// With an approval: the new promised time, when the extra work moves it.
    pub new_promised_at: Option<NaiveDateTime>,
    /// The pad's signature when the channel is `signature`.
    pub signature: Option<SignatureInput>,
}

/// A progress check as the advisor records it: on time, or a delay with the new promised
/// time, the reason and how the customer was told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProgressInput {
    pub on_time: bool,
    pub new_promised_at: Option<NaiveDateTime>,
    pub reason: String,
    pub told_channel: Option<ApprovalChannel>,
    pub told_at: Option<NaiveDateTime>,
    pub recorded_by: String,
}

/// The Workshop view of a job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkshopView {
    pub work_order_id: WorkOrderId,
    pub number: String,
    pub opened_at: NaiveDateTime,
    /// As promised at intake (and frozen with it).
    pub promised_first: Option<NaiveDateTime>,
    /// As promised now, after delays and approved items.
    pub promised_now: Option<NaiveDateTime>,
    /// When the progress check falls due (75 % of the planned time).
    pub check_due_at: Option<NaiveDateTime>,
    pub check_due: bool,
    pub late: bool,
    pub items: Vec<AdditionalItem>,
    pub progress: Vec<ProgressEntry>,
    /// The sum of the approved items.
    pub approved_extra_minor: i64,
    pub editable: bool,
    /// The shop's local time when the view was loaded, to the minute: what "told at"
    /// starts from when a delay is recorded (the window does not read its own clock).
    pub told_at_default: NaiveDateTime,
    /// Set only by the step that just signed or approved this, when the PDF it archives
    /// could not be written (a full disk): why, for the window to say so. The signature
    /// or approval stands, and printing the form archives it first.
    #[serde(default)]
    pub archive_failed: Option<Reason>,
}

/// Where a carried-over offer comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum CarryOverSource {
    /// An additional item the customer declined on an earlier job.
    Declined { item_id: i64 },
    /// A safety-critical "needs attention" item of the last walk-around.
    Inspection {
        work_order_id: WorkOrderId,
        position: i64,
    },
}

/// Work offered again on a vehicle's next job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CarryOver {
    pub source: CarryOverSource,
    pub from_number: String,
    pub from_date: NaiveDateTime,
    pub plate: String,
    /// The finding, or the checklist item's label.
    pub label: Label,
    pub note: String,
    pub safety_critical: bool,
    pub lines: Vec<EstimateLine>,
    pub amount_minor: i64,
}

/// Checks and cleans a new additional item.
pub fn clean_item(input: &AdditionalItemInput) -> Result<AdditionalItemInput> {
    let mut issues: Vec<FieldIssue> = Vec::new();
    if input.finding.trim().is_empty() {
        issues.push(FieldIssue::new("finding", Reason::FindingRequired));
    }
    too_long(&mut issues, "finding", input.finding.trim(), 500);
    too_long(&mut issues, "reason", input.reason.trim(), 1_000);
    if input.found_by.trim().is_empty() {
        issues.push(FieldIssue::new("foundBy", Reason::FoundByRequired));
    }
    too_long(&mut issues, "foundBy", input.found_by.trim(), 100);
    if input.photos.len() > 12 {
        issues.push(FieldIssue::new("photos", Reason::ListTooLong));
    }
    if input
        .photos
        .iter()
        .any(|p| !crate::domain::intake::is_photo_name(p))
    {
        issues.push(FieldIssue::new("photos", Reason::PhotoReference));
    }
    if input.lines.len() > MAX_LINES {
        issues.push(FieldIssue::new("lines", Reason::ListTooLong));
    }
    if input.extra_minutes > MAX_EXTRA_MINUTES {
        issues.push(FieldIssue::new("extraMinutes", Reason::ExtraTimeRange));
    }
    let mut lines = Vec::with_capacity(input.lines.len());
    for (i, line) in input.lines.iter().enumerate() {
        issues.extend(check_line(line, &format!("lines.{i}")));
        lines.push(clean_line(line));
    }
    if !issues.is_empty() {
        return Err(CoreError::Invalid(issues));
    }
    Ok(AdditionalItemInput {
        finding: input.finding.trim().to_string(),
        reason: input.reason.trim().to_string(),
        safety_critical: input.safety_critical,
        photos: input.photos.clone(),
        found_by: input.found_by.trim().to_string(),
        lines,
        extra_minutes: input.extra_minutes,
    })
}

/// Every problem with an answer.
pub fn check_answer(input: &AnswerInput, now: NaiveDateTime) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if input.recorded_by.trim().is_empty() {
        issues.push(FieldIssue::new("recordedBy", Reason::ApprovalByRequired));
    }
    too_long(&mut issues, "recordedBy", input.recorded_by.trim(), 100);
    too_long(&mut issues, "spokeWith", input.spoke_with.trim(), 100);
    if input.outcome != ContactOutcome::NotReached && input.spoke_with.trim().is_empty() {
        issues.push(FieldIssue::new("spokeWith", Reason::ApprovalByRequired));
    }
    let signs = input.channel == ApprovalChannel::Signature;
    if signs != input.signature.is_some() || (signs && input.outcome == ContactOutcome::NotReached)
    {
        issues.push(FieldIssue::new("signature", Reason::SignatureEmpty));
    }
    if input.new_promised_at.is_some_and(|at| at <= now) {
        issues.push(FieldIssue::new("newPromisedAt", Reason::PromisedInPast));
    }
    if input.new_promised_at.is_some() && input.outcome != ContactOutcome::Approved {
        issues.push(FieldIssue::new("newPromisedAt", Reason::PromisedInPast));
    }
    issues
}

/// Every problem with a progress check.
pub fn check_progress(input: &ProgressInput, now: NaiveDateTime) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if input.recorded_by.trim().is_empty() {
        issues.push(FieldIssue::new("recordedBy", Reason::ApprovalByRequired));
    }
    too_long(&mut issues, "recordedBy", input.recorded_by.trim(), 100);
    too_long(&mut issues, "reason", input.reason.trim(), 500);
    if !input.on_time {
        match input.new_promised_at {
            None => issues.push(FieldIssue::new("newPromisedAt", Reason::DelayNeedsTime)),
            Some(at) if at <= now => {
                issues.push(FieldIssue::new("newPromisedAt", Reason::PromisedInPast))
            }
            Some(_) => {}
        }
        if input.reason.trim().is_empty() {
            issues.push(FieldIssue::new("reason", Reason::DelayNeedsReason));
        }
        if input.told_channel.is_none() || input.told_at.is_none() {
            issues.push(FieldIssue::new(
                "toldChannel",
                Reason::DelayNeedsCustomerTold,
            ));
        }
        if input
            .told_at
            .is_some_and(|at| at > now + Duration::minutes(5))
        {
            issues.push(FieldIssue::new("toldAt", Reason::ClockBehind));
        }
    }
    issues
}

/// When a job's progress check falls due: at 75 % of the time between opening and the
/// promised time.
pub fn check_due_at(opened_at: NaiveDateTime, promised: NaiveDateTime) -> Option<NaiveDateTime> {
    let span = promised.signed_duration_since(opened_at);
    if span <= Duration::zero() {
        return None;
    }
    Some(opened_at + span * 3 / 4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, 2)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .unwrap_or_default()
    }

    #[test]
    fn the_check_falls_at_three_quarters_of_the_planned_time() {
        assert_eq!(check_due_at(at(9, 0), at(17, 0)), Some(at(15, 0)));
        assert_eq!(check_due_at(at(9, 0), at(9, 0)), None);
    }

    #[test]
    fn a_delay_needs_a_later_time_a_reason_and_the_customer_told() {
        let input = ProgressInput {
            on_time: false,
            new_promised_at: Some(at(8, 0)),
            reason: String::new(),
            told_channel: None,
            told_at: None,
            recorded_by: "周敏".into(),
        };
        let codes: Vec<Reason> = check_progress(&input, at(12, 0))
            .into_iter()
            .map(|i| i.code)
            .collect();
        assert_eq!(
            codes,
            vec![
                Reason::PromisedInPast,
                Reason::DelayNeedsReason,
                Reason::DelayNeedsCustomerTold
            ]
        );
        let on_time = ProgressInput {
            on_time: true,
            ..input
        };
        assert!(check_progress(&on_time, at(12, 0)).is_empty());
    }
}
