//! SQL of the dispatch sheet: `dispatches` (one per job), its `dispatch_items`, and the
//! `finding_notices` passed to the desk (a notice of an additional item reads its time,
//! finder and finding from the item).
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::domain::dispatch::{
    Dispatch, DispatchInput, DispatchItem, DispatchMode, FindingNotice, FindingNoticeInput,
};
use crate::error::Result;
use crate::ids::WorkOrderId;
use crate::store::parse_column;

fn from_row(row: &Row<'_>) -> rusqlite::Result<Dispatch> {
    let mode: String = row.get(1)?;
    Ok(Dispatch {
        work_order_id: row.get(0)?,
        mode: parse_column(1, &mode, DispatchMode::parse)?,
        assigned_to: row.get(2)?,
        items: Vec::new(),
        handed_at: row.get(3)?,
        dispatched_by: row.get(4)?,
        updated_at: row.get(5)?,
    })
}

/// A job's sheet, `None` before one is saved.
pub(crate) fn load(conn: &Connection, wo: WorkOrderId) -> Result<Option<Dispatch>> {
    let sheet = conn
        .prepare_cached(
            "SELECT work_order_id, mode, assigned_to, handed_at, dispatched_by, updated_at
             FROM dispatches WHERE work_order_id = ?1",
        )?
        .query_row([wo], from_row)
        .optional()?;
    let Some(mut sheet) = sheet else {
        return Ok(None);
    };
    sheet.items = conn
        .prepare_cached(
            "SELECT description, planned_minutes FROM dispatch_items
             WHERE work_order_id = ?1 ORDER BY position",
        )?
        .query_map([wo], |row| {
            Ok(DispatchItem {
                description: row.get(0)?,
                planned_minutes: row.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(sheet))
}

/// Writes the whole sheet, replacing its items.
pub(crate) fn save(
    conn: &Connection,
    wo: WorkOrderId,
    input: &DispatchInput,
    now: NaiveDateTime,
) -> Result<()> {
    conn.execute(
        "INSERT INTO dispatches (work_order_id, mode, assigned_to, handed_at, dispatched_by,
             updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (work_order_id) DO UPDATE SET
             mode = excluded.mode,
             assigned_to = excluded.assigned_to,
             handed_at = excluded.handed_at,
             dispatched_by = excluded.dispatched_by,
             updated_at = excluded.updated_at",
        params![
            wo,
            input.mode.as_str(),
            input.assigned_to,
            input.handed_at,
            input.dispatched_by,
            now
        ],
    )?;
    conn.execute("DELETE FROM dispatch_items WHERE work_order_id = ?1", [wo])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO dispatch_items (work_order_id, position, description, planned_minutes)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, item) in input.items.iter().enumerate() {
        insert.execute(params![
            wo,
            i as i64,
            item.description,
            item.planned_minutes
        ])?;
    }
    Ok(())
}

/// The job's notices, oldest first by when the desk was told.
pub(crate) fn notices(conn: &Connection, wo: WorkOrderId) -> Result<Vec<FindingNotice>> {
    let rows = conn
        .prepare_cached(
            "SELECT n.id, n.additional_item_id, coalesce(n.at, i.found_at),
                    coalesce(n.reported_by, i.found_by), coalesce(n.what, i.finding),
                    n.taken_by, n.recorded_at
             FROM finding_notices n
             LEFT JOIN additional_items i ON i.id = n.additional_item_id
             WHERE n.work_order_id = ?1
             ORDER BY coalesce(n.at, i.found_at), n.id",
        )?
        .query_map([wo], |row| {
            Ok(FindingNotice {
                id: row.get(0)?,
                additional_item_id: row.get(1)?,
                at: row.get(2)?,
                reported_by: row.get(3)?,
                what: row.get(4)?,
                taken_by: row.get(5)?,
                recorded_at: row.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Whether additional item `item` of job `wo` exists.
pub(crate) fn item_on_job(conn: &Connection, wo: WorkOrderId, item: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM additional_items WHERE id = ?1 AND work_order_id = ?2")?
        .query_row(params![item, wo], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether a notice already records additional item `item`.
pub(crate) fn item_noticed(conn: &Connection, item: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM finding_notices WHERE additional_item_id = ?1")?
        .query_row([item], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Adds a checked notice; one of an additional item keeps only the link.
pub(crate) fn insert_notice(
    conn: &Connection,
    wo: WorkOrderId,
    input: &FindingNoticeInput,
    now: NaiveDateTime,
) -> Result<i64> {
    let own = input.additional_item_id.is_none();
    conn.execute(
        "INSERT INTO finding_notices (work_order_id, additional_item_id, at, reported_by, what,
             taken_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            wo,
            input.additional_item_id,
            input.at.filter(|_| own),
            own.then(|| input.reported_by.trim()),
            own.then(|| input.what.trim()),
            input.taken_by.trim(),
            now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}
