//! What the settlement reads besides its own table: the plate and the customer's name
//! for the frozen documents, the odometer at intake. The settlement as shown is put
//! together in [`crate::desk::settlement_view`].
use rusqlite::Connection;

use crate::error::Result;
use crate::ids::WorkOrderId;
use crate::store::{found, intake};

/// The plate and the customer's name as printed, for the frozen documents.
pub(crate) fn plate_and_customer(conn: &Connection, wo: WorkOrderId) -> Result<(String, String)> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.plate, c.display_name
         FROM work_orders w JOIN vehicles v ON v.id = w.vehicle_id
         JOIN customers c ON c.id = w.customer_id WHERE w.id = ?1",
    )?;
    found(
        stmt.query_row([wo], |row| Ok((row.get(0)?, row.get(1)?))),
        "work_order",
    )
}

pub(crate) fn intake_odometer(conn: &Connection, wo: WorkOrderId) -> Result<Option<i64>> {
    Ok(intake::load_intake(conn, wo)?
        .dashboard
        .odometer
        .map(|o| o.value))
}
