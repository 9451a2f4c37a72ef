//! The printed additional-items slip, read back the way a customer and the cashier read
//! it: every item with its finding, amounts and answer (approved first, declined marked
//! and kept), how the answer was given, every call, the signature from the pad; a clean,
//! small, subset-font file; archived once per answer, later printings of it COPY.
mod intake_fixtures;

use std::path::Path;
use std::process::Command;

use garage_core::desk::print::additional::{
    additional_form_name, archive_additional_slip, render_additional_pdf, save_additional_pdf,
    AdditionalSlipRequest,
};
use garage_core::desk::print::work_order::builtin_fonts;
use garage_core::error::CoreError;
use garage_core::forms::FormLang;
use garage_core::i18n::format_money;
use garage_core::intake::SignatureRole;
use garage_core::pricing::estimate::ApprovalChannel;
use garage_core::pricing::{EstimateLine, Guarantee, GuaranteeClass, LineKind, PartSource};
use garage_core::pricing::{PartGrade, PricingSettings, TaxSettings};
use garage_core::reason::Reason;
use garage_core::workshop::{AdditionalItemInput, AnswerInput, ContactOutcome};
use garage_core::{Lang, Store, WorkOrderId};
use intake_fixtures::*;

fn run(tool: &str, args: &[&str]) -> std::process::Output {
    Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} must be installed (poppler-utils, qpdf): {e}"))
}

fn text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("slip.pdf");
    std::fs::write(&path, pdf).expect("pdf written");
    let out = run("pdftotext", &["-enc", "UTF-8", path_str(&path), "-"]);
    assert!(out.status.success(), "pdftotext reads the slip");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temp path")
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn assert_has(text: &str, values: &[&str], context: &str) {
    let squashed = squash(text);
    let missing: Vec<&&str> = values
        .iter()
        .filter(|v| !squashed.contains(&squash(v)))
        .collect();
    assert!(
        missing.is_empty(),
        "{context}: the slip lacks {missing:?}\n--- text ---\n{text}"
    );
}

fn line(
    kind: LineKind,
    code: &str,
    text: &str,
    qty_milli: i64,
    unit: &str,
    price: i64,
) -> EstimateLine {
    EstimateLine {
        kind,
        code: code.into(),
        description: text.into(),
        system: None,
        qty_milli,
        unit: unit.into(),
        unit_price_minor: price,
        discount_bp: 0,
        source: Some(PartSource::Shop).filter(|_| kind == LineKind::Part),
        grade: Some(PartGrade::Genuine).filter(|_| kind == LineKind::Part),
        customer_insists: false,
        guarantee: Guarantee {
            class: GuaranteeClass::FirstLevel,
            km: 2_000,
            days: 10,
        },
    }
}

fn item(
    finding: &str,
    reason: &str,
    safety: bool,
    lines: Vec<EstimateLine>,
    minutes: u32,
) -> AdditionalItemInput {
    AdditionalItemInput {
        finding: finding.into(),
        reason: reason.into(),
        safety_critical: safety,
        photos: vec![],
        found_by: "王师傅".into(),
        lines,
        extra_minutes: minutes,
    }
}

fn answer(outcome: ContactOutcome, channel: ApprovalChannel) -> AnswerInput {
    AnswerInput {
        outcome,
        channel,
        spoke_with: "李建国".into(),
        recorded_by: "周敏".into(),
        new_promised_at: None,
        signature: None,
    }
}

/// A checked-in job with three findings: the discs approved on the pad with a new
/// promised time, the wiper blades declined by phone after a call that reached nobody,
/// the cabin filter still waiting.
struct Job {
    store: Store,
    dir: tempfile::TempDir,
    id: WorkOrderId,
    discs: i64,
    wipers: i64,
    filter: i64,
}

fn job_with_items() -> Job {
    let store = Store::open_in_memory().expect("store");
    let settings = PricingSettings {
        tax: TaxSettings::flat(1_300),
        ..PricingSettings::default()
    };
    store.save_pricing_settings(&settings).expect("settings");
    let dir = tempfile::tempdir().expect("data dir");
    let id = job(&store).work_order.id;
    fill_intake(&store, id);
    check_in(&store, dir.path(), id, now());

    let discs = item(
        "前刹车盘磨损严重 Front brake discs scored",
        "低于最小厚度 Below the minimum thickness; braking distance grows",
        true,
        vec![
            line(
                LineKind::Part,
                "43512-12680",
                "前刹车盘 Front discs",
                2_000,
                "pc",
                35_000,
            ),
            line(
                LineKind::Labour,
                "BR-05",
                "更换刹车盘 Replace discs",
                1_000,
                "h",
                18_000,
            ),
        ],
        90,
    );
    let wipers = item(
        "雨刮片老化 Wiper blades perished",
        "Streaks in the rain",
        false,
        vec![line(
            LineKind::Part,
            "WB-600",
            "雨刮片 Wiper blades",
            2_000,
            "pc",
            6_500,
        )],
        15,
    );
    let filter = item(
        "空调滤芯脏堵 Cabin filter clogged",
        "",
        false,
        vec![line(
            LineKind::Part,
            "CF-10",
            "空调滤芯 Cabin filter",
            1_000,
            "pc",
            8_800,
        )],
        10,
    );
    store
        .add_additional_item(id, &discs, at(2, 10, 0))
        .expect("discs");
    store
        .add_additional_item(id, &wipers, at(2, 10, 5))
        .expect("wipers");
    let view = store
        .add_additional_item(id, &filter, at(2, 10, 10))
        .expect("filter");
    let ids: Vec<i64> = view.items.iter().map(|i| i.id).collect();

    let signed = AnswerInput {
        new_promised_at: Some(at(3, 17, 0)),
        signature: Some(signature(SignatureRole::Customer, "李建国")),
        ..answer(ContactOutcome::Approved, ApprovalChannel::Signature)
    };
    store
        .answer_additional_item(dir.path(), id, ids[0], &signed, at(2, 10, 30))
        .expect("discs approved on the pad");
    let nobody = answer(ContactOutcome::NotReached, ApprovalChannel::Phone);
    store
        .answer_additional_item(dir.path(), id, ids[1], &nobody, at(2, 10, 40))
        .expect("not reached");
    let no = answer(ContactOutcome::Declined, ApprovalChannel::Phone);
    store
        .answer_additional_item(dir.path(), id, ids[1], &no, at(2, 11, 15))
        .expect("wipers declined");
    Job {
        store,
        dir,
        id,
        discs: ids[0],
        wipers: ids[1],
        filter: ids[2],
    }
}

fn slip(job: &Job, lang: FormLang) -> Vec<u8> {
    let fonts = builtin_fonts().expect("fonts");
    let request = AdditionalSlipRequest {
        id: job.id,
        lang: Some(lang),
    };
    render_additional_pdf(&job.store, job.dir.path(), fonts, &request, at(2, 12, 0))
        .expect("the slip renders")
        .0
}

fn gross(job: &Job, item: i64) -> i64 {
    let view = job.store.workshop(job.id, at(2, 12, 0)).expect("view");
    view.items
        .iter()
        .find(|i| i.id == item)
        .map(|i| i.totals.gross_minor)
        .expect("the item")
}

#[test]
fn the_english_slip_lists_every_item_with_its_amounts_answer_and_how_it_was_given() {
    let job = job_with_items();
    let text = text_of(&slip(&job, FormLang::En));
    let money = |minor| format_money(minor, "CNY", Lang::En);
    let (discs, wipers, filter) = (
        gross(&job, job.discs),
        gross(&job, job.wipers),
        gross(&job, job.filter),
    );
    assert_eq!(
        discs,
        (2 * 35_000 + 18_000) * 113 / 100,
        "13 % tax on the discs"
    );
    assert_has(
        &text,
        &[
            "Additional items",
            "Front brake discs scored",
            "Below the minimum thickness",
            "SAFETY-CRITICAL",
            "王师傅",
            "1 h 30 min",
            &money(discs),
            &money(wipers),
            &money(filter),
            "43512-12680",
            "APPROVED",
            "Signed at the desk",
            "李建国",
            "周敏",
            "Wiper blades perished",
            "DECLINED",
            "Declined — stays on record",
            "By phone",
            "Not reached — try again",
            "Cabin filter clogged",
            "WAITING FOR ANSWER",
            "Not answered yet",
            "New promised time",
            "Approved additional work",
        ],
        "English",
    );
    let squashed = squash(&text);
    let first = |needle: &str| squashed.find(&squash(needle)).expect(needle);
    assert!(
        first("Front brake discs scored") < first("Cabin filter clogged")
            && first("Cabin filter clogged") < first("Wiper blades perished"),
        "approved first, waiting next, declined last"
    );
    assert!(!text.contains("COPY"), "nothing archived: no copy");
}

#[test]
fn the_simplified_chinese_slip_uses_the_trades_words() {
    let job = job_with_items();
    let text = text_of(&slip(&job, FormLang::ZhHans));
    let money = |minor| format_money(minor, "CNY", Lang::ZhHans);
    assert_has(
        &text,
        &[
            "维修追加项目单",
            "前刹车盘磨损严重",
            &money(gross(&job, job.discs)),
            &money(gross(&job, job.wipers)),
            "客户同意",
            "客户拒绝",
            "现场签字",
            "电话",
            "未联系上",
            "1小时30分钟",
            "涉及行车安全",
        ],
        "简体",
    );
    let hant = text_of(&slip(&job, FormLang::ZhHant));
    assert_has(&hant, &["維修追加項目單", "客戶拒絕"], "繁體");
}

#[test]
fn every_language_gives_a_clean_small_file_with_a_subset_font_and_the_signature() {
    let job = job_with_items();
    for lang in FormLang::ALL {
        let pdf = slip(&job, lang);
        assert!(
            pdf.len() < 200 * 1024,
            "{lang:?}: {} bytes, must stay under 200 KB",
            pdf.len()
        );
        let file = job.dir.path().join(format!("check-{lang:?}.pdf"));
        std::fs::write(&file, &pdf).expect("written");
        let out = run("qpdf", &["--check", path_str(&file)]);
        assert!(
            out.status.success(),
            "{lang:?}: qpdf --check: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let out = run("pdffonts", &[path_str(&file)]);
        let listing = String::from_utf8_lossy(&out.stdout).into_owned();
        let fonts: Vec<&str> = listing
            .lines()
            .skip(2)
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert!(
            fonts.len() == 1 && fonts[0].contains('+'),
            "{lang:?}: one subset font:\n{listing}"
        );
        let out = run("pdfimages", &["-list", path_str(&file)]);
        let images = String::from_utf8_lossy(&out.stdout).lines().skip(2).count();
        assert!(
            images >= 1,
            "{lang:?}: the signature from the pad is embedded"
        );
    }
}

#[test]
fn a_job_without_additional_items_has_no_slip() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let id = job(&store).work_order.id;
    let fonts = builtin_fonts().expect("fonts");
    let request = AdditionalSlipRequest { id, lang: None };
    assert!(matches!(
        render_additional_pdf(&store, dir.path(), fonts, &request, now()),
        Err(CoreError::Conflict {
            code: Reason::AdditionalItemsNone
        })
    ));
    let target = dir.path().join("..").join("nothing.pdf");
    assert!(save_additional_pdf(&store, dir.path(), fonts, &request, &target, now()).is_err());
    assert!(!target.exists(), "nothing written");
}

#[test]
fn each_answer_is_archived_once_and_reprints_of_it_are_copies_until_something_changes() {
    let job = job_with_items();
    let fonts = builtin_fonts().expect("fonts");
    let archived =
        archive_additional_slip(&job.store, job.dir.path(), fonts, job.id, at(2, 11, 20))
            .expect("archived");
    assert_eq!(archived.form, additional_form_name(2), "two items answered");
    assert!(
        archived.file_name.starts_with("forms/"),
        "{}",
        archived.file_name
    );
    let original = std::fs::read(job.dir.path().join(&archived.file_name)).expect("on disk");
    assert!(!text_of(&original).contains("COPY"), "the original");
    let again = archive_additional_slip(&job.store, job.dir.path(), fonts, job.id, at(2, 11, 30))
        .expect("again");
    assert_eq!(again.id, archived.id, "archived once per answer");

    let copy = text_of(&slip(&job, FormLang::En));
    assert!(
        copy.contains("COPY"),
        "the archived slip reprints as a COPY:\n{copy}"
    );

    // A call since the archive: the slip now says more than the original, so no COPY.
    let nobody = answer(ContactOutcome::NotReached, ApprovalChannel::Phone);
    job.store
        .answer_additional_item(job.dir.path(), job.id, job.filter, &nobody, at(2, 12, 5))
        .expect("not reached");
    let fresh = text_of(&slip(&job, FormLang::En));
    assert!(
        !fresh.contains("COPY"),
        "a changed slip is no copy:\n{fresh}"
    );
}

#[test]
fn nothing_is_archived_before_the_customer_answers() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let id = job(&store).work_order.id;
    fill_intake(&store, id);
    check_in(&store, dir.path(), id, now());
    let found = item(
        "Cabin filter clogged",
        "",
        false,
        vec![line(
            LineKind::Part,
            "CF-10",
            "Cabin filter",
            1_000,
            "pc",
            8_800,
        )],
        10,
    );
    store
        .add_additional_item(id, &found, at(2, 10, 0))
        .expect("found");
    let fonts = builtin_fonts().expect("fonts");
    assert!(matches!(
        archive_additional_slip(&store, dir.path(), fonts, id, at(2, 10, 5)),
        Err(CoreError::Conflict {
            code: Reason::AdditionalItemsUnanswered
        })
    ));
}

/// Writes the sample slip to `$SLIP_PREVIEW_DIR` for a look at the layout
/// (`pdftoppm -png -r 60`); does nothing without it.
#[test]
fn preview_files_when_asked() {
    let Some(dir) = std::env::var_os("SLIP_PREVIEW_DIR") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let job = job_with_items();
    for (name, lang) in [
        ("slip-en", FormLang::En),
        ("slip-zh", FormLang::ZhHans),
        ("slip-bi", FormLang::Bilingual),
    ] {
        let path = dir.join(format!("{name}.pdf"));
        std::fs::write(&path, slip(&job, lang))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
