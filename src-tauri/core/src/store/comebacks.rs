//! SQL of `comebacks`: a job linked to the earlier job of the same vehicle it came back
//! for, and the vehicle's earlier jobs it may be linked to.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};

use crate::domain::complaint::ComebackCandidate;
use crate::error::Result;
use crate::ids::WorkOrderId;

/// The link of `wo`: the earlier job, who linked it and when.
pub(crate) fn link_of(
    conn: &Connection,
    wo: WorkOrderId,
) -> Result<Option<(WorkOrderId, String, NaiveDateTime)>> {
    Ok(conn
        .prepare_cached(
            "SELECT origin_id, linked_by, linked_at FROM comebacks WHERE work_order_id = ?1",
        )?
        .query_row([wo], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

/// Links `wo` to `origin`, replacing an earlier link.
pub(crate) fn link(
    conn: &Connection,
    wo: WorkOrderId,
    origin: WorkOrderId,
    by: &str,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO comebacks (work_order_id, origin_id, linked_by, linked_at)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (work_order_id) DO UPDATE SET origin_id = excluded.origin_id,
             linked_by = excluded.linked_by, linked_at = excluded.linked_at",
    )?
    .execute(params![wo, origin, by, now])?;
    Ok(())
}

pub(crate) fn unlink(conn: &Connection, wo: WorkOrderId) -> Result<()> {
    conn.prepare_cached("DELETE FROM comebacks WHERE work_order_id = ?1")?
        .execute([wo])?;
    Ok(())
}

/// The jobs of `wo`'s vehicle opened before it and not cancelled, newest first, at most
/// 50 — the ones a comeback may come back from.
pub(crate) fn candidates(conn: &Connection, wo: WorkOrderId) -> Result<Vec<ComebackCandidate>> {
    let rows = conn
        .prepare_cached(
            "SELECT e.id, e.number, e.opened_at, e.complaint
             FROM work_orders w JOIN work_orders e ON e.vehicle_id = w.vehicle_id
             WHERE w.id = ?1 AND e.id <> w.id AND e.opened_at <= w.opened_at
               AND e.status <> 'cancelled'
             ORDER BY e.opened_at DESC, e.id DESC LIMIT 50",
        )?
        .query_map([wo], |r| {
            Ok(ComebackCandidate {
                id: r.get(0)?,
                number: r.get(1)?,
                opened_at: r.get(2)?,
                complaint: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The jobs linked as comebacks of `origin`.
pub(crate) fn comebacks_of(conn: &Connection, origin: WorkOrderId) -> Result<Vec<WorkOrderId>> {
    let rows = conn
        .prepare_cached(
            "SELECT work_order_id FROM comebacks WHERE origin_id = ?1 ORDER BY work_order_id",
        )?
        .query_map([origin], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
