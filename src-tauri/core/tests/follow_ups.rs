//! Follow-up calls after the car left (issue 20), through the store: the job enters the
//! queue in its first window, a try nobody answered is tried again, an unhappy answer is
//! marked for a check, the second call follows the first, what the call could not solve
//! waits for the supervisor's PIN and leaves the due list once reported, and the marks
//! make a call a must at a zero share.
mod intake_fixtures;
mod settlement_fixtures;

use std::path::Path;

use garage_core::follow_up::{
    CallStage, CarRuns, FollowUpCallInput, FollowUpSettings, JobMarkInput, JobMarkKind, MustCall,
    StageState, SupervisorReportInput,
};
use garage_core::pricing::{GuaranteeClass, LineKind};
use garage_core::settlement::exit::ExitInput;
use garage_core::settlement::payment::PaymentMethod;
use garage_core::settlement::supervision::SupervisorWord;
use garage_core::{CoreError, Store, WorkOrderId};
use intake_fixtures::*;
use settlement_fixtures::*;

/// A job settled, paid and out of the gate at 16:20 on 3 March 2026.
fn left(store: &Store, dir: &Path) -> WorkOrderId {
    let id = signed_job(store, dir);
    store
        .record_payment(id, &pay(PaymentMethod::Mobile, 118_000), at(3, 16, 10))
        .expect("paid in full");
    let input = ExitInput {
        issued_by: "周敏".into(),
        override_approval_id: None,
    };
    store
        .issue_exit_notice(id, &input, at(3, 16, 20))
        .expect("the car leaves");
    id
}

fn call(stage: CallStage, reached: bool, score: Option<u8>) -> FollowUpCallInput {
    FollowUpCallInput {
        stage,
        reached,
        car_runs: CarRuns::Well,
        score,
        words: "刹车还是有点响 the brakes still squeal a bit".into(),
        next_service_date: None,
        next_service_km: Some(50_000),
        new_service: String::new(),
        needs_supervisor: false,
        problem: String::new(),
        called_by: "周敏".into(),
    }
}

fn code(e: CoreError) -> String {
    match e {
        CoreError::Conflict { code } => code.to_string(),
        other => format!("{other:?}"),
    }
}

#[test]
fn a_car_that_left_is_called_in_its_window_and_tried_again_when_nobody_answers() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_in_memory().expect("store");
    let id = left(&store, dir.path());
    let early = store.follow_up_queue(at(4, 10, 0)).expect("queue");
    assert!(
        early.today.is_empty(),
        "the day after: not yet in the window"
    );

    let queue = store.follow_up_queue(at(5, 8, 0)).expect("queue");
    assert_eq!(queue.today.len(), 1, "two days after the car left");
    let task = &queue.today[0];
    assert_eq!((task.work_order_id, task.stage), (id, CallStage::First));
    assert_eq!(
        task.due_at,
        at(5, 9, 0),
        "at the start of the calling hours"
    );
    assert!(!queue.calling_now);
    assert_eq!(queue.calls_from, Some(at(5, 9, 0)));

    let after = store
        .record_follow_up_call(id, &call(CallStage::First, false, None), at(5, 9, 15))
        .expect("nobody answered");
    let open = after.open.expect("still open");
    assert_eq!(
        (open.tries, open.due_at),
        (1, at(5, 16, 0)),
        "tried again at 16:00"
    );

    let done = store
        .record_follow_up_call(id, &call(CallStage::First, true, Some(2)), at(5, 16, 5))
        .expect("reached");
    let last = done.calls.last().expect("the call");
    assert!(last.unhappy, "a score of 2 is offered a check");
    assert_eq!(last.input.next_service_km, Some(50_000));
    let second = done.open;
    assert!(second.is_none(), "the second call waits for the next day");
    let queue = store.follow_up_queue(at(5, 17, 0)).expect("queue");
    assert_eq!(queue.done.len(), 1, "done today");
    let next = store.follow_up_queue(at(6, 9, 30)).expect("queue");
    assert_eq!(next.today.first().map(|t| t.stage), Some(CallStage::Second));
    let again =
        store.record_follow_up_call(id, &call(CallStage::First, true, Some(5)), at(6, 9, 31));
    assert_eq!(
        code(again.expect_err("the first is done")),
        "follow_up.not_due"
    );
}

#[test]
fn a_first_call_never_made_is_counted_missed_and_the_second_still_comes() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_in_memory().expect("store");
    let id = left(&store, dir.path());
    let late = store.follow_up_queue(at(8, 10, 0)).expect("queue");
    assert_eq!(late.overdue.len(), 1, "in its window but late");
    let queue = store.follow_up_queue(at(11, 10, 0)).expect("queue");
    assert_eq!(queue.missed.len(), 1, "the window of 5–10 March closed");
    assert_eq!(queue.missed[0].state, StageState::Missed);
    assert_eq!(
        queue.today.first().map(|t| t.stage),
        Some(CallStage::Second)
    );
    let job = store.job_follow_up(id, at(11, 10, 0)).expect("job");
    assert!(job.called);
    assert!(job.next_service_km.is_some(), "the service card's mileage");
}

#[test]
fn what_the_call_cannot_solve_waits_for_the_supervisor_two_days() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_in_memory().expect("store");
    let boss = supervisor(&store);
    let id = left(&store, dir.path());
    let input = FollowUpCallInput {
        needs_supervisor: true,
        problem: "要求赔偿误工 asks for the lost day's pay".into(),
        car_runs: CarRuns::NotRight,
        ..call(CallStage::First, true, Some(1))
    };
    store
        .record_follow_up_call(id, &input, at(5, 10, 0))
        .expect("recorded");
    let queue = store.follow_up_queue(at(7, 11, 0)).expect("queue");
    let due = queue.supervisor.first().expect("on the due list");
    assert_eq!(due.state.report_by, at(7, 10, 0));
    assert!(due.state.overdue, "past the two days");
    assert!(
        due.state.customer_overdue,
        "the customer was not told that day"
    );
    let call_id = due.call_id;
    store
        .follow_up_customer_told(call_id, at(7, 11, 5))
        .expect("told");
    let note = SupervisorReportInput {
        note: "免费复查 a free check".into(),
    };
    let refused = store.report_follow_up(call_id, &note, None, at(7, 11, 10));
    assert_eq!(
        code(refused.expect_err("needs the PIN")),
        "supervisor.needed"
    );
    let word = SupervisorWord {
        supervisor_id: boss,
        pin: PIN.into(),
    };
    let done = store
        .report_follow_up(call_id, &note, Some(&word), at(7, 11, 10))
        .expect("reported");
    let state = done.supervisor.expect("a supervisor call");
    assert_eq!(state.reported_to, "赵主管");
    let queue = store.follow_up_queue(at(7, 12, 0)).expect("queue");
    assert!(queue.supervisor.is_empty(), "reported: off the due list");
    let twice = store.report_follow_up(call_id, &note, Some(&word), at(7, 12, 0));
    assert_eq!(code(twice.expect_err("once")), "follow_up.reported");
}

#[test]
fn at_a_zero_share_only_a_marked_or_overhaul_job_is_called() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_in_memory().expect("store");
    let none = FollowUpSettings {
        share_percent: 0,
        ..FollowUpSettings::default()
    };
    store.save_follow_up_settings(&none).expect("settings");
    let id = left(&store, dir.path());
    let queue = store.follow_up_queue(at(5, 10, 0)).expect("queue");
    assert!(queue.today.is_empty(), "not picked at 0 %");
    let refused =
        store.record_follow_up_call(id, &call(CallStage::First, true, Some(5)), at(5, 10, 0));
    assert_eq!(
        code(refused.expect_err("not called")),
        "follow_up.not_called"
    );
    let mark = JobMarkInput {
        kind: JobMarkKind::ServiceMistake,
        on: true,
        set_by: "周敏".into(),
        note: "车内留有油污 grease left on the seat".into(),
    };
    let job = store.set_job_mark(id, &mark, at(5, 10, 1)).expect("marked");
    assert_eq!(job.must, vec![MustCall::ServiceMistake]);
    assert_eq!(job.marks[0].set_by, "周敏");
    let queue = store.follow_up_queue(at(5, 10, 2)).expect("queue");
    assert_eq!(queue.today.len(), 1, "a service mistake is always called");
}

#[test]
fn an_overhaul_line_makes_the_call_a_must() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_in_memory().expect("store");
    let none = FollowUpSettings {
        share_percent: 0,
        ..FollowUpSettings::default()
    };
    store.save_follow_up_settings(&none).expect("settings");
    let id = job_in_workshop(&store, dir.path());
    let mut overhaul = line(LineKind::Labour, 1_000, 480_000, 0);
    overhaul.guarantee.class = GuaranteeClass::Overhaul;
    overhaul.guarantee.km = 20_000;
    overhaul.guarantee.days = 100;
    approve_estimate(&store, id, vec![overhaul]);
    ready(&store, id, at(3, 15, 0));
    let input = old_parts_answered(&store, id, at(3, 16, 0));
    store
        .save_settlement_draft(id, &input, at(3, 16, 0))
        .expect("draft");
    sign(&store, dir.path(), id, at(3, 16, 0));
    let due = store
        .settlement(id, at(3, 16, 5))
        .expect("settlement")
        .exit_debt_minor;
    store
        .record_payment(id, &pay(PaymentMethod::Mobile, due), at(3, 16, 10))
        .expect("paid");
    let exit = ExitInput {
        issued_by: "周敏".into(),
        override_approval_id: None,
    };
    store
        .issue_exit_notice(id, &exit, at(3, 16, 20))
        .expect("left");
    let job = store.job_follow_up(id, at(5, 10, 0)).expect("job");
    assert_eq!(job.must, vec![MustCall::Overhaul]);
    assert!(job.called);
}

#[test]
fn the_settings_are_checked_in_the_core() {
    let store = Store::open_in_memory().expect("store");
    let bad = FollowUpSettings {
        first_min_days: 9,
        ..FollowUpSettings::default()
    };
    match store.save_follow_up_settings(&bad) {
        Err(CoreError::Invalid(issues)) => assert_eq!(issues[0].field, "firstMaxDays"),
        other => panic!("refused, got {other:?}"),
    }
    let three = FollowUpSettings {
        first_min_days: 3,
        ..FollowUpSettings::default()
    };
    assert_eq!(store.save_follow_up_settings(&three).expect("saved"), three);
    assert_eq!(store.follow_up_settings().expect("read"), three);
}
