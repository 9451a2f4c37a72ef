//! The diagnosis report and the dispatch sheet of a job: saved and read back whole,
//! refused with field errors where the shop's rules say, signed by the technician on the
//! pad, the findings passed to the desk linked to the additional items they are; then
//! both printed and read back as the customer and the workshop read them: every language,
//! one page, a clean file under 200 KB.
mod intake_fixtures;

use std::path::Path;
use std::process::Command;

use garage_core::desk::print::diagnosis::{render_diagnosis_pdf, DiagnosisRequest};
use garage_core::desk::print::dispatch::{render_dispatch_pdf, DispatchRequest};
use garage_core::desk::print::work_order::builtin_fonts;
use garage_core::domain::diagnosis::{DiagnosisCheck, DiagnosisInput, Judgement, RoadTest};
use garage_core::domain::dispatch::{
    DispatchInput, DispatchItem, DispatchMode, FindingNoticeInput,
};
use garage_core::error::CoreError;
use garage_core::forms::FormLang;
use garage_core::intake::SignatureRole;
use garage_core::reason::Reason;
use garage_core::workshop::AdditionalItemInput;
use garage_core::{Store, WorkOrderId};
use intake_fixtures::*;

struct Job {
    store: Store,
    dir: tempfile::TempDir,
    id: WorkOrderId,
}

/// A checked-in job whose car the workshop signed for at 09:30.
fn checked_in_job() -> Job {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("data dir");
    let id = job(&store).work_order.id;
    fill_intake(&store, id);
    check_in(&store, dir.path(), id, at(2, 9, 10));
    let receiver = signature(SignatureRole::WorkshopReceiver, "车间 刘强");
    store
        .sign_work_order(dir.path(), id, &receiver, at(2, 9, 28))
        .expect("the workshop signs for the car");
    Job { store, dir, id }
}

fn check(item: &str, reading: &str, unit: &str, judgement: Judgement) -> DiagnosisCheck {
    DiagnosisCheck {
        item: item.into(),
        reading: reading.into(),
        unit: unit.into(),
        judgement,
    }
}

fn report() -> DiagnosisInput {
    DiagnosisInput {
        checks: vec![
            check(
                "前刹车片厚度 Front pad thickness",
                "2",
                "mm",
                Judgement::Fault,
            ),
            check(
                "前刹车盘厚度 Front disc thickness",
                "25.8",
                "mm",
                Judgement::Ok,
            ),
            check("蓄电池电压 Battery voltage", "12.6", "V", Judgement::Ok),
            check("故障码 Fault codes", "none", "", Judgement::Ok),
        ],
        road_test_needed: true,
        road_test: Some(RoadTest {
            driver: "王师傅".into(),
            distance_km: 8,
            observed: "60 km/h 制动时前轮尖叫 Squeal from the front when braking at 60 km/h".into(),
        }),
        findings: "前刹车片磨损到极限 Front pads worn to the limit".into(),
        recommendation: "更换前刹车片 Replace the front pads".into(),
        technician: "王师傅".into(),
    }
}

fn sheet() -> DispatchInput {
    DispatchInput {
        mode: DispatchMode::SingleTeam,
        assigned_to: "二组 Group 2".into(),
        items: vec![
            DispatchItem {
                description: "更换前刹车片 Replace front pads".into(),
                planned_minutes: 90,
            },
            DispatchItem {
                description: "路试 Road test".into(),
                planned_minutes: 20,
            },
        ],
        handed_at: Some(at(2, 9, 30)),
        dispatched_by: "周敏".into(),
    }
}

fn codes(err: CoreError) -> Vec<(String, Reason)> {
    match err {
        CoreError::Invalid(issues) => issues.into_iter().map(|i| (i.field, i.code)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[test]
fn a_saved_report_reads_back_whole_with_the_complaint_from_the_job() {
    let job = checked_in_job();
    let empty = job.store.diagnosis(job.id).expect("view");
    assert!(empty.diagnosis.is_none() && empty.editable && !empty.can_print);
    assert_eq!(
        empty.complaint, "刹车时有异响 brakes squeal",
        "the customer's words"
    );
    let view = job
        .store
        .save_diagnosis(job.id, &report(), at(2, 10, 0))
        .expect("saved");
    let saved = view.diagnosis.expect("a report");
    assert_eq!(saved.checks, report().checks, "rows in the order written");
    assert_eq!(saved.road_test, report().road_test);
    assert_eq!(saved.findings, report().findings);
    assert_eq!(saved.updated_at, at(2, 10, 0));
    assert!(view.sign_blockers.is_empty() && view.can_print);
    let mut fewer = report();
    fewer.checks.truncate(1);
    fewer.road_test_needed = false;
    let again = job.store.save_diagnosis(job.id, &fewer, at(2, 10, 5));
    let again = again.expect("saved again").diagnosis.expect("a report");
    assert_eq!(again.checks.len(), 1, "a removed row is gone, not kept");
    assert_eq!(
        again.road_test, None,
        "no road test kept when none is needed"
    );
}

#[test]
fn a_report_with_holes_is_refused_field_by_field() {
    let job = checked_in_job();
    let mut input = report();
    input.checks[1].reading = " ".into();
    input.road_test = Some(RoadTest {
        driver: String::new(),
        distance_km: 0,
        observed: "ok".into(),
    });
    let err = job.store.save_diagnosis(job.id, &input, at(2, 10, 0));
    assert_eq!(
        codes(err.expect_err("refused")),
        [
            ("checks.1.reading".into(), Reason::DiagnosisReadingRequired),
            (
                "roadTest.driver".into(),
                Reason::DiagnosisRoadDriverRequired
            ),
            ("roadTest.distanceKm".into(), Reason::DiagnosisRoadDistance),
        ]
    );
    assert!(job
        .store
        .diagnosis(job.id)
        .expect("view")
        .diagnosis
        .is_none());
}

#[test]
fn the_technician_signs_once_and_the_report_no_longer_changes() {
    let job = checked_in_job();
    let mut draft = report();
    draft.findings = String::new();
    let view = job.store.save_diagnosis(job.id, &draft, at(2, 10, 0));
    assert_eq!(
        view.expect("saved").sign_blockers[0].code,
        Reason::DiagnosisFindingsRequired
    );
    let pad = signature(SignatureRole::WorkshopReceiver, "王建华");
    let refused = job
        .store
        .sign_diagnosis(job.dir.path(), job.id, &pad, at(2, 10, 1));
    assert_eq!(
        codes(refused.expect_err("no findings yet")),
        [("findings".into(), Reason::DiagnosisFindingsRequired)]
    );
    job.store
        .save_diagnosis(job.id, &report(), at(2, 10, 2))
        .expect("saved");
    let signed = job
        .store
        .sign_diagnosis(job.dir.path(), job.id, &pad, at(2, 10, 3))
        .expect("signed");
    let report_signed = signed.diagnosis.expect("a report");
    let sig = report_signed.signature.expect("the signature");
    assert_eq!(
        (sig.signer_name.as_str(), sig.signed_at),
        ("王建华", at(2, 10, 3))
    );
    assert_eq!(
        report_signed.technician, "王建华",
        "who signs is the technician"
    );
    assert!(!signed.editable);
    let png = job
        .dir
        .path()
        .join("signatures")
        .join(format!("{}.png", sig.png_sha256));
    assert!(png.is_file(), "the ink is kept like every other signature");
    assert!(matches!(
        job.store.save_diagnosis(job.id, &report(), at(2, 11, 0)),
        Err(CoreError::Conflict {
            code: Reason::DiagnosisSigned
        })
    ));
}

#[test]
fn a_dispatch_sheet_starts_from_the_job_and_reads_back_whole() {
    let job = checked_in_job();
    let view = job.store.dispatch(job.id, at(2, 9, 35)).expect("view");
    assert!(view.dispatch.is_none() && !view.can_print);
    assert_eq!(
        view.handed_at_default,
        Some(at(2, 9, 30)),
        "handed over when the workshop signed for the car, to ten minutes"
    );
    assert!(
        !view.suggested_items.is_empty(),
        "the job's lines suggest the items"
    );
    let saved = job
        .store
        .save_dispatch(job.id, &sheet(), at(2, 9, 40))
        .expect("saved");
    assert_eq!(saved.planned_minutes_total, 110);
    let back = saved.dispatch.expect("a sheet");
    assert_eq!(back.items, sheet().items);
    assert_eq!(back.assigned_to, "二组 Group 2");
    assert_eq!(back.handed_at, Some(at(2, 9, 30)));

    let mut later = sheet();
    later.handed_at = Some(at(2, 12, 0));
    later.assigned_to = String::new();
    let err = job.store.save_dispatch(job.id, &later, at(2, 9, 45));
    assert_eq!(
        codes(err.expect_err("refused")),
        [
            ("assignedTo".into(), Reason::DispatchAssigneeRequired),
            ("handedAt".into(), Reason::DispatchTimeRange),
        ]
    );
}

#[test]
fn a_finding_of_an_additional_item_is_linked_not_typed_again() {
    let job = checked_in_job();
    let item = AdditionalItemInput {
        finding: "后刹车片也已磨损 Rear pads worn too".into(),
        reason: String::new(),
        safety_critical: true,
        photos: vec![],
        found_by: "王师傅".into(),
        lines: vec![],
        extra_minutes: 30,
    };
    let workshop = job
        .store
        .add_additional_item(job.id, &item, at(2, 10, 20))
        .expect("found");
    let item_id = workshop.items[0].id;
    let view = job.store.dispatch(job.id, at(2, 9, 35)).expect("view");
    assert_eq!(view.unnoticed_items.len(), 1, "offered for one action");
    let linked = FindingNoticeInput {
        additional_item_id: Some(item_id),
        at: None,
        reported_by: String::new(),
        what: String::new(),
        taken_by: "周敏".into(),
    };
    let view = job
        .store
        .record_finding_notice(job.id, &linked, at(2, 10, 25))
        .expect("recorded");
    let notice = &view.notices[0];
    assert_eq!(
        (notice.at, notice.reported_by.as_str(), notice.what.as_str()),
        (at(2, 10, 20), "王师傅", item.finding.as_str()),
        "when and who come from the item itself"
    );
    assert_eq!(notice.taken_by, "周敏");
    assert!(view.unnoticed_items.is_empty());
    assert!(matches!(
        job.store
            .record_finding_notice(job.id, &linked, at(2, 10, 26)),
        Err(CoreError::Conflict {
            code: Reason::NoticeAlreadyRecorded
        })
    ));

    let told = FindingNoticeInput {
        additional_item_id: None,
        at: Some(at(2, 11, 0)),
        reported_by: "刘强".into(),
        what: "机油渗漏 Oil seeping at the sump".into(),
        taken_by: "周敏".into(),
    };
    let view = job
        .store
        .record_finding_notice(job.id, &told, at(2, 11, 5))
        .expect("recorded");
    assert_eq!(view.notices.len(), 2);
    assert_eq!(view.notices[1].reported_by, "刘强");
    let future = FindingNoticeInput {
        at: Some(at(2, 12, 0)),
        ..told
    };
    assert_eq!(
        codes(
            job.store
                .record_finding_notice(job.id, &future, at(2, 11, 5))
                .expect_err("not yet")
        ),
        [("at".into(), Reason::DispatchTimeRange)]
    );
}

// ---- the printed forms ----

fn run(tool: &str, args: &[&str]) -> std::process::Output {
    Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} must be installed (poppler-utils, qpdf): {e}"))
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temp path")
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A job with a signed report (road test included), a sheet and two notices.
fn printed_job() -> Job {
    let job = checked_in_job();
    job.store
        .save_diagnosis(job.id, &report(), at(2, 10, 0))
        .expect("saved");
    let pad = signature(SignatureRole::WorkshopReceiver, "王师傅");
    job.store
        .sign_diagnosis(job.dir.path(), job.id, &pad, at(2, 10, 10))
        .expect("signed");
    job.store
        .save_dispatch(job.id, &sheet(), at(2, 10, 15))
        .expect("sheet");
    let told = FindingNoticeInput {
        additional_item_id: None,
        at: Some(at(2, 11, 0)),
        reported_by: "刘强".into(),
        what: "机油渗漏 Oil seeping at the sump".into(),
        taken_by: "周敏".into(),
    };
    job.store
        .record_finding_notice(job.id, &told, at(2, 11, 5))
        .expect("notice");
    job
}

fn diagnosis_pdf(job: &Job, lang: FormLang) -> Vec<u8> {
    let fonts = builtin_fonts().expect("fonts");
    let request = DiagnosisRequest {
        id: job.id,
        lang: Some(lang),
    };
    render_diagnosis_pdf(&job.store, job.dir.path(), fonts, &request, at(2, 12, 0))
        .expect("rendered")
        .0
}

fn dispatch_pdf(job: &Job, lang: FormLang) -> Vec<u8> {
    let fonts = builtin_fonts().expect("fonts");
    let request = DispatchRequest {
        id: job.id,
        lang: Some(lang),
    };
    render_dispatch_pdf(&job.store, job.dir.path(), fonts, &request, at(2, 12, 0))
        .expect("rendered")
        .0
}

/// Checks one PDF the way every form is checked, and returns its text.
fn checked(job: &Job, name: &str, pdf: &[u8]) -> String {
    assert!(
        pdf.len() < 200 * 1024,
        "{name}: {} bytes, must stay under 200 KB",
        pdf.len()
    );
    let file = job.dir.path().join(format!("{name}.pdf"));
    std::fs::write(&file, pdf).expect("written");
    let out = run("qpdf", &["--check", path_str(&file)]);
    assert!(
        out.status.success(),
        "{name}: qpdf --check: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let info = String::from_utf8_lossy(&run("pdfinfo", &[path_str(&file)]).stdout).into_owned();
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.trim_end().ends_with(" 1")),
        "{name}: one page for a typical job\n{info}"
    );
    let out = run("pdftotext", &["-enc", "UTF-8", path_str(&file), "-"]);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn assert_has(text: &str, values: &[&str], context: &str) {
    let squashed = squash(text);
    let missing: Vec<&&str> = values
        .iter()
        .filter(|v| !squashed.contains(&squash(v)))
        .collect();
    assert!(
        missing.is_empty(),
        "{context}: lacks {missing:?}\n--- text ---\n{text}"
    );
}

#[test]
fn the_diagnosis_report_prints_on_one_clean_page_in_every_language() {
    let job = printed_job();
    for lang in FormLang::ALL {
        let name = format!("diagnosis-{lang:?}");
        let text = checked(&job, &name, &diagnosis_pdf(&job, lang));
        assert_has(
            &text,
            &[
                "刹车时有异响 brakes squeal",
                "Front pad thickness",
                "25.8 mm",
                "王师傅",
                "WO-2026-",
            ],
            &name,
        );
    }
    let en = checked(&job, "d-en", &diagnosis_pdf(&job, FormLang::En));
    assert_has(
        &en,
        &[
            "Diagnosis report",
            "Road test",
            "8 km",
            "Squeal from the front",
            "FAULT",
            "Recommended work",
            "Replace the front pads",
        ],
        "English",
    );
    assert!(
        !en.contains("Tel."),
        "a shop with no phone set prints no bare phone label:\n{en}"
    );
    let zh = checked(&job, "d-zh", &diagnosis_pdf(&job, FormLang::ZhHans));
    assert_has(
        &zh,
        &[
            "汽车检测诊断报告单",
            "路试人",
            "故障",
            "维修建议",
            "检测技师签名",
        ],
        "简体",
    );
    let hant = checked(&job, "d-hant", &diagnosis_pdf(&job, FormLang::ZhHant));
    assert_has(&hant, &["汽車檢測診斷報告單", "路試情況"], "繁體");
    let file = job.dir.path().join("d-en.pdf");
    let out = run("pdfimages", &["-list", path_str(&file)]);
    let images = String::from_utf8_lossy(&out.stdout).lines().skip(2).count();
    assert!(
        images >= 1,
        "the technician's signature from the pad is embedded"
    );
}

#[test]
fn the_dispatch_sheet_prints_on_one_clean_page_in_every_language() {
    let job = printed_job();
    for lang in FormLang::ALL {
        let name = format!("dispatch-{lang:?}");
        let text = checked(&job, &name, &dispatch_pdf(&job, lang));
        assert_has(
            &text,
            &[
                "二组 Group 2",
                "更换前刹车片 Replace front pads",
                "1.5",
                "1.83",
                "刘强",
                "周敏",
                "Oil seeping",
            ],
            &name,
        );
    }
    let en = checked(&job, "p-en", &dispatch_pdf(&job, FormLang::En));
    assert_has(
        &en,
        &[
            "Dispatch sheet",
            "Handed to the workshop",
            "Taken by (desk)",
            "Single work group",
        ],
        "English",
    );
    let zh = checked(&job, "p-zh", &dispatch_pdf(&job, FormLang::ZhHans));
    assert_has(&zh, &["派工单", "交单时间", "受话人", "承修作业组"], "简体");
    let hant = checked(&job, "p-hant", &dispatch_pdf(&job, FormLang::ZhHant));
    assert_has(&hant, &["派工單", "交單時間"], "繁體");
}

#[test]
fn nothing_saved_is_nothing_to_print() {
    let job = checked_in_job();
    let fonts = builtin_fonts().expect("fonts");
    let d = DiagnosisRequest {
        id: job.id,
        lang: None,
    };
    assert!(matches!(
        render_diagnosis_pdf(&job.store, job.dir.path(), fonts, &d, at(2, 12, 0)),
        Err(CoreError::Conflict {
            code: Reason::DiagnosisNone
        })
    ));
    let p = DispatchRequest {
        id: job.id,
        lang: None,
    };
    assert!(matches!(
        render_dispatch_pdf(&job.store, job.dir.path(), fonts, &p, at(2, 12, 0)),
        Err(CoreError::Conflict {
            code: Reason::DispatchNone
        })
    ));
}

/// Writes both forms to `$FORM_PREVIEW_DIR` for a look at the layout.
#[test]
fn preview_files_when_asked() {
    let Some(dir) = std::env::var_os("FORM_PREVIEW_DIR") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let job = printed_job();
    for (name, lang) in [
        ("en", FormLang::En),
        ("zh", FormLang::ZhHans),
        ("bi", FormLang::Bilingual),
    ] {
        std::fs::write(
            dir.join(format!("diagnosis-{name}.pdf")),
            diagnosis_pdf(&job, lang),
        )
        .expect("w");
        std::fs::write(
            dir.join(format!("dispatch-{name}.pdf")),
            dispatch_pdf(&job, lang),
        )
        .expect("w");
    }
}
