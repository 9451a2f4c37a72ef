//! SQL of `credit_notes`: corrections after signing (红字), numbered CN-YYYY-NNNNN, each
//! with the supervisor; the signed settlement is left as it was signed. Issued in
//! [`crate::desk::credit_note`].
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, Row};

use crate::domain::settlement::CreditNote;
use crate::error::Result;
use crate::ids::{ApprovalId, SettlementId, WorkOrderId};
use crate::store::numbering::Issued;
use crate::store::{settlements, Store};

fn from_row(row: &Row<'_>) -> rusqlite::Result<CreditNote> {
    Ok(CreditNote {
        id: row.get(0)?,
        work_order_id: row.get(1)?,
        number: row.get(2)?,
        settlement_number: row.get(3)?,
        amount_minor: row.get(4)?,
        reason: row.get(5)?,
        issued_by: row.get(6)?,
        issued_at: row.get(7)?,
        approval_id: row.get(8)?,
    })
}

pub(crate) fn for_job(conn: &Connection, wo: WorkOrderId) -> Result<Vec<CreditNote>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n.id, n.work_order_id, n.number, s.number, n.amount_minor, n.reason,
                n.issued_by, n.issued_at, n.approval_id
         FROM credit_notes n JOIN settlements s ON s.id = n.settlement_id
         WHERE n.work_order_id = ?1 ORDER BY n.issued_at, n.id",
    )?;
    let rows = stmt
        .query_map([wo], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// What the credit notes on the job's signed settlement take off.
pub(crate) fn credited(conn: &Connection, wo: WorkOrderId) -> Result<i64> {
    let settlement = settlements::current(conn, wo)?.map(|h| h.id);
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(sum(amount_minor), 0) FROM credit_notes
             WHERE work_order_id = ?1 AND settlement_id = ?2",
        )?
        .query_row(params![wo, settlement], |row| row.get(0))?)
}

/// Adds a credit note on settlement `settlement`; returns its row id.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert(
    conn: &Connection,
    wo: WorkOrderId,
    settlement: SettlementId,
    issued: &Issued,
    amount_minor: i64,
    reason: &str,
    issued_by: &str,
    approval: ApprovalId,
    now: NaiveDateTime,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO credit_notes (work_order_id, settlement_id, number, year, seq,
             amount_minor, reason, issued_by, issued_at, approval_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        wo,
        settlement,
        issued.number,
        issued.year,
        issued.seq,
        amount_minor,
        reason,
        issued_by,
        now,
        approval
    ])?;
    Ok(conn.last_insert_rowid())
}

impl Store {
    pub fn credit_notes(&self, wo: WorkOrderId) -> Result<Vec<CreditNote>> {
        self.with_conn(|conn| for_job(conn, wo))
    }
}
