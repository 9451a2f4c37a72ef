//! Follow-up letters (跟踪服务信函) through the desk: the default templates, placeholders
//! refused next to their field, the group a mailing goes to by each filter, the event
//! rule's warning, a mailing recorded in the register with the letters it sent — and the
//! letters, the labels and the register read back from their PDFs.
mod common;
#[path = "forms_fixtures/sample.rs"]
mod sample;
#[path = "forms_fixtures/tools.rs"]
mod tools;

use chrono::{NaiveDate, NaiveDateTime};
use garage_core::desk::letters::MailingRequest;
use garage_core::desk::print::letters::{
    render_letter_register_pdf, render_mailing_pdf, LetterRegisterRequest, MailingPrintRequest,
};
use garage_core::forms::FormLang;
use garage_core::letters::{LetterGroup, LetterKind, LetterTemplateInput, MailingOutput};
use garage_core::reason::Reason;
use garage_core::work_order::{JobDetails, OpenWorkOrder};
use garage_core::{CoreError, CustomerId, Lang, Store, VehicleInput};
use tools::{fonts, pages, path_str, run, squash, text_of, write_temp};

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("a valid day")
}

fn at(m: u32, d: u32, h: u32) -> NaiveDateTime {
    day(m, d).and_hms_opt(h, 0, 0).expect("a valid time")
}

struct Customer<'a> {
    name: &'a str,
    phone: &'a str,
    address: &'a str,
    lang: Lang,
    agrees: bool,
    make: &'a str,
    model: &'a str,
    year: i32,
    plate: &'a str,
    vin: &'a str,
    visit: Option<NaiveDateTime>,
}

fn add(store: &Store, c: &Customer) -> CustomerId {
    let mut input = common::person(c.name, c.phone);
    input.address = c.address.into();
    input.preferred_language = c.lang;
    input.agrees_to_follow_up = c.agrees;
    let customer = store
        .create_customer(&input, at(1, 5, 9))
        .expect("the customer is filed");
    let car = VehicleInput {
        plate: c.plate.into(),
        vin: c.vin.into(),
        make: c.make.into(),
        model: c.model.into(),
        year: Some(c.year),
        ..VehicleInput::default()
    };
    let vehicle = store
        .add_vehicle(customer.id, &car, at(1, 5, 9))
        .expect("the car is filed");
    if let Some(visit) = c.visit {
        let job = OpenWorkOrder {
            customer_id: customer.id,
            vehicle_id: vehicle.id,
            details: JobDetails {
                complaint: "保养".into(),
                ..JobDetails::default()
            },
        };
        store.open_work_order(&job, visit).expect("the job opens");
    }
    customer.id
}

/// Four customers: two Corollas (one a recall VIN), a Camry without an address, and a
/// BYD whose owner did not agree to be contacted.
fn shop() -> Store {
    let store = common::store();
    let mut settings = store.get_settings().expect("settings");
    settings.shop_name = "Garage Desk Motors".into();
    settings.phone = "0755-8888 1234".into();
    store.save_settings(&settings).expect("settings saved");
    let customers = [
        Customer {
            name: "王伟",
            phone: "13800138001",
            address: "深圳市南山区科技园路 1 号 3 栋 501",
            lang: Lang::ZhHans,
            agrees: true,
            make: "Toyota",
            model: "Corolla",
            year: 2018,
            plate: "粤B12345",
            vin: "LSGPE54U8JF123456",
            visit: Some(at(6, 10, 9)),
        },
        Customer {
            name: "Anna Smith",
            phone: "13800138002",
            address: "12 Harbour Road, Wan Chai, Hong Kong",
            lang: Lang::En,
            agrees: true,
            make: "Toyota",
            model: "Corolla",
            year: 2015,
            plate: "粤B22222",
            vin: "",
            visit: Some(at(3, 2, 9)),
        },
        Customer {
            name: "陳大文",
            phone: "13800138003",
            address: "",
            lang: Lang::ZhHant,
            agrees: true,
            make: "Toyota",
            model: "Camry",
            year: 2021,
            plate: "粤B33333",
            vin: "",
            visit: None,
        },
        Customer {
            name: "李娜",
            phone: "13800138004",
            address: "深圳市福田区深南大道 100 号",
            lang: Lang::ZhHans,
            agrees: false,
            make: "BYD",
            model: "Han",
            year: 2020,
            plate: "粤B44444",
            vin: "",
            visit: Some(at(6, 20, 9)),
        },
    ];
    for c in &customers {
        add(&store, c);
    }
    store
}

fn template_of(store: &Store, kind: LetterKind) -> i64 {
    store
        .letter_templates()
        .expect("templates")
        .into_iter()
        .find(|t| t.kind == kind)
        .map(|t| t.id)
        .expect("a default template of each kind")
}

fn names(store: &Store, group: LetterGroup) -> Vec<String> {
    let request = MailingRequest {
        template_id: template_of(store, LetterKind::Seasonal),
        group,
        event_date: None,
    };
    let preview = store.letter_preview(&request, day(12, 7)).expect("preview");
    let mut all: Vec<String> = preview.first.iter().map(|r| r.name.clone()).collect();
    all.extend(
        preview
            .no_address
            .iter()
            .map(|r| format!("{} (no address)", r.name)),
    );
    all.sort();
    all
}

fn fields(err: CoreError) -> Vec<(String, Reason)> {
    match err {
        CoreError::Invalid(issues) => issues.into_iter().map(|i| (i.field, i.code)).collect(),
        other => panic!("expected a refusal by field, got {other:?}"),
    }
}

#[test]
fn a_new_shop_has_a_template_of_each_kind_in_three_languages() {
    let store = common::store();
    let templates = store.letter_templates().expect("templates");
    let kinds: Vec<_> = templates.iter().map(|t| t.kind).collect();
    assert_eq!(
        kinds,
        [LetterKind::Seasonal, LetterKind::Recall, LetterKind::Event]
    );
    for t in &templates {
        let input = LetterTemplateInput {
            id: Some(t.id),
            kind: t.kind,
            name: t.name.clone(),
            en: t.en.clone(),
            zh_hans: t.zh_hans.clone(),
            zh_hant: t.zh_hant.clone(),
        };
        assert!(
            garage_core::letters::check_template(&input).is_empty(),
            "the default {} passes its own checks",
            t.name
        );
        assert!(
            t.zh_hant.body.contains("{name}"),
            "every letter names its reader"
        );
    }
}

#[test]
fn a_template_is_saved_changed_and_refused_at_an_unknown_placeholder() {
    let store = common::store();
    let seasonal = store.letter_templates().expect("templates").remove(0);
    let mut input = LetterTemplateInput {
        id: None,
        kind: LetterKind::Other,
        name: "Tyre offer".into(),
        en: seasonal.en.clone(),
        zh_hans: seasonal.zh_hans.clone(),
        zh_hant: seasonal.zh_hant.clone(),
    };
    let saved = store
        .save_letter_template(&input, at(12, 1, 9))
        .expect("a new template saves");
    assert_eq!(saved.kind, LetterKind::Other);
    assert_eq!(store.letter_templates().expect("templates").len(), 4);

    input.id = Some(saved.id);
    input.zh_hans.body = "尊敬的{客户}：".into();
    let err = store
        .save_letter_template(&input, at(12, 1, 10))
        .expect_err("an unknown placeholder is refused");
    assert_eq!(
        fields(err),
        [("zhHans.body".to_string(), Reason::LetterPlaceholder)]
    );

    input.zh_hans.body = "尊敬的{name}：轮胎八折。".into();
    let changed = store
        .save_letter_template(&input, at(12, 1, 11))
        .expect("the fixed template saves");
    assert_eq!(
        changed.id, saved.id,
        "the same template is changed, not a copy"
    );
    assert_eq!(changed.zh_hans.body, "尊敬的{name}：轮胎八折。");
    assert_eq!(changed.updated_at, Some(at(12, 1, 11)));
}

#[test]
fn each_filter_narrows_the_group_and_customers_without_an_address_are_listed_apart() {
    let store = shop();
    assert_eq!(
        names(&store, LetterGroup::default()),
        ["Anna Smith", "李娜", "王伟", "陳大文 (no address)"]
    );
    let agreed = LetterGroup {
        agreed_only: true,
        ..LetterGroup::default()
    };
    assert_eq!(
        names(&store, agreed.clone()),
        ["Anna Smith", "王伟", "陳大文 (no address)"],
        "李娜 did not agree to be contacted"
    );
    let corollas = LetterGroup {
        make: "toyota".into(),
        model: "COROLLA".into(),
        ..agreed.clone()
    };
    assert_eq!(names(&store, corollas), ["Anna Smith", "王伟"]);
    let years = LetterGroup {
        year_from: Some(2017),
        year_to: Some(2021),
        ..agreed.clone()
    };
    assert_eq!(names(&store, years), ["王伟", "陳大文 (no address)"]);
    let summer = LetterGroup {
        last_visit_from: Some(day(6, 1)),
        last_visit_to: Some(day(6, 30)),
        ..LetterGroup::default()
    };
    assert_eq!(names(&store, summer), ["李娜", "王伟"]);
    let recall = LetterGroup {
        vin_prefix: "lsgpe5".into(),
        ..LetterGroup::default()
    };
    assert_eq!(names(&store, recall), ["王伟"]);
}

#[test]
fn a_bad_filter_is_refused_at_its_field() {
    let store = shop();
    let request = MailingRequest {
        template_id: template_of(&store, LetterKind::Recall),
        group: LetterGroup {
            year_from: Some(2022),
            year_to: Some(2019),
            vin_prefix: "LSG-".into(),
            ..LetterGroup::default()
        },
        event_date: None,
    };
    let err = store
        .letter_preview(&request, day(12, 7))
        .expect_err("refused");
    assert_eq!(
        fields(err),
        [
            ("yearTo".to_string(), Reason::LetterYearRange),
            ("vinPrefix".to_string(), Reason::LetterVinPrefix)
        ]
    );
}

#[test]
fn an_event_less_than_two_weeks_ahead_is_flagged_late_and_one_without_a_day_refused() {
    let store = shop();
    let event = template_of(&store, LetterKind::Event);
    let request = |event_date| MailingRequest {
        template_id: event,
        group: LetterGroup::default(),
        event_date,
    };
    let late = store
        .letter_preview(&request(Some(day(12, 15))), day(12, 7))
        .expect("preview");
    let timing = late.event.expect("an event letter carries its timing");
    assert!(
        timing.late,
        "8 days ahead is later than the two weeks the rule asks"
    );
    assert_eq!(timing.days_ahead, 8);
    let on_time = store
        .letter_preview(&request(Some(day(12, 28))), day(12, 7))
        .expect("preview");
    assert_eq!(on_time.event.map(|t| t.late), Some(false));
    let err = store
        .letter_preview(&request(None), day(12, 7))
        .expect_err("an event letter needs its day");
    assert_eq!(
        fields(err),
        [("eventDate".to_string(), Reason::LetterEventDate)]
    );
}

#[test]
fn a_mailing_is_registered_with_each_letter_in_its_readers_language() {
    let store = shop();
    let request = MailingRequest {
        template_id: template_of(&store, LetterKind::Seasonal),
        group: LetterGroup {
            agreed_only: true,
            ..LetterGroup::default()
        },
        event_date: Some(day(12, 31)),
    };
    let mailing = store
        .send_mailing(&request, at(12, 7, 10))
        .expect("the mailing is sent");
    assert_eq!(mailing.number, "LTR-2026-0001");
    assert_eq!(mailing.kind, LetterKind::Seasonal);
    assert_eq!(mailing.left_out, 1, "陳大文 has no address");
    let to: Vec<_> = mailing.recipients.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(to, ["Anna Smith", "王伟"]);

    let letters = store.sent_letters(mailing.id).expect("letters");
    assert!(
        letters[0].body.starts_with("Dear Anna Smith,"),
        "{}",
        letters[0].body
    );
    assert!(letters[0].body.contains("Toyota Corolla (粤B22222)"));
    assert!(
        letters[0].body.contains("31 Dec 2026"),
        "{}",
        letters[0].body
    );
    assert!(letters[1].body.starts_with("尊敬的王伟："));
    assert!(
        letters[1].body.contains("2026年12月31日"),
        "{}",
        letters[1].body
    );
    assert!(letters[1].body.contains("Garage Desk Motors"));
    assert!(
        !letters.iter().any(|l| l.body.contains('{')),
        "no placeholder is left"
    );

    let register = store
        .letter_register(day(12, 1), day(12, 31))
        .expect("register");
    assert_eq!(register, vec![mailing.clone()]);
    let november = store
        .letter_register(day(11, 1), day(11, 30))
        .expect("register");
    assert!(november.is_empty());
    let second = store.send_mailing(&request, at(12, 8, 10)).expect("again");
    assert_eq!(second.number, "LTR-2026-0002");
}

#[test]
fn a_group_nobody_can_be_written_to_is_refused_and_nothing_registered() {
    let store = shop();
    let request = MailingRequest {
        template_id: template_of(&store, LetterKind::Seasonal),
        group: LetterGroup {
            model: "Camry".into(),
            ..LetterGroup::default()
        },
        event_date: None,
    };
    let err = store
        .send_mailing(&request, at(12, 7, 10))
        .expect_err("refused");
    assert_eq!(
        fields(err),
        [("group".to_string(), Reason::LetterNoRecipients)]
    );
    let register = store
        .letter_register(day(12, 1), day(12, 31))
        .expect("register");
    assert!(register.is_empty());
}

#[test]
fn a_register_range_backwards_or_over_a_year_is_refused() {
    let store = common::store();
    for (from, to) in [
        (day(12, 7), day(12, 6)),
        (day(1, 1), NaiveDate::from_ymd_opt(2027, 1, 2).expect("day")),
    ] {
        let err = store.letter_register(from, to).expect_err("refused");
        assert_eq!(fields(err), [("to".to_string(), Reason::LetterRange)]);
    }
}

fn assert_sound(pdf: &[u8], page_count: usize, context: &str) -> String {
    let text = text_of(pdf);
    assert_eq!(pages(&text).len(), page_count, "{context}: pages\n{text}");
    let file = write_temp(pdf);
    let out = run("qpdf", &["--check", path_str(&file.path)]);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && report.contains("No syntax or stream encoding errors"),
        "{context}: qpdf --check:\n{report}"
    );
    text
}

fn render_png(pdf: &[u8], name: &str) {
    // Kept for a look: target/letters-<name>-1.png.
    let file = write_temp(pdf);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target");
    let prefix = dir.join(format!("letters-{name}"));
    let _ = std::process::Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            path_str(&file.path),
        ])
        .arg(&prefix)
        .status();
}

#[test]
fn the_letters_labels_and_register_print_and_read_back() {
    let store = shop();
    let dir = tempfile::tempdir().expect("a temp dir");
    let request = MailingRequest {
        template_id: template_of(&store, LetterKind::Seasonal),
        group: LetterGroup::default(),
        event_date: Some(day(12, 31)),
    };
    let mailing = store.send_mailing(&request, at(12, 7, 10)).expect("sent");
    let recall = MailingRequest {
        template_id: template_of(&store, LetterKind::Recall),
        group: LetterGroup {
            vin_prefix: "LSGPE5".into(),
            ..LetterGroup::default()
        },
        event_date: None,
    };
    store.send_mailing(&recall, at(12, 9, 15)).expect("sent");

    let print = |output| MailingPrintRequest {
        mailing_id: mailing.id,
        output,
    };
    let (letters, name) = render_mailing_pdf(
        &store,
        dir.path(),
        fonts(),
        &print(MailingOutput::Letters),
        at(12, 7, 10),
    )
    .expect("the letters render");
    assert_eq!(name, "letters-LTR-2026-0001.pdf");
    let text = assert_sound(
        &letters,
        3,
        "letters: one page per customer with an address",
    );
    let each = pages(&text);
    assert!(
        squash(each[0]).contains(&squash("Dear Anna Smith")),
        "{}",
        each[0]
    );
    assert!(squash(each[0]).contains(&squash("12 Harbour Road")));
    assert!(squash(each[1]).contains(&squash("尊敬的李娜")));
    assert!(squash(each[2]).contains(&squash("尊敬的王伟")));
    assert!(squash(each[2]).contains(&squash("深圳市南山区科技园路")));
    assert!(!text.contains("陳大文"), "no letter without an address");
    render_png(&letters, "letters");

    let (labels, _) = render_mailing_pdf(
        &store,
        dir.path(),
        fonts(),
        &print(MailingOutput::Labels),
        at(12, 7, 10),
    )
    .expect("the labels render");
    let text = assert_sound(&labels, 1, "labels: up to 24 on one sheet");
    for who in ["Anna Smith", "李娜", "王伟", "粤B12345"] {
        assert!(
            squash(&text).contains(&squash(who)),
            "{who} on a label:\n{text}"
        );
    }
    render_png(&labels, "labels");

    for lang in FormLang::ALL {
        let request = LetterRegisterRequest {
            from: day(12, 1),
            to: day(12, 31),
            lang: Some(lang),
        };
        let (pdf, _) =
            render_letter_register_pdf(&store, dir.path(), fonts(), &request, at(12, 31, 17))
                .expect("the register renders");
        assert!(pdf.len() < 200 * 1024, "{lang:?}: {} bytes", pdf.len());
        let text = assert_sound(&pdf, 1, "the register of a typical month");
        let title = match lang {
            FormLang::En => "Follow-up letter register",
            FormLang::ZhHant => "跟蹤服務信函登記表",
            _ => "跟踪服务信函登记表",
        };
        for expected in [title, "LTR-2026-0001", "LTR-2026-0002", "王伟 (粤B12345)"] {
            assert!(
                squash(&text).contains(&squash(expected)),
                "{lang:?} lacks {expected}:\n{text}"
            );
        }
        if lang == FormLang::Bilingual {
            render_png(&pdf, "register");
        }
    }
}

#[test]
fn labels_continue_on_a_second_sheet_after_twenty_four() {
    let store = common::store();
    for i in 0..30 {
        add(
            &store,
            &Customer {
                name: &format!("客户{i:02}"),
                phone: &format!("139{i:08}"),
                address: "广东省深圳市宝安区新安街道创业一路 88 号金融大厦 21 楼 2101 室",
                lang: Lang::ZhHans,
                agrees: true,
                make: "Honda",
                model: "Accord",
                year: 2019,
                plate: &format!("粤B5{i:04}"),
                vin: "",
                visit: None,
            },
        );
    }
    let request = MailingRequest {
        template_id: template_of(&store, LetterKind::Seasonal),
        group: LetterGroup::default(),
        event_date: None,
    };
    let mailing = store.send_mailing(&request, at(12, 7, 10)).expect("sent");
    let dir = tempfile::tempdir().expect("a temp dir");
    let labels = MailingPrintRequest {
        mailing_id: mailing.id,
        output: MailingOutput::Labels,
    };
    let (pdf, _) = render_mailing_pdf(&store, dir.path(), fonts(), &labels, at(12, 7, 10))
        .expect("the labels render");
    let text = assert_sound(&pdf, 2, "30 labels on two sheets");
    assert!(squash(pages(&text)[1]).contains("客户29"));
}
