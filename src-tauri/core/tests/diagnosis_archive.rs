//! The signed diagnosis report kept like every signed form: archived once under `forms/`
//! with its SHA-256 when the technician signs, every later printing a COPY, the
//! technician's signature bound to the report by its fingerprint; `verify` names a
//! flipped byte in the archived PDF or in the ink, and a report changed behind the desk's
//! back; the end-of-day export carries the archived PDF.
mod export_fixtures;
mod intake_fixtures;

use std::path::{Path, PathBuf};

use export_fixtures::shop;
use garage_core::desk::print::diagnosis::{
    archive_diagnosis, diagnosis_print_copy, sign_and_archive_diagnosis, DiagnosisRequest,
};
use garage_core::desk::print::work_order::builtin_fonts;
use garage_core::desk::verify::{
    verify_work_order, VerifyPart, VerifyReport, VerifyStatus, DIAGNOSIS_SUBJECT,
};
use garage_core::domain::diagnosis::{DiagnosisCheck, DiagnosisInput, DiagnosisView, Judgement};
use garage_core::error::CoreError;
use garage_core::export::export_day;
use garage_core::forms::FormLang;
use garage_core::intake::SignatureRole;
use garage_core::reason::Reason;
use garage_core::{Store, WorkOrderId};
use intake_fixtures::*;

fn report() -> DiagnosisInput {
    DiagnosisInput {
        checks: vec![DiagnosisCheck {
            item: "前刹车片厚度 Front pad thickness".into(),
            reading: "2".into(),
            unit: "mm".into(),
            judgement: Judgement::Fault,
        }],
        road_test_needed: false,
        road_test: None,
        findings: "前刹车片磨损到极限 Front pads worn to the limit".into(),
        recommendation: "更换前刹车片 Replace the front pads".into(),
        technician: "王师傅".into(),
    }
}

/// The technician signs the saved report at 10:10 on March 2nd, through the window's path.
fn sign(store: &Store, dir: &Path, id: WorkOrderId) -> DiagnosisView {
    store
        .save_diagnosis(id, &report(), at(2, 10, 0))
        .expect("saved");
    let pad = signature(SignatureRole::WorkshopReceiver, "王建华");
    let fonts = builtin_fonts().expect("fonts");
    sign_and_archive_diagnosis(store, dir, fonts, id, &pad, at(2, 10, 10)).expect("signed")
}

fn pdf_text(path: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn flip_byte(path: &Path) {
    let mut bytes = std::fs::read(path).expect("read");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(path, bytes).expect("write");
}

fn failed(report: &VerifyReport) -> Vec<(VerifyPart, String, VerifyStatus)> {
    report
        .failures()
        .map(|c| (c.part, c.subject.clone(), c.status))
        .collect()
}

#[test]
fn signing_archives_the_report_once_and_every_later_printing_is_a_copy() {
    let (dir, store, id) = shop();
    let view = sign(&store, dir.path(), id);
    assert_eq!(view.archive_failed, None);
    let archived = view.archived.expect("archived at the signing");
    assert_eq!(archived.form, "diagnosis");
    assert!(
        archived.file_name.starts_with("forms/WO-2026-")
            && archived.file_name.contains("-diagnosis-"),
        "kept under forms/ like the other signed forms: {}",
        archived.file_name
    );
    assert_eq!(archived.created_at, at(2, 10, 10));
    let original = dir.path().join(&archived.file_name);
    let bytes = std::fs::read(&original).expect("the archived PDF");
    assert_eq!(
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes)),
        archived.sha256,
        "its SHA-256 is kept with its row"
    );
    let text = pdf_text(&original);
    assert!(
        text.contains("王建华") && !text.contains("COPY"),
        "the original carries the technician and is no copy:\n{text}"
    );

    let fonts = builtin_fonts().expect("fonts");
    let again = archive_diagnosis(&store, dir.path(), fonts, id, at(2, 11, 0)).expect("again");
    assert_eq!(again.as_ref(), Some(&archived), "archived once, not twice");
    let request = DiagnosisRequest {
        id,
        lang: Some(FormLang::En),
    };
    let printed =
        diagnosis_print_copy(&store, dir.path(), fonts, &request, at(2, 11, 0)).expect("printed");
    assert!(
        printed.to_string_lossy().ends_with("-copy.pdf"),
        "{}",
        printed.display()
    );
    assert!(pdf_text(&printed).contains("COPY"), "a reprint says COPY");
    assert_eq!(
        std::fs::read(&original).expect("original"),
        bytes,
        "printing never rewrites the original"
    );
    let forms = store.list_archived_forms(id).expect("list");
    assert_eq!(forms.iter().filter(|f| f.form == "diagnosis").count(), 1);
    assert!(
        matches!(
            store.save_diagnosis(id, &report(), at(2, 11, 5)),
            Err(CoreError::Conflict {
                code: Reason::DiagnosisSigned
            })
        ),
        "a signed report no longer changes"
    );
}

#[test]
fn verify_checks_the_technicians_signature_and_names_a_flipped_byte() {
    let (dir, store, id) = shop();
    let view = sign(&store, dir.path(), id);
    let archived = view.archived.expect("archived");
    let ink = view
        .diagnosis
        .and_then(|d| d.signature)
        .expect("signed")
        .png_sha256;
    let report = verify_work_order(&store, dir.path(), id).expect("verify");
    assert!(report.matches, "{report:?}");
    for part in [VerifyPart::SignatureFingerprint, VerifyPart::SignatureImage] {
        assert!(
            report
                .checks
                .iter()
                .any(|c| c.part == part && c.subject == DIAGNOSIS_SUBJECT),
            "the technician's signature is checked ({part:?}): {report:?}"
        );
    }
    assert!(report
        .checks
        .iter()
        .any(|c| c.part == VerifyPart::ArchivedPdf && c.subject == archived.file_name));

    let pdf = dir.path().join(&archived.file_name);
    let kept = std::fs::read(&pdf).expect("pdf");
    flip_byte(&pdf);
    let report = verify_work_order(&store, dir.path(), id).expect("verify");
    assert!(!report.matches);
    assert_eq!(
        failed(&report),
        [(
            VerifyPart::ArchivedPdf,
            archived.file_name.clone(),
            VerifyStatus::Altered
        )],
        "only the archived diagnosis PDF is named"
    );
    std::fs::write(&pdf, kept).expect("restored");

    let png = dir.path().join("signatures").join(format!("{ink}.png"));
    flip_byte(&png);
    let report = verify_work_order(&store, dir.path(), id).expect("verify");
    assert!(
        failed(&report).contains(&(
            VerifyPart::SignatureImage,
            DIAGNOSIS_SUBJECT.to_string(),
            VerifyStatus::Altered
        )),
        "the technician's ink is named: {report:?}"
    );
}

#[test]
fn a_report_changed_behind_the_desks_back_fails_the_technicians_fingerprint() {
    let (dir, store, id) = shop();
    sign(&store, dir.path(), id);
    store
        .with_conn(|c| {
            c.execute(
                "UPDATE diagnosis_checks SET reading = '6' WHERE work_order_id = ?1",
                [id],
            )?;
            Ok(())
        })
        .expect("tampered");
    let report = verify_work_order(&store, dir.path(), id).expect("verify");
    assert_eq!(
        failed(&report),
        [(
            VerifyPart::SignatureFingerprint,
            DIAGNOSIS_SUBJECT.to_string(),
            VerifyStatus::Altered
        )],
        "the reading changed after the technician signed: {report:?}"
    );
}

#[test]
fn a_report_signed_before_fingerprints_were_kept_is_not_checkable_but_its_ink_is() {
    let (dir, store, id) = shop();
    sign(&store, dir.path(), id);
    store
        .with_conn(|c| {
            c.execute(
                "UPDATE diagnoses SET report_sha256 = NULL, fingerprint = NULL",
                [],
            )?;
            Ok(())
        })
        .expect("as signed before migration 014");
    let report = verify_work_order(&store, dir.path(), id).expect("verify");
    assert!(report.matches, "{report:?}");
    let status = |part| {
        report
            .checks
            .iter()
            .find(|c| c.part == part && c.subject == DIAGNOSIS_SUBJECT)
            .map(|c| c.status)
    };
    assert_eq!(
        status(VerifyPart::SignatureFingerprint),
        Some(VerifyStatus::NotCheckable)
    );
    assert_eq!(status(VerifyPart::SignatureImage), Some(VerifyStatus::Ok));
}

#[test]
fn a_signature_whose_archive_cannot_be_written_stands_and_the_next_printing_archives_it() {
    let (dir, store, id) = shop();
    let forms = dir.path().join("forms");
    let aside = dir.path().join("forms-aside");
    std::fs::rename(&forms, &aside).expect("forms aside");
    // A file where the forms folder should be: as on a full disk.
    std::fs::write(&forms, b"not a folder").expect("block");
    let view = sign(&store, dir.path(), id);
    assert_eq!(view.archive_failed, Some(Reason::ArchiveFailed));
    assert!(
        view.archived.is_none() && !view.editable,
        "signed all the same"
    );
    std::fs::remove_file(&forms).expect("unblock");
    std::fs::rename(&aside, &forms).expect("forms back");
    let fonts = builtin_fonts().expect("fonts");
    let request = DiagnosisRequest { id, lang: None };
    let printed =
        diagnosis_print_copy(&store, dir.path(), fonts, &request, at(2, 11, 0)).expect("printed");
    let archived = store.diagnosis(id).expect("view").archived;
    let archived = archived.expect("the printing archived the original first");
    assert!(dir.path().join(&archived.file_name).is_file());
    assert!(printed.to_string_lossy().ends_with("-copy.pdf"));
}

#[test]
fn the_days_export_carries_the_archived_diagnosis_report() {
    let (dir, store, id) = shop();
    let archived = sign(&store, dir.path(), id).archived.expect("archived");
    let stick = tempfile::tempdir().expect("stick");
    let outcome = export_day(&store, dir.path(), stick.path(), 30, at(2, 18, 0)).expect("export");
    let bundle = PathBuf::from(&outcome.export.bundle_path);
    let base = Path::new(&archived.file_name)
        .file_name()
        .expect("a file name");
    let carried = bundle.join("signed").join(base);
    assert_eq!(
        std::fs::read(&carried).expect("the diagnosis PDF is in the bundle"),
        std::fs::read(dir.path().join(&archived.file_name)).expect("original"),
        "the very PDF that was signed"
    );
    assert_eq!(
        outcome.counts.signed_today, 2,
        "the work order and the diagnosis"
    );
}
