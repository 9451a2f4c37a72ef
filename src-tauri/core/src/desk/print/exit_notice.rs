//! Printing the exit notice (出厂通知单): its [`ExitNoticeDoc`] from the store, the
//! original — the first printing, dated at the issue — archived once to
//! `<data_dir>/forms/` and listed on the job as `exit-notice`; every later printing
//! (open, save as, print, the CLI) is a COPY and is logged as a reprint
//! (`Store::reprint_exit_notice`).
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::desk::archive::ArchivedForm;
use crate::desk::archive::{keep_original, Original};
use crate::desk::print::work_order::{
    check_save_target, plan_printing, work_order_doc, PrintOutcome, SignaturesShown,
};
use crate::error::{CoreError, Result};
use crate::files::write_durably;
use crate::forms::{self, ExitNoticeDoc, FormFonts, FormLang, FormOptions, Reprint};
use crate::ids::WorkOrderId;
use crate::reason::Reason;
use crate::settlement::exit::ExitNotice;
use crate::settlement::gate::ExitPass;
use crate::store::Store;

/// The `form` of the exit notice's archive row.
pub const EXIT_NOTICE_FORM: &str = "exit-notice";

/// One printing of a job's exit notice, as the window or the CLI asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExitPrintRequest {
    pub id: WorkOrderId,
    /// `None` prints in the language of the job's work order.
    pub lang: Option<FormLang>,
    /// Who prints it, logged with a reprint.
    pub printed_by: String,
}

/// One rendering: the PDF, whether it is a COPY, and the prints logged so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExitPrinting {
    pub pdf: Vec<u8>,
    pub lang: FormLang,
    pub copy: bool,
    /// Every print so far, this one included; the first is the original.
    pub prints: u32,
}

/// `<job number>-exit-notice-<lang>.pdf`.
pub fn exit_notice_file_name(job_number: &str, lang: FormLang) -> String {
    format!(
        "{job_number}-exit-notice-{}.pdf",
        crate::intake::code_of(&lang)
    )
}

/// The name Save as… suggests for the exit notice of `request`: the job's number and
/// the language it prints in.
pub fn exit_notice_save_name(store: &Store, request: &ExitPrintRequest) -> Result<String> {
    let number = store.get_work_order(request.id)?.work_order.number;
    let lang = plan_printing(store, request.id, request.lang)?.lang;
    Ok(exit_notice_file_name(&number, lang))
}

/// What the exit notice of job `id` prints in `lang`: the shop as on the job's work
/// order, the notice as issued, the QR text as issued.
pub fn exit_notice_doc(
    store: &Store,
    data_dir: &Path,
    id: WorkOrderId,
    notice: &ExitNotice,
    lang: FormLang,
) -> Result<ExitNoticeDoc> {
    let job = work_order_doc(store, data_dir, id, SignaturesShown::None, lang)?;
    let v = &job.vehicle;
    let mut vehicle = format!("{} {}", v.make, v.model).trim().to_string();
    if let Some(year) = v.year {
        vehicle.push_str(&format!(" ({year})"));
    }
    if !v.colour.trim().is_empty() {
        vehicle.push_str(&format!(" · {}", v.colour.trim()));
    }
    let approved_by = match notice.override_approval_id {
        Some(approval) => Some(store.supervisor_approval(approval)?.supervisor_name),
        None => None,
    };
    let fingerprint = ExitPass::parse(&notice.qr_payload)
        .map_or_else(|| "—".to_string(), |pass| pass.fingerprint);
    Ok(ExitNoticeDoc {
        shop: job.shop,
        number: notice.number.clone(),
        work_order_number: notice.work_order_number.clone(),
        settlement_number: notice.settlement_number.clone(),
        plate: notice.plate.clone(),
        customer: notice.customer_name.clone(),
        vehicle,
        out_at: notice.issued_at,
        issued_by: notice.issued_by.clone(),
        currency: job.currency,
        debt_minor: notice.debt_minor,
        approved_by,
        qr_payload: notice.qr_payload.clone(),
        fingerprint,
    })
}

fn issued(store: &Store, id: WorkOrderId) -> Result<ExitNotice> {
    store
        .exit_notice(id)?
        .ok_or(CoreError::conflict(Reason::ExitNoticeMissing))
}

fn render(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    notice: &ExitNotice,
    lang: FormLang,
    reprint: Option<Reprint>,
) -> Result<Vec<u8>> {
    let doc = exit_notice_doc(store, data_dir, notice.work_order_id, notice, lang)?;
    let options = FormOptions {
        lang,
        created_at: Some(reprint.as_ref().map_or(notice.issued_at, |r| r.printed_at)),
        reprint,
        blank_signatures: false,
    };
    Ok(forms::render_exit_notice(&doc, &options, fonts)?)
}

/// Archives the original exit notice of job `id` (dated at the issue, in `lang` or the
/// job's language) unless it is archived already; returns the archived original.
pub fn archive_exit_notice(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    id: WorkOrderId,
    lang: Option<FormLang>,
    now: NaiveDateTime,
) -> Result<ArchivedForm> {
    let notice = issued(store, id)?;
    match store.archived_form(id, EXIT_NOTICE_FORM)? {
        Some(original) => Ok(original),
        None => Ok(archive_now(store, data_dir, fonts, &notice, lang, now)?.0),
    }
}

/// Renders the original and archives it; returns the archive row and the PDF.
fn archive_now(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    notice: &ExitNotice,
    lang: Option<FormLang>,
    now: NaiveDateTime,
) -> Result<(ArchivedForm, Vec<u8>)> {
    let id = notice.work_order_id;
    let lang = plan_printing(store, id, lang)?.lang;
    let pdf = render(store, data_dir, fonts, notice, lang, None)?;
    let base = exit_notice_file_name(&notice.work_order_number, lang);
    let original = Original {
        id,
        form: EXIT_NOTICE_FORM,
        lang,
        base: &base,
    };
    let kept = keep_original(store, data_dir, &original, &pdf, now)?;
    Ok((kept, pdf))
}

/// One printing of the exit notice: the first is the original (archived; its print was
/// logged at the issue), every later one a COPY logged as a reprint.
pub fn print_exit_notice_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &ExitPrintRequest,
    now: NaiveDateTime,
) -> Result<ExitPrinting> {
    let notice = issued(store, request.id)?;
    if store.archived_form(request.id, EXIT_NOTICE_FORM)?.is_none() {
        let (original, pdf) = archive_now(store, data_dir, fonts, &notice, request.lang, now)?;
        return Ok(ExitPrinting {
            pdf,
            lang: original.lang,
            copy: false,
            prints: notice.prints,
        });
    }
    let lang = plan_printing(store, request.id, request.lang)?.lang;
    let reprint = Some(Reprint { printed_at: now });
    let pdf = render(store, data_dir, fonts, &notice, lang, reprint)?;
    let logged = store.reprint_exit_notice(request.id, &request.printed_by, now)?;
    Ok(ExitPrinting {
        pdf,
        lang,
        copy: true,
        prints: logged.prints,
    })
}

/// Save as…: one printing written to `target` (a `.pdf` outside the data folder).
pub fn save_exit_notice_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &ExitPrintRequest,
    target: &Path,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let path = check_save_target(data_dir, target)?;
    let printing = print_exit_notice_pdf(store, data_dir, fonts, request, now)?;
    write_durably(&path, &printing.pdf, false)?;
    Ok(path)
}

/// One printing written to the data folder's `print/` (a COPY is named so) for the
/// system viewer; returns its path.
pub fn exit_notice_print_copy(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &ExitPrintRequest,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let printing = print_exit_notice_pdf(store, data_dir, fonts, request, now)?;
    let job = issued(store, request.id)?.work_order_number;
    let mut name = exit_notice_file_name(&job, printing.lang);
    if printing.copy {
        name = name.replace(".pdf", &format!("-copy{}.pdf", printing.prints));
    }
    let path = data_dir.join("print").join(name);
    write_durably(&path, &printing.pdf, true)?;
    Ok(path)
}

/// Prints the exit notice on the default printer where `lp` exists.
pub fn print_exit_notice(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &ExitPrintRequest,
    now: NaiveDateTime,
) -> Result<PrintOutcome> {
    let path = exit_notice_print_copy(store, data_dir, fonts, request, now)?;
    let sent_to_printer = crate::printer::print_pdf(&path)?;
    Ok(PrintOutcome {
        sent_to_printer,
        path: path.display().to_string(),
    })
}
