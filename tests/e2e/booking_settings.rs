//! The appointment book's settings and moving a booking, in the real window: a caller is
//! booked on the first open day of a week the demo shop leaves empty; in Settings a day
//! off is added (a wrong number of bays first shows its error by the field) and the bays
//! changed; the board shows that day closed and the new day's hours; the booking is moved
//! from its own screen to another day and time and the board shows it there; moving it
//! back onto a day that two long jobs fill (one in its bay) warns first, and is saved only when the desk
//! says so.

mod harness;
mod steps;

use harness::{App, Catalogue, Options, TIMEOUT};

const PLATE: &str = "沪B6K789";
const LONG_PLATE: &str = "苏E2P468";
const SHORT_PLATE: &str = "浙A3K579";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_day_off_closes_the_board_and_a_booking_moves_with_a_warning_onto_a_full_day() {
    let test = "a_day_off_closes_the_board_and_a_booking_moves_with_a_warning_onto_a_full_day";
    let app = App::launch(Options::new(test).scratch(steps::demo_shop(test))).await;
    let en = Catalogue::load("en");

    app.click("nav-appointments").await;
    steps::show_test_week(&app).await;
    let open = open_days(&app).await;
    assert!(
        open.len() >= 3,
        "three open days in the test week: {open:?}"
    );
    let (first, second, off) = (open[0].clone(), open[1].clone(), open[2].clone());

    // A caller booked on the first open day, 10:00, two hours, bay 1.
    steps::fill_caller_booking(
        &app,
        ("王芳", "13912345678", PLATE),
        (&first, "10:00", "1"),
        "120",
        "Brakes squeal when stopping",
    )
    .await;
    app.click("appt-save").await;
    let number = harness::text_of(&app.wait_text("appt-number", "APPT-").await).await;

    // Settings → the appointment book: a day off, and the bays.
    app.click("nav-settings").await;
    app.click("jump-booking-settings").await;
    app.wait_for("bookset-bays", TIMEOUT).await;
    app.type_into("bookset-dayoff-new", &off).await;
    app.click("bookset-dayoff-add").await;
    app.wait_for(&format!("bookset-dayoff-remove-{off}"), TIMEOUT)
        .await;
    app.type_into("bookset-bays", "0").await;
    app.click("bookset-save").await;
    app.wait_text("error-bays", &en.get("error.booking.bays"))
        .await;
    app.type_into("bookset-bays", "2").await;
    app.click("bookset-save").await;
    app.wait_text("bookset-status", &en.get("settings.saved"))
        .await;
    assert!(
        app.find_all("error-bays").await.is_empty(),
        "the error goes once the bays are right"
    );
    let panel = app.find("booking-settings").await;
    app.scroll_into_view(&panel).await;
    app.screenshot("booking-settings").await;

    // The board: the day off is closed, and a day holds two bays' hours.
    app.click("nav-appointments").await;
    steps::show_test_week(&app).await;
    app.wait_until("the day off closed on the board", TIMEOUT, async || {
        (day_attr(&app, &off, "open").await.as_deref() == Some("false")).then_some(())
    })
    .await;
    let hours = day_hours(&app, &first).await;
    let capacity = day_capacity_minutes(&hours);
    assert_eq!(
        bay_rows(&app).await,
        2,
        "the board has a row per bay, as set"
    );
    app.screenshot("board-day-off").await;

    // Move the booking from its screen to the second day, 14:00.
    open_booking(&app, &number).await;
    app.click("appt-move").await;
    app.wait_text("move-number", &number).await;
    app.type_into("appt-date", &second).await;
    app.type_into("appt-time", "14:00").await;
    app.type_into("appt-changed-by", "Li Na").await;
    app.screenshot("move-form").await;
    app.click("appt-save").await;
    app.wait_text("appt-changed", "Li Na").await;
    app.wait_text("appt-when", "14:00").await;
    app.screenshot("moved-booking").await;
    app.click("nav-appointments").await;
    steps::show_test_week(&app).await;
    app.wait_until("the booking on its new day", TIMEOUT, async || {
        (booking_day(&app, &number).await.as_deref() == Some(second.as_str())).then_some(())
    })
    .await;

    // Two long jobs fill the first day to an hour short of its hours (bay 2 the whole
    // day, bay 1 all but an hour); moving the two-hour booking back onto it warns before
    // saving.
    let bay_day = capacity / 2;
    steps::fill_caller_booking(
        &app,
        ("赵磊", "13800138000", LONG_PLATE),
        (&first, "08:30", "2"),
        &bay_day.to_string(),
        "Brakes squeal when stopping",
    )
    .await;
    app.click("appt-save").await;
    app.wait_text("appt-number", "APPT-").await;
    app.click("nav-appointments").await;
    steps::show_test_week(&app).await;
    let short = (bay_day - 60).to_string();
    steps::fill_caller_booking(
        &app,
        ("钱进", "13700137000", SHORT_PLATE),
        (&first, "08:30", "1"),
        &short,
        "Brakes squeal when stopping",
    )
    .await;
    app.click("appt-save").await;
    app.wait_text("appt-number", "APPT-").await;
    app.click("nav-appointments").await;
    steps::show_test_week(&app).await;
    open_booking(&app, &number).await;
    app.click("appt-move").await;
    app.wait_text("move-number", &number).await;
    app.type_into("appt-date", &first).await;
    app.type_into("appt-changed-by", "Li Na").await;
    app.click("appt-save").await;
    app.wait_for("appt-overfill", TIMEOUT).await;
    // Bay 1 holds the other long job then, and the warning says that too.
    app.wait_for("appt-bay-taken", TIMEOUT).await;
    app.screenshot("move-overfill-warning").await;
    assert_eq!(
        app.text("appt-book-anyway").await,
        en.get("appt.move_anyway")
    );
    app.click("appt-book-anyway").await;
    app.wait_text("appt-changed", "Li Na").await;
    app.click("nav-appointments").await;
    steps::show_test_week(&app).await;
    app.wait_until("the booking back on the full day", TIMEOUT, async || {
        (booking_day(&app, &number).await.as_deref() == Some(first.as_str())).then_some(())
    })
    .await;
    assert!(
        day_hours(&app, &first)
            .await
            .starts_with(&format!("{} /", (capacity + 60) / 60)),
        "the day shows an hour over its hours"
    );
    app.screenshot("board-overfilled").await;
}

/// Opens the booking `number` from the board.
async fn open_booking(app: &App, number: &str) {
    let what = format!("booking {number} on the board");
    app.wait_until(&what, TIMEOUT, async || {
        booking_day(app, number).await.map(|_| ())
    })
    .await;
    let script = "document.querySelector(`[data-testid=\"board-booking\"][data-number=\"${arguments[0]}\"]`).click();";
    app.client()
        .execute(script, vec![number.into()])
        .await
        .expect("the booking opens");
    app.wait_text("appt-number", number).await;
}

/// The day column the booking `number` shows in, read off the board.
async fn booking_day(app: &App, number: &str) -> Option<String> {
    let script = "const b = document.querySelector(`[data-testid=\"board-booking\"][data-number=\"${arguments[0]}\"]`);
         if (!b) return null;
         const cells = [...b.parentElement.parentElement.children].filter(c => c.classList.contains('cell'));
         const days = [...document.querySelectorAll('[data-testid=\"board-day\"]')].map(d => d.dataset.day);
         const i = cells.indexOf(b.parentElement);
         return i < 0 ? null : days[i % days.length];";
    let found = app
        .client()
        .execute(script, vec![number.into()])
        .await
        .ok()?;
    found.as_str().map(str::to_string)
}

/// An attribute of a day's head on the board (`open`, `day`).
async fn day_attr(app: &App, day: &str, attr: &str) -> Option<String> {
    let script = "const d = document.querySelector(`[data-testid=\"board-day\"][data-day=\"${arguments[0]}\"]`);
         return d ? d.dataset[arguments[1]] : null;";
    let found = app
        .client()
        .execute(script, vec![day.into(), attr.into()])
        .await
        .ok()?;
    found.as_str().map(str::to_string)
}

/// The load a day's head shows: "booked / available h".
async fn day_hours(app: &App, day: &str) -> String {
    let script = "const d = document.querySelector(`[data-testid=\"board-day\"][data-day=\"${arguments[0]}\"] [data-testid=\"board-load\"]`);
         return d ? d.textContent.trim() : '';";
    let found = app
        .client()
        .execute(script, vec![day.into()])
        .await
        .expect("the day's load");
    found.as_str().unwrap_or_default().to_string()
}

/// The available minutes in a load "2 / 18 h".
fn day_capacity_minutes(load: &str) -> u32 {
    let available = load
        .split('/')
        .nth(1)
        .map(|s| s.trim().trim_end_matches('h').trim())
        .unwrap_or_default();
    let hours: f64 = available
        .parse()
        .unwrap_or_else(|_| panic!("the load {load:?} names the day's hours"));
    (hours * 60.0).round() as u32
}

/// How many bay rows the board has.
async fn bay_rows(app: &App) -> usize {
    let found = app
        .client()
        .execute(
            "return document.querySelectorAll('[data-testid=\"week-board\"] .bayhead').length;",
            vec![],
        )
        .await
        .expect("the bay rows");
    found.as_u64().unwrap_or_default() as usize
}

/// The board's open days, in order.
async fn open_days(app: &App) -> Vec<String> {
    let found = app
        .client()
        .execute(
            "return [...document.querySelectorAll('[data-testid=\"board-day\"]')]
                 .filter(d => d.dataset.open === 'true').map(d => d.dataset.day);",
            vec![],
        )
        .await
        .expect("the board's days");
    found
        .as_array()
        .map(|days| {
            days.iter()
                .filter_map(|d| d.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}
