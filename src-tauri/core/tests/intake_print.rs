//! The printed work order of a job: built from the frozen snapshot, archived when the
//! customer signs, and the same content on every reprint (checked by extracted text).
mod intake_fixtures;

use std::process::Command;

use garage_core::desk::archive::sign_and_archive;
use garage_core::desk::print::work_order::{
    builtin_fonts, render_work_order_pdf, work_order_doc, PrintRequest, SignaturesShown,
};
use garage_core::desk::PrintedFor;
use garage_core::forms::FormLang;
use garage_core::{Lang, Store};
use intake_fixtures::*;

fn text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("form.pdf");
    std::fs::write(&path, pdf).expect("pdf written");
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext must be installed (poppler-utils): {e}"));
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_signed_work_order_is_archived_and_shows_the_plate_and_the_complaint() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let fonts = builtin_fonts().expect("the built-in font parses");
    let id = job(&store).work_order.id;
    fill_intake(&store, id);
    let outcome = sign_and_archive(
        &store,
        dir.path(),
        fonts,
        id,
        &customer_signature(&store, id),
        at(2, 9, 30),
    )
    .expect("signed and archived");
    let archived = outcome
        .archived
        .expect("the customer's signature archives the form");
    assert_eq!(
        archived.file_name,
        "forms/WO-2026-00001-work-order-zh-Hans.pdf"
    );
    assert_eq!(
        archived.lang,
        FormLang::ZhHans,
        "in the customer's language"
    );
    assert_eq!(
        store.list_archived_forms(id).expect("list"),
        vec![archived.clone()]
    );

    let pdf = std::fs::read(dir.path().join(&archived.file_name)).expect("archived file");
    let text = squash(&text_of(&pdf));
    assert!(text.contains("沪A12345"), "plate on the form: {text}");
    assert!(
        text.contains("刹车时有异响"),
        "complaint on the form: {text}"
    );
    assert!(text.contains("WO-2026-00001"));

    let request = PrintRequest {
        id,
        lang: Some(FormLang::ZhHans),
        printed_for: PrintedFor::Signed,
    };
    let (again, plan) = render_work_order_pdf(&store, dir.path(), fonts, &request, at(9, 12, 0))
        .expect("printed again later");
    assert!(
        plan.copy,
        "the original is archived: a later printing is a copy"
    );
    let again = squash(&text_of(&again));
    for part in ["沪A12345", "刹车时有异响", "WO-2026-00001"] {
        assert!(
            again.contains(part),
            "a later printing shows the same content: {again}"
        );
    }
    assert!(again.contains("副本"), "and says COPY: {again}");
}

#[test]
fn a_signed_form_prints_from_the_frozen_snapshot_not_the_customer_file_as_it_is_now() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let detail = job(&store);
    let id = detail.work_order.id;
    fill_intake(&store, id);
    check_in(&store, dir.path(), id, at(2, 9, 30));
    let input = garage_core::CustomerInput {
        name: "李建國 (renamed)".into(),
        phones: vec![garage_core::PhoneInput {
            label: garage_core::PhoneLabel::Mobile,
            number: "13812345678".into(),
            is_primary: true,
        }],
        preferred_language: Lang::En,
        ..garage_core::CustomerInput::default()
    };
    store
        .update_customer(detail.work_order.customer_id, &input, at(3, 9, 0))
        .expect("renamed");
    let doc =
        work_order_doc(&store, dir.path(), id, SignaturesShown::All, FormLang::En).expect("doc");
    assert_eq!(doc.customer.name, "李建国");
    assert_eq!(doc.signatures.len(), 1);
    assert!(doc.signatures[0].png.is_some());
    assert_eq!(doc.fuel_eighths, 3);
    assert_eq!(doc.inspection.len(), 7, "seven checklist groups");
    let blank = work_order_doc(&store, dir.path(), id, SignaturesShown::None, FormLang::En)
        .expect("blank doc");
    assert!(blank.signatures.is_empty());
}

#[test]
fn the_shop_s_terms_and_form_language_from_settings_are_used() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let fonts = builtin_fonts().expect("the built-in font parses");
    let settings = garage_core::ShopSettings {
        terms: "Old parts are kept for 7 days. 旧件保留七天。".into(),
        form_language: Some(FormLang::En),
        ..store.get_settings().expect("settings")
    };
    store.save_settings(&settings).expect("saved");
    let id = job(&store).work_order.id;
    fill_intake(&store, id);
    let doc =
        work_order_doc(&store, dir.path(), id, SignaturesShown::All, FormLang::En).expect("doc");
    assert_eq!(
        doc.terms, settings.terms,
        "the shop's own terms are printed"
    );

    let outcome = sign_and_archive(
        &store,
        dir.path(),
        fonts,
        id,
        &customer_signature(&store, id),
        at(2, 9, 30),
    )
    .expect("signed");
    let archived = outcome.archived.expect("archived");
    assert_eq!(
        archived.lang,
        FormLang::En,
        "the shop's form language wins over the customer's"
    );
    let pdf = std::fs::read(dir.path().join(&archived.file_name)).expect("archived file");
    assert!(squash(&text_of(&pdf)).contains(&squash("Old parts are kept for 7 days.")));
}

#[test]
fn the_work_order_prints_the_repair_category_in_the_form_s_language() {
    use garage_core::work_order::RepairCategory;
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let fonts = builtin_fonts().expect("the built-in font parses");
    let id = job(&store).work_order.id;
    fill_intake(&store, id);
    store
        .set_repair_category(id, RepairCategory::Accident, now())
        .expect("chosen");
    let cases = [
        (FormLang::En, vec!["Repaircategory", "Accident&body"]),
        (FormLang::ZhHans, vec!["维修类别", "事故车·钣喷"]),
        (FormLang::ZhHant, vec!["維修類別", "事故車·鈑噴"]),
        (
            FormLang::Bilingual,
            vec!["维修类别", "事故车·钣喷", "Accident&body"],
        ),
    ];
    for (lang, words) in cases {
        let request = PrintRequest {
            id,
            lang: Some(lang),
            printed_for: PrintedFor::BlankForPaper,
        };
        let (pdf, _) =
            render_work_order_pdf(&store, dir.path(), fonts, &request, now()).expect("printed");
        if let Ok(out) = std::env::var("GARAGE_PRINT_DIR") {
            std::fs::write(format!("{out}/category-{lang:?}.pdf"), &pdf).expect("kept");
        }
        let text = squash(&text_of(&pdf));
        for word in words {
            assert!(text.contains(word), "{lang:?} shows {word}: {text}");
        }
    }
}
