//! The workshop's paper in the real window: on a new job the technician's diagnosis
//! report is filled — two checks, one a fault, and the road test that confirmed it — is
//! refused while the road test lacks its distance (the error beside the field), then
//! saved, signed on the pad (and so archived under forms/) and printed as a COPY; the
//! dispatch sheet is filled from the job's lines with edited planned hours, a finding the
//! workshop passed on is recorded with who took it, and the sheet is printed. The PDFs
//! are read back.

mod harness;
mod steps;

use harness::{squash, App, Options, TIMEOUT};
use steps::Vehicle;

const SIGNATURE: &[&[(f64, f64)]] = &[&[(30.0, 70.0), (80.0, 30.0), (130.0, 80.0), (190.0, 40.0)]];

async fn wait_pdf(dir: &std::path::Path, part: &str) -> std::path::PathBuf {
    for _ in 0..100 {
        let found = std::fs::read_dir(dir).ok().and_then(|entries| {
            entries.filter_map(Result::ok).map(|e| e.path()).find(|p| {
                p.to_string_lossy().contains(part) && p.extension().is_some_and(|e| e == "pdf")
            })
        });
        if let Some(path) = found {
            return path;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no PDF named *{part}* in {} within 10 s", dir.display());
}

fn pdf_text(pdf: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn assert_has(text: &str, parts: &[&str], what: &str) {
    for part in parts {
        assert!(
            squash(text).contains(&squash(part)),
            "the {what} shows {part}:\n{text}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_diagnosis_with_a_road_test_and_a_dispatch_sheet_are_filled_and_printed() {
    let test = "a_diagnosis_with_a_road_test_and_a_dispatch_sheet_are_filled_and_printed";
    let app = App::launch(Options::new(test).scratch(steps::demo_shop(test))).await;
    let en = harness::Catalogue::load("en");

    steps::create_person(&app, "Sun Li", "13744443333").await;
    let car = Vehicle {
        plate: "粤B6D789",
        vin: None,
        make: "Honda",
        model: "Accord",
        year: "2019",
    };
    steps::add_vehicle(&app, &car).await;
    app.click("new-job").await;
    app.type_into("field-complaint", "Knocking from the front over bumps")
        .await;
    app.type_into("field-advisor", "Li Wei").await;
    steps::choose_repair_category(&app, "repair").await;
    app.click("save").await;
    app.wait_for("checklist", TIMEOUT).await;
    app.click("step-workshop").await;

    // The diagnosis: the complaint in the customer's words is already there.
    app.wait_text("diagnosis-complaint", "Knocking from the front")
        .await;
    app.click("check-add").await;
    app.type_into("check-0-item", "Front strut top mount play")
        .await;
    app.type_into("check-0-reading", "3").await;
    app.type_into("check-0-unit", "mm").await;
    app.select("check-0-judgement", "fault").await;
    app.click("check-add").await;
    app.type_into("check-1-item", "Tyre pressure").await;
    app.type_into("check-1-reading", "2.3").await;
    app.type_into("check-1-unit", "bar").await;
    app.set_checked("road-needed", true).await;
    app.type_into("road-driver", "Zhang").await;
    app.type_into(
        "road-observed",
        "Clunk from the front left over speed bumps",
    )
    .await;
    app.type_into("diagnosis-findings", "Front left strut top mount worn")
        .await;
    app.type_into(
        "diagnosis-recommendation",
        "Replace the front left top mount",
    )
    .await;
    app.type_into("diagnosis-technician", "Zhang").await;
    app.click("diagnosis-save").await;
    // No distance yet: refused, and the reason stands beside the distance field.
    app.wait_text("diagnosis-panel", &en.get("error.diagnosis.road_distance"))
        .await;
    // A distance that is no whole number is refused by the field, not rounded.
    app.type_into("road-distance", "6.4").await;
    app.click("diagnosis-save").await;
    app.wait_text("diagnosis-panel", &en.get("error.diagnosis.km_text"))
        .await;
    app.type_into("road-distance", "6").await;
    app.click("diagnosis-save").await;
    app.wait_for("diagnosis-signature-pad", TIMEOUT).await;
    app.assert_layout_fits("diagnosis filled").await;
    app.screenshot("diagnosis-filled").await;
    app.draw("diagnosis-signature-pad", SIGNATURE).await;
    app.click("diagnosis-sign-button").await;
    app.wait_for("diagnosis-signed", TIMEOUT).await;
    app.wait_gone("diagnosis-save", TIMEOUT).await;
    // Signed is archived: the panel names the original kept under forms/.
    let archived = app.wait_text("diagnosis-archived", "-diagnosis-").await;
    let original = wait_pdf(&app.data_dir().join("forms"), "-diagnosis-").await;
    app.scroll_into_view(&archived).await;
    app.screenshot("diagnosis-signed").await;
    app.click("diagnosis-open").await;
    let pdf = wait_pdf(&app.data_dir().join("print"), "-diagnosis-").await;
    assert!(
        pdf.to_string_lossy().ends_with("-copy.pdf"),
        "printed after the archived original, the report is a COPY: {}",
        pdf.display()
    );
    assert_has(
        &pdf_text(&original),
        &["Front strut top mount play"],
        "archived report",
    );
    // Printed in the demo shop's form language: the words typed come back as typed.
    assert_has(
        &pdf_text(&pdf),
        &[
            "Knocking from the front",
            "Front strut top mount play",
            "3 mm",
            "Clunk from the front left",
            "Replace the front left top mount",
            "Zhang",
        ],
        "diagnosis report",
    );

    // The dispatch sheet: one group, the job's item with its planned hours edited.
    app.type_into("dispatch-assigned", "Group 3").await;
    app.wait_count("dispatch-item", 1).await;
    // Hours the core cannot read are shown by their row, never saved as "not planned".
    app.type_into("dispatch-hours-0", "1,5h").await;
    app.click("dispatch-save").await;
    app.wait_text("dispatch-item", &en.get("error.dispatch.hours_text"))
        .await;
    app.type_into("dispatch-hours-0", "1.5").await;
    app.click("dispatch-item-add").await;
    app.type_into("dispatch-item-1", "Road test after repair")
        .await;
    app.type_into("dispatch-hours-1", "0.25").await;
    app.click("dispatch-save").await;
    app.wait_text("dispatch-total", "1.75").await;
    // The workshop tells the desk of a further finding; the desk records who took it.
    app.type_into("notice-reported-by", "Zhang").await;
    app.type_into("notice-what", "Front left wishbone bush split")
        .await;
    app.click("notice-record").await;
    app.wait_text("notice", "Front left wishbone bush split")
        .await;
    app.assert_layout_fits("dispatch filled").await;
    app.screenshot("dispatch-filled").await;
    app.click("dispatch-open").await;
    let pdf = wait_pdf(&app.data_dir().join("print"), "-dispatch-").await;
    assert_has(
        &pdf_text(&pdf),
        &[
            "Group 3",
            "Road test after repair",
            "1.75",
            "Front left wishbone bush split",
            "Li Wei",
        ],
        "dispatch sheet",
    );
}
