//! Printing the appointment book of a period: the register (维修预约登记表) — every booking
//! day by day with its reminder call and outcome — and the tally (预约统计表) counted by
//! `booking::tally` from the same rows, per day and week. Both are made from the records
//! each time: nothing is archived.
use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::booking::tally::{register_row, Tally, TallyCounts as BookCounts};
use crate::booking::{Appointment, AppointmentStatus, CallOutcome};
use crate::desk::print::day_report::day_report_lang;
use crate::desk::print::work_order::{check_save_target, PrintOutcome};
use crate::desk::print::work_order_doc::shop_header;
use crate::error::{CoreError, Result};
use crate::files::write_durably;
use crate::forms::{self, AppointmentRegisterDoc, AppointmentTallyDoc, BookingOutcome};
use crate::forms::{FormFonts, FormLang, RegisterDay, RegisterEntry, ReminderOutcome};
use crate::forms::{ShopHeader, TallyCounts, TallyDay, TallyWeek};
use crate::intake::code_of;
use crate::reason::Reason;
use crate::store::{appointments, Store};

/// Which of the two the desk asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AppointmentReport {
    Register,
    Tally,
}

/// One printing of the register or the tally of the days `from..=to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentReportRequest {
    pub report: AppointmentReport,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// `None` prints in the shop's form language (or its default language).
    pub lang: Option<FormLang>,
}

/// `appointment-register-<from>-<to>-<lang>.pdf` or `appointment-tally-…`.
pub fn appointment_report_file_name(request: &AppointmentReportRequest, lang: FormLang) -> String {
    let what = match request.report {
        AppointmentReport::Register => "register",
        AppointmentReport::Tally => "tally",
    };
    format!(
        "appointment-{what}-{}-{}-{}.pdf",
        request.from,
        request.to,
        code_of(&lang)
    )
}

/// The bookings of the days `from..=to` in time order.
fn bookings(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<Vec<Appointment>> {
    let end = to
        .checked_add_days(Days::new(1))
        .ok_or(CoreError::invalid("to", Reason::AppointmentRange))?;
    store.with_conn(|conn| {
        appointments::between(
            conn,
            from.and_time(NaiveTime::MIN),
            end.and_time(NaiveTime::MIN),
        )
    })
}

fn shop(store: &Store, data_dir: &Path) -> Result<(ShopHeader, String)> {
    let settings = store.get_settings()?;
    let logo = crate::desk::logo::logo_bytes(store, data_dir)?;
    Ok((shop_header(&settings, logo), settings.currency))
}

/// The work wanted, cut to what two lines of the register hold.
fn shortened(text: &str) -> String {
    const MOST: usize = 90;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= MOST {
        return text;
    }
    let cut: String = text.chars().take(MOST - 1).collect();
    format!("{}…", cut.trim_end())
}

fn entry(store: &Store, a: &Appointment) -> Result<RegisterEntry> {
    let row = register_row(a);
    let reminder = a.calls.last().map(|c| match c.outcome {
        CallOutcome::Confirmed => ReminderOutcome::Confirmed,
        CallOutcome::Moved => ReminderOutcome::Moved,
        CallOutcome::Cancelled => ReminderOutcome::Cancelled,
        CallOutcome::NotReached => ReminderOutcome::NotReached,
    });
    let outcome = match (row.status, row.work_order_id) {
        (AppointmentStatus::Arrived, Some(wo)) => {
            BookingOutcome::Arrived(store.get_work_order(wo)?.work_order.number)
        }
        (AppointmentStatus::Arrived, None) => BookingOutcome::Arrived(String::new()),
        (AppointmentStatus::NoShow, _) => BookingOutcome::NoShow,
        (AppointmentStatus::Cancelled, _) => BookingOutcome::Cancelled,
        (AppointmentStatus::Confirmed, _) => BookingOutcome::Confirmed,
        (AppointmentStatus::Booked, _) => BookingOutcome::Booked,
    };
    Ok(RegisterEntry {
        starts_at: row.starts_at,
        number: row.number,
        customer: row.customer_name,
        phone: row.phone,
        plate: row.plate,
        wanted_work: shortened(&row.wanted_work),
        deposit_minor: (row.deposit_minor > 0).then_some(row.deposit_minor),
        reminder,
        outcome,
    })
}

/// The register of the days `from..=to`, made at `now`.
pub fn appointment_register_doc(
    store: &Store,
    data_dir: &Path,
    from: NaiveDate,
    to: NaiveDate,
    now: NaiveDateTime,
) -> Result<AppointmentRegisterDoc> {
    // The same range check as the screen's register.
    store.appointment_register(from, to)?;
    let all = bookings(store, from, to)?;
    let mut days = Vec::new();
    for date in from.iter_days().take_while(|d| *d <= to) {
        let entries = all
            .iter()
            .filter(|a| a.starts_at.date() == date)
            .map(|a| entry(store, a))
            .collect::<Result<Vec<_>>>()?;
        days.push(RegisterDay { date, entries });
    }
    let (shop, currency) = shop(store, data_dir)?;
    Ok(AppointmentRegisterDoc {
        shop,
        from,
        to,
        currency,
        printed_at: now,
        days,
    })
}

fn counts(c: &BookCounts) -> TallyCounts {
    TallyCounts {
        booked: c.booked,
        confirmed: c.confirmed,
        arrived: c.arrived,
        no_show: c.no_show,
        cancelled: c.cancelled,
        jobs: c.turned_into_jobs,
        deposits_taken_minor: c.deposits_taken_minor,
        deposits_applied_minor: c.deposits_applied_minor,
        show_rate_bp: c.show_rate_bp,
    }
}

/// The tally's weeks with their days, from the core's [`Tally`].
fn weeks_of(tally: &Tally) -> Vec<TallyWeek> {
    tally
        .weeks
        .iter()
        .map(|w| TallyWeek {
            from: w.from,
            to: w.to,
            days: tally
                .days
                .iter()
                .filter(|d| (w.from..=w.to).contains(&d.from))
                .map(|d| TallyDay {
                    date: d.from,
                    counts: counts(&d.counts),
                })
                .collect(),
            total: counts(&w.counts),
        })
        .collect()
}

/// The tally of the days `from..=to`, made at `now`.
pub fn appointment_tally_doc(
    store: &Store,
    data_dir: &Path,
    from: NaiveDate,
    to: NaiveDate,
    now: NaiveDateTime,
) -> Result<AppointmentTallyDoc> {
    let tally = store.appointment_tally(from, to)?;
    let (shop, currency) = shop(store, data_dir)?;
    Ok(AppointmentTallyDoc {
        shop,
        from,
        to,
        currency,
        printed_at: now,
        weeks: weeks_of(&tally),
        total: counts(&tally.total),
    })
}

/// The PDF of the register or the tally and the language it was printed in.
pub fn render_appointment_report_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &AppointmentReportRequest,
    now: NaiveDateTime,
) -> Result<(Vec<u8>, FormLang)> {
    let lang = day_report_lang(store, request.lang)?;
    let (from, to) = (request.from, request.to);
    let pdf = match request.report {
        AppointmentReport::Register => {
            let doc = appointment_register_doc(store, data_dir, from, to, now)?;
            forms::render_appointment_register(&doc, lang, fonts)?
        }
        AppointmentReport::Tally => {
            let doc = appointment_tally_doc(store, data_dir, from, to, now)?;
            forms::render_appointment_tally(&doc, lang, fonts)?
        }
    };
    Ok((pdf, lang))
}

/// Save as…: the register or the tally into `target` after [`check_save_target`].
pub fn save_appointment_report_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &AppointmentReportRequest,
    target: &Path,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let path = check_save_target(data_dir, target)?;
    let (pdf, _lang) = render_appointment_report_pdf(store, data_dir, fonts, request, now)?;
    write_durably(&path, &pdf, false)?;
    Ok(path)
}

/// Writes the register or the tally to `<data_dir>/print/` to open or print.
pub fn appointment_report_print_path(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &AppointmentReportRequest,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let (pdf, lang) = render_appointment_report_pdf(store, data_dir, fonts, request, now)?;
    let path = data_dir
        .join("print")
        .join(appointment_report_file_name(request, lang));
    write_durably(&path, &pdf, true)?;
    Ok(path)
}

/// Prints the register or the tally on the default printer where `lp` exists.
pub fn print_appointment_report(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &AppointmentReportRequest,
    now: NaiveDateTime,
) -> Result<PrintOutcome> {
    let path = appointment_report_print_path(store, data_dir, fonts, request, now)?;
    let sent_to_printer = crate::printer::print_pdf(&path)?;
    Ok(PrintOutcome {
        sent_to_printer,
        path: path.display().to_string(),
    })
}

/// The register and the tally as lines of text in `lang` (the command line's
/// `report appointments`): each booking with its outcome, then the period's counts.
pub fn appointment_report_text(
    register: &AppointmentRegisterDoc,
    tally: &AppointmentTallyDoc,
    lang: crate::i18n::Lang,
) -> String {
    use crate::i18n::{format_date, format_money, tr};
    let money = |minor: i64| format_money(minor, &register.currency, lang);
    let mut out = vec![format!(
        "{} {} – {} · {}",
        tr(lang, "form.appointment.register.title"),
        format_date(register.from, lang),
        format_date(register.to, lang),
        register.shop.name
    )];
    for day in register.days.iter().filter(|d| !d.entries.is_empty()) {
        out.push(format!("  {}", format_date(day.date, lang)));
        for e in &day.entries {
            let outcome = match &e.outcome {
                BookingOutcome::Arrived(job) => {
                    format!("{} {job}", tr(lang, "form.appointment.outcome.arrived"))
                }
                BookingOutcome::Booked => tr(lang, "form.appointment.outcome.booked"),
                BookingOutcome::Confirmed => tr(lang, "form.appointment.outcome.confirmed"),
                BookingOutcome::NoShow => tr(lang, "form.appointment.outcome.no_show"),
                BookingOutcome::Cancelled => tr(lang, "form.appointment.outcome.cancelled"),
            };
            let deposit = e.deposit_minor.map(money).unwrap_or_default();
            out.push(format!(
                "    {} {} {} · {} · {} · {deposit} · {outcome}",
                e.starts_at.format("%H:%M"),
                e.number,
                e.customer,
                e.phone,
                e.plate
            ));
        }
    }
    let t = &tally.total;
    out.push(tr(lang, "form.appointment.tally.title"));
    let mut row = |key: &str, value: String| {
        out.push(format!("  {:<28} {value:>14}", tr(lang, key)));
    };
    row("form.appointment.col.booked", t.booked.to_string());
    row("form.appointment.col.confirmed", t.confirmed.to_string());
    row("form.appointment.col.arrived", t.arrived.to_string());
    row("form.appointment.col.no_show", t.no_show.to_string());
    row("form.appointment.col.cancelled", t.cancelled.to_string());
    row("form.appointment.col.jobs", t.jobs.to_string());
    row(
        "form.appointment.col.deposits_taken",
        money(t.deposits_taken_minor),
    );
    row(
        "form.appointment.col.deposits_applied",
        money(t.deposits_applied_minor),
    );
    let rate = t.show_rate_bp.map_or("—".to_string(), |bp| {
        format!("{}.{} %", bp / 100, bp % 100 / 10)
    });
    row("form.appointment.col.show_rate", rate);
    out.join("\n")
}
