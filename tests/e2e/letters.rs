//! Follow-up letters in the real window: two Volvo owners are filed (one without an
//! address); in Letters the seasonal-check template is chosen, the group narrowed to the
//! Volvos, the preview counts one letter and lists the other customer as "no address";
//! the mailing is sent and printed, appears in the letter register, and the letters and
//! the register are saved and read back.

mod harness;
mod steps;

use std::path::{Path, PathBuf};

use harness::{squash, text_of, App, Catalogue, Options, TIMEOUT};

const WITH_ADDRESS: &str = "周晓梅";
const ADDRESS: &str = "杭州市西湖区文三路 90 号 2 单元 301";
const WITHOUT_ADDRESS: &str = "Tom Baker";

/// Answers the save dialog with `folder`, clicks `button`, waits for the message naming
/// the file, and keeps a copy with the test's artifacts.
async fn save_pdf(app: &App, folder: &Path, button: &str, message: &str, name: &str) -> PathBuf {
    std::fs::create_dir_all(folder).expect("the folder to save into");
    app.answer_next_dialog(folder);
    app.click(button).await;
    // The message says "Saved" with the file once written (the earlier one said
    // "opened" with the same file name).
    let saved = Catalogue::load("en")
        .get("print.saved")
        .replace("{path}", "");
    let path = folder.join(name);
    let what = format!("{message} to say {saved}…{name}");
    let shown = app
        .wait_until(&what, TIMEOUT, async || {
            let text = app.text(message).await;
            (text.contains(saved.trim()) && text.contains(name)).then_some(text)
        })
        .await;
    assert!(
        path.is_file(),
        "the window said it saved {shown}: {}",
        path.display()
    );
    let _ = std::fs::copy(&path, app.artifacts_dir().join(name));
    path
}

async fn file_customer(app: &App, name: &str, phone: &str, address: &str, car: steps::Vehicle<'_>) {
    steps::open_new_customer_form(app).await;
    steps::fill_person(app, name, phone).await;
    if !address.is_empty() {
        app.type_into("field-address", address).await;
    }
    app.click("save").await;
    app.wait_text("customer-name", name).await;
    steps::add_vehicle(app, &car).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seasonal_check_letter_goes_to_a_filtered_group_is_printed_and_registered() {
    let test = "a_seasonal_check_letter_goes_to_a_filtered_group_is_printed_and_registered";
    let app = App::launch(Options::new(test).scratch(steps::demo_shop(test))).await;
    let en = Catalogue::load("en");
    let out = std::env::temp_dir().join(format!("garage-desk-e2e-letters-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);

    let xc60 = steps::Vehicle {
        plate: "浙A6V060",
        vin: None,
        make: "Volvo",
        model: "XC60",
        year: "2019",
    };
    file_customer(&app, WITH_ADDRESS, "13712345601", ADDRESS, xc60).await;
    let xc90 = steps::Vehicle {
        plate: "浙A9V090",
        vin: None,
        make: "Volvo",
        model: "XC90",
        year: "2020",
    };
    file_customer(&app, WITHOUT_ADDRESS, "13712345602", "", xc90).await;

    app.click("nav-letters").await;
    app.wait_for("letter-templates", TIMEOUT).await;
    let template = app.find("letter-template").await;
    let chosen = text_of(&template).await;
    assert!(
        chosen.contains(&en.get("letters.kind.seasonal")),
        "the seasonal check is the first template offered: {chosen}"
    );

    // A year range the wrong way round is refused beside its field.
    app.type_into("letter-make", "volvo").await;
    app.type_into("letter-year-from", "2021").await;
    app.type_into("letter-year-to", "2018").await;
    app.click("letter-preview").await;
    app.wait_text("letter-year-to-error", &en.get("error.letter.year_range"))
        .await;
    app.type_into("letter-year-from", "2015").await;
    app.type_into("letter-year-to", "2022").await;
    app.click("letter-preview").await;

    let count = en
        .get("letters.count")
        .replace("{letters}", "1")
        .replace("{total}", "2");
    app.wait_text("letter-count", &count).await;
    app.wait_text("letter-preview-result", WITH_ADDRESS).await;
    app.wait_text("letter-no-address", WITHOUT_ADDRESS).await;
    let listed = app.text("letter-preview-result").await;
    assert!(
        listed.matches(WITHOUT_ADDRESS).count() == 1,
        "the customer without an address is listed apart, once: {listed}"
    );
    app.assert_layout_fits("the Letters view with its preview")
        .await;

    app.click("letter-send").await;
    let sent = app.wait_for("letter-sent", TIMEOUT).await;
    let sent = text_of(&sent).await;
    let number = sent
        .split(|c: char| c.is_whitespace() || c == ':' || c == '：')
        .find(|w| w.starts_with("LTR-"))
        .unwrap_or_else(|| panic!("the sent line names the mailing: {sent}"))
        .to_string();
    app.wait_for("letter-print-message", TIMEOUT).await;

    // The register of this month lists the mailing.
    let row = app.wait_text("letter-register", &number).await;
    let row = text_of(&row).await;
    assert!(
        squash(&row).contains(&squash(&en.get("letters.kind.seasonal"))),
        "the register says what kind of letter went: {row}"
    );

    let letters_name = format!("letters-{number}.pdf");
    let letters = save_pdf(
        &app,
        &out.join("letters"),
        "letter-save-letters",
        "letter-print-message",
        &letters_name,
    )
    .await;
    let text = steps::pdf_text(&letters);
    assert_eq!(
        text.matches('\u{c}').count(),
        1,
        "one letter, one page:\n{text}"
    );
    assert!(squash(&text).contains(&squash(WITH_ADDRESS)), "{text}");
    assert!(
        squash(&text).contains(&squash("文三路")),
        "the address block: {text}"
    );
    assert!(
        !text.contains(WITHOUT_ADDRESS),
        "no letter without an address"
    );

    app.select("letter-register-lang", "en").await;
    let from = app.find("letter-register-from").await;
    let from: String = from.prop("value").await.ok().flatten().unwrap_or_default();
    let to = app.find("letter-register-to").await;
    let to: String = to.prop("value").await.ok().flatten().unwrap_or_default();
    let register_name = format!("letter-register-{from}-{to}-en.pdf");
    let register = save_pdf(
        &app,
        &out.join("register"),
        "letter-register-save",
        "letter-register-message",
        &register_name,
    )
    .await;
    let text = steps::pdf_text(&register);
    for part in [
        "Follow-up letter register",
        number.as_str(),
        WITH_ADDRESS,
        "浙A6V060",
    ] {
        assert!(
            squash(&text).contains(&squash(part)),
            "the register shows {part}:\n{text}"
        );
    }
    let _ = std::fs::remove_dir_all(&out);
}
