//! Printing a job's dispatch sheet: its [`DispatchDoc`] from the saved sheet, its
//! notices and the work order's header, customer and vehicle, rendered in the job's
//! language (or the one asked for). Refused before a sheet is saved.
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::desk::print::work_order::{
    check_save_target, plan_printing, work_order_doc, write_print_copy, SignaturesShown,
};
use crate::error::{CoreError, Result};
use crate::files::write_durably;
use crate::forms::{self, DispatchDoc, FormFonts, FormLang, FormOptions};
use crate::ids::WorkOrderId;
use crate::reason::Reason;
use crate::store::Store;

/// One printing of a job's dispatch sheet, as the window or the CLI asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DispatchRequest {
    pub id: WorkOrderId,
    /// `None` prints in the language of the job's work order.
    pub lang: Option<FormLang>,
}

/// What job `id`'s sheet prints in `lang`.
pub fn dispatch_doc(
    store: &Store,
    data_dir: &Path,
    id: WorkOrderId,
    lang: FormLang,
    now: NaiveDateTime,
) -> Result<DispatchDoc> {
    let view = store.dispatch(id, now)?;
    let Some(sheet) = view.dispatch else {
        return Err(CoreError::conflict(Reason::DispatchNone));
    };
    let job = work_order_doc(store, data_dir, id, SignaturesShown::None, lang)?;
    Ok(DispatchDoc {
        shop: job.shop,
        number: job.number,
        opened_at: job.opened_at,
        promised_at: job.promised_at,
        customer: job.customer,
        vehicle: job.vehicle,
        odometer: Some(job.odometer).filter(|o| o.value > 0),
        complaint: job.complaint,
        mode: sheet.mode,
        assigned_to: sheet.assigned_to,
        dispatched_by: sheet.dispatched_by,
        handed_at: sheet.handed_at,
        items: sheet.items,
        notices: view.notices,
    })
}

/// The PDF of one printing and the language it is in.
pub fn render_dispatch_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &DispatchRequest,
    now: NaiveDateTime,
) -> Result<(Vec<u8>, FormLang)> {
    let lang = plan_printing(store, request.id, request.lang)?.lang;
    let doc = dispatch_doc(store, data_dir, request.id, lang, now)?;
    let options = FormOptions {
        created_at: Some(now),
        ..FormOptions::new(lang)
    };
    Ok((forms::render_dispatch(&doc, &options, fonts)?, lang))
}

/// Save as…: renders the sheet into `target` (a `.pdf` outside the data folder).
pub fn save_dispatch_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &DispatchRequest,
    target: &Path,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let path = check_save_target(data_dir, target)?;
    let (pdf, _lang) = render_dispatch_pdf(store, data_dir, fonts, request, now)?;
    write_durably(&path, &pdf, false)?;
    Ok(path)
}

/// Writes one printing into the data folder's `print/` for the system viewer.
pub fn dispatch_print_copy(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &DispatchRequest,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let number = store.get_work_order(request.id)?.work_order.number;
    let (pdf, lang) = render_dispatch_pdf(store, data_dir, fonts, request, now)?;
    let name = format!("{number}-dispatch-{}.pdf", crate::intake::code_of(&lang));
    write_print_copy(data_dir, &name, false, &pdf)
}
