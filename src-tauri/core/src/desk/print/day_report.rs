//! The daily report of one day: its [`DayReportDoc`] from the store (the shop's header,
//! the day's figures and lists), the PDF in the shop's form language unless asked
//! otherwise, saved where the user asks or written to `<data_dir>/print/` to open or
//! print, and the same figures as plain text for the command line. The report is made
//! from the records each time: nothing is archived.
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::desk::print::work_order::{check_save_target, PrintOutcome};
use crate::error::Result;
use crate::files::write_durably;
use crate::forms::{self, DayReportDoc, FormFonts, FormLang};
use crate::i18n::{fill, format_date, format_money, tr, Lang};
use crate::store::Store;

/// One printing of a day's report, as the window or the CLI asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DayReportRequest {
    pub date: NaiveDate,
    /// `None` prints in the shop's form language (or its default language).
    pub lang: Option<FormLang>,
}

/// The language the report prints in: asked for, else the shop's form language, else
/// its default language.
pub fn day_report_lang(store: &Store, asked: Option<FormLang>) -> Result<FormLang> {
    if let Some(lang) = asked {
        return Ok(lang);
    }
    let settings = store.get_settings()?;
    Ok(settings
        .form_language
        .unwrap_or_else(|| FormLang::from(settings.default_language)))
}

/// `day-YYYY-MM-DD-<lang>.pdf`.
pub fn day_report_file_name(date: NaiveDate, lang: FormLang) -> String {
    format!("day-{date}-{}.pdf", crate::intake::code_of(&lang))
}

/// What the report of `date` shows, made at `now`.
pub fn day_report_doc(
    store: &Store,
    data_dir: &Path,
    date: NaiveDate,
    now: NaiveDateTime,
) -> Result<DayReportDoc> {
    let figures = store.day_figures(date)?;
    let lists = store.day_lists(date)?;
    doc_of(store, data_dir, figures, lists, now)
}

/// The report around its figures and lists: the shop's letterhead and currency.
fn doc_of(
    store: &Store,
    data_dir: &Path,
    figures: crate::settlement::day::DayFigures,
    lists: crate::settlement::day::DayLists,
    now: NaiveDateTime,
) -> Result<DayReportDoc> {
    let settings = store.get_settings()?;
    let logo = crate::desk::logo::logo_bytes(store, data_dir)?;
    Ok(DayReportDoc {
        shop: crate::desk::print::work_order_doc::shop_header(&settings, logo),
        currency: settings.currency,
        figures,
        lists,
        printed_at: now,
    })
}

/// The PDF of the report and the language it was printed in.
pub fn render_day_report_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &DayReportRequest,
    now: NaiveDateTime,
) -> Result<(Vec<u8>, FormLang)> {
    let lang = day_report_lang(store, request.lang)?;
    let doc = day_report_doc(store, data_dir, request.date, now)?;
    Ok((forms::render_day_report(&doc, lang, fonts)?, lang))
}

/// Save as…: the report into `target` after [`check_save_target`].
pub fn save_day_report_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &DayReportRequest,
    target: &Path,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let path = check_save_target(data_dir, target)?;
    let (pdf, _lang) = render_day_report_pdf(store, data_dir, fonts, request, now)?;
    write_durably(&path, &pdf, false)?;
    Ok(path)
}

/// Writes the report to `<data_dir>/print/` for opening in the viewer or printing.
pub fn day_report_print_path(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &DayReportRequest,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let (pdf, lang) = render_day_report_pdf(store, data_dir, fonts, request, now)?;
    let path = data_dir
        .join("print")
        .join(day_report_file_name(request.date, lang));
    write_durably(&path, &pdf, true)?;
    Ok(path)
}

/// Prints the report on the default printer where `lp` exists.
pub fn print_day_report(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &DayReportRequest,
    now: NaiveDateTime,
) -> Result<PrintOutcome> {
    let path = day_report_print_path(store, data_dir, fonts, request, now)?;
    let sent_to_printer = crate::printer::print_pdf(&path)?;
    Ok(PrintOutcome {
        sent_to_printer,
        path: path.display().to_string(),
    })
}

/// Where the end-of-day bundle keeps the report of `date`.
pub fn day_report_bundle_path(date: NaiveDate) -> String {
    format!("reports/day-{date}.pdf")
}

/// The report of the day of `now` for the end-of-day bundle, in the shop's language,
/// with the path it takes inside the bundle.
pub(crate) fn day_report_for_bundle(
    store: &Store,
    data_dir: &Path,
    moment: &rusqlite::Connection,
    now: NaiveDateTime,
) -> Result<(String, Vec<u8>)> {
    let fonts = crate::desk::print::work_order::builtin_fonts()?;
    let date = now.date();
    let lang = day_report_lang(store, None)?;
    let figures = crate::store::day::figures(moment, date)?;
    let lists = crate::store::day::lists(moment, date)?;
    let doc = doc_of(store, data_dir, figures, lists, now)?;
    let pdf = forms::render_day_report(&doc, lang, fonts)?;
    Ok((day_report_bundle_path(date), pdf))
}

/// The day's figures as lines of text in `lang` (the command line's `report day`).
pub fn day_report_text(doc: &DayReportDoc, lang: Lang) -> String {
    let f = &doc.figures;
    let money = |minor: i64| format_money(minor, &doc.currency, lang);
    let mut out = Vec::new();
    out.push(format!(
        "{} {} · {}",
        tr(lang, "form.day.title"),
        format_date(f.date, lang),
        doc.shop.name
    ));
    let mut row = |key: &str, value: String| {
        out.push(format!("  {:<34} {value:>16}", tr(lang, key)));
    };
    row("form.day.jobs_opened", f.jobs_opened.to_string());
    row("form.day.jobs_settled", f.jobs_settled.to_string());
    row("form.day.jobs_collected", f.jobs_collected.to_string());
    let r = &f.revenue;
    row("form.day.labour", money(r.labour_minor));
    row("form.day.parts", money(r.parts_minor));
    row("form.day.other", money(r.other_minor));
    row("form.day.tax", money(r.tax_minor));
    row("form.day.discount", money(-r.discount_minor));
    row("form.day.total", money(r.total_minor));
    for m in &f.payments {
        let count = fill(
            &tr(lang, "form.day.count"),
            &[("count", &m.count.to_string())],
        );
        let key = format!("payment.method.{}", m.method.as_str());
        row(&key, format!("{} ({count})", money(m.amount_minor)));
    }
    row("form.day.expected_cash", money(f.expected_cash_minor));
    row(
        "form.day.receivables_opened",
        money(f.receivables_opened_minor),
    );
    row("form.day.receivables_paid", money(f.receivables_paid_minor));
    row("form.day.voided", money(f.voided_minor));
    row("form.day.credited", money(f.credited_minor));
    for a in &f.approvals {
        let action = serde_json::to_value(a.action)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        out.push(format!(
            "  {} {} {} · {} · {}",
            a.at.format("%H:%M"),
            tr(lang, &format!("approval.action.{action}")),
            a.work_order_number,
            a.supervisor_name,
            a.reason
        ));
    }
    out.join("\n")
}
