//! SQL of `amendments`: corrections to a frozen intake, listed beside it (the frozen
//! content itself never changes), each optionally counter-signed by the customer. Added and counter-signed in
//! [`crate::desk::amend`].
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, Row};

use crate::domain::signature::{Amendment, AmendmentInput};
use crate::error::Result;
use crate::ids::{AmendmentId, WorkOrderId};
use crate::store::{found, signatures};

fn from_row(row: &Row<'_>) -> rusqlite::Result<Amendment> {
    Ok(Amendment {
        id: row.get(0)?,
        what: row.get(1)?,
        why: row.get(2)?,
        who: row.get(3)?,
        created_at: row.get(4)?,
        countersignature: None,
    })
}

pub(crate) fn list(conn: &Connection, id: WorkOrderId) -> Result<Vec<Amendment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, what, why, who, created_at FROM amendments
         WHERE work_order_id = ?1 ORDER BY id",
    )?;
    let mut amendments: Vec<Amendment> = stmt
        .query_map([id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    for amendment in &mut amendments {
        amendment.countersignature = signatures::for_amendment(conn, amendment.id)?;
    }
    Ok(amendments)
}

pub(crate) fn load(conn: &Connection, id: AmendmentId) -> Result<(WorkOrderId, Amendment)> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, what, why, who, created_at, work_order_id FROM amendments WHERE id = ?1",
    )?;
    found(
        stmt.query_row([id], |row| Ok((row.get(5)?, from_row(row)?))),
        "amendment",
    )
}

/// The text a countersignature binds to.
pub(crate) fn signed_content(work_order_hash: &str, amendment: &Amendment) -> String {
    [
        work_order_hash,
        &amendment.what,
        &amendment.why,
        &amendment.who,
        &amendment.created_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
    ]
    .join("\n")
}

/// Adds a correction to the job's frozen intake and touches the job.
pub(crate) fn insert(
    conn: &Connection,
    id: WorkOrderId,
    input: &AmendmentInput,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO amendments (work_order_id, what, why, who, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        id,
        input.what.trim(),
        input.why.trim(),
        input.who.trim(),
        now
    ])?;
    conn.prepare_cached("UPDATE work_orders SET updated_at = ?2 WHERE id = ?1")?
        .execute(params![id, now])?;
    Ok(())
}
