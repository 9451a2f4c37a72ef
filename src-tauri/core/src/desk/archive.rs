//! The signed originals kept in the data folder: when the customer signs the intake, the
//! work order is written once to `<data_dir>/forms/<number>-work-order-<lang>.pdf`, its
//! SHA-256 kept with its row, so the desk can always show (and prove) the very form that
//! was signed. Every later rendering is a COPY in `print/`.
use crate::reason::Reason;
use std::path::Path;

use crate::desk::print::work_order::{
    plan_printing, render_pdf, work_order_file_name, PrintPlan, Printing, SignaturesShown,
};
pub use crate::domain::intake::{ArchivedForm, ArchivedFormFile};
use crate::error::{CoreError, Result};
use crate::files::{file_hash, sha256_hex, write_once};
use crate::forms::{FormFonts, FormLang};
use crate::ids::WorkOrderId;
use crate::intake::{SignatureInput, SignatureRole, WorkOrderDetail};
use crate::store::form_archive::{NewArchivedForm, WORK_ORDER_FORM};
use crate::store::Store;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// The job's archived forms with their full paths.
pub fn archived_form_files(
    store: &Store,
    data_dir: &Path,
    id: WorkOrderId,
) -> Result<Vec<ArchivedFormFile>> {
    // A name on record that is not a plain path inside the data folder (a crafted
    // database) is refused here, before the viewer could be sent anywhere.
    store
        .list_archived_forms(id)?
        .into_iter()
        .map(|form| {
            Ok(ArchivedFormFile {
                path: crate::files::stored_path(data_dir, &form.file_name)?
                    .display()
                    .to_string(),
                form,
            })
        })
        .collect()
}

/// Writes the signed original of the work order to `<data_dir>/forms/` and lists it on
/// the job, once: in the language frozen with the intake, with the signatures made up to
/// the customer's, dated at the signing. Called again (a retry after a failed write) it
/// returns the original already archived, or writes the one still missing. The file is
/// never overwritten: a file left under the name by an earlier attempt is kept when it is
/// the same PDF, and the original takes a name of its own when it is not.
pub fn archive_signed_form(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    id: WorkOrderId,
    now: NaiveDateTime,
) -> Result<ArchivedForm> {
    let detail = store.get_work_order(id)?;
    let Some(signed_at) = detail.work_order.frozen_at else {
        return Err(CoreError::conflict(Reason::IntakeNotFrozen));
    };
    if let Some(original) = store.original_form(id)? {
        return Ok(original);
    }
    let plan = PrintPlan {
        lang: plan_printing(store, id, None)?.lang,
        copy: false,
    };
    let printing = Printing {
        shown: SignaturesShown::UpToCustomer,
        plan,
        created_at: signed_at,
        now,
    };
    let pdf = render_pdf(store, data_dir, fonts, id, &printing)?;
    let base = work_order_file_name(&detail.work_order.number, plan.lang);
    let original = Original {
        id,
        form: WORK_ORDER_FORM,
        lang: plan.lang,
        base: &base,
    };
    keep_original(store, data_dir, &original, &pdf, now)
}

/// A rendered original to keep: the job, the archive row's `form`, the language, and the
/// file name under `forms/` (`<number>-<form>-<lang>.pdf`).
pub struct Original<'a> {
    pub id: WorkOrderId,
    pub form: &'a str,
    pub lang: FormLang,
    pub base: &'a str,
}

/// Writes a rendered original once to `<data_dir>/forms/<base>` and lists it on the job:
/// the one path every archived form (work order, estimate, additional-items slip,
/// settlement) is kept through. The file is never overwritten: a file left under the
/// name by an earlier attempt is kept when it is the same PDF, and the original takes a
/// name of its own (`…-<sha8>.pdf`) when it is not.
pub fn keep_original(
    store: &Store,
    data_dir: &Path,
    original: &Original,
    pdf: &[u8],
    now: NaiveDateTime,
) -> Result<ArchivedForm> {
    let (file_name, sha256) = write_original(data_dir, original.base, pdf)?;
    let new = NewArchivedForm {
        work_order: original.id,
        form: original.form,
        lang: original.lang,
        file_name: &file_name,
        sha256: &sha256,
    };
    store.record_archived_form(&new, now)
}

/// Writes `pdf` once to `<data_dir>/forms/<base>`, before its row is recorded, and
/// returns the name it was written under (relative to the data folder) and its SHA-256.
/// A file left under the name by an earlier attempt is kept when it is the same PDF; a
/// different one is never overwritten, and the PDF takes a name of its own
/// (`…-<sha8>.pdf`). Every signed form's archive goes through here.
pub fn write_original(data_dir: &Path, base: &str, pdf: &[u8]) -> Result<(String, String)> {
    let sha256 = sha256_hex(pdf);
    let mut file_name = format!("forms/{base}");
    match file_hash(&data_dir.join(&file_name))? {
        None => write_once(&data_dir.join(&file_name), pdf)?,
        Some(found) if found == sha256 => {}
        Some(_) => {
            file_name = format!(
                "forms/{}-{}.pdf",
                base.trim_end_matches(".pdf"),
                &sha256[..8]
            );
            write_once(&data_dir.join(&file_name), pdf)?;
        }
    }
    Ok((file_name, sha256))
}

/// Why the archive that followed a signature or an approval was not written, for the
/// outcome the window shows: the reason of a refusal, `archive.failed` for a storage or
/// form error (whose detail goes to the log, as every storage error's does). The
/// signature or approval stands; the job without its archived PDF is the record that
/// the next printing (or the intake's retry) archives it.
pub fn archive_failure(what: &str, id: impl std::fmt::Debug, e: &CoreError) -> Reason {
    match e {
        CoreError::Conflict { code } | CoreError::Locked { code } => *code,
        CoreError::Invalid(issues) if !issues.is_empty() => issues[0].code,
        _ => {
            eprintln!("garage-core: {what} of {id:?} stands, but its PDF was not archived: {e}");
            Reason::ArchiveFailed
        }
    }
}

/// What signing returns: the job, and the archived original when the customer signed.
/// The signature stands even when the archive could not be written (a full disk):
/// `archive_failed` says why and `detail.archive_pending` keeps the retry on screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SignOutcome {
    pub detail: WorkOrderDetail,
    pub archived: Option<ArchivedForm>,
    pub archive_failed: Option<Reason>,
}

/// Signs the work order; the customer's signature also archives the signed original.
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
            archive_failed: None,
        });
    }
    match archive_signed_form(store, data_dir, fonts, id, now) {
        Ok(archived) => Ok(SignOutcome {
            detail: store.get_work_order(id)?,
            archived: Some(archived),
            archive_failed: None,
        }),
        Err(e) => Ok(SignOutcome {
            archive_failed: Some(archive_failure("the signature", id, &e)),
            detail: store.get_work_order(id)?,
            archived: None,
        }),
    }
}
