//! What a review found the appointment book let through: a deposit carried onto a job
//! voided or left on a cancelled job (and out of the books), two cars booked into one bay
//! at once, a no-show marked at the booked minute with no way back.
mod intake_fixtures;
mod settlement_fixtures;

use chrono::NaiveDateTime;
use garage_core::booking::{
    AppointmentInput, AppointmentStatus, ArrivalInput, CallerContact, DepositDecision,
    DepositInput, DepositState, PartToPrepare,
};
use garage_core::error::CoreError;
use garage_core::reason::Reason;
use garage_core::settlement::payment::{PaymentMethod, RefundInput};
use garage_core::settlement::staff::ApprovalAction;
use garage_core::settlement::supervision::SupervisorWord;
use garage_core::store::journal::JournalFilter;
use garage_core::{AppointmentId, Lang, Store, WorkOrderId};
use intake_fixtures::at;
use settlement_fixtures::{approve, supervisor, PIN};

fn refusal(result: Result<impl std::fmt::Debug, CoreError>) -> Reason {
    match result {
        Err(CoreError::Conflict { code }) | Err(CoreError::Locked { code }) => code,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A new caller's booking at `starts_at` for `minutes` in `bay`, with 700.00 of parts.
fn booking(starts_at: NaiveDateTime, minutes: u32, bay: u32) -> AppointmentInput {
    AppointmentInput {
        customer_id: None,
        vehicle_id: None,
        caller: Some(CallerContact {
            name: "王先生".into(),
            phone: "139 1234 5678".into(),
            plate: "沪B67890".into(),
        }),
        starts_at,
        duration_minutes: minutes,
        bay,
        wanted_work: "刹车时有异响，想换刹车片".into(),
        parts: vec![PartToPrepare {
            description: "前刹车片 Front pads".into(),
            qty: 2,
            unit_price_minor: 35_000,
        }],
        expected_price_minor: None,
        bring_handbook: false,
        booked_by: "周敏".into(),
        note: String::new(),
        accept_overfill: false,
    }
}

fn deposit(amount: i64) -> DepositInput {
    DepositInput {
        method: PaymentMethod::Cash,
        amount_minor: amount,
        tendered_minor: Some(amount),
        reference: String::new(),
        taken_by: "周敏".into(),
    }
}

fn arrival() -> ArrivalInput {
    ArrivalInput {
        advisor: "周敏".into(),
        promised_at: Some(at(4, 17, 0)),
    }
}

/// The cash in the day's figures of 2–4 March 2026.
fn cash(store: &Store, day: u32) -> i64 {
    store
        .day_figures(at(day, 0, 0).date())
        .expect("figures")
        .payments
        .iter()
        .find(|m| m.method == PaymentMethod::Cash)
        .map_or(0, |m| m.amount_minor)
}

/// Booked on Monday 2 March for Wednesday 10:00, 350.00 cash deposit taken on Monday, the
/// car arrived on Wednesday: the booking and its job.
fn converted(store: &Store) -> (AppointmentId, WorkOrderId) {
    let a = store
        .book_appointment(&booking(at(4, 10, 0), 120, 1), at(2, 9, 0))
        .expect("booked");
    store
        .take_deposit(a.id, &deposit(35_000), None, at(2, 9, 5))
        .expect("deposit");
    let arrived = store
        .convert_appointment(a.id, &arrival(), at(4, 9, 55))
        .expect("the car came");
    (a.id, arrived.work_order_id)
}

#[test]
fn the_deposit_carried_onto_a_job_cannot_be_voided_and_stays_in_the_cash_of_the_day_it_was_taken() {
    let store = Store::open_in_memory().expect("store");
    let boss = supervisor(&store);
    let (id, wo) = converted(&store);
    assert_eq!(cash(&store, 2), 35_000, "taken on Monday");
    let p1 = store.payments(wo).expect("payments")[0].id;
    let ok = approve(&store, wo, boss, ApprovalAction::VoidPayment, at(4, 10, 0));
    let refused = store.void_payment(p1, ok.id, "录错了 wrong entry", at(4, 10, 1));
    let message = match &refused {
        Err(e) => e.to_payload(Lang::En).message,
        Ok(_) => String::new(),
    };
    assert_eq!(refusal(refused), Reason::PaymentIsDeposit);
    assert!(
        message.contains("refund"),
        "the desk is told what to do: {message}"
    );
    assert_eq!(
        cash(&store, 2),
        35_000,
        "Monday's cash-up still holds the 350.00 that is in the drawer"
    );
    let p = &store.payments(wo).expect("payments")[0];
    assert!(p.voided_at.is_none());
    let d = store.get_appointment(id).expect("booking").deposit;
    assert_eq!(d.map(|d| d.state), Some(DepositState::Applied));
}

#[test]
fn cancelling_the_job_puts_its_deposit_back_on_the_booking_for_the_supervisors_decision() {
    let store = Store::open_in_memory().expect("store");
    let boss = supervisor(&store);
    let (id, wo) = converted(&store);
    store
        .cancel_work_order(wo, "客户不修了 customer changed mind", at(4, 11, 0))
        .expect("cancelled");
    let a = store.get_appointment(id).expect("booking");
    assert_eq!(a.status, AppointmentStatus::Arrived, "the car did come");
    let d = a.deposit.expect("deposit");
    assert_eq!((d.state, d.payment_id), (DepositState::Held, None));
    assert!(
        store.payments(wo).expect("payments")[0].voided_at.is_some(),
        "the job's copy of the deposit is voided, so the money counts once"
    );
    assert_eq!(cash(&store, 2), 35_000, "still once, on Monday");
    assert_eq!(cash(&store, 4), 0);
    let today = store.appointments_today(at(4, 11, 5)).expect("today");
    assert_eq!(
        today
            .deposits_undecided
            .iter()
            .map(|b| (b.id, b.deposit_minor))
            .collect::<Vec<_>>(),
        [(id, 35_000)],
        "Today asks the supervisor to keep or refund it"
    );
    let view = store.appointment_view(id, at(4, 11, 5)).expect("view");
    assert!(view.actions.decide_deposit && !view.actions.arrive);
    let kinds: Vec<String> = store
        .journal(&JournalFilter::default(), 100)
        .expect("journal")
        .into_iter()
        .map(|e| e.note.kind)
        .collect();
    assert!(kinds.contains(&"deposit_returned".to_string()), "{kinds:?}");
    let word = SupervisorWord {
        supervisor_id: boss,
        pin: PIN.into(),
    };
    store
        .decide_deposit(
            id,
            DepositDecision::Refund,
            "零件可退 parts returnable",
            Some(&word),
            at(4, 11, 30),
        )
        .expect("refunded");
    assert_eq!(cash(&store, 2), 35_000);
    assert_eq!(cash(&store, 4), -35_000, "given back on Wednesday");
    assert!(store
        .appointments_today(at(4, 11, 35))
        .expect("today")
        .deposits_undecided
        .is_empty());
}

#[test]
fn a_deposit_already_given_back_on_the_job_is_not_put_back_for_a_second_refund() {
    let store = Store::open_in_memory().expect("store");
    let boss = supervisor(&store);
    let (id, wo) = converted(&store);
    let ok = approve(&store, wo, boss, ApprovalAction::Refund, at(4, 10, 30));
    store
        .refund_payment(
            wo,
            &RefundInput {
                method: PaymentMethod::Cash,
                amount_minor: 35_000,
                reference: String::new(),
                taken_by: "周敏".into(),
                reason: "客户不修了".into(),
                approval_id: ok.id,
            },
            at(4, 10, 31),
        )
        .expect("refunded on the job");
    store
        .cancel_work_order(wo, "客户不修了", at(4, 10, 40))
        .expect("cancelled");
    let d = store.get_appointment(id).expect("booking").deposit;
    assert_eq!(d.map(|d| d.state), Some(DepositState::Applied));
    assert!(store
        .appointments_today(at(4, 10, 45))
        .expect("today")
        .deposits_undecided
        .is_empty());
    assert_eq!((cash(&store, 2), cash(&store, 4)), (35_000, -35_000));
}

#[test]
fn a_second_car_in_a_bay_already_taken_is_shown_and_refused_unless_the_desk_accepts() {
    let store = Store::open_in_memory().expect("store");
    let now = at(2, 9, 0);
    let first = store
        .book_appointment(&booking(at(4, 10, 0), 120, 1), now)
        .expect("booked");
    let check = store
        .check_booking(&booking(at(4, 11, 0), 60, 1), None, now)
        .expect("check");
    assert!(!check.overfills, "the day has room, the bay does not");
    let taken = check.bay_taken.expect("the bay is taken");
    assert_eq!(
        (taken.number.as_str(), taken.starts_at, taken.until),
        (first.number.as_str(), at(4, 10, 0), at(4, 12, 0))
    );
    assert_eq!(
        refusal(store.book_appointment(&booking(at(4, 11, 0), 60, 1), now)),
        Reason::AppointmentBayTaken
    );
    let free = |input: AppointmentInput| {
        store
            .check_booking(&input, None, now)
            .expect("check")
            .bay_taken
    };
    assert_eq!(free(booking(at(4, 11, 0), 60, 2)), None, "another bay");
    assert_eq!(free(booking(at(4, 12, 0), 60, 1)), None, "back to back");
    assert_eq!(free(booking(at(4, 9, 0), 60, 1)), None, "done before it");
    assert_eq!(
        store
            .check_booking(&booking(at(4, 11, 0), 60, 1), Some(first.id), now)
            .expect("check")
            .bay_taken,
        None,
        "a booking does not clash with itself when changed"
    );
    // A long job holds its bay on the next day too.
    store
        .book_appointment(&booking(at(2, 14, 30), 15 * 60, 3), now)
        .expect("booked");
    assert!(free(booking(at(3, 15, 0), 60, 3)).is_some());
    let mut anyway = booking(at(4, 11, 0), 60, 1);
    anyway.accept_overfill = true;
    store
        .book_appointment(&anyway, now)
        .expect("the desk was told and the workshop takes both");
    store
        .cancel_appointment(first.id, "不来了", now)
        .expect("cancelled");
    assert_eq!(
        free(booking(at(4, 10, 0), 60, 1)),
        None,
        "a cancelled booking frees its bay"
    );
}

#[test]
fn a_no_show_waits_half_an_hour_and_a_late_customer_the_same_day_is_still_taken_in() {
    let store = Store::open_in_memory().expect("store");
    let a = store
        .book_appointment(&booking(at(4, 10, 0), 120, 1), at(2, 9, 0))
        .expect("booked");
    store
        .take_deposit(a.id, &deposit(35_000), None, at(2, 9, 5))
        .expect("deposit");
    for early in [at(4, 10, 0), at(4, 10, 29)] {
        assert_eq!(
            refusal(store.mark_no_show(a.id, early)),
            Reason::AppointmentNotYetDue,
            "within the half hour of grace the customer is late, not missing"
        );
    }
    store.mark_no_show(a.id, at(4, 10, 30)).expect("missed");
    let misses = |now| {
        store
            .check_booking(&booking(at(11, 10, 0), 60, 2), None, now)
            .expect("check")
            .no_shows
            .count
    };
    assert_eq!(misses(at(4, 10, 45)), 1);
    assert!(
        store
            .appointment_view(a.id, at(4, 11, 0))
            .expect("view")
            .actions
            .arrive
    );
    let arrived = store
        .convert_appointment(a.id, &arrival(), at(4, 11, 10))
        .expect("the customer turned up late the same day");
    assert_eq!(arrived.appointment.status, AppointmentStatus::Arrived);
    assert_eq!(
        arrived.appointment.deposit.map(|d| d.state),
        Some(DepositState::Applied),
        "the deposit goes onto the job"
    );
    assert_eq!(misses(at(4, 11, 15)), 0, "arrived, it is no longer a miss");
    let b = store
        .book_appointment(&booking(at(5, 10, 0), 60, 1), at(2, 9, 30))
        .expect("booked");
    store.mark_no_show(b.id, at(5, 11, 0)).expect("missed");
    assert_eq!(
        refusal(store.convert_appointment(b.id, &arrival(), at(6, 9, 0))),
        Reason::AppointmentNotOpen,
        "the next day it is a new visit"
    );
}
