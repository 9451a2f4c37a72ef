//! While the car is in: additional items and the customer's answers, progress checks and
//! delays, and declined work offered again on the vehicle's next job.
mod intake_fixtures;

use garage_core::error::CoreError;
use garage_core::intake::{IntakeSection, ItemStatus, Label};
use garage_core::pricing::estimate::ApprovalChannel;
use garage_core::pricing::{EstimateLine, Guarantee, GuaranteeClass, LineKind};
use garage_core::reason::Reason;
use garage_core::workshop::{
    AdditionalItemInput, AnswerInput, CarryOverSource, ContactOutcome, ProgressInput,
    ProposalStatus,
};
use garage_core::{Store, WorkOrderId};
use intake_fixtures::*;

fn disc_line() -> EstimateLine {
    EstimateLine {
        kind: LineKind::Part,
        code: "43512-12680".into(),
        description: "前刹车盘 Front discs".into(),
        system: None,
        qty_milli: 2_000,
        unit: "piece".into(),
        unit_price_minor: 35_000,
        discount_bp: 0,
        source: None,
        grade: None,
        customer_insists: false,
        guarantee: Guarantee {
            class: GuaranteeClass::FirstLevel,
            km: 2_000,
            days: 10,
        },
    }
}

fn finding() -> AdditionalItemInput {
    AdditionalItemInput {
        finding: "前刹车盘磨损 Front discs scored".into(),
        reason: "Below minimum thickness".into(),
        safety_critical: true,
        photos: vec![],
        found_by: "王师傅".into(),
        lines: vec![disc_line()],
        extra_minutes: 90,
    }
}

fn answer(outcome: ContactOutcome) -> AnswerInput {
    AnswerInput {
        outcome,
        channel: ApprovalChannel::Phone,
        spoke_with: "李建国".into(),
        recorded_by: "周敏".into(),
        new_promised_at: None,
        signature: None,
    }
}

fn checked_in_job(store: &Store, dir: &std::path::Path) -> WorkOrderId {
    let id = job(store).work_order.id;
    fill_intake(store, id);
    check_in(store, dir, id, now());
    id
}

#[test]
fn an_item_refused_by_phone_comes_back_on_the_next_job() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let first = checked_in_job(&store, dir.path());
    let view = store
        .add_additional_item(first, &finding(), at(2, 11, 0))
        .expect("found");
    let item = view.items[0].clone();
    assert_eq!(item.status, ProposalStatus::Proposed);
    assert_eq!(item.totals.gross_minor, 70_000);
    let tasks = store.desk_tasks(at(2, 11, 5)).expect("tasks");
    assert_eq!(tasks.answers_waiting.len(), 1);
    assert_eq!(tasks.answers_waiting[0].amount_minor, Some(70_000));

    // Not reached, then declined.
    let not_reached = answer(ContactOutcome::NotReached);
    let view = store
        .answer_additional_item(dir.path(), first, item.id, &not_reached, at(2, 11, 10))
        .expect("not reached");
    assert_eq!(view.items[0].status, ProposalStatus::Proposed);
    let no = answer(ContactOutcome::Declined);
    let view = store
        .answer_additional_item(dir.path(), first, item.id, &no, at(2, 11, 40))
        .expect("declined");
    assert_eq!(view.items[0].status, ProposalStatus::Declined);
    assert_eq!(view.items[0].contacts.len(), 2);
    assert_eq!(view.approved_extra_minor, 0);
    let yes = answer(ContactOutcome::Approved);
    assert!(matches!(
        store.answer_additional_item(dir.path(), first, item.id, &yes, at(2, 12, 0)),
        Err(CoreError::Conflict {
            code: Reason::ItemAnswered
        })
    ));
    assert!(store
        .desk_tasks(at(2, 12, 0))
        .expect("tasks")
        .answers_waiting
        .is_empty());

    // The car's next job offers the declined item; one click adds its lines.
    let detail = store.get_work_order(first).expect("first");
    let next = open(
        &store,
        detail.work_order.customer_id,
        detail.work_order.vehicle_id,
        at(20, 9, 0),
    );
    let next_id = next.work_order.id;
    let offers = store.carry_overs(next_id).expect("offers");
    assert_eq!(offers.len(), 1);
    assert!(offers[0].safety_critical);
    assert_eq!(offers[0].amount_minor, 70_000);
    let book = store
        .add_carry_over(next_id, &offers[0].source, at(20, 9, 5))
        .expect("added");
    assert_eq!(
        book.current.lines.len(),
        2,
        "the requested item and the discs"
    );
    assert_eq!(book.current.lines[1].code, "43512-12680");
    assert!(store.carry_overs(next_id).expect("offers").is_empty());
    assert!(matches!(
        store.add_carry_over(next_id, &offers[0].source, at(20, 9, 6)),
        Err(CoreError::Conflict {
            code: Reason::CarryOverTaken
        })
    ));
}

#[test]
fn an_approval_joins_the_work_and_moves_the_promised_time() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let id = checked_in_job(&store, dir.path());
    let view = store
        .add_additional_item(id, &finding(), at(2, 11, 0))
        .expect("found");
    let mut yes = answer(ContactOutcome::Approved);
    yes.new_promised_at = Some(at(4, 12, 0));
    let view = store
        .answer_additional_item(dir.path(), id, view.items[0].id, &yes, at(2, 11, 30))
        .expect("approved");
    assert_eq!(view.approved_extra_minor, 70_000);
    assert_eq!(
        view.promised_first,
        Some(at(3, 17, 0)),
        "the intake keeps its time"
    );
    assert_eq!(view.promised_now, Some(at(4, 12, 0)));
    let listed = store.list_open_work_orders(at(2, 12, 0)).expect("today");
    assert_eq!(listed[0].promised_at, Some(at(4, 12, 0)));
    let report =
        garage_core::desk::verify::verify_work_order(&store, dir.path(), id).expect("verify");
    assert!(
        report.matches,
        "the frozen intake is not edited: {report:?}"
    );
}

#[test]
fn a_progress_check_falls_due_at_three_quarters_and_a_delay_moves_the_time() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let id = checked_in_job(&store, dir.path());
    let view = store.workshop(id, now()).expect("view");
    let due_at = view.check_due_at.expect("due time");
    assert!(!view.check_due);
    assert!(store
        .desk_tasks(now())
        .expect("tasks")
        .progress_checks
        .is_empty());
    let tasks = store.desk_tasks(due_at).expect("tasks");
    assert_eq!(tasks.progress_checks.len(), 1);

    let bare_delay = ProgressInput {
        on_time: false,
        new_promised_at: None,
        reason: String::new(),
        told_channel: None,
        told_at: None,
        recorded_by: "周敏".into(),
    };
    assert!(matches!(
        store.record_progress(id, &bare_delay, due_at),
        Err(CoreError::Invalid(_))
    ));
    let delay = ProgressInput {
        new_promised_at: Some(at(5, 17, 0)),
        reason: "Part on back order".into(),
        told_channel: Some(ApprovalChannel::Phone),
        told_at: Some(due_at),
        ..bare_delay
    };
    let view = store.record_progress(id, &delay, due_at).expect("delay");
    assert_eq!(view.promised_now, Some(at(5, 17, 0)));
    assert!(!view.check_due, "checked since it fell due");
    assert!(store
        .desk_tasks(due_at)
        .expect("tasks")
        .progress_checks
        .is_empty());
    let tasks = store.desk_tasks(at(5, 18, 0)).expect("tasks");
    assert_eq!(tasks.late.len(), 1, "past the new time it is late");
}

#[test]
fn a_flagged_safety_item_of_the_last_walk_around_is_offered() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let id = job(&store).work_order.id;
    fill_intake(&store, id);
    let mut items = store.get_work_order(id).expect("job").intake.inspection;
    let tyre = items
        .iter()
        .position(|i| matches!(&i.item, Label::Key(k) if k == "intake.item.front_tyres"))
        .expect("front tyres on the checklist");
    items[tyre].status = ItemStatus::Attention;
    items[tyre].note = "2 mm tread".into();
    store
        .save_intake_section(id, &IntakeSection::Inspection(items), now())
        .expect("inspection saved");
    check_in(&store, dir.path(), id, now());
    let detail = store.get_work_order(id).expect("job");
    let next = open(
        &store,
        detail.work_order.customer_id,
        detail.work_order.vehicle_id,
        at(20, 9, 0),
    );
    let next_id = next.work_order.id;
    let offers = store.carry_overs(next_id).expect("offers");
    assert_eq!(offers.len(), 1);
    assert!(matches!(
        offers[0].source,
        CarryOverSource::Inspection { .. }
    ));
    let book = store
        .add_carry_over(next_id, &offers[0].source, at(20, 9, 1))
        .expect("added");
    assert!(book
        .current
        .lines
        .iter()
        .any(|l| l.description.contains("2 mm tread")));
    assert!(store.carry_overs(next_id).expect("offers").is_empty());
    assert_eq!(
        store
            .carry_overs_for_vehicle(detail.work_order.vehicle_id)
            .expect("customer file")
            .len(),
        1,
        "the customer file still lists what the last walk-around flagged"
    );
}

#[test]
fn the_view_says_which_answers_may_be_recorded_how_often_the_customer_was_missed_and_when_told_starts(
) {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let id = checked_in_job(&store, dir.path());
    let view = store
        .add_additional_item(id, &finding(), at(2, 11, 0))
        .expect("found");
    let item = view.items[0].id;
    assert!(
        view.items[0].can_answer,
        "a proposal on a job in the workshop waits for an answer"
    );
    assert_eq!(view.items[0].not_reached_calls, 0);
    for minute in [10, 20] {
        store
            .answer_additional_item(
                dir.path(),
                id,
                item,
                &answer(ContactOutcome::NotReached),
                at(2, 11, minute),
            )
            .expect("not reached");
    }
    let view = store
        .workshop(id, at(2, 11, 25) + chrono::Duration::seconds(42))
        .expect("view");
    assert_eq!(
        view.items[0].not_reached_calls, 2,
        "the window shows the count it is sent"
    );
    assert!(view.items[0].can_answer);
    assert_eq!(
        view.told_at_default,
        at(2, 11, 25),
        "the default for 'told at' is the shop's time to the minute, not the browser's"
    );
    let view = store
        .answer_additional_item(
            dir.path(),
            id,
            item,
            &answer(ContactOutcome::Declined),
            at(2, 11, 30),
        )
        .expect("declined");
    assert!(
        !view.items[0].can_answer,
        "an answered item takes no second answer"
    );
    assert_eq!(view.items[0].not_reached_calls, 2);
}
