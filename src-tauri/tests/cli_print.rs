//! `garage-desk print`: the headless printing of a signed work order writes the same form
//! the app prints (compared by extracted text).

use garage_core::desk::print::estimate::{render_estimate_pdf, EstimatePrintRequest};
use garage_core::desk::print::work_order::{builtin_fonts, render_work_order_pdf, PrintRequest};
use garage_core::desk::PrintedFor;
use garage_core::forms::FormLang;
use garage_core::{Store, WorkOrderFilter, WorkOrderStatus};

mod cli_fixtures;
#[path = "../core/tests/intake_fixtures/mod.rs"]
mod intake_fixtures;
#[path = "../core/tests/settlement_fixtures/mod.rs"]
mod settlement_fixtures;
use cli_fixtures::*;

/// The demo shop's first job in `status` (a collected one is signed and archived; one in
/// the workshop is not yet settled): its id and number.
fn first_job(dir: &std::path::Path, status: WorkOrderStatus) -> (garage_core::WorkOrderId, String) {
    let store = Store::open_in_dir(dir).expect("store");
    let filter = WorkOrderFilter {
        statuses: vec![status],
        ..WorkOrderFilter::default()
    };
    let job = store
        .list_work_orders(&filter, chrono::Local::now().naive_local())
        .expect("jobs")
        .items
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("the demo shop has a job {status:?}"));
    (job.id, job.number)
}

#[test]
fn print_writes_the_same_work_order_the_app_prints() {
    let dir = tempfile::tempdir().expect("temp dir");
    demo_shop(dir.path(), 40, 3);

    let (id, number) = first_job(dir.path(), WorkOrderStatus::Collected);

    // Printed outside the data folder: nothing may be written into it from outside.
    let desk = tempfile::tempdir().expect("temp dir");
    let out = desk.path().join("cli.pdf");
    let out_arg = out.to_str().expect("utf-8 temp path");
    let printed = garage_desk(
        dir.path(),
        &[
            "print",
            &number,
            "--form",
            "work-order",
            "--lang",
            "en",
            "--out",
            out_arg,
        ],
    );
    succeeded(&printed);

    let store = Store::open_in_dir(dir.path()).expect("store");
    let request = PrintRequest {
        id,
        lang: Some(FormLang::En),
        printed_for: PrintedFor::Signed,
    };
    let fonts = builtin_fonts().expect("font");
    let now = chrono::Local::now().naive_local();
    let (pdf, _plan) =
        render_work_order_pdf(&store, dir.path(), fonts, &request, now).expect("rendered");
    let app = desk.path().join("app.pdf");
    std::fs::write(&app, pdf).expect("written");
    let cli_text = text_of(&out);
    assert!(cli_text.contains(&number), "the number is on the form");
    assert_eq!(
        cli_text,
        text_of(&app),
        "the CLI and the app print the same form"
    );
    assert!(
        !cli_text.contains("COPY"),
        "nothing archived yet: not a copy"
    );

    // Once the signed original is archived, a printing from the command line is a copy.
    garage_core::desk::archive::archive_signed_form(&store, dir.path(), fonts, id, now)
        .expect("archived");
    let reprinted = garage_desk(
        dir.path(),
        &["print", &number, "--lang", "en", "--out", out_arg],
    );
    succeeded(&reprinted);
    assert!(
        text_of(&out).contains("COPY"),
        "a reprint says COPY: {}",
        text_of(&out)
    );
}

#[test]
fn print_refuses_an_unknown_number_or_form() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("x.pdf");
    let out_arg = out.to_str().expect("utf-8 temp path");
    let missing = garage_desk(dir.path(), &["print", "WO-2026-99999", "--out", out_arg]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(missing.status.code(), Some(2));
    let form = garage_desk(
        dir.path(),
        &[
            "print",
            "WO-2026-00001",
            "--form",
            "settlement",
            "--out",
            out_arg,
        ],
    );
    assert_eq!(form.status.code(), Some(2));
    assert!(!out.exists());
}

#[test]
fn verify_passes_on_a_signed_job_and_names_the_part_that_was_altered() {
    let dir = tempfile::tempdir().expect("temp dir");
    demo_shop(dir.path(), 30, 5);
    let (id, number) = first_job(dir.path(), WorkOrderStatus::Collected);
    let archived = {
        let store = Store::open_in_dir(dir.path()).expect("store");
        let fonts = builtin_fonts().expect("font");
        let now = chrono::Local::now().naive_local();
        garage_core::desk::archive::archive_signed_form(&store, dir.path(), fonts, id, now)
            .expect("archived")
    };

    let ok = garage_desk(dir.path(), &["verify", &number]);
    let said = String::from_utf8_lossy(&ok.stdout).into_owned();
    assert_eq!(ok.status.code(), Some(0), "{said}");
    for part in [
        "snapshot",
        "record",
        "signature_fingerprint",
        "signature_image",
        "archived_pdf",
    ] {
        assert!(said.contains(part), "{part} is checked: {said}");
    }

    let pdf = dir.path().join(&archived.file_name);
    let mut bytes = std::fs::read(&pdf).expect("pdf");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(&pdf, bytes).expect("flipped");
    let bad = garage_desk(dir.path(), &["verify", &number]);
    let said = String::from_utf8_lossy(&bad.stdout).into_owned();
    assert_eq!(bad.status.code(), Some(1), "a failing part exits 1: {said}");
    assert!(
        said.contains("FAILS: archived_pdf"),
        "the part is named: {said}"
    );

    let unknown = garage_desk(dir.path(), &["verify", "WO-1999-00001"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn print_writes_the_estimate_the_app_prints_latest_version_by_default() {
    let dir = tempfile::tempdir().expect("temp dir");
    demo_shop(dir.path(), 20, 4);
    let now = chrono::Local::now().naive_local();
    let (id, number) = {
        let store = Store::open_in_dir(dir.path()).expect("store");
        let job = store
            .list_work_orders(&WorkOrderFilter::default(), now)
            .expect("jobs")
            .items
            .into_iter()
            .next()
            .expect("the demo shop has jobs");
        // The first look at a job's estimate makes its first draft.
        store.estimate_book(job.id, now).expect("estimate");
        (job.id, job.number)
    };

    let desk = tempfile::tempdir().expect("temp dir");
    let out = desk.path().join("estimate.pdf");
    let out_arg = out.to_str().expect("utf-8 temp path");
    let printed = garage_desk(
        dir.path(),
        &[
            "print", &number, "--form", "estimate", "--lang", "en", "--out", out_arg,
        ],
    );
    succeeded(&printed);
    let store = Store::open_in_dir(dir.path()).expect("store");
    let request = EstimatePrintRequest {
        id,
        version: None,
        lang: Some(FormLang::En),
    };
    let fonts = builtin_fonts().expect("font");
    let (pdf, _plan) =
        render_estimate_pdf(&store, dir.path(), fonts, &request, now).expect("rendered");
    let app = desk.path().join("app.pdf");
    std::fs::write(&app, pdf).expect("written");
    let cli_text = text_of(&out);
    assert!(cli_text.contains("Estimate") && cli_text.contains(&number));
    assert!(cli_text.contains("DRAFT"), "v1 is not approved yet");
    assert_eq!(
        cli_text,
        text_of(&app),
        "the CLI and the app print the same estimate"
    );

    let v1 = garage_desk(
        dir.path(),
        &[
            "print",
            &number,
            "--form",
            "estimate",
            "--version",
            "1",
            "--lang",
            "en",
            "--out",
            out_arg,
        ],
    );
    succeeded(&v1);
    let missing = garage_desk(
        dir.path(),
        &[
            "print",
            &number,
            "--form",
            "estimate",
            "--version",
            "9",
            "--out",
            out_arg,
        ],
    );
    assert_eq!(missing.status.code(), Some(2), "there is no version 9");
}

#[test]
fn print_writes_the_additional_items_slip_the_app_prints_and_refuses_a_job_without_any() {
    use garage_core::desk::print::additional::{render_additional_pdf, AdditionalSlipRequest};
    use garage_core::pricing::estimate::ApprovalChannel;
    use garage_core::pricing::{EstimateLine, Guarantee, GuaranteeClass, LineKind};
    use garage_core::workshop::{AdditionalItemInput, AnswerInput, ContactOutcome};

    let dir = tempfile::tempdir().expect("temp dir");
    demo_shop(dir.path(), 30, 6);
    let now = chrono::Local::now().naive_local();
    let (id, number, bare) = {
        let store = Store::open_in_dir(dir.path()).expect("store");
        let filter = WorkOrderFilter {
            statuses: vec![
                WorkOrderStatus::Open,
                WorkOrderStatus::CheckedIn,
                WorkOrderStatus::InWorkshop,
            ],
            ..WorkOrderFilter::default()
        };
        let jobs = store.list_work_orders(&filter, now).expect("jobs").items;
        assert!(jobs.len() >= 2, "the demo shop has cars in the workshop");
        let found = AdditionalItemInput {
            finding: "Front brake discs scored".into(),
            reason: "Below the minimum thickness".into(),
            safety_critical: true,
            photos: vec![],
            found_by: "Wang".into(),
            lines: vec![EstimateLine {
                kind: LineKind::Part,
                code: "43512-12680".into(),
                description: "Front discs".into(),
                system: None,
                qty_milli: 2_000,
                unit: "pc".into(),
                unit_price_minor: 35_000,
                discount_bp: 0,
                source: None,
                grade: None,
                customer_insists: false,
                guarantee: Guarantee {
                    class: GuaranteeClass::FirstLevel,
                    km: 2_000,
                    days: 10,
                },
            }],
            extra_minutes: 90,
        };
        let view = store
            .add_additional_item(jobs[0].id, &found, now)
            .expect("found");
        let yes = AnswerInput {
            outcome: ContactOutcome::Approved,
            channel: ApprovalChannel::Phone,
            spoke_with: "Li".into(),
            recorded_by: "Zhou".into(),
            new_promised_at: None,
            signature: None,
        };
        store
            .answer_additional_item(dir.path(), jobs[0].id, view.items[0].id, &yes, now)
            .expect("approved by phone");
        (jobs[0].id, jobs[0].number.clone(), jobs[1].number.clone())
    };

    let desk = tempfile::tempdir().expect("temp dir");
    let out = desk.path().join("slip.pdf");
    let out_arg = out.to_str().expect("utf-8 temp path");
    let printed = garage_desk(
        dir.path(),
        &[
            "print",
            &number,
            "--form",
            "additional-items",
            "--lang",
            "en",
            "--out",
            out_arg,
        ],
    );
    succeeded(&printed);
    let store = Store::open_in_dir(dir.path()).expect("store");
    let request = AdditionalSlipRequest {
        id,
        lang: Some(FormLang::En),
    };
    let fonts = builtin_fonts().expect("font");
    let (pdf, _plan) =
        render_additional_pdf(&store, dir.path(), fonts, &request, now).expect("rendered");
    let app = desk.path().join("app.pdf");
    std::fs::write(&app, pdf).expect("written");
    let cli_text = text_of(&out);
    for expected in [
        "Additional items",
        "Front brake discs scored",
        "APPROVED",
        "By phone",
    ] {
        assert!(cli_text.contains(expected), "{expected}:\n{cli_text}");
    }
    assert_eq!(
        cli_text,
        text_of(&app),
        "the CLI and the app print the same slip"
    );

    let none_out = desk.path().join("none.pdf");
    // Refusals are told in the language asked for (the demo shop's own is 简体中文).
    let refused = garage_desk(
        dir.path(),
        &[
            "print",
            &bare,
            "--form",
            "additional-items",
            "--lang",
            "en",
            "--out",
            none_out.to_str().expect("utf-8 temp path"),
        ],
    );
    assert_eq!(
        refused.status.code(),
        Some(2),
        "a job without items has no slip"
    );
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("no additional items"),
        "the refusal says why: {said}"
    );
    assert!(!none_out.exists(), "nothing written");
}

#[test]
fn print_writes_the_settlement_slip_a_receipt_on_a_roll_and_the_service_card() {
    use garage_core::settlement::payment::{CreditNoteInput, PaymentMethod};
    use garage_core::settlement::staff::ApprovalAction;
    use intake_fixtures::at;
    use settlement_fixtures::{approve, pay, signed_job, supervisor};

    let dir = tempfile::tempdir().expect("temp dir");
    let number = {
        let store = Store::open_in_dir(dir.path()).expect("store");
        let id = signed_job(&store, dir.path());
        store
            .record_payment(id, &pay(PaymentMethod::Card, 118_000), at(3, 16, 5))
            .expect("paid");
        let boss = supervisor(&store);
        let ok = approve(&store, id, boss, ApprovalAction::CreditNote, at(3, 17, 0));
        let input = CreditNoteInput {
            amount_minor: 5_000,
            reason: "wiper blade not fitted".into(),
            issued_by: "周敏".into(),
            approval_id: ok.id,
        };
        store
            .issue_credit_note(id, &input, at(3, 17, 1))
            .expect("credit note");
        store.get_work_order(id).expect("job").work_order.number
    };
    let desk = tempfile::tempdir().expect("temp dir");
    let run = |args: &[&str], file: &str| {
        let out = desk.path().join(file);
        let out_arg = out.to_str().expect("utf-8 temp path").to_string();
        let mut all = vec!["print", number.as_str()];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--lang", "en", "--out", &out_arg]);
        let printed = garage_desk(dir.path(), &all);
        assert!(
            printed.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&printed.stderr)
        );
        text_of(&out)
    };
    let slip = run(&["--form", "settlement"], "slip.pdf");
    assert!(
        slip.contains("SET-") && slip.contains("Amount due"),
        "{slip}"
    );
    assert!(
        slip.contains("COPY"),
        "the signed original is archived: {slip}"
    );
    let receipt = run(
        &["--form", "receipt", "--payment", "1", "--width", "80mm"],
        "receipt.pdf",
    );
    assert!(
        // Paid in full, then 50.00 credited: the receipt still says what it said when
        // the payment was taken, nothing due and nothing to give back.
        receipt.contains("1,180.00")
            && receipt.contains("Balance still due")
            && receipt.contains("¥0.00")
            && !receipt.contains("To give back"),
        "{receipt}"
    );
    let card = run(&["--form", "service-card"], "card.pdf");
    assert!(card.contains("Next maintenance due"), "{card}");
    let note = run(&["--form", "credit-note", "--note", "1"], "cn.pdf");
    assert!(
        note.contains("CN-2026-00001") && note.contains("wiper blade not fitted"),
        "{note}"
    );

    let wrong = garage_desk(
        dir.path(),
        &[
            "print", &number, "--form", "estimate", "--width", "80mm", "--out", "x.pdf",
        ],
    );
    assert_eq!(wrong.status.code(), Some(2), "--width is for receipts");
}

#[test]
fn the_exit_notice_is_refused_before_it_is_issued_and_a_forged_pass_fails_the_gate_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    demo_shop(dir.path(), 20, 7);
    let (_, number) = first_job(dir.path(), WorkOrderStatus::InWorkshop);
    let desk = tempfile::tempdir().expect("temp dir");
    let out = desk.path().join("exit.pdf");
    let out_arg = out.to_str().expect("utf-8 temp path");
    let refused = garage_desk(
        dir.path(),
        &["print", &number, "--form", "exit-notice", "--out", out_arg],
    );
    assert_ne!(refused.status.code(), Some(0), "no exit notice issued yet");
    assert!(!out.exists());

    let help = garage_desk(dir.path(), &["print", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("exit-notice"));

    let fingerprint = "ab".repeat(32);
    let forged = format!(
        "GD-EXIT/1|EX-2026-00001|{number}|SET-2026-00001|沪A00000|2026-03-03T16:20|X|{fingerprint}"
    );
    let checked = garage_desk(dir.path(), &["check-exit", &forged]);
    assert_eq!(checked.status.code(), Some(1), "no such exit notice");
    let said = String::from_utf8_lossy(&checked.stdout);
    assert!(said.contains("INVALID"), "{said}");
    let garbage = garage_desk(dir.path(), &["check-exit", "hello"]);
    assert_eq!(garbage.status.code(), Some(1));
}

/// A data folder holding one open job (no estimate yet) and its number.
fn one_open_job() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let job = intake_fixtures::job(&store);
    assert!(
        store.estimate_version(job.work_order.id, None).is_err(),
        "the job has no estimate yet"
    );
    (dir, job.work_order.number)
}

#[test]
fn printing_into_the_data_folder_names_the_out_argument_and_why_in_the_language_asked() {
    let (dir, number) = one_open_job();
    let inside = dir.path().join("forms-copy.pdf");
    let inside_arg = inside.to_str().expect("utf-8 temp path");
    for (lang, why) in [
        (
            "en",
            "--out: Choose a folder outside the shop's data folder",
        ),
        ("zh-Hans", "--out: 请选择店铺数据文件夹以外的位置"),
    ] {
        let refused = garage_desk(
            dir.path(),
            &["print", &number, "--lang", lang, "--out", inside_arg],
        );
        let said = stderr_of(&refused);
        assert_eq!(refused.status.code(), Some(2), "{said}");
        assert!(
            said.contains(why),
            "{lang}: names --out and the reason: {said}"
        );
        assert!(
            !said.contains("highlighted") && !said.contains("标出"),
            "{lang}: there are no highlighted fields in a terminal: {said}"
        );
        assert!(
            !inside.exists(),
            "{lang}: nothing written into the data folder"
        );
    }
}

#[test]
fn printing_an_estimate_a_job_does_not_have_says_so_in_a_sentence_in_the_language_asked() {
    let (dir, number) = one_open_job();
    let desk = tempfile::tempdir().expect("temp dir");
    let out = desk.path().join("estimate.pdf");
    let out_arg = out.to_str().expect("utf-8 temp path");
    for (lang, sentence) in [("en", "Estimate not found."), ("zh-Hant", "找不到估價單。")] {
        let refused = garage_desk(
            dir.path(),
            &[
                "print", &number, "--form", "estimate", "--lang", lang, "--out", out_arg,
            ],
        );
        let said = stderr_of(&refused);
        assert_eq!(refused.status.code(), Some(2), "{said}");
        assert!(said.contains(sentence), "{lang}: {said}");
        assert!(!said.contains("entity."), "{lang}: no raw key: {said}");
        assert!(!out.exists(), "{lang}: nothing written");
    }
}

#[test]
fn an_argument_that_does_not_apply_to_the_form_is_named_in_the_language_asked() {
    let (dir, number) = one_open_job();
    let desk = tempfile::tempdir().expect("temp dir");
    let out = desk.path().join("x.pdf");
    let out_arg = out.to_str().expect("utf-8 temp path");
    for (lang, said_in) in [
        ("en", "--note: applies to --form credit-note only."),
        ("zh-Hans", "--note：仅适用于 --form credit-note。"),
    ] {
        let refused = garage_desk(
            dir.path(),
            &[
                "print", &number, "--form", "estimate", "--note", "1", "--lang", lang, "--out",
                out_arg,
            ],
        );
        let said = stderr_of(&refused);
        assert_eq!(refused.status.code(), Some(2), "{said}");
        assert!(said.contains(said_in), "{lang}: {said}");
        assert!(!out.exists(), "{lang}: nothing written");
    }
}

#[test]
fn print_writes_the_diagnosis_report_and_the_dispatch_sheet_once_saved() {
    use garage_core::domain::diagnosis::{DiagnosisCheck, DiagnosisInput, Judgement, RoadTest};
    use garage_core::domain::dispatch::{DispatchInput, DispatchItem, DispatchMode};
    let (dir, number) = one_open_job();
    let desk = tempfile::tempdir().expect("temp dir");
    let out = desk.path().join("diag.pdf");
    let out_arg = out.to_str().expect("utf-8 temp path");
    let print_diagnosis = [
        "print",
        &number,
        "--form",
        "diagnosis",
        "--out",
        out_arg,
        "--lang",
        "en",
    ];
    let refused = garage_desk(dir.path(), &print_diagnosis);
    assert_ne!(refused.status.code(), Some(0), "no report saved yet");
    assert!(
        stderr_of(&refused).contains("no diagnosis report"),
        "{}",
        stderr_of(&refused)
    );
    assert!(!out.exists());

    {
        let store = Store::open_in_dir(dir.path()).expect("store");
        let id = store.find_work_order(&number).expect("job");
        let now = intake_fixtures::at(2, 10, 0);
        let report = DiagnosisInput {
            checks: vec![DiagnosisCheck {
                item: "Front pad thickness".into(),
                reading: "2".into(),
                unit: "mm".into(),
                judgement: Judgement::Fault,
            }],
            road_test_needed: true,
            road_test: Some(RoadTest {
                driver: "Wang".into(),
                distance_km: 5,
                observed: "Squeal when braking".into(),
            }),
            findings: "Pads worn".into(),
            recommendation: "Replace the front pads".into(),
            technician: "Wang".into(),
        };
        store.save_diagnosis(id, &report, now).expect("report");
        let sheet = DispatchInput {
            mode: DispatchMode::MultiTeam,
            assigned_to: "Chen (workshop head)".into(),
            items: vec![DispatchItem {
                description: "Replace front pads".into(),
                planned_minutes: 75,
            }],
            handed_at: None,
            dispatched_by: "Zhou".into(),
        };
        store.save_dispatch(id, &sheet, now).expect("sheet");
    }
    let printed = garage_desk(dir.path(), &print_diagnosis);
    succeeded(&printed);
    let text = text_of(&out);
    for part in [
        "Diagnosis report",
        "Front pad thickness",
        "Squeal when braking",
        "Replace the front pads",
    ] {
        assert!(text.contains(part), "{part} in:\n{text}");
    }
    let sheet_out = desk.path().join("dispatch.pdf");
    let sheet_arg = sheet_out.to_str().expect("utf-8 temp path");
    let printed = garage_desk(
        dir.path(),
        &[
            "print", &number, "--form", "dispatch", "--out", sheet_arg, "--lang", "zh-Hans",
        ],
    );
    succeeded(&printed);
    let text = text_of(&sheet_out);
    for part in ["派工单", "车间主管", "Chen (workshop head)", "1.25"] {
        assert!(text.contains(part), "{part} in:\n{text}");
    }
    let help = garage_desk(dir.path(), &["print", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    assert!(
        help.contains("diagnosis") && help.contains("dispatch"),
        "{help}"
    );
}
