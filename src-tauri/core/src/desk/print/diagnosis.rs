//! Printing a job's diagnosis report: its [`DiagnosisDoc`] from the saved report and the
//! work order's header, customer and vehicle, rendered in the job's language (or the one
//! asked for), saved where the user asks or written for the system viewer. Refused
//! before a report is saved. When the technician signs, the signed report is archived
//! once to `<data_dir>/forms/` (through the one path every archived form takes); every
//! later printing of it is a COPY.
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::desk::archive::{archive_failure, keep_original, ArchivedForm, Original};
use crate::desk::print::work_order::{
    check_save_target, plan_printing, work_order_doc, write_print_copy, PrintPlan, SignaturesShown,
};
use crate::domain::diagnosis::DiagnosisView;
use crate::error::{CoreError, Result};
use crate::files::signatures::read_png;
use crate::files::write_durably;
use crate::forms::{self, DiagnosisDoc, FormFonts, FormLang, FormOptions, Reprint};
use crate::ids::WorkOrderId;
use crate::intake::{code_of, SignatureInput};
use crate::reason::Reason;
use crate::store::form_archive::DIAGNOSIS_FORM;
use crate::store::Store;

/// One printing of a job's diagnosis report, as the window or the CLI asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosisRequest {
    pub id: WorkOrderId,
    /// `None` prints in the language of the job's work order.
    pub lang: Option<FormLang>,
}

/// What job `id`'s report prints in `lang`.
pub fn diagnosis_doc(
    store: &Store,
    data_dir: &Path,
    id: WorkOrderId,
    lang: FormLang,
) -> Result<DiagnosisDoc> {
    let view = store.diagnosis(id)?;
    let Some(report) = view.diagnosis else {
        return Err(CoreError::conflict(Reason::DiagnosisNone));
    };
    let job = work_order_doc(store, data_dir, id, SignaturesShown::None, lang)?;
    let signature = report.signature.as_ref();
    let signature_png = match signature {
        Some(s) => Some(read_png(data_dir, &s.png_sha256)?),
        None => None,
    };
    Ok(DiagnosisDoc {
        shop: job.shop,
        number: job.number,
        opened_at: job.opened_at,
        advisor: job.advisor,
        customer: job.customer,
        vehicle: job.vehicle,
        odometer: Some(job.odometer).filter(|o| o.value > 0),
        complaint: view.complaint,
        checks: report.checks,
        road_test_needed: report.road_test_needed,
        road_test: report.road_test,
        findings: report.findings,
        recommendation: report.recommendation,
        technician: report.technician,
        signed_at: signature.map(|s| s.signed_at),
        signature_png,
        dated: signature.map_or(report.updated_at, |s| s.signed_at),
    })
}

/// `<number>-diagnosis-<lang>.pdf`: the archived original's name and a printing's.
pub fn diagnosis_file_name(number: &str, lang: FormLang) -> String {
    format!("{number}-diagnosis-{}.pdf", code_of(&lang))
}

/// The PDF of one printing and its plan: in the work order's language unless asked
/// otherwise; once the signed report is archived, a COPY.
pub fn render_diagnosis_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &DiagnosisRequest,
    now: NaiveDateTime,
) -> Result<(Vec<u8>, PrintPlan)> {
    let lang = plan_printing(store, request.id, request.lang)?.lang;
    let doc = diagnosis_doc(store, data_dir, request.id, lang)?;
    let copy = store.archived_form(request.id, DIAGNOSIS_FORM)?.is_some();
    let options = FormOptions {
        created_at: Some(now),
        reprint: copy.then_some(Reprint { printed_at: now }),
        ..FormOptions::new(lang)
    };
    let pdf = forms::render_diagnosis(&doc, &options, fonts)?;
    Ok((pdf, PrintPlan { lang, copy }))
}

/// Save as…: renders the report into `target` (a `.pdf` outside the data folder).
pub fn save_diagnosis_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &DiagnosisRequest,
    target: &Path,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let path = check_save_target(data_dir, target)?;
    archive_diagnosis(store, data_dir, fonts, request.id, now)?;
    let (pdf, _plan) = render_diagnosis_pdf(store, data_dir, fonts, request, now)?;
    write_durably(&path, &pdf, false)?;
    Ok(path)
}

/// Writes one printing into the data folder's `print/` (a COPY is named so) for the
/// system viewer. A signed report not archived yet is archived first.
pub fn diagnosis_print_copy(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &DiagnosisRequest,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let number = store.get_work_order(request.id)?.work_order.number;
    archive_diagnosis(store, data_dir, fonts, request.id, now)?;
    let (pdf, plan) = render_diagnosis_pdf(store, data_dir, fonts, request, now)?;
    let name = diagnosis_file_name(&number, plan.lang);
    write_print_copy(data_dir, &name, plan.copy, &pdf)
}

/// Writes the signed report to `<data_dir>/forms/<number>-diagnosis-<lang>.pdf` and lists
/// it on the job as `diagnosis`, once, in the job's language and dated at the signing.
/// Called again it returns the original already archived; `None` while the report is
/// unsigned (there is nothing to archive yet).
pub fn archive_diagnosis(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    id: WorkOrderId,
    now: NaiveDateTime,
) -> Result<Option<ArchivedForm>> {
    let view = store.diagnosis(id)?;
    let Some(signed_at) = view
        .diagnosis
        .as_ref()
        .and_then(|d| d.signature.as_ref())
        .map(|s| s.signed_at)
    else {
        return Ok(None);
    };
    if let Some(original) = view.archived {
        return Ok(Some(original));
    }
    let lang = plan_printing(store, id, None)?.lang;
    let doc = diagnosis_doc(store, data_dir, id, lang)?;
    let options = FormOptions {
        created_at: Some(signed_at),
        ..FormOptions::new(lang)
    };
    let pdf = forms::render_diagnosis(&doc, &options, fonts)?;
    let base = diagnosis_file_name(&view.number, lang);
    let original = Original {
        id,
        form: DIAGNOSIS_FORM,
        lang,
        base: &base,
    };
    keep_original(store, data_dir, &original, &pdf, now).map(Some)
}

/// The technician signs the report ([`Store::sign_diagnosis`]) and the signed report is
/// archived. The signature stands even when the archive cannot be written (a full disk):
/// `archive_failed` says why, and the next printing of the report archives it first.
pub fn sign_and_archive_diagnosis(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    id: WorkOrderId,
    input: &SignatureInput,
    now: NaiveDateTime,
) -> Result<DiagnosisView> {
    store.sign_diagnosis(data_dir, id, input, now)?;
    let failed = archive_diagnosis(store, data_dir, fonts, id, now)
        .err()
        .map(|e| archive_failure("the diagnosis", id, &e));
    let mut view = store.diagnosis(id)?;
    view.archive_failed = failed;
    Ok(view)
}
