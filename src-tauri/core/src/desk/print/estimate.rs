//! Printing a job's estimate: one version as an [`EstimateDoc`] (the shop header, the
//! customer and vehicle of the work order, the version's lines and figures, its approval
//! and signature), rendered, saved where the user asks, and — once approved — archived
//! once to `<data_dir>/forms/` like the signed work order; every later rendering of an
//! archived version is a COPY.
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::desk::archive::ArchivedForm;
use crate::desk::archive::{archive_failure, keep_original, Original};
use crate::desk::print::work_order::{
    check_save_target, plan_printing, work_order_doc, write_print_copy, PrintOutcome, PrintPlan,
    SignaturesShown,
};
use crate::error::{CoreError, Result};
use crate::files::signatures::read_png;
use crate::files::write_durably;
use crate::forms::{self, ApprovalPart, EstimateDoc, FormFonts, FormLang, FormOptions, Reprint};
use crate::ids::WorkOrderId;
use crate::pricing::estimate::{ApprovalInput, Estimate, EstimateBook, EstimateStatus};
use crate::reason::Reason;
use crate::store::Store;

/// One printing of a job's estimate, as the window or the CLI asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EstimatePrintRequest {
    pub id: WorkOrderId,
    /// `None` prints the latest version.
    pub version: Option<u32>,
    /// `None` prints in the language of the job's work order.
    pub lang: Option<FormLang>,
}

/// The `form` of an estimate version's archive row: `estimate-v2`.
pub fn estimate_form_name(version: u32) -> String {
    format!("estimate-v{version}")
}

/// `<number>-estimate-v<version>-<lang>.pdf`.
pub fn estimate_file_name(number: &str, version: u32, lang: FormLang) -> String {
    format!(
        "{number}-estimate-v{version}-{}.pdf",
        crate::intake::code_of(&lang)
    )
}

/// What version `estimate` of job `id` prints in `lang`: the job's header, customer and
/// vehicle as its work order prints them, the figures as the pricing core froze them.
pub fn estimate_doc(
    store: &Store,
    data_dir: &Path,
    id: WorkOrderId,
    estimate: &Estimate,
    lang: FormLang,
) -> Result<EstimateDoc> {
    let job = work_order_doc(store, data_dir, id, SignaturesShown::None, lang)?;
    let approval = match &estimate.approval {
        Some(a) => Some(ApprovalPart {
            channel: a.channel,
            approved_by: a.approved_by.clone(),
            recorded_by: a.recorded_by.clone(),
            at: a.at,
            signature_png: match &a.signature_sha256 {
                Some(sha) => Some(read_png(data_dir, sha)?),
                None => None,
            },
            fingerprint_hex: estimate.fingerprint.clone().unwrap_or_default(),
        }),
        None => None,
    };
    Ok(EstimateDoc {
        shop: job.shop,
        number: job.number,
        version: estimate.version,
        dated: estimate
            .approval
            .as_ref()
            .map_or(estimate.updated_at, |a| a.at),
        customer: job.customer,
        vehicle: job.vehicle,
        odometer: Some(job.odometer).filter(|o| o.value > 0),
        currency: job.currency,
        mode: estimate.mode,
        risk_margin_bp: estimate.risk_margin_bp,
        note: estimate.note.clone(),
        lines: estimate.lines.clone(),
        no_guarantee: estimate.no_guarantee.clone(),
        totals: estimate.totals.clone(),
        tax: estimate.tax,
        valid_until: estimate.valid_until,
        approval,
        superseded: estimate.status == EstimateStatus::Superseded,
    })
}

/// One rendering: its plan, the PDF's creation time (the approval for the original)
/// and the time a COPY is stamped with.
struct Stamp {
    plan: PrintPlan,
    created_at: NaiveDateTime,
    now: NaiveDateTime,
}

fn render(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    id: WorkOrderId,
    estimate: &Estimate,
    stamp: Stamp,
) -> Result<Vec<u8>> {
    let Stamp {
        plan,
        created_at,
        now,
    } = stamp;
    let doc = estimate_doc(store, data_dir, id, estimate, plan.lang)?;
    let options = FormOptions {
        lang: plan.lang,
        reprint: plan.copy.then_some(Reprint { printed_at: now }),
        blank_signatures: false,
        created_at: Some(created_at),
    };
    Ok(forms::render_estimate(&doc, &options, fonts)?)
}

/// The PDF of one printing of an estimate version and its plan: in the work order's
/// language unless asked otherwise, a COPY once that version's original is archived.
pub fn render_estimate_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &EstimatePrintRequest,
    now: NaiveDateTime,
) -> Result<(Vec<u8>, PrintPlan)> {
    let estimate = store.estimate_version(request.id, request.version)?;
    let lang = plan_printing(store, request.id, request.lang)?.lang;
    let archived = store.archived_form(request.id, &estimate_form_name(estimate.version))?;
    let plan = PrintPlan {
        lang,
        copy: archived.is_some(),
    };
    let stamp = Stamp {
        plan,
        created_at: now,
        now,
    };
    let pdf = render(store, data_dir, fonts, request.id, &estimate, stamp)?;
    Ok((pdf, plan))
}

/// Save as…: renders the estimate into `target` (a `.pdf` outside the data folder, see
/// [`check_save_target`]).
pub fn save_estimate_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &EstimatePrintRequest,
    target: &Path,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let path = check_save_target(data_dir, target)?;
    let (pdf, _plan) = render_estimate_pdf(store, data_dir, fonts, request, now)?;
    write_durably(&path, &pdf, false)?;
    Ok(path)
}

/// Writes one printing into the data folder's `print/` (a COPY is named so) for the
/// system viewer, and returns its path. An approved version not archived yet is
/// archived first.
pub fn estimate_print_copy(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &EstimatePrintRequest,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let number = store.get_work_order(request.id)?.work_order.number;
    let estimate = store.estimate_version(request.id, request.version)?;
    let version = estimate.version;
    // An approval whose archive could not be written is archived now, before the
    // printing: the original stays the first rendering, and this one is its COPY.
    if estimate.approval.is_some() {
        archive_estimate(store, data_dir, fonts, request.id, version, now)?;
    }
    let (pdf, plan) = render_estimate_pdf(store, data_dir, fonts, request, now)?;
    let name = estimate_file_name(&number, version, plan.lang);
    write_print_copy(data_dir, &name, plan.copy, &pdf)
}

/// Prints the estimate on the default printer where `lp` exists.
pub fn print_estimate(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &EstimatePrintRequest,
    now: NaiveDateTime,
) -> Result<PrintOutcome> {
    let path = estimate_print_copy(store, data_dir, fonts, request, now)?;
    let sent_to_printer = crate::printer::print_pdf(&path)?;
    Ok(PrintOutcome {
        sent_to_printer,
        path: path.display().to_string(),
    })
}

/// Writes the approved `version` of job `id`'s estimate to
/// `<data_dir>/forms/<number>-estimate-v<version>-<lang>.pdf` and lists it on the job as
/// `estimate-v<version>`, once, dated at the approval. Called again it returns the
/// original already archived; a different file left under the name is never
/// overwritten (the original takes a name of its own). Refused for a draft.
pub fn archive_estimate(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    id: WorkOrderId,
    version: u32,
    now: NaiveDateTime,
) -> Result<ArchivedForm> {
    let estimate = store.estimate_version(id, Some(version))?;
    let Some(approved_at) = estimate.approval.as_ref().map(|a| a.at) else {
        return Err(CoreError::conflict(Reason::EstimateNotApproved));
    };
    let form = estimate_form_name(version);
    if let Some(original) = store.archived_form(id, &form)? {
        return Ok(original);
    }
    let plan = PrintPlan {
        lang: plan_printing(store, id, None)?.lang,
        copy: false,
    };
    let pdf = render(
        store,
        data_dir,
        fonts,
        id,
        &estimate,
        Stamp {
            plan,
            created_at: approved_at,
            now,
        },
    )?;
    let number = store.get_work_order(id)?.work_order.number;
    let base = estimate_file_name(&number, version, plan.lang);
    let original = Original {
        id,
        form: &form,
        lang: plan.lang,
        base: &base,
    };
    keep_original(store, data_dir, &original, &pdf, now)
}

/// Approves the draft as shown ([`Store::approve_estimate`]), then archives the approved
/// version's PDF. The approval stands even when the archive cannot be written (a full
/// disk): `archive_failed` on the book says why, and printing the version archives it
/// first.
pub fn approve_and_archive_estimate(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    id: WorkOrderId,
    approval: &ApprovalInput,
    now: NaiveDateTime,
) -> Result<EstimateBook> {
    let mut book = store.approve_estimate(data_dir, id, approval, now)?;
    let version = book.current.version;
    if let Err(e) = archive_estimate(store, data_dir, fonts, id, version, now) {
        book.archive_failed = Some(archive_failure("the approval", id, &e));
    }
    Ok(book)
}
