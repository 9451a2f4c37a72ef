//! The demo shop's appointment book: six weeks back with their outcomes (about one in ten
//! missed, most arrived and linked to the demo's jobs, some with a deposit carried onto the
//! job and applied at its settlement), the next two weeks partly booked with deposits and
//! new callers, and the reminder calls made for the ones due.
mod common;

use chrono::Duration;
use garage_core::booking::{AppointmentStatus, DepositState};
use garage_core::demo;
use garage_core::Store;

#[test]
fn the_demo_book_has_past_outcomes_and_the_next_two_weeks_partly_booked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let started = std::time::Instant::now();
    let summary = demo::generate(&store, 300, 5, common::now()).expect("demo");
    eprintln!("demo of 300 customers in {:?}", started.elapsed());
    let today = common::now().date();
    let past = store
        .appointment_register(today - Duration::days(42), today - Duration::days(1))
        .expect("the past six weeks");
    let ahead = store
        .appointment_register(today, today + Duration::days(14))
        .expect("the next two weeks");
    assert_eq!(
        (past.len() + ahead.len()) as i64,
        summary.appointments,
        "every appointment is in one of the two periods"
    );
    let count = |status| past.iter().filter(|r| r.status == status).count();
    let (arrived, missed, cancelled) = (
        count(AppointmentStatus::Arrived),
        count(AppointmentStatus::NoShow),
        count(AppointmentStatus::Cancelled),
    );
    eprintln!(
        "past {}: arrived {arrived}, no-show {missed}, cancelled {cancelled}; ahead {}",
        past.len(),
        ahead.len()
    );
    assert!(
        past.len() >= 15,
        "a small shop's six weeks, got {}",
        past.len()
    );
    let share = missed * 100 / past.len();
    assert!(
        (4..=16).contains(&share),
        "about one in ten missed, got {share} %"
    );
    assert!(cancelled > 0, "some were called off");
    assert!(
        arrived * 2 > past.len(),
        "most came: {arrived} of {}",
        past.len()
    );
    assert!(
        past.iter()
            .filter(|r| r.status == AppointmentStatus::Arrived)
            .all(|r| r.work_order_id.is_some()),
        "an arrival is a job"
    );
    let decided = past
        .iter()
        .filter(|r| {
            matches!(
                r.deposit_state,
                Some(DepositState::Kept | DepositState::Refunded)
            )
        })
        .count();
    assert!(decided > 0, "a few deposits were kept or refunded");
    assert!(
        past.iter().all(|r| !r.status.is_open()),
        "nothing in the past is left open"
    );

    assert!(
        ahead.len() >= 8,
        "the next two weeks are partly booked: {}",
        ahead.len()
    );
    assert!(
        ahead
            .iter()
            .filter(|r| r.starts_at > common::now())
            .all(|r| r.status.is_open()),
        "what is still to come is still open"
    );
    assert!(ahead
        .iter()
        .any(|r| r.deposit_state == Some(DepositState::Held)));
    let callers = ahead
        .iter()
        .filter(|r| {
            store
                .get_appointment(r.id)
                .expect("appointment")
                .customer_id
                .is_none()
        })
        .count();
    assert!(callers > 0, "some are new callers");
    assert!(
        ahead.iter().any(|r| r.confirmed),
        "the reminder calls due were made"
    );
    // Some bookings that became settled jobs carried a deposit: taken before the day, carried
    // onto the job once on arrival, counted as paid by its settlement.
    let carried: Vec<_> = past
        .iter()
        .filter(|r| r.deposit_state == Some(DepositState::Applied))
        .collect();
    assert!(
        !carried.is_empty(),
        "some bookings that arrived carried a deposit"
    );
    for r in carried {
        assert_eq!(r.status, AppointmentStatus::Arrived);
        let job = r.work_order_id.expect("an arrival is a job");
        let deposit = store
            .get_appointment(r.id)
            .expect("appointment")
            .deposit
            .expect("its deposit");
        assert!(
            deposit.taken_at.date() < r.starts_at.date(),
            "{}: the deposit was taken before the arrival date",
            r.number
        );
        let payments = store.payments(job).expect("payments");
        let from_booking: Vec<_> = payments
            .iter()
            .filter(|p| p.reference == r.number)
            .collect();
        assert_eq!(from_booking.len(), 1, "{}: carried exactly once", r.number);
        assert_eq!(from_booking[0].amount_minor, r.deposit_minor);
        assert_eq!(Some(from_booking[0].id), deposit.payment_id);
        let settlement = store.settlement(job, common::now()).expect("settlement");
        assert!(
            settlement.signed_at.is_some(),
            "{}: the job was settled",
            r.number
        );
        assert!(
            settlement.figures.paid_minor >= r.deposit_minor,
            "{}: the settlement counts the deposit as paid",
            r.number
        );
    }
    let tally = store
        .appointment_tally(today - Duration::days(42), today - Duration::days(1))
        .expect("tally");
    assert_eq!(tally.total.booked as usize, past.len());

    let again_dir = tempfile::tempdir().expect("temp dir");
    let again = Store::open_in_dir(again_dir.path()).expect("store");
    demo::generate(&again, 300, 5, common::now()).expect("demo");
    let numbers = |rows: &[garage_core::booking::tally::RegisterRow]| {
        rows.iter()
            .map(|r| format!("{} {} {:?}", r.number, r.starts_at, r.status))
            .collect::<Vec<_>>()
    };
    let again_past = again
        .appointment_register(today - Duration::days(42), today - Duration::days(1))
        .expect("register");
    assert_eq!(
        numbers(&past),
        numbers(&again_past),
        "the same seed, the same book"
    );
}
