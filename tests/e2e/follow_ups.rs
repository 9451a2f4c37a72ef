//! Follow-up calls in the real window (issue 20): Today lists the calls due; one is
//! opened from there, the customer is reached and unhappy (score 2, the car not right);
//! the panel offers a check, which opens the new-appointment form filled for that car and
//! job; once booked, the booking is on the appointment board and the call shows it.

mod harness;
mod steps;

use harness::{App, Catalogue, Options, TIMEOUT};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unhappy_customer_called_from_today_gets_a_comeback_check_booked() {
    let test = "an_unhappy_customer_called_from_today_gets_a_comeback_check_booked";
    let app = App::launch(Options::new(test).scratch(steps::demo_shop_of(test, 40))).await;
    let en = Catalogue::load("en");

    // The day the check goes in: the first open day of a week the demo leaves empty.
    app.click("nav-appointments").await;
    steps::show_test_week(&app).await;
    let day = steps::first_open_day_on_board(&app).await;

    // Today: the follow-up calls due, the first opened.
    app.click("nav-today").await;
    app.wait_for("today-follow-ups", TIMEOUT).await;
    app.assert_layout_fits("today with follow-up calls").await;
    app.click("today-follow-up-open").await;
    app.wait_for("fu-call-panel", TIMEOUT).await;
    app.wait_for("fu-record", TIMEOUT).await;
    app.set_checked("fu-reached-yes", true).await;
    app.select("fu-car-runs", "not_right").await;
    app.set_checked("fu-score-2", true).await;
    app.type_into("fu-words", "The brakes still squeal when cold")
        .await;
    app.type_into("fu-called-by", "Li Na").await;
    app.assert_layout_fits("the call panel").await;
    app.screenshot("follow-up-call").await;
    app.click("fu-record").await;

    // Unhappy: a check is offered, and booked with the form filled for the car.
    app.wait_text("fu-call-row", "The brakes still squeal when cold")
        .await;
    app.wait_for("fu-offer", TIMEOUT).await;
    app.click("fu-book-check").await;
    let wanted = app.wait_for("appt-wanted", TIMEOUT).await;
    let purpose = wanted
        .prop("value")
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    let prefix = en.get("fu.check_purpose").replace("{number}", "");
    assert!(
        purpose.starts_with(prefix.trim_end()) && purpose.contains("-"),
        "the purpose names the follow-up check of the job: {purpose:?}"
    );
    app.type_into("appt-date", &day).await;
    app.type_into("appt-time", "10:00").await;
    app.type_into("appt-duration", "60").await;
    app.select("appt-bay", "1").await;
    app.type_into("appt-booked-by", "Li Na").await;
    app.click("appt-save").await;
    let number = app.wait_text("appt-number", "APPT-").await;
    let number = harness::text_of(&number).await;

    // The booking is in the book, and the call names it.
    app.click("nav-appointments").await;
    steps::show_test_week(&app).await;
    let on_board = app.find_all("board-booking").await;
    let mut found = false;
    for b in on_board {
        if b.attr("data-number").await.ok().flatten().as_deref() == Some(number.as_str()) {
            found = true;
        }
    }
    assert!(found, "the check {number} is on the appointment board");
    app.click("nav-follow-ups").await;
    app.click("fu-tab-done").await;
    app.click("fu-open").await;
    app.wait_text("fu-booked", &number).await;
    app.screenshot("follow-up-booked").await;
}
