//! Customer care in the real window: an odometer typo is questioned as it is typed and
//! kept only on the desk's word; a customer due for a service shows on Today's list, is
//! reminded from there and leaves it; a lost customer's reason is recorded and counted;
//! the customer file shows the vehicle's kind, purchase and dealer and its next service.

mod harness;
mod steps;

use harness::{text_of, App, Catalogue, Options};
use steps::Vehicle;

const NAME: &str = "周建华";
const PHONE: &str = "13512345678";
const PLATE: &str = "粤A88123";
/// Long enough ago that the car is overdue and the customer, seen then, is lost.
const LONG_AGO: &str = "2024-01-15";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_typo_is_questioned_a_due_customer_is_reminded_and_a_lost_one_asked_why() {
    let test = "a_typo_is_questioned_a_due_customer_is_reminded_and_a_lost_one_asked_why";
    let app = App::launch(Options::new(test)).await;
    let en = Catalogue::load("en");
    steps::create_person(&app, NAME, PHONE).await;
    steps::add_vehicle(
        &app,
        &Vehicle {
            plate: PLATE,
            vin: None,
            make: "Toyota",
            model: "RAV4",
            year: "2021",
        },
    )
    .await;

    // Two true readings: 30,000 km long ago, 60,000 km today.
    add_reading(&app, Some(LONG_AGO), "30000").await;
    app.wait_gone("reading-value", harness::TIMEOUT).await;
    add_reading(&app, None, "60000").await;
    app.wait_gone("reading-value", harness::TIMEOUT).await;
    app.wait_text("vehicle-odometer", "60,000").await;

    // An extra zero: questioned next to the field, kept only when the desk confirms.
    add_reading(&app, None, "600000").await;
    app.wait_text(
        "error-reading",
        &en.get("error.care.odometer_doubtful_jump"),
    )
    .await;
    app.wait_text("reading-save", &en.get("care.reading.keep"))
        .await;
    app.screenshot("typo-questioned").await;
    app.click("reading-save").await;
    app.wait_gone("reading-value", harness::TIMEOUT).await;

    // The file's care: kind, purchase date and dealer, the next service (estimated).
    app.click("care-edit").await;
    app.select("care-kind", "suv").await;
    app.type_into("care-purchase", "2021-05-01").await;
    app.type_into("care-dealer", "广州骏达丰田4S店").await;
    app.click("care-save").await;
    app.wait_text("care-kind-shown", &en.get("care.kind.suv"))
        .await;
    app.wait_text("care-purchase-shown", "广州骏达丰田4S店")
        .await;
    let next = app.wait_text("care-next-due", "≈").await;
    assert!(
        text_of(&next).await.contains("35,000"),
        "the interval runs from the first reading, the kept typo moves nothing"
    );

    // A walk-in long ago, and nothing since: the customer is lost.
    app.click("contact-add").await;
    app.select("contact-kind", "walk_in").await;
    app.type_into("contact-date", LONG_AGO).await;
    app.type_into("contact-note", "asked about tyres").await;
    app.click("contact-save").await;
    app.wait_text("contact-row", "asked about tyres").await;
    app.screenshot("customer-file").await;

    // Today lists the overdue car with the phone; "Reminded" takes it off the list.
    app.click("nav-today").await;
    let row = app.wait_text("due-row", PLATE).await;
    assert!(
        text_of(&row).await.contains(PHONE),
        "the phone to call is on the row"
    );
    assert_eq!(
        row.attr("data-band").await.ok().flatten().as_deref(),
        Some("overdue_long")
    );
    app.screenshot("today-due").await;
    let remind = app.within(&row, "record-reminder").await;
    let button = remind
        .into_iter()
        .next()
        .expect("a Reminded button on the row");
    app.scroll_into_view(&button).await;
    button.click().await.expect("Reminded clicked");
    app.wait_gone("due-row", harness::TIMEOUT).await;

    // Customer care → Lost customers: the reason asked on the call is recorded and counted.
    app.click("nav-customer-care").await;
    app.click("care-tab-lost").await;
    app.wait_text("lost-row", NAME).await;
    app.click("lost-ask").await;
    app.select("lost-reason", "price").await;
    app.click("lost-save").await;
    app.wait_text("lost-row-reason", &en.get("care.lost.price"))
        .await;
    app.wait_text("lost-reason-price", "1").await;
    app.screenshot("lost-customers").await;
}

async fn add_reading(app: &App, date: Option<&str>, value: &str) {
    app.click("add-reading").await;
    app.type_into("reading-value", value).await;
    if let Some(date) = date {
        app.type_into("reading-date", date).await;
    }
    app.click("reading-save").await;
}
