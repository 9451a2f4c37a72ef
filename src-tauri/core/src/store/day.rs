//! The day read from `work_orders`, `settlements`, `payments` (with the appointments'
//! deposits not on a job), `credit_notes`, `exit_handovers` and `supervisor_approvals`:
//! one read model of the daily cash-up and report — the day's figures and the lists of
//! its settlements and payments.
use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{params, Connection};

use crate::domain::day::{
    DayApproval, DayFigures, DayLists, DayPaymentRow, DayRevenue, DaySettlementRow, MethodTotal,
};
use crate::domain::settlement::{PaymentKind, PaymentMethod};
use crate::error::Result;
use crate::store::{appointment_deposits, payments, staff, Store};

/// From midnight of `date` to the next midnight.
fn bounds(date: NaiveDate) -> (NaiveDateTime, NaiveDateTime) {
    let from = date.and_time(NaiveTime::MIN);
    let to = date
        .checked_add_days(Days::new(1))
        .unwrap_or(date)
        .and_time(NaiveTime::MIN);
    (from, to)
}

fn settlement_rows(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<DaySettlementRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT COALESCE(s.number, ''), w.number, v.plate, c.display_name, s.total_discount_minor,
                s.total_minor, s.signed_at
         FROM settlements s
         JOIN work_orders w ON w.id = s.work_order_id
         JOIN vehicles v ON v.id = w.vehicle_id
         JOIN customers c ON c.id = w.customer_id
         WHERE s.status = 'signed' AND s.signed_at >= ?1 AND s.signed_at < ?2
         ORDER BY s.signed_at, s.id",
    )?;
    let rows = stmt
        .query_map(params![from, to], |row| {
            Ok(DaySettlementRow {
                settlement_number: row.get(0)?,
                work_order_number: row.get(1)?,
                plate: row.get(2)?,
                customer: row.get(3)?,
                discount_minor: row.get(4)?,
                total_minor: row.get(5)?,
                signed_at: row.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn payment_rows(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<DayPaymentRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT w.number, v.plate, c.display_name, p.kind, p.method, p.amount_minor, p.taken_by,
                p.taken_at, p.voided_at IS NOT NULL
         FROM payments p
         JOIN work_orders w ON w.id = p.work_order_id
         JOIN vehicles v ON v.id = w.vehicle_id
         JOIN customers c ON c.id = w.customer_id
         WHERE p.taken_at >= ?1 AND p.taken_at < ?2
         ORDER BY p.taken_at, p.id",
    )?;
    let rows = stmt
        .query_map(params![from, to], payments::day_payment_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn count(conn: &Connection, sql: &str, from: NaiveDateTime, to: NaiveDateTime) -> Result<u32> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row(params![from, to], |row| row.get(0))?)
}

pub(crate) fn figures(conn: &Connection, date: NaiveDate) -> Result<DayFigures> {
    let (from, to) = bounds(date);
    let jobs_opened = count(
        conn,
        "SELECT count(*) FROM work_orders WHERE opened_at >= ?1 AND opened_at < ?2",
        from,
        to,
    )?;
    let jobs_settled = count(
        conn,
        "SELECT count(*) FROM settlements
         WHERE status = 'signed' AND signed_at >= ?1 AND signed_at < ?2",
        from,
        to,
    )?;
    let jobs_collected = count(
        conn,
        "SELECT count(*) FROM exit_handovers WHERE signed_at >= ?1 AND signed_at < ?2",
        from,
        to,
    )?;
    let revenue = conn
        .prepare_cached(
            "SELECT COALESCE(sum(labour_minor), 0), COALESCE(sum(parts_minor), 0),
                    COALESCE(sum(other_minor), 0), COALESCE(sum(tax_minor), 0),
                    COALESCE(sum(total_discount_minor), 0), COALESCE(sum(total_minor), 0)
             FROM settlements WHERE status = 'signed' AND signed_at >= ?1 AND signed_at < ?2",
        )?
        .query_row(params![from, to], |row| {
            Ok(DayRevenue {
                labour_minor: row.get(0)?,
                parts_minor: row.get(1)?,
                other_minor: row.get(2)?,
                tax_minor: row.get(3)?,
                discount_minor: row.get(4)?,
                total_minor: row.get(5)?,
            })
        })?;
    let taken = payments::between(conn, from, to)?;
    let deposits = appointment_deposits::day_rows(conn, from, to)?;
    let payments: Vec<MethodTotal> = PaymentMethod::ALL
        .into_iter()
        .map(|method| {
            let rows = taken
                .iter()
                .filter(|p| p.method == method && p.voided_at.is_none());
            let deposit_rows = deposits.iter().filter(|d| d.method == method);
            let deposit_minor: i64 = deposit_rows
                .clone()
                .map(|d| match d.kind {
                    PaymentKind::Payment => d.amount_minor,
                    PaymentKind::Refund => -d.amount_minor,
                })
                .sum();
            MethodTotal {
                method,
                count: (rows.clone().count() + deposit_rows.count()) as u32,
                amount_minor: rows.map(|p| p.signed_amount()).sum::<i64>() + deposit_minor,
            }
        })
        .collect();
    let expected_cash_minor = payments
        .iter()
        .find(|m| m.method == PaymentMethod::Cash)
        .map_or(0, |m| m.amount_minor);
    // What the day's settlements still owed when the day closed.
    let receivables_opened_minor: i64 = conn
        .prepare_cached(
            "SELECT COALESCE(sum(max(owed, 0)), 0) FROM (
               SELECT s.total_minor - COALESCE((SELECT sum(n.amount_minor)
                   FROM credit_notes n WHERE n.settlement_id = s.id AND n.issued_at < ?2), 0)
                 - COALESCE((SELECT sum(CASE p.kind WHEN 'payment'
                        THEN p.amount_minor ELSE -p.amount_minor END)
                   FROM payments p WHERE p.work_order_id = s.work_order_id
                     AND p.voided_at IS NULL AND p.method <> 'on_account'
                     AND p.taken_at < ?2), 0) AS owed
               FROM settlements s
               WHERE s.status = 'signed' AND s.signed_at >= ?1 AND s.signed_at < ?2)",
        )?
        .query_row(params![from, to], |row| row.get(0))?;
    let settled_before: Vec<i64> = conn
        .prepare_cached(
            "SELECT work_order_id FROM settlements WHERE status = 'signed' AND signed_at < ?1",
        )?
        .query_map([from], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let receivables_paid_minor = taken
        .iter()
        .filter(|p| {
            p.voided_at.is_none()
                && p.kind == PaymentKind::Payment
                && p.method != PaymentMethod::OnAccount
                && settled_before.contains(&p.work_order_id.0)
        })
        .map(|p| p.amount_minor)
        .sum();
    let voided_minor: i64 = conn
        .prepare_cached(
            "SELECT COALESCE(sum(amount_minor), 0) FROM payments
             WHERE voided_at >= ?1 AND voided_at < ?2",
        )?
        .query_row(params![from, to], |row| row.get(0))?;
    let credited_minor: i64 = conn
        .prepare_cached(
            "SELECT COALESCE(sum(amount_minor), 0) FROM credit_notes
             WHERE issued_at >= ?1 AND issued_at < ?2",
        )?
        .query_row(params![from, to], |row| row.get(0))?;
    let mut approvals = Vec::new();
    for a in staff::approvals_between(conn, from, to)? {
        let number: String = conn
            .prepare_cached("SELECT number FROM work_orders WHERE id = ?1")?
            .query_row([a.work_order_id], |row| row.get(0))?;
        approvals.push(DayApproval {
            action: a.action,
            work_order_number: number,
            supervisor_name: a.supervisor_name,
            reason: a.reason,
            at: a.approved_at,
            used_for: a.used_for,
        });
    }
    Ok(DayFigures {
        date,
        jobs_opened,
        jobs_settled,
        jobs_collected,
        revenue,
        payments,
        expected_cash_minor,
        receivables_opened_minor,
        receivables_paid_minor,
        approvals,
        voided_minor,
        credited_minor,
    })
}

/// The settlements and payments of `date`, read on `conn`.
pub(crate) fn lists(conn: &Connection, date: NaiveDate) -> Result<DayLists> {
    let (from, to) = bounds(date);
    let mut payments = payment_rows(conn, from, to)?;
    payments.extend(appointment_deposits::day_rows(conn, from, to)?);
    payments.sort_by_key(|p| p.taken_at);
    Ok(DayLists {
        settlements: settlement_rows(conn, from, to)?,
        payments,
    })
}

impl Store {
    /// The figures of `date` for the daily cash-up and report.
    pub fn day_figures(&self, date: NaiveDate) -> Result<DayFigures> {
        self.with_conn(|conn| figures(conn, date))
    }

    /// The settlements signed and the payments taken on `date`, for the daily report.
    pub fn day_lists(&self, date: NaiveDate) -> Result<DayLists> {
        self.with_conn(|conn| lists(conn, date))
    }
}
