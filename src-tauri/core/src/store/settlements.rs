//! SQL of `settlements`: the job's draft, its signed and frozen form (number, snapshot,
//! hash, signature) and the reopened ones kept as they were. The settlement's life —
//! checks, discount limit, signing, reopening — is [`crate::desk::settle`].
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

pub use crate::domain::settlement::SettlementSignInput;
use crate::domain::settlement::{OldPartChoice, SettlementSnapshot, SettlementStatus};
use crate::error::{CoreError, Result};
use crate::ids::{ApprovalId, SettlementId, WorkOrderId};
use crate::reason::Reason;
use crate::store::numbering::Issued;
use crate::store::parse_column;

pub(crate) struct Head {
    pub(crate) id: SettlementId,
    pub(crate) status: SettlementStatus,
    pub(crate) number: Option<String>,
    pub(crate) total_discount_minor: i64,
    pub(crate) discount_approval_id: Option<ApprovalId>,
    pub(crate) odometer_out: Option<i64>,
    pub(crate) old_parts: Vec<OldPartChoice>,
    pub(crate) snapshot: Option<String>,
    pub(crate) snapshot_sha256: Option<String>,
    pub(crate) signer_name: Option<String>,
    pub(crate) signed_at: Option<NaiveDateTime>,
    pub(crate) png_sha256: Option<String>,
    pub(crate) fingerprint: Option<String>,
}

const HEAD_COLUMNS: &str = "id, status, number, total_discount_minor, discount_approval_id,
     odometer_out, old_parts, snapshot, snapshot_sha256, signer_name, signed_at, png_sha256,
     fingerprint";

fn head_from_row(row: &Row<'_>) -> rusqlite::Result<Head> {
    let status: String = row.get(1)?;
    let old_parts: String = row.get(6)?;
    Ok(Head {
        id: row.get(0)?,
        status: parse_column(1, &status, SettlementStatus::parse)?,
        number: row.get(2)?,
        total_discount_minor: row.get(3)?,
        discount_approval_id: row.get(4)?,
        odometer_out: row.get(5)?,
        old_parts: serde_json::from_str(&old_parts).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(6, rusqlite::types::Type::Text, Box::new(e))
        })?,
        snapshot: row.get(7)?,
        snapshot_sha256: row.get(8)?,
        signer_name: row.get(9)?,
        signed_at: row.get(10)?,
        png_sha256: row.get(11)?,
        fingerprint: row.get(12)?,
    })
}

/// The job's live settlement (draft or signed), not a reopened one.
pub(crate) fn current(conn: &Connection, wo: WorkOrderId) -> Result<Option<Head>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {HEAD_COLUMNS} FROM settlements
         WHERE work_order_id = ?1 AND status <> 'reopened' ORDER BY id DESC LIMIT 1"
    ))?;
    Ok(stmt.query_row([wo], head_from_row).optional()?)
}

/// The signed settlement of a job, refused when there is none.
pub(crate) fn signed(conn: &Connection, wo: WorkOrderId) -> Result<(Head, SettlementSnapshot)> {
    let head = current(conn, wo)?.filter(|h| h.status == SettlementStatus::Signed);
    with_snapshot(head)
}

/// The job's settlement numbered `number` as it was signed, also once reopened: a
/// credit note prints against the settlement it corrected.
pub(crate) fn signed_numbered(
    conn: &Connection,
    wo: WorkOrderId,
    number: &str,
) -> Result<(Head, SettlementSnapshot)> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {HEAD_COLUMNS} FROM settlements
         WHERE work_order_id = ?1 AND number = ?2 AND snapshot IS NOT NULL"
    ))?;
    let head = stmt
        .query_row(params![wo, number], head_from_row)
        .optional()?;
    with_snapshot(head)
}

fn with_snapshot(head: Option<Head>) -> Result<(Head, SettlementSnapshot)> {
    let head = head.ok_or(CoreError::conflict(Reason::SettlementNotSigned))?;
    let json = head.snapshot.as_deref().unwrap_or_default();
    let snapshot = SettlementSnapshot::from_json(json)?;
    Ok((head, snapshot))
}

/// Opens an empty draft for the job.
pub(crate) fn insert_draft(conn: &Connection, wo: WorkOrderId, now: NaiveDateTime) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO settlements (work_order_id, status, created_at, updated_at)
         VALUES (?1, 'draft', ?2, ?2)",
    )?
    .execute(params![wo, now])?;
    Ok(())
}

/// The cashier's part of a draft.
pub(crate) fn save_draft(
    conn: &Connection,
    id: SettlementId,
    total_discount_minor: i64,
    approval: Option<ApprovalId>,
    odometer_out: Option<i64>,
    old_parts: &[OldPartChoice],
    now: NaiveDateTime,
) -> Result<()> {
    let old_parts = serde_json::to_string(old_parts)
        .map_err(|_| CoreError::invalid("oldParts", Reason::ListTooLong))?;
    conn.prepare_cached(
        "UPDATE settlements SET total_discount_minor = ?2, discount_approval_id = ?3,
                odometer_out = ?4, old_parts = ?5, updated_at = ?6
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        total_discount_minor,
        approval,
        odometer_out,
        old_parts,
        now
    ])?;
    Ok(())
}

/// What a signed settlement row keeps.
pub(crate) struct SignedRow<'a> {
    pub issued: &'a Issued,
    pub labour_minor: i64,
    pub parts_minor: i64,
    pub other_minor: i64,
    /// The outside work within `other_minor`.
    pub outside_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    pub snapshot_json: &'a str,
    pub snapshot_sha256: &'a str,
    pub signer_name: &'a str,
    pub strokes_json: &'a str,
    pub png_sha256: &'a str,
    pub fingerprint: &'a str,
    pub odometer_out: i64,
}

/// Numbers, freezes and signs the draft `id`.
pub(crate) fn mark_signed(
    conn: &Connection,
    id: SettlementId,
    row: &SignedRow<'_>,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE settlements SET status = 'signed', number = ?2, year = ?3, seq = ?4,
                labour_minor = ?5, parts_minor = ?6, other_minor = ?7, tax_minor = ?8,
                total_minor = ?9, snapshot = ?10, snapshot_sha256 = ?11,
                signer_name = ?12, signed_at = ?13, strokes = ?14, png_sha256 = ?15,
                fingerprint = ?16, odometer_out = ?17, outside_minor = ?18, updated_at = ?13
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        row.issued.number,
        row.issued.year,
        row.issued.seq,
        row.labour_minor,
        row.parts_minor,
        row.other_minor,
        row.tax_minor,
        row.total_minor,
        row.snapshot_json,
        row.snapshot_sha256,
        row.signer_name,
        now,
        row.strokes_json,
        row.png_sha256,
        row.fingerprint,
        row.odometer_out,
        row.outside_minor
    ])?;
    Ok(())
}

/// Marks the signed settlement `id` reopened with the supervisor's approval.
pub(crate) fn mark_reopened(
    conn: &Connection,
    id: SettlementId,
    approval: ApprovalId,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE settlements SET status = 'reopened', reopened_at = ?2,
                reopen_approval_id = ?3, updated_at = ?2
         WHERE id = ?1",
    )?
    .execute(params![id, now, approval])?;
    Ok(())
}

/// Whether the job has an exit notice.
pub(crate) fn has_exit_notice(conn: &Connection, wo: WorkOrderId) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM exit_notices WHERE work_order_id = ?1")?
        .exists([wo])?)
}
