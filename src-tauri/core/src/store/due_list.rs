//! SQL of the due list read for the whole shop at once: every vehicle's own interval,
//! every believed reading, each vehicle's last maintenance and last visit, one query
//! each, so the list costs a handful of queries however many vehicles are on file. The
//! same rows as `care`'s per-vehicle reads.
use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;

use crate::error::Result;
use crate::ids::{VehicleId, WorkOrderId};
use crate::store::parse_column;
use crate::vehicle::DistanceUnit;

/// A vehicle's own interval, either part unset: km, months.
pub(crate) type OwnInterval = (Option<u32>, Option<u32>);
/// When, the km then, and the job: a last maintenance or a last visit.
pub(crate) type Visit = (NaiveDateTime, Option<i64>, WorkOrderId);
/// A reading as filed: the day, the value and its unit.
pub(crate) type Reading = (NaiveDate, i64, DistanceUnit);

/// Every vehicle's own interval, for the vehicles with a care row.
pub(crate) fn own_intervals(conn: &Connection) -> Result<HashMap<VehicleId, OwnInterval>> {
    let mut stmt =
        conn.prepare_cached("SELECT vehicle_id, interval_km, interval_months FROM vehicle_care")?;
    let rows = stmt.query_map([], |row| Ok((row.get(0)?, (row.get(1)?, row.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every reading not kept as doubtful (the only ones a projection believes), grouped by
/// vehicle, each vehicle's in the order `care::readings` gives them.
pub(crate) fn believed_readings(conn: &Connection) -> Result<HashMap<VehicleId, Vec<Reading>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT vehicle_id, read_on, value, unit FROM odometer_readings WHERE doubtful = 0
         ORDER BY vehicle_id, read_on, id",
    )?;
    let mut rows = stmt.query([])?;
    let mut by_vehicle: HashMap<VehicleId, Vec<_>> = HashMap::new();
    while let Some(row) = rows.next()? {
        let unit: String = row.get(3)?;
        by_vehicle.entry(row.get(0)?).or_default().push((
            row.get(1)?,
            row.get(2)?,
            parse_column(3, &unit, DistanceUnit::parse)?,
        ));
    }
    Ok(by_vehicle)
}

/// Each vehicle's last settled job with a maintenance line, as `care::last_maintenance`.
pub(crate) fn last_maintenances(conn: &Connection) -> Result<HashMap<VehicleId, Visit>> {
    latest_per_vehicle(
        conn,
        "SELECT w.vehicle_id, s.signed_at, COALESCE(s.odometer_out, w.odometer_value), w.id,
                ROW_NUMBER() OVER (PARTITION BY w.vehicle_id
                                   ORDER BY s.signed_at DESC, w.id DESC) AS n
         FROM work_orders w JOIN settlements s ON s.work_order_id = w.id
         WHERE s.status = 'signed' AND s.signed_at IS NOT NULL
           AND EXISTS (SELECT 1 FROM estimates e JOIN estimate_lines l
                       ON l.estimate_id = e.id
                       WHERE e.work_order_id = w.id
                         AND (l.system = 'maintenance'
                              OR l.guarantee_class = 'second_level'))",
    )
}

/// Each vehicle's last visit that was not cancelled, as `care::last_visit`.
pub(crate) fn last_visits(conn: &Connection) -> Result<HashMap<VehicleId, Visit>> {
    latest_per_vehicle(
        conn,
        "SELECT vehicle_id, opened_at, odometer_value, id,
                ROW_NUMBER() OVER (PARTITION BY vehicle_id
                                   ORDER BY opened_at DESC, id DESC) AS n
         FROM work_orders WHERE status <> 'cancelled'",
    )
}

/// The first row of each vehicle from `ranked` (vehicle, when, km, job, rank).
fn latest_per_vehicle(conn: &Connection, ranked: &str) -> Result<HashMap<VehicleId, Visit>> {
    let sql = format!("SELECT * FROM ({ranked}) WHERE n = 1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], |row| {
        Ok((row.get(0)?, (row.get(1)?, row.get(2)?, row.get(3)?)))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
