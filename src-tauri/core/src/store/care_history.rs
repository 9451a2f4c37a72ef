//! SQL of a customer's history for the customer file: every job with its settlement,
//! every payment.
use rusqlite::Connection;

use crate::domain::care_file::{FileJob, FilePayment};
use crate::error::Result;
use crate::ids::CustomerId;

/// The customer's jobs, newest first, with the signed settlement's number and total.
pub(crate) fn jobs(conn: &Connection, customer: CustomerId) -> Result<Vec<FileJob>> {
    let mut stmt = conn.prepare_cached(
        "SELECT w.id, w.number, v.plate, date(w.opened_at), w.status, w.complaint,
                COALESCE(s.odometer_out, w.odometer_value), s.number, s.total_minor
         FROM work_orders w JOIN vehicles v ON v.id = w.vehicle_id
         LEFT JOIN settlements s ON s.work_order_id = w.id AND s.status = 'signed'
         WHERE w.customer_id = ?1
         ORDER BY w.opened_at DESC, w.id DESC",
    )?;
    let rows = stmt.query_map([customer], |row| {
        Ok(FileJob {
            work_order_id: row.get(0)?,
            number: row.get(1)?,
            plate: row.get(2)?,
            opened_on: row.get(3)?,
            status: row.get(4)?,
            complaint: row.get(5)?,
            odometer: row.get(6)?,
            settlement_number: row.get(7)?,
            total_minor: row.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every payment and refund on the customer's jobs, newest first.
pub(crate) fn payments(conn: &Connection, customer: CustomerId) -> Result<Vec<FilePayment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT w.number, p.taken_at, p.kind, p.method, p.amount_minor, p.voided_at IS NOT NULL
         FROM payments p JOIN work_orders w ON w.id = p.work_order_id
         WHERE w.customer_id = ?1
         ORDER BY p.taken_at DESC, p.id DESC",
    )?;
    let rows = stmt.query_map([customer], |row| {
        Ok(FilePayment {
            work_order_number: row.get(0)?,
            taken_at: row.get(1)?,
            kind: row.get(2)?,
            method: row.get(3)?,
            amount_minor: row.get(4)?,
            voided: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
