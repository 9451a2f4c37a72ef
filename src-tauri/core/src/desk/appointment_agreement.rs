//! Agreeing the appointment slip: the customer signs it on the pad, or agrees by phone
//! with the call recorded — like an estimate's approval. The agreement is written with
//! the fingerprint of the booking as it stands; the slip prints it while the booking is
//! unchanged, and a booking changed since is agreed again.
use std::path::Path;

use chrono::NaiveDateTime;

use crate::booking::agreement::{check_agreement, slip_fingerprint};
use crate::domain::appointment::{AgreementInput, AppointmentAgreement};
use crate::error::{CoreError, Result};
use crate::ids::AppointmentId;
use crate::intake::signature::clean_signature;
use crate::reason::Reason;
use crate::store::{appointment_agreements, appointments, Store};

/// The agreement that holds for the booking as it stands, with its row: the latest one,
/// when its fingerprint is the booking's.
pub(crate) fn standing(
    conn: &rusqlite::Connection,
    id: AppointmentId,
) -> Result<Option<(i64, AppointmentAgreement)>> {
    let a = appointments::load(conn, id)?;
    let fingerprint = slip_fingerprint(&a);
    Ok(appointment_agreements::latest(conn, id)?.filter(|(_, g)| g.fingerprint == fingerprint))
}

impl Store {
    /// The appointment printed as `number` (`APPT-2026-00012`).
    pub fn find_appointment(&self, number: &str) -> Result<AppointmentId> {
        self.with_conn(|conn| appointment_agreements::find_number(conn, number))?
            .ok_or(CoreError::NotFound {
                what: "appointment",
            })
    }

    /// How the customer agreed the booking as it stands; `None` before, or once the
    /// booking changed after the agreement.
    pub fn appointment_agreement(&self, id: AppointmentId) -> Result<Option<AppointmentAgreement>> {
        self.with_conn(|conn| Ok(standing(conn, id)?.map(|(_, g)| g)))
    }

    /// Records the customer's agreement to an open booking: signed (the pad's PNG kept
    /// by its SHA-256 in the data folder) or by a recorded call. Refused when the booking
    /// as it stands is already agreed (`signature.already_signed`).
    pub fn agree_appointment(
        &self,
        data_dir: &Path,
        id: AppointmentId,
        input: &AgreementInput,
        now: NaiveDateTime,
    ) -> Result<AppointmentAgreement> {
        let issues = check_agreement(input);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        let signature = input.signature.as_ref().map(clean_signature).transpose()?;
        if let Some(clean) = &signature {
            crate::files::signatures::save_signature_png(data_dir, &clean.png_sha256, &clean.png)?;
        }
        self.with_tx(|tx| {
            let a = appointments::load(tx, id)?;
            if !a.status.is_open() {
                return Err(CoreError::conflict(Reason::AppointmentNotOpen));
            }
            if standing(tx, id)?.is_some() {
                return Err(CoreError::conflict(Reason::SignatureAlreadySigned));
            }
            let agreement = AppointmentAgreement {
                channel: input.channel,
                agreed_by: input.agreed_by.trim().to_string(),
                recorded_by: input.recorded_by.trim().to_string(),
                at: now,
                signature_sha256: signature.as_ref().map(|s| s.png_sha256.clone()),
                call_note: input.call_note.trim().to_string(),
                fingerprint: slip_fingerprint(&a),
                slip_file_name: None,
            };
            appointment_agreements::insert(tx, id, &agreement)?;
            Ok(agreement)
        })
    }

    /// Records the slip archived for the agreement standing on `id`, once; `false` when
    /// that agreement's slip was archived before (or none stands).
    pub(crate) fn record_agreed_slip(
        &self,
        id: AppointmentId,
        lang: &str,
        file_name: &str,
        sha256: &str,
    ) -> Result<bool> {
        self.with_tx(|tx| match standing(tx, id)? {
            Some((row, _)) => appointment_agreements::record_slip(tx, row, lang, file_name, sha256),
            None => Ok(false),
        })
    }
}
