//! The appointment book (issue 19): a booking states its time exactly, the deposit is at
//! least half the parts' price (less with the supervisor), a full day warns, the reminder
//! call is due inside the calling hours, the arrival turns the booking into a job with the
//! deposit applied exactly once, and the tally counts what the register lists.
mod intake_fixtures;
mod settlement_fixtures;

use chrono::{NaiveDate, NaiveDateTime};
use garage_core::booking::tally::RegisterRow;
use garage_core::booking::{
    AppointmentInput, AppointmentStatus, ArrivalInput, BookingSettings, CallOutcome, CallerContact,
    DepositDecision, DepositInput, DepositState, PartToPrepare, ReminderCallInput,
};
use garage_core::error::CoreError;
use garage_core::pricing::LineKind;
use garage_core::reason::Reason;
use garage_core::settlement::payment::PaymentMethod;
use garage_core::settlement::supervision::SupervisorWord;
use garage_core::store::journal::JournalFilter;
use garage_core::{AppointmentId, Lang, OpenWorkOrder, Store};
use intake_fixtures::{at, customer_with_car};
use proptest::prelude::*;
use settlement_fixtures::{approve_estimate, line, pay, supervisor, PIN};

fn refusal(result: Result<impl std::fmt::Debug, CoreError>) -> Reason {
    match result {
        Err(CoreError::Conflict { code }) | Err(CoreError::Locked { code }) => code,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn fields(result: Result<impl std::fmt::Debug, CoreError>) -> Vec<(String, Reason)> {
    match result {
        Err(CoreError::Invalid(issues)) => issues.into_iter().map(|i| (i.field, i.code)).collect(),
        other => panic!("expected field issues, got {other:?}"),
    }
}

fn brake_pads() -> Vec<PartToPrepare> {
    vec![PartToPrepare {
        description: "前刹车片 Front pads".into(),
        qty: 2,
        unit_price_minor: 35_000,
    }]
}

/// A new caller's booking at `starts_at` for `minutes`, in bay 1.
fn caller_booking(starts_at: NaiveDateTime, minutes: u32) -> AppointmentInput {
    AppointmentInput {
        customer_id: None,
        vehicle_id: None,
        caller: Some(CallerContact {
            name: "王先生".into(),
            phone: "139 1234 5678".into(),
            plate: "沪b67890".into(),
        }),
        starts_at,
        duration_minutes: minutes,
        bay: 1,
        wanted_work: "刹车时有异响，想换刹车片".into(),
        parts: brake_pads(),
        expected_price_minor: Some(118_000),
        bring_handbook: true,
        booked_by: "周敏".into(),
        note: String::new(),
        accept_overfill: false,
    }
}

fn deposit(amount: i64) -> DepositInput {
    DepositInput {
        method: PaymentMethod::Mobile,
        amount_minor: amount,
        tendered_minor: None,
        reference: String::new(),
        taken_by: "周敏".into(),
    }
}

fn call(outcome: CallOutcome, moved_to: Option<NaiveDateTime>) -> ReminderCallInput {
    ReminderCallInput {
        by: "周敏".into(),
        outcome,
        note: String::new(),
        moved_to,
        accept_overfill: false,
    }
}

fn arrival() -> ArrivalInput {
    ArrivalInput {
        advisor: "周敏".into(),
        promised_at: Some(at(4, 17, 0)),
    }
}

fn word(boss: garage_core::StaffId) -> SupervisorWord {
    SupervisorWord {
        supervisor_id: boss,
        pin: PIN.into(),
    }
}

fn journal_kinds(store: &Store) -> Vec<String> {
    store
        .journal(&JournalFilter::default(), 100)
        .expect("journal")
        .into_iter()
        .map(|e| e.note.kind)
        .collect()
}

#[test]
fn a_deposit_of_exactly_half_the_parts_is_taken_and_a_minor_unit_less_needs_the_supervisor() {
    let store = Store::open_in_memory().expect("store");
    let boss = supervisor(&store);
    let now = at(2, 9, 0);
    let first = store
        .book_appointment(&caller_booking(at(4, 10, 0), 120), now)
        .expect("booked");
    assert_eq!(first.number, "APPT-2026-00001");
    assert_eq!(first.parts_minor, 70_000);
    assert_eq!(
        refusal(store.take_deposit(first.id, &deposit(34_999), None, now)),
        Reason::SupervisorNeeded,
        "one minor unit under half the parts' price needs the supervisor"
    );
    // Never more than the job is expected to cost (the expected 1,180.00 here).
    assert_eq!(
        fields(store.take_deposit(first.id, &deposit(118_001), None, now)),
        [("amountMinor".to_string(), Reason::DepositAboveCeiling)]
    );
    let half = store
        .take_deposit(first.id, &deposit(35_000), None, now)
        .expect("exactly half is enough");
    let taken = half.deposit.expect("the deposit");
    assert_eq!(
        (taken.amount_minor, taken.state),
        (35_000, DepositState::Held)
    );
    assert_eq!(taken.below_half_allowed_by, "");
    assert_eq!(
        refusal(store.take_deposit(first.id, &deposit(35_000), None, now)),
        Reason::DepositTaken
    );
    let second = store
        .book_appointment(&caller_booking(at(4, 13, 0), 60), now)
        .expect("booked");
    let allowed = store
        .take_deposit(second.id, &deposit(20_000), Some(&word(boss)), now)
        .expect("the supervisor allows less");
    assert_eq!(
        allowed.deposit.map(|d| d.below_half_allowed_by),
        Some("赵主管".to_string())
    );
    assert!(
        journal_kinds(&store).contains(&"deposit_below_half".to_string()),
        "the supervisor's word is journalled"
    );
}

#[test]
fn a_booking_that_overfills_its_day_warns_and_is_saved_only_when_accepted() {
    let store = Store::open_in_memory().expect("store");
    let one_bay = BookingSettings {
        bays: 1,
        technicians: 1,
        ..BookingSettings::default()
    };
    store
        .save_booking_settings(&one_bay, at(2, 8, 0))
        .expect("settings");
    let now = at(2, 9, 0);
    // Wednesday 4 March: 08:30–17:30, one bay: nine hours.
    store
        .book_appointment(&caller_booking(at(4, 8, 30), 8 * 60), now)
        .expect("eight hours fit");
    let late = caller_booking(at(4, 15, 0), 2 * 60);
    let check = store.check_booking(&late, None, now).expect("check");
    assert!(check.overfills && check.load.overfilled);
    assert_eq!(check.load.booked_minutes, 10 * 60);
    assert_eq!(check.load.available_minutes, 9 * 60);
    assert_eq!(
        refusal(store.book_appointment(&late, now)),
        Reason::AppointmentDayFull
    );
    let accepted = AppointmentInput {
        accept_overfill: true,
        ..late
    };
    store
        .book_appointment(&accepted, now)
        .expect("saved once the desk accepts");
    let board = store
        .booking_board(at(2, 0, 0).date(), at(8, 0, 0).date())
        .expect("board");
    let wednesday = &board.days[2];
    assert!(wednesday.load.overfilled);
    assert_eq!(wednesday.bays[0].bookings.len(), 2);
    assert!(!board.days[6].load.open, "Sunday is closed");
}

#[test]
fn a_booking_longer_than_its_day_holds_the_bay_on_the_next_day_too() {
    let store = Store::open_in_memory().expect("store");
    let one_bay = BookingSettings {
        bays: 1,
        technicians: 1,
        ..BookingSettings::default()
    };
    store
        .save_booking_settings(&one_bay, at(2, 8, 0))
        .expect("settings");
    let now = at(2, 9, 0);
    // Wednesday 4 March from 13:30: 4 h that day, the other 8 h on Thursday.
    store
        .book_appointment(&caller_booking(at(4, 13, 30), 12 * 60), now)
        .expect("twelve hours over two days");
    let thursday = caller_booking(at(5, 9, 0), 2 * 60);
    let check = store.check_booking(&thursday, None, now).expect("check");
    assert_eq!(check.load.booked_minutes, 8 * 60 + 2 * 60);
    assert!(check.overfills, "Thursday holds eight hours already");
    assert_eq!(
        refusal(store.book_appointment(&thursday, now)),
        Reason::AppointmentDayFull
    );
    let board = store
        .booking_board(at(5, 0, 0).date(), at(5, 0, 0).date())
        .expect("board");
    let day = &board.days[0];
    assert_eq!(day.load.booked_minutes, 8 * 60);
    assert_eq!(day.bays[0].bookings.len(), 1, "shown on its second day");
    assert!(day.bays[0].bookings[0].continued);
}

#[test]
fn a_booking_is_refused_field_by_field() {
    let store = Store::open_in_memory().expect("store");
    let mut bad = caller_booking(at(8, 10, 0), 0);
    bad.bay = 9;
    bad.wanted_work = " ".into();
    bad.caller = Some(CallerContact {
        name: String::new(),
        phone: "12".into(),
        plate: "沪B67890".into(),
    });
    bad.parts[0].qty = 0;
    let found = fields(store.book_appointment(&bad, at(2, 9, 0)));
    let names: Vec<&str> = found.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        names,
        [
            "caller.name",
            "caller.phone",
            "durationMinutes",
            "bay",
            "startsAt",
            "wantedWork",
            "parts.0.qty"
        ]
    );
    assert!(found.contains(&("startsAt".into(), Reason::AppointmentClosedDay)));
    let past = caller_booking(at(2, 8, 30), 60);
    assert_eq!(
        fields(store.book_appointment(&past, at(2, 9, 0))),
        [("startsAt".to_string(), Reason::AppointmentInPast)]
    );
    // A year typed with a digit too many is refused, not booked.
    let far = caller_booking(
        NaiveDate::from_ymd_opt(20266, 3, 4)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .expect("a far date"),
        60,
    );
    assert!(fields(store.book_appointment(&far, at(2, 9, 0)))
        .contains(&("startsAt".to_string(), Reason::AppointmentTooFar)));
    // The week board of a day at the calendar's end is refused, not a panic.
    assert_eq!(
        fields(store.booking_week(Some(NaiveDate::MAX), at(2, 9, 0))),
        [("day".to_string(), Reason::AppointmentRange)]
    );
    // A booking cancelled on the reminder call says why.
    let a = store
        .book_appointment(&caller_booking(at(6, 10, 0), 60), at(2, 9, 0))
        .expect("booked");
    assert_eq!(
        fields(store.record_reminder_call(a.id, &call(CallOutcome::Cancelled, None), at(3, 9, 0))),
        [("note".to_string(), Reason::CancelReasonRequired)]
    );
}

#[test]
fn the_reminder_call_is_due_in_the_calling_hours_the_day_before_until_the_customer_confirms() {
    let store = Store::open_in_memory().expect("store");
    // Booked Monday for Wednesday 11:00: due Tuesday when the afternoon calls start.
    let a = store
        .book_appointment(&caller_booking(at(4, 11, 0), 90), at(2, 9, 0))
        .expect("booked");
    let due = |now| store.appointments_today(now).expect("today").calls_due;
    assert!(due(at(3, 13, 59)).is_empty());
    let listed = due(at(3, 14, 0));
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].due_at, at(3, 14, 0));
    assert_eq!(listed[0].phone, "13912345678");
    store
        .record_reminder_call(a.id, &call(CallOutcome::NotReached, None), at(3, 14, 5))
        .expect("not reached");
    assert_eq!(due(at(3, 14, 10))[0].tries, 1, "still due after no answer");
    let confirmed = store
        .record_reminder_call(a.id, &call(CallOutcome::Confirmed, None), at(3, 15, 0))
        .expect("confirmed");
    assert_eq!(confirmed.status, AppointmentStatus::Confirmed);
    assert!(due(at(3, 15, 1)).is_empty());
    let arrivals = store
        .appointments_today(at(4, 8, 0))
        .expect("today")
        .arrivals;
    assert_eq!(arrivals.len(), 1, "Wednesday lists the car expected");
    let moved = store
        .record_reminder_call(
            a.id,
            &call(CallOutcome::Moved, Some(at(5, 10, 0))),
            at(4, 8, 0),
        )
        .expect("moved");
    assert_eq!(moved.starts_at, at(5, 10, 0));
    assert_eq!(moved.calls.len(), 3);
    let sunday = call(CallOutcome::Moved, Some(at(8, 10, 0)));
    assert_eq!(
        fields(store.record_reminder_call(a.id, &sunday, at(4, 8, 0))),
        [("movedTo".to_string(), Reason::AppointmentClosedDay)]
    );
}

#[test]
fn a_booking_for_a_service_arrives_as_a_maintenance_job() {
    let store = Store::open_in_memory().expect("store");
    let booking = AppointmentInput {
        wanted_work: "20000公里保养".into(),
        ..caller_booking(at(4, 10, 0), 120)
    };
    let a = store
        .book_appointment(&booking, at(2, 9, 0))
        .expect("booked");
    let arrived = store
        .convert_appointment(a.id, &arrival(), at(4, 9, 55))
        .expect("the car came");
    let job = store.get_work_order(arrived.work_order_id).expect("job");
    assert_eq!(
        job.work_order.repair_category,
        Some(garage_core::work_order::RepairCategory::Maintenance)
    );
}

#[test]
fn arrival_copies_the_booking_into_a_job_and_links_them_both_ways() {
    let store = Store::open_in_memory().expect("store");
    let a = store
        .book_appointment(&caller_booking(at(4, 10, 0), 120), at(2, 9, 0))
        .expect("booked");
    store
        .take_deposit(a.id, &deposit(35_000), None, at(2, 9, 5))
        .expect("deposit");
    let arrived = store
        .convert_appointment(a.id, &arrival(), at(4, 9, 55))
        .expect("the car came");
    assert_eq!(arrived.appointment.status, AppointmentStatus::Arrived);
    assert_eq!(
        arrived.appointment.work_order_id,
        Some(arrived.work_order_id)
    );
    let job = store.get_work_order(arrived.work_order_id).expect("job");
    let details = &job.work_order.details;
    assert_eq!(
        details.complaint, "刹车时有异响，想换刹车片",
        "the customer's words"
    );
    assert_eq!(
        job.work_order.repair_category, None,
        "a brake noise names no category: the desk chooses it at intake"
    );
    assert_eq!(details.services.len(), 1);
    assert_eq!(details.services[0].estimate_minor, Some(70_000));
    assert!(
        details.other_requests.contains("maintenance handbook"),
        "in the job's language (the shop's English here): {}",
        details.other_requests
    );
    assert!(
        details.other_requests.contains("1,180.00"),
        "the price told at booking comes along: {}",
        details.other_requests
    );
    let customer = store
        .get_customer(job.work_order.customer_id)
        .expect("the caller's new file");
    assert_eq!(customer.name, "王先生");
    assert_eq!(arrived.appointment.customer_id, Some(customer.id));
    let payments = store.payments(arrived.work_order_id).expect("payments");
    assert_eq!(payments.len(), 1, "the deposit is on the job once");
    assert_eq!(payments[0].amount_minor, 35_000);
    assert_eq!(payments[0].reference, a.number);
    assert_eq!(
        payments[0].taken_at,
        at(2, 9, 5),
        "when the money was taken"
    );
    assert_eq!(
        arrived.appointment.deposit.map(|d| (d.state, d.payment_id)),
        Some((DepositState::Applied, Some(payments[0].id)))
    );
    assert_eq!(
        store
            .appointment_for_job(arrived.work_order_id)
            .expect("link")
            .map(|b| b.id),
        Some(a.id)
    );
    assert_eq!(
        refusal(store.convert_appointment(a.id, &arrival(), at(4, 10, 0))),
        Reason::AppointmentNotOpen,
        "one booking, one job: the deposit cannot be carried twice"
    );
}

#[test]
fn a_missed_bookings_deposit_is_kept_or_refunded_only_by_the_supervisors_journalled_word() {
    let store = Store::open_in_memory().expect("store");
    let boss = supervisor(&store);
    let a = store
        .book_appointment(&caller_booking(at(4, 10, 0), 120), at(2, 9, 0))
        .expect("booked");
    store
        .take_deposit(a.id, &deposit(35_000), None, at(2, 9, 5))
        .expect("deposit");
    assert_eq!(
        refusal(store.mark_no_show(a.id, at(4, 9, 59))),
        Reason::AppointmentNotYetDue
    );
    assert_eq!(
        refusal(store.decide_deposit(a.id, DepositDecision::Keep, "no-show", None, at(4, 9, 0))),
        Reason::DepositAppointmentOpen
    );
    store.mark_no_show(a.id, at(4, 11, 0)).expect("missed");
    let waiting = store.appointments_today(at(4, 11, 5)).expect("today");
    assert_eq!(waiting.deposits_undecided.len(), 1);
    // The customer may still come that day and be taken in with the deposit.
    assert_eq!(
        refusal(store.decide_deposit(
            a.id,
            DepositDecision::Keep,
            "no-show",
            Some(&word(boss)),
            at(4, 12, 0)
        )),
        Reason::DepositDecisionTooEarly
    );
    assert_eq!(
        refusal(store.decide_deposit(a.id, DepositDecision::Keep, "no-show", None, at(5, 9, 0))),
        Reason::SupervisorNeeded
    );
    let kept = store
        .decide_deposit(
            a.id,
            DepositDecision::Keep,
            "parts ordered specially",
            Some(&word(boss)),
            at(5, 9, 0),
        )
        .expect("kept");
    let d = kept.deposit.expect("deposit");
    assert_eq!(
        (d.state, d.decided_by.as_str()),
        (DepositState::Kept, "赵主管")
    );
    assert!(journal_kinds(&store).contains(&"keep_deposit".to_string()));
    assert_eq!(
        refusal(store.decide_deposit(
            a.id,
            DepositDecision::Refund,
            "changed mind",
            Some(&word(boss)),
            at(5, 9, 5)
        )),
        Reason::DepositNotHeld,
        "decided once"
    );
    // Booking the same caller again tells the desk about the miss.
    let again = store
        .check_booking(&caller_booking(at(11, 10, 0), 60), None, at(4, 12, 10))
        .expect("check");
    assert_eq!(again.no_shows.count, 1);
    assert_eq!(again.no_shows.last, [at(4, 10, 0)]);
    assert_eq!(again.least_deposit_minor, 35_000);
}

#[test]
fn the_tallys_counts_equal_the_registers_rows() {
    let store = Store::open_in_memory().expect("store");
    let (customer, vehicle) =
        customer_with_car(&store, "李建国", "13812345678", "沪A12345", Lang::ZhHans);
    let booked_at = at(1, 9, 0);
    let mut ids: Vec<AppointmentId> = Vec::new();
    for (i, day) in [2u32, 3, 3, 4, 5, 6, 9, 10].into_iter().enumerate() {
        let mut input = caller_booking(at(day, 9 + i as u32 % 3, 0), 60);
        if i % 2 == 0 {
            input.caller = None;
            input.customer_id = Some(customer);
            input.vehicle_id = Some(vehicle);
        }
        input.bay = 1 + (i as u32 % 4);
        let a = store.book_appointment(&input, booked_at).expect("booked");
        if i % 3 == 0 {
            store
                .take_deposit(a.id, &deposit(35_000 + i as i64), None, booked_at)
                .expect("deposit");
        }
        ids.push(a.id);
    }
    let when = |id: AppointmentId| store.get_appointment(id).expect("one").starts_at;
    store
        .record_reminder_call(ids[1], &call(CallOutcome::Confirmed, None), at(2, 15, 0))
        .expect("confirmed");
    store
        .convert_appointment(ids[0], &arrival(), when(ids[0]))
        .expect("arrived");
    store
        .convert_appointment(ids[1], &arrival(), when(ids[1]))
        .expect("arrived");
    store.mark_no_show(ids[2], at(3, 18, 0)).expect("missed");
    store
        .cancel_appointment(ids[3], "车已修好", at(3, 18, 0))
        .expect("cancelled");
    let cancelled = ReminderCallInput {
        note: "出差，下周再约".into(),
        ..call(CallOutcome::Cancelled, None)
    };
    store
        .record_reminder_call(ids[4], &cancelled, at(4, 15, 0))
        .expect("cancelled on the call");
    store
        .convert_appointment(ids[6], &arrival(), when(ids[6]))
        .expect("arrived");
    let (from, to) = (
        NaiveDate::from_ymd_opt(2026, 3, 1),
        NaiveDate::from_ymd_opt(2026, 3, 14),
    );
    let (from, to) = (from.expect("day"), to.expect("day"));
    let rows = store.appointment_register(from, to).expect("register");
    let tally = store.appointment_tally(from, to).expect("tally");
    let counted = |rows: &[&RegisterRow]| {
        let n = |f: &dyn Fn(&RegisterRow) -> bool| rows.iter().filter(|r| f(r)).count() as u32;
        (
            rows.len() as u32,
            n(&|r| r.confirmed),
            n(&|r| r.status == AppointmentStatus::Arrived),
            n(&|r| r.status == AppointmentStatus::NoShow),
            n(&|r| r.status == AppointmentStatus::Cancelled),
            n(&|r| r.work_order_id.is_some()),
            rows.iter().map(|r| r.deposit_minor).sum::<i64>(),
        )
    };
    let of = |c: &garage_core::booking::tally::TallyCounts| {
        (
            c.booked,
            c.confirmed,
            c.arrived,
            c.no_show,
            c.cancelled,
            c.turned_into_jobs,
            c.deposits_taken_minor,
        )
    };
    let all: Vec<&RegisterRow> = rows.iter().collect();
    assert_eq!(of(&tally.total), counted(&all));
    assert_eq!(tally.total.booked, 8);
    assert_eq!(
        (
            tally.total.arrived,
            tally.total.no_show,
            tally.total.cancelled
        ),
        (3, 1, 2)
    );
    assert_eq!(tally.total.show_rate_bp, Some(3 * 10_000 / 8));
    for day in &tally.days {
        let of_day: Vec<&RegisterRow> = rows
            .iter()
            .filter(|r| r.starts_at.date() == day.from)
            .collect();
        assert_eq!(of(&day.counts), counted(&of_day), "day {}", day.from);
    }
    let weekly: u32 = tally.weeks.iter().map(|w| w.counts.booked).sum();
    assert_eq!(weekly, 8, "every row in exactly one week");
    assert_eq!(
        tally.total.deposits_applied_minor,
        35_000 + 35_006,
        "the arrived bookings' deposits were applied, the cancelled one's not"
    );
}

#[test]
fn a_deposit_counts_once_in_the_days_cash_on_the_day_it_was_taken_before_and_after_arrival() {
    let store = Store::open_in_memory().expect("store");
    let boss = supervisor(&store);
    let cash = |day: u32| {
        let figures = store.day_figures(at(day, 0, 0).date()).expect("figures");
        let mobile = figures
            .payments
            .iter()
            .find(|m| m.method == PaymentMethod::Mobile)
            .map_or(0, |m| m.amount_minor);
        let listed = store
            .day_lists(at(day, 0, 0).date())
            .expect("lists")
            .payments
            .len();
        (mobile, listed)
    };
    let a = store
        .book_appointment(&caller_booking(at(4, 10, 0), 120), at(2, 9, 0))
        .expect("booked");
    store
        .take_deposit(a.id, &deposit(35_000), None, at(2, 9, 5))
        .expect("deposit");
    assert_eq!(cash(2), (35_000, 1), "taken on Monday, in Monday's cash-up");
    store
        .convert_appointment(a.id, &arrival(), at(4, 9, 55))
        .expect("arrived");
    assert_eq!(
        cash(2),
        (35_000, 1),
        "carried onto the job, still counted once"
    );
    assert_eq!(cash(4), (0, 0), "and not again on the day the car came");
    let b = store
        .book_appointment(&caller_booking(at(5, 10, 0), 60), at(2, 10, 0))
        .expect("booked");
    store
        .take_deposit(b.id, &deposit(35_000), None, at(2, 10, 5))
        .expect("deposit");
    store
        .cancel_appointment(b.id, "不修了", at(3, 9, 0))
        .expect("cancelled");
    store
        .decide_deposit(
            b.id,
            DepositDecision::Refund,
            "parts returnable",
            Some(&word(boss)),
            at(3, 9, 30),
        )
        .expect("refunded");
    assert_eq!(cash(2), (70_000, 2));
    assert_eq!(cash(3), (-35_000, 1), "given back on Tuesday");
}

/// Opens the same job two ways — from a booking with its deposit, or directly with the
/// deposit taken on the job — prices it, and returns the settlement's figures.
fn settle_both_ways(deposit_minor: i64, method: PaymentMethod, price: i64) -> [(i64, i64, i64); 2] {
    let mut out = [(0, 0, 0); 2];
    for (n, via_booking) in [true, false].into_iter().enumerate() {
        let store = Store::open_in_memory().expect("store");
        let (customer, vehicle) =
            customer_with_car(&store, "李建国", "13812345678", "沪A12345", Lang::ZhHans);
        let mut input = caller_booking(at(4, 10, 0), 120);
        input.caller = None;
        input.customer_id = Some(customer);
        input.vehicle_id = Some(vehicle);
        // A deposit is never more than the job is expected to cost.
        input.expected_price_minor = Some(500_000);
        let taken = DepositInput {
            method,
            ..deposit(deposit_minor)
        };
        let wo = if via_booking {
            let a = store.book_appointment(&input, at(2, 9, 0)).expect("booked");
            store
                .take_deposit(a.id, &taken, None, at(2, 9, 5))
                .expect("deposit");
            store
                .convert_appointment(a.id, &arrival(), at(4, 10, 0))
                .expect("arrived")
                .work_order_id
        } else {
            let job = OpenWorkOrder {
                customer_id: customer,
                vehicle_id: vehicle,
                details: intake_fixtures::details("刹车时有异响，想换刹车片"),
            };
            let id = store
                .open_work_order(&job, at(4, 10, 0))
                .expect("job")
                .work_order
                .id;
            store
                .record_payment(id, &pay(method, deposit_minor), at(4, 10, 1))
                .expect("deposit on the job");
            id
        };
        approve_estimate(&store, wo, vec![line(LineKind::Part, 2_000, price, 0)]);
        let s = store.settlement(wo, at(4, 16, 0)).expect("settlement");
        // The settle screen learns from the settlement which payment has no Void….
        assert_eq!(
            s.deposit_payment_id.is_some(),
            via_booking,
            "only a booking's deposit is marked"
        );
        out[n] = (
            s.figures.total_minor,
            s.figures.paid_minor,
            s.figures.due_minor,
        );
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn a_jobs_balance_is_the_same_whether_its_deposit_came_from_a_booking_or_was_taken_on_the_job(
        deposit_minor in 35_000i64..=500_000,
        method in prop::sample::select(vec![
            PaymentMethod::Cash, PaymentMethod::Card, PaymentMethod::Transfer, PaymentMethod::Mobile,
        ]),
        price in 1i64..=400_000,
    ) {
        let [from_booking, on_the_job] = settle_both_ways(deposit_minor, method, price);
        prop_assert_eq!(from_booking, on_the_job);
        prop_assert_eq!(from_booking.1, deposit_minor, "the deposit counts exactly once");
        prop_assert_eq!(from_booking.2, from_booking.0 - deposit_minor);
    }
}
