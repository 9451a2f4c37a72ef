//! The reads behind work offered again: a vehicle's declined items not yet carried to a
//! job, the last earlier job with a walk-around, and marking an item carried.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::ids::{VehicleId, WorkOrderId};

/// An earlier job's declined item: (item id, job number, opened, plate), newest job first.
pub(crate) type DeclinedRow = (i64, String, NaiveDateTime, String);

/// The vehicle's declined items not yet carried to a job, leaving out job `except`.
pub(crate) fn declined_items(
    conn: &Connection,
    vehicle: VehicleId,
    except: Option<WorkOrderId>,
) -> Result<Vec<DeclinedRow>> {
    let rows = conn
        .prepare_cached(
            "SELECT a.id, w.number, w.opened_at, v.plate FROM additional_items a
             JOIN work_orders w ON w.id = a.work_order_id
             JOIN vehicles v ON v.id = w.vehicle_id
             WHERE w.vehicle_id = ?1 AND a.status = 'declined' AND a.carried_to IS NULL
               AND (?2 IS NULL OR w.id <> ?2)
             ORDER BY w.opened_at DESC, a.id",
        )?
        .query_map(params![vehicle, except], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The vehicle's last job before `except` (not cancelled) whose walk-around checked
/// something: (id, number, opened, plate).
pub(crate) fn last_walkaround_job(
    conn: &Connection,
    vehicle: VehicleId,
    except: Option<WorkOrderId>,
) -> Result<Option<(WorkOrderId, String, NaiveDateTime, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT w.id, w.number, w.opened_at, v.plate FROM work_orders w
             JOIN vehicles v ON v.id = w.vehicle_id
             WHERE w.vehicle_id = ?1 AND (?2 IS NULL OR w.id <> ?2)
               AND w.status <> 'cancelled'
               AND (?2 IS NULL OR w.opened_at <= (SELECT opened_at FROM work_orders WHERE id = ?2))
               AND EXISTS (SELECT 1 FROM inspection_items i WHERE i.work_order_id = w.id
                           AND i.status <> 'not_checked')
             ORDER BY w.opened_at DESC, w.id DESC LIMIT 1",
        )?
        .query_row(params![vehicle, except], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .optional()?)
}

/// Marks a declined item as carried to job `wo`.
pub(crate) fn mark_carried(conn: &Connection, item: i64, wo: WorkOrderId) -> Result<()> {
    conn.execute(
        "UPDATE additional_items SET carried_to = ?2 WHERE id = ?1",
        params![item, wo],
    )?;
    Ok(())
}
