//! SQL of `payments`: money taken on a job (deposits and advances before the settlement,
//! payments at it, later payments against the receivable), refunds as rows of their own,
//! voids marking a row; the receivables list and a customer's balance (less what was
//! written off). What may be taken, voided or refunded is decided in
//! [`crate::desk::payments`].
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, Row};

use crate::domain::day::DayPaymentRow;
use crate::domain::settlement::{Payment, PaymentKind, PaymentMethod, Receivable};
use crate::error::Result;
use crate::ids::{ApprovalId, CustomerId, PaymentId, WorkOrderId};
use crate::store::{found, parse_column};

const COLUMNS: &str = "id, work_order_id, kind, method, amount_minor, tendered_minor,
     change_minor, reference, taken_by, taken_at, reason, approval_id, voided_at,
     void_approval_id, void_reason";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Payment> {
    let kind: String = row.get(2)?;
    let method: String = row.get(3)?;
    Ok(Payment {
        id: row.get(0)?,
        work_order_id: row.get(1)?,
        kind: parse_column(2, &kind, PaymentKind::parse)?,
        method: parse_column(3, &method, PaymentMethod::parse)?,
        amount_minor: row.get(4)?,
        tendered_minor: row.get(5)?,
        change_minor: row.get(6)?,
        reference: row.get(7)?,
        taken_by: row.get(8)?,
        taken_at: row.get(9)?,
        reason: row.get(10)?,
        approval_id: row.get(11)?,
        voided_at: row.get(12)?,
        void_approval_id: row.get(13)?,
        void_reason: row.get(14)?,
    })
}

pub(crate) fn for_job(conn: &Connection, wo: WorkOrderId) -> Result<Vec<Payment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM payments WHERE work_order_id = ?1 ORDER BY taken_at, id"
    ))?;
    let rows = stmt
        .query_map([wo], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Payments taken between `from` and `to` (voided ones too), oldest first.
pub(crate) fn between(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<Payment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM payments WHERE taken_at >= ?1 AND taken_at < ?2
         ORDER BY taken_at, id"
    ))?;
    let rows = stmt
        .query_map(params![from, to], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub(crate) fn load(conn: &Connection, id: PaymentId) -> Result<Payment> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM payments WHERE id = ?1"))?;
    found(stmt.query_row([id], from_row), "payment")
}

/// Signed settlements with what is still owed on each (on-account amounts included),
/// oldest first; `customer` narrows to one customer, `only_owing` leaves out the paid.
pub(crate) fn owed(
    conn: &Connection,
    customer: Option<CustomerId>,
    only_owing: bool,
) -> Result<Vec<Receivable>> {
    let mut stmt = conn.prepare_cached(
        "SELECT * FROM (
           SELECT w.customer_id,
                  c.display_name AS customer_name,
                  s.work_order_id, w.number, s.number, v.plate, s.total_minor,
                  s.total_minor - COALESCE((SELECT sum(n.amount_minor) FROM credit_notes n
                     WHERE n.settlement_id = s.id), 0)
                  - COALESCE((SELECT sum(CASE p.kind WHEN 'payment'
                        THEN p.amount_minor ELSE -p.amount_minor END)
                     FROM payments p WHERE p.work_order_id = s.work_order_id
                       AND p.voided_at IS NULL AND p.method <> 'on_account'), 0)
                  - COALESCE((SELECT sum(o.amount_minor) FROM write_offs o
                     WHERE o.settlement_id = s.id), 0) AS owed,
                  COALESCE((SELECT sum(CASE p.kind WHEN 'payment'
                        THEN p.amount_minor ELSE -p.amount_minor END)
                     FROM payments p WHERE p.work_order_id = s.work_order_id
                       AND p.voided_at IS NULL AND p.method = 'on_account'), 0),
                  s.signed_at, s.id
           FROM settlements s
           JOIN work_orders w ON w.id = s.work_order_id
           JOIN customers c ON c.id = w.customer_id
           JOIN vehicles v ON v.id = w.vehicle_id
           WHERE s.status = 'signed' AND (?1 IS NULL OR w.customer_id = ?1))
         WHERE (?2 = 0 OR owed > 0)
         ORDER BY signed_at, id",
    )?;
    let rows = stmt
        .query_map(params![customer, only_owing], |row| {
            Ok(Receivable {
                customer_id: row.get(0)?,
                customer_name: row.get(1)?,
                work_order_id: row.get(2)?,
                work_order_number: row.get(3)?,
                settlement_number: row.get(4)?,
                plate: row.get(5)?,
                total_minor: row.get(6)?,
                owed_minor: row.get(7)?,
                on_account_minor: row.get(8)?,
                since: row.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// What a payment writes besides the job and the time.
pub(crate) struct PaymentRow<'a> {
    pub(crate) method: PaymentMethod,
    pub(crate) amount_minor: i64,
    pub(crate) tendered_minor: Option<i64>,
    pub(crate) change_minor: Option<i64>,
    pub(crate) reference: &'a str,
    pub(crate) taken_by: &'a str,
}

/// Records a payment on `wo`; returns it.
pub(crate) fn insert_payment(
    conn: &Connection,
    wo: WorkOrderId,
    row: &PaymentRow<'_>,
    now: NaiveDateTime,
) -> Result<Payment> {
    conn.prepare_cached(
        "INSERT INTO payments (work_order_id, kind, method, amount_minor, tendered_minor,
                               change_minor, reference, taken_by, taken_at)
         VALUES (?1, 'payment', ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        wo,
        row.method.as_str(),
        row.amount_minor,
        row.tendered_minor,
        row.change_minor,
        row.reference,
        row.taken_by,
        now
    ])?;
    load(conn, PaymentId(conn.last_insert_rowid()))
}

/// Records a refund on `wo` with the approval and the reason; returns it.
pub(crate) fn insert_refund(
    conn: &Connection,
    wo: WorkOrderId,
    row: &PaymentRow<'_>,
    approval_id: ApprovalId,
    reason: &str,
    now: NaiveDateTime,
) -> Result<Payment> {
    conn.prepare_cached(
        "INSERT INTO payments (work_order_id, kind, method, amount_minor, reference,
                               taken_by, taken_at, approval_id, reason)
         VALUES (?1, 'refund', ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        wo,
        row.method.as_str(),
        row.amount_minor,
        row.reference,
        row.taken_by,
        now,
        approval_id,
        reason
    ])?;
    load(conn, PaymentId(conn.last_insert_rowid()))
}

/// Marks payment `id` voided with the approval and the reason.
pub(crate) fn mark_voided(
    conn: &Connection,
    id: PaymentId,
    approval_id: ApprovalId,
    reason: &str,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE payments SET voided_at = ?2, void_approval_id = ?3, void_reason = ?4
         WHERE id = ?1",
    )?
    .execute(params![id, now, approval_id, reason])?;
    Ok(())
}

/// One money movement of the day, from its columns in this order: the job's (or the
/// appointment's) number, plate, customer, kind, method, amount, taken by, taken at,
/// voided. The payments' rows (`store::day`) and the deposits' (`store::appointment_deposits`)
/// alike.
pub(crate) fn day_payment_from_row(row: &Row<'_>) -> rusqlite::Result<DayPaymentRow> {
    let kind: String = row.get(3)?;
    let method: String = row.get(4)?;
    Ok(DayPaymentRow {
        work_order_number: row.get(0)?,
        plate: row.get(1)?,
        customer: row.get(2)?,
        kind: parse_column(3, &kind, PaymentKind::parse)?,
        method: parse_column(4, &method, PaymentMethod::parse)?,
        amount_minor: row.get(5)?,
        taken_by: row.get(6)?,
        taken_at: row.get(7)?,
        voided: row.get(8)?,
    })
}
