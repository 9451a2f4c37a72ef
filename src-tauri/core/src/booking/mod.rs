//! The rules of the appointment book (预约): what a booking must state, the deposit of at
//! least half the parts' price (预交定金不少于原价的二分之一), the day's load against the
//! shop's capacity (`capacity`), when the reminder call is due (`reminder`), and the
//! register, the tally and a customer's no-shows (`tally`), working time (`working_time`)
//! and the jobs running over their planned hours with the promises they put at risk
//! (`overrun`). Pure: no SQL, no clock.
pub mod agreement;
pub mod board;
pub mod capacity;
pub mod category_guess;
pub mod overrun;
pub mod reminder;
pub mod tally;
pub mod working_time;

use chrono::{Duration, NaiveDateTime, Timelike};

pub use crate::domain::appointment::{
    Appointment, AppointmentChange, AppointmentInput, AppointmentStatus, ArrivalInput, CallOutcome,
    CallerContact, Deposit, DepositDecision, DepositInput, DepositState, MinuteSpan, PartToPrepare,
    ReminderCall, ReminderCallInput,
};
use crate::domain::settlement::PaymentMethod;
pub use crate::domain::shop::BookingSettings;
use crate::error::FieldIssue;
use crate::money::amount_issue;
use crate::reason::Reason;
use crate::settlement::payment::{check_money_in, MoneyIn};
use crate::validate::{check_phone, check_plate, too_long};

/// The longest booking, in minutes: a week of work is a job, not an appointment.
pub const MAX_DURATION_MINUTES: u32 = 5 * 24 * 60;
/// How far ahead a booking may be made: a year (a typed `20266` is refused, not kept).
pub const MAX_DAYS_AHEAD: i64 = 366;

/// A booking's time must be ahead of `now`, and no more than a year ahead.
pub fn check_ahead(
    issues: &mut Vec<FieldIssue>,
    field: &str,
    at: NaiveDateTime,
    now: NaiveDateTime,
) {
    if at < now {
        issues.push(FieldIssue::new(field, Reason::AppointmentInPast));
    } else if at - now > chrono::Duration::days(MAX_DAYS_AHEAD) {
        issues.push(FieldIssue::new(field, Reason::AppointmentTooFar));
    }
}

/// The longest booking note.
pub const MAX_NOTE_CHARS: usize = 1_800;
/// The most parts one booking prepares.
pub const MAX_PARTS: usize = 50;

/// The sum of the parts' prices (qty × unit price), `None` on overflow.
pub fn parts_total(parts: &[PartToPrepare]) -> Option<i64> {
    parts.iter().try_fold(0i64, |sum, p| {
        sum.checked_add(i64::from(p.qty).checked_mul(p.unit_price_minor)?)
    })
}

/// Does the deposit meet the rule without the supervisor: at least half the parts' price,
/// in integer arithmetic (`2 × deposit ≥ parts`), so exactly half passes and one minor
/// unit less does not.
pub fn deposit_meets_half(deposit_minor: i64, parts_minor: i64) -> bool {
    i128::from(deposit_minor) * 2 >= i128::from(parts_minor)
}

/// The least deposit the rule asks for: half the parts' price, rounded up.
pub fn least_deposit(parts_minor: i64) -> i64 {
    parts_minor / 2 + parts_minor % 2
}

/// Every problem with a booking, all at once; field names are the input's JSON names.
/// Whether the time falls in the shop's hours is checked here too.
pub fn check_appointment(input: &AppointmentInput, settings: &BookingSettings) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    match (input.customer_id, input.vehicle_id, &input.caller) {
        (Some(_), Some(_), None) => {}
        (None, None, Some(caller)) => check_caller(&mut issues, caller),
        _ => issues.push(FieldIssue::new("customerId", Reason::AppointmentWho)),
    }
    if input.duration_minutes == 0 || input.duration_minutes > MAX_DURATION_MINUTES {
        issues.push(FieldIssue::new(
            "durationMinutes",
            Reason::AppointmentDuration,
        ));
    }
    if input.bay == 0 || input.bay > settings.bays {
        issues.push(FieldIssue::new("bay", Reason::AppointmentBay));
    }
    check_time(&mut issues, "startsAt", input.starts_at, settings);
    if input.wanted_work.trim().is_empty() {
        issues.push(FieldIssue::new("wantedWork", Reason::ComplaintRequired));
    }
    too_long(&mut issues, "wantedWork", input.wanted_work.trim(), 2_000);
    // Room is left for the handbook reminder and the price told, which arrival adds to
    // the job's other requests (2,000 characters at most).
    too_long(&mut issues, "note", input.note.trim(), MAX_NOTE_CHARS);
    if input.booked_by.trim().is_empty() {
        issues.push(FieldIssue::new("bookedBy", Reason::ApprovalByRequired));
    }
    too_long(&mut issues, "bookedBy", input.booked_by.trim(), 100);
    if input.parts.len() > MAX_PARTS {
        issues.push(FieldIssue::new("parts", Reason::AppointmentTooManyParts));
    }
    for (i, part) in input.parts.iter().enumerate() {
        if part.description.trim().is_empty() {
            issues.push(FieldIssue::new(
                format!("parts.{i}.description"),
                Reason::AppointmentPartDescription,
            ));
        }
        too_long(
            &mut issues,
            &format!("parts.{i}.description"),
            part.description.trim(),
            200,
        );
        if part.qty == 0 || part.qty > 1_000 {
            issues.push(FieldIssue::new(
                format!("parts.{i}.qty"),
                Reason::AppointmentPartQty,
            ));
        }
        if let Some(code) = amount_issue(part.unit_price_minor) {
            issues.push(FieldIssue::new(format!("parts.{i}.unitPriceMinor"), code));
        }
    }
    if let Some(code) = input.expected_price_minor.and_then(amount_issue) {
        issues.push(FieldIssue::new("expectedPriceMinor", code));
    }
    issues
}

fn check_caller(issues: &mut Vec<FieldIssue>, caller: &CallerContact) {
    if caller.name.trim().is_empty() {
        issues.push(FieldIssue::new("caller.name", Reason::ContactRequired));
    }
    too_long(issues, "caller.name", caller.name.trim(), 100);
    if let Err(code) = check_phone(&caller.phone) {
        issues.push(FieldIssue::new("caller.phone", code));
    }
    if let Err(code) = check_plate(&caller.plate) {
        issues.push(FieldIssue::new("caller.plate", code));
    }
}

/// The time must be exact to the minute and inside a working day's hours.
pub fn check_time(
    issues: &mut Vec<FieldIssue>,
    field: &str,
    at: NaiveDateTime,
    settings: &BookingSettings,
) {
    if at.second() != 0 || at.nanosecond() != 0 {
        issues.push(FieldIssue::new(field, Reason::AppointmentTime));
        return;
    }
    match capacity::hours_of(at.date(), settings) {
        None => issues.push(FieldIssue::new(field, Reason::AppointmentClosedDay)),
        Some(span) => {
            let minute = at.hour() * 60 + at.minute();
            if minute < span.from_minute || minute >= span.to_minute {
                issues.push(FieldIssue::new(field, Reason::AppointmentOutsideHours));
            }
        }
    }
}

/// The booking as it is saved: texts trimmed, the caller's phone and plate normalised.
/// Call after [`check_appointment`] found nothing.
pub fn clean_appointment(input: &AppointmentInput) -> AppointmentInput {
    let caller = input.caller.as_ref().map(|c| CallerContact {
        name: c.name.trim().to_string(),
        phone: check_phone(&c.phone).unwrap_or_else(|_| c.phone.trim().to_string()),
        plate: check_plate(&c.plate).unwrap_or_else(|_| c.plate.trim().to_string()),
    });
    AppointmentInput {
        caller,
        wanted_work: input.wanted_work.trim().to_string(),
        parts: input
            .parts
            .iter()
            .map(|p| PartToPrepare {
                description: p.description.trim().to_string(),
                ..p.clone()
            })
            .collect(),
        booked_by: input.booked_by.trim().to_string(),
        note: input.note.trim().to_string(),
        ..input.clone()
    }
}

/// Every problem with a deposit (the half rule is the caller's: it may need the
/// supervisor, not a correction); the change of a cash deposit.
pub fn check_deposit(input: &DepositInput) -> (Vec<FieldIssue>, Option<i64>) {
    let (mut issues, change) = check_money_in(&MoneyIn {
        amount_minor: input.amount_minor,
        method: input.method,
        tendered_minor: input.tendered_minor,
        taken_by: &input.taken_by,
        reference: &input.reference,
    });
    // A deposit is money in hand: "on account" would be no deposit at all.
    if input.method == PaymentMethod::OnAccount {
        issues.push(FieldIssue::new("method", Reason::DepositOnAccount));
    }
    (issues, change)
}

/// The most a booking's deposit may be: the parts' price, or the expected price when
/// that is higher. A deposit is a part of what the job will cost, never more.
pub fn deposit_ceiling(parts_minor: i64, expected_price_minor: Option<i64>) -> i64 {
    parts_minor.max(expected_price_minor.unwrap_or(0))
}

/// Every problem with a reminder call.
pub fn check_call(input: &ReminderCallInput) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if input.by.trim().is_empty() {
        issues.push(FieldIssue::new("by", Reason::ApprovalByRequired));
    }
    too_long(&mut issues, "by", input.by.trim(), 100);
    too_long(&mut issues, "note", input.note.trim(), 1_000);
    match (input.outcome, input.moved_to) {
        (CallOutcome::Moved, None) => {
            issues.push(FieldIssue::new(
                "movedTo",
                Reason::AppointmentMovedNeedsTime,
            ));
        }
        (CallOutcome::Moved, Some(_)) | (_, None) => {}
        (_, Some(_)) => issues.push(FieldIssue::new("movedTo", Reason::AppointmentMovedOnly)),
    }
    // A booking cancelled on the call keeps why, as one cancelled at the desk does.
    if input.outcome == CallOutcome::Cancelled && input.note.trim().is_empty() {
        issues.push(FieldIssue::new("note", Reason::CancelReasonRequired));
    }
    issues
}

/// The status a reminder call leaves the appointment in.
pub fn status_after_call(outcome: CallOutcome, before: AppointmentStatus) -> AppointmentStatus {
    match outcome {
        CallOutcome::Confirmed | CallOutcome::Moved => AppointmentStatus::Confirmed,
        CallOutcome::Cancelled => AppointmentStatus::Cancelled,
        CallOutcome::NotReached => before,
    }
}

/// How long after the booked time the desk waits before it may mark a booking missed: a
/// customer held up in traffic is late, not a no-show.
pub const NO_SHOW_GRACE_MINUTES: i64 = 30;

/// May the desk mark it a no-show: still open, and the grace after its time is over.
pub fn may_mark_no_show(
    status: AppointmentStatus,
    starts_at: NaiveDateTime,
    now: NaiveDateTime,
) -> bool {
    status.is_open() && now >= starts_at + Duration::minutes(NO_SHOW_GRACE_MINUTES)
}

/// May the car of a booking be taken in at `now`: an open booking, or one marked missed
/// whose customer turns up late on the booked day (the mark undone: arrived, it no longer
/// counts as a no-show).
pub fn may_arrive(status: AppointmentStatus, starts_at: NaiveDateTime, now: NaiveDateTime) -> bool {
    status.is_open() || (status == AppointmentStatus::NoShow && now.date() == starts_at.date())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_half_the_parts_price_passes_and_one_minor_unit_less_needs_the_supervisor() {
        assert!(deposit_meets_half(50_000, 100_000));
        assert!(!deposit_meets_half(49_999, 100_000));
        assert!(
            deposit_meets_half(50_001, 100_001),
            "half of an odd price rounds up"
        );
        assert!(!deposit_meets_half(50_000, 100_001));
        assert_eq!(least_deposit(100_001), 50_001);
        assert_eq!(least_deposit(100_000), 50_000);
        assert!(deposit_meets_half(0, 0), "no parts, no deposit asked");
    }

    #[test]
    fn the_parts_price_is_qty_times_unit_price_and_overflow_is_refused() {
        let parts = [
            PartToPrepare {
                description: "前刹车片".into(),
                qty: 2,
                unit_price_minor: 35_000,
            },
            PartToPrepare {
                description: "机油滤芯".into(),
                qty: 1,
                unit_price_minor: 4_500,
            },
        ];
        assert_eq!(parts_total(&parts), Some(74_500));
        let huge = [PartToPrepare {
            description: "x".into(),
            qty: u32::MAX,
            unit_price_minor: i64::MAX / 2,
        }];
        assert_eq!(parts_total(&huge), None);
    }

    fn t(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 3, day)
            .and_then(|d| d.and_hms_opt(hour, minute, 0))
            .unwrap_or_default()
    }

    #[test]
    fn a_booking_is_missed_only_once_the_half_hour_of_grace_is_over() {
        let starts = t(4, 10, 0);
        let open = AppointmentStatus::Booked;
        assert!(
            !may_mark_no_show(open, starts, t(4, 10, 0)),
            "at the booked minute the customer is not yet late"
        );
        assert!(!may_mark_no_show(open, starts, t(4, 10, 29)));
        assert!(may_mark_no_show(open, starts, t(4, 10, 30)));
        assert!(may_mark_no_show(
            AppointmentStatus::Confirmed,
            starts,
            t(4, 11, 0)
        ));
        assert!(!may_mark_no_show(
            AppointmentStatus::NoShow,
            starts,
            t(4, 11, 0)
        ));
    }

    #[test]
    fn a_customer_marked_missed_who_turns_up_the_same_day_is_taken_in() {
        let starts = t(4, 10, 0);
        assert!(may_arrive(AppointmentStatus::Booked, starts, t(4, 9, 0)));
        assert!(may_arrive(AppointmentStatus::NoShow, starts, t(4, 16, 0)));
        assert!(
            !may_arrive(AppointmentStatus::NoShow, starts, t(5, 8, 30)),
            "the next day it is a new visit, not this booking"
        );
        assert!(!may_arrive(
            AppointmentStatus::Cancelled,
            starts,
            t(4, 10, 0)
        ));
        assert!(!may_arrive(AppointmentStatus::Arrived, starts, t(4, 10, 0)));
    }

    #[test]
    fn a_moved_call_needs_the_new_time_and_only_a_moved_call_carries_one() {
        let call = |outcome, moved_to| ReminderCallInput {
            by: "周敏".into(),
            outcome,
            note: String::new(),
            moved_to,
            accept_overfill: false,
        };
        assert_eq!(
            check_call(&call(CallOutcome::Moved, None))[0].code,
            Reason::AppointmentMovedNeedsTime
        );
        let at = chrono::NaiveDate::from_ymd_opt(2026, 3, 3)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap_or_default();
        assert!(check_call(&call(CallOutcome::Moved, Some(at))).is_empty());
        assert_eq!(
            check_call(&call(CallOutcome::Confirmed, Some(at)))[0].code,
            Reason::AppointmentMovedOnly
        );
    }
}
