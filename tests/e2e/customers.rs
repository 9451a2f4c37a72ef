//! Customer files made in the window: a Chinese name, both plate formats, a VIN whose
//! check digit is verified, the car's kind, purchase date and dealer typed on the vehicle
//! form (a purchase in the future refused next to its field), duplicate phones caught, and
//! everything kept across a restart.

mod harness;
mod steps;

use std::time::Duration;

use harness::{App, Catalogue, Options};
use steps::{with_check_digit, Vehicle};

const NAME: &str = "王小明";
const PHONE: &str = "13912345678";
const PLATE: &str = "粤B12345";
const NEW_ENERGY_PLATE: &str = "粤BD12345";

#[test]
fn the_vin_check_digit_of_a_known_vin_is_computed() {
    // The textbook example of ISO 3779: its check digit is X.
    assert_eq!(with_check_digit("1M8GDM9A0KP042788"), "1M8GDM9AXKP042788");
    assert_eq!(with_check_digit("1M8GDM9AXKP042788"), "1M8GDM9AXKP042788");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_with_a_chinese_name_and_two_vehicles_is_kept_after_a_restart() {
    let mut app = App::launch(Options::new(
        "a_customer_with_a_chinese_name_and_two_vehicles_is_kept_after_a_restart",
    ))
    .await;
    steps::create_person(&app, NAME, PHONE).await;

    let vin = with_check_digit("LSVAU2180N2183294");
    let wrong_digit = if vin.as_bytes()[8] == b'1' { "2" } else { "1" };
    let wrong_vin = format!("{}{wrong_digit}{}", &vin[..8], &vin[9..]);
    app.click("add-vehicle").await;
    app.type_into("field-vin", &wrong_vin).await;
    app.wait_for("warning-vin", Duration::from_secs(5)).await;
    steps::fill_vehicle(
        &app,
        &Vehicle {
            plate: PLATE,
            vin: Some(&vin),
            make: "Volkswagen",
            model: "Lavida",
            year: "2022",
        },
    )
    .await;
    app.wait_gone("warning-vin", Duration::from_secs(5)).await;
    let en = Catalogue::load("en");
    app.select("field-kind", "suv").await;
    app.type_into("field-dealer", "广州骏达大众4S店").await;
    app.type_into("field-purchase-date", "2099-05-01").await;
    app.click("save").await;
    app.wait_text("error-purchaseDate", &en.get("error.care.date"))
        .await;
    app.type_into("field-purchase-date", "2022-05-01").await;
    app.click("save").await;
    steps::wait_plate(&app, PLATE).await;
    app.wait_text("care-kind-shown", &en.get("care.kind.suv"))
        .await;

    steps::add_vehicle(
        &app,
        &Vehicle {
            plate: NEW_ENERGY_PLATE,
            vin: None,
            make: "BYD",
            model: "Han",
            year: "2023",
        },
    )
    .await;

    app.restart().await;
    app.wait_text("recent-row", NAME).await;
    app.screenshot("after-restart").await;
    steps::open_customer(&app, NAME).await;
    steps::wait_plate(&app, PLATE).await;
    steps::wait_plate(&app, NEW_ENERGY_PLATE).await;
    let plates = steps::plates_shown(&app).await;
    assert_eq!(
        plates.len(),
        2,
        "the customer has exactly the two vehicles added before the restart: {plates:?}"
    );
    app.wait_text("care-purchase-shown", "广州骏达大众4S店")
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_customer_with_the_same_phone_is_shown_the_existing_one() {
    let app = App::launch(Options::new(
        "a_second_customer_with_the_same_phone_is_shown_the_existing_one",
    ))
    .await;
    steps::create_person(&app, NAME, PHONE).await;

    steps::open_new_customer_form(&app).await;
    steps::fill_person(&app, "王晓明", PHONE).await;
    app.click("save").await;
    app.wait_text("duplicate-notice", NAME).await;
    app.find("create-anyway").await;
    app.click("open-existing").await;
    app.wait_text("customer-name", NAME).await;
}
