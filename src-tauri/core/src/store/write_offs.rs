//! SQL of `write_offs`: what the supervisor wrote off of a signed settlement's debt (坏账),
//! and what that settlement still owes. Whether a write-off may be made is decided in
//! `desk::figures`.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::domain::figures::WriteOff;
use crate::error::Result;
use crate::ids::{SettlementId, WorkOrderId};

fn from_row(row: &Row<'_>) -> rusqlite::Result<WriteOff> {
    Ok(WriteOff {
        id: row.get(0)?,
        work_order_id: row.get(1)?,
        amount_minor: row.get(2)?,
        reason: row.get(3)?,
        approved_by: row.get(4)?,
        written_at: row.get(5)?,
    })
}

/// The job's signed settlement and what it still owes (billed less credit notes,
/// payments and write-offs), `None` when the job has no signed settlement.
pub(crate) fn owed_on(conn: &Connection, wo: WorkOrderId) -> Result<Option<(SettlementId, i64)>> {
    Ok(conn
        .prepare_cached(
            "SELECT s.id, s.total_minor
                 - COALESCE((SELECT sum(n.amount_minor) FROM credit_notes n
                     WHERE n.settlement_id = s.id), 0)
                 - COALESCE((SELECT sum(CASE p.kind WHEN 'payment'
                        THEN p.amount_minor ELSE -p.amount_minor END)
                     FROM payments p WHERE p.work_order_id = s.work_order_id
                       AND p.voided_at IS NULL AND p.method <> 'on_account'), 0)
                 - COALESCE((SELECT sum(o.amount_minor) FROM write_offs o
                     WHERE o.settlement_id = s.id), 0)
             FROM settlements s WHERE s.work_order_id = ?1 AND s.status = 'signed'",
        )?
        .query_row([wo], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?)
}

/// Records a write-off; returns it.
pub(crate) fn insert(
    conn: &Connection,
    wo: WorkOrderId,
    settlement: SettlementId,
    (amount_minor, reason, approved_by): (i64, &str, &str),
    now: NaiveDateTime,
) -> Result<WriteOff> {
    conn.prepare_cached(
        "INSERT INTO write_offs (work_order_id, settlement_id, amount_minor, reason, approved_by,
                                 written_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        wo,
        settlement,
        amount_minor,
        reason,
        approved_by,
        now
    ])?;
    let id = conn.last_insert_rowid();
    Ok(conn
        .prepare_cached(
            "SELECT id, work_order_id, amount_minor, reason, approved_by, written_at
             FROM write_offs WHERE id = ?1",
        )?
        .query_row([id], from_row)?)
}

/// The job's write-offs, oldest first.
pub(crate) fn for_job(conn: &Connection, wo: WorkOrderId) -> Result<Vec<WriteOff>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, work_order_id, amount_minor, reason, approved_by, written_at
         FROM write_offs WHERE work_order_id = ?1 ORDER BY written_at, id",
    )?;
    let rows = stmt
        .query_map([wo], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
