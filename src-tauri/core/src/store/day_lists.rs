//! The day's settlements and payments with their job, plate and customer, read from
//! `settlements`, `payments`, `work_orders`, `vehicles` and `customers`: the lists of the
//! daily report.
use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{params, Connection};

use crate::error::Result;
use crate::settlement::day::{DayLists, DayPaymentRow, DaySettlementRow};
use crate::settlement::payment::{PaymentKind, PaymentMethod};
use crate::store::{parse_column, Store};

/// From midnight of `date` to the next midnight.
fn bounds(date: NaiveDate) -> (NaiveDateTime, NaiveDateTime) {
    let from = date.and_time(NaiveTime::MIN);
    let to = date
        .checked_add_days(Days::new(1))
        .unwrap_or(date)
        .and_time(NaiveTime::MIN);
    (from, to)
}

fn settlements(
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

fn payments(
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
        .query_map(params![from, to], |row| {
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
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

impl Store {
    /// The settlements signed and the payments taken on `date`, for the daily report.
    pub fn day_lists(&self, date: NaiveDate) -> Result<DayLists> {
        self.with_conn(|conn| lists(conn, date))
    }
}

/// The settlements and payments of `date`, read on `conn`.
pub(crate) fn lists(conn: &Connection, date: NaiveDate) -> Result<DayLists> {
    let (from, to) = bounds(date);
    Ok(DayLists {
        settlements: settlements(conn, from, to)?,
        payments: payments(conn, from, to)?,
    })
}
