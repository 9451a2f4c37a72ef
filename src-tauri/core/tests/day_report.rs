//! The daily report (日结报表) read back the way the owner reads it at closing: the day's
//! figures, the payments by method, the cash the drawer should hold, the voids with who
//! approved them, each settlement and payment with its job, plate and customer — in
//! English, 简体 and 繁體, a clean small file of one page for a typical day.
mod intake_fixtures;
mod settlement_fixtures;

use std::path::Path;
use std::process::Command;

use garage_core::desk::print::day_report::{
    day_report_doc, day_report_print_path, day_report_text, render_day_report_pdf,
    save_day_report_pdf, DayReportRequest,
};
use garage_core::desk::print::work_order::builtin_fonts;
use garage_core::forms::FormLang;
use garage_core::i18n::format_money;
use garage_core::intake::{IntakeSection, KeysLog, SignatureRole};
use garage_core::settlement::payment::PaymentMethod;
use garage_core::settlement::staff::ApprovalAction;
use garage_core::{Lang, Store, WorkOrderId};
use intake_fixtures::*;
use settlement_fixtures::*;

fn run(tool: &str, args: &[&str]) -> std::process::Output {
    Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} must be installed (poppler-utils, qpdf): {e}"))
}

fn text_of(path: &Path) -> String {
    let out = run(
        "pdftotext",
        &["-enc", "UTF-8", path.to_str().expect("utf-8"), "-"],
    );
    assert!(out.status.success(), "pdftotext");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A job of its own customer and car, settled and signed at `hour:minute` on 3 March.
fn settled(store: &Store, dir: &Path, n: u32, hour: u32, minute: u32) -> (WorkOrderId, String) {
    let (customer, car) = customer_with_car(
        store,
        &format!("王客户{n}"),
        &format!("1391234{n:04}"),
        &format!("沪B{n:05}"),
        Lang::ZhHans,
    );
    let id = open(store, customer, car, at(2, 9, 0)).work_order.id;
    fill_intake(store, id);
    // A key slot of its own, so the next job can take the fixture's.
    let keys = IntakeSection::Keys(KeysLog {
        count: 2,
        tag_number: format!("D-{n}"),
        cabinet_slot: format!("D{n}"),
    });
    store.save_intake_section(id, &keys, now()).expect("keys");
    check_in(store, dir, id, at(2, 9, 10));
    store
        .sign_work_order(
            dir,
            id,
            &signature(SignatureRole::WorkshopReceiver, "陈师傅"),
            at(2, 9, 30),
        )
        .expect("the workshop signs");
    approve_estimate(
        store,
        id,
        vec![line(
            garage_core::pricing::LineKind::Labour,
            1_000,
            48_000,
            0,
        )],
    );
    ready(store, id, at(3, 15, 0));
    let when = at(3, hour, minute);
    let input = old_parts_answered(store, id, when);
    store
        .save_settlement_draft(id, &input, when)
        .expect("draft");
    sign(store, dir, id, when);
    let number = store.get_work_order(id).expect("job").work_order.number;
    (id, number)
}

struct Day {
    store: Store,
    dir: tempfile::TempDir,
    numbers: Vec<String>,
}

/// A typical day: five jobs settled, paid by cash, card, mobile, transfer and on
/// account; one card payment voided with the supervisor.
fn typical_day() -> Day {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let mut settings = store.get_settings().expect("settings");
    settings.shop_name = "安心汽修 Anxin Auto".into();
    settings.address = "上海市浦东新区张江路 100 号".into();
    settings.phone = "021-5555 0100".into();
    store.save_settings(&settings).expect("settings saved");
    let boss = supervisor(&store);
    let methods = [
        PaymentMethod::Cash,
        PaymentMethod::Card,
        PaymentMethod::Mobile,
        PaymentMethod::Transfer,
        PaymentMethod::OnAccount,
    ];
    let mut numbers = Vec::new();
    for (i, method) in methods.into_iter().enumerate() {
        let (id, number) = settled(&store, dir.path(), i as u32 + 1, 16, i as u32 * 5);
        let mut p = pay(method, 48_000);
        if method == PaymentMethod::Cash {
            p.tendered_minor = Some(50_000);
        }
        let taken = store
            .record_payment(id, &p, at(3, 16, i as u32 * 5 + 2))
            .expect("paid");
        if method == PaymentMethod::Card {
            let ok = approve(&store, id, boss, ApprovalAction::VoidPayment, at(3, 16, 8));
            store
                .void_payment(taken.id, ok.id, "刷错卡 wrong card", at(3, 16, 9))
                .expect("voided");
            store
                .record_payment(id, &pay(PaymentMethod::Cash, 48_000), at(3, 16, 10))
                .expect("paid in cash instead");
        }
        numbers.push(number);
    }
    Day {
        store,
        dir,
        numbers,
    }
}

fn request(lang: FormLang) -> DayReportRequest {
    DayReportRequest {
        date: at(3, 0, 0).date(),
        lang: Some(lang),
    }
}

#[test]
fn the_report_shows_the_days_figures_in_every_language_on_one_small_clean_page() {
    let day = typical_day();
    let fonts = builtin_fonts().expect("font");
    let out = tempfile::tempdir().expect("out");
    let cases = [
        (
            FormLang::En,
            Lang::En,
            "Daily report",
            "Cash the drawer should hold",
        ),
        (FormLang::ZhHans, Lang::ZhHans, "日结报表", "钱箱应有现金"),
        (FormLang::ZhHant, Lang::ZhHant, "日結報表", "錢箱應有現金"),
        (
            FormLang::Bilingual,
            Lang::ZhHans,
            "日结报表",
            "Daily report",
        ),
    ];
    for (lang, data_lang, title, drawer) in cases {
        let (pdf, printed_in) = render_day_report_pdf(
            &day.store,
            day.dir.path(),
            fonts,
            &request(lang),
            at(3, 19, 0),
        )
        .expect("rendered");
        assert_eq!(printed_in, lang);
        assert!(pdf.len() <= 200 * 1024, "{lang:?}: {} bytes", pdf.len());
        let path = out.path().join(format!("day-{lang:?}.pdf"));
        std::fs::write(&path, &pdf).expect("written");
        let check = run("qpdf", &["--check", path.to_str().expect("utf-8")]);
        assert!(check.status.success(), "qpdf --check {lang:?}");
        let text = text_of(&path);
        assert_eq!(text.matches('\u{c}').count(), 1, "{lang:?}: one page");
        let flat = squash(&text);
        assert!(flat.contains(&squash(title)), "{lang:?} title");
        assert!(flat.contains(&squash(drawer)), "{lang:?} drawer");
        // Cash: 480.00 and the 480.00 paid in cash after the void.
        let cash = format_money(96_000, "CNY", data_lang);
        assert!(
            flat.contains(&squash(&cash)),
            "{lang:?}: the drawer's {cash}"
        );
        for number in &day.numbers {
            assert!(flat.contains(number.as_str()), "{lang:?}: {number} listed");
        }
        assert!(flat.contains("沪B00003"), "plates listed");
        assert!(flat.contains("王客户5"), "customers listed");
        assert!(flat.contains("赵主管"), "{lang:?}: who approved the void");
        assert!(flat.contains("regularcustomer"), "{lang:?}: why");
    }
}

#[test]
fn the_report_renders_to_an_image_a_person_can_read() {
    let day = typical_day();
    let fonts = builtin_fonts().expect("font");
    let keep = std::env::var_os("DAY_REPORT_PNG_DIR");
    let out = tempfile::tempdir().expect("out");
    let folder = keep.as_deref().map_or(out.path(), Path::new);
    for lang in [FormLang::ZhHans, FormLang::Bilingual, FormLang::En] {
        let (pdf, _) = render_day_report_pdf(
            &day.store,
            day.dir.path(),
            fonts,
            &request(lang),
            at(3, 19, 0),
        )
        .expect("rendered");
        let path = folder.join(format!("day-{lang:?}.pdf"));
        std::fs::write(&path, &pdf).expect("written");
        let png = folder.join(format!("day-{lang:?}"));
        let drawn = run(
            "pdftoppm",
            &[
                "-r",
                "80",
                "-png",
                path.to_str().expect("utf-8"),
                png.to_str().expect("utf-8"),
            ],
        );
        assert!(drawn.status.success(), "pdftoppm {lang:?}");
    }
}

#[test]
fn a_busy_day_runs_onto_more_pages_under_a_repeated_header() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    for n in 1..=40 {
        let (id, _) = settled(&store, dir.path(), n, 8 + n / 6, n % 6 * 9);
        store
            .record_payment(
                id,
                &pay(PaymentMethod::Mobile, 48_000),
                at(3, 8 + n / 6, n % 6 * 9 + 1),
            )
            .expect("paid");
    }
    let fonts = builtin_fonts().expect("font");
    let (pdf, _) = render_day_report_pdf(
        &store,
        dir.path(),
        fonts,
        &request(FormLang::En),
        at(3, 19, 0),
    )
    .expect("rendered");
    let out = tempfile::tempdir().expect("out");
    let path = out.path().join("busy.pdf");
    std::fs::write(&path, &pdf).expect("written");
    let text = text_of(&path);
    assert!(text.matches('\u{c}').count() >= 2, "more than one page");
    assert!(text.contains("Page 2"), "numbered pages");
    assert!(squash(&text).contains("沪B00040"), "the last job is listed");
}

#[test]
fn the_text_for_the_command_line_names_every_figure() {
    let day = typical_day();
    let doc =
        day_report_doc(&day.store, day.dir.path(), at(3, 0, 0).date(), at(3, 19, 0)).expect("doc");
    assert_eq!(doc.lists.settlements.len(), 5);
    assert_eq!(doc.lists.payments.len(), 6, "the voided one stays listed");
    assert_eq!(doc.lists.payments.iter().filter(|p| p.voided).count(), 1);
    assert_eq!(doc.lists.settlements[2].plate, "沪B00003");
    let text = day_report_text(&doc, Lang::En);
    assert!(text.contains("Jobs settled"), "{text}");
    assert!(text.contains("Cash the drawer should hold"));
    assert!(text.contains(&format_money(96_000, "CNY", Lang::En)));
    assert!(text.contains("赵主管"), "the approver");
}

#[test]
fn save_as_writes_outside_the_data_folder_and_print_writes_a_file_to_open() {
    let day = typical_day();
    let fonts = builtin_fonts().expect("font");
    let inside = day.dir.path().join("day.pdf");
    assert!(
        save_day_report_pdf(
            &day.store,
            day.dir.path(),
            fonts,
            &request(FormLang::En),
            &inside,
            at(3, 19, 0)
        )
        .is_err(),
        "never into the data folder"
    );
    let desk = tempfile::tempdir().expect("desk");
    let target = desk.path().join("day.pdf");
    let saved = save_day_report_pdf(
        &day.store,
        day.dir.path(),
        fonts,
        &request(FormLang::En),
        &target,
        at(3, 19, 0),
    )
    .expect("saved");
    assert!(std::fs::metadata(saved).expect("file").len() > 1000);
    let open = day_report_print_path(
        &day.store,
        day.dir.path(),
        fonts,
        &request(FormLang::ZhHans),
        at(3, 19, 0),
    )
    .expect("written to print/");
    assert!(
        open.ends_with("print/day-2026-03-03-zh-Hans.pdf"),
        "{}",
        open.display()
    );
}

#[test]
fn the_end_of_day_bundle_carries_the_days_report_and_still_verifies() {
    let day = typical_day();
    let stick = tempfile::tempdir().expect("stick");
    let outcome =
        garage_core::export::export_day(&day.store, day.dir.path(), stick.path(), 30, at(3, 18, 0))
            .expect("exported");
    assert!(outcome.export.verified);
    let bundle = Path::new(&outcome.export.bundle_path);
    let report = bundle.join("reports/day-2026-03-03.pdf");
    assert!(report.is_file(), "the report is in the bundle");
    let check = garage_core::export::bundle::check_bundle(bundle).expect("check");
    assert!(check.ok, "{:?}", check.issues);
    assert!(
        check
            .manifest
            .files
            .iter()
            .any(|f| f.path == "reports/day-2026-03-03.pdf"),
        "listed in the manifest"
    );
    let text = squash(&text_of(&report));
    for number in &day.numbers {
        assert!(
            text.contains(number.as_str()),
            "{number} in the bundled report"
        );
    }
}
