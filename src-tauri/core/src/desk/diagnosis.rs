//! The diagnosis report of a job: saving it while the technician works it out, and the
//! technician signing it on the pad (then it no longer changes): the signature is bound
//! by its fingerprint to the hash of the report as signed. The complaint comes from the
//! job, in the customer's words, and is never copied or rewritten here. The signed PDF
//! is archived by `desk::print::diagnosis`.
use std::path::Path;

use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::domain::diagnosis::DiagnosisInput;
use crate::error::{CoreError, Result};
use crate::ids::WorkOrderId;
use crate::intake::signature::clean_signature;
use crate::intake::SignatureInput;
use crate::reason::Reason;
use crate::store::diagnoses::{self, SignatureRow};
use crate::store::form_archive::{self, DIAGNOSIS_FORM};
use crate::store::{work_orders, Store};
use crate::work_order::WorkOrderStatus;
use crate::workshop::diagnosis::{check_diagnosis, clean_diagnosis, sign_blockers, DiagnosisView};
use crate::workshop::diagnosis::{report_sha256, technician_fingerprint};

/// The Diagnosis panel as it stands.
fn view(conn: &Connection, id: WorkOrderId) -> Result<DiagnosisView> {
    let job = work_orders::load(conn, id)?;
    let diagnosis = diagnoses::load(conn, id)?;
    let open = job.status != WorkOrderStatus::Cancelled;
    let signed = diagnosis.as_ref().is_some_and(|d| d.signature.is_some());
    let sign_blockers = match &diagnosis {
        Some(d) if d.signature.is_none() => sign_blockers(d),
        _ => Vec::new(),
    };
    Ok(DiagnosisView {
        work_order_id: id,
        number: job.number,
        complaint: job.details.complaint,
        can_print: diagnosis.is_some(),
        diagnosis,
        editable: open && !signed,
        sign_blockers,
        archived: form_archive::original(conn, id, DIAGNOSIS_FORM)?,
        archive_failed: None,
    })
}

/// Refuses a change to the report of a cancelled job or a signed report.
fn check_editable(conn: &Connection, id: WorkOrderId) -> Result<()> {
    let job = work_orders::load(conn, id)?;
    if job.status == WorkOrderStatus::Cancelled {
        return Err(CoreError::conflict(Reason::WorkOrderCancelled));
    }
    if diagnoses::load(conn, id)?.is_some_and(|d| d.signature.is_some()) {
        return Err(CoreError::conflict(Reason::DiagnosisSigned));
    }
    Ok(())
}

impl Store {
    /// Job `id`'s Diagnosis panel.
    pub fn diagnosis(&self, id: WorkOrderId) -> Result<DiagnosisView> {
        self.with_conn(|conn| view(conn, id))
    }

    /// Saves the whole report; refused with every field issue at once, or when the
    /// report is signed.
    pub fn save_diagnosis(
        &self,
        id: WorkOrderId,
        input: &DiagnosisInput,
        now: NaiveDateTime,
    ) -> Result<DiagnosisView> {
        let issues = check_diagnosis(input);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        let clean = clean_diagnosis(input);
        self.with_tx(|tx| {
            check_editable(tx, id)?;
            diagnoses::save(tx, id, &clean, now)?;
            view(tx, id)
        })
    }

    /// The technician signs the saved report on the pad: their name becomes the
    /// report's technician, the PNG is kept under its hash (written before the commit),
    /// the fingerprint binds the signature to the report's hash, and the report is
    /// closed. [`crate::desk::print::diagnosis::sign_and_archive_diagnosis`] also
    /// archives the signed PDF.
    /// The pad's `role` plays no part here. Refused while [`DiagnosisView`] lists sign
    /// blockers.
    pub fn sign_diagnosis(
        &self,
        data_dir: &Path,
        id: WorkOrderId,
        input: &SignatureInput,
        now: NaiveDateTime,
    ) -> Result<DiagnosisView> {
        let clean = clean_signature(input)?;
        self.with_tx(|tx| {
            check_editable(tx, id)?;
            let Some(mut report) = diagnoses::load(tx, id)? else {
                return Err(CoreError::conflict(Reason::DiagnosisNone));
            };
            report.technician = clean.signer_name.clone();
            let blockers = sign_blockers(&report);
            if !blockers.is_empty() {
                return Err(CoreError::Invalid(blockers));
            }
            let report_sha256 = report_sha256(&report)?;
            let fingerprint =
                technician_fingerprint(&report_sha256, &clean.signer_name, now, &clean.png_sha256);
            crate::files::signatures::save_signature_png(data_dir, &clean.png_sha256, &clean.png)?;
            let row = SignatureRow {
                signer_name: &clean.signer_name,
                signed_at: now,
                png_sha256: &clean.png_sha256,
                strokes_json: &clean.strokes_json,
                report_sha256: &report_sha256,
                fingerprint: &fingerprint,
            };
            diagnoses::sign(tx, id, &row)?;
            view(tx, id)
        })
    }
}
