//! `garage-desk report day|week|month|year|appointments|letters|follow-ups|dashboard`: the
//! day's figures, the business statistics of a week, month or year, the 4S dashboard, the
//! appointment register and tally of a period, its follow-up letter register or its
//! follow-up calls, as text on stdout in the language asked (else the shop's), and
//! with `--out` the PDF the window prints.
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use garage_core::desk::print::appointment_book::{
    appointment_register_doc, appointment_report_text, appointment_tally_doc,
    save_appointment_report_pdf, AppointmentReport, AppointmentReportRequest,
};
use garage_core::desk::print::day_report::{
    day_report_doc, day_report_lang, day_report_text, save_day_report_pdf, DayReportRequest,
};
use garage_core::desk::print::figures_text::figures_report_text;
use garage_core::desk::print::follow_up_calls::{
    follow_up_calls_doc, follow_up_text, save_follow_up_pdf, FollowUpReport, FollowUpReportRequest,
};
use garage_core::desk::print::letters::{
    letter_register_doc, letter_register_text, save_letter_register_pdf, LetterRegisterRequest,
};
use garage_core::desk::print::work_order::builtin_fonts;
use garage_core::error::CoreError;
use garage_core::figures::dashboard_text::dashboard_text;
use garage_core::figures::PeriodKind;
use garage_core::forms::FormLang;
use garage_core::i18n::Lang;
use garage_core::store::Store;

use crate::cli::Report;

/// Runs one `report` subcommand; the clock is read here, never in the core.
pub fn run(store: &Store, data_dir: &Path, what: Report) -> Result<(), CoreError> {
    let now = chrono::Local::now().naive_local();
    match what {
        Report::Day { date, out, lang } => day(store, data_dir, date, out, lang, now),
        Report::Week { date, lang } => figures(store, PeriodKind::Week, date, lang, now),
        Report::Month { date, lang } => figures(store, PeriodKind::Month, date, lang, now),
        Report::Year { date, lang } => figures(store, PeriodKind::Year, date, lang, now),
        Report::Appointments {
            from,
            to,
            out,
            register,
            lang,
        } => {
            let text_lang = text_lang(day_report_lang(store, lang)?);
            let reg = appointment_register_doc(store, data_dir, from, to, now)?;
            let tally = appointment_tally_doc(store, data_dir, from, to, now)?;
            println!("{}", appointment_report_text(&reg, &tally, text_lang));
            let request = |report| AppointmentReportRequest {
                report,
                from,
                to,
                lang,
            };
            for (report, out) in [
                (AppointmentReport::Tally, out),
                (AppointmentReport::Register, register),
            ] {
                if let Some(out) = out {
                    let out = absolute(out)?;
                    let fonts = builtin_fonts()?;
                    let path = save_appointment_report_pdf(
                        store,
                        data_dir,
                        fonts,
                        &request(report),
                        &out,
                        now,
                    )?;
                    println!("report: written to {}", path.display());
                }
            }
            Ok(())
        }
        Report::Letters {
            from,
            to,
            out,
            lang,
        } => {
            let text_lang = text_lang(day_report_lang(store, lang)?);
            let doc = letter_register_doc(store, data_dir, from, to, now)?;
            println!("{}", letter_register_text(&doc, text_lang));
            if let Some(out) = out {
                let out = absolute(out)?;
                let request = LetterRegisterRequest { from, to, lang };
                let fonts = builtin_fonts()?;
                let path = save_letter_register_pdf(store, data_dir, fonts, &request, &out, now)?;
                println!("report: written to {}", path.display());
            }
            Ok(())
        }
        Report::FollowUps {
            from,
            to,
            out,
            record,
            lang,
        } => follow_ups(store, data_dir, (from, to), (out, record), lang, now),
        Report::Dashboard { from, to, lang } => {
            let text_lang = text_lang(day_report_lang(store, lang)?);
            let figures = store.dashboard(from, to, now)?;
            let month = store.month_to_date(to, now)?;
            let currency = store.get_settings()?.currency;
            println!("{}", dashboard_text(&figures, &month, &currency, text_lang));
            Ok(())
        }
    }
}

fn follow_ups(
    store: &Store,
    data_dir: &Path,
    (from, to): (chrono::NaiveDate, chrono::NaiveDate),
    (out, record): (Option<PathBuf>, Option<PathBuf>),
    lang: Option<FormLang>,
    now: NaiveDateTime,
) -> Result<(), CoreError> {
    let request = |report| FollowUpReportRequest {
        report,
        from,
        to,
        call: None,
        lang,
    };
    let text_lang = text_lang(day_report_lang(store, lang)?);
    let doc = follow_up_calls_doc(store, data_dir, &request(FollowUpReport::Register), now)?;
    println!("{}", follow_up_text(&doc, text_lang));
    for (report, out) in [
        (FollowUpReport::Register, out),
        (FollowUpReport::Record, record),
    ] {
        if let Some(out) = out {
            let out = absolute(out)?;
            let fonts = builtin_fonts()?;
            let path = save_follow_up_pdf(store, data_dir, fonts, &request(report), &out, now)?;
            println!("report: written to {}", path.display());
        }
    }
    Ok(())
}

fn text_lang(lang: FormLang) -> Lang {
    match lang {
        FormLang::En => Lang::En,
        FormLang::ZhHans | FormLang::Bilingual => Lang::ZhHans,
        FormLang::ZhHant => Lang::ZhHant,
    }
}

fn absolute(out: PathBuf) -> Result<PathBuf, CoreError> {
    Ok(if out.is_absolute() {
        out
    } else {
        std::env::current_dir()?.join(out)
    })
}

fn day(
    store: &Store,
    data_dir: &Path,
    date: Option<chrono::NaiveDate>,
    out: Option<PathBuf>,
    lang: Option<FormLang>,
    now: NaiveDateTime,
) -> Result<(), CoreError> {
    let request = DayReportRequest {
        date: date.unwrap_or(now.date()),
        lang,
    };
    let doc = day_report_doc(store, data_dir, request.date, now)?;
    let text_lang = text_lang(day_report_lang(store, lang)?);
    println!("{}", day_report_text(&doc, text_lang));
    if let Some(out) = out {
        let out = absolute(out)?;
        let path = save_day_report_pdf(store, data_dir, builtin_fonts()?, &request, &out, now)?;
        println!("report: written to {}", path.display());
    }
    Ok(())
}

/// The business statistics of the week, month or year holding `date` (today when none).
fn figures(
    store: &Store,
    kind: PeriodKind,
    date: Option<chrono::NaiveDate>,
    lang: Option<FormLang>,
    now: NaiveDateTime,
) -> Result<(), CoreError> {
    let text_lang = text_lang(day_report_lang(store, lang)?);
    let date = date.unwrap_or(now.date());
    println!(
        "{}",
        figures_report_text(store, kind, date, now, text_lang)?
    );
    Ok(())
}
