//! The signed forms kept in the data folder: when the customer signs the intake, the
//! work order is written to `<data_dir>/forms/<number>-work-order-<lang>.pdf` and listed
//! on the job, so the desk can always show the very form that was signed.
use std::path::Path;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::print::{render_work_order_pdf, work_order_file_name, write_atomically};
use super::print::{PrintRequest, PrintedFor};
use super::{SignatureInput, SignatureRole, WorkOrderDetail};
use crate::error::{CoreError, Result};
use crate::forms::{FormFonts, FormLang};
use crate::ids::{ArchivedFormId, WorkOrderId};
use crate::store::form_archive::NewArchivedForm;
use crate::store::Store;

/// A signed form kept in the data folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ArchivedForm {
    pub id: ArchivedFormId,
    pub work_order_id: WorkOrderId,
    /// Which form: `work-order`.
    pub form: String,
    pub lang: FormLang,
    /// Relative to the data folder: `forms/<number>-work-order-<lang>.pdf`.
    pub file_name: String,
    pub sha256: String,
    pub created_at: NaiveDateTime,
}

/// An archived form and where it is on this machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ArchivedFormFile {
    pub form: ArchivedForm,
    pub path: String,
}

/// The job's archived forms with their full paths.
pub fn archived_form_files(
    store: &Store,
    data_dir: &Path,
    id: WorkOrderId,
) -> Result<Vec<ArchivedFormFile>> {
    Ok(store
        .list_archived_forms(id)?
        .into_iter()
        .map(|form| ArchivedFormFile {
            path: data_dir.join(&form.file_name).display().to_string(),
            form,
        })
        .collect())
}

/// Writes the signed work order to `<data_dir>/forms/` and lists it on the job. Only a
/// signed (frozen) intake is archived.
pub fn archive_signed_form(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    id: WorkOrderId,
    lang: FormLang,
    now: NaiveDateTime,
) -> Result<ArchivedForm> {
    let detail = store.get_work_order(id)?;
    if detail.work_order.frozen_at.is_none() {
        return Err(CoreError::conflict("intake.not_frozen"));
    }
    let request = PrintRequest {
        id,
        lang,
        printed_for: PrintedFor::Signed,
        reprint: false,
    };
    let pdf = render_work_order_pdf(store, data_dir, fonts, &request, now)?;
    let file_name = format!(
        "forms/{}",
        work_order_file_name(&detail.work_order.number, lang)
    );
    write_atomically(&data_dir.join(&file_name), &pdf)?;
    let sha256 = hex::encode(Sha256::digest(&pdf));
    let new = NewArchivedForm {
        work_order: id,
        form: "work-order",
        lang,
        file_name: &file_name,
        sha256: &sha256,
    };
    store.record_archived_form(&new, now)
}

/// What signing returns: the job, and the archived form when the customer signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SignOutcome {
    pub detail: WorkOrderDetail,
    pub archived: Option<ArchivedForm>,
}

/// Signs the work order; the customer's signature also archives the signed form in the
/// customer's language.
pub fn sign_and_archive(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    id: WorkOrderId,
    input: &SignatureInput,
    now: NaiveDateTime,
) -> Result<SignOutcome> {
    let detail = store.sign_work_order(data_dir, id, input, now)?;
    if input.role != SignatureRole::Customer {
        return Ok(SignOutcome {
            detail,
            archived: None,
        });
    }
    let lang = match store.get_settings()?.form_language {
        Some(lang) => lang,
        None => store
            .get_customer(detail.work_order.customer_id)?
            .preferred_language
            .into(),
    };
    let archived = archive_signed_form(store, data_dir, fonts, id, lang, now)?;
    Ok(SignOutcome {
        detail,
        archived: Some(archived),
    })
}
