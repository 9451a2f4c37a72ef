//! Customer and vehicle steps as a person takes them in the window, shared by the
//! scenario tests so that each test reads as the job it checks.

// Every test binary includes this module and uses a different part of it.
#![allow(dead_code)]

use std::process::{Command, Stdio};

use crate::harness::{squash, text_of, App, Scratch, TIMEOUT};

pub struct Vehicle<'a> {
    pub plate: &'a str,
    pub vin: Option<&'a str>,
    pub make: &'a str,
    pub model: &'a str,
    pub year: &'a str,
}

/// Chooses the job's repair category (`maintenance`, `repair`, …) on the new-job form or
/// the job page, as a person clicks one of the five.
pub async fn choose_repair_category(app: &App, code: &str) {
    app.click(&format!("category-{code}")).await;
}

/// Customers → New customer, and waits for the empty form.
pub async fn open_new_customer_form(app: &App) {
    app.click("nav-customers").await;
    app.click("new-customer").await;
    app.find("field-name").await;
}

/// Fills the form for a private person with one phone number, without saving.
pub async fn fill_person(app: &App, name: &str, phone: &str) {
    app.set_checked("field-kind-person", true).await;
    app.type_into("field-name", name).await;
    app.type_into("field-phone-0", phone).await;
}

/// Creates a private person with one phone number and waits for their customer file.
pub async fn create_person(app: &App, name: &str, phone: &str) {
    open_new_customer_form(app).await;
    fill_person(app, name, phone).await;
    app.click("save").await;
    app.wait_text("customer-name", name).await;
}

/// Fills the vehicle form that "Add vehicle" opened, without saving.
pub async fn fill_vehicle(app: &App, vehicle: &Vehicle<'_>) {
    app.type_into("field-plate", vehicle.plate).await;
    if let Some(vin) = vehicle.vin {
        app.type_into("field-vin", vin).await;
    }
    app.type_into("field-make", vehicle.make).await;
    app.type_into("field-model", vehicle.model).await;
    app.type_into("field-year", vehicle.year).await;
}

/// Adds a vehicle from the open customer file and waits for its card.
pub async fn add_vehicle(app: &App, vehicle: &Vehicle<'_>) {
    app.click("add-vehicle").await;
    fill_vehicle(app, vehicle).await;
    app.click("save").await;
    wait_plate(app, vehicle.plate).await;
}

/// Waits until the open customer file shows a vehicle card with this plate.
pub async fn wait_plate(app: &App, plate: &str) {
    let what = format!("a vehicle card with plate {plate}");
    app.wait_until(&what, TIMEOUT, async || {
        plates_shown(app)
            .await
            .contains(&squash(plate))
            .then_some(())
    })
    .await;
}

/// The plates on the vehicle cards of the open customer file, squashed.
pub async fn plates_shown(app: &App) -> Vec<String> {
    let mut plates = Vec::new();
    for card in app.find_all("vehicle-card").await {
        for plate in app.within(&card, "vehicle-plate").await {
            plates.push(squash(&text_of(&plate).await));
        }
    }
    plates
}

/// Customers → the row of this customer → their customer file.
pub async fn open_customer(app: &App, name: &str) {
    app.click("nav-customers").await;
    app.click_text("customer-row", name).await;
    app.wait_text("customer-name", name).await;
}

/// A 17-character VIN with its 9th character replaced by the check digit of ISO 3779
/// (used by GB 16735 for Chinese VINs as well): letters transliterated to numbers,
/// weighted, summed, modulo 11, where 10 is written X.
pub fn with_check_digit(vin: &str) -> String {
    const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let chars: Vec<char> = vin.chars().collect();
    assert_eq!(chars.len(), 17, "a VIN has 17 characters: {vin}");
    let value = |c: char| match c {
        '0'..='9' => c.to_digit(10).unwrap_or(0),
        'A' | 'J' => 1,
        'B' | 'K' | 'S' => 2,
        'C' | 'L' | 'T' => 3,
        'D' | 'M' | 'U' => 4,
        'E' | 'N' | 'V' => 5,
        'F' | 'W' => 6,
        'G' | 'P' | 'X' => 7,
        'H' | 'Y' => 8,
        'R' | 'Z' => 9,
        _ => panic!("{c:?} cannot appear in a VIN ({vin})"),
    };
    let sum: u32 = chars
        .iter()
        .zip(WEIGHTS)
        .map(|(&c, weight)| value(c) * weight)
        .sum();
    let check = match sum % 11 {
        10 => 'X',
        digit => char::from_digit(digit, 10).unwrap_or('0'),
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| if i == 8 { check } else { c })
        .collect()
}

/// A demo shop of three customers (with jobs open today and a price list), made by the
/// app's own demo-data command before the window starts.
pub fn demo_shop(test: &str) -> Scratch {
    demo_shop_of(test, 3)
}

/// A demo shop of `customers` customers, as [`demo_shop`].
pub fn demo_shop_of(test: &str, customers: usize) -> Scratch {
    let scratch = Scratch::new(test);
    let status = Command::new(crate::harness::paths::app_binary())
        .arg("--data-dir")
        .arg(scratch.data_dir())
        .args([
            "demo-data",
            "--customers",
            &customers.to_string(),
            "--seed",
            "5",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .expect("the app's demo-data command runs");
    assert!(status.success(), "demo-data fills the shop: {status}");
    scratch
}

/// Settings → Staff: the supervisor Chen Jing with her PIN.
pub async fn add_supervisor(app: &App, pin: &str) {
    let en = crate::harness::Catalogue::load("en");
    app.click("nav-settings").await;
    app.type_into("staff-name", "Chen Jing").await;
    app.select("staff-role", "supervisor").await;
    app.click("staff-add").await;
    // The small demo shop has no supervisor yet: its first is set up freely.
    let row = app.wait_text("staff-row", "Chen Jing").await;
    let pin_input = text_of(&row).await;
    assert!(pin_input.contains(&en.get("staff.role.supervisor")));
    let field = app
        .client()
        .execute(
            "return document.querySelector('[data-testid^=\"staff-pin-\"]').dataset.testid",
            vec![],
        )
        .await
        .expect("the PIN field");
    let pin_id = field.as_str().unwrap_or_default().to_string();
    app.type_into(&pin_id, pin).await;
    app.click(&pin_id.replace("staff-pin-", "staff-set-pin-"))
        .await;
    app.wait_for("staff-status", TIMEOUT).await;
    assert!(
        app.find_all("supervisor-word").await.is_empty(),
        "the shop's first supervisor and her PIN need nobody's word"
    );
}

/// The first day of the appointment board's week (its Monday), as the board shows it.
pub async fn board_monday(app: &App) -> Option<String> {
    let script = "const d = document.querySelector('[data-testid=\"board-day\"]');
         return d ? d.dataset.day : null;";
    let found = app.client().execute(script, vec![]).await.ok()?;
    found.as_str().map(str::to_string)
}

/// Moves the appointment board `weeks` weeks on, waiting each time until it shows the
/// next week.
pub async fn board_weeks_on(app: &App, weeks: usize) {
    app.wait_for("week-board", TIMEOUT).await;
    for _ in 0..weeks {
        let before = board_monday(app).await;
        app.click("week-next").await;
        app.wait_until("the next week on the board", TIMEOUT, async || {
            board_monday(app)
                .await
                .filter(|now| Some(now) != before.as_ref())
        })
        .await;
    }
}

/// The first open day of the week the board shows.
pub async fn first_open_day_on_board(app: &App) -> String {
    let script = "const day = [...document.querySelectorAll('[data-testid=\"board-day\"]')]
             .find(d => d.dataset.open === 'true');
         return day ? day.dataset.day : null;";
    let found = app
        .client()
        .execute(script, vec![])
        .await
        .expect("the board's days");
    match found.as_str() {
        Some(day) => day.to_string(),
        None => panic!("the shop is closed all the week the board shows"),
    }
}

/// The demo shop books the next two weeks; the e2e bookings go in the fourth week from
/// now, a week the demo leaves empty.
pub const TEST_WEEKS_AHEAD: usize = 3;

/// Shows the week the e2e bookings go in, from the board's opening week.
pub async fn show_test_week(app: &App) {
    board_weeks_on(app, TEST_WEEKS_AHEAD).await;
}

/// Appointments → New booking: a new caller on `day` at `time` for an hour, saved; the
/// booking's number as its screen shows it.
pub async fn book_caller(app: &App, caller: (&str, &str, &str), day: &str, time: &str) -> String {
    fill_caller_booking(
        app,
        caller,
        (day, time, "1"),
        "60",
        "Oil and filter change, check the brakes",
    )
    .await;
    app.click("appt-save").await;
    let number = app.wait_text("appt-number", "APPT-").await;
    text_of(&number).await
}

/// Appointments → New booking, filled for a new caller on `(day, time, bay)` for `minutes`
/// and booked by Li Na; not saved.
pub async fn fill_caller_booking(
    app: &App,
    caller: (&str, &str, &str),
    (day, time, bay): (&str, &str, &str),
    minutes: &str,
    wanted: &str,
) {
    let (name, phone, plate) = caller;
    app.click("appt-new").await;
    app.wait_for("caller-name", TIMEOUT).await;
    app.type_into("caller-name", name).await;
    app.type_into("caller-phone", phone).await;
    app.type_into("caller-plate", plate).await;
    app.type_into("appt-date", day).await;
    app.type_into("appt-time", time).await;
    app.type_into("appt-duration", minutes).await;
    app.select("appt-bay", bay).await;
    app.type_into("appt-booked-by", "Li Na").await;
    app.type_into("appt-wanted", wanted).await;
}

/// The text of a PDF, as `pdftotext` reads it.
pub fn pdf_text(pdf: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    assert!(out.status.success(), "pdftotext reads {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}
