//! SQL of `credit_notes`: corrections after signing (红字), numbered CN-YYYY-NNNNN, each
//! with the supervisor; the signed settlement is left as it was signed.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, Row};

use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::WorkOrderId;
use crate::reason::Reason;
use crate::settlement::payment::{CreditNote, CreditNoteInput};
use crate::settlement::staff::ApprovalAction;
use crate::store::numbering::{self, Series};
use crate::store::{settlements, staff, Store};
use crate::validate::too_long;

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

fn check(input: &CreditNoteInput) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if input.amount_minor <= 0 {
        issues.push(FieldIssue::new("amountMinor", Reason::PaymentAmount));
    }
    if input.reason.trim().is_empty() {
        issues.push(FieldIssue::new("reason", Reason::ApprovalReasonRequired));
    }
    if input.issued_by.trim().is_empty() {
        issues.push(FieldIssue::new("issuedBy", Reason::ApprovalByRequired));
    }
    too_long(&mut issues, "reason", input.reason.trim(), 1_000);
    too_long(&mut issues, "issuedBy", input.issued_by.trim(), 100);
    issues
}

impl Store {
    /// Issues a credit note on the signed settlement with the supervisor: never more
    /// than the settlement still charges after earlier notes.
    pub fn issue_credit_note(
        &self,
        wo: WorkOrderId,
        input: &CreditNoteInput,
        now: NaiveDateTime,
    ) -> Result<CreditNote> {
        let issues = check(input);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        self.with_tx(|tx| {
            let (head, snapshot) = settlements::signed(tx, wo)?;
            if input.amount_minor > snapshot.figures.total_minor - credited(tx, wo)? {
                return Err(CoreError::invalid("amountMinor", Reason::CreditAboveTotal));
            }
            let issued = numbering::next(tx, Series::CreditNote, now)?;
            staff::use_approval(
                tx,
                input.approval_id,
                wo,
                ApprovalAction::CreditNote,
                &issued.number,
                now,
            )?;
            tx.prepare_cached(
                "INSERT INTO credit_notes (work_order_id, settlement_id, number, year, seq,
                     amount_minor, reason, issued_by, issued_at, approval_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                wo,
                head.id,
                issued.number,
                issued.year,
                issued.seq,
                input.amount_minor,
                input.reason.trim(),
                input.issued_by.trim(),
                now,
                input.approval_id
            ])?;
            let id = tx.last_insert_rowid();
            for_job(tx, wo)?
                .into_iter()
                .find(|n| n.id == id)
                .ok_or(CoreError::NotFound { what: "settlement" })
        })
    }

    pub fn credit_notes(&self, wo: WorkOrderId) -> Result<Vec<CreditNote>> {
        self.with_conn(|conn| for_job(conn, wo))
    }
}
