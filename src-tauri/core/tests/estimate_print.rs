//! Printing a job's estimate from the store: a draft prints as DRAFT, an approved
//! version is archived once under `forms/` with its `estimate-v<N>` row, and every later
//! printing of it is a COPY.
mod intake_fixtures;

use std::process::Command;

use garage_core::desk::print::estimate::{
    approve_and_archive_estimate, archive_estimate, estimate_form_name, render_estimate_pdf,
    EstimatePrintRequest,
};
use garage_core::desk::print::work_order::builtin_fonts;
use garage_core::error::CoreError;
use garage_core::forms::FormLang;
use garage_core::intake::SignatureRole;
use garage_core::pricing::estimate::{ApprovalChannel, ApprovalInput, EstimateDraftInput};
use garage_core::pricing::{
    Guarantee, GuaranteeClass, LineKind, PartGrade, PartSource, PricingSettings, TaxSettings,
};
use garage_core::reason::Reason;
use garage_core::Store;
use intake_fixtures::*;

fn text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("estimate.pdf");
    std::fs::write(&path, pdf).expect("pdf written");
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn an_approved_version_is_archived_once_and_reprints_are_copies() {
    let store = Store::open_in_memory().expect("store");
    let settings = PricingSettings {
        tax: TaxSettings::flat(1_300),
        ..PricingSettings::default()
    };
    store.save_pricing_settings(&settings).expect("settings");
    let id = job(&store).work_order.id;
    let dir = tempfile::tempdir().expect("data dir");
    let fonts = builtin_fonts().expect("fonts");

    let book = store.estimate_book(id, now()).expect("first draft");
    let mut lines = book.current.lines.clone();
    let mut own = lines[0].clone();
    own.kind = LineKind::Part;
    own.description = "客户自带刹车片 Customer's own pads".into();
    own.qty_milli = 1_000;
    own.unit_price_minor = 0;
    own.source = Some(PartSource::Customer);
    own.grade = Some(PartGrade::Aftermarket);
    own.guarantee = Guarantee {
        class: GuaranteeClass::None,
        km: 0,
        days: 0,
    };
    lines.push(own);
    let draft = EstimateDraftInput {
        mode: book.current.mode,
        risk_margin_bp: book.current.risk_margin_bp,
        note: String::new(),
        lines,
    };
    let book = store.save_estimate_draft(id, &draft, now()).expect("saved");

    assert!(
        matches!(
            archive_estimate(&store, dir.path(), fonts, id, 1, now()),
            Err(CoreError::Conflict {
                code: Reason::EstimateNotApproved
            })
        ),
        "a draft is never archived"
    );
    let request = EstimatePrintRequest {
        id,
        version: None,
        lang: Some(FormLang::En),
    };
    let (pdf, plan) =
        render_estimate_pdf(&store, dir.path(), fonts, &request, now()).expect("draft");
    assert!(!plan.copy);
    let text = text_of(&pdf);
    assert!(text.contains("DRAFT"), "a draft says so:\n{text}");
    assert!(text.contains("No quality guarantee"), "{text}");

    let approval = ApprovalInput {
        channel: ApprovalChannel::Signature,
        approved_by: "李建国".into(),
        recorded_by: "周敏".into(),
        signature: Some(signature(SignatureRole::Customer, "李建国")),
        shown_hash: book.current.draft_hash.clone(),
    };
    let book = store
        .approve_estimate(dir.path(), id, &approval, at(2, 10, 0))
        .expect("approved");
    let fingerprint = book.current.fingerprint.clone().expect("frozen");

    let archived =
        archive_estimate(&store, dir.path(), fonts, id, 1, at(2, 10, 1)).expect("archived");
    assert_eq!(archived.form, estimate_form_name(1));
    assert_eq!(archived.form, "estimate-v1");
    let path = dir.path().join(&archived.file_name);
    assert!(
        archived.file_name.starts_with("forms/"),
        "{}",
        archived.file_name
    );
    let original = std::fs::read(&path).expect("the original is on disk");
    let text = text_of(&original);
    assert!(
        text.contains(&fingerprint[..12]),
        "the fingerprint is printed:\n{text}"
    );
    assert!(
        !text.contains("DRAFT") && !text.contains("COPY"),
        "the original:\n{text}"
    );

    let again = archive_estimate(&store, dir.path(), fonts, id, 1, at(2, 11, 0)).expect("again");
    assert_eq!(again.id, archived.id, "archived once");
    assert_eq!(
        std::fs::read(&path).expect("still there"),
        original,
        "never rewritten"
    );

    let (copy, plan) =
        render_estimate_pdf(&store, dir.path(), fonts, &request, at(2, 12, 0)).expect("copy");
    assert!(plan.copy, "an archived version reprints as a COPY");
    assert!(text_of(&copy).contains("COPY"));
}

#[test]
fn printing_an_approval_whose_archive_failed_archives_it_first() {
    use garage_core::desk::print::estimate::estimate_print_copy;
    let store = Store::open_in_memory().expect("store");
    let id = job(&store).work_order.id;
    let dir = tempfile::tempdir().expect("data dir");
    let fonts = builtin_fonts().expect("fonts");
    let book = store.estimate_book(id, now()).expect("first draft");
    let approval = ApprovalInput {
        channel: ApprovalChannel::Phone,
        approved_by: "李建国".into(),
        recorded_by: "周敏".into(),
        signature: None,
        shown_hash: book.current.draft_hash.clone(),
    };
    store
        .approve_estimate(dir.path(), id, &approval, at(2, 10, 0))
        .expect("approved, archive not written (as when the disk refused it)");
    assert!(store
        .archived_form(id, &estimate_form_name(1))
        .expect("query")
        .is_none());
    let request = EstimatePrintRequest {
        id,
        version: None,
        lang: Some(FormLang::En),
    };
    let printed =
        estimate_print_copy(&store, dir.path(), fonts, &request, at(2, 11, 0)).expect("printed");
    let archived = store
        .archived_form(id, &estimate_form_name(1))
        .expect("query")
        .expect("the print archived the original first");
    assert!(dir.path().join(&archived.file_name).is_file());
    assert!(
        printed.to_string_lossy().ends_with("-copy.pdf"),
        "what is printed after the original is a COPY: {}",
        printed.display()
    );
    assert!(text_of(&std::fs::read(&printed).expect("print copy")).contains("COPY"));
}

#[test]
fn an_approval_whose_archive_cannot_be_written_stands_and_tells_the_window_why() {
    let dir = tempfile::tempdir().expect("data dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let id = job(&store).work_order.id;
    let fonts = builtin_fonts().expect("fonts");
    // A file where the forms folder should be: the archive cannot be written, as on a
    // full disk.
    std::fs::write(dir.path().join("forms"), b"not a folder").expect("block");
    let book = store.estimate_book(id, now()).expect("first draft");
    let approval = ApprovalInput {
        channel: ApprovalChannel::Phone,
        approved_by: "李建国".into(),
        recorded_by: "周敏".into(),
        signature: None,
        shown_hash: book.current.draft_hash.clone(),
    };
    let approved = approve_and_archive_estimate(&store, dir.path(), fonts, id, &approval, now())
        .expect("the approval stands");
    assert_eq!(
        approved.archive_failed,
        Some(Reason::ArchiveFailed),
        "the outcome carries the failure, not only the log"
    );
    assert!(approved.current.approval.is_some(), "approved all the same");
    assert!(
        store
            .archived_form(id, &estimate_form_name(1))
            .expect("query")
            .is_none(),
        "no archive row for a PDF that was not written: the next print archives it"
    );
    assert_eq!(
        store.estimate_book(id, now()).expect("book").archive_failed,
        None,
        "only the step that failed reports it"
    );

    std::fs::remove_file(dir.path().join("forms")).expect("unblock");
    let archived = archive_estimate(&store, dir.path(), fonts, id, 1, now()).expect("retry");
    assert!(dir.path().join(&archived.file_name).is_file());
}
