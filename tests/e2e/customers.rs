//! Customer files made in the window: a Chinese name, both plate formats, a VIN whose
//! check digit is verified, duplicate phones caught, and everything kept across a restart.

mod harness;
mod steps;

use std::time::Duration;

use harness::{App, Options};
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
    app.click("save").await;
    steps::wait_plate(&app, PLATE).await;

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
