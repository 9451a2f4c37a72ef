//! The month's target and a figure's band in the real window (issue 21): in Settings →
//! Targets a month that does not exist shows its error by the field; the supervisor's PIN
//! is asked, a wrong one is refused on the PIN form and nothing is saved; with her PIN
//! (typed and sent with Enter) the month's cars and money are saved; a band whose red is
//! better than its green shows its error by the field, and the right one is saved and
//! listed. Checked at 1366×768.

mod harness;
mod steps;

use harness::{App, Catalogue, Key, Options, TIMEOUT};

const PIN: &str = "246813";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_supervisor_sets_a_months_target_and_a_band_and_a_wrong_pin_is_refused() {
    let test = "the_supervisor_sets_a_months_target_and_a_band_and_a_wrong_pin_is_refused";
    let app = App::launch(Options::new(test).scratch(steps::demo_shop(test))).await;
    let en = Catalogue::load("en");
    steps::add_supervisor(&app, PIN).await;

    app.click("jump-targets-panel").await;
    app.wait_for("target-cars", TIMEOUT).await;
    app.type_into("target-month", "2026-13").await;
    app.type_into("target-cars", "40").await;
    app.type_into("target-money", "300000").await;
    app.click("target-save").await;
    app.wait_text("error-month", &en.get("error.target.month"))
        .await;

    // The right month: the supervisor is asked, and a wrong PIN is refused.
    app.type_into("target-month", "2026-03").await;
    app.type_into("target-cars", "40").await;
    app.type_into("target-money", "300000").await;
    app.click("target-save").await;
    app.wait_for("supervisor-word", TIMEOUT).await;
    assert!(
        app.find_all("error-month").await.is_empty(),
        "the month's error goes once it is right"
    );
    app.type_into("word-pin", "111111").await;
    app.click("word-confirm").await;
    app.wait_for("word-error", TIMEOUT).await;
    assert!(
        app.find_all("targets-status").await.is_empty(),
        "nothing saved on a wrong PIN"
    );
    app.screenshot("wrong-pin").await;

    // Her PIN, sent from the keyboard.
    app.type_into("word-pin", PIN).await;
    app.press_key(Key::Enter).await;
    app.wait_text("targets-status", &en.get("targets.saved"))
        .await;
    assert!(app.find_all("supervisor-word").await.is_empty());

    // A band: red better than green is refused by the field; then the right one.
    app.select("band-figure", "first_time_fix").await;
    app.type_into("band-green", "70").await;
    app.type_into("band-red", "90").await;
    app.set_checked("band-higher", true).await;
    app.click("band-save").await;
    app.wait_text("error-red", &en.get("error.band.order"))
        .await;
    app.type_into("band-green", "90").await;
    app.type_into("band-red", "70").await;
    app.click("band-save").await;
    app.wait_for("supervisor-word", TIMEOUT).await;
    app.type_into("word-pin", PIN).await;
    app.click("word-confirm").await;
    let row = app.wait_text("band-row-first_time_fix", "90").await;
    assert!(harness::text_of(&row).await.contains("70"));
    app.scroll_into_view(&app.find("targets-panel").await).await;
    app.screenshot("targets").await;
    app.assert_layout_fits("the targets panel").await;

    // Read back after leaving Settings: the month's target stays.
    app.click("nav-today").await;
    app.click("nav-settings").await;
    app.click("jump-targets-panel").await;
    app.type_into("target-month", "2026-03").await;
    app.press_key(Key::Tab).await;
    app.wait_until("the saved target shown", TIMEOUT, async || {
        let cars = app
            .client()
            .execute(
                "return document.querySelector('[data-testid=\"target-cars\"]').value",
                vec![],
            )
            .await
            .ok()?;
        (cars.as_str() == Some("40")).then_some(())
    })
    .await;
}
