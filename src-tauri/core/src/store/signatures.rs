//! SQL of `signatures`: each signature with its strokes, PNG hash and fingerprint, and
//! for the customer's on the intake the frozen snapshot and its SHA-256. Signing itself
//! (checks, freezing, the ten-minute rule, the PNG file) is [`crate::desk::sign`].
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::domain::intake::SignatureRole;
use crate::domain::signature::{code_of, fingerprint, from_code, SignatureMeta};
use crate::error::Result;
use crate::ids::{AmendmentId, SignatureId, WorkOrderId};
use crate::store::{parse_column, Store};

fn from_row(row: &Row<'_>) -> rusqlite::Result<SignatureMeta> {
    let role: String = row.get(1)?;
    Ok(SignatureMeta {
        id: row.get(0)?,
        role: parse_column(1, &role, from_code)?,
        signer_name: row.get(2)?,
        signed_at: row.get(3)?,
        fingerprint: row.get(4)?,
        amendment_id: row.get(5)?,
    })
}

/// The signatures on the work order itself, in signing order.
pub(crate) fn for_work_order(conn: &Connection, id: WorkOrderId) -> Result<Vec<SignatureMeta>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, role, signer_name, signed_at, fingerprint, amendment_id FROM signatures
         WHERE work_order_id = ?1 AND amendment_id IS NULL ORDER BY id",
    )?;
    let rows = stmt
        .query_map([id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub(crate) fn for_amendment(conn: &Connection, id: AmendmentId) -> Result<Option<SignatureMeta>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, role, signer_name, signed_at, fingerprint, amendment_id FROM signatures
         WHERE amendment_id = ?1",
    )?;
    Ok(stmt.query_row([id], from_row).optional()?)
}

/// The frozen snapshot JSON and its hash, once the customer signed the intake.
pub(crate) fn intake_record(
    conn: &Connection,
    id: WorkOrderId,
) -> Result<Option<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT snapshot_json, snapshot_hash FROM signatures
         WHERE work_order_id = ?1 AND role = 'customer' AND amendment_id IS NULL
           AND snapshot_json IS NOT NULL",
    )?;
    Ok(stmt
        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?)
}

/// One stored signature with everything needed to recompute its fingerprint.
pub(crate) struct SignatureProof {
    pub meta: SignatureMeta,
    pub png_sha256: String,
    pub signed_content: Option<String>,
}

/// Every signature of the job (on the work order and on its amendments), in order.
pub(crate) fn proofs(conn: &Connection, id: WorkOrderId) -> Result<Vec<SignatureProof>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, role, signer_name, signed_at, fingerprint, amendment_id, png_sha256,
                signed_content
         FROM signatures WHERE work_order_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([id], |row| {
            Ok(SignatureProof {
                meta: from_row(row)?,
                png_sha256: row.get(6)?,
                signed_content: row.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Whether the stored fingerprint is the one recomputed over `content`.
pub(crate) fn fingerprint_holds(proof: &SignatureProof, content: &str) -> bool {
    let meta = &proof.meta;
    fingerprint(
        content,
        meta.role,
        &meta.signer_name,
        meta.signed_at,
        &proof.png_sha256,
    ) == meta.fingerprint
}

/// The PNG file's hash of a signature.
pub(crate) fn png_hash(conn: &Connection, id: SignatureId) -> Result<String> {
    let mut stmt = conn.prepare_cached("SELECT png_sha256 FROM signatures WHERE id = ?1")?;
    crate::store::found(stmt.query_row([id], |row| row.get(0)), "signature")
}

/// One signature row as written.
pub(crate) struct SignatureRow<'a> {
    pub work_order: WorkOrderId,
    pub amendment: Option<AmendmentId>,
    pub role: SignatureRole,
    pub signer_name: &'a str,
    pub signed_at: NaiveDateTime,
    pub strokes_json: &'a str,
    pub png_sha256: &'a str,
    pub fingerprint: &'a str,
    /// The frozen snapshot JSON and its hash (the customer's signature on the intake).
    pub snapshot: Option<(&'a str, &'a str)>,
    /// What was signed: the intake hash, or the amendment's text.
    pub content: &'a str,
}

pub(crate) fn insert(conn: &Connection, row: &SignatureRow<'_>) -> Result<SignatureId> {
    conn.prepare_cached(
        "INSERT INTO signatures (work_order_id, amendment_id, role, signer_name, signed_at,
                                 strokes, png_sha256, fingerprint, snapshot_json, snapshot_hash,
                                 signed_content)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        row.work_order,
        row.amendment,
        code_of(&row.role),
        row.signer_name,
        row.signed_at,
        row.strokes_json,
        row.png_sha256,
        row.fingerprint,
        row.snapshot.map(|s| s.0),
        row.snapshot.map(|s| s.1),
        row.content
    ])?;
    Ok(SignatureId(conn.last_insert_rowid()))
}

/// Freezes the intake and checks the job in (the customer has signed it).
pub(crate) fn freeze_intake(conn: &Connection, id: WorkOrderId, now: NaiveDateTime) -> Result<()> {
    conn.prepare_cached(
        "UPDATE work_orders SET frozen_at = ?2, status = 'checked_in', updated_at = ?2
         WHERE id = ?1",
    )?
    .execute(params![id, now])?;
    Ok(())
}

impl Store {
    /// The work order's own signatures with their PNG hashes, for the printed form.
    pub(crate) fn signatures_for_print(
        &self,
        id: WorkOrderId,
    ) -> Result<Vec<(SignatureMeta, String)>> {
        self.with_conn(|conn| {
            let mut out = Vec::new();
            for meta in for_work_order(conn, id)? {
                let hash = png_hash(conn, meta.id)?;
                out.push((meta, hash));
            }
            Ok(out)
        })
    }
}
