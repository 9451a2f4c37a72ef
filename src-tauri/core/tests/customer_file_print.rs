//! The customer file sheet (客户档案资料表) read back as the desk reads it: the text with
//! `pdftotext` in every form language, `qpdf --check`, one page for a typical customer,
//! under 200 KB; a long history runs onto more pages. `GD_KEEP_PDF=dir` keeps the PDFs.
#[path = "forms_fixtures/sample.rs"]
mod sample;
#[path = "forms_fixtures/tools.rs"]
mod tools;

use garage_core::domain::care::{ContactKind, LostReason, VehicleKind};
use garage_core::forms::*;
use sample::{at, day};
use tools::{fonts, pages, path_str, run, squash, text_of, write_temp};

fn typical() -> CustomerFileDoc {
    CustomerFileDoc {
        shop: ShopHeader {
            name: "Pearl River Auto Service 珠江汽修".into(),
            address: "88 Huangpu Avenue, Guangzhou".into(),
            phone: "020-8888 6666".into(),
            tax_number: None,
            logo_png: None,
        },
        number: "CUST-00042".into(),
        printed_at: at(2026, 12, 7, 15, 30),
        currency: "CNY".into(),
        customer: FileCustomer {
            name: "周建华".into(),
            company: "广州市华盛贸易有限公司".into(),
            contact_person: "周建华".into(),
            phones: vec!["13512345678".into(), "020-3888 1234".into()],
            address: "广州市天河区体育西路 123 号 1502 室".into(),
            since: day(2021, 6, 3),
            agrees_to_follow_up: true,
            wishes: "周六取送车，保养前电话提醒".into(),
        },
        vehicles: vec![
            FileVehicle {
                plate: "粤A88123".into(),
                make_model: "Toyota RAV4".into(),
                colour: "White".into(),
                vin: "LVGBE40K8MG123456".into(),
                kind: VehicleKind::Suv,
                purchase_date: Some(day(2021, 5, 1)),
                dealer: "广州骏达丰田4S店".into(),
                interval_km: 5_000,
                interval_months: 6,
                odometer: Some(61_250),
                last_service: Some(day(2026, 7, 12)),
                next_due: Some(day(2026, 12, 20)),
                next_due_km: Some(65_900),
                estimated: true,
            },
            FileVehicle {
                plate: "粤B12345".into(),
                make_model: "BYD Han".into(),
                colour: "Blue".into(),
                vin: String::new(),
                kind: VehicleKind::Car,
                purchase_date: None,
                dealer: String::new(),
                interval_km: 10_000,
                interval_months: 12,
                odometer: Some(18_400),
                last_service: Some(day(2026, 3, 2)),
                next_due: Some(day(2027, 3, 2)),
                next_due_km: Some(28_100),
                estimated: false,
            },
        ],
        jobs: (0..6)
            .map(|i| FileJobLine {
                date: day(2026, 1 + i, 10),
                number: format!("WO-2026-000{}", 10 + i),
                plate: "粤A88123".into(),
                odometer: Some(40_000 + 4_000 * i64::from(i)),
                work: "二级保养，更换机油机滤 Second-level service, oil and filter".into(),
                settlement: format!("ST-2026-000{}", 10 + i),
                total_minor: Some(68_000 + 1_000 * i64::from(i)),
            })
            .collect(),
        payments: vec![
            FilePaymentLine {
                date: day(2026, 7, 12),
                job: "WO-2026-00015".into(),
                method: "mobile".into(),
                amount_minor: 73_000,
                voided: false,
            },
            FilePaymentLine {
                date: day(2026, 6, 10),
                job: "WO-2026-00014".into(),
                method: "cash".into(),
                amount_minor: 72_000,
                voided: false,
            },
        ],
        contacts: vec![
            FileContactLine {
                date: day(2026, 11, 20),
                kind: ContactKind::Reminder,
                lost_reason: None,
                note: "已提醒保养，周六来 Reminded; coming Saturday".into(),
                staff: "陈晓".into(),
            },
            FileContactLine {
                date: day(2025, 9, 1),
                kind: ContactKind::LostCall,
                lost_reason: Some(LostReason::Price),
                note: "觉得工时费偏高".into(),
                staff: "陈晓".into(),
            },
        ],
        calls: Vec::new(),
        complaints: Vec::new(),
    }
}

fn render(doc: &CustomerFileDoc, lang: FormLang) -> Vec<u8> {
    let pdf = render_customer_file(doc, lang, fonts())
        .unwrap_or_else(|err| panic!("the customer file renders: {err}"));
    if let Some(dir) = std::env::var_os("GD_KEEP_PDF") {
        let name = format!("customer-file-{lang:?}-{}.pdf", doc.jobs.len());
        let _ = std::fs::write(std::path::Path::new(&dir).join(name), &pdf);
    }
    pdf
}

fn assert_sound(pdf: &[u8], context: &str) {
    assert!(
        pdf.len() < 200 * 1024,
        "{context}: {} bytes; a form must mail and archive cheaply",
        pdf.len()
    );
    let file = write_temp(pdf);
    let out = run("qpdf", &["--check", path_str(&file.path)]);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && report.contains("No syntax or stream encoding errors"),
        "{context}: qpdf --check:\n{report}"
    );
}

#[test]
fn a_typical_customer_file_reads_back_on_one_page_in_every_language() {
    let doc = typical();
    let words: [(FormLang, &[&str]); 4] = [
        (
            FormLang::En,
            &[
                "Customer file",
                "SUV",
                "Bought, dealer",
                "Next service due",
                "Price",
                "Service reminder",
            ],
        ),
        (
            FormLang::ZhHans,
            &[
                "客户档案资料表",
                "希望得到的服务",
                "购车日期",
                "下次保养期",
                "流失客户回访",
                "价格",
            ],
        ),
        (
            FormLang::ZhHant,
            &[
                "客戶檔案資料表",
                "希望得到的服務",
                "購車日期",
                "下次保養期",
                "流失客戶回訪",
                "價格",
            ],
        ),
        (
            FormLang::Bilingual,
            &[
                "客户档案资料表",
                "Customer file",
                "跟踪回访记录",
                "Complaints",
            ],
        ),
    ];
    for (lang, expected) in words {
        let pdf = render(&doc, lang);
        let text = text_of(&pdf);
        let context = format!("{lang:?}");
        assert_eq!(
            pages(&text).len(),
            1,
            "{context}: one page for a typical customer"
        );
        assert_sound(&pdf, &context);
        let squashed = squash(&text);
        for value in expected.iter().chain(&[
            "CUST-00042",
            "周建华",
            "粤A88123",
            "广州骏达丰田4S店",
            "WO-2026-00015",
            "13512345678",
            "≈",
        ]) {
            assert!(
                squashed.contains(&squash(value)),
                "{context}: the sheet lacks {value}\n{text}"
            );
        }
    }
}

#[test]
fn a_long_history_runs_onto_more_pages() {
    let mut doc = typical();
    doc.jobs = (0..90)
        .map(|i| FileJobLine {
            date: day(2019 + i / 12, 1 + (i as u32 % 12), 10),
            number: format!("WO-{}-{:05}", 2019 + i / 12, i),
            plate: "粤A88123".into(),
            odometer: Some(1_000 * i64::from(i)),
            work: "保养 Service".into(),
            settlement: String::new(),
            total_minor: Some(50_000),
        })
        .collect();
    let pdf = render(&doc, FormLang::Bilingual);
    let text = text_of(&pdf);
    assert!(pages(&text).len() >= 2, "ninety jobs run on");
    assert!(text.contains("WO-2026-00089"), "the last job is printed");
    assert_sound(&pdf, "long");
}
