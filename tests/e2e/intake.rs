//! Taking a car in at the desk, in the real window: a returning customer found by plate,
//! a new job, the walk-around from the keyboard, a damage mark clicked on the diagram,
//! belongings, the customer's signature drawn with the pointer, the frozen intake refusing
//! an edit, and the signed work order archived as a PDF that holds the plate and the
//! complaint.

mod harness;
mod steps;

use std::process::Command;
use std::time::Duration;

use harness::{squash, App, Catalogue, Key, Options, TIMEOUT};
use steps::Vehicle;

const NAME: &str = "陈美玲";
const PHONE: &str = "13822223333";
const PLATE: &str = "粤B8M123";
const COMPLAINT: &str = "冷车启动时左前轮有异响 (knocking from the front left when cold)";

/// Which screen the window shows now (`today`, `customer`, `job:walkaround`, …).
async fn screen(app: &App) -> String {
    app.find("screen")
        .await
        .attr("data-screen")
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Waits until the window shows `name` and records it in `seen` (once per visit).
async fn reach(app: &App, seen: &mut Vec<String>, name: &str) {
    let what = format!("the {name} screen");
    app.wait_until(&what, TIMEOUT, async || {
        (screen(app).await == name).then_some(())
    })
    .await;
    if seen.last().map(String::as_str) != Some(name) {
        seen.push(name.to_string());
    }
}

async fn status_of_row(app: &App, index: usize) -> String {
    let rows = app.find_all("check-row").await;
    let row = rows
        .get(index)
        .unwrap_or_else(|| panic!("the checklist has no row {index}"));
    row.attr("data-status")
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_returning_customer_s_car_is_taken_in_signed_and_printed() {
    let app = App::launch(Options::new(
        "a_returning_customer_s_car_is_taken_in_signed_and_printed",
    ))
    .await;

    // On file from an earlier visit: the customer and the car with its last odometer.
    steps::create_person(&app, NAME, PHONE).await;
    app.click("add-vehicle").await;
    steps::fill_vehicle(
        &app,
        &Vehicle {
            plate: PLATE,
            vin: None,
            make: "Toyota",
            model: "Camry",
            year: "2019",
        },
    )
    .await;
    app.type_into("field-odometer", "48000").await;
    app.click("save").await;
    steps::wait_plate(&app, PLATE).await;
    app.click("nav-today").await;

    // From here on, count the screens the desk goes through.
    let mut seen = Vec::new();
    reach(&app, &mut seen, "today").await;
    app.type_into("search-input", "b8m 12").await;
    app.wait_text("search-result", NAME).await;
    app.click("search-result").await;
    reach(&app, &mut seen, "customer").await;

    app.click("new-job").await;
    reach(&app, &mut seen, "job-new").await;
    app.type_into("field-complaint", COMPLAINT).await;
    app.type_into("field-advisor", "Li Wei").await;
    app.type_into("field-service-0", "Check front suspension")
        .await;
    // The repair category from the keyboard: Maintenance, then the arrow on to Repair.
    steps::choose_repair_category(&app, "maintenance").await;
    app.press_key(Key::Right).await;
    app.wait_until("the arrow key chose Repair", TIMEOUT, async || {
        let repair = app.find("category-repair").await;
        repair
            .prop("checked")
            .await
            .ok()
            .flatten()
            .filter(|c| c == "true")
    })
    .await;
    app.screenshot("job-new").await;
    app.click("save").await;
    reach(&app, &mut seen, "job:walkaround").await;

    // The checklist from the keyboard: 1 OK, 3 damaged, N for a note, Enter back.
    app.wait_for("check-row", TIMEOUT).await;
    app.client()
        .execute(
            "document.querySelector('[data-testid=\"check-row\"]').focus()",
            vec![],
        )
        .await
        .expect("the first checklist row takes the focus");
    app.press_keys(&['1']).await;
    app.press_keys(&['1']).await;
    app.press_keys(&['1']).await;
    app.press_keys(&['3']).await;
    app.press_keys(&['n']).await;
    app.client()
        .active_element()
        .await
        .expect("the note has the focus")
        .send_keys("scratch on left door")
        .await
        .expect("typing the note");
    app.press_key(Key::Enter).await;
    app.wait_until("rows 1-3 OK and row 4 damaged", TIMEOUT, async || {
        let mut statuses = Vec::new();
        for i in 0..4 {
            statuses.push(status_of_row(&app, i).await);
        }
        (statuses == ["ok", "ok", "ok", "damaged"]).then_some(())
    })
    .await;

    // A dent clicked on the diagram, the dashboard read.
    app.click("mark-kind-dent").await;
    app.draw("damage-diagram", &[&[(120.0, 60.0)]]).await;
    app.wait_count("damage-mark", 1).await;
    // Lower than the 48,000 on file: the store wants a reason before it keeps it.
    app.type_into("field-odometer", "47000").await;
    app.wait_for("field-lower-reason", TIMEOUT).await;
    app.wait_for("error-odometer", TIMEOUT).await;
    app.type_into("field-odometer", "52310").await;
    app.wait_gone("field-lower-reason", TIMEOUT).await;
    app.click("fuel-4").await;
    app.click("light-check_engine").await;
    app.screenshot("walkaround").await;

    app.click("next-step").await;
    reach(&app, &mut seen, "job:belongings").await;
    app.click("quick-umbrella").await;
    app.click("quick-cash_valuables").await;
    app.wait_count("belonging-row", 2).await;
    app.type_into("field-key-slot", "A3").await;
    app.type_into("field-key-tag", "T-17").await;
    app.screenshot("belongings").await;

    app.click("next-step").await;
    reach(&app, &mut seen, "job:sign").await;
    app.wait_for("signature-pad-customer", TIMEOUT).await;
    app.draw(
        "signature-pad-customer",
        &[
            &[
                (60.0, 120.0),
                (100.0, 70.0),
                (140.0, 130.0),
                (180.0, 60.0),
                (230.0, 120.0),
            ],
            &[(260.0, 100.0), (330.0, 95.0), (400.0, 110.0)],
        ],
    )
    .await;
    app.click("sign").await;
    app.wait_for("frozen-banner", Duration::from_secs(20)).await;
    app.wait_for("archived-form", TIMEOUT).await;
    app.screenshot("signed").await;
    // The category chosen at intake stands on the job page, still open to change.
    app.wait_text(
        "job-repair-category",
        &Catalogue::load("en").get("form.repair_category.repair"),
    )
    .await;
    app.wait_for("change-repair-category", TIMEOUT).await;

    assert!(
        seen.len() <= 6,
        "a returning customer's intake takes at most 6 screens: {seen:?}"
    );

    // Frozen: the screen offers no edit, and the store refuses one sent anyway.
    app.click("step-details").await;
    let complaint = app.find("field-complaint").await;
    assert_eq!(
        complaint.prop("disabled").await.ok().flatten().as_deref(),
        Some("true"),
        "the complaint of a signed intake cannot be edited"
    );
    let id = app
        .find("job-number")
        .await
        .attr("data-job-id")
        .await
        .ok()
        .flatten()
        .expect("the job number names its id");
    let refused = app
        .client()
        .execute_async(
            "const [id, done] = arguments;
             window.__TAURI_INTERNALS__.invoke('save_intake_section', {
               id: Number(id),
               section: { section: 'job_details', data: {
                 advisor: 'Li Wei', complaint: 'rewritten', diagnosis: '', services: [],
                 promisedAt: null, contact: null, otherRequests: '' } },
             }).then(() => done('saved'), (e) => done(e.code + ':' + e.message));",
            vec![id.into()],
        )
        .await
        .expect("the edit is sent");
    let refused = refused.as_str().unwrap_or_default().to_string();
    assert!(
        refused.starts_with("locked:"),
        "an edit of a frozen intake is refused with a clear message: {refused}"
    );

    // The signed work order is archived as a PDF with the plate and the complaint.
    let forms = app.data_dir().join("forms");
    let pdf = std::fs::read_dir(&forms)
        .unwrap_or_else(|e| panic!("no forms folder {}: {e}", forms.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("a signed work order PDF is archived");
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        squash(&text).contains(&squash(PLATE)),
        "the PDF shows the plate {PLATE}:\n{text}"
    );
    assert!(
        squash(&text).contains(&squash("冷车启动时左前轮有异响")),
        "the PDF quotes the complaint:\n{text}"
    );
    let repair = ["en", "zh-Hans", "zh-Hant"]
        .map(|l| squash(&Catalogue::load(l).get("form.repair_category.repair")));
    assert!(
        repair.iter().any(|name| squash(&text).contains(name)),
        "the PDF prints the repair category:\n{text}"
    );

    // Check proves the signed paper; a flipped byte in the archived PDF is named.
    app.click("step-sign").await;
    app.click("verify").await;
    app.wait_for("verify-result", TIMEOUT).await;
    assert!(
        app.find_all("verify-report").await.is_empty(),
        "an untouched signed job matches in every part"
    );
    let mut bytes = std::fs::read(&pdf).expect("archived pdf");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&pdf, &bytes).expect("tampered");
    app.click("verify").await;
    app.wait_for("verify-fail-archived_pdf", TIMEOUT).await;
    app.screenshot("verify-tampered").await;
    bytes[middle] ^= 0x01;
    std::fs::write(&pdf, &bytes).expect("restored");

    hostile_calls_are_refused(&app).await;
    app.click("step-details").await;

    // The same job in 繁體中文: the steps and the frozen note are translated.
    app.select("lang-switch", "zh-Hant").await;
    let zh_hant = Catalogue::load("zh-Hant");
    app.wait_text("step-sign", &zh_hant.get("job.step.sign"))
        .await;
    app.wait_text("frozen-note", &zh_hant.get("job.frozen_note"))
        .await;
    app.click("step-walkaround").await;
    app.wait_for("checklist", TIMEOUT).await;
    app.screenshot("walkaround-zh-Hant").await;
}

/// Opens a job on a new customer's car, promised for a time long past, without signing.
async fn open_job(app: &App, name: &str, phone: &str, plate: &str, complaint: &str) {
    steps::create_person(app, name, phone).await;
    steps::add_vehicle(
        app,
        &Vehicle {
            plate,
            vin: None,
            make: "Honda",
            model: "Fit",
            year: "2017",
        },
    )
    .await;
    app.click("new-job").await;
    app.type_into("field-complaint", complaint).await;
    app.type_into("field-promised-at", "2020-01-06T09:30").await;
    app.click("save").await;
    app.wait_for("checklist", TIMEOUT).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_jobs_are_listed_on_today_and_overdue_ones_stand_out() {
    let app = App::launch(
        Options::new("open_jobs_are_listed_on_today_and_overdue_ones_stand_out").screen(1920, 1080),
    )
    .await;
    if let Err(e) = app.client().set_window_rect(0, 0, 1920, 1080).await {
        eprintln!("e2e: could not resize the window to 1920x1080: {e}");
    }
    open_job(
        &app,
        "Grace Lin",
        "13911112222",
        "沪C66Q88",
        "Brakes squeal",
    )
    .await;

    app.click("nav-today").await;
    let row = app.wait_text("open-job-row", "Grace Lin").await;
    assert!(
        squash(&harness::text_of(&row).await).contains(&squash("沪C66Q88")),
        "an open job shows its plate"
    );
    app.wait_for("job-overdue", TIMEOUT).await;
    app.screenshot("today-1920x1080").await;

    app.click("nav-workorders").await;
    app.wait_text("wo-row", "Grace Lin").await;
    app.screenshot("workorders-1920x1080").await;
    let listed = app
        .client()
        .execute(
            "return document.querySelector('[data-testid=\"wo-row\"]').textContent",
            vec![],
        )
        .await
        .expect("the work order row has text");
    assert!(
        listed
            .as_str()
            .unwrap_or_default()
            .contains("Brakes squeal"),
        "the list shows the complaint: {listed}"
    );
    app.type_into("wo-filter", "c66").await;
    app.wait_count("wo-row", 1).await;

    app.click_text("wo-row", "Grace Lin").await;
    app.wait_for("checklist", TIMEOUT).await;
    // The customer's file lists the job in its history.
    app.type_into("search-input", "Grace").await;
    app.click("search-result").await;
    app.wait_text("history-row", "WO-2026-").await;
    app.screenshot("customer-history-1920x1080").await;
    app.click_text("history-row", "WO-2026-").await;
    app.wait_for("checklist", TIMEOUT).await;
    app.screenshot("walkaround-1920x1080").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_checklist_template_and_the_terms_are_edited_in_settings() {
    let app = App::launch(Options::new(
        "the_checklist_template_and_the_terms_are_edited_in_settings",
    ))
    .await;
    app.click("nav-settings").await;
    app.type_into("field-terms", "Old parts are kept for 7 days.")
        .await;
    app.select("field-form-language", "en").await;
    app.click("save").await;
    app.wait_for("settings-status", TIMEOUT).await;

    app.type_into("template-item", "Front bumper and grille")
        .await;
    app.click("template-save").await;
    app.wait_until("the template to be saved", TIMEOUT, async || {
        let button = app.find("template-save").await;
        (button.prop("disabled").await.ok().flatten().as_deref() == Some("true")).then_some(())
    })
    .await;
    app.screenshot("settings").await;

    open_job(&app, "Tom Wu", "13933334444", "粤B77K21", "Engine light on").await;
    let first = app.find("check-row").await;
    assert_eq!(
        first.attr("aria-label").await.ok().flatten().as_deref(),
        Some("Front bumper and grille"),
        "a new job's checklist comes from the edited template"
    );
}

/// What a hostile page would send straight over IPC: paths, oversized payloads, the
/// plugins the window no longer has. Each is refused and nothing changes on disk.
async fn hostile_calls_are_refused(app: &App) {
    let files = |dir: &std::path::Path| -> Vec<String> {
        let mut names: Vec<String> = ["photos", "signatures", "forms", "logo"]
            .iter()
            .flat_map(|sub| std::fs::read_dir(dir.join(sub)).into_iter().flatten())
            .filter_map(Result::ok)
            .map(|e| e.path().display().to_string())
            .collect();
        names.sort();
        names
    };
    let before = files(&app.data_dir());
    let db = app.data_dir().join("garage-desk.sqlite3");
    let calls = [
        ("store_photo_file", r#"{"path": "/dev/zero"}"#),
        ("set_shop_logo", r#"{"path": "/etc/passwd"}"#),
        ("photo_data_url", r#"{"name": "../garage-desk.sqlite3"}"#),
        ("photo_data_url", r#"{"name": "/etc/passwd"}"#),
        ("store_photo_bytes", r#"{"base64": "__BIG__"}"#),
        ("plugin:opener|open_path", r#"{"path": "__DB__"}"#),
        ("plugin:dialog|save", r#"{"options": {}}"#),
        ("plugin:fs|write_file", r#"{"path": "__DB__", "data": []}"#),
    ];
    for (command, args) in calls {
        eprintln!("e2e: hostile call {command}");
        let args = args.replace("__DB__", &db.display().to_string());
        let outcome = app
            .client()
            .execute_async(
                "const [command, args, done] = arguments;
                 const parsed = JSON.parse(args);
                 if (parsed.base64 === '__BIG__') parsed.base64 = 'A'.repeat(40 * 1024 * 1024);
                 window.__TAURI_INTERNALS__.invoke(command, parsed)
                   .then(() => done('accepted'),
                         (e) => done('refused:' + (e && e.code ? e.code : String(e))));",
                vec![command.into(), args.into()],
            )
            .await
            .expect("the call is sent");
        let outcome = outcome.as_str().unwrap_or_default().to_string();
        assert!(
            outcome.starts_with("refused:"),
            "{command} from the page must be refused: {outcome}"
        );
    }
    let refused = app
        .client()
        .execute_async(
            "const [done] = arguments;
             window.__TAURI_INTERNALS__.invoke('save_settings', { settings: {
               shopName: 'x', address: '', phone: '', taxNumber: '',
               logoPng: '../garage-desk.sqlite3', currency: 'CNY', distanceUnit: 'km',
               defaultLanguage: 'en', workOrderPrefix: 'WO', terms: '', formLanguage: null } })
             .then(() => done('accepted'), (e) => done('refused:' + e.code));",
            vec![],
        )
        .await
        .expect("the call is sent");
    assert_eq!(
        refused.as_str(),
        Some("refused:invalid"),
        "a path saved as the logo name is refused"
    );
    assert_eq!(
        files(&app.data_dir()),
        before,
        "no file was written or removed"
    );
    assert!(
        std::fs::read(&db)
            .expect("db")
            .starts_with(b"SQLite format 3"),
        "the shop's database is still a database"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_changed_elsewhere_is_reviewed_again_and_a_failed_archive_is_retried() {
    let app = App::launch(Options::new(
        "a_draft_changed_elsewhere_is_reviewed_again_and_a_failed_archive_is_retried",
    ))
    .await;
    open_job(
        &app,
        "Ada Wong",
        "13922223333",
        "沪D12345",
        "Rattle at idle",
    )
    .await;
    let id = app
        .find("job-number")
        .await
        .attr("data-job-id")
        .await
        .ok()
        .flatten()
        .expect("the job number names its id");
    app.click("step-sign").await;
    app.wait_for("signature-pad-customer", TIMEOUT).await;

    // No category chosen when the job was opened: the message stands beside the chooser,
    // and goes once the desk picks one.
    let en = Catalogue::load("en");
    app.wait_text(
        "error-repairCategory",
        &en.get("error.repair_category.required"),
    )
    .await;
    app.wait_text("sign-missing", &en.get("sign.need.category"))
        .await;
    app.screenshot("category-missing").await;
    steps::choose_repair_category(&app, "maintenance").await;
    app.wait_gone("error-repairCategory", TIMEOUT).await;
    app.wait_text(
        "job-repair-category",
        &en.get("form.repair_category.maintenance"),
    )
    .await;

    // Another window fills in the walk-around while this one shows the older draft.
    let saved = app
        .client()
        .execute_async(
            "const [id, done] = arguments;
             const save = (section, data) => window.__TAURI_INTERNALS__.invoke(
               'save_intake_section', { id: Number(id), section: { section, data } });
             save('dashboard', { warningLights: [], fuelEighths: 4,
                                 odometer: { value: 61000, unit: 'km', lowerReason: '' } })
               .then(() => save('belongings', { state: 'none_left' }))
               .then(() => done('saved'), (e) => done('refused:' + e.code));",
            vec![id.clone().into()],
        )
        .await
        .expect("the other window saves");
    assert_eq!(saved.as_str(), Some("saved"));
    // And the disk cannot take the archive: a file where the forms folder goes.
    let forms = app.data_dir().join("forms");
    std::fs::write(&forms, b"not a folder").expect("forms blocked");

    let scribble: &[&[(f64, f64)]] = &[&[(60.0, 120.0), (140.0, 60.0), (230.0, 120.0)]];
    app.draw("signature-pad-customer", scribble).await;
    app.click("sign").await;
    app.wait_for("sign-error", TIMEOUT).await;
    assert!(
        app.find_all("frozen-banner").await.is_empty(),
        "a signature on a draft that changed since it was shown is refused"
    );
    app.draw("signature-pad-customer", scribble).await;
    app.click("sign").await;
    app.wait_for("frozen-banner", Duration::from_secs(20)).await;
    app.wait_for("archive-pending", TIMEOUT).await;
    app.screenshot("archive-failed").await;

    std::fs::remove_file(&forms).expect("unblocked");
    app.click("retry-archive").await;
    app.wait_gone("archive-pending", TIMEOUT).await;
    app.wait_for("archived-form", TIMEOUT).await;
    assert!(forms.is_dir(), "the original is archived on retry");

    // The work-order list shows each job's category and narrows by it.
    app.click("nav-workorders").await;
    app.wait_text("job-category", &en.get("form.repair_category.maintenance"))
        .await;
    app.screenshot("workorders-category").await;
    app.select("wo-category", "overhaul").await;
    app.wait_for("wo-empty", TIMEOUT).await;
    app.select("wo-category", "maintenance").await;
    app.wait_count("wo-row", 1).await;
}
