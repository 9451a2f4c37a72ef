//! The appointment book in the real window: a new caller books by phone for the next
//! working day with parts to prepare and pays half their price as a deposit (receipt
//! shown); the reminder call is recorded as confirmed; a second booking in the bay the
//! first holds then is warned about before it is saved and booked anyway, its deposit
//! below half the parts' price taken with the supervisor's PIN; on arrival the booking
//! becomes a job and the settle step shows the deposit as applied. The app's clock is the
//! machine's, so the booking is made for the first open day after today.

mod harness;
mod steps;

use harness::{App, Catalogue, Key, Options, TIMEOUT};

const PLATE: &str = "沪B6K789";
const SECOND_PLATE: &str = "苏E2P468";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_booking_with_a_deposit_is_reminded_arrives_and_its_deposit_is_applied() {
    let test = "a_phone_booking_with_a_deposit_is_reminded_arrives_and_its_deposit_is_applied";
    let app = App::launch(Options::new(test).scratch(steps::demo_shop(test))).await;
    let en = Catalogue::load("en");
    steps::add_supervisor(&app, "246813").await;

    app.click("nav-appointments").await;
    app.wait_for("week-board", TIMEOUT).await;
    let day = open_day_past_the_demo_book(&app).await;

    // The caller: name, phone and plate only; at 10:00 on that day, two hours, bay 1.
    app.click("appt-new").await;
    app.wait_for("caller-name", TIMEOUT).await;
    app.type_into("caller-name", "王芳").await;
    app.type_into("caller-phone", "13912345678").await;
    app.type_into("caller-plate", PLATE).await;
    app.type_into("appt-date", &day).await;
    app.type_into("appt-time", "10:00").await;
    app.type_into("appt-duration", "120").await;
    app.type_into("appt-booked-by", "Li Na").await;
    app.type_into("appt-wanted", "Brakes squeal when stopping, front left")
        .await;
    app.click("part-add").await;
    app.type_into("part-description", "Front brake pads").await;
    app.type_into("part-qty", "1").await;
    app.type_into("part-price", "480.00").await;
    app.set_checked("appt-handbook", true).await;
    app.screenshot("booking-form").await;
    app.click("appt-save").await;

    // Booked: the appointment's own screen, with its number.
    let number = app.wait_text("appt-number", "APPT-").await;
    let number = harness::text_of(&number).await;
    app.wait_text("appt-status", &en.get("appt.status.booked"))
        .await;

    // The deposit: exactly half the parts' price needs no supervisor; a receipt number.
    app.wait_text("deposit-parts", "480.00").await;
    app.select("deposit-method", "cash").await;
    app.type_into("deposit-amount", "240.00").await;
    app.type_into("deposit-tendered", "300.00").await;
    app.click("deposit-take").await;
    let receipt = app.wait_text("deposit-receipt", &number).await;
    let receipt = harness::text_of(&receipt).await;
    assert_eq!(
        receipt,
        format!("{number}-D"),
        "the deposit's receipt carries the booking's number"
    );
    assert!(
        app.find_all("supervisor-word").await.is_empty(),
        "half the parts' price is enough without the supervisor"
    );

    // The reminder call: confirmed, with a note.
    app.set_checked("call-confirmed", true).await;
    app.type_into("call-note", "Will bring the handbook").await;
    app.click("call-record").await;
    app.wait_text("call-row", "Will bring the handbook").await;
    app.wait_text("appt-status", &en.get("appt.status.confirmed"))
        .await;
    app.screenshot("appointment-booked").await;

    // A second booking in the bay the first holds at that time is warned about before
    // saving (a day is no longer overfilled by one long job: it carries on into the next
    // open days).
    app.click("nav-appointments").await;
    app.wait_for("week-board", TIMEOUT).await;
    app.click("appt-new").await;
    app.wait_for("caller-name", TIMEOUT).await;
    app.type_into("caller-name", "赵磊").await;
    app.type_into("caller-phone", "13800138000").await;
    app.type_into("caller-plate", SECOND_PLATE).await;
    app.type_into("appt-date", &day).await;
    app.type_into("appt-time", "11:00").await;
    app.type_into("appt-duration", "2160").await;
    app.type_into("appt-booked-by", "Li Na").await;
    app.type_into("appt-wanted", "Engine overhaul").await;
    app.click("part-add").await;
    app.type_into("part-description", "Gasket set").await;
    app.type_into("part-qty", "1").await;
    app.type_into("part-price", "1000.00").await;
    app.click("appt-save").await;
    // Bay 1 at 11:00 is the first booking's (10:00 for two hours).
    app.wait_text("appt-bay-taken", &number).await;
    app.screenshot("bay-taken-warning").await;
    app.click("appt-book-anyway").await;
    app.wait_text("appt-number", "APPT-").await;

    // Less than half the parts' price: the supervisor's PIN is asked, as on the settle step.
    app.select("deposit-method", "transfer").await;
    app.type_into("deposit-amount", "100.00").await;
    app.click("deposit-take").await;
    app.wait_for("supervisor-word", TIMEOUT).await;
    app.type_into("word-pin", "246813").await;
    app.click("word-confirm").await;
    app.wait_text("deposit-allowed-by", "Chen Jing").await;
    app.wait_text("deposit-receipt", "-D").await;

    // The board shows both on the day; then the day list.
    app.click("nav-appointments").await;
    steps::show_test_week(&app).await;
    app.wait_count("board-booking", 2).await;
    app.screenshot("week-board").await;
    // Keyboard first: B focuses the first booking, the arrow goes to the next in its day,
    // Enter opens it, Escape comes back to the board.
    app.press_keys(&['b']).await;
    app.press_key(Key::Down).await;
    app.press_key(Key::Enter).await;
    app.wait_text("appt-plate", SECOND_PLATE).await;
    app.press_key(Key::Escape).await;
    app.wait_for("week-board", TIMEOUT).await;
    app.click("view-day").await;
    app.click(&format!("day-tab-{day}")).await;
    app.wait_text("day-row", PLATE).await;
    app.wait_text("day-call", &en.get("appt.outcome.confirmed"))
        .await;
    app.screenshot("day-list").await;

    // The car arrives: one action opens the job; the settle step shows the deposit.
    app.click_text("day-row", PLATE).await;
    app.wait_for("appt-arrive", TIMEOUT).await;
    app.type_into("arrive-advisor", "Li Na").await;
    app.click("appt-arrive").await;
    app.wait_for("step-settle", TIMEOUT).await;
    app.click("step-settle").await;
    let shown = app.wait_text("settle-deposit", "240.00").await;
    let shown = harness::text_of(&shown).await;
    assert!(
        shown.contains(&receipt),
        "the settle step names the deposit's receipt: {shown}"
    );
    app.wait_text("settle-paid", "240.00").await;
    app.wait_for("receipt-open-0", TIMEOUT).await;
    assert!(
        app.find_all("void-0").await.is_empty(),
        "the deposit carried onto the job is refunded, never voided: no Void… on its row"
    );
    app.screenshot("settle-deposit").await;
}

/// The first open day of the test's week, read off the week board.
async fn open_day_past_the_demo_book(app: &App) -> String {
    steps::show_test_week(app).await;
    steps::first_open_day_on_board(app).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_appointment_book_fits_a_full_hd_screen() {
    let test = "the_appointment_book_fits_a_full_hd_screen";
    let app = App::launch(
        Options::new(test)
            .screen(1920, 1080)
            .scratch(steps::demo_shop(test)),
    )
    .await;
    if let Err(e) = app.client().set_window_rect(0, 0, 1920, 1080).await {
        eprintln!("e2e: could not resize the window to 1920x1080: {e}");
    }
    // A customer of the demo shop, as Today lists them.
    app.wait_for("recent-row", TIMEOUT).await;
    let name = app
        .client()
        .execute(
            "return document.querySelector('[data-testid=\"recent-row\"] .name').textContent.trim()",
            vec![],
        )
        .await
        .expect("a recent customer's name");
    let name = name.as_str().unwrap_or_default().to_string();
    app.click("nav-appointments").await;
    app.wait_for("week-board", TIMEOUT).await;
    app.assert_layout_fits("week-board").await;
    app.screenshot("week-board-1080").await;
    // N opens a new booking from the keyboard.
    app.press_keys(&['n']).await;
    app.wait_for("caller-name", TIMEOUT).await;
    app.click("who-file").await;
    app.type_into("who-search", &name).await;
    app.wait_for("who-result", TIMEOUT).await;
    app.press_key(harness::Key::Enter).await;
    app.wait_text("who-chosen", &name).await;
    app.wait_for("who-vehicle", TIMEOUT).await;
    app.assert_layout_fits("booking-form").await;
    app.screenshot("booking-form-1080").await;

    // In Chinese the board's words are the shop's own.
    app.select("lang-switch", "zh-Hans").await;
    app.click("nav-appointments").await;
    app.wait_text("page-title", "预约").await;
    app.assert_layout_fits("week-board").await;
    app.screenshot("week-board-zh-1080").await;
}
