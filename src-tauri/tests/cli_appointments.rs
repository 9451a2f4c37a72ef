//! `garage-desk print APPT-… --form appointment` and `garage-desk report appointments`:
//! the slip, the register and the tally written headless, the same forms the window
//! prints; never into the data folder.
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use garage_core::booking::{AppointmentInput, CallerContact, DepositInput, PartToPrepare};
use garage_core::settlement::payment::PaymentMethod;
use garage_core::Store;

mod cli_fixtures;
use cli_fixtures::*;

fn at(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, day)
        .and_then(|d| d.and_hms_opt(hour, minute, 0))
        .expect("a valid time")
}

/// A shop with one new caller booked for 1 Dec 2026 09:30, a deposit taken; its number.
fn shop_with_a_booking(dir: &Path) -> String {
    let store = Store::open_in_dir(dir).expect("store");
    let input = AppointmentInput {
        customer_id: None,
        vehicle_id: None,
        caller: Some(CallerContact {
            name: "Mr Wang".into(),
            phone: "139 1234 5678".into(),
            plate: "沪B67890".into(),
        }),
        starts_at: at(1, 9, 30),
        duration_minutes: 90,
        bay: 1,
        wanted_work: "Squealing brakes, wants new pads".into(),
        parts: vec![PartToPrepare {
            description: "Front brake pads".into(),
            qty: 1,
            unit_price_minor: 60_000,
        }],
        expected_price_minor: Some(90_000),
        bring_handbook: true,
        booked_by: "Zhou Min".into(),
        note: String::new(),
        accept_overfill: false,
    };
    let before = at(1, 8, 0) - chrono::Duration::days(1);
    let a = store.book_appointment(&input, before).expect("booked");
    let deposit = DepositInput {
        method: PaymentMethod::Cash,
        amount_minor: 30_000,
        tendered_minor: None,
        reference: String::new(),
        taken_by: "Zhou Min".into(),
    };
    store
        .take_deposit(a.id, &deposit, None, before)
        .expect("half the parts' price");
    a.number
}

#[test]
fn print_writes_the_appointment_slip_of_an_appt_number() {
    let dir = tempfile::tempdir().expect("temp dir");
    let number = shop_with_a_booking(dir.path());
    let desk = tempfile::tempdir().expect("temp dir");
    let out = desk.path().join("slip.pdf");
    let out_arg = out.to_str().expect("utf-8");
    let printed = print_form(dir.path(), &number, "appointment", Some("en"), &out);
    succeeded(&printed);
    let text = text_of(&out);
    for value in [
        number.as_str(),
        "Appointment slip",
        "Mr Wang",
        "Front brake pads",
        "maintenance handbook",
    ] {
        assert!(text.contains(value), "the slip lacks {value}:\n{text}");
    }

    let unknown = print_form(dir.path(), "APPT-2026-99999", "appointment", None, &out);
    assert_eq!(unknown.status.code(), Some(2), "no such appointment");
    let stray = garage_desk(
        dir.path(),
        &[
            "print",
            &number,
            "--form",
            "appointment",
            "--version",
            "2",
            "--out",
            out_arg,
        ],
    );
    assert_ne!(stray.status.code(), Some(0), "--version is an estimate's");
    let help = garage_desk(dir.path(), &["print", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("--form appointment"));
}

#[test]
fn report_appointments_prints_the_register_and_writes_the_tally() {
    let dir = tempfile::tempdir().expect("temp dir");
    let number = shop_with_a_booking(dir.path());
    let desk = tempfile::tempdir().expect("temp dir");
    let out = desk.path().join("tally.pdf");
    let register = desk.path().join("register.pdf");
    let week = ("2026-12-01", "2026-12-07");
    let more = [
        "--lang",
        "en",
        "--out",
        out.to_str().expect("utf-8"),
        "--register",
        register.to_str().expect("utf-8"),
    ];
    let written = report(dir.path(), "appointments", week, &more);
    succeeded(&written);
    let stdout = String::from_utf8_lossy(&written.stdout);
    assert!(stdout.contains(&number), "{stdout}");
    assert!(stdout.contains("Mr Wang"), "{stdout}");
    assert!(stdout.contains("Appointment tally"), "{stdout}");
    assert!(text_of(&out).contains("Appointment tally"));
    assert!(text_of(&register).contains(&number));

    let inside = dir.path().join("tally.pdf");
    let inside = ["--out", inside.to_str().expect("utf-8")];
    let refused = report(dir.path(), "appointments", week, &inside);
    assert_eq!(refused.status.code(), Some(2), "never into the data folder");
    let backwards = report(
        dir.path(),
        "appointments",
        ("2026-12-07", "2026-12-01"),
        &[],
    );
    assert_eq!(
        backwards.status.code(),
        Some(2),
        "an empty period is refused"
    );
    let help = garage_desk(dir.path(), &["report", "appointments", "--help"]);
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("--register"));
}
