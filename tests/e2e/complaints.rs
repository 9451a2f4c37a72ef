//! Complaints in the real window: a serious complaint is logged from a job (the form
//! prefilled with the job), its promised answer time passes without a step and Today
//! shows it late in red; it is answered late from Today with a new time, then closed with
//! the customer satisfied and compensation agreed — by the supervisor with her PIN. The
//! complaint sheet is then printed headless and read back. The app's clock is the
//! machine's: the answer is promised for the next minute but one, and the test waits for
//! Today to show it late as a person would, looking again.

mod harness;
mod steps;

use std::process::Command;
use std::time::Duration;

use harness::{text_of, App, Catalogue, Options, TIMEOUT};

/// `minutes` from the window's clock, as a `datetime-local` value.
async fn local_time_in(app: &App, minutes: i64) -> String {
    let script = "const d = new Date(Date.now() + arguments[0] * 60000);
         const p = (n) => String(n).padStart(2, '0');
         return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;";
    let value = app
        .client()
        .execute(script, vec![minutes.into()])
        .await
        .expect("the window's clock");
    value.as_str().unwrap_or_default().to_string()
}

/// Whether Today lists `number` among the late complaints, drawn in red.
async fn late_on_today(app: &App, number: &str) -> Option<String> {
    for row in app.find_all("late-complaint-row").await {
        if text_of(&row).await.contains(number) {
            let cell = row.find(fantoccini::Locator::Css("td")).await.ok()?;
            let cell_color = app
                .client()
                .execute(
                    "return getComputedStyle(arguments[0]).color",
                    vec![serde_json::to_value(&cell).unwrap_or_default()],
                )
                .await
                .ok()?;
            return cell_color.as_str().map(str::to_string);
        }
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_complaint_logged_from_a_job_is_shown_late_answered_and_closed_by_the_supervisor() {
    let test = "a_complaint_logged_from_a_job_is_shown_late_answered_and_closed_by_the_supervisor";
    let app = App::launch(Options::new(test).scratch(steps::demo_shop(test))).await;
    let en = Catalogue::load("en");
    steps::add_supervisor(&app, "246813").await;

    // A job open today → its details → "Log a complaint", prefilled with the job.
    app.click("nav-today").await;
    let row = app.wait_for("open-job-row", TIMEOUT).await;
    let row_text = text_of(&row).await;
    // The row's first cell is the number (PREFIX-YYYY-NNNNN); the cells follow unspaced.
    let mut parts = row_text.trim().splitn(3, '-');
    let (prefix, year) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    let seq: String = parts
        .next()
        .unwrap_or_default()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let job_number = format!("{prefix}-{year}-{seq}");
    app.click_text("open-job-row", &job_number).await;
    app.wait_text("job-number", &job_number).await;
    app.click("step-details").await;
    app.click("job-log-complaint").await;
    app.wait_text("complaint-job", &job_number).await;

    app.select("complaint-channel", "phone").await;
    app.select("complaint-kind", "serious").await;
    app.wait_for("complaint-for-supervisor", TIMEOUT).await;
    app.type_into(
        "complaint-words",
        "The engine light came on the day after you fixed it. I want it fixed free and my lost day paid.",
    )
    .await;
    app.set_checked("demand-free_repair", true).await;
    app.set_checked("demand-compensation", true).await;
    app.type_into("complaint-taken-by", "Li Na").await;
    let promised = local_time_in(&app, 2).await;
    app.type_into("complaint-answer-by", &promised).await;
    app.screenshot("complaint-form").await;
    app.assert_layout_fits("the complaint form").await;
    app.click("complaint-save").await;
    let number = text_of(&app.wait_text("complaint-number", "C-").await).await;
    app.wait_text("complaint-state", &en.get("complaints.state.open"))
        .await;

    // The promised minute passes with no step: Today lists it late, in red.
    let red = app
        .wait_until(
            "the complaint late on Today",
            Duration::from_secs(200),
            async || {
                app.click("nav-complaints").await;
                app.wait_for("complaints-tab-open", TIMEOUT).await;
                app.click("nav-today").await;
                app.wait_for("open-jobs", TIMEOUT).await;
                late_on_today(&app, &number).await
            },
        )
        .await;
    assert_eq!(red, "rgb(179, 18, 31)", "a late complaint is drawn in red");
    app.screenshot("today-late-complaint").await;

    // Answered late, from Today: a step with a new time for the answer.
    app.click_text("late-complaint-row", &number).await;
    app.wait_text("complaint-state", &en.get("complaints.state.late"))
        .await;
    app.type_into("step-by", "Li Na").await;
    app.type_into(
        "step-action",
        "Called back late: the coil is ordered, answer tomorrow.",
    )
    .await;
    let tomorrow = local_time_in(&app, 24 * 60).await;
    app.type_into("step-next", &tomorrow).await;
    app.click("step-add").await;
    app.wait_count("complaint-step", 1).await;
    app.wait_text("complaint-state", &en.get("complaints.state.open"))
        .await;

    // Closed: the customer satisfied, compensation agreed — the supervisor's PIN.
    app.type_into(
        "close-answer",
        "Coil replaced free; 200 yuan for the lost day.",
    )
    .await;
    app.set_checked("close-satisfied", true).await;
    app.set_checked("close-compensation", true).await;
    app.click("close-send").await;
    app.wait_for("supervisor-word", TIMEOUT).await;
    app.type_into("word-pin", "246813").await;
    app.click("word-confirm").await;
    app.wait_text("complaint-state", &en.get("complaints.state.closed"))
        .await;
    app.wait_text("complaint-supervisor", "Chen Jing").await;
    app.wait_text("complaint-satisfied", &en.get("complaints.satisfied"))
        .await;
    app.screenshot("complaint-closed").await;
    app.assert_layout_fits("the closed complaint").await;

    // Listed as closed; no longer late on Today.
    app.click("nav-complaints").await;
    app.click("complaints-tab-closed").await;
    app.wait_text("complaint-row", &number).await;

    // The complaint sheet, headless: one page, qpdf-clean, under 200 KB.
    let out = app.artifacts_dir().join("complaint.pdf");
    let printed = Command::new(harness::paths::app_binary())
        .arg("--data-dir")
        .arg(app.data_dir())
        .args([
            "print",
            &number,
            "--form",
            "complaint",
            "--lang",
            "en",
            "--out",
        ])
        .arg(&out)
        .output()
        .expect("the app prints the sheet");
    assert!(
        printed.status.success(),
        "print: {}",
        String::from_utf8_lossy(&printed.stderr)
    );
    let text = steps::pdf_text(&out);
    for value in [
        number.as_str(),
        "Complaint sheet",
        "Chen Jing",
        "Coil replaced free",
    ] {
        assert!(text.contains(value), "the sheet lacks {value}:\n{text}");
    }
    assert_eq!(text.matches('\u{c}').count().max(1), 1, "one page");
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(u64::MAX);
    assert!(size < 200 * 1024, "{size} bytes");
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&out)
        .output()
        .expect("qpdf runs");
    assert!(check.status.success(), "qpdf --check passes");
}
