//! SQL of the customer import: the keys it matches rows on (the active customers'
//! phones, the active vehicles' plates and VINs, read in two scans), the care on file of
//! those vehicles, and the column mapping the shop chose for a set of headers, kept in
//! `settings`.
use rusqlite::{params, Connection, OptionalExtension};

use crate::domain::care::{VehicleCare, VehicleKind};
use crate::error::Result;
use crate::ids::{CustomerId, VehicleId};
use crate::store::parse_column;

/// Every phone of an active customer, with its customer.
pub(crate) fn active_phones(conn: &Connection) -> Result<Vec<(String, CustomerId)>> {
    let mut stmt = conn.prepare(
        "SELECT p.number, p.customer_id FROM customer_phones p
         JOIN customers c ON c.id = p.customer_id WHERE c.archived_at IS NULL",
    )?;
    let rows = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A vehicle's plate, VIN, id and owner.
pub(crate) type VehicleKeys = (String, Option<String>, VehicleId, CustomerId);

/// Every active vehicle's plate and VIN, with its owner.
pub(crate) fn active_vehicles(conn: &Connection) -> Result<Vec<VehicleKeys>> {
    let mut stmt =
        conn.prepare("SELECT plate, vin, id, customer_id FROM vehicles WHERE archived_at IS NULL")?;
    let rows = stmt
        .query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The care of every active vehicle that has any, to fill only what is empty.
pub(crate) fn active_vehicle_care(conn: &Connection) -> Result<Vec<(VehicleId, VehicleCare)>> {
    let mut stmt = conn.prepare(
        "SELECT c.vehicle_id, c.kind, c.purchase_date, c.dealer, c.interval_km,
                c.interval_months
         FROM vehicle_care c JOIN vehicles v ON v.id = c.vehicle_id
         WHERE v.archived_at IS NULL",
    )?;
    let rows = stmt
        .query_map([], |row| {
            let kind: String = row.get(1)?;
            Ok((
                row.get(0)?,
                VehicleCare {
                    kind: parse_column(1, &kind, VehicleKind::parse)?,
                    purchase_date: row.get(2)?,
                    dealer: row.get(3)?,
                    interval_km: row.get(4)?,
                    interval_months: row.get(5)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn mapping_key(header_set: &str) -> String {
    format!("customer_import.mapping.{header_set}")
}

/// The mapping saved for this set of headers (as JSON), if any.
pub(crate) fn mapping(conn: &Connection, header_set: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([mapping_key(header_set)], |row| row.get(0))
        .optional()?)
}

pub(crate) fn put_mapping(conn: &Connection, header_set: &str, json: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![mapping_key(header_set), json])?;
    Ok(())
}
