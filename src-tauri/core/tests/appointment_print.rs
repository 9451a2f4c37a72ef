//! Printing the appointment book from the store: the slip of one booking (a new caller
//! with a deposit agreed by phone, a customer on file who signs on the pad), archived once
//! agreed and a COPY after; and the register and tally of a week, read back with
//! `pdftotext`, checked with `qpdf --check`, one page, under 200 KB.
mod intake_fixtures;
#[path = "forms_fixtures/sample.rs"]
mod sample;
#[path = "forms_fixtures/tools.rs"]
mod tools;

use chrono::{NaiveDate, NaiveDateTime};
use garage_core::booking::{
    AppointmentInput, ArrivalInput, CallOutcome, CallerContact, DepositInput, PartToPrepare,
    ReminderCallInput,
};
use garage_core::desk::print::appointment_book::{
    render_appointment_report_pdf, AppointmentReport, AppointmentReportRequest,
};
use garage_core::desk::print::appointment_slip::{
    agree_and_archive_appointment, render_appointment_slip_pdf, AppointmentSlipRequest,
};
use garage_core::domain::appointment::AgreementInput;
use garage_core::domain::pricing::ApprovalChannel;
use garage_core::error::CoreError;
use garage_core::forms::FormLang;
use garage_core::intake::SignatureRole;
use garage_core::reason::Reason;
use garage_core::settlement::payment::PaymentMethod;
use garage_core::{AppointmentId, Lang, Store};
use intake_fixtures::{at, customer_with_car, signature};
use tools::{fonts, pages, path_str, run, squash, text_of, write_temp};

fn pads() -> Vec<PartToPrepare> {
    vec![PartToPrepare {
        description: "前刹车片 Front brake pads".into(),
        qty: 2,
        unit_price_minor: 35_000,
    }]
}

fn booking(starts_at: NaiveDateTime) -> AppointmentInput {
    AppointmentInput {
        customer_id: None,
        vehicle_id: None,
        caller: Some(CallerContact {
            name: "王先生".into(),
            phone: "139 1234 5678".into(),
            plate: "沪B67890".into(),
        }),
        starts_at,
        duration_minutes: 150,
        bay: 2,
        wanted_work: "刹车时有异响，想换刹车片".into(),
        parts: pads(),
        expected_price_minor: Some(118_000),
        bring_handbook: true,
        booked_by: "周敏".into(),
        note: String::new(),
        accept_overfill: false,
    }
}

fn by_phone() -> AgreementInput {
    AgreementInput {
        channel: ApprovalChannel::Phone,
        agreed_by: "王先生".into(),
        recorded_by: "周敏".into(),
        signature: None,
        call_note: "Read the slip back on the phone; he agreed.".into(),
    }
}

fn slip_text(store: &Store, dir: &std::path::Path, id: AppointmentId, lang: FormLang) -> String {
    let request = AppointmentSlipRequest {
        id,
        lang: Some(lang),
    };
    let (pdf, _, _) = render_appointment_slip_pdf(store, dir, fonts(), &request, at(2, 11, 0))
        .expect("the slip renders");
    assert_sound(&pdf, "the slip");
    keep_png(&pdf, &format!("slip-{lang:?}"));
    text_of(&pdf)
}

/// One page, qpdf finds nothing, under 200 KB.
fn assert_sound(pdf: &[u8], context: &str) {
    assert_eq!(pages(&text_of(pdf)).len(), 1, "{context}: one page");
    assert!(pdf.len() < 200 * 1024, "{context}: {} bytes", pdf.len());
    let file = write_temp(pdf);
    let out = run("qpdf", &["--check", path_str(&file.path)]);
    assert!(out.status.success(), "{context}: qpdf --check fails");
}

/// With `APPOINTMENT_PNG_DIR` set, keeps the PDF there to be rendered and looked at.
fn keep_png(pdf: &[u8], name: &str) {
    if let Some(dir) = std::env::var_os("APPOINTMENT_PNG_DIR") {
        let _ = std::fs::write(std::path::Path::new(&dir).join(format!("{name}.pdf")), pdf);
    }
}

fn assert_has(text: &str, values: &[&str], context: &str) {
    let squashed = squash(text);
    let missing: Vec<&&str> = values
        .iter()
        .filter(|v| !squashed.contains(&squash(v)))
        .collect();
    assert!(missing.is_empty(), "{context}: lacks {missing:?}\n{text}");
}

#[test]
fn a_new_callers_slip_prints_the_caller_the_parts_the_deposit_receipt_and_the_phone_agreement() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("data dir");
    let a = store
        .book_appointment(&booking(at(3, 9, 30)), at(2, 9, 0))
        .expect("booked");
    let deposit = DepositInput {
        method: PaymentMethod::Mobile,
        amount_minor: 35_000,
        tendered_minor: None,
        reference: String::new(),
        taken_by: "周敏".into(),
    };
    store
        .take_deposit(a.id, &deposit, None, at(2, 9, 5))
        .expect("half the parts is enough");
    let before = slip_text(&store, dir.path(), a.id, FormLang::En);
    assert!(
        !before.contains("COPY"),
        "nothing agreed yet, so no original to copy"
    );
    let agreed =
        agree_and_archive_appointment(&store, dir.path(), fonts(), a.id, &by_phone(), at(2, 9, 10))
            .expect("agreed by phone");
    assert_eq!(agreed.archive_failed, None);
    let archived = agreed
        .agreement
        .slip_file_name
        .expect("the agreed slip is archived");
    assert!(dir.path().join(&archived).is_file(), "{archived} written");

    let en = slip_text(&store, dir.path(), a.id, FormLang::En);
    let receipt = format!("{}-D", a.number);
    assert_has(
        &en,
        &[
            &a.number,
            "王先生",
            "139 1234 5678",
            "沪B67890",
            "刹车时有异响，想换刹车片",
            "Front brake pads",
            &receipt,
            "Please bring the vehicle's maintenance handbook.",
            "By phone",
            "周敏",
            "COPY",
        ],
        "the English slip, agreed by phone, printed again",
    );
    let zh = slip_text(&store, dir.path(), a.id, FormLang::ZhHans);
    assert_has(
        &zh,
        &["维修预约单", "王先生", &receipt, "保修手册"],
        "the Chinese slip",
    );

    let again = store.agree_appointment(dir.path(), a.id, &by_phone(), at(2, 9, 20));
    assert!(
        matches!(
            again,
            Err(CoreError::Conflict {
                code: Reason::SignatureAlreadySigned
            })
        ),
        "the booking as it stands is agreed once: {again:?}"
    );
}

#[test]
fn a_customer_signs_the_slip_on_the_pad_and_a_changed_booking_is_agreed_again() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("data dir");
    let (customer, vehicle) =
        customer_with_car(&store, "李娜", "138 0000 1111", "沪A12345", Lang::ZhHans);
    let mut input = booking(at(3, 14, 0));
    input.customer_id = Some(customer);
    input.vehicle_id = Some(vehicle);
    input.caller = None;
    let a = store.book_appointment(&input, at(2, 9, 0)).expect("booked");
    let signed = AgreementInput {
        channel: ApprovalChannel::Signature,
        agreed_by: "李娜".into(),
        recorded_by: "周敏".into(),
        signature: Some(signature(SignatureRole::Customer, "李娜")),
        call_note: String::new(),
    };
    let agreed =
        agree_and_archive_appointment(&store, dir.path(), fonts(), a.id, &signed, at(2, 9, 30))
            .expect("signed on the pad");
    assert!(
        agreed.agreement.signature_sha256.is_some(),
        "the pad's PNG is kept"
    );
    let view = store.appointment_view(a.id, at(2, 9, 31)).expect("view");
    assert_eq!(
        view.agreement.as_ref().map(|g| g.agreed_by.as_str()),
        Some("李娜"),
        "the booking's screen shows how it was agreed"
    );
    assert!(!view.actions.agree, "the screen offers no second agreement");
    let zh = slip_text(&store, dir.path(), a.id, FormLang::ZhHans);
    assert_has(
        &zh,
        &["李娜", "沪A12345", "Volkswagen Passat", "副本"],
        "the slip of a customer on file",
    );

    input.starts_at = at(3, 15, 0);
    store
        .change_appointment(a.id, &input, "周敏", at(2, 10, 0))
        .expect("moved an hour later");
    assert_eq!(
        store.appointment_agreement(a.id).expect("read"),
        None,
        "the customer agreed to 14:00, not to 15:00"
    );
    let view = store.appointment_view(a.id, at(2, 10, 1)).expect("view");
    assert!(
        view.agreement.is_none() && view.actions.agree,
        "the changed booking's screen asks for the agreement again"
    );
    let en = slip_text(&store, dir.path(), a.id, FormLang::En);
    assert!(
        !en.contains("COPY"),
        "the changed booking has no original yet"
    );
    store
        .agree_appointment(dir.path(), a.id, &by_phone(), at(2, 10, 5))
        .expect("the changed booking is agreed again by phone");
}

#[test]
fn the_register_and_the_tally_of_a_week_print_each_booking_and_its_outcome() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("data dir");
    let first = store
        .book_appointment(&booking(at(3, 9, 0)), at(2, 9, 0))
        .expect("booked");
    let mut second = booking(at(4, 10, 0));
    second.caller = Some(CallerContact {
        name: "赵女士".into(),
        phone: "137 2222 3333".into(),
        plate: "沪C11111".into(),
    });
    let second = store
        .book_appointment(&second, at(2, 9, 0))
        .expect("booked");
    let call = ReminderCallInput {
        by: "周敏".into(),
        outcome: CallOutcome::Confirmed,
        note: String::new(),
        moved_to: None,
        accept_overfill: false,
    };
    store
        .record_reminder_call(first.id, &call, at(2, 15, 0))
        .expect("the reminder call is recorded");
    let arrived = store
        .convert_appointment(
            first.id,
            &ArrivalInput {
                advisor: "周敏".into(),
                promised_at: Some(at(3, 17, 0)),
            },
            at(3, 9, 5),
        )
        .expect("the car came");
    store
        .mark_no_show(second.id, at(4, 12, 0))
        .expect("she did not come");
    let job = store
        .get_work_order(arrived.work_order_id)
        .expect("the job")
        .work_order
        .number;

    let week = |report| AppointmentReportRequest {
        report,
        from: NaiveDate::from_ymd_opt(2026, 3, 2).expect("date"),
        to: NaiveDate::from_ymd_opt(2026, 3, 8).expect("date"),
        lang: Some(FormLang::En),
    };
    let (pdf, _) = render_appointment_report_pdf(
        &store,
        dir.path(),
        fonts(),
        &week(AppointmentReport::Register),
        at(8, 18, 0),
    )
    .expect("the register renders");
    assert_sound(&pdf, "the register");
    let text = text_of(&pdf);
    assert_has(
        &text,
        &[
            &first.number,
            &second.number,
            "王先生",
            "赵女士",
            "沪C11111",
            &job,
        ],
        "the register",
    );
    let (pdf, _) = render_appointment_report_pdf(
        &store,
        dir.path(),
        fonts(),
        &week(AppointmentReport::Tally),
        at(8, 18, 0),
    )
    .expect("the tally renders");
    assert_sound(&pdf, "the tally");
    keep_png(&pdf, "tally");
    let tally = store
        .appointment_tally(
            week(AppointmentReport::Tally).from,
            week(AppointmentReport::Tally).to,
        )
        .expect("tally");
    assert_eq!(
        (tally.total.booked, tally.total.arrived, tally.total.no_show),
        (2, 1, 1),
        "two booked: one came, one did not"
    );
    assert_has(&text_of(&pdf), &["50"], "the show rate of one in two");
}
