//! The intake as one aggregate, read and written as rows: every section loaded in one
//! go, the intake reading filed in the vehicle's odometer history. What may be saved,
//! the draft's snapshot and its verification are the use cases of `desk::intake`.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection};

use crate::domain::intake::Intake;
use crate::domain::walkaround::IntakeOdometer;
use crate::error::Result;
use crate::ids::{OdometerReadingId, VehicleId, WorkOrderId};
use crate::store::{handover, odometer, vehicles, walkaround};
use crate::vehicle::{OdometerInput, OdometerSource};

pub(crate) fn load_intake(conn: &Connection, id: WorkOrderId) -> Result<Intake> {
    Ok(Intake {
        inspection: walkaround::items(conn, id)?,
        damage: walkaround::marks(conn, id)?,
        dashboard: walkaround::dashboard(conn, id)?,
        documents: handover::documents(conn, id)?,
        keys: handover::keys(conn, id)?,
        belongings: handover::belongings(conn, id)?,
    })
}

/// Files the intake reading in the vehicle's odometer history (at check-in).
pub(crate) fn file_odometer(
    conn: &Connection,
    vehicle: VehicleId,
    reading: &IntakeOdometer,
    now: NaiveDateTime,
) -> Result<OdometerReadingId> {
    let input = OdometerInput {
        value: reading.value,
        unit: reading.unit,
        read_on: now.date(),
        source: OdometerSource::Intake,
    };
    let id = odometer::insert(conn, vehicle, &input, now)?;
    vehicles::touch(conn, vehicle, now)?;
    Ok(id)
}

/// Marks the job as changed at `now`, after one of its sections was saved.
pub(crate) fn touch(conn: &Connection, id: WorkOrderId, now: NaiveDateTime) -> Result<()> {
    conn.prepare_cached("UPDATE work_orders SET updated_at = ?2 WHERE id = ?1")?
        .execute(params![id, now])?;
    Ok(())
}
