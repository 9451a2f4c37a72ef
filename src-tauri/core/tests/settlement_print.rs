//! The settlement's paper (issue 8): the settlement slip, the receipt (A4 and 80 mm) and
//! the service card print the key figures in every language, pass `qpdf --check`, stay
//! small and on one page for a typical job; signing archives the slip once and every
//! later printing says COPY.
mod intake_fixtures;
mod settlement_fixtures;

use std::path::Path;
use std::process::Command;

use garage_core::desk::print::settlement::{
    render_settle_pdf, settle_print_copy, settlement_form_name, sign_and_archive_settlement,
    SettleForm, SettlePrintRequest,
};
use garage_core::desk::print::work_order::builtin_fonts;
use garage_core::forms::{FormLang, ReceiptWidth};
use garage_core::intake::SignatureRole;
use garage_core::pricing::{LineKind, TaxSettings};
use garage_core::settlement::payment::{PaymentInput, PaymentMethod};
use garage_core::settlement::staff::ApprovalAction;
use garage_core::settlement::{OldPartChoice, OldPartDisposition, SettlementDraftInput};
use garage_core::store::settlements::SettlementSignInput;
use garage_core::{Store, WorkOrderId};
use intake_fixtures::*;
use settlement_fixtures::*;

fn tool(name: &str, args: &[&str], pdf: &[u8]) -> (bool, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("form.pdf");
    std::fs::write(&path, pdf).expect("pdf written");
    let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    all.push(path.display().to_string());
    if name == "pdftotext" {
        all.push("-".into());
    }
    let out = Command::new(name)
        .args(&all)
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils / qpdf) must be installed: {e}"));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// With `SETTLE_PDF_DIR` set, keeps the PDF there to look at.
fn keep(pdf: &[u8], name: &str) {
    if let Some(dir) = std::env::var_os("SETTLE_PDF_DIR") {
        let _ = std::fs::write(Path::new(&dir).join(format!("{name}.pdf")), pdf);
    }
}

fn text_of(pdf: &[u8]) -> String {
    tool("pdftotext", &["-enc", "UTF-8"], pdf).1
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn pages_and_width(pdf: &[u8]) -> (u32, f32) {
    let info = tool("pdfinfo", &[], pdf).1;
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let width_pt: f32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .and_then(|v| v.split_whitespace().next().and_then(|w| w.parse().ok()))
        .unwrap_or(0.0);
    (pages, width_pt / 72.0 * 25.4)
}

fn assert_sound(pdf: &[u8], what: &str) {
    let (ok, out) = tool("qpdf", &["--check"], pdf);
    assert!(ok, "qpdf --check on {what}: {out}");
    assert!(pdf.len() <= 200_000, "{what} is {} bytes", pdf.len());
}

/// A ready job with a deposit, an old part returned and a 13% tax, signed at 16:00 on
/// 3 March; a cash payment with change after it.
fn settled(store: &Store, dir: &Path) -> WorkOrderId {
    set_tax(store, TaxSettings::flat(1_300));
    let id = ready_job(store, dir);
    store
        .record_payment(id, &pay(PaymentMethod::Transfer, 20_000), at(3, 9, 0))
        .expect("deposit");
    let mut input = old_parts_answered(store, id, at(3, 16, 0));
    for choice in &mut input.old_parts {
        choice.disposition = OldPartDisposition::Returned;
    }
    store
        .save_settlement_draft(id, &input, at(3, 16, 0))
        .expect("draft");
    id
}

fn sign_it(store: &Store, dir: &Path, id: WorkOrderId) {
    let shown = store.settlement(id, at(3, 16, 0)).expect("s").draft_hash;
    let input = SettlementSignInput {
        signature: signature(SignatureRole::Customer, "李建国"),
        shown_hash: shown,
    };
    let fonts = builtin_fonts().expect("fonts");
    sign_and_archive_settlement(store, dir, fonts, id, &input, at(3, 16, 0)).expect("signed");
}

fn request(id: WorkOrderId, form: SettleForm, lang: FormLang) -> SettlePrintRequest {
    SettlePrintRequest {
        id,
        form,
        lang: Some(lang),
    }
}

#[test]
fn the_settlement_slip_prints_parts_and_labour_tax_deposit_and_due_in_every_language() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let id = settled(&store, dir.path());
    let fonts = builtin_fonts().expect("fonts");
    let s = store.settlement(id, at(3, 16, 0)).expect("settlement");
    for (lang, words) in [
        (
            FormLang::En,
            ["Settlement", "Parts subtotal", "Amount due", "DRAFT"],
        ),
        (FormLang::ZhHans, ["结算单", "配件", "应付余额", "草稿"]),
        (FormLang::ZhHant, ["結算單", "零件", "應付餘額", "草稿"]),
        (
            FormLang::Bilingual,
            ["结算单", "Settlement", "Amount due", "草稿"],
        ),
    ] {
        let req = request(id, SettleForm::Settlement, lang);
        let (pdf, plan) = render_settle_pdf(&store, dir.path(), fonts, &req, at(3, 16, 0))
            .expect("the draft prints");
        assert!(!plan.copy);
        assert_sound(&pdf, "the settlement slip");
        assert_eq!(pages_and_width(&pdf).0, 1, "one page for a typical job");
        let text = squash(&text_of(&pdf));
        for word in words {
            assert!(text.contains(&squash(word)), "{lang:?}: {word} in\n{text}");
        }
        for figure in ["480.00", "700.00", "200.00"] {
            assert!(text.contains(figure), "{lang:?}: {figure} in\n{text}");
        }
        assert_eq!(
            s.figures.due_minor, 113_340,
            "1,333.40 less the 200.00 deposit"
        );
        assert!(
            text.contains("1,133.40"),
            "{lang:?}: the amount due in\n{text}"
        );
        keep(&pdf, &format!("slip-{lang:?}"));
    }
}

#[test]
fn signing_archives_the_slip_once_and_a_reprint_says_copy() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let id = settled(&store, dir.path());
    sign_it(&store, dir.path(), id);
    let s = store.settlement(id, at(3, 16, 5)).expect("signed");
    let number = s.number.clone().expect("a SET number");
    let form = settlement_form_name(&number);
    let archived = store
        .archived_form(id, &form)
        .expect("archive")
        .expect("archived at signing");
    let original = std::fs::read(dir.path().join(&archived.file_name)).expect("on disk");
    let text = squash(&text_of(&original));
    assert!(text.contains(&number), "{text}");
    assert!(!text.contains("COPY") && !text.contains("DRAFT"), "{text}");
    // The job's language is 简体中文: the original is printed in it.
    assert!(text.contains("交还客户"), "the old part's fate: {text}");
    assert!(
        text.contains("至2026年3月13日或88,420公里"),
        "the guarantee as limits: {text}"
    );
    keep(&original, "slip-signed");

    let fonts = builtin_fonts().expect("fonts");
    let req = request(id, SettleForm::Settlement, FormLang::En);
    let path = settle_print_copy(&store, dir.path(), fonts, &req, at(3, 17, 0)).expect("copy");
    let copy = std::fs::read(&path).expect("copy on disk");
    assert!(
        squash(&text_of(&copy)).contains("COPY"),
        "a reprint is a COPY"
    );
    let again = store.list_archived_forms(id).expect("forms");
    assert_eq!(
        again.iter().filter(|f| f.form == form).count(),
        1,
        "archived once"
    );
    assert_eq!(
        std::fs::read(dir.path().join(&archived.file_name)).expect("still there"),
        original
    );

    let card = request(id, SettleForm::ServiceCard, FormLang::ZhHans);
    let (pdf, _) = render_settle_pdf(&store, dir.path(), fonts, &card, at(3, 17, 0)).expect("card");
    assert_sound(&pdf, "the service card");
    keep(&pdf, "card");
    let text = squash(&text_of(&pdf));
    assert!(
        text.contains("售后服务卡") && text.contains("下次保养"),
        "{text}"
    );
    // 5,000 km and 6 months after leaving at 86,420 km on 3 March.
    assert!(
        text.contains("91,420") && text.contains("2026年9月3日"),
        "{text}"
    );

    // Bilingual: each half writes the dates in its own language.
    let card = request(id, SettleForm::ServiceCard, FormLang::Bilingual);
    let (pdf, _) = render_settle_pdf(&store, dir.path(), fonts, &card, at(3, 17, 0)).expect("card");
    let text = squash(&text_of(&pdf));
    assert!(
        text.contains("2026年9月3日") && text.contains(&squash("3 Sep 2026")),
        "the next service date in Chinese and in English: {text}"
    );
    assert!(
        text.contains(&squash("13 Mar 2026")),
        "the guarantee limit's English half has an English date: {text}"
    );
}

#[test]
fn a_cash_receipt_shows_tendered_change_and_the_balance_on_a4_and_on_an_80_mm_roll() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let id = settled(&store, dir.path());
    sign_it(&store, dir.path(), id);
    let cash = PaymentInput {
        method: PaymentMethod::Cash,
        amount_minor: 50_000,
        tendered_minor: Some(60_000),
        reference: String::new(),
        taken_by: "周敏".into(),
    };
    store
        .record_payment(id, &cash, at(3, 16, 10))
        .expect("cash");
    let fonts = builtin_fonts().expect("fonts");
    for width in [ReceiptWidth::A4, ReceiptWidth::Mm80] {
        for lang in [FormLang::En, FormLang::ZhHans, FormLang::ZhHant] {
            let form = SettleForm::Receipt {
                payment: None,
                width,
            };
            let (pdf, _) = render_settle_pdf(
                &store,
                dir.path(),
                fonts,
                &request(id, form, lang),
                at(3, 17, 0),
            )
            .expect("receipt");
            assert_sound(&pdf, "the receipt");
            keep(&pdf, &format!("receipt-{width:?}-{lang:?}"));
            let (pages, width_mm) = pages_and_width(&pdf);
            assert_eq!(pages, 1);
            let expected = if width == ReceiptWidth::A4 {
                210.0
            } else {
                80.0
            };
            assert!((width_mm - expected).abs() < 0.5, "{width_mm} mm");
            let text = squash(&text_of(&pdf));
            // 500.00 paid, 600.00 tendered, 100.00 change; 1,180.00 × 1.13 − 200 − 500.
            for figure in ["500.00", "600.00", "100.00", "#2", "633.40"] {
                assert!(
                    text.contains(figure),
                    "{width:?} {lang:?}: {figure} in\n{text}"
                );
            }
        }
    }
    let boss = supervisor(&store);
    let approval = approve(&store, id, boss, ApprovalAction::VoidPayment, at(3, 17, 20));
    let latest = store.payments(id).expect("payments");
    let cash_id = latest.last().expect("the cash payment").id;
    store
        .void_payment(cash_id, approval.id, "点错金额 wrong amount", at(3, 17, 30))
        .expect("voided");
    let form = SettleForm::Receipt {
        payment: Some(2),
        width: ReceiptWidth::Mm80,
    };
    let (pdf, _) = render_settle_pdf(
        &store,
        dir.path(),
        fonts,
        &request(id, form, FormLang::En),
        at(3, 18, 0),
    )
    .expect("voided receipt");
    assert!(text_of(&pdf).contains("VOIDED"), "a void says so");
}

#[test]
fn a_forty_line_settlement_still_prints() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let id = job_in_workshop(&store, dir.path());
    let lines = (0..40)
        .map(|i| {
            let kind = if i % 2 == 0 {
                LineKind::Labour
            } else {
                LineKind::Part
            };
            line(
                kind,
                1_000,
                10_000 + i * 100,
                if i % 5 == 0 { 1_000 } else { 0 },
            )
        })
        .collect();
    approve_estimate(&store, id, lines);
    ready(&store, id, at(3, 15, 0));
    let s = store.settlement(id, at(3, 16, 0)).expect("settlement");
    let input = SettlementDraftInput {
        old_parts: (0..s.lines.len() as u32)
            .filter(|&i| s.lines[i as usize].line.kind == LineKind::Part)
            .map(|line| OldPartChoice {
                line,
                disposition: OldPartDisposition::KeptForWarrantyClaim,
            })
            .collect(),
        ..SettlementDraftInput::default()
    };
    store
        .save_settlement_draft(id, &input, at(3, 16, 0))
        .expect("draft");
    let fonts = builtin_fonts().expect("fonts");
    let req = request(id, SettleForm::Settlement, FormLang::Bilingual);
    let (pdf, _) = render_settle_pdf(&store, dir.path(), fonts, &req, at(3, 16, 0)).expect("pdf");
    assert_sound(&pdf, "40 lines");
    keep(&pdf, "forty");
    let (pages, _) = pages_and_width(&pdf);
    assert!((1..=3).contains(&pages), "{pages} pages");
}

#[test]
fn a_credit_note_prints_its_number_amount_reason_and_approver_in_every_language() {
    use garage_core::settlement::payment::CreditNoteInput;
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let boss = supervisor(&store);
    let id = settled(&store, dir.path());
    sign_it(&store, dir.path(), id);
    let fonts = builtin_fonts().expect("fonts");
    let none = request(id, SettleForm::CreditNote { note: None }, FormLang::En);
    assert!(
        render_settle_pdf(&store, dir.path(), fonts, &none, at(3, 17, 0)).is_err(),
        "no credit note yet"
    );
    let ok = approve(&store, id, boss, ApprovalAction::CreditNote, at(3, 17, 0));
    let input = CreditNoteInput {
        amount_minor: 8_000,
        reason: "工时多算 labour overcharged".into(),
        issued_by: "周敏".into(),
        approval_id: ok.id,
    };
    let note = store
        .issue_credit_note(id, &input, at(3, 17, 1))
        .expect("credit note");
    for (lang, words) in [
        (FormLang::En, ["Credit note", "Amount taken off", "-¥80.00"]),
        (FormLang::ZhHans, ["红字冲减单", "冲减金额", "-¥80.00"]),
        (FormLang::ZhHant, ["紅字沖減單", "沖減金額", "-¥80.00"]),
        (
            FormLang::Bilingual,
            ["红字冲减单", "Credit note", "-¥80.00"],
        ),
    ] {
        let req = request(id, SettleForm::CreditNote { note: Some(1) }, lang);
        let (pdf, _) =
            render_settle_pdf(&store, dir.path(), fonts, &req, at(3, 17, 5)).expect("printed");
        assert_sound(&pdf, "the credit note");
        assert_eq!(pages_and_width(&pdf).0, 1, "one page");
        let text = squash(&text_of(&pdf));
        for word in
            words
                .iter()
                .copied()
                .chain([note.number.as_str(), "赵主管", "labour overcharged"])
        {
            assert!(text.contains(&squash(word)), "{lang:?}: {word} in\n{text}");
        }
        // 1,333.40 signed, less this 80.00.
        assert!(
            text.contains("1,253.40"),
            "{lang:?}: the total after in\n{text}"
        );
        keep(&pdf, &format!("credit-note-{lang:?}"));
    }
    // The settlement reopened afterwards: the note still prints against the one it
    // corrected.
    let again = approve(
        &store,
        id,
        boss,
        ApprovalAction::ReopenSettlement,
        at(3, 17, 10),
    );
    store
        .reopen_settlement(id, again.id, at(3, 17, 11))
        .expect("reopened");
    let req = request(id, SettleForm::CreditNote { note: Some(1) }, FormLang::En);
    let (pdf, _) =
        render_settle_pdf(&store, dir.path(), fonts, &req, at(3, 17, 12)).expect("still prints");
    assert!(squash(&text_of(&pdf)).contains("1,253.40"));
}

#[test]
fn a_signature_whose_slip_cannot_be_archived_stands_and_tells_the_window_why() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let id = settled(&store, dir.path());
    // A file where the forms folder should be: the slip cannot be archived, as on a full
    // disk. The folder of the intake's original is set aside meanwhile.
    let forms = dir.path().join("forms");
    let aside = dir.path().join("forms-aside");
    if forms.exists() {
        std::fs::rename(&forms, &aside).expect("set aside");
    }
    std::fs::write(&forms, b"not a folder").expect("block");
    let shown = store.settlement(id, at(3, 16, 0)).expect("s").draft_hash;
    let input = SettlementSignInput {
        signature: signature(SignatureRole::Customer, "李建国"),
        shown_hash: shown,
    };
    let fonts = builtin_fonts().expect("fonts");
    let signed = sign_and_archive_settlement(&store, dir.path(), fonts, id, &input, at(3, 16, 0))
        .expect("the signature stands");
    assert_eq!(
        signed.archive_failed,
        Some(garage_core::reason::Reason::ArchiveFailed),
        "the outcome carries the failure, not only the log"
    );
    let number = signed.number.clone().expect("signed, with its SET number");
    assert!(
        store
            .archived_form(id, &settlement_form_name(&number))
            .expect("query")
            .is_none(),
        "no archive row for a slip that was not written: the next printing archives it"
    );
    assert_eq!(
        store
            .settlement(id, at(3, 16, 1))
            .expect("s")
            .archive_failed,
        None,
        "only the step that failed reports it"
    );
    std::fs::remove_file(&forms).expect("unblock");
    if aside.exists() {
        std::fs::rename(&aside, &forms).expect("put back");
    }
}
