//! Printing a job's diagnosis report: its [`DiagnosisDoc`] from the saved report and the
//! work order's header, customer and vehicle, rendered in the job's language (or the one
//! asked for), saved where the user asks or written for the system viewer. Refused
//! before a report is saved.
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::desk::print::work_order::{
    check_save_target, plan_printing, work_order_doc, write_print_copy, SignaturesShown,
};
use crate::error::{CoreError, Result};
use crate::files::signatures::read_png;
use crate::files::write_durably;
use crate::forms::{self, DiagnosisDoc, FormFonts, FormLang, FormOptions};
use crate::ids::WorkOrderId;
use crate::reason::Reason;
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

/// The PDF of one printing and the language it is in.
pub fn render_diagnosis_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &DiagnosisRequest,
    now: NaiveDateTime,
) -> Result<(Vec<u8>, FormLang)> {
    let lang = plan_printing(store, request.id, request.lang)?.lang;
    let doc = diagnosis_doc(store, data_dir, request.id, lang)?;
    let options = FormOptions {
        created_at: Some(now),
        ..FormOptions::new(lang)
    };
    Ok((forms::render_diagnosis(&doc, &options, fonts)?, lang))
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
    let (pdf, _lang) = render_diagnosis_pdf(store, data_dir, fonts, request, now)?;
    write_durably(&path, &pdf, false)?;
    Ok(path)
}

/// Writes one printing into the data folder's `print/` for the system viewer.
pub fn diagnosis_print_copy(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &DiagnosisRequest,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let number = store.get_work_order(request.id)?.work_order.number;
    let (pdf, lang) = render_diagnosis_pdf(store, data_dir, fonts, request, now)?;
    let name = format!("{number}-diagnosis-{}.pdf", crate::intake::code_of(&lang));
    write_print_copy(data_dir, &name, false, &pdf)
}
