//! The exit notice on paper (issue 8), read back the way the gate reads it: the QR code
//! scanned off the rendered page carries the issued pass and parses back to the same
//! numbers and settlement fingerprint; the text in every language; a clean, small,
//! one-page file; the original archived once, every reprint a logged COPY; and the gate
//! check that tells a real pass from a forged one.
mod intake_fixtures;
mod settlement_fixtures;

use std::path::Path;
use std::process::Command;

use garage_core::desk::print::exit_notice::{
    print_exit_notice_pdf, save_exit_notice_pdf, ExitPrintRequest, ExitPrinting, EXIT_NOTICE_FORM,
};
use garage_core::desk::print::work_order::builtin_fonts;
use garage_core::forms::FormLang;
use garage_core::settlement::exit::{ExitInput, ExitNotice};
use garage_core::settlement::gate::{ExitPass, GateVerdict};
use garage_core::settlement::payment::PaymentMethod;
use garage_core::settlement::staff::ApprovalAction;
use garage_core::{Store, WorkOrderId};
use intake_fixtures::*;
use settlement_fixtures::*;

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

fn text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("exit.pdf");
    std::fs::write(&path, pdf).expect("pdf written");
    let out = run("pdftotext", &["-enc", "UTF-8", path_str(&path), "-"]);
    assert!(out.status.success(), "pdftotext reads the notice");
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
        "{context}: the notice lacks {missing:?}\n--- text ---\n{text}"
    );
}

/// Renders page 1 at 150 dpi in grey and reads every QR code on it.
fn scan(pdf: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("exit.pdf");
    std::fs::write(&path, pdf).expect("pdf written");
    let prefix = dir.path().join("page");
    let out = run(
        "pdftoppm",
        &[
            "-r",
            "150",
            "-gray",
            "-png",
            "-singlefile",
            path_str(&path),
            path_str(&prefix),
        ],
    );
    assert!(out.status.success(), "pdftoppm renders the notice");
    if let Ok(keep) = std::env::var("EXIT_NOTICE_PNG") {
        let keep = format!("{keep}-{}.png", pdf.len());
        std::fs::copy(dir.path().join("page.png"), keep).expect("png kept");
    }
    let file = std::fs::File::open(dir.path().join("page.png")).expect("png");
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size().expect("png size")];
    let info = reader.next_frame(&mut buf).expect("png frame");
    let (w, h) = (info.width as usize, info.height as usize);
    let channels = info.color_type.samples();
    let stride = info.line_size;
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * stride + x * channels]);
    image
        .detect_grids()
        .into_iter()
        .map(|grid| grid.decode().expect("the QR code decodes").1)
        .collect()
}

fn paid_notice(store: &Store, dir: &Path) -> (WorkOrderId, ExitNotice) {
    let id = signed_job(store, dir);
    store
        .record_payment(id, &pay(PaymentMethod::Mobile, 118_000), at(3, 16, 10))
        .expect("paid in full");
    let input = ExitInput {
        issued_by: "周敏".into(),
        override_approval_id: None,
    };
    let notice = store
        .issue_exit_notice(id, &input, at(3, 16, 20))
        .expect("the exit notice");
    (id, notice)
}

fn printing(store: &Store, dir: &Path, id: WorkOrderId, lang: FormLang) -> ExitPrinting {
    let request = ExitPrintRequest {
        id,
        lang: Some(lang),
        printed_by: "周敏".into(),
    };
    print_exit_notice_pdf(
        store,
        dir,
        builtin_fonts().expect("fonts"),
        &request,
        at(3, 16, 40),
    )
    .expect("the exit notice prints")
}

#[test]
fn the_qr_code_scanned_off_the_page_carries_the_pass_with_the_settlement_fingerprint() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let (id, notice) = paid_notice(&store, dir.path());
    let fingerprint = store
        .settlement(id, at(3, 16, 30))
        .expect("settlement")
        .fingerprint
        .expect("signed");
    let expected = format!(
        "GD-EXIT/1|EX-2026-00001|{}|SET-2026-00001|沪A12345|2026-03-03T16:20|{}|{fingerprint}",
        notice.work_order_number, notice.customer_name
    );
    assert_eq!(notice.qr_payload, expected);

    let original = printing(&store, dir.path(), id, FormLang::ZhHans);
    assert!(!original.copy, "the first printing is the original");
    assert_eq!(scan(&original.pdf), vec![expected.clone()]);
    let pass = ExitPass::parse(&expected).expect("the pass parses");
    assert_eq!(pass.exit, "EX-2026-00001");
    assert_eq!(pass.job, notice.work_order_number);
    assert_eq!(pass.settlement, "SET-2026-00001");
    assert_eq!(pass.plate, "沪A12345");
    assert_eq!(pass.fingerprint, fingerprint);

    let copy = printing(&store, dir.path(), id, FormLang::En);
    assert_eq!(
        scan(&copy.pdf),
        vec![expected],
        "a COPY carries the same pass"
    );
}

#[test]
fn the_notice_reads_in_every_language_on_one_small_clean_page() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let (id, notice) = paid_notice(&store, dir.path());
    let numbers = [
        "EX-2026-00001",
        notice.work_order_number.as_str(),
        "SET-2026-00001",
        "沪A12345",
        notice.customer_name.as_str(),
        "周敏",
    ];
    let words: [(FormLang, &[&str]); 4] = [
        (
            FormLang::En,
            &["Exit notice", "Time out", "Settled in full"],
        ),
        (FormLang::ZhHans, &["出厂通知单", "出厂时间", "已结清"]),
        (FormLang::ZhHant, &["出廠通知單", "出廠時間", "已結清"]),
        (
            FormLang::Bilingual,
            &["出厂通知单", "Exit notice", "车牌号", "Plate"],
        ),
    ];
    for (lang, expected) in words {
        let pdf = printing(&store, dir.path(), id, lang).pdf;
        let text = text_of(&pdf);
        assert_has(&text, &numbers, &format!("{lang:?}"));
        assert_has(&text, expected, &format!("{lang:?}"));
        assert_eq!(text.matches('\u{c}').count(), 1, "{lang:?}: one page");
        assert!(pdf.len() <= 200 * 1024, "{lang:?}: {} bytes", pdf.len());
        let tmp = tempfile::tempdir().expect("dir");
        let path = tmp.path().join("exit.pdf");
        std::fs::write(&path, &pdf).expect("written");
        let check = run("qpdf", &["--check", path_str(&path)]);
        assert!(
            check.status.success(),
            "{lang:?}: qpdf --check: {}",
            String::from_utf8_lossy(&check.stdout)
        );
    }
}

#[test]
fn the_original_is_archived_once_and_every_reprint_is_a_logged_copy() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let (id, notice) = paid_notice(&store, dir.path());
    assert_eq!(notice.prints, 1, "the issue logs the first print");
    let original = printing(&store, dir.path(), id, FormLang::En);
    assert!(!original.copy);
    assert!(!squash(&text_of(&original.pdf)).contains("COPY"));
    let archived = store
        .archived_form(id, EXIT_NOTICE_FORM)
        .expect("archive")
        .expect("the original is archived");
    let kept = std::fs::read(dir.path().join(&archived.file_name)).expect("archived file");
    assert_eq!(
        kept, original.pdf,
        "the archive holds the original as handed out"
    );
    assert_eq!(
        store.exit_notice(id).expect("notice").map(|n| n.prints),
        Some(1)
    );

    let copy = printing(&store, dir.path(), id, FormLang::En);
    assert!(copy.copy);
    assert_eq!(copy.prints, 2);
    assert!(squash(&text_of(&copy.pdf)).contains("COPY"));
    let target = tempfile::tempdir().expect("dir");
    let request = ExitPrintRequest {
        id,
        lang: None,
        printed_by: "周敏".into(),
    };
    let fonts = builtin_fonts().expect("fonts");
    let saved = save_exit_notice_pdf(
        &store,
        dir.path(),
        fonts,
        &request,
        &target.path().join("exit.pdf"),
        at(3, 16, 50),
    )
    .expect("saved");
    assert!(saved.exists());
    assert_eq!(
        store.exit_notice(id).expect("notice").map(|n| n.prints),
        Some(3)
    );
    let again = store
        .archived_form(id, EXIT_NOTICE_FORM)
        .expect("archive")
        .expect("archived");
    assert_eq!(again, archived, "archived once");
}

#[test]
fn a_car_let_go_with_debt_says_how_much_and_who_approved_it() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let boss = supervisor(&store);
    let id = signed_job(&store, dir.path());
    store
        .record_payment(id, &pay(PaymentMethod::Mobile, 100_000), at(3, 16, 10))
        .expect("part paid");
    let ok = approve(
        &store,
        id,
        boss,
        ApprovalAction::ExitWithDebt,
        at(3, 16, 15),
    );
    let input = ExitInput {
        issued_by: "周敏".into(),
        override_approval_id: Some(ok.id),
    };
    store
        .issue_exit_notice(id, &input, at(3, 16, 20))
        .expect("let go with the supervisor");
    let text = text_of(&printing(&store, dir.path(), id, FormLang::En).pdf);
    assert_has(
        &text,
        &["Let go with a debt of", "180.00", "approved by 赵主管"],
        "en",
    );
    let text = text_of(&printing(&store, dir.path(), id, FormLang::ZhHans).pdf);
    assert_has(&text, &["欠款", "180.00", "批准人：赵主管"], "zh-Hans");
}

#[test]
fn the_gate_accepts_the_issued_pass_and_names_what_a_forged_one_changed() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let (_id, notice) = paid_notice(&store, dir.path());
    let verdict = store.check_exit_pass(&notice.qr_payload).expect("checked");
    assert_eq!(
        verdict,
        GateVerdict::Valid {
            exit: "EX-2026-00001".into(),
            plate: "沪A12345".into(),
            job: notice.work_order_number.clone(),
            collected: false,
        }
    );
    let forged = notice.qr_payload.replace("沪A12345", "沪A12346");
    assert_eq!(
        store.check_exit_pass(&forged).expect("checked"),
        GateVerdict::Mismatch {
            exit: "EX-2026-00001".into(),
            fields: vec!["plate".into()],
        }
    );
    let unknown = notice.qr_payload.replace("EX-2026-00001", "EX-2026-00099");
    assert!(matches!(
        store.check_exit_pass(&unknown).expect("checked"),
        GateVerdict::Unknown { .. }
    ));
    assert_eq!(
        store.check_exit_pass("not a pass").expect("checked"),
        GateVerdict::Unreadable
    );
}
