//! SQL of `odometer_readings`: every reading of a vehicle, the newest shown on it.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::Result;
use crate::ids::{OdometerReadingId, VehicleId};
use crate::store::{parse_column, vehicles, Store};
use crate::vehicle::{DistanceUnit, OdometerInput, OdometerReading, OdometerSource};

fn from_row(row: &Row<'_>) -> rusqlite::Result<OdometerReading> {
    let unit: String = row.get(3)?;
    let source: String = row.get(5)?;
    Ok(OdometerReading {
        id: row.get(0)?,
        vehicle_id: row.get(1)?,
        value: row.get(2)?,
        unit: parse_column(3, &unit, DistanceUnit::parse)?,
        read_on: row.get(4)?,
        source: parse_column(5, &source, OdometerSource::parse)?,
    })
}

/// The reading with the latest date (the last entered among same-day readings).
pub(crate) fn latest(conn: &Connection, vehicle: VehicleId) -> Result<Option<OdometerReading>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, vehicle_id, value, unit, read_on, source FROM odometer_readings
         WHERE vehicle_id = ?1 ORDER BY read_on DESC, id DESC LIMIT 1",
    )?;
    Ok(stmt.query_row([vehicle], from_row).optional()?)
}

pub(crate) fn list(conn: &Connection, vehicle: VehicleId) -> Result<Vec<OdometerReading>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, vehicle_id, value, unit, read_on, source FROM odometer_readings
         WHERE vehicle_id = ?1 ORDER BY read_on DESC, id DESC",
    )?;
    let readings = stmt
        .query_map([vehicle], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(readings)
}

pub(crate) fn insert(
    conn: &Connection,
    vehicle: VehicleId,
    reading: &OdometerInput,
    now: NaiveDateTime,
) -> Result<OdometerReadingId> {
    conn.prepare_cached(
        "INSERT INTO odometer_readings (vehicle_id, value, unit, read_on, source, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        vehicle,
        reading.value,
        reading.unit.as_str(),
        reading.read_on,
        reading.source.as_str(),
        now
    ])?;
    Ok(OdometerReadingId(conn.last_insert_rowid()))
}

/// One reading by its id.
pub(crate) fn get(conn: &Connection, id: OdometerReadingId) -> Result<OdometerReading> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, vehicle_id, value, unit, read_on, source FROM odometer_readings
         WHERE id = ?1",
    )?;
    Ok(stmt.query_row([id], from_row)?)
}

impl Store {
    /// Every reading of the vehicle, newest first.
    pub fn list_odometer_readings(&self, vehicle: VehicleId) -> Result<Vec<OdometerReading>> {
        self.with_conn(|conn| {
            vehicles::load(conn, vehicle)?;
            list(conn, vehicle)
        })
    }
}
