//! SQL of `appointment_deposits`: the deposit taken against an appointment's parts, held
//! until the car comes, then carried onto the job as one payment row (exactly once), or
//! kept or refunded by the supervisor's decision.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::domain::appointment::{deposit_receipt_number, Deposit, DepositInput, DepositState};
use crate::domain::day::DayPaymentRow;
use crate::domain::settlement::PaymentMethod;
use crate::error::{CoreError, Result};
use crate::ids::{AppointmentId, PaymentId, WorkOrderId};
use crate::reason::Reason;
use crate::store::parse_column;
use crate::store::payments::{day_payment_from_row, insert_payment, PaymentRow};

fn deposit_from_row(row: &Row<'_>) -> rusqlite::Result<Deposit> {
    let method: String = row.get(0)?;
    let state: String = row.get(9)?;
    let number: String = row.get(14)?;
    Ok(Deposit {
        receipt_number: deposit_receipt_number(&number),
        method: parse_column(0, &method, PaymentMethod::parse)?,
        amount_minor: row.get(1)?,
        tendered_minor: row.get(2)?,
        change_minor: row.get(3)?,
        reference: row.get(4)?,
        taken_by: row.get(5)?,
        taken_at: row.get(6)?,
        parts_minor: row.get(7)?,
        below_half_allowed_by: row.get(8)?,
        state: parse_column(9, &state, DepositState::parse)?,
        payment_id: row.get(10)?,
        decided_at: row.get(11)?,
        decided_by: row.get(12)?,
        decision_reason: row.get(13)?,
    })
}

pub(crate) fn load(conn: &Connection, id: AppointmentId) -> Result<Option<Deposit>> {
    Ok(conn
        .prepare_cached(
            "SELECT d.method, d.amount_minor, d.tendered_minor, d.change_minor, d.reference,
                    d.taken_by, d.taken_at, d.parts_minor, d.below_half_allowed_by, d.state,
                    d.payment_id, d.decided_at, d.decided_by, d.decision_reason, a.number
             FROM appointment_deposits d JOIN appointments a ON a.id = d.appointment_id
             WHERE d.appointment_id = ?1",
        )?
        .query_row([id], deposit_from_row)
        .optional()?)
}

/// Records the deposit taken, held until the car comes.
pub(crate) fn insert(
    conn: &Connection,
    id: AppointmentId,
    input: &DepositInput,
    change: Option<i64>,
    parts_minor: i64,
    allowed_by: &str,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO appointment_deposits (appointment_id, method, amount_minor,
             tendered_minor, change_minor, reference, taken_by, taken_at, parts_minor,
             below_half_allowed_by, state)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'held')",
    )?
    .execute(params![
        id,
        input.method.as_str(),
        input.amount_minor,
        input.tendered_minor,
        change,
        input.reference.trim(),
        input.taken_by.trim(),
        now,
        parts_minor,
        allowed_by
    ])?;
    Ok(())
}

/// The supervisor's decision on a held deposit: kept or refunded.
pub(crate) fn decide(
    conn: &Connection,
    id: AppointmentId,
    state: DepositState,
    by: &str,
    reason: &str,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE appointment_deposits SET state = ?2, decided_at = ?3, decided_by = ?4,
             decision_reason = ?5
         WHERE appointment_id = ?1 AND state = 'held'",
    )?
    .execute(params![id, state.as_str(), now, by, reason])?;
    Ok(())
}

/// Carries a held deposit onto `wo` as one payment row (taken when and by whom the
/// deposit was, its reference naming the appointment) and marks the deposit applied, so
/// the settlement counts it exactly once.
pub(crate) fn carry(
    conn: &Connection,
    id: AppointmentId,
    number: &str,
    deposit: &Deposit,
    wo: WorkOrderId,
) -> Result<PaymentId> {
    let row = PaymentRow {
        method: deposit.method,
        amount_minor: deposit.amount_minor,
        tendered_minor: deposit.tendered_minor,
        change_minor: deposit.change_minor,
        reference: number,
        taken_by: &deposit.taken_by,
    };
    let payment = insert_payment(conn, wo, &row, deposit.taken_at)?.id;
    let changed = conn
        .prepare_cached(
            "UPDATE appointment_deposits SET state = 'applied', payment_id = ?2
             WHERE appointment_id = ?1 AND state = 'held'",
        )?
        .execute(params![id, payment])?;
    if changed != 1 {
        return Err(CoreError::conflict(Reason::DepositNotHeld));
    }
    Ok(payment)
}

/// The number of the appointment whose deposit was carried onto the job as `payment`.
pub(crate) fn carried_as(conn: &Connection, payment: PaymentId) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT a.number FROM appointment_deposits d
             JOIN appointments a ON a.id = d.appointment_id
             WHERE d.payment_id = ?1",
        )?
        .query_row([payment], |row| row.get(0))
        .optional()?)
}

/// The payment of job `wo` that a booking's deposit became, while it stands applied.
pub(crate) fn carried_onto(conn: &Connection, wo: WorkOrderId) -> Result<Option<PaymentId>> {
    Ok(conn
        .prepare_cached(
            "SELECT d.payment_id FROM appointment_deposits d
             JOIN payments p ON p.id = d.payment_id
             WHERE p.work_order_id = ?1 AND d.state = 'applied'",
        )?
        .query_row([wo], |row| row.get(0))
        .optional()?)
}

/// Takes a carried deposit back off its job (the job called off): the job's payment row
/// voided with `reason`, the deposit held again on its appointment, so the day it was
/// taken still counts it once and the supervisor decides what becomes of it.
pub(crate) fn uncarry(
    conn: &Connection,
    id: AppointmentId,
    payment: PaymentId,
    reason: &str,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE payments SET voided_at = ?2, void_reason = ?3
         WHERE id = ?1 AND voided_at IS NULL",
    )?
    .execute(params![payment, now, reason])?;
    let changed = conn
        .prepare_cached(
            "UPDATE appointment_deposits SET state = 'held', payment_id = NULL
             WHERE appointment_id = ?1 AND state = 'applied' AND payment_id = ?2",
        )?
        .execute(params![id, payment])?;
    if changed != 1 {
        return Err(CoreError::conflict(Reason::DepositNotHeld));
    }
    Ok(())
}

/// Deposit money that moved between `from` and `to` without being a job's payment, as the
/// day's payment rows (the appointment's number in place of the job's): deposits taken
/// and not carried onto a job — a carried one is the job's payment row, taken at the same
/// time, so every deposit counts once on the day it was taken — and deposits given back.
pub(crate) fn day_rows(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<DayPaymentRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.number, COALESCE(v.plate, a.caller_plate),
                COALESCE(c.display_name, a.caller_name), x.kind, d.method, d.amount_minor,
                x.by_name, x.at, 0
         FROM appointment_deposits d
         JOIN appointments a ON a.id = d.appointment_id
         LEFT JOIN customers c ON c.id = a.customer_id
         LEFT JOIN vehicles v ON v.id = a.vehicle_id
         JOIN (SELECT appointment_id, 'payment' AS kind, taken_by AS by_name, taken_at AS at
               FROM appointment_deposits WHERE state <> 'applied'
               UNION ALL
               SELECT appointment_id, 'refund', decided_by, decided_at
               FROM appointment_deposits WHERE state = 'refunded') x
           ON x.appointment_id = d.appointment_id
         WHERE x.at >= ?1 AND x.at < ?2
         ORDER BY x.at, a.id",
    )?;
    let rows = stmt
        .query_map(params![from, to], day_payment_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
