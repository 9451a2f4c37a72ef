//! The rules of the dispatch sheet: what a sheet must hold (who it goes to, at least one
//! item, planned hours in range, a handed-over time inside the job's life), what a
//! finding passed to the desk must record, and the items a new sheet starts from. Pure.
use chrono::{NaiveDateTime, Timelike};

use crate::domain::dispatch::{DispatchInput, FindingNoticeInput};
use crate::domain::pricing::{EstimateLine, LineKind};
use crate::error::FieldIssue;
use crate::reason::Reason;
use crate::validate::too_long;

pub use crate::domain::dispatch::{
    Dispatch, DispatchItem, DispatchMode, DispatchView, FindingNotice, UnnoticedItem,
};

/// The most items one sheet holds.
pub const MAX_ITEMS: usize = 40;
/// The longest planned time of one item: 240 hours.
pub const MAX_PLANNED_MINUTES: u32 = 240 * 60;

/// The sheet as it will be kept, text trimmed.
pub fn clean_dispatch(input: &DispatchInput) -> DispatchInput {
    DispatchInput {
        mode: input.mode,
        assigned_to: input.assigned_to.trim().to_string(),
        items: input
            .items
            .iter()
            .map(|i| DispatchItem {
                description: i.description.trim().to_string(),
                planned_minutes: i.planned_minutes,
            })
            .collect(),
        handed_at: input.handed_at,
        dispatched_by: input.dispatched_by.trim().to_string(),
    }
}

/// A time the workshop or the desk records: not before the minute the job was opened
/// (times are written to the minute), not later than now.
fn in_job_life(at: NaiveDateTime, opened_at: NaiveDateTime, now: NaiveDateTime) -> bool {
    at >= to_minute(opened_at) && at <= now
}

/// `at` with its seconds dropped: the minute a person writes down.
pub fn to_minute(at: NaiveDateTime) -> NaiveDateTime {
    at.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(at)
}

/// Every problem with a dispatch sheet, all at once.
pub fn check_dispatch(
    input: &DispatchInput,
    opened_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    let assigned = input.assigned_to.trim();
    if assigned.is_empty() {
        issues.push(FieldIssue::new(
            "assignedTo",
            Reason::DispatchAssigneeRequired,
        ));
    }
    too_long(&mut issues, "assignedTo", assigned, 100);
    let by = input.dispatched_by.trim();
    if by.is_empty() {
        issues.push(FieldIssue::new("dispatchedBy", Reason::DispatchByRequired));
    }
    too_long(&mut issues, "dispatchedBy", by, 100);
    if input.items.is_empty() {
        issues.push(FieldIssue::new("items", Reason::DispatchItemsEmpty));
    }
    if input.items.len() > MAX_ITEMS {
        issues.push(FieldIssue::new("items", Reason::ListTooLong));
    }
    for (i, item) in input.items.iter().enumerate() {
        let description = item.description.trim();
        if description.is_empty() {
            let field = format!("items.{i}.description");
            issues.push(FieldIssue::new(field, Reason::DispatchItemRequired));
        }
        too_long(
            &mut issues,
            &format!("items.{i}.description"),
            description,
            200,
        );
        if item.planned_minutes > MAX_PLANNED_MINUTES {
            let field = format!("items.{i}.plannedMinutes");
            issues.push(FieldIssue::new(field, Reason::DispatchHoursRange));
        }
    }
    if input
        .handed_at
        .is_some_and(|at| !in_job_life(at, opened_at, now))
    {
        issues.push(FieldIssue::new("handedAt", Reason::DispatchTimeRange));
    }
    issues
}

/// Every problem with a finding passed to the desk. One of an additional item carries
/// only who took it; any other says when, who told it and what.
pub fn check_notice(
    input: &FindingNoticeInput,
    opened_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    let taken_by = input.taken_by.trim();
    if taken_by.is_empty() {
        issues.push(FieldIssue::new("takenBy", Reason::NoticeTakenByRequired));
    }
    too_long(&mut issues, "takenBy", taken_by, 100);
    if input.additional_item_id.is_some() {
        return issues;
    }
    match input.at {
        None => issues.push(FieldIssue::new("at", Reason::NoticeTimeRequired)),
        Some(at) if !in_job_life(at, opened_at, now) => {
            issues.push(FieldIssue::new("at", Reason::DispatchTimeRange));
        }
        Some(_) => {}
    }
    let reported_by = input.reported_by.trim();
    if reported_by.is_empty() {
        issues.push(FieldIssue::new(
            "reportedBy",
            Reason::NoticeReportedByRequired,
        ));
    }
    too_long(&mut issues, "reportedBy", reported_by, 100);
    let what = input.what.trim();
    if what.is_empty() {
        issues.push(FieldIssue::new("what", Reason::NoticeWhatRequired));
    }
    too_long(&mut issues, "what", what, 2000);
    issues
}

/// The items a new sheet starts from: the estimate's labour lines with their hours
/// (a line in hours: thousandths of an hour → minutes), else the requested services
/// unplanned, else the complaint as the one item.
pub fn suggested_items(
    estimate: &[EstimateLine],
    services: &[String],
    complaint: &str,
) -> Vec<DispatchItem> {
    let labour: Vec<DispatchItem> = estimate
        .iter()
        .filter(|l| l.kind == LineKind::Labour && !l.description.trim().is_empty())
        .map(|l| DispatchItem {
            description: l.description.trim().to_string(),
            planned_minutes: planned_minutes_of(l),
        })
        .collect();
    if !labour.is_empty() {
        return labour;
    }
    let asked: Vec<DispatchItem> = services
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(|s| DispatchItem {
            description: s.to_string(),
            planned_minutes: 0,
        })
        .collect();
    if !asked.is_empty() {
        return asked;
    }
    let complaint = complaint.trim();
    if complaint.is_empty() {
        return Vec::new();
    }
    vec![DispatchItem {
        description: complaint.chars().take(200).collect(),
        planned_minutes: 0,
    }]
}

/// A labour line's time in minutes when it is counted in hours; 0 otherwise (a flat
/// job priced "per job" says nothing of its time).
fn planned_minutes_of(line: &EstimateLine) -> u32 {
    let unit = line.unit.trim().to_lowercase();
    let in_hours = matches!(
        unit.as_str(),
        "h" | "hr" | "hrs" | "hour" | "hours" | "小时" | "小時" | "工时" | "工時"
    );
    if !in_hours || line.qty_milli <= 0 {
        return 0;
    }
    let minutes = (line.qty_milli * 60 + 500) / 1000;
    u32::try_from(minutes)
        .unwrap_or(MAX_PLANNED_MINUTES)
        .min(MAX_PLANNED_MINUTES)
}

/// The sum of planned minutes of a sheet's items.
pub fn planned_total(items: &[DispatchItem]) -> u32 {
    items.iter().map(|i| i.planned_minutes).sum()
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

    fn sheet() -> DispatchInput {
        DispatchInput {
            mode: DispatchMode::SingleTeam,
            assigned_to: "Group 2".into(),
            items: vec![DispatchItem {
                description: "Replace front pads".into(),
                planned_minutes: 90,
            }],
            handed_at: Some(at(9, 30)),
            dispatched_by: "Wang".into(),
        }
    }

    fn fields(issues: &[FieldIssue]) -> Vec<&str> {
        issues.iter().map(|i| i.field.as_str()).collect()
    }

    #[test]
    fn a_whole_sheet_passes() {
        assert!(check_dispatch(&sheet(), at(9, 0), at(10, 0)).is_empty());
    }

    #[test]
    fn a_sheet_names_who_takes_it_and_holds_at_least_one_item() {
        let mut input = sheet();
        input.assigned_to = " ".into();
        input.dispatched_by = String::new();
        input.items.clear();
        assert_eq!(
            fields(&check_dispatch(&input, at(9, 0), at(10, 0))),
            ["assignedTo", "dispatchedBy", "items"]
        );
    }

    #[test]
    fn the_handed_over_time_lies_between_opening_the_job_and_now() {
        let mut input = sheet();
        input.handed_at = Some(at(8, 59));
        assert_eq!(
            fields(&check_dispatch(&input, at(9, 0), at(10, 0))),
            ["handedAt"]
        );
        input.handed_at = Some(at(10, 1));
        assert_eq!(
            fields(&check_dispatch(&input, at(9, 0), at(10, 0))),
            ["handedAt"],
            "a time still to come is not a time handed over"
        );
        input.handed_at = Some(at(10, 0));
        assert!(check_dispatch(&input, at(9, 0), at(10, 0)).is_empty());
    }

    #[test]
    fn a_time_written_in_the_minute_the_job_was_opened_counts() {
        let opened = at(9, 0) + chrono::Duration::seconds(40);
        let mut input = sheet();
        input.handed_at = Some(at(9, 0));
        assert!(check_dispatch(&input, opened, at(10, 0)).is_empty());
    }

    #[test]
    fn planned_hours_stop_at_240() {
        let mut input = sheet();
        input.items[0].planned_minutes = MAX_PLANNED_MINUTES;
        assert!(check_dispatch(&input, at(9, 0), at(10, 0)).is_empty());
        input.items[0].planned_minutes = MAX_PLANNED_MINUTES + 1;
        assert_eq!(
            fields(&check_dispatch(&input, at(9, 0), at(10, 0))),
            ["items.0.plannedMinutes"]
        );
    }

    #[test]
    fn a_notice_of_an_additional_item_needs_only_who_took_it() {
        let linked = FindingNoticeInput {
            additional_item_id: Some(3),
            at: None,
            reported_by: String::new(),
            what: String::new(),
            taken_by: "Wang".into(),
        };
        assert!(check_notice(&linked, at(9, 0), at(10, 0)).is_empty());
        let typed = FindingNoticeInput {
            additional_item_id: None,
            taken_by: String::new(),
            ..linked
        };
        assert_eq!(
            fields(&check_notice(&typed, at(9, 0), at(10, 0))),
            ["takenBy", "at", "reportedBy", "what"]
        );
    }

    #[test]
    fn the_estimates_labour_hours_become_the_planned_time() {
        let line = |kind, description: &str, qty_milli, unit: &str| EstimateLine {
            kind,
            code: String::new(),
            description: description.into(),
            system: None,
            qty_milli,
            unit: unit.into(),
            unit_price_minor: 0,
            discount_bp: 0,
            source: None,
            grade: None,
            customer_insists: false,
            guarantee: crate::domain::pricing::Guarantee {
                class: crate::domain::pricing::GuaranteeClass::FirstLevel,
                km: 2000,
                days: 10,
            },
        };
        let lines = [
            line(LineKind::Labour, "Replace pads", 1500, "h"),
            line(LineKind::Part, "Pads", 1000, "set"),
            line(LineKind::Labour, "Road test", 1000, "job"),
        ];
        assert_eq!(
            suggested_items(&lines, &["ignored".into()], "noise"),
            [
                DispatchItem {
                    description: "Replace pads".into(),
                    planned_minutes: 90
                },
                DispatchItem {
                    description: "Road test".into(),
                    planned_minutes: 0
                }
            ]
        );
        assert_eq!(
            suggested_items(&[], &["Oil change".into()], "noise")[0].description,
            "Oil change"
        );
        assert_eq!(
            suggested_items(&[], &[], "Squeal when braking")[0].description,
            "Squeal when braking",
            "with nothing else, the complaint is the work"
        );
        assert!(suggested_items(&[], &[], " ").is_empty());
    }
}
