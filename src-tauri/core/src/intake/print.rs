//! Printing the work order: the [`WorkOrderDoc`] of a job (from the frozen snapshot once
//! signed), rendered to PDF, written for Open/Save as, and sent to the printer with CUPS'
//! `lp` where there is one (the archive of signed forms is in `archive`).
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::doc::{doc_from_snapshot, shop_header};
use super::signature::read_png;
use crate::error::{CoreError, Result};
use crate::forms::{self, FormFonts, FormLang, FormOptions, Reprint, WorkOrderDoc};
use crate::ids::WorkOrderId;
use crate::store::Store;

/// Whether the form carries the signatures captured on screen, or empty lines to be
/// signed on paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PrintedFor {
    Signed,
    BlankForPaper,
}

/// One printing of a job's work order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PrintRequest {
    pub id: WorkOrderId,
    pub lang: FormLang,
    pub printed_for: PrintedFor,
    /// Not the first printing: every page says COPY with the time it was printed.
    pub reprint: bool,
}

/// The form's font, built into the app and parsed once.
pub fn builtin_fonts() -> Result<&'static FormFonts> {
    static FONTS: OnceLock<std::result::Result<FormFonts, String>> = OnceLock::new();
    let parsed = FONTS.get_or_init(|| {
        let bytes = include_bytes!("../../../../assets/fonts/NotoSansSC-Regular.ttf");
        FormFonts::from_ttf(bytes).map_err(|e| e.to_string())
    });
    parsed.as_ref().map_err(|reason| {
        CoreError::Form(forms::FormError::Font {
            reason: reason.clone(),
        })
    })
}

/// What the work order of job `id` prints: the frozen snapshot once the customer
/// signed (the draft before), the shop header, and — for `Signed` — every signature.
pub fn work_order_doc(
    store: &Store,
    data_dir: &Path,
    id: WorkOrderId,
    printed_for: PrintedFor,
    lang: FormLang,
) -> Result<WorkOrderDoc> {
    let (snapshot, _frozen) = store.printable_snapshot(id)?;
    let settings = store.get_settings()?;
    let logo = crate::logo::logo_bytes(store, data_dir)?;
    let mut doc = doc_from_snapshot(&snapshot, shop_header(&settings, logo), lang);
    if !settings.terms.trim().is_empty() {
        doc.terms = settings.terms.clone();
    }
    if printed_for == PrintedFor::Signed {
        for (meta, png_sha256) in store.signatures_for_print(id)? {
            doc.signatures.push(forms::Signature {
                role: meta.role,
                signer_name: meta.signer_name,
                signed_at: meta.signed_at,
                png: Some(read_png(data_dir, &png_sha256)?),
                fingerprint_hex: meta.fingerprint,
            });
        }
    }
    Ok(doc)
}

/// The PDF of a printing; a reprint says COPY with the time of `now`.
pub fn render_work_order_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &PrintRequest,
    now: NaiveDateTime,
) -> Result<Vec<u8>> {
    let doc = work_order_doc(
        store,
        data_dir,
        request.id,
        request.printed_for,
        request.lang,
    )?;
    let options = FormOptions {
        lang: request.lang,
        reprint: request.reprint.then_some(Reprint { printed_at: now }),
        blank_signatures: request.printed_for == PrintedFor::BlankForPaper,
    };
    Ok(forms::render_work_order(&doc, &options, fonts)?)
}

fn lang_tag(lang: FormLang) -> String {
    super::code_of(&lang)
}

/// `<number>-work-order-<lang>.pdf`.
pub fn work_order_file_name(number: &str, lang: FormLang) -> String {
    format!("{number}-work-order-{}.pdf", lang_tag(lang))
}

pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let partial = path.with_extension("pdf.partial");
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, path)?;
    Ok(())
}

/// Renders the work order into `path` (Save as…).
pub fn save_work_order_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &PrintRequest,
    path: &Path,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let pdf = render_work_order_pdf(store, data_dir, fonts, request, now)?;
    write_atomically(path, &pdf)?;
    Ok(path.to_path_buf())
}

/// Writes a printing of the work order to `<data_dir>/print/` for opening or printing;
/// a signed one is marked COPY once its form was archived (the archive is the original).
pub fn print_copy_path(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    id: WorkOrderId,
    lang: FormLang,
    printed_for: PrintedFor,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let number = store.get_work_order(id)?.work_order.number;
    let reprint = printed_for == PrintedFor::Signed && !store.list_archived_forms(id)?.is_empty();
    let request = PrintRequest {
        id,
        lang,
        printed_for,
        reprint,
    };
    let pdf = render_work_order_pdf(store, data_dir, fonts, &request, now)?;
    let path = data_dir
        .join("print")
        .join(work_order_file_name(&number, lang));
    write_atomically(&path, &pdf)?;
    Ok(path)
}

/// What printing did: queued on the printer, or (without `lp`) only written to `path`
/// for the window to open in the system viewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PrintOutcome {
    pub sent_to_printer: bool,
    pub path: String,
}

/// Prints the work order on the default printer where `lp` exists.
pub fn print_work_order(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    id: WorkOrderId,
    lang: FormLang,
    printed_for: PrintedFor,
    now: NaiveDateTime,
) -> Result<PrintOutcome> {
    let path = print_copy_path(store, data_dir, fonts, id, lang, printed_for, now)?;
    let sent_to_printer = crate::printer::print_pdf(&path)?;
    Ok(PrintOutcome {
        sent_to_printer,
        path: path.display().to_string(),
    })
}

/// `en`, `zh-Hans`, `zh-Hant` or `bilingual`.
pub fn parse_form_lang(code: &str) -> Option<FormLang> {
    super::from_code(code)
}
