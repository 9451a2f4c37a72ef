//! The rules of a complaint (投诉): what a complaint must say when it is taken, when its
//! promised answer is late, and what closing it needs — the answer, whether the customer
//! was satisfied, and the supervisor's word for a serious or malicious complaint or for
//! any compensation agreed (the advisor promises nothing beyond their authority). Pure:
//! the store loads and journals, these functions decide.
use chrono::{Duration, NaiveDateTime};

pub use crate::domain::complaint::{
    ComplaintClosingInput, ComplaintDemand, ComplaintInput, ComplaintKind, ComplaintState,
    ComplaintStep, ComplaintStepInput,
};
use crate::domain::staff::ShopAction;
use crate::error::FieldIssue;
use crate::reason::Reason;

/// The furthest ahead an answer may be promised: a month is already long for a customer
/// who complains; beyond it a time is a typing slip.
pub const MAX_PROMISE_DAYS: i64 = 31;
/// Lengths of what is typed.
pub const WORDS_MAX: usize = 4_000;
pub const TEXT_MAX: usize = 2_000;
pub const NAME_MAX: usize = 100;

fn text(issues: &mut Vec<FieldIssue>, field: &str, value: &str, max: usize, needed: Reason) {
    let value = value.trim();
    if value.is_empty() {
        issues.push(FieldIssue::new(field, needed));
    } else if value.chars().count() > max {
        issues.push(FieldIssue::new(field, Reason::ComplaintTooLong));
    }
}

/// An answer time must lie ahead of `now`, and not more than a month ahead.
fn promise(
    issues: &mut Vec<FieldIssue>,
    field: &str,
    at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) {
    if let Some(at) = at {
        if at <= now {
            issues.push(FieldIssue::new(field, Reason::ComplaintAnswerInPast));
        } else if at > now + Duration::days(MAX_PROMISE_DAYS) {
            issues.push(FieldIssue::new(field, Reason::ComplaintAnswerTooFar));
        }
    }
}

/// What is wrong with a complaint as typed at `now`.
pub fn check_input(input: &ComplaintInput, now: NaiveDateTime) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    text(
        &mut issues,
        "words",
        &input.words,
        WORDS_MAX,
        Reason::ComplaintWordsRequired,
    );
    text(
        &mut issues,
        "takenBy",
        &input.taken_by,
        NAME_MAX,
        Reason::ComplaintByRequired,
    );
    if input.answer_now.chars().count() > TEXT_MAX {
        issues.push(FieldIssue::new("answerNow", Reason::ComplaintTooLong));
    }
    if input.demands.len() > ComplaintDemand::ALL.len() {
        issues.push(FieldIssue::new("demands", Reason::ComplaintTooLong));
    }
    if input.answer_now.trim().is_empty() && input.answer_by.is_none() {
        issues.push(FieldIssue::new("answerBy", Reason::ComplaintAnswerOrTime));
    }
    promise(&mut issues, "answerBy", input.answer_by, now);
    issues
}

/// What is wrong with a step typed at `now`.
pub fn check_step(step: &ComplaintStepInput, now: NaiveDateTime) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    text(
        &mut issues,
        "by",
        &step.by,
        NAME_MAX,
        Reason::ComplaintByRequired,
    );
    text(
        &mut issues,
        "action",
        &step.action,
        TEXT_MAX,
        Reason::ComplaintActionRequired,
    );
    promise(&mut issues, "nextAnswerBy", step.next_answer_by, now);
    issues
}

/// What is wrong with a closing: the answer, who closed it, and whether the customer was
/// satisfied are all required; compensation only where it was asked for.
pub fn check_closing(
    input: &ComplaintClosingInput,
    demands: &[ComplaintDemand],
) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    text(
        &mut issues,
        "answer",
        &input.answer,
        TEXT_MAX,
        Reason::ComplaintAnswerRequired,
    );
    text(
        &mut issues,
        "closedBy",
        &input.closed_by,
        NAME_MAX,
        Reason::ComplaintByRequired,
    );
    if input.satisfied.is_none() {
        issues.push(FieldIssue::new(
            "satisfied",
            Reason::ComplaintSatisfiedRequired,
        ));
    }
    if input.compensation_agreed && !demands.contains(&ComplaintDemand::Compensation) {
        issues.push(FieldIssue::new(
            "compensationAgreed",
            Reason::ComplaintCompensationNotAsked,
        ));
    }
    issues
}

/// Whose word closing needs: the supervisor's for a serious or malicious complaint, and
/// for compensation agreed on any complaint; `None` for the desk alone.
pub fn closing_action(kind: ComplaintKind, compensation_agreed: bool) -> Option<ShopAction> {
    if kind.for_supervisor() {
        Some(ShopAction::CloseSupervisedComplaint)
    } else if compensation_agreed {
        Some(ShopAction::AgreeCompensation)
    } else {
        None
    }
}

/// A promised answer time and when it was promised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Promise {
    pub made_at: NaiveDateTime,
    pub by: NaiveDateTime,
}

/// The promise in force: the latest one made, at the logging or in a step.
pub fn promise_in_force(
    taken_at: NaiveDateTime,
    answer_by: Option<NaiveDateTime>,
    steps: &[ComplaintStep],
) -> Option<Promise> {
    let first = answer_by.map(|by| Promise {
        made_at: taken_at,
        by,
    });
    steps
        .iter()
        .filter_map(|s| s.next_answer_by.map(|by| Promise { made_at: s.at, by }))
        .fold(first, |last, p| match last {
            Some(l) if l.made_at > p.made_at => Some(l),
            _ => Some(p),
        })
}

/// Late: open, its promised answer time passed, and no step recorded between the promise
/// and the time it named. A step made after the time does not undo the lateness until it
/// names a new time.
pub fn is_late(
    closed: bool,
    promise: Option<Promise>,
    steps: &[ComplaintStep],
    now: NaiveDateTime,
) -> bool {
    let Some(p) = promise.filter(|_| !closed) else {
        return false;
    };
    now > p.by && !steps.iter().any(|s| s.at > p.made_at && s.at <= p.by)
}

/// The state the list filters on.
pub fn state(
    closed: bool,
    promise: Option<Promise>,
    steps: &[ComplaintStep],
    now: NaiveDateTime,
) -> ComplaintState {
    if closed {
        ComplaintState::Closed
    } else if is_late(closed, promise, steps, now) {
        ComplaintState::Late
    } else {
        ComplaintState::Open
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::complaint::ComplaintChannel;
    use crate::ids::{CustomerId, VehicleId};
    use chrono::NaiveDate;

    fn at(d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, d)
            .and_then(|d| d.and_hms_opt(h, 0, 0))
            .unwrap_or_default()
    }

    fn step(at: NaiveDateTime, next: Option<NaiveDateTime>) -> ComplaintStep {
        ComplaintStep {
            at,
            by: "李".into(),
            action: "called the customer".into(),
            next_answer_by: next,
        }
    }

    fn input() -> ComplaintInput {
        ComplaintInput {
            customer_id: CustomerId(1),
            vehicle_id: VehicleId(1),
            work_order_id: None,
            channel: ComplaintChannel::Phone,
            kind: ComplaintKind::General,
            words: "The noise is back.".into(),
            demands: vec![ComplaintDemand::FreeRepair],
            taken_by: "李".into(),
            answer_now: String::new(),
            answer_by: Some(at(3, 16)),
        }
    }

    fn reasons(issues: &[FieldIssue]) -> Vec<Reason> {
        issues.iter().map(|i| i.code).collect()
    }

    #[test]
    fn a_complaint_is_answered_at_once_or_given_a_time_ahead_within_a_month() {
        assert!(check_input(&input(), at(2, 9)).is_empty());
        let mut none = input();
        none.answer_by = None;
        assert_eq!(
            reasons(&check_input(&none, at(2, 9))),
            [Reason::ComplaintAnswerOrTime]
        );
        none.answer_now = "Apologised; the noise will be checked free today.".into();
        assert!(check_input(&none, at(2, 9)).is_empty(), "answered at once");
        assert_eq!(
            reasons(&check_input(&input(), at(3, 16))),
            [Reason::ComplaintAnswerInPast],
            "a time already reached is no promise"
        );
        let mut far = input();
        far.answer_by = Some(at(2, 9) + Duration::days(MAX_PROMISE_DAYS + 1));
        assert_eq!(
            reasons(&check_input(&far, at(2, 9))),
            [Reason::ComplaintAnswerTooFar]
        );
    }

    #[test]
    fn the_customers_words_and_who_took_it_are_required() {
        let mut blank = input();
        blank.words = "  ".into();
        blank.taken_by = String::new();
        assert_eq!(
            reasons(&check_input(&blank, at(2, 9))),
            [Reason::ComplaintWordsRequired, Reason::ComplaintByRequired]
        );
    }

    #[test]
    fn a_promise_passed_without_a_step_is_late_and_a_step_before_it_keeps_it() {
        let p = promise_in_force(at(2, 9), Some(at(3, 16)), &[]);
        assert!(
            !is_late(false, p, &[], at(3, 16)),
            "not late at the promised minute"
        );
        assert!(is_late(false, p, &[], at(3, 17)));
        let kept = [step(at(3, 10), None)];
        assert!(!is_late(false, p, &kept, at(5, 9)), "answered in time");
        let after = [step(at(4, 10), None)];
        assert!(
            is_late(false, p, &after, at(4, 11)),
            "a late step without a new time leaves it late"
        );
        let renewed = [step(at(4, 10), Some(at(6, 10)))];
        let p2 = promise_in_force(at(2, 9), Some(at(3, 16)), &renewed);
        assert_eq!(p2.map(|p| p.by), Some(at(6, 10)));
        assert!(
            !is_late(false, p2, &renewed, at(5, 9)),
            "a new time promised"
        );
        assert!(is_late(false, p2, &renewed, at(6, 11)));
        assert!(
            !is_late(true, p, &[], at(9, 9)),
            "a closed complaint is never late"
        );
        assert_eq!(state(false, None, &[], at(9, 9)), ComplaintState::Open);
    }

    #[test]
    fn closing_needs_the_answer_and_the_customers_satisfaction() {
        let mut close = ComplaintClosingInput {
            answer: "Repaired free under guarantee.".into(),
            satisfied: None,
            closed_by: "李".into(),
            compensation_agreed: false,
        };
        assert_eq!(
            reasons(&check_closing(&close, &[])),
            [Reason::ComplaintSatisfiedRequired]
        );
        close.satisfied = Some(false);
        assert!(
            check_closing(&close, &[]).is_empty(),
            "unsatisfied is an answer too"
        );
        close.compensation_agreed = true;
        assert_eq!(
            reasons(&check_closing(&close, &[ComplaintDemand::Apology])),
            [Reason::ComplaintCompensationNotAsked]
        );
    }

    #[test]
    fn serious_and_malicious_complaints_and_any_compensation_go_to_the_supervisor() {
        use ComplaintKind::*;
        assert_eq!(closing_action(General, false), None);
        assert_eq!(
            closing_action(General, true),
            Some(ShopAction::AgreeCompensation)
        );
        assert_eq!(
            closing_action(Serious, false),
            Some(ShopAction::CloseSupervisedComplaint)
        );
        assert_eq!(
            closing_action(Malicious, true),
            Some(ShopAction::CloseSupervisedComplaint)
        );
    }
}
