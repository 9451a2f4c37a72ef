//! The global search finds a customer the way the front desk asks for them: a piece of the
//! plate typed loosely, a piece of the phone number, or the pinyin initials of the name.

mod harness;
mod steps;

use harness::{squash, text_of, App, Key, Options, TIMEOUT};
use steps::Vehicle;

const NAME: &str = "王小明";
const PHONE: &str = "13912345678";
const OTHER_PHONE: &str = "13700009999";

/// Types `query` into the search box and waits until the results show the customer with
/// `PHONE` and not the other one; returns that result's customer id.
async fn search_finds_only_wang(app: &App, query: &str) -> String {
    app.type_into("search-input", query).await;
    let what = format!("search results for {query:?} showing {PHONE} and not {OTHER_PHONE}");
    let (id, text) = app
        .wait_until(&what, TIMEOUT, async || {
            let mut found = None;
            for result in app.find_all("search-result").await {
                let text = squash(&text_of(&result).await);
                if text.contains(OTHER_PHONE) {
                    return None;
                }
                if text.contains(PHONE) {
                    let id = result.attr("data-customer-id").await.ok().flatten()?;
                    found = Some((id, text));
                }
            }
            found
        })
        .await;
    assert!(!id.is_empty(), "a search result names its customer id");
    assert!(
        text.contains(&squash("粤B12345")),
        "a search result lists the customer's plates: {text}"
    );
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_is_found_by_plate_fragment_phone_fragment_and_pinyin_initials() {
    let app = App::launch(Options::new(
        "a_customer_is_found_by_plate_fragment_phone_fragment_and_pinyin_initials",
    ))
    .await;
    steps::create_person(&app, NAME, PHONE).await;
    for (plate, make, model) in [
        ("粤B12345", "Toyota", "Corolla"),
        ("粤BD12345", "BYD", "Han"),
    ] {
        let vehicle = Vehicle {
            plate,
            vin: None,
            make,
            model,
            year: "2021",
        };
        steps::add_vehicle(&app, &vehicle).await;
    }
    // Someone whose name, phone and plate match none of the queries below.
    steps::create_person(&app, "李建国", OTHER_PHONE).await;
    steps::add_vehicle(
        &app,
        &Vehicle {
            plate: "京A99999",
            vin: None,
            make: "Honda",
            model: "Accord",
            year: "2018",
        },
    )
    .await;

    let by_plate = search_finds_only_wang(&app, "b 123").await;
    let by_phone = search_finds_only_wang(&app, "2345678").await;
    let by_initials = search_finds_only_wang(&app, "wxm").await;
    assert_eq!(
        by_plate, by_phone,
        "plate and phone lead to the same customer"
    );
    assert_eq!(
        by_plate, by_initials,
        "plate and pinyin initials lead to the same customer"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_k_and_f3_put_the_cursor_in_the_search_box() {
    let app = App::launch(Options::new(
        "ctrl_k_and_f3_put_the_cursor_in_the_search_box",
    ))
    .await;
    let focused = async || {
        let active = app.client().active_element().await.ok()?;
        active.attr("data-testid").await.ok().flatten()
    };
    for keys in [vec![Key::Control.into(), 'k'], vec![Key::F3.into()]] {
        // Clicking the heading takes the focus away from wherever it was.
        app.click("page-title").await;
        app.press_keys(&keys).await;
        app.wait_until("the search box to have the focus", TIMEOUT, async || {
            (focused().await.as_deref() == Some("search-input")).then_some(())
        })
        .await;
    }
}
