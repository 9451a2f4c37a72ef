//! Moving a booking at the desk: checked like a new booking (a full day warns and needs
//! accepting), recorded with who moved it and when, its deposit kept, the slip agreed
//! before no longer standing, its reminder due anew before the new time; a booking that
//! is closed cannot be moved. And the booking settings refused field by field.
mod intake_fixtures;

use chrono::NaiveDateTime;
use garage_core::booking::{
    AppointmentInput, AppointmentStatus, BookingSettings, CallOutcome, CallerContact, DepositInput,
    DepositState, MinuteSpan, ReminderCallInput,
};
use garage_core::domain::appointment::AgreementInput;
use garage_core::domain::pricing::ApprovalChannel;
use garage_core::error::CoreError;
use garage_core::reason::Reason;
use garage_core::settlement::payment::PaymentMethod;
use garage_core::Store;
use intake_fixtures::at;

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

/// A new caller's booking at `starts_at` for `minutes`, in bay 1.
fn booking(starts_at: NaiveDateTime, minutes: u32) -> AppointmentInput {
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
        wanted_work: "刹车时有异响".into(),
        parts: Vec::new(),
        expected_price_minor: Some(60_000),
        bring_handbook: false,
        booked_by: "周敏".into(),
        note: String::new(),
        accept_overfill: false,
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

#[test]
fn a_moved_booking_records_who_moved_it_keeps_its_deposit_and_is_agreed_and_reminded_anew() {
    let store = Store::open_in_memory().expect("store");
    let dir = std::env::temp_dir();
    // Booked Monday 2 March for Wednesday 4 March 11:00, a deposit taken, the slip agreed
    // by phone, and confirmed on Tuesday's reminder call.
    let a = store
        .book_appointment(&booking(at(4, 11, 0), 90), at(2, 9, 0))
        .expect("booked");
    let deposit = DepositInput {
        method: PaymentMethod::Cash,
        amount_minor: 20_000,
        tendered_minor: Some(20_000),
        reference: String::new(),
        taken_by: "周敏".into(),
    };
    store
        .take_deposit(a.id, &deposit, None, at(2, 9, 5))
        .expect("deposit");
    let agreed = AgreementInput {
        channel: ApprovalChannel::Phone,
        agreed_by: "王先生".into(),
        recorded_by: "周敏".into(),
        signature: None,
        call_note: "agreed on the phone".into(),
    };
    store
        .agree_appointment(&dir, a.id, &agreed, at(2, 9, 10))
        .expect("agreed");
    store
        .record_reminder_call(a.id, &call(CallOutcome::Confirmed, None), at(3, 14, 5))
        .expect("confirmed");

    // A change that leaves the 200.00 held above what the job is expected to cost is
    // refused by the field that would put it right.
    let cheaper = AppointmentInput {
        expected_price_minor: Some(10_000),
        ..booking(at(9, 10, 0), 90)
    };
    assert_eq!(
        fields(store.change_appointment(a.id, &cheaper, "李娜", at(3, 16, 0))),
        [(
            "expectedPriceMinor".to_string(),
            Reason::DepositAboveCeiling
        )]
    );
    // Tuesday 16:00 the customer asks for Monday 9 March 10:00, bay 2.
    let mut moved = booking(at(9, 10, 0), 90);
    moved.bay = 2;
    let after = store
        .change_appointment(a.id, &moved, "李娜", at(3, 16, 0))
        .expect("moved");
    assert_eq!((after.starts_at, after.bay), (at(9, 10, 0), 2));
    let change = after.changes.last().expect("the move is recorded");
    assert_eq!(change.by, "李娜", "who moved it");
    assert_eq!(change.at, at(3, 16, 0), "when");
    assert_eq!((change.from_starts_at, change.from_bay), (at(4, 11, 0), 1));
    assert_eq!(
        after.booked_by, "周敏",
        "who booked it stays on the booking"
    );
    assert_eq!(
        after.status,
        AppointmentStatus::Booked,
        "the customer confirmed Wednesday, not Monday: the new time is confirmed again"
    );
    let kept = after.deposit.expect("the deposit moves with the booking");
    assert_eq!(
        (kept.amount_minor, kept.state),
        (20_000, DepositState::Held)
    );
    assert_eq!(
        store.appointment_agreement(a.id).expect("read"),
        None,
        "the slip was agreed for Wednesday 11:00, not for Monday"
    );

    // The reminder counts from the move: Monday's window falls on the closed Sunday, so
    // the call is due on Saturday afternoon, and the call before the move is no try.
    let view = store.appointment_view(a.id, at(3, 16, 1)).expect("view");
    assert_eq!(view.reminder_due, Some(at(7, 14, 0)));
    let due = store.appointments_today(at(7, 14, 0)).expect("today");
    assert_eq!(due.calls_due.len(), 1, "the moved booking is called again");
    assert_eq!(due.calls_due[0].tries, 0);
}

#[test]
fn a_move_onto_a_full_day_warns_and_is_saved_only_when_accepted() {
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
    // Wednesday 4 March holds eight of its nine hours; Thursday one booking of two.
    store
        .book_appointment(&booking(at(4, 8, 30), 8 * 60), now)
        .expect("eight hours");
    let thursday = store
        .book_appointment(&booking(at(5, 10, 0), 2 * 60), now)
        .expect("two hours");
    let onto_wednesday = booking(at(4, 15, 0), 2 * 60);
    let check = store
        .check_booking(&onto_wednesday, Some(thursday.id), now)
        .expect("check");
    assert!(check.overfills, "ten hours on a nine-hour day");
    assert_eq!(check.load.booked_minutes, 10 * 60);
    assert_eq!(
        refusal(store.change_appointment(thursday.id, &onto_wednesday, "李娜", now)),
        Reason::AppointmentDayFull
    );
    // Moving within its own day does not count the booking twice.
    let later_thursday = booking(at(5, 14, 0), 2 * 60);
    let same_day = store
        .check_booking(&later_thursday, Some(thursday.id), now)
        .expect("check");
    assert_eq!(same_day.load.booked_minutes, 2 * 60);
    let accepted = AppointmentInput {
        accept_overfill: true,
        ..onto_wednesday
    };
    let moved = store
        .change_appointment(thursday.id, &accepted, "李娜", now)
        .expect("saved once the desk accepts");
    assert_eq!(moved.starts_at, at(4, 15, 0));
    let board = store
        .booking_board(at(4, 0, 0).date(), at(5, 0, 0).date())
        .expect("board");
    assert!(board.days[0].load.overfilled);
    assert_eq!(
        board.days[0].bays[0].bookings.len(),
        2,
        "shown on its new day"
    );
    assert!(
        board.days[1].bays[0].bookings.is_empty(),
        "and gone from the old"
    );
}

#[test]
fn a_cancelled_or_missed_booking_cannot_be_moved_and_its_screen_offers_no_move() {
    let store = Store::open_in_memory().expect("store");
    let now = at(2, 9, 0);
    let a = store
        .book_appointment(&booking(at(4, 11, 0), 60), now)
        .expect("booked");
    assert!(
        store
            .appointment_view(a.id, now)
            .expect("view")
            .actions
            .change
    );
    store
        .cancel_appointment(a.id, "customer sold the car", now)
        .expect("cancelled");
    assert_eq!(
        refusal(store.change_appointment(a.id, &booking(at(5, 11, 0), 60), "李娜", now)),
        Reason::AppointmentNotOpen
    );
    assert!(
        !store
            .appointment_view(a.id, now)
            .expect("view")
            .actions
            .change
    );

    let missed = store
        .book_appointment(&booking(at(3, 11, 0), 60), now)
        .expect("booked");
    store
        .mark_no_show(missed.id, at(3, 12, 0))
        .expect("no-show");
    assert_eq!(
        refusal(store.change_appointment(
            missed.id,
            &booking(at(5, 11, 0), 60),
            "李娜",
            at(3, 12, 5)
        )),
        Reason::AppointmentNotOpen
    );
}

#[test]
fn a_move_says_who_moved_it_and_is_refused_with_every_field_at_once() {
    let store = Store::open_in_memory().expect("store");
    let now = at(2, 9, 0);
    let a = store
        .book_appointment(&booking(at(4, 11, 0), 60), now)
        .expect("booked");
    let mut bad = booking(at(8, 11, 0), 60);
    bad.bay = 9;
    assert_eq!(
        fields(store.change_appointment(a.id, &bad, " ", now)),
        [
            ("bay".to_string(), Reason::AppointmentBay),
            ("startsAt".to_string(), Reason::AppointmentClosedDay),
            ("changedBy".to_string(), Reason::ApprovalByRequired),
        ]
    );
    assert_eq!(
        fields(store.change_appointment(a.id, &booking(at(5, 11, 0), 60), "", now)),
        [("changedBy".to_string(), Reason::ApprovalByRequired)]
    );
    assert!(store
        .get_appointment(a.id)
        .expect("read")
        .changes
        .is_empty());
}

#[test]
fn a_time_moved_on_the_reminder_call_is_recorded_as_a_change_by_the_caller() {
    let store = Store::open_in_memory().expect("store");
    let a = store
        .book_appointment(&booking(at(4, 11, 0), 60), at(2, 9, 0))
        .expect("booked");
    let moved = store
        .record_reminder_call(
            a.id,
            &call(CallOutcome::Moved, Some(at(5, 10, 0))),
            at(3, 14, 0),
        )
        .expect("moved");
    let change = moved.changes.last().expect("recorded");
    assert_eq!(
        (change.by.as_str(), change.at, change.from_starts_at),
        ("周敏", at(3, 14, 0), at(4, 11, 0))
    );
    assert_eq!(moved.status, AppointmentStatus::Confirmed);
    // Moved two days on: the customer confirms the new time the day before, as any booking.
    let due = |now| store.appointments_today(now).expect("today").calls_due;
    assert_eq!(due(at(4, 14, 0)).len(), 1, "reminded of the moved time");
    store
        .record_reminder_call(a.id, &call(CallOutcome::Confirmed, None), at(4, 14, 5))
        .expect("confirmed");
    assert!(due(at(4, 14, 10)).is_empty(), "confirmed, no more calls");
    // Moved again on a call, to a week later: reminded again the day before that.
    store
        .record_reminder_call(
            a.id,
            &call(CallOutcome::Moved, Some(at(12, 10, 0))),
            at(4, 15, 0),
        )
        .expect("moved a week on");
    assert!(
        due(at(11, 13, 59)).is_empty(),
        "not before its calling hours"
    );
    let listed = due(at(11, 14, 0));
    assert_eq!(listed.len(), 1, "the customer is reminded of the new time");
    assert_eq!(
        listed[0].tries, 0,
        "the calls before the move were about the old time"
    );
}

#[test]
fn the_booking_settings_are_refused_field_by_field_and_saved_with_the_days_off_in_order() {
    let store = Store::open_in_memory().expect("store");
    let now = at(2, 9, 0);
    let mut bad = BookingSettings {
        bays: 0,
        ..BookingSettings::default()
    };
    bad.working_hours[0] = Some(MinuteSpan::new(18 * 60, 8 * 60));
    bad.calling_hours = vec![MinuteSpan::new(10 * 60, 9 * 60)];
    bad.days_off = vec![at(1, 0, 0).date() - chrono::Days::new(800)];
    assert_eq!(
        fields(store.save_booking_settings(&bad, now)),
        [
            ("bays".to_string(), Reason::BookingBays),
            ("workingHours.0".to_string(), Reason::BookingHours),
            ("daysOff.0".to_string(), Reason::BookingDayOffRange),
            ("callingHours.0".to_string(), Reason::BookingCallingHours),
        ]
    );
    assert_eq!(
        store.booking_settings().expect("read"),
        BookingSettings::default(),
        "nothing saved"
    );
    let good = BookingSettings {
        bays: 6,
        days_off: vec![at(9, 0, 0).date(), at(3, 0, 0).date(), at(9, 0, 0).date()],
        ..BookingSettings::default()
    };
    let saved = store.save_booking_settings(&good, now).expect("saved");
    assert_eq!(saved.days_off, [at(3, 0, 0).date(), at(9, 0, 0).date()]);
    let board = store
        .booking_board(at(3, 0, 0).date(), at(3, 0, 0).date())
        .expect("board");
    assert!(!board.days[0].load.open, "a day off is closed on the board");
    assert_eq!(board.days[0].bays.len(), 6);
}

#[test]
fn a_late_customers_booking_can_still_be_put_right_but_not_moved_into_the_past() {
    let store = Store::open_in_memory().expect("store");
    let a = store
        .book_appointment(&booking(at(4, 10, 0), 60), at(2, 9, 0))
        .expect("booked");
    // 10:15, the car not here yet: the phone number is corrected, the time kept.
    let mut fixed = booking(at(4, 10, 0), 60);
    if let Some(c) = fixed.caller.as_mut() {
        c.phone = "139 8765 4321".into();
    }
    let after = store
        .change_appointment(a.id, &fixed, "李娜", at(4, 10, 15))
        .expect("the same time may stand");
    assert_eq!(after.phone, "13987654321");
    let earlier = booking(at(4, 9, 0), 60);
    assert_eq!(
        fields(store.change_appointment(a.id, &earlier, "李娜", at(4, 10, 15))),
        [("startsAt".to_string(), Reason::AppointmentInPast)]
    );
}

#[test]
fn a_day_off_saved_long_ago_is_let_go_not_held_against_the_next_save() {
    let store = Store::open_in_memory().expect("store");
    let holiday = at(9, 0, 0).date();
    let with_holiday = BookingSettings {
        days_off: vec![holiday],
        ..BookingSettings::default()
    };
    store
        .save_booking_settings(&with_holiday, at(2, 9, 0))
        .expect("saved");
    // Fourteen months on, the desk changes the bays; the screen sends the old day back.
    let later = at(2, 9, 0) + chrono::Duration::days(430);
    let more_bays = BookingSettings {
        bays: 6,
        ..with_holiday.clone()
    };
    let saved = store
        .save_booking_settings(&more_bays, later)
        .expect("the old day does not block the save");
    assert_eq!(saved.bays, 6);
    assert!(saved.days_off.is_empty(), "let go: {:?}", saved.days_off);
    // A day that far back sent fresh is still refused.
    let fresh = BookingSettings {
        days_off: vec![holiday - chrono::Days::new(3)],
        ..BookingSettings::default()
    };
    assert_eq!(
        fields(store.save_booking_settings(&fresh, later)),
        [("daysOff.0".to_string(), Reason::BookingDayOffRange)]
    );
}
