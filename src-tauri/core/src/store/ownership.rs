//! SQL of `vehicle_ownerships`: who owned which vehicle from when to when. A transfer
//! closes one period and opens the next, so the history survives every change of owner.
use chrono::NaiveDate;
use rusqlite::{params, Connection, Row};

use crate::customer::{display_name, CustomerKind};
use crate::error::Result;
use crate::ids::{CustomerId, VehicleId};
use crate::store::{parse_column, vehicles, Store};
use crate::vehicle::OwnershipPeriod;

fn from_row(row: &Row<'_>) -> rusqlite::Result<OwnershipPeriod> {
    let kind: String = row.get(3)?;
    let kind = parse_column(3, &kind, CustomerKind::parse)?;
    let name: String = row.get(4)?;
    let company: String = row.get(5)?;
    Ok(OwnershipPeriod {
        vehicle_id: row.get(0)?,
        plate: row.get(1)?,
        customer_id: row.get(2)?,
        customer_name: display_name(kind, &name, &company),
        from: row.get(6)?,
        to: row.get(7)?,
    })
}

pub(crate) fn open(
    conn: &Connection,
    vehicle: VehicleId,
    customer: CustomerId,
    from: NaiveDate,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO vehicle_ownerships (vehicle_id, customer_id, from_date) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![vehicle, customer, from])?;
    Ok(())
}

pub(crate) fn close(conn: &Connection, vehicle: VehicleId, to: NaiveDate) -> Result<()> {
    conn.prepare_cached(
        "UPDATE vehicle_ownerships SET to_date = ?2 WHERE vehicle_id = ?1 AND to_date IS NULL",
    )?
    .execute(params![vehicle, to])?;
    Ok(())
}

/// Hands every period of `from` to `to` (used when two files of one person merge).
pub(crate) fn reassign(conn: &Connection, from: CustomerId, to: CustomerId) -> Result<()> {
    conn.prepare_cached("UPDATE vehicle_ownerships SET customer_id = ?2 WHERE customer_id = ?1")?
        .execute(params![from, to])?;
    Ok(())
}

pub(crate) fn for_vehicle(conn: &Connection, vehicle: VehicleId) -> Result<Vec<OwnershipPeriod>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.vehicle_id, v.plate, o.customer_id, c.kind, c.name, c.company_name,
                o.from_date, o.to_date
         FROM vehicle_ownerships o
         JOIN vehicles v ON v.id = o.vehicle_id
         JOIN customers c ON c.id = o.customer_id
         WHERE o.vehicle_id = ?1
         ORDER BY o.from_date, o.id",
    )?;
    let periods = stmt
        .query_map([vehicle], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(periods)
}

/// The periods in which `customer` owned a vehicle that someone else owns now.
pub(crate) fn former_vehicles(
    conn: &Connection,
    customer: CustomerId,
) -> Result<Vec<OwnershipPeriod>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.vehicle_id, v.plate, o.customer_id, c.kind, c.name, c.company_name,
                o.from_date, o.to_date
         FROM vehicle_ownerships o
         JOIN vehicles v ON v.id = o.vehicle_id
         JOIN customers c ON c.id = o.customer_id
         WHERE o.customer_id = ?1 AND o.to_date IS NOT NULL AND v.customer_id <> ?1
         ORDER BY o.to_date DESC, o.id DESC",
    )?;
    let periods = stmt
        .query_map([customer], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(periods)
}

impl Store {
    /// Every owner of the vehicle, first owner first.
    pub fn vehicle_ownership(&self, vehicle: VehicleId) -> Result<Vec<OwnershipPeriod>> {
        self.with_conn(|conn| {
            vehicles::load(conn, vehicle)?;
            for_vehicle(conn, vehicle)
        })
    }
}
