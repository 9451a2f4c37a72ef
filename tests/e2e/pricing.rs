//! Pricing a job at the desk, in the real window: the estimate built from a canned job
//! and two parts found by search, approved by the customer's signature and archived as a
//! PDF; a finding of the workshop refused by phone; and the car's next job offering the
//! refused work again.

mod harness;
mod steps;

use std::process::Command;

use fantoccini::Locator;

use harness::{squash, text_of, App, Options, TIMEOUT};
use steps::Vehicle;

const NAME: &str = "Wang Jianguo";
const PHONE: &str = "13766665555";
const PLATE: &str = "京A7P321";
/// A 16×12 PNG, the photo of the worn pad in the workshop's finding.
const PAD_PHOTO: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 16, 0, 0, 0, 12, 8, 2,
    0, 0, 0, 228, 133, 170, 214, 0, 0, 0, 21, 73, 68, 65, 84, 120, 218, 99, 56, 17, 160, 65, 18,
    98, 24, 213, 48, 170, 1, 59, 2, 0, 42, 120, 240, 1, 140, 97, 100, 135, 0, 0, 0, 0, 73, 69, 78,
    68, 174, 66, 96, 130,
];

/// Opens a job on the customer's car from their file and goes to its estimate.
async fn new_job_to_estimate(app: &App, complaint: &str) {
    app.click("new-job").await;
    app.type_into("field-complaint", complaint).await;
    app.type_into("field-advisor", "Li Wei").await;
    steps::choose_repair_category(app, "repair").await;
    app.click("save").await;
    app.wait_for("checklist", TIMEOUT).await;
    app.click("step-estimate").await;
    app.wait_for("price-search-input", TIMEOUT).await;
}

/// Types a fragment into a search box and takes the first hit with Enter.
async fn add_from_search(app: &App, testid: &str, fragment: &str, expect: &str) {
    app.type_into(&format!("{testid}-input"), fragment).await;
    app.wait_text(&format!("{testid}-hit"), expect).await;
    app.press_key(harness::Key::Enter).await;
}

async fn figure(app: &App, testid: &str) -> String {
    text_of(&app.find(testid).await).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_is_priced_approved_by_signature_and_refused_work_comes_back() {
    let test = "a_job_is_priced_approved_by_signature_and_refused_work_comes_back";
    let app = App::launch(Options::new(test).scratch(steps::demo_shop(test))).await;

    steps::create_person(&app, NAME, PHONE).await;
    steps::add_vehicle(
        &app,
        &Vehicle {
            plate: PLATE,
            vin: None,
            make: "Toyota",
            model: "Corolla",
            year: "2018",
        },
    )
    .await;
    new_job_to_estimate(&app, "保养，刹车有异响 (service due, brakes squeak)").await;

    // A canned job by its Chinese name, a part by its number without the dash, and one
    // by pinyin-free English: six lines, the wipers doubled in place.
    add_from_search(&app, "price-search", "小保养", "Minor service").await;
    app.wait_count("line-row", 4).await;
    add_from_search(&app, "price-search", "0446533471", "04465-33471").await;
    add_from_search(&app, "price-search", "wiper", "85242-02100").await;
    app.wait_count("line-row", 6).await;
    app.type_into("line-5-qty", "2").await;
    // 0.5 h × 180 + 4.5 L × 98 + 65 + 120 (minor service 716) + 480 pads + 2 × 78 wipers.
    app.wait_text("estimate-figures-total", "1,352.00").await;
    assert!(
        figure(&app, "estimate-figures-parts")
            .await
            .contains("1,262.00"),
        "parts are subtotalled apart from labour"
    );
    let saved = harness::Catalogue::load("en").get("job.saved");
    app.wait_text("estimate-save-state", &saved).await;
    app.screenshot("estimate-draft").await;

    // The customer signs on the pad: the version is approved, frozen and archived.
    app.draw(
        "estimate-signature-pad",
        &[&[
            (30.0, 70.0),
            (80.0, 30.0),
            (120.0, 80.0),
            (170.0, 35.0),
            (220.0, 75.0),
        ]],
    )
    .await;
    app.click("estimate-approve-button").await;
    app.wait_for("estimate-approval", TIMEOUT).await;
    app.wait_text("estimate-approved-amount", "1,352.00").await;
    assert!(
        app.find_all("price-search-input").await.is_empty(),
        "an approved version offers no edit"
    );
    app.screenshot("estimate-approved").await;
    let forms = app.data_dir().join("forms");
    let pdf = std::fs::read_dir(&forms)
        .expect("forms folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("estimate-v1"))
        .expect("the approved estimate is archived as a PDF");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout);
    for expected in [PLATE, "1,352.00", "04465-33471"] {
        assert!(
            squash(&text).contains(&squash(expected)),
            "the archived estimate shows {expected}:\n{text}"
        );
    }

    // The workshop finds worn rear pads; the customer declines on the phone.
    app.click("step-workshop").await;
    app.click("item-new").await;
    app.type_into("item-finding", "后刹车片磨损 Rear pads worn to 2 mm")
        .await;
    app.type_into("item-found-by", "Zhang").await;
    app.type_into("item-extra", "60").await;
    app.set_checked("item-safety", true).await;
    // A photo of the worn pad, as the tablet's camera hands it over.
    let photo = app.data_dir().with_file_name("rear-pad.png");
    std::fs::write(&photo, PAD_PHOTO).expect("write the photo");
    app.client()
        .find(Locator::Css(&harness::selector("item-photos-camera")))
        .await
        .expect("the hidden camera input is there")
        .send_keys(&photo.to_string_lossy())
        .await
        .expect("the camera input takes a file");
    app.wait_until("the photo's thumbnail", TIMEOUT, async || {
        let thumbs = app
            .client()
            .find_all(Locator::Css("[data-testid='item-photos'] img"))
            .await;
        thumbs.ok().filter(|t| !t.is_empty())
    })
    .await;
    add_from_search(&app, "item-search", "04466", "04466-33200").await;
    app.wait_count("item-line-row", 1).await;
    app.click("item-save").await;
    app.wait_for("item-answer", TIMEOUT).await;
    app.wait_until("the saved finding's photo", TIMEOUT, async || {
        let thumbs = app
            .client()
            .find_all(Locator::Css("[data-testid$='-photos'] img"))
            .await;
        thumbs.ok().filter(|t| t.len() == 1)
    })
    .await;
    app.screenshot("workshop-item").await;
    app.select("answer-channel", "phone").await;
    app.click("answer-declined").await;
    let declined = harness::Catalogue::load("en").get("proposal.declined");
    app.wait_text("item-status", &declined).await;
    app.wait_text("item-contacts", "Wang Jianguo").await;
    // The slip as it stood at the answer is archived, the refusal on it.
    let slip = std::fs::read_dir(&forms)
        .expect("forms folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("additional-items"))
        .expect("the additional-items slip is archived at the answer");
    let text = Command::new("pdftotext")
        .arg(&slip)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout);
    for expected in ["Rear pads worn", "420.00", "04466-33200"] {
        assert!(
            squash(&text).contains(&squash(expected)),
            "the slip shows {expected}:\n{text}"
        );
    }

    // The car's next job offers the declined work again; one click adds it.
    app.click("nav-today").await;
    app.type_into("search-input", "7p321").await;
    app.click("search-result").await;
    app.wait_text("customer-name", NAME).await;
    app.wait_text("vehicle-carry-over", "Rear pads worn").await;
    new_job_to_estimate(&app, "Rear brakes grinding").await;
    let offer = app.wait_text("carry-over", "Rear pads worn").await;
    assert!(
        text_of(&offer).await.contains("420.00"),
        "the offer carries the declined amount"
    );
    app.screenshot("carry-over-offered").await;
    app.click("carry-over-add").await;
    app.wait_until(
        "the declined part is on the new estimate",
        TIMEOUT,
        async || {
            for input in app.find_all("line-0-description").await {
                let value = input.prop("value").await.ok().flatten().unwrap_or_default();
                if value.contains("后刹车片") || value.contains("Rear") {
                    return Some(());
                }
            }
            None
        },
    )
    .await;
    app.wait_text("estimate-figures-total", "420.00").await;

    // Priced, not approved yet: Today lists it for the desk, one click from its estimate.
    app.click("nav-today").await;
    app.wait_text("tasks-estimatesWaiting", "7P321").await;
    app.screenshot("today-tasks").await;
    app.click_text("task-row", "7P321").await;
    app.wait_for("price-search-input", TIMEOUT).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_part_added_in_settings_is_priced_with_the_shop_s_tax() {
    let test = "a_part_added_in_settings_is_priced_with_the_shop_s_tax";
    let app = App::launch(Options::new(test).scratch(steps::demo_shop(test))).await;

    // Settings: 13 % tax added on parts, and a new part in the price list.
    app.click("nav-settings").await;
    app.wait_for("pricing-settings", TIMEOUT).await;
    app.type_into("pricing-partTax", "13").await;
    app.click("pricing-save").await;
    app.wait_for("pricing-status", TIMEOUT).await;
    app.click("prices-tab-part").await;
    app.click("prices-new").await;
    app.type_into("part-number", "BP-2024-01").await;
    app.type_into("part-name", "刹车片 Test pads").await;
    app.type_into("part-sell", "250").await;
    app.click("price-save").await;
    app.wait_for("prices-status", TIMEOUT).await;
    app.type_into("prices-filter", "bp202401").await;
    app.wait_count("price-row", 1).await;
    app.wait_text("price-row", "Test pads").await;
    app.screenshot("settings-price-list").await;

    steps::create_person(&app, "Zhou Min", "13655554444").await;
    steps::add_vehicle(
        &app,
        &Vehicle {
            plate: "沪A1B234",
            vin: None,
            make: "VW",
            model: "Lavida",
            year: "2020",
        },
    )
    .await;
    new_job_to_estimate(&app, "Brake pads").await;
    add_from_search(&app, "price-search", "BP2024", "BP-2024-01").await;
    // 250.00 net + 13 % = 32.50 tax: 282.50 to pay.
    app.wait_text("estimate-figures-total", "282.50").await;
    app.wait_text("estimate-figures", "32.50").await;
    // The same estimate in 简体中文: the trade's words on the screen.
    app.select("lang-switch", "zh-Hans").await;
    let zh = harness::Catalogue::load("zh-Hans");
    app.wait_text("step-estimate", &zh.get("job.step.estimate"))
        .await;
    app.screenshot("estimate-zh-Hans").await;
}
