//! Printing the work order: the [`WorkOrderDoc`] of a job (from the frozen snapshot once
//! signed), rendered to PDF, written for Open/Save as, and sent to the printer with CUPS'
//! `lp` where there is one (the archive of signed forms is in `archive`).
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::work_order_doc::{
    doc_from_snapshot, form_lang_for, frozen_header, printed_terms, shop_header,
};
use crate::error::{CoreError, Result};
use crate::files::signatures::read_png;
use crate::files::write_durably;
use crate::forms::{self, FormFonts, FormLang, FormOptions, Reprint, WorkOrderDoc};
use crate::ids::WorkOrderId;
use crate::intake::snapshot::IntakeSnapshot;
use crate::intake::{from_code, SignatureRole};
use crate::store::Store;

/// Whether the form carries the signatures captured on screen, or empty lines to be
/// signed on paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PrintedFor {
    Signed,
    BlankForPaper,
}

/// One printing of a job's work order, as the window or the CLI asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PrintRequest {
    pub id: WorkOrderId,
    /// `None` prints in the language of the signed original (or, before signing, the
    /// shop's form language or the customer's).
    pub lang: Option<FormLang>,
    pub printed_for: PrintedFor,
}

/// What a printing is, decided in one place for the window, the CLI and the archive:
/// its language, and whether it is a COPY (once the signed original is archived, every
/// other rendering is one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PrintPlan {
    pub lang: FormLang,
    pub copy: bool,
}

/// The language of the job's original: frozen with a signed intake (snapshot version
/// 2), else the shop's form language or the customer's.
fn original_lang(store: &Store, id: WorkOrderId, snapshot: &IntakeSnapshot) -> Result<FormLang> {
    if let Some(lang) = snapshot
        .paper
        .as_ref()
        .and_then(|p| from_code::<FormLang>(&p.form_lang))
    {
        return Ok(lang);
    }
    let customer = store.get_customer(store.get_work_order(id)?.work_order.customer_id)?;
    Ok(form_lang_for(
        &store.get_settings()?,
        customer.preferred_language,
    ))
}

/// The one rule for a printing of job `id` (see [`PrintPlan`]).
pub fn plan_printing(
    store: &Store,
    id: WorkOrderId,
    requested: Option<FormLang>,
) -> Result<PrintPlan> {
    let (snapshot, _frozen) = store.printable_snapshot(id)?;
    let lang = match requested {
        Some(lang) => lang,
        None => original_lang(store, id, &snapshot)?,
    };
    let copy = store.original_form(id)?.is_some();
    Ok(PrintPlan { lang, copy })
}

/// The form's font, built into the app and parsed once.
pub fn builtin_fonts() -> Result<&'static FormFonts> {
    static FONTS: OnceLock<std::result::Result<FormFonts, String>> = OnceLock::new();
    let parsed = FONTS.get_or_init(|| {
        let bytes = include_bytes!("../../../../../assets/fonts/NotoSansSC-Regular.ttf");
        FormFonts::from_ttf(bytes).map_err(|e| e.to_string())
    });
    parsed.as_ref().map_err(|reason| {
        CoreError::Form(forms::FormError::Font {
            reason: reason.clone(),
        })
    })
}

/// Which signatures a printing carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignaturesShown {
    /// Every signature on the work order.
    All,
    /// Those made up to the customer's (the original as it was when signed).
    UpToCustomer,
    /// None: empty lines to sign on paper.
    None,
}

/// What the work order of job `id` prints: the frozen snapshot once the customer
/// signed (the draft before) with the paper frozen with it (shop header, terms), and
/// the signatures `shown` asks for.
pub fn work_order_doc(
    store: &Store,
    data_dir: &Path,
    id: WorkOrderId,
    shown: SignaturesShown,
    lang: FormLang,
) -> Result<WorkOrderDoc> {
    let (snapshot, frozen) = store.printable_snapshot(id)?;
    let settings = store.get_settings()?;
    let mut doc = match (&snapshot.paper, frozen) {
        (Some(paper), true) => {
            let logo = crate::desk::logo::logo_by_hash(data_dir, &paper.shop.logo_sha256)?;
            let mut doc = doc_from_snapshot(&snapshot, frozen_header(&paper.shop, logo), lang);
            doc.terms = paper.terms.clone();
            doc
        }
        _ => {
            let logo = crate::desk::logo::logo_bytes(store, data_dir)?;
            let mut doc = doc_from_snapshot(&snapshot, shop_header(&settings, logo), lang);
            doc.terms = printed_terms(&settings, lang);
            doc
        }
    };
    // Not frozen with the intake: the category as it stands (changeable until settled).
    doc.repair_category = store.get_work_order(id)?.work_order.repair_category;
    if shown == SignaturesShown::None {
        return Ok(doc);
    }
    for (meta, png_sha256) in store.signatures_for_print(id)? {
        let role = meta.role;
        doc.signatures.push(forms::Signature {
            role: meta.role,
            signer_name: meta.signer_name,
            signed_at: meta.signed_at,
            png: Some(read_png(data_dir, &png_sha256)?),
            fingerprint_hex: meta.fingerprint,
        });
        if shown == SignaturesShown::UpToCustomer && role == SignatureRole::Customer {
            break;
        }
    }
    Ok(doc)
}

/// One rendering: which signatures, its plan, the PDF's creation time (the signing time for
/// the original) and the time a COPY is stamped with.
pub(crate) struct Printing {
    pub shown: SignaturesShown,
    pub plan: PrintPlan,
    pub created_at: NaiveDateTime,
    pub now: NaiveDateTime,
}

/// The PDF of one printing of job `id`.
pub(crate) fn render_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    id: WorkOrderId,
    printing: &Printing,
) -> Result<Vec<u8>> {
    let plan = printing.plan;
    let doc = work_order_doc(store, data_dir, id, printing.shown, plan.lang)?;
    let options = FormOptions {
        lang: plan.lang,
        reprint: plan.copy.then_some(Reprint {
            printed_at: printing.now,
        }),
        blank_signatures: printing.shown == SignaturesShown::None,
        created_at: Some(printing.created_at),
    };
    Ok(forms::render_work_order(&doc, &options, fonts)?)
}

/// The PDF of a printing as the window or the CLI asks for it, and its plan.
pub fn render_work_order_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &PrintRequest,
    now: NaiveDateTime,
) -> Result<(Vec<u8>, PrintPlan)> {
    let plan = plan_printing(store, request.id, request.lang)?;
    let shown = match request.printed_for {
        PrintedFor::Signed => SignaturesShown::All,
        PrintedFor::BlankForPaper => SignaturesShown::None,
    };
    let printing = Printing {
        shown,
        plan,
        created_at: now,
        now,
    };
    let pdf = render_pdf(store, data_dir, fonts, request.id, &printing)?;
    Ok((pdf, plan))
}

fn lang_tag(lang: FormLang) -> String {
    crate::intake::code_of(&lang)
}

/// `<number>-work-order-<lang>.pdf`.
pub fn work_order_file_name(number: &str, lang: FormLang) -> String {
    format!("{number}-work-order-{}.pdf", lang_tag(lang))
}

pub use crate::files::{check_file_target, check_save_target};

/// Save as…: renders the work order into `target` after [`check_save_target`]; never
/// creates a folder.
pub fn save_work_order_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &PrintRequest,
    target: &Path,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let path = check_save_target(data_dir, target)?;
    let (pdf, _plan) = render_work_order_pdf(store, data_dir, fonts, request, now)?;
    write_durably(&path, &pdf, false)?;
    Ok(path)
}

/// Writes a printing of the work order to `<data_dir>/print/` for opening or printing
/// (a file of its own: a copy never replaces the archived original).
pub fn print_copy_path(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &PrintRequest,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let number = store.get_work_order(request.id)?.work_order.number;
    let (pdf, plan) = render_work_order_pdf(store, data_dir, fonts, request, now)?;
    write_print_copy(
        data_dir,
        &work_order_file_name(&number, plan.lang),
        plan.copy,
        &pdf,
    )
}

/// Writes `pdf` as `name` into the data folder's `print/` for the system viewer (a COPY
/// as `…-copy.pdf`), and returns its path; shared by every printable form.
pub(crate) fn write_print_copy(
    data_dir: &Path,
    name: &str,
    copy: bool,
    pdf: &[u8],
) -> Result<PathBuf> {
    let name = if copy {
        name.replace(".pdf", "-copy.pdf")
    } else {
        name.to_string()
    };
    let path = data_dir.join("print").join(name);
    write_durably(&path, pdf, true)?;
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
    request: &PrintRequest,
    now: NaiveDateTime,
) -> Result<PrintOutcome> {
    let path = print_copy_path(store, data_dir, fonts, request, now)?;
    let sent_to_printer = crate::printer::print_pdf(&path)?;
    Ok(PrintOutcome {
        sent_to_printer,
        path: path.display().to_string(),
    })
}

/// `en`, `zh-Hans`, `zh-Hant` or `bilingual`.
pub fn parse_form_lang(code: &str) -> Option<FormLang> {
    crate::intake::from_code(code)
}
