//! The complaint sheet (投诉事件处理单) printed from the store: a serious complaint about a
//! comeback job, answered in steps and closed by the supervisor, read back with
//! `pdftotext` in every language, checked with `qpdf --check`, one page, under 200 KB.
mod intake_fixtures;
#[path = "forms_fixtures/sample.rs"]
mod sample;
mod settlement_fixtures;
#[path = "forms_fixtures/tools.rs"]
mod tools;

use garage_core::desk::print::complaint::{render_complaint_sheet_pdf, ComplaintSheetRequest};
use garage_core::domain::complaint::{
    ComplaintChannel, ComplaintClosingInput, ComplaintDemand, ComplaintInput, ComplaintKind,
    ComplaintStepInput,
};
use garage_core::forms::FormLang;
use garage_core::intake::IntakeSection;
use garage_core::settlement::supervision::SupervisorWord;
use garage_core::Store;
use intake_fixtures::{at, dashboard, open};
use settlement_fixtures::{signed_job, supervisor, PIN};
use tools::{fonts, pages, path_str, run, squash, text_of, write_temp};

fn assert_sound(pdf: &[u8], context: &str) {
    assert_eq!(pages(&text_of(pdf)).len(), 1, "{context}: one page");
    assert!(pdf.len() < 200 * 1024, "{context}: {} bytes", pdf.len());
    let file = write_temp(pdf);
    let out = run("qpdf", &["--check", path_str(&file.path)]);
    assert!(out.status.success(), "{context}: qpdf --check fails");
}

fn keep_png(pdf: &[u8], name: &str) {
    if let Some(dir) = std::env::var_os("COMPLAINT_PNG_DIR") {
        let _ = std::fs::write(std::path::Path::new(&dir).join(format!("{name}.pdf")), pdf);
    }
}

#[test]
fn a_closed_serious_complaint_about_a_comeback_prints_on_one_page_in_every_language() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let boss = supervisor(&store);
    let origin = signed_job(&store, dir.path());
    let job = store.get_work_order(origin).expect("job").work_order;
    let back = open(&store, job.customer_id, job.vehicle_id, at(8, 9, 0))
        .work_order
        .id;
    store
        .save_intake_section(
            back,
            &IntakeSection::Dashboard(dashboard(86_900)),
            at(8, 9, 5),
        )
        .expect("odometer");
    store
        .link_comeback(back, origin, "周敏", at(8, 9, 10))
        .expect("linked");
    let input = ComplaintInput {
        customer_id: job.customer_id,
        vehicle_id: job.vehicle_id,
        work_order_id: Some(back),
        channel: ComplaintChannel::InPerson,
        kind: ComplaintKind::Serious,
        words: "刹车片换了五天又响了，我要求免费修好并赔偿我请假的损失！".into(),
        demands: vec![
            ComplaintDemand::FreeRepair,
            ComplaintDemand::Compensation,
            ComplaintDemand::Apology,
        ],
        taken_by: "周敏".into(),
        answer_now: "先向客户道歉，安排技师当场试车。".into(),
        answer_by: Some(at(8, 17, 0)),
    };
    let c = store.log_complaint(&input, at(8, 9, 20)).expect("logged");
    let step = ComplaintStepInput {
        by: "陈师傅".into(),
        action: "Road test: the pad clip was missing; refitted free under guarantee.".into(),
        next_answer_by: Some(at(9, 10, 0)),
    };
    store
        .add_complaint_step(c.id, &step, at(8, 15, 0))
        .expect("step");
    let word = SupervisorWord {
        supervisor_id: boss,
        pin: PIN.into(),
    };
    let closing = ComplaintClosingInput {
        answer: "Repaired free; 200 yuan for the lost half day agreed by the supervisor.".into(),
        satisfied: Some(true),
        closed_by: "周敏".into(),
        compensation_agreed: true,
    };
    store
        .close_complaint(c.id, &closing, Some(&word), at(9, 9, 30))
        .expect("closed by the supervisor");
    for lang in [
        FormLang::En,
        FormLang::ZhHans,
        FormLang::ZhHant,
        FormLang::Bilingual,
    ] {
        let request = ComplaintSheetRequest {
            id: c.id,
            lang: Some(lang),
        };
        let (pdf, _, number) =
            render_complaint_sheet_pdf(&store, dir.path(), fonts(), &request, at(9, 10, 0))
                .expect("the sheet renders");
        assert_eq!(number, "C-2026-0001");
        assert_sound(&pdf, &format!("{lang:?}"));
        keep_png(&pdf, &format!("complaint-{lang:?}"));
        let text = squash(&text_of(&pdf));
        for value in [
            "C-2026-0001",
            "刹车片换了五天又响了",
            "陈师傅",
            "赵主管",
            "沪A12345",
        ] {
            assert!(
                text.contains(&squash(value)),
                "{lang:?} lacks {value}:\n{text}"
            );
        }
        let words: &[&str] = match lang {
            FormLang::En => &[
                "Complaint sheet",
                "Serious",
                "Compensation",
                "Customer satisfied",
                "within guarantee",
            ],
            FormLang::ZhHans => &[
                "投诉事件处理单",
                "严重投诉或公关危机",
                "赔偿损失",
                "客户满意",
                "在保修期内",
            ],
            FormLang::ZhHant => &[
                "投訴事件處理單",
                "嚴重投訴或公關危機",
                "賠償損失",
                "客戶滿意",
            ],
            FormLang::Bilingual => &["投诉事件处理单", "Complaint sheet"],
        };
        for value in words {
            assert!(
                text.contains(&squash(value)),
                "{lang:?} lacks {value}:\n{text}"
            );
        }
    }
}
