//! The follow-up call record (跟踪服务客户电话记录表) and the follow-up call register
//! (跟踪服务电话登记表), read back the way the desk and the supervisor read them: the text
//! with `pdftotext` in every form language, the file with `qpdf --check`, one page for a
//! typical day or month, more pages for a long list.
#[path = "forms_fixtures/appointment_sample.rs"]
mod appointment_sample;
#[path = "forms_fixtures/sample.rs"]
mod sample;
#[path = "forms_fixtures/tools.rs"]
mod tools;

use garage_core::forms::*;
use sample::{at, day};
use tools::{fonts, pages, path_str, run, squash, text_of, write_temp};

fn entry(i: u32, unhappy: bool) -> FollowUpEntry {
    FollowUpEntry {
        at: at(2026, 12, 1 + i % 28, 9 + i % 2 * 7, 10 + i % 40),
        job: format!("W-2026-{:05}", 100 + i),
        customer: if i % 2 == 0 {
            "王建国".into()
        } else {
            "Mr Chen".into()
        },
        phone: "138 1234 5678".into(),
        plate: "沪A12345".into(),
        stage: if i % 3 == 0 { 2 } else { 1 },
        reached: i % 5 != 4,
        car_runs: if unhappy {
            "not_right".into()
        } else {
            "well".into()
        },
        score: (i % 5 != 4).then_some(if unhappy { 2 } else { 5 }),
        words: if unhappy {
            "刹车还是有异响 The brakes still squeal when cold".into()
        } else {
            "车况很好 Runs well, thanks".into()
        },
        next_service_date: Some(day(2027, 6, 1)),
        next_service_km: Some(48_500),
        new_service: if i == 1 {
            "四轮定位 Wheel alignment".into()
        } else {
            String::new()
        },
        unhappy,
        booking: unhappy.then(|| "APPT-2026-00042".to_string()),
        problem: if i == 2 {
            "要求赔偿误工 Asks for the lost day's pay".into()
        } else {
            String::new()
        },
        reported_to: (i == 2).then(|| "赵主管".to_string()),
        called_by: "周敏".into(),
    }
}

fn doc(n: u32) -> FollowUpCallsDoc {
    let calls: Vec<FollowUpEntry> = (0..n).map(|i| entry(i, i % 7 == 2)).collect();
    FollowUpCallsDoc {
        shop: appointment_sample::shop(),
        from: day(2026, 12, 1),
        to: day(2026, 12, 31),
        printed_at: at(2026, 12, 31, 18, 0),
        counts: FollowUpCounts {
            calls: n,
            reached: calls.iter().filter(|c| c.reached).count() as u32,
            unhappy: calls.iter().filter(|c| c.unhappy).count() as u32,
            booked: calls.iter().filter(|c| c.booking.is_some()).count() as u32,
            to_supervisor: 1,
            missed: 3,
        },
        calls,
    }
}

fn assert_sound(pdf: &[u8], pages_wanted: usize, context: &str) -> String {
    let text = text_of(pdf);
    assert_eq!(pages(&text).len(), pages_wanted, "{context}: pages\n{text}");
    assert!(pdf.len() < 200 * 1024, "{context}: {} bytes", pdf.len());
    let file = write_temp(pdf);
    let out = run("qpdf", &["--check", path_str(&file.path)]);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && report.contains("No syntax or stream encoding errors"),
        "{context}: qpdf --check:\n{report}"
    );
    if let Ok(dir) = std::env::var("FOLLOW_UP_PDF") {
        let _ = std::fs::write(format!("{dir}/{context}.pdf"), pdf);
    }
    text
}

fn words(lang: FormLang) -> (&'static str, &'static str) {
    match lang {
        FormLang::En => ("Follow-up call register", "Follow-up call record"),
        FormLang::ZhHans => ("跟踪服务电话登记表", "跟踪服务客户电话记录表"),
        FormLang::ZhHant => ("跟蹤服務電話登記表", "跟蹤服務客戶電話記錄表"),
        FormLang::Bilingual => ("跟踪服务电话登记表", "跟踪服务客户电话记录表"),
    }
}

#[test]
fn a_month_of_calls_prints_its_register_on_one_page_in_every_language() {
    for lang in [
        FormLang::En,
        FormLang::ZhHans,
        FormLang::ZhHant,
        FormLang::Bilingual,
    ] {
        let pdf = render_follow_up_register(&doc(20), lang, fonts()).expect("renders");
        let text = assert_sound(&pdf, 1, &format!("register-{lang:?}"));
        let squashed = squash(&text);
        assert!(
            squashed.contains(&squash(words(lang).0)),
            "{lang:?}: the title\n{text}"
        );
        for value in [
            "W-2026-00100",
            "W-2026-00119",
            "APPT-2026-00042",
            "138 1234 5678",
        ] {
            assert!(
                squashed.contains(&squash(value)),
                "{lang:?}: {value}\n{text}"
            );
        }
    }
}

#[test]
fn a_long_list_runs_onto_more_pages() {
    let pdf = render_follow_up_register(&doc(120), FormLang::Bilingual, fonts()).expect("renders");
    let text = text_of(&pdf);
    assert!(
        pages(&text).len() >= 2,
        "120 calls continue on a further page"
    );
    assert!(
        squash(&text).contains("W-2026-00219"),
        "the last call is printed"
    );
}

#[test]
fn a_day_of_calls_prints_its_record_with_the_customers_words() {
    let mut one_day = doc(4);
    one_day.from = day(2026, 12, 3);
    one_day.to = day(2026, 12, 3);
    for lang in [
        FormLang::En,
        FormLang::ZhHans,
        FormLang::ZhHant,
        FormLang::Bilingual,
    ] {
        let pdf = render_follow_up_record(&one_day, lang, fonts()).expect("renders");
        let text = assert_sound(&pdf, 1, &format!("record-{lang:?}"));
        let squashed = squash(&text);
        assert!(
            squashed.contains(&squash(words(lang).1)),
            "{lang:?}: the title\n{text}"
        );
        for value in [
            "刹车还是有异响",
            "The brakes still squeal when cold",
            "48,500",
            "赵主管",
        ] {
            assert!(
                squashed.contains(&squash(value)),
                "{lang:?}: {value}\n{text}"
            );
        }
    }
}
