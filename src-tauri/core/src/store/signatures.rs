//! SQL of `signatures`, and signing: the customer's signature freezes the intake (its
//! snapshot and SHA-256 are stored with it) and checks the job in; the workshop
//! receiver's takes the car into the workshop at a time rounded to ten minutes.
use crate::reason::Reason;
use std::path::Path;

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{CoreError, Result};
use crate::files::signatures::read_png;
use crate::ids::{AmendmentId, SignatureId, WorkOrderId};
use crate::intake::signature::{
    clean_signature, fingerprint, round_to_ten_minutes, CleanSignature,
};
use crate::intake::snapshot::hash_json;
use crate::intake::{check_ready_to_sign, from_code, refuse, SignatureInput, SignatureMeta};
use crate::intake::{code_of, SignatureRole, WorkOrderDetail};
use crate::store::{intake, parse_column, work_orders, Store};
use crate::work_order::{WorkOrder, WorkOrderStatus};

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

pub(crate) struct NewSignature<'a> {
    pub work_order: WorkOrderId,
    pub amendment: Option<AmendmentId>,
    pub clean: &'a CleanSignature,
    pub signed_at: NaiveDateTime,
    /// What was signed: the intake hash, or the amendment's text.
    pub content: &'a str,
    pub snapshot: Option<(&'a str, &'a str)>,
}

pub(crate) fn insert(conn: &Connection, new: &NewSignature<'_>) -> Result<SignatureId> {
    let clean = new.clean;
    let print = fingerprint(
        new.content,
        clean.role,
        &clean.signer_name,
        new.signed_at,
        &clean.png_sha256,
    );
    conn.prepare_cached(
        "INSERT INTO signatures (work_order_id, amendment_id, role, signer_name, signed_at,
                                 strokes, png_sha256, fingerprint, snapshot_json, snapshot_hash,
                                 signed_content)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        new.work_order,
        new.amendment,
        code_of(&clean.role),
        clean.signer_name,
        new.signed_at,
        clean.strokes_json,
        clean.png_sha256,
        print,
        new.snapshot.map(|s| s.0),
        new.snapshot.map(|s| s.1),
        new.content
    ])?;
    Ok(SignatureId(conn.last_insert_rowid()))
}

fn already_signed(conn: &Connection, id: WorkOrderId, role: SignatureRole) -> Result<bool> {
    Ok(for_work_order(conn, id)?.iter().any(|s| s.role == role))
}

/// The customer signs the intake: everything must be on record, the odometer rule holds,
/// what was shown (`shown_hash`, when the signature comes from a screen) is still the
/// draft, then the snapshot is frozen, the reading filed and the job checked in.
pub(crate) fn sign_intake(
    conn: &Connection,
    work_order: &WorkOrder,
    clean: &CleanSignature,
    shown_hash: Option<&str>,
    now: NaiveDateTime,
) -> Result<()> {
    let live = intake::load_intake(conn, work_order.id)?;
    refuse(check_ready_to_sign(work_order, &live))?;
    if let Some(reading) = &live.dashboard.odometer {
        intake::check_odometer(conn, work_order, reading)?;
    }
    let json = intake::live_snapshot(conn, work_order)?.to_json()?;
    let hash = hash_json(&json);
    if shown_hash.is_some_and(|shown| shown != hash) {
        return Err(CoreError::conflict(Reason::IntakeChangedSinceShown));
    }
    if let Some(reading) = &live.dashboard.odometer {
        intake::file_odometer(conn, work_order, reading, now)?;
    }
    insert(
        conn,
        &NewSignature {
            work_order: work_order.id,
            amendment: None,
            clean,
            signed_at: now,
            content: &hash,
            snapshot: Some((&json, &hash)),
        },
    )?;
    conn.prepare_cached(
        "UPDATE work_orders SET frozen_at = ?2, status = 'checked_in', updated_at = ?2
         WHERE id = ?1",
    )?
    .execute(params![work_order.id, now])?;
    Ok(())
}

/// The hash an advisor's or workshop signature binds to: the frozen intake, or the
/// draft as it stands when the advisor signs before the customer.
pub(crate) fn content_hash(conn: &Connection, work_order: &WorkOrder) -> Result<String> {
    match intake_record(conn, work_order.id)? {
        Some((_, hash)) => Ok(hash),
        None => Ok(hash_json(
            &intake::live_snapshot(conn, work_order)?.to_json()?,
        )),
    }
}

impl Store {
    /// Signs the work order in `input.role` (once per role). The PNG is kept under
    /// `<data_dir>/signatures/<sha256>.png`, the strokes as JSON. The customer's
    /// signature must carry the `draftHash` it was shown (see [`SignatureInput`]).
    pub fn sign_work_order(
        &self,
        data_dir: &Path,
        id: WorkOrderId,
        input: &SignatureInput,
        now: NaiveDateTime,
    ) -> Result<WorkOrderDetail> {
        let clean = clean_signature(input)?;
        crate::files::signatures::save_signature_png(data_dir, &clean.png_sha256, &clean.png)?;
        self.with_tx(|tx| {
            let work_order = work_orders::load(tx, id)?;
            if work_order.status == WorkOrderStatus::Cancelled {
                return Err(CoreError::conflict(Reason::WorkOrderCancelled));
            }
            if already_signed(tx, id, clean.role)? {
                return Err(CoreError::conflict(Reason::SignatureAlreadySigned));
            }
            match clean.role {
                SignatureRole::Customer => {
                    // A screen must say what it showed; nothing shown matches nothing.
                    let shown = input.shown_hash.as_deref().unwrap_or("");
                    sign_intake(tx, &work_order, &clean, Some(shown), now)
                }
                SignatureRole::WorkshopReceiver => {
                    if work_order.status != WorkOrderStatus::CheckedIn {
                        return Err(CoreError::conflict(Reason::StatusNeedsCustomerSignature));
                    }
                    let content = content_hash(tx, &work_order)?;
                    let signed_at = round_to_ten_minutes(now);
                    insert(
                        tx,
                        &NewSignature {
                            work_order: id,
                            amendment: None,
                            clean: &clean,
                            signed_at,
                            content: &content,
                            snapshot: None,
                        },
                    )?;
                    work_orders::set_status(tx, id, WorkOrderStatus::InWorkshop, now)
                }
                SignatureRole::Advisor => {
                    let content = content_hash(tx, &work_order)?;
                    let new = NewSignature {
                        work_order: id,
                        amendment: None,
                        clean: &clean,
                        signed_at: now,
                        content: &content,
                        snapshot: None,
                    };
                    insert(tx, &new).map(|_| ())
                }
            }
        })?;
        self.get_work_order(id)
    }

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

    /// The signature's PNG as a `data:` URL, for showing it on screen.
    pub fn signature_data_url(&self, data_dir: &Path, id: SignatureId) -> Result<String> {
        use base64::Engine;
        let hash = self.with_conn(|conn| png_hash(conn, id))?;
        let png = read_png(data_dir, &hash)?;
        let body = base64::engine::general_purpose::STANDARD.encode(png);
        Ok(format!("data:image/png;base64,{body}"))
    }
}
