//! Complaints and comebacks (issue 20): a complaint is numbered C-YYYY-NNNN and taken with
//! the customer's words; it is late once its promised answer time passes without a step;
//! it closes only with the answer and the customer's satisfaction, a serious or malicious
//! one only with the supervisor's PIN, journalled. A comeback is judged against the
//! guarantee printed on the earlier job's settlement, at its day and km limits.
mod intake_fixtures;
mod settlement_fixtures;

use chrono::Duration;
use garage_core::domain::complaint::{
    ComplaintChannel, ComplaintClosingInput, ComplaintDemand, ComplaintFilter, ComplaintInput,
    ComplaintKind, ComplaintState, ComplaintStepInput, GuaranteeStanding,
};
use garage_core::error::CoreError;
use garage_core::intake::IntakeSection;
use garage_core::reason::Reason;
use garage_core::settlement::supervision::SupervisorWord;
use garage_core::store::journal::JournalFilter;
use garage_core::store::numbering::CounterSeries;
use garage_core::{Store, WorkOrderId};
use intake_fixtures::*;
use settlement_fixtures::*;

fn reasons(result: Result<impl std::fmt::Debug, CoreError>) -> Vec<Reason> {
    match result {
        Err(CoreError::Invalid(issues)) => issues.into_iter().map(|i| i.code).collect(),
        Err(CoreError::Conflict { code }) => vec![code],
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn complaint_on(store: &Store, wo: WorkOrderId, kind: ComplaintKind) -> ComplaintInput {
    let job = store.get_work_order(wo).expect("job").work_order;
    ComplaintInput {
        customer_id: job.customer_id,
        vehicle_id: job.vehicle_id,
        work_order_id: Some(wo),
        channel: ComplaintChannel::Phone,
        kind,
        words: "刹车还是响，修了等于没修！".into(),
        demands: vec![ComplaintDemand::FreeRepair, ComplaintDemand::Compensation],
        taken_by: "周敏".into(),
        answer_now: String::new(),
        answer_by: Some(at(5, 16, 0)),
    }
}

fn closing(satisfied: Option<bool>) -> ComplaintClosingInput {
    ComplaintClosingInput {
        answer: "Pads refitted free; the noise is gone on the road test.".into(),
        satisfied,
        closed_by: "周敏".into(),
        compensation_agreed: false,
    }
}

#[test]
fn complaints_are_numbered_per_year_and_the_counter_is_kept_with_the_others() {
    let store = common_store();
    let wo = job(&store).work_order.id;
    let first = store
        .log_complaint(
            &complaint_on(&store, wo, ComplaintKind::General),
            at(5, 9, 0),
        )
        .expect("logged");
    let second = store
        .log_complaint(
            &complaint_on(&store, wo, ComplaintKind::General),
            at(5, 9, 5),
        )
        .expect("logged");
    assert_eq!(first.number, "C-2026-0001");
    assert_eq!(second.number, "C-2026-0002");
    assert_eq!(
        store
            .complaint_by_number(" C-2026-0002", at(5, 9, 6))
            .map(|c| c.id)
            .ok(),
        Some(second.id)
    );
    assert!(
        CounterSeries::ALL.contains(&CounterSeries::Complaint),
        "a restore raises the complaint counter with the others"
    );
    let last: i64 = store
        .with_conn(|c| {
            Ok(c.query_row(
                "SELECT last FROM complaint_counters WHERE year = 2026",
                [],
                |r| r.get(0),
            )?)
        })
        .expect("counter");
    assert_eq!(last, 2);
}

fn common_store() -> Store {
    Store::open_in_memory().expect("store")
}

#[test]
fn a_complaint_needs_the_words_and_an_answer_or_a_time_ahead() {
    let store = common_store();
    let wo = job(&store).work_order.id;
    let mut input = complaint_on(&store, wo, ComplaintKind::General);
    input.words = " ".into();
    input.answer_by = None;
    assert_eq!(
        reasons(store.log_complaint(&input, at(5, 9, 0))),
        [
            Reason::ComplaintWordsRequired,
            Reason::ComplaintAnswerOrTime
        ]
    );
    let mut input = complaint_on(&store, wo, ComplaintKind::General);
    input.answer_by = Some(at(5, 8, 0));
    assert_eq!(
        reasons(store.log_complaint(&input, at(5, 9, 0))),
        [Reason::ComplaintAnswerInPast]
    );
    let (_, other_car) = customer_with_car(
        &store,
        "王芳",
        "13900000000",
        "沪B00001",
        garage_core::Lang::ZhHans,
    );
    let mut input = complaint_on(&store, wo, ComplaintKind::General);
    input.vehicle_id = other_car;
    assert_eq!(
        reasons(store.log_complaint(&input, at(5, 9, 0))),
        [Reason::ComplaintVehicleNotCustomers]
    );
    let mut input = complaint_on(&store, wo, ComplaintKind::General);
    input.answer_by = None;
    input.answer_now = "Apologised; the car is checked free this afternoon.".into();
    let c = store
        .log_complaint(&input, at(5, 9, 0))
        .expect("answered at once");
    assert_eq!(
        c.steps.len(),
        1,
        "the answer given at once is the first step"
    );
    assert_eq!(c.state, ComplaintState::Open);
}

#[test]
fn a_complaint_past_its_promised_time_without_a_step_is_late_on_today_until_a_new_time() {
    let store = common_store();
    let wo = job(&store).work_order.id;
    let c = store
        .log_complaint(
            &complaint_on(&store, wo, ComplaintKind::General),
            at(5, 9, 0),
        )
        .expect("logged");
    assert!(store
        .late_complaints(at(5, 16, 0))
        .expect("late")
        .is_empty());
    let late = store.late_complaints(at(5, 16, 1)).expect("late");
    assert_eq!(late.iter().map(|r| r.id).collect::<Vec<_>>(), [c.id]);
    let step = ComplaintStepInput {
        by: "周敏".into(),
        action: "Called: the parts arrive tomorrow.".into(),
        next_answer_by: Some(at(6, 12, 0)),
    };
    let after = store
        .add_complaint_step(c.id, &step, at(5, 17, 0))
        .expect("step");
    assert_eq!(after.state, ComplaintState::Open);
    assert_eq!(after.promised_by, Some(at(6, 12, 0)));
    assert!(store
        .late_complaints(at(6, 11, 0))
        .expect("late")
        .is_empty());
    let filter = ComplaintFilter {
        state: Some(ComplaintState::Late),
        kind: None,
        text: String::new(),
        customer_id: None,
        work_order_id: Some(wo),
    };
    assert_eq!(
        store
            .complaints(&filter, at(6, 12, 30))
            .expect("list")
            .len(),
        1
    );
    let mut past = step.clone();
    past.next_answer_by = Some(at(6, 12, 0) + Duration::days(40));
    assert_eq!(
        reasons(store.add_complaint_step(c.id, &past, at(6, 13, 0))),
        [Reason::ComplaintAnswerTooFar]
    );
}

#[test]
fn closing_records_the_satisfaction_and_a_closed_complaint_takes_no_more_steps() {
    let store = common_store();
    let wo = job(&store).work_order.id;
    let c = store
        .log_complaint(
            &complaint_on(&store, wo, ComplaintKind::General),
            at(5, 9, 0),
        )
        .expect("logged");
    assert_eq!(
        reasons(store.close_complaint(c.id, &closing(None), None, at(5, 10, 0))),
        [Reason::ComplaintSatisfiedRequired]
    );
    let closed = store
        .close_complaint(c.id, &closing(Some(false)), None, at(5, 10, 0))
        .expect("closed, the customer not satisfied");
    assert_eq!(closed.state, ComplaintState::Closed);
    assert_eq!(closed.closing.map(|k| k.satisfied), Some(false));
    let step = ComplaintStepInput {
        by: "周敏".into(),
        action: "again".into(),
        next_answer_by: None,
    };
    assert_eq!(
        reasons(store.add_complaint_step(c.id, &step, at(5, 11, 0))),
        [Reason::ComplaintClosed]
    );
    assert!(store.late_complaints(at(9, 9, 0)).expect("late").is_empty());
}

#[test]
fn a_serious_complaint_or_compensation_is_closed_only_with_the_supervisors_pin_and_journalled() {
    let store = common_store();
    let boss = supervisor(&store);
    let wo = job(&store).work_order.id;
    let serious = store
        .log_complaint(
            &complaint_on(&store, wo, ComplaintKind::Serious),
            at(5, 9, 0),
        )
        .expect("logged");
    assert!(serious.needs_supervisor);
    assert_eq!(
        reasons(store.close_complaint(serious.id, &closing(Some(true)), None, at(5, 10, 0))),
        [Reason::SupervisorNeeded]
    );
    let wrong = SupervisorWord {
        supervisor_id: boss,
        pin: "000000".into(),
    };
    assert_eq!(
        reasons(store.close_complaint(
            serious.id,
            &closing(Some(true)),
            Some(&wrong),
            at(5, 10, 0)
        )),
        [Reason::PinWrong]
    );
    let word = SupervisorWord {
        supervisor_id: boss,
        pin: PIN.into(),
    };
    let closed = store
        .close_complaint(serious.id, &closing(Some(true)), Some(&word), at(5, 10, 1))
        .expect("closed by the supervisor");
    assert_eq!(
        closed.closing.map(|k| k.supervisor),
        Some("赵主管".to_string())
    );

    let general = store
        .log_complaint(
            &complaint_on(&store, wo, ComplaintKind::General),
            at(5, 11, 0),
        )
        .expect("logged");
    let mut pay = closing(Some(true));
    pay.compensation_agreed = true;
    assert_eq!(
        reasons(store.close_complaint(general.id, &pay, None, at(5, 12, 0))),
        [Reason::SupervisorNeeded],
        "the advisor promises no compensation alone"
    );
    store
        .close_complaint(general.id, &pay, Some(&word), at(5, 12, 1))
        .expect("compensation agreed by the supervisor");
    let kinds: Vec<String> = store
        .journal(&JournalFilter::default(), 100)
        .expect("journal")
        .into_iter()
        .map(|e| e.note.kind)
        .collect();
    assert!(kinds.contains(&"close_supervised_complaint".to_string()));
    assert!(kinds.contains(&"agree_compensation".to_string()));
}

/// A second job on the signed job's car, opened on `day` with `km` on the clock.
fn comeback_job(store: &Store, origin: WorkOrderId, day: u32, km: i64) -> WorkOrderId {
    let job = store.get_work_order(origin).expect("job").work_order;
    let id = open(store, job.customer_id, job.vehicle_id, at(day, 9, 0))
        .work_order
        .id;
    store
        .save_intake_section(id, &IntakeSection::Dashboard(dashboard(km)), at(day, 9, 5))
        .expect("odometer");
    id
}

#[test]
fn a_comeback_is_within_guarantee_to_the_last_day_and_km_and_outside_one_past() {
    let dir = tempfile::tempdir().expect("dir");
    let store = common_store();
    let origin = signed_job(&store, dir.path());
    let snap = store.settlement(origin, at(3, 16, 0)).expect("settlement");
    let limit = snap.lines[0]
        .guarantee
        .expect("a first-level line has limits");
    assert_eq!(limit.until, at(13, 0, 0).date(), "ten days from 3 March");
    let km = limit.until_km;

    let on_the_day = comeback_job(&store, origin, 13, km);
    let linked = store
        .link_comeback(on_the_day, origin, "周敏", at(13, 9, 10))
        .expect("linked")
        .expect("a comeback");
    assert_eq!(linked.standing, GuaranteeStanding::Within);
    assert_eq!(
        linked.origin_number,
        store.get_work_order(origin).expect("job").work_order.number
    );

    let day_after = comeback_job(&store, origin, 14, km - 500);
    let late = store
        .link_comeback(day_after, origin, "周敏", at(14, 9, 10))
        .expect("linked");
    assert_eq!(
        late.map(|c| c.standing),
        Some(GuaranteeStanding::OutsideDays)
    );

    let far = comeback_job(&store, origin, 8, km + 1);
    let over = store
        .link_comeback(far, origin, "周敏", at(8, 9, 10))
        .expect("linked");
    assert_eq!(over.map(|c| c.standing), Some(GuaranteeStanding::OutsideKm));

    assert_eq!(
        store
            .comebacks_of(origin, at(14, 10, 0))
            .expect("list")
            .len(),
        3
    );
    store.unlink_comeback(far).expect("unlinked");
    assert_eq!(store.comeback(far, at(14, 10, 0)).expect("read"), None);
}

#[test]
fn a_job_comes_back_only_from_an_earlier_job_of_the_same_car() {
    let dir = tempfile::tempdir().expect("dir");
    let store = common_store();
    let origin = signed_job(&store, dir.path());
    let later = comeback_job(&store, origin, 9, 90_000);
    assert_eq!(
        reasons(store.link_comeback(origin, later, "周敏", at(9, 10, 0))),
        [Reason::ComebackOriginInvalid],
        "not from a later job"
    );
    assert_eq!(
        reasons(store.link_comeback(later, later, "周敏", at(9, 10, 0))),
        [Reason::ComebackOriginInvalid]
    );
    let (c, v) = customer_with_car(
        &store,
        "王芳",
        "13900000000",
        "沪B00001",
        garage_core::Lang::ZhHans,
    );
    let stranger = open(&store, c, v, at(9, 9, 0)).work_order.id;
    assert_eq!(
        reasons(store.link_comeback(stranger, origin, "周敏", at(9, 10, 0))),
        [Reason::ComebackOriginInvalid]
    );
    let candidates = store.comeback_candidates(later).expect("candidates");
    assert_eq!(
        candidates.iter().map(|c| c.id).collect::<Vec<_>>(),
        [origin]
    );
}
