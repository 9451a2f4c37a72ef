//! `garage-desk report day`: the day's figures as text on stdout in the language asked
//! (else the shop's), and with `--out` the daily report PDF the window prints.
use std::path::Path;

use garage_core::desk::print::day_report::{
    day_report_doc, day_report_lang, day_report_text, save_day_report_pdf, DayReportRequest,
};
use garage_core::desk::print::work_order::builtin_fonts;
use garage_core::error::CoreError;
use garage_core::forms::FormLang;
use garage_core::i18n::Lang;
use garage_core::store::Store;

use crate::cli::Report;

/// Runs one `report` subcommand; the clock is read here, never in the core.
pub fn run(store: &Store, data_dir: &Path, what: Report) -> Result<(), CoreError> {
    let Report::Day { date, out, lang } = what;
    let now = chrono::Local::now().naive_local();
    let request = DayReportRequest {
        date: date.unwrap_or(now.date()),
        lang,
    };
    let doc = day_report_doc(store, data_dir, request.date, now)?;
    let text_lang = match day_report_lang(store, lang)? {
        FormLang::En => Lang::En,
        FormLang::ZhHans | FormLang::Bilingual => Lang::ZhHans,
        FormLang::ZhHant => Lang::ZhHant,
    };
    println!("{}", day_report_text(&doc, text_lang));
    if let Some(out) = out {
        let out = if out.is_absolute() {
            out
        } else {
            std::env::current_dir()?.join(out)
        };
        let path = save_day_report_pdf(store, data_dir, builtin_fonts()?, &request, &out, now)?;
        println!("report: written to {}", path.display());
    }
    Ok(())
}
