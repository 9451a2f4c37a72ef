//! The appointment's paper in the real window: a booking made by phone is agreed by phone
//! with the call recorded (who spoke, who recorded it), and the panel says so; its slip is
//! saved before and after the agreement and read back — the number, the plate, how it was
//! agreed, and COPY once the agreed original is archived. A second booking is signed on
//! the pad, then called off; the register of the week lists both with their outcomes and
//! opens one, and the tally of the week counts what the register lists; both are saved
//! and read back, and shown in Chinese.

mod harness;
mod steps;

use std::path::{Path, PathBuf};

use harness::{squash, text_of, App, Catalogue, Key, Options, TIMEOUT};

const PLATE: &str = "沪A5R321";
const SECOND_PLATE: &str = "浙B7Q654";
const SIGNATURE: &[&[(f64, f64)]] = &[&[(30.0, 70.0), (80.0, 30.0), (130.0, 80.0), (190.0, 40.0)]];

fn assert_has(text: &str, parts: &[&str], what: &str) {
    for part in parts {
        assert!(
            squash(text).contains(&squash(part)),
            "the {what} shows {part}:\n{text}"
        );
    }
}

/// Answers the save dialog with `folder`, clicks `button` and waits for the message that
/// names the saved file; the PDF is also kept with the test's artifacts.
async fn save_pdf(app: &App, folder: &Path, button: &str, name: &str) -> PathBuf {
    std::fs::create_dir_all(folder).expect("the folder to save into");
    app.answer_next_dialog(folder);
    app.click(button).await;
    let message = button.replace("-save", "-print-message");
    let shown = app.wait_text(&message, name).await;
    let shown = text_of(&shown).await;
    let path = folder.join(name);
    assert!(
        path.is_file(),
        "the window said it saved the PDF ({shown}), so it is there: {}",
        path.display()
    );
    let _ = std::fs::copy(&path, app.artifacts_dir().join(name));
    path
}

/// What an input holds.
async fn value_of(app: &App, testid: &str) -> String {
    let input = app.find(testid).await;
    input.prop("value").await.ok().flatten().unwrap_or_default()
}

/// The number shown in one cell of the tally.
async fn count(app: &App, testid: &str) -> usize {
    let text = app.text(testid).await;
    text.trim()
        .parse()
        .unwrap_or_else(|_| panic!("{testid} shows a count: {text:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booking_agreed_by_phone_prints_its_slip_and_the_week_has_its_register_and_tally() {
    let test = "a_booking_agreed_by_phone_prints_its_slip_and_the_week_has_its_register_and_tally";
    let app = App::launch(Options::new(test).scratch(steps::demo_shop(test))).await;
    let en = Catalogue::load("en");
    let out = std::env::temp_dir().join(format!("garage-desk-e2e-paper-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);

    app.click("nav-appointments").await;
    steps::show_test_week(&app).await;
    let day = steps::first_open_day_on_board(&app).await;
    let number = steps::book_caller(&app, ("王芳", "13912345678", PLATE), &day, "09:00").await;

    // Before the agreement the slip leaves the place to sign, and is no copy.
    app.wait_for("slip-panel", TIMEOUT).await;
    app.select("slip-lang", "en").await;
    let slip_name = format!("{number}-appointment-en.pdf");
    let before = save_pdf(&app, &out.join("before"), "slip-save", &slip_name).await;
    let text = steps::pdf_text(&before);
    assert_has(
        &text,
        &[&number, PLATE, "Not yet agreed"],
        "slip before the agreement",
    );
    assert!(
        !text.contains("COPY"),
        "the slip is no copy before the agreement:\n{text}"
    );

    // Agreed by phone: who spoke (the customer, filled in), who recorded it, a note.
    app.click("slip-by-record").await;
    app.select("slip-channel", "phone").await;
    let spoke = app.find("slip-agreed-by-input").await;
    assert_eq!(
        spoke.prop("value").await.ok().flatten().as_deref(),
        Some("王芳"),
        "who spoke starts on the booking's customer"
    );
    app.type_into("slip-recorded-by", "Li Na").await;
    app.type_into(
        "slip-call-note",
        "Agreed the time and the work on the phone",
    )
    .await;
    app.assert_layout_fits("slip-agree").await;
    app.screenshot("slip-to-agree").await;
    app.click("slip-agree").await;
    app.wait_text("slip-agreed-how", &en.get("form.estimate.channel.phone"))
        .await;
    app.wait_text("slip-agreed-by", "王芳").await;
    app.wait_for("slip-copy-note", TIMEOUT).await;
    assert!(
        app.find_all("slip-agree").await.is_empty(),
        "the booking as it stands is agreed once"
    );
    app.assert_layout_fits("slip-save").await;
    app.screenshot("slip-agreed").await;

    // The slip saved now says how it was agreed, and COPY: the original is archived.
    let after = save_pdf(&app, &out.join("after"), "slip-save", &slip_name).await;
    let text = steps::pdf_text(&after);
    assert_has(
        &text,
        &[&number, PLATE, "By phone", "王芳", "Li Na", "COPY"],
        "slip after the agreement",
    );

    // The reminder call confirms it; a second booking the same day is called off.
    app.set_checked("call-confirmed", true).await;
    app.click("call-record").await;
    app.wait_text("appt-status", &en.get("appt.status.confirmed"))
        .await;
    app.click("nav-appointments").await;
    app.wait_for("week-board", TIMEOUT).await;
    let second =
        steps::book_caller(&app, ("赵磊", "13800138000", SECOND_PLATE), &day, "14:00").await;
    // This one the customer signs on the pad at the desk, before calling it off.
    app.click("slip-by-signature").await;
    app.type_into("slip-recorded-by", "Li Na").await;
    app.draw("slip-signature-pad", SIGNATURE).await;
    app.assert_layout_fits("slip-agree").await;
    app.screenshot("slip-to-sign").await;
    app.click("slip-agree").await;
    app.wait_text(
        "slip-agreed-how",
        &en.get("form.estimate.channel.signature"),
    )
    .await;
    app.wait_text("slip-agreed-by", "赵磊").await;
    app.type_into("cancel-reason", "Car sold").await;
    app.click("appt-cancel").await;
    app.wait_text("appt-status", &en.get("appt.status.cancelled"))
        .await;

    // The register of the test's week, from the keyboard: both bookings with outcomes.
    app.click("nav-appointments").await;
    steps::show_test_week(&app).await;
    app.press_keys(&['r']).await;
    app.wait_for("register-view", TIMEOUT).await;
    let rows = app.wait_count("register-row", 2).await;
    let mut shown = Vec::new();
    for row in &rows {
        shown.push(text_of(row).await);
    }
    assert!(
        shown[0].contains(&number) && shown[0].contains(PLATE),
        "the morning's booking comes first: {shown:?}"
    );
    assert!(
        shown[1].contains(&second) && shown[1].contains(&en.get("appt.status.cancelled")),
        "the afternoon's booking is listed as called off: {shown:?}"
    );
    app.assert_layout_fits("register-table").await;
    app.screenshot("register").await;
    // The register on paper lists the same bookings.
    app.select("register-lang", "en").await;
    let (from, to) = (
        value_of(&app, "register-from").await,
        value_of(&app, "register-to").await,
    );
    let name = format!("appointment-register-{from}-{to}-en.pdf");
    let saved = save_pdf(&app, &out.join("register"), "register-save", &name).await;
    assert_has(
        &steps::pdf_text(&saved),
        &[
            "Appointment register",
            &number,
            PLATE,
            &second,
            SECOND_PLATE,
        ],
        "register",
    );
    // A row opens its appointment; Escape comes back to the register.
    app.click_text("register-row", SECOND_PLATE).await;
    app.wait_text("appt-plate", SECOND_PLATE).await;
    app.press_key(Key::Escape).await;
    app.wait_count("register-row", 2).await;

    // The tally of the same week counts what the register lists.
    app.press_keys(&['s']).await;
    app.wait_for("tally-view", TIMEOUT).await;
    app.wait_text("tally-total-booked", &rows.len().to_string())
        .await;
    let cancelled = shown
        .iter()
        .filter(|r| r.contains(&en.get("appt.status.cancelled")))
        .count();
    assert_eq!(count(&app, "tally-total-cancelled").await, cancelled);
    assert_eq!(
        count(&app, "tally-total-confirmed").await,
        1,
        "one confirmed on its call"
    );
    assert_eq!(count(&app, "tally-total-arrived").await, 0);
    assert_eq!(app.text("tally-total-show-rate").await.trim(), "0%");
    assert_eq!(
        count(&app, &format!("tally-day-{day}-booked")).await,
        2,
        "both on the day they were booked for"
    );
    app.assert_layout_fits("tally-table").await;
    app.screenshot("tally").await;

    // The tally saved and read back: its title, its range and its counts.
    app.select("tally-lang", "en").await;
    let from = app
        .find("tally-from")
        .await
        .prop("value")
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    let to = app
        .find("tally-to")
        .await
        .prop("value")
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    let tally_name = format!("appointment-tally-{from}-{to}-en.pdf");
    let saved = save_pdf(&app, &out.join("tally"), "tally-save", &tally_name).await;
    let text = steps::pdf_text(&saved);
    assert_has(
        &text,
        &["Appointment tally", "Period total", "Show rate"],
        "tally",
    );

    // In Chinese the tally and the register keep to the window.
    app.select("lang-switch", "zh-Hans").await;
    app.wait_text("tally-view", "预约统计表").await;
    app.assert_layout_fits("tally-table").await;
    app.screenshot("tally-zh").await;
    app.press_keys(&['r']).await;
    app.wait_text("register-view", "维修预约登记表").await;
    app.assert_layout_fits("register-table").await;
    app.screenshot("register-zh").await;
    let _ = std::fs::remove_dir_all(&out);
}
