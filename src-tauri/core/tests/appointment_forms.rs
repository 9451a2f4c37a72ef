//! The appointment slip (维修预约单), the appointment register (维修预约登记表) and the
//! appointment tally (预约统计表), read back the way the desk and the customer read them:
//! the text with `pdftotext` in every form language, the file with `qpdf --check`, one
//! page for a typical case, small enough to mail and archive.
#[path = "forms_fixtures/appointment_sample.rs"]
mod appointment_sample;
#[path = "forms_fixtures/sample.rs"]
mod sample;
#[path = "forms_fixtures/tools.rs"]
mod tools;

use garage_core::forms::*;
use garage_core::i18n::{format_date, format_datetime, format_money};
use tools::{fonts, pages, path_str, run, squash, text_of, write_temp};

fn slip(doc: &AppointmentSlipDoc, lang: FormLang) -> Vec<u8> {
    render_appointment_slip(doc, &FormOptions::new(lang), fonts())
        .unwrap_or_else(|err| panic!("the slip {} renders: {err}", doc.number))
}

fn register(doc: &AppointmentRegisterDoc, lang: FormLang) -> Vec<u8> {
    render_appointment_register(doc, lang, fonts())
        .unwrap_or_else(|err| panic!("the register renders: {err}"))
}

fn tally(doc: &AppointmentTallyDoc, lang: FormLang) -> Vec<u8> {
    render_appointment_tally(doc, lang, fonts())
        .unwrap_or_else(|err| panic!("the tally renders: {err}"))
}

fn assert_has(text: &str, values: &[&str], context: &str) {
    let squashed = squash(text);
    let missing: Vec<&&str> = values
        .iter()
        .filter(|v| !squashed.contains(&squash(v)))
        .collect();
    assert!(
        missing.is_empty(),
        "{context}: the PDF text lacks {missing:?}\n--- text ---\n{text}"
    );
}

/// The checks every printed form passes: one page, qpdf finds nothing, under 200 KB.
fn assert_sound(pdf: &[u8], context: &str) {
    let text = text_of(pdf);
    assert_eq!(
        pages(&text).len(),
        1,
        "{context}: a typical case fits one page"
    );
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
        "{context}: qpdf --check:\n{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The words each language prints for the slip's title and the handbook reminder.
fn slip_words(lang: FormLang) -> Vec<&'static str> {
    match lang {
        FormLang::En => vec![
            "Appointment slip",
            "Appointment time",
            "2 h 30 min",
            "Please bring the vehicle's maintenance handbook.",
            "at least half their price",
            "By phone",
        ],
        FormLang::ZhHans => vec![
            "维修预约单",
            "预约时间",
            "2小时30分钟",
            "2号工位",
            "请携带车辆保修手册",
            "不少于原价的二分之一",
            "电话确认",
        ],
        FormLang::ZhHant => vec![
            "維修預約單",
            "預約時間",
            "請攜帶車輛保修手冊",
            "不少於原價的二分之一",
            "電話確認",
        ],
        FormLang::Bilingual => vec![
            "维修预约单",
            "Appointment slip",
            "预约时间",
            "请携带车辆保修手册",
            "Please bring the vehicle's maintenance handbook.",
            "电话确认",
            "By phone",
        ],
    }
}

#[test]
fn the_slip_prints_the_exact_time_the_car_the_parts_and_the_deposit_in_every_language() {
    let doc = appointment_sample::agreed_by_phone();
    let deposit = doc.deposit.clone().expect("the sample has a deposit");
    for lang in FormLang::ALL {
        let pdf = slip(&doc, lang);
        let text = text_of(&pdf);
        let data = lang.data_lang();
        let money = |minor| format_money(minor, "CNY", data);
        let mut values = vec![
            doc.number.as_str(),
            "明远汽车维修服务中心",
            "李建国",
            "138 0013 8000",
            "粤B·D12345",
            "LGXC16DF3N0123456",
            "前刹车片（原厂）",
            "全合成机油 5W-30 4L",
            "踩刹车时前轮有尖锐的异响",
            deposit.receipt_number.as_str(),
            "陈志强",
            "周敏",
        ];
        let starts = format_datetime(doc.starts_at, data);
        let called = format_datetime(at_of(&doc), data);
        let amounts = [
            money(doc.parts_minor),
            money(deposit.amount_minor),
            money(doc.deposit_min_minor.unwrap_or_default()),
            money(doc.expected_price_minor.unwrap_or_default()),
        ];
        values.extend([starts.as_str(), called.as_str()]);
        values.extend(amounts.iter().map(String::as_str));
        values.extend(slip_words(lang));
        assert_has(&text, &values, &format!("slip, {lang:?}"));
        assert_sound(&pdf, &format!("slip, {lang:?}"));
    }
}

fn at_of(doc: &AppointmentSlipDoc) -> chrono::NaiveDateTime {
    doc.agreement.as_ref().map(|a| a.at).unwrap_or_default()
}

#[test]
fn a_signed_slip_shows_the_signature_its_time_and_fingerprint() {
    let doc = appointment_sample::signed();
    let pdf = slip(&doc, FormLang::ZhHans);
    let text = text_of(&pdf);
    assert_has(
        &text,
        &[
            "现场签字",
            "客户签字",
            "5d41402abc4b",
            "2026年12月7日 09:25",
        ],
        "signed slip",
    );
    assert!(
        !squash(&text).contains("5d41402abc4b2"),
        "twelve digits of the fingerprint are printed, not more"
    );
    assert_sound(&pdf, "signed slip");
}

#[test]
fn a_reprint_says_copy_and_blank_signatures_leave_the_place_to_sign() {
    let doc = appointment_sample::signed();
    let mut options = FormOptions::new(FormLang::En);
    options.reprint = Some(Reprint {
        printed_at: sample::at(2026, 12, 8, 11, 0),
    });
    options.blank_signatures = true;
    let pdf = render_appointment_slip(&doc, &options, fonts())
        .unwrap_or_else(|err| panic!("the reprint renders: {err}"));
    let text = text_of(&pdf);
    assert_has(
        &text,
        &[
            "COPY · reprinted 8 Dec 2026 11:00",
            "Not yet agreed",
            "Customer's signature",
        ],
        "reprint on paper",
    );
    assert!(
        !squash(&text).contains("5d41402abc4b"),
        "a slip printed for signing on paper carries no captured signature\n{text}"
    );
}

#[test]
fn a_new_callers_slip_says_so_and_leaves_the_place_to_sign() {
    let doc = appointment_sample::new_caller();
    let pdf = slip(&doc, FormLang::En);
    let text = text_of(&pdf);
    assert_has(
        &text,
        &[
            "APPT-2026-00013",
            "张女士",
            "张女士 · new caller",
            "None to prepare",
            "粤B·7K2Q9",
            "To be assigned",
            "45 min",
            "Not yet agreed",
            "Customer's signature",
        ],
        "new caller",
    );
    let squashed = squash(&text);
    assert!(
        !squashed.contains("Partstoprepare") && !squashed.contains("Depositpaid"),
        "nothing ordered: no parts table and no deposit\n{text}"
    );
    assert_sound(&pdf, "new caller");
}

#[test]
fn a_deposit_below_half_names_the_supervisor_who_allowed_it() {
    let mut doc = appointment_sample::agreed_by_phone();
    if let Some(deposit) = &mut doc.deposit {
        deposit.amount_minor = 50_000;
        deposit.below_half_allowed_by = Some("赵主管".into());
    }
    let text = text_of(&slip(&doc, FormLang::Bilingual));
    assert_has(
        &text,
        &["经主管赵主管批准", "allowed by the supervisor 赵主管"],
        "below half",
    );
}

#[test]
fn a_slip_whose_parts_do_not_add_up_is_refused() {
    let mut doc = appointment_sample::agreed_by_phone();
    doc.parts_minor += 1;
    let refused = render_appointment_slip(&doc, &FormOptions::new(FormLang::En), fonts());
    assert!(
        matches!(refused, Err(FormError::Invalid { ref field, .. }) if field == "partsMinor"),
        "the printed total must be the sum of the printed parts: {refused:?}"
    );
}

#[test]
fn the_register_lists_a_week_by_day_with_each_outcome_on_one_page() {
    let doc = appointment_sample::week_register();
    let words: [(FormLang, &[&str]); 4] = [
        (
            FormLang::En,
            &[
                "Appointment register",
                "Mon",
                "Arrived",
                "No-show",
                "Cancelled",
                "Booked",
                "Not reached",
                "No appointments",
            ],
        ),
        (
            FormLang::ZhHans,
            &[
                "维修预约登记表",
                "周一",
                "已到店",
                "未到店",
                "已取消",
                "已预约",
                "未接通",
                "无预约",
            ],
        ),
        (
            FormLang::ZhHant,
            &[
                "維修預約登記表",
                "週一",
                "已到店",
                "未到店",
                "已取消",
                "已預約",
                "未接通",
                "無預約",
            ],
        ),
        (
            FormLang::Bilingual,
            &[
                "维修预约登记表",
                "Appointment register",
                "已到店 Arrived",
                "未到店 No-show",
            ],
        ),
    ];
    let first = &doc.days[0].entries[0];
    let no_show = all_entries(&doc)
        .find(|e| e.outcome == BookingOutcome::NoShow)
        .expect("the sample week has a no-show");
    let arrived_wo = all_entries(&doc)
        .find_map(|e| match &e.outcome {
            BookingOutcome::Arrived(wo) => Some(wo.clone()),
            _ => None,
        })
        .expect("the sample week has arrivals");
    let deposit = all_entries(&doc)
        .find_map(|e| e.deposit_minor)
        .expect("the sample week has a deposit");
    for (lang, labels) in words {
        let pdf = register(&doc, lang);
        let text = text_of(&pdf);
        let data = lang.data_lang();
        let date = format_date(doc.days[0].date, data);
        let money = format_money(deposit, "CNY", data);
        let mut values = vec![
            first.number.as_str(),
            first.customer.as_str(),
            first.phone.as_str(),
            first.plate.as_str(),
            "08:30",
            no_show.number.as_str(),
            arrived_wo.as_str(),
            date.as_str(),
            money.as_str(),
        ];
        values.extend(labels);
        assert_has(&text, &values, &format!("register, {lang:?}"));
        assert_sound(&pdf, &format!("register, {lang:?}"));
    }
}

fn all_entries(doc: &AppointmentRegisterDoc) -> impl Iterator<Item = &RegisterEntry> {
    doc.days.iter().flat_map(|d| d.entries.iter())
}

#[test]
fn the_register_prints_every_booking_it_is_given() {
    let doc = appointment_sample::week_register();
    let text = squash(&text_of(&register(&doc, FormLang::En)));
    for entry in all_entries(&doc) {
        assert!(
            text.contains(&squash(&entry.number)),
            "{} is in the register",
            entry.number
        );
    }
}

#[test]
fn the_tally_prints_each_day_each_week_and_the_totals_as_given() {
    let doc = appointment_sample::month_tally();
    let words: [(FormLang, &[&str]); 4] = [
        (
            FormLang::En,
            &[
                "Appointment tally",
                "Booked",
                "Confirmed",
                "Arrived",
                "No-show",
                "Cancelled",
                "Jobs",
                "Deposits taken",
                "Deposits applied",
                "Show rate",
                "Period total",
                "Week",
            ],
        ),
        (
            FormLang::ZhHans,
            &[
                "预约统计表",
                "到店率",
                "转维修单",
                "收取定金",
                "抵扣定金",
                "合计",
                "周小计",
            ],
        ),
        (
            FormLang::ZhHant,
            &[
                "預約統計表",
                "到店率",
                "轉維修單",
                "收取訂金",
                "抵扣訂金",
                "合計",
                "週小計",
            ],
        ),
        (
            FormLang::Bilingual,
            &[
                "预约统计表",
                "Appointment tally",
                "到店率",
                "Show rate",
                "合计",
                "Period total",
            ],
        ),
    ];
    let t = doc.total;
    let rate = |bp: Option<u32>| format_percent(bp.unwrap_or_default());
    let total_rate = rate(t.show_rate_bp);
    let week_rate = rate(doc.weeks[1].total.show_rate_bp);
    for (lang, labels) in words {
        let pdf = tally(&doc, lang);
        let text = text_of(&pdf);
        let data = lang.data_lang();
        let money = |minor| format_money(minor, "CNY", data);
        let booked = t.booked.to_string();
        let amounts = [
            money(t.deposits_taken_minor),
            money(t.deposits_applied_minor),
        ];
        let last_day = format_date(doc.to, data);
        let mut values = vec![
            booked.as_str(),
            total_rate.as_str(),
            week_rate.as_str(),
            last_day.as_str(),
        ];
        values.extend(amounts.iter().map(String::as_str));
        values.extend(labels);
        assert_has(&text, &values, &format!("tally, {lang:?}"));
        assert_sound(&pdf, &format!("tally, {lang:?}"));
    }
}

#[test]
fn a_weeks_row_names_its_days_short_and_its_month_once() {
    let mut doc = appointment_sample::month_tally();
    if let Some(last) = doc.weeks.last_mut() {
        last.to = sample::day(2027, 1, 3);
    }
    let en = text_of(&tally(&doc, FormLang::En));
    assert_has(
        &en,
        &["Week 14–20 Dec", "Week 28 Dec–3 Jan"],
        "weeks, English",
    );
    let zh = text_of(&tally(&doc, FormLang::ZhHans));
    assert_has(
        &zh,
        &["周小计 12月14日–20日", "周小计 12月28日–1月3日"],
        "weeks, 简体",
    );
}

#[test]
fn a_day_with_nothing_booked_shows_no_show_rate_rather_than_zero() {
    let doc = appointment_sample::month_tally();
    let text = text_of(&tally(&doc, FormLang::En));
    let closed = doc
        .weeks
        .iter()
        .flat_map(|w| w.days.iter())
        .filter(|d| d.counts.show_rate_bp.is_none())
        .count();
    assert!(closed > 0, "the sample month has closed days");
    assert_eq!(
        text.matches('—').count(),
        closed,
        "one dash for each day without bookings, where a rate would divide by zero\n{text}"
    );
    assert!(!text.contains(" 0%"), "no day prints a made-up 0 %\n{text}");
}

/// Writes the samples to `$APPOINTMENT_PREVIEW_DIR` for a look at the layout
/// (`pdftoppm -png -r 70`); does nothing without it.
#[test]
fn preview_files_when_asked() {
    let Some(dir) = std::env::var_os("APPOINTMENT_PREVIEW_DIR") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let write = |name: &str, pdf: Vec<u8>| {
        let path = dir.join(format!("{name}.pdf"));
        std::fs::write(&path, pdf).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    };
    for (code, lang) in [
        ("en", FormLang::En),
        ("hans", FormLang::ZhHans),
        ("hant", FormLang::ZhHant),
        ("bi", FormLang::Bilingual),
    ] {
        write(
            &format!("slip-phone-{code}"),
            slip(&appointment_sample::agreed_by_phone(), lang),
        );
        write(
            &format!("register-{code}"),
            register(&appointment_sample::week_register(), lang),
        );
        write(
            &format!("tally-{code}"),
            tally(&appointment_sample::month_tally(), lang),
        );
    }
    write(
        "slip-signed-bi",
        slip(&appointment_sample::signed(), FormLang::Bilingual),
    );
    write(
        "slip-new-caller-en",
        slip(&appointment_sample::new_caller(), FormLang::En),
    );
}
