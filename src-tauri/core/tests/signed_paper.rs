//! Signed paper you can prove: the frozen snapshot holds the paper itself (terms, header,
//! language), the original is archived once, every later rendering is a COPY, and
//! `verify` names each part that was tampered with.
mod intake_fixtures;

use std::path::Path;
use std::process::Command;

use base64::Engine;
use garage_core::desk::archive::{archive_signed_form, sign_and_archive};
use garage_core::desk::print::work_order::{
    builtin_fonts, check_save_target, plan_printing, print_copy_path, save_work_order_pdf,
    PrintRequest,
};
use garage_core::desk::verify::{verify_work_order, VerifyPart, VerifyStatus};
use garage_core::desk::PrintedFor;
use garage_core::error::CoreError;
use garage_core::forms::FormLang;
use garage_core::intake::{IntakeSection, SignatureRole};
use garage_core::{Store, WorkOrderId};
use intake_fixtures::*;

fn text_of(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext must be installed (poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn pdf_info(pdf: &Path) -> String {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| panic!("pdfinfo must be installed (poppler-utils): {e}"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A shop with terms and a logo, a job filled in and signed by the customer; returns the
/// job's id.
fn signed_job(store: &Store, dir: &Path) -> WorkOrderId {
    let mut settings = store.get_settings().expect("settings");
    settings.shop_name = "顺达汽修 Shunda Auto".into();
    settings.terms = "OLD-TERMS: old parts go back to the customer.".into();
    store.save_settings(&settings).expect("settings saved");
    let logo = dir.join("logo-source.png");
    std::fs::write(&logo, signature_png()).expect("logo source");
    garage_core::desk::logo::set_logo(store, dir, Some(&logo)).expect("logo set");

    let id = job(store).work_order.id;
    fill_intake(store, id);
    let photo = garage_core::files::photos::store_photo(dir, &signature_png()).expect("photo");
    let mut items = store.get_work_order(id).expect("job").intake.inspection;
    items[0].photos = vec![photo.name];
    store
        .save_intake_section(id, &IntakeSection::Inspection(items), now())
        .expect("photo on an item");
    store
        .sign_work_order(
            dir,
            id,
            &signature(SignatureRole::Advisor, "周敏"),
            at(2, 9, 20),
        )
        .expect("the advisor signs the draft");
    let fonts = builtin_fonts().expect("font");
    let outcome = sign_and_archive(
        store,
        dir,
        fonts,
        id,
        &customer_signature(store, id),
        at(2, 9, 30),
    )
    .expect("signed");
    assert!(outcome.archived.is_some() && outcome.archive_failed.is_none());
    id
}

#[test]
fn a_reprint_after_the_shop_edits_its_terms_still_shows_the_terms_the_customer_signed() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let id = signed_job(&store, dir.path());

    let mut settings = store.get_settings().expect("settings");
    settings.terms = "NEW-TERMS: nothing is guaranteed.".into();
    settings.shop_name = "Renamed Garage".into();
    store.save_settings(&settings).expect("terms edited");

    let fonts = builtin_fonts().expect("font");
    let request = PrintRequest {
        id,
        lang: None,
        printed_for: PrintedFor::Signed,
    };
    let copy = print_copy_path(&store, dir.path(), fonts, &request, at(5, 10, 0)).expect("copy");
    let text = text_of(&copy);
    assert!(text.contains("OLD-TERMS"), "the signed terms: {text}");
    assert!(
        !text.contains("NEW-TERMS"),
        "never terms the customer did not see"
    );
    assert!(text.contains("顺达汽修"), "the header as signed");
    assert!(!text.contains("RenamedGarage"));
    assert!(
        text.contains("副本") || text.contains("COPY"),
        "a reprint is a COPY"
    );

    let report = verify_work_order(&store, dir.path(), id).expect("verify");
    assert!(
        report.matches,
        "the archived original still matches: {report:?}"
    );
}

#[test]
fn the_original_is_written_once_in_the_signed_language_and_dated_at_the_signing() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let id = signed_job(&store, dir.path());
    let original = store.original_form(id).expect("read").expect("archived");
    assert_eq!(original.lang, FormLang::ZhHans, "the customer's language");
    let path = dir.path().join(&original.file_name);
    let bytes = std::fs::read(&path).expect("original");

    // The shop switches its form language: the original stays what it was.
    let mut settings = store.get_settings().expect("settings");
    settings.form_language = Some(FormLang::En);
    store.save_settings(&settings).expect("saved");
    let fonts = builtin_fonts().expect("font");
    let again = archive_signed_form(&store, dir.path(), fonts, id, at(6, 9, 0)).expect("again");
    assert_eq!(again, original, "archiving again returns the original");
    assert_eq!(
        std::fs::read(&path).expect("original"),
        bytes,
        "never rewritten"
    );
    let plan = plan_printing(&store, id, None).expect("plan");
    assert_eq!(
        plan.lang,
        FormLang::ZhHans,
        "a reprint defaults to the signed language"
    );
    assert!(plan.copy);

    let info = pdf_info(&path);
    assert!(
        info.contains("2026") && info.contains("Mar") || info.contains("2026-03-02"),
        "the creation time is the signing time, not 1970: {info}"
    );
    assert!(!info.contains("1970"), "{info}");
}

#[test]
fn verify_names_each_part_that_was_tampered_with() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let id = signed_job(&store, dir.path());
    let report = verify_work_order(&store, dir.path(), id).expect("verify");
    assert!(report.matches, "untouched: {report:?}");
    let parts: Vec<VerifyPart> = report.checks.iter().map(|c| c.part).collect();
    for part in [
        VerifyPart::Snapshot,
        VerifyPart::Record,
        VerifyPart::SignatureFingerprint,
        VerifyPart::SignatureImage,
        VerifyPart::Photo,
        VerifyPart::Logo,
        VerifyPart::ArchivedPdf,
    ] {
        assert!(parts.contains(&part), "{part:?} is checked: {parts:?}");
    }

    let failed = |store: &Store| -> Vec<(VerifyPart, VerifyStatus)> {
        verify_work_order(store, dir.path(), id)
            .expect("verify")
            .failures()
            .map(|c| (c.part, c.status))
            .collect()
    };
    let flip = |path: &Path| {
        let mut bytes = std::fs::read(path).expect("read");
        let last = bytes.len() - 1;
        bytes[last] ^= 0x01;
        std::fs::write(path, bytes).expect("write");
    };
    let restore = |path: &Path, bytes: &[u8]| std::fs::write(path, bytes).expect("restore");
    let files_of = |sub: &str| -> Vec<std::path::PathBuf> {
        std::fs::read_dir(dir.path().join(sub))
            .expect("folder")
            .map(|e| e.expect("entry").path())
            .collect()
    };

    // Each file in turn: a flipped byte is named as that part, a missing file as missing.
    let pdf = dir.path().join(
        store
            .original_form(id)
            .expect("read")
            .expect("pdf")
            .file_name,
    );
    let logo = files_of("logo").remove(0);
    let photo = files_of("photos").remove(0);
    let signature = files_of("signatures")
        .into_iter()
        .next()
        .expect("a signature image");
    for (path, part) in [
        (&pdf, VerifyPart::ArchivedPdf),
        (&logo, VerifyPart::Logo),
        (&photo, VerifyPart::Photo),
        (&signature, VerifyPart::SignatureImage),
    ] {
        let bytes = std::fs::read(path).expect("read");
        let only = |status: VerifyStatus| {
            let found = failed(&store);
            // Two signatures may share one image file: each is named.
            assert!(
                !found.is_empty() && found.iter().all(|f| *f == (part, status)),
                "{path:?}: {found:?}"
            );
        };
        flip(path);
        only(VerifyStatus::Altered);
        std::fs::remove_file(path).expect("remove");
        only(VerifyStatus::Missing);
        restore(path, &bytes);
        assert!(failed(&store).is_empty(), "restored {path:?}");
    }

    // The rows: a signer's name edited, the frozen snapshot edited.
    let db = dir.path().join("garage-desk.sqlite3");
    let sql = |statement: &str| {
        let conn = rusqlite::Connection::open(&db).expect("db");
        conn.execute(statement, []).expect("tamper");
    };
    sql("UPDATE signatures SET signer_name = 'Someone Else' WHERE role = 'advisor'");
    assert_eq!(
        failed(&store),
        vec![(VerifyPart::SignatureFingerprint, VerifyStatus::Altered)]
    );
    sql("UPDATE signatures SET signer_name = '周敏' WHERE role = 'advisor'");
    sql("UPDATE signatures SET snapshot_json = replace(snapshot_json, 'OLD-TERMS', 'NEW-TERMS')");
    let now_failing: Vec<VerifyPart> = failed(&store).into_iter().map(|f| f.0).collect();
    assert!(
        now_failing.contains(&VerifyPart::Snapshot),
        "an edited snapshot no longer hashes to its hash: {now_failing:?}"
    );
}

#[test]
fn a_version_1_signed_job_still_verifies_and_prints_from_the_settings() {
    // A job signed by the previous release: snapshot version 1, no paper in it.
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let id = signed_job(&store, dir.path());
    let db = dir.path().join("garage-desk.sqlite3");
    {
        let conn = rusqlite::Connection::open(&db).expect("db");
        let json: String = conn
            .query_row(
                "SELECT snapshot_json FROM signatures WHERE role = 'customer'",
                [],
                |r| r.get(0),
            )
            .expect("snapshot");
        let mut snapshot = garage_core::intake::IntakeSnapshot::from_json(&json).expect("snapshot");
        snapshot.paper = None;
        snapshot.version = 1;
        let v1 = snapshot.to_json().expect("json");
        assert!(v1.starts_with(r#"{"version":1,"#) && !v1.contains("paper"));
        let hash = garage_core::intake::snapshot::hash_json(&v1);
        conn.execute(
            "UPDATE signatures SET snapshot_json = ?1, snapshot_hash = ?2 WHERE role = 'customer'",
            rusqlite::params![v1, hash],
        )
        .expect("as version 1");
    }
    assert!(
        store.verify_intake(id).expect("verify"),
        "a version 1 snapshot rebuilds as version 1 and matches"
    );
}

#[test]
fn a_signature_shown_on_an_older_draft_is_refused_and_nothing_is_committed() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let id = job(&store).work_order.id;
    fill_intake(&store, id);
    let shown = customer_signature(&store, id);
    // Another window changes the draft while the customer signs.
    store
        .save_intake_section(id, &IntakeSection::Dashboard(dashboard(86_500)), now())
        .expect("changed");
    let refused = store.sign_work_order(dir.path(), id, &shown, at(2, 9, 30));
    assert!(
        matches!(refused, Err(CoreError::Conflict { ref code }) if code == "intake.changed_since_shown"),
        "{refused:?}"
    );
    let detail = store.get_work_order(id).expect("job");
    assert!(detail.work_order.frozen_at.is_none() && detail.signatures.is_empty());

    let mut blind = customer_signature(&store, id);
    blind.shown_hash = None;
    assert!(
        store
            .sign_work_order(dir.path(), id, &blind, at(2, 9, 31))
            .is_err(),
        "a signature that says nothing of what was shown is refused"
    );
    store
        .sign_work_order(
            dir.path(),
            id,
            &customer_signature(&store, id),
            at(2, 9, 32),
        )
        .expect("reviewed again, then signed");
}

#[test]
fn a_signature_image_that_does_not_decode_is_refused_before_anything_is_committed() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let id = job(&store).work_order.id;
    fill_intake(&store, id);
    let mut input = customer_signature(&store, id);
    let mut png = signature_png();
    png.truncate(png.len() / 2);
    input.png_base64 = base64::engine::general_purpose::STANDARD.encode(png);
    let refused = store.sign_work_order(dir.path(), id, &input, at(2, 9, 30));
    assert!(
        matches!(refused, Err(CoreError::Invalid(ref i)) if i.iter().any(|i| i.code == "signature.png")),
        "{refused:?}"
    );
    assert!(store.get_work_order(id).expect("job").signatures.is_empty());
    assert!(
        !dir.path().join("signatures").exists()
            || std::fs::read_dir(dir.path().join("signatures"))
                .expect("dir")
                .count()
                == 0,
        "no file of a refused signature"
    );
}

#[test]
fn when_the_archive_cannot_be_written_the_job_is_signed_and_the_retry_archives_it() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let id = job(&store).work_order.id;
    fill_intake(&store, id);
    // A file where the forms folder should be: the archive cannot be written.
    std::fs::write(dir.path().join("forms"), b"not a folder").expect("block");
    let fonts = builtin_fonts().expect("font");
    let outcome = sign_and_archive(
        &store,
        dir.path(),
        fonts,
        id,
        &customer_signature(&store, id),
        at(2, 9, 30),
    )
    .expect("the signature stands");
    assert!(
        outcome.archive_failed == Some(garage_core::reason::Reason::ArchiveFailed)
            && outcome.archived.is_none()
    );
    assert!(outcome.detail.work_order.frozen_at.is_some(), "signed");
    assert!(
        outcome.detail.archive_pending,
        "the window offers the retry"
    );

    std::fs::remove_file(dir.path().join("forms")).expect("unblock");
    let archived = archive_signed_form(&store, dir.path(), fonts, id, at(2, 10, 0)).expect("retry");
    assert!(dir.path().join(&archived.file_name).exists());
    assert!(!store.get_work_order(id).expect("job").archive_pending);
    assert!(
        verify_work_order(&store, dir.path(), id)
            .expect("verify")
            .matches
    );
}

#[test]
fn save_as_writes_only_a_pdf_outside_the_data_folder_and_never_makes_folders() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("shop");
    let store = Store::open_in_dir(&data).expect("store");
    let id = job(&store).work_order.id;
    let outside = dir.path().join("desktop");
    std::fs::create_dir_all(&outside).expect("desktop");
    let db = data.join("garage-desk.sqlite3");
    let db_before = std::fs::read(&db).expect("db");
    let code = |target: &Path| match check_save_target(&data, target) {
        Err(CoreError::Invalid(issues)) => issues[0].code.as_str().to_string(),
        other => format!("{other:?}"),
    };
    assert_eq!(
        code(&db),
        "save.not_pdf",
        "the live database is never a target"
    );
    assert_eq!(
        code(&data.join("forms").join("x.pdf")),
        "save.folder_missing"
    );
    std::fs::create_dir_all(data.join("forms")).expect("forms");
    assert_eq!(code(&data.join("forms").join("x.pdf")), "save.inside_data");
    assert_eq!(
        code(&outside.join("..").join("shop").join("replace.pdf")),
        "save.inside_data",
        "`..` cannot climb into the data folder"
    );
    assert_eq!(
        code(&outside.join("new").join("x.pdf")),
        "save.folder_missing"
    );
    assert_eq!(code(Path::new("relative.pdf")), "save.not_pdf");
    std::fs::create_dir_all(outside.join("dir.pdf")).expect("a folder named .pdf");
    assert_eq!(code(&outside.join("dir.pdf")), "save.not_a_file");
    assert_eq!(
        std::fs::read(&db).expect("db"),
        db_before,
        "nothing changed on disk"
    );
    assert!(!outside.join("new").exists(), "no folder was created");

    let fonts = builtin_fonts().expect("font");
    let request = PrintRequest {
        id,
        lang: Some(FormLang::En),
        printed_for: PrintedFor::BlankForPaper,
    };
    let written = save_work_order_pdf(
        &store,
        &data,
        fonts,
        &request,
        &outside.join("wo.PDF"),
        now(),
    )
    .expect("saved outside");
    assert!(std::fs::read(written).expect("pdf").starts_with(b"%PDF"));
}

#[test]
fn a_typical_job_prints_on_one_page_with_the_signatures_under_the_terms() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let id = signed_job(&store, dir.path());
    for lang in [
        FormLang::ZhHans,
        FormLang::En,
        FormLang::ZhHant,
        FormLang::Bilingual,
    ] {
        let fonts = builtin_fonts().expect("font");
        let request = PrintRequest {
            id,
            lang: Some(lang),
            printed_for: PrintedFor::Signed,
        };
        let path = print_copy_path(&store, dir.path(), fonts, &request, at(5, 9, 0)).expect("pdf");
        let info = pdf_info(&path);
        std::fs::copy(
            &path,
            std::env::temp_dir().join(format!("typical-{lang:?}.pdf")),
        )
        .ok();
        assert!(
            info.lines()
                .any(|l| l.starts_with("Pages:") && l.trim().ends_with(" 1")),
            "a typical job is one A4 page in {lang:?}: {info}"
        );
    }
}

#[test]
fn a_job_with_three_items_and_a_handful_of_marks_and_belongings_is_still_one_page() {
    use garage_core::intake::{Belonging, Belongings, DamageKind, DamageMark, Label};
    use garage_core::work_order::ServiceLine;
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let detail = job(&store);
    let id = detail.work_order.id;
    fill_intake(&store, id);
    let mut details = detail.work_order.details.clone();
    details.services = ["更换前刹车片", "更换机油及机滤", "四轮定位"]
        .iter()
        .map(|d| ServiceLine {
            description: (*d).into(),
            estimate_minor: Some(32_000),
        })
        .collect();
    let marks = [(120, 80), (500, 420), (860, 260)]
        .iter()
        .map(|&(x, y)| DamageMark {
            kind: DamageKind::Scratch,
            x,
            y,
            note: "scratch".into(),
            photos: vec![],
        })
        .collect();
    let items = [
        "intake.belonging.spare_wheel",
        "intake.belonging.jack",
        "intake.belonging.warning_triangle",
        "intake.belonging.child_seat",
        "intake.belonging.cash_valuables",
    ]
    .iter()
    .map(|key| Belonging {
        item: Label::Key((*key).into()),
        quantity: 1,
        note: String::new(),
        storage_box: "B2".into(),
        photo: None,
        valuable: false,
    })
    .collect();
    for section in [
        IntakeSection::JobDetails(details),
        IntakeSection::Damage(marks),
        IntakeSection::Belongings(Belongings::Listed(items)),
    ] {
        store
            .save_intake_section(id, &section, now())
            .expect("saved");
    }
    let fonts = builtin_fonts().expect("font");
    sign_and_archive(
        &store,
        dir.path(),
        fonts,
        id,
        &customer_signature(&store, id),
        at(2, 9, 30),
    )
    .expect("signed");
    for lang in [FormLang::ZhHans, FormLang::En, FormLang::ZhHant] {
        let request = PrintRequest {
            id,
            lang: Some(lang),
            printed_for: PrintedFor::Signed,
        };
        let path = print_copy_path(&store, dir.path(), fonts, &request, at(5, 9, 0)).expect("pdf");
        std::fs::copy(
            &path,
            std::env::temp_dir().join(format!("handful-{lang:?}.pdf")),
        )
        .ok();
        let info = pdf_info(&path);
        assert!(
            info.lines()
                .any(|l| l.starts_with("Pages:") && l.trim().ends_with(" 1")),
            "three items, three marks, five belongings: one page in {lang:?}: {info}"
        );
    }
}
