//! SQL of `appointment_agreements`: how the customer agreed an appointment slip (signed or
//! by a recorded call), and the slip archived at the agreement.
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::domain::appointment::AppointmentAgreement;
use crate::domain::pricing::ApprovalChannel;
use crate::error::Result;
use crate::ids::AppointmentId;
use crate::store::parse_column;

fn from_row(row: &Row<'_>) -> rusqlite::Result<(i64, AppointmentAgreement)> {
    let channel: String = row.get(1)?;
    Ok((
        row.get(0)?,
        AppointmentAgreement {
            channel: parse_column(1, &channel, ApprovalChannel::parse)?,
            agreed_by: row.get(2)?,
            recorded_by: row.get(3)?,
            at: row.get(4)?,
            signature_sha256: row.get(5)?,
            call_note: row.get(6)?,
            fingerprint: row.get(7)?,
            slip_file_name: row.get(8)?,
        },
    ))
}

/// The latest agreement of the appointment, with its row id.
pub(crate) fn latest(
    conn: &Connection,
    id: AppointmentId,
) -> Result<Option<(i64, AppointmentAgreement)>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, channel, agreed_by, recorded_by, at, signature_sha256, call_note,
                    fingerprint, slip_file_name
             FROM appointment_agreements WHERE appointment_id = ?1
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row([id], from_row)
        .optional()?)
}

/// Records an agreement.
pub(crate) fn insert(
    conn: &Connection,
    id: AppointmentId,
    agreement: &AppointmentAgreement,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO appointment_agreements
             (appointment_id, channel, agreed_by, recorded_by, at, signature_sha256,
              call_note, fingerprint)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id,
        agreement.channel.as_str(),
        agreement.agreed_by,
        agreement.recorded_by,
        agreement.at,
        agreement.signature_sha256,
        agreement.call_note,
        agreement.fingerprint
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Records the slip archived for agreement `row`, once: a row already archived keeps
/// its file (returns `false`).
pub(crate) fn record_slip(
    conn: &Connection,
    row: i64,
    lang: &str,
    file_name: &str,
    sha256: &str,
) -> Result<bool> {
    let changed = conn
        .prepare_cached(
            "UPDATE appointment_agreements
             SET slip_lang = ?2, slip_file_name = ?3, slip_sha256 = ?4
             WHERE id = ?1 AND slip_file_name IS NULL",
        )?
        .execute(params![row, lang, file_name, sha256])?;
    Ok(changed == 1)
}

/// The appointment's id by its printed number.
pub(crate) fn find_number(conn: &Connection, number: &str) -> Result<Option<AppointmentId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM appointments WHERE number = ?1")?
        .query_row([number.trim()], |r| r.get(0))
        .optional()?)
}
