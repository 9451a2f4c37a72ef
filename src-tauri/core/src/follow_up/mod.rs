//! The rules of the follow-up calls after a car left (跟踪回访): when each call is due
//! (`window`), whom the shop calls (`pick`), what a call must state, who is unhappy and
//! offered a check, and the supervisor's two days for what the call could not solve
//! (两日内报告业务主管…当日告知客户). Pure: no SQL, no clock.
pub mod pick;
pub mod window;

use chrono::{Days, Duration, NaiveDate, NaiveDateTime, NaiveTime};

pub use crate::domain::follow_up::{
    CallStage, CarRuns, CustomerCall, FollowUpCall, FollowUpCallInput, FollowUpQueue,
    FollowUpSettings, FollowUpTask, JobFollowUp, JobMark, JobMarkInput, JobMarkKind, MustCall,
    StageState, SupervisorDue, SupervisorFollowUp, SupervisorReportInput,
};
use crate::error::FieldIssue;
use crate::reason::Reason;
use crate::validate::too_long;

/// The longest text of a call (the customer's words, the problem, a new service wanted).
pub const MAX_TEXT_CHARS: usize = 2_000;
/// The longest name of who called or set a mark.
pub const MAX_NAME_CHARS: usize = 60;
/// The most calling-hours windows in a day.
pub const MAX_CALLING_WINDOWS: usize = 6;
/// The highest odometer a reminder may name.
pub const MAX_KM: i64 = 3_000_000;
/// The supervisor is told within this many days of the call.
pub const REPORT_DAYS: i64 = 2;

/// Every problem with the follow-up settings: each window 0..=30 days with its first day
/// not after its last, the second window 1..=30 days, the share 0..=100 %, the calling
/// hours inside the day, in order, each ending after it starts.
pub fn check_settings(s: &FollowUpSettings) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if s.first_min_days > 30 {
        issues.push(FieldIssue::new("firstMinDays", Reason::FollowUpWindow));
    }
    if s.first_max_days > 30 || s.first_max_days < s.first_min_days {
        issues.push(FieldIssue::new("firstMaxDays", Reason::FollowUpWindow));
    }
    if !(1..=30).contains(&s.second_window_days) {
        issues.push(FieldIssue::new("secondWindowDays", Reason::FollowUpWindow));
    }
    if s.share_percent > 100 {
        issues.push(FieldIssue::new("sharePercent", Reason::FollowUpShare));
    }
    if s.calling_hours.is_empty() || s.calling_hours.len() > MAX_CALLING_WINDOWS {
        issues.push(FieldIssue::new("callingHours", Reason::BookingCallingHours));
    }
    let mut last_end = 0;
    for (i, span) in s.calling_hours.iter().take(MAX_CALLING_WINDOWS).enumerate() {
        if span.from_minute >= span.to_minute
            || span.to_minute > 24 * 60
            || span.from_minute < last_end
        {
            issues.push(FieldIssue::new(
                format!("callingHours.{i}"),
                Reason::BookingCallingHours,
            ));
        }
        last_end = span.to_minute;
    }
    issues
}

/// Every problem with a call as typed, and the call cleaned: a call nobody answered
/// keeps only who called (whatever else was typed is dropped, not stored as said); one
/// that reached the customer needs a score of 1–5; a problem for the supervisor needs
/// its words; the reminded maintenance within five years of `now`.
pub fn check_call(
    input: &FollowUpCallInput,
    now: NaiveDateTime,
) -> (Vec<FieldIssue>, FollowUpCallInput) {
    let mut issues = Vec::new();
    let mut clean = FollowUpCallInput {
        words: input.words.trim().to_string(),
        new_service: input.new_service.trim().to_string(),
        problem: input.problem.trim().to_string(),
        called_by: input.called_by.trim().to_string(),
        ..input.clone()
    };
    if clean.called_by.is_empty() {
        issues.push(FieldIssue::new("calledBy", Reason::FollowUpCalledBy));
    }
    too_long(&mut issues, "calledBy", &clean.called_by, MAX_NAME_CHARS);
    if !clean.reached {
        return (
            issues,
            FollowUpCallInput {
                car_runs: CarRuns::NotAsked,
                score: None,
                words: String::new(),
                next_service_date: None,
                next_service_km: None,
                new_service: String::new(),
                needs_supervisor: false,
                problem: String::new(),
                ..clean
            },
        );
    }
    match clean.score {
        Some(1..=5) => {}
        _ => issues.push(FieldIssue::new("score", Reason::FollowUpScore)),
    }
    too_long(&mut issues, "words", &clean.words, MAX_TEXT_CHARS);
    too_long(
        &mut issues,
        "newService",
        &clean.new_service,
        MAX_TEXT_CHARS,
    );
    too_long(&mut issues, "problem", &clean.problem, MAX_TEXT_CHARS);
    if clean.needs_supervisor && clean.problem.is_empty() {
        issues.push(FieldIssue::new("problem", Reason::FollowUpProblem));
    }
    if !clean.needs_supervisor {
        clean.problem.clear();
    }
    if clean
        .next_service_km
        .is_some_and(|km| !(0..=MAX_KM).contains(&km))
    {
        issues.push(FieldIssue::new(
            "nextServiceKm",
            Reason::FollowUpNextService,
        ));
    }
    let near = |d: NaiveDate| {
        let back = now.date().checked_sub_days(Days::new(5 * 366));
        let ahead = now.date().checked_add_days(Days::new(5 * 366));
        back.is_some_and(|b| d >= b) && ahead.is_some_and(|a| d <= a)
    };
    if clean.next_service_date.is_some_and(|d| !near(d)) {
        issues.push(FieldIssue::new(
            "nextServiceDate",
            Reason::FollowUpNextService,
        ));
    }
    (issues, clean)
}

/// An unhappy customer, offered a check or a comeback: a score of 2 or less, or the car
/// not right.
pub fn is_unhappy(input: &FollowUpCallInput) -> bool {
    input.reached && (input.score.is_some_and(|s| s <= 2) || input.car_runs == CarRuns::NotRight)
}

/// A mark as typed: who set it, and a short note.
pub fn check_mark(input: &JobMarkInput) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if input.set_by.trim().is_empty() {
        issues.push(FieldIssue::new("setBy", Reason::FollowUpCalledBy));
    }
    too_long(&mut issues, "setBy", input.set_by.trim(), MAX_NAME_CHARS);
    too_long(&mut issues, "note", input.note.trim(), MAX_TEXT_CHARS);
    issues
}

/// The supervisor's two days: reported by the call's time plus two days, the customer
/// told by the end of the call's day; each overdue once `now` passes it undone.
pub fn supervisor_state(
    called_at: NaiveDateTime,
    customer_told_at: Option<NaiveDateTime>,
    reported_at: Option<NaiveDateTime>,
    reported_to: String,
    handled_note: String,
    now: NaiveDateTime,
) -> SupervisorFollowUp {
    let report_by = called_at + Duration::days(REPORT_DAYS);
    let tell_customer_by = called_at
        .date()
        .checked_add_days(Days::new(1))
        .map_or(called_at, |d| d.and_time(NaiveTime::MIN));
    SupervisorFollowUp {
        report_by,
        tell_customer_by,
        customer_told_at,
        reported_at,
        reported_to,
        handled_note,
        overdue: reported_at.is_none() && now > report_by,
        customer_overdue: customer_told_at.is_none() && now >= tell_customer_by,
    }
}

#[cfg(test)]
#[path = "checks_tests.rs"]
mod tests;
