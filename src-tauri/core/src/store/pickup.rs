//! SQL of `pickup_checks` and `pickup_calls`: the final check that marks a job ready,
//! when the customer must be told, the calls telling them, and Today's call list. The
//! checks and the timing are asked in [`crate::desk::pickup`].
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::domain::pricing::ApprovalChannel;
use crate::domain::settlement::{
    PickupCall, PickupCallInput, PickupCallTask, PickupCheck, ReadyInput, TestDrive,
};
use crate::error::Result;
use crate::ids::WorkOrderId;
use crate::store::{parse_column, Store};

fn check_from_row(row: &Row<'_>) -> rusqlite::Result<PickupCheck> {
    let test_drive: String = row.get(2)?;
    let pickup_at = row.get(8)?;
    Ok(PickupCheck {
        work_order_id: row.get(0)?,
        input: ReadyInput {
            work_done: row.get(1)?,
            test_drive: parse_column(2, &test_drive, |s| match s {
                "done" => Some(TestDrive::Done),
                "not_needed" => Some(TestDrive::NotNeeded),
                _ => None,
            })?,
            cleaned: row.get(3)?,
            belongings_back: row.get(4)?,
            old_parts_set_aside: row.get(5)?,
            checked_by: row.get(6)?,
            pickup_at: Some(pickup_at),
        },
        checked_at: row.get(7)?,
        pickup_at,
        notify_by: row.get(9)?,
    })
}

pub(crate) fn check_of(conn: &Connection, wo: WorkOrderId) -> Result<Option<PickupCheck>> {
    Ok(conn
        .prepare_cached(
            "SELECT work_order_id, work_done, test_drive, cleaned, belongings_back,
                    old_parts_set_aside, checked_by, checked_at, pickup_at, notify_by
             FROM pickup_checks WHERE work_order_id = ?1",
        )?
        .query_row([wo], check_from_row)
        .optional()?)
}

pub(crate) fn calls(conn: &Connection, wo: WorkOrderId) -> Result<Vec<PickupCall>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, channel, reached, spoke_with, answer, recorded_by FROM pickup_calls
         WHERE work_order_id = ?1 ORDER BY at, id",
    )?;
    let rows = stmt
        .query_map([wo], |row| {
            let channel: String = row.get(1)?;
            Ok(PickupCall {
                at: row.get(0)?,
                input: PickupCallInput {
                    channel: parse_column(1, &channel, ApprovalChannel::parse)?,
                    reached: row.get(2)?,
                    spoke_with: row.get(3)?,
                    answer: row.get(4)?,
                    recorded_by: row.get(5)?,
                },
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Writes (or rewrites) the job's final check with its pickup and tell-by times.
pub(crate) fn save_check(
    conn: &Connection,
    wo: WorkOrderId,
    input: &ReadyInput,
    pickup_at: NaiveDateTime,
    notify_by: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO pickup_checks (work_order_id, work_done, test_drive, cleaned,
             belongings_back, old_parts_set_aside, checked_by, checked_at, pickup_at,
             notify_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (work_order_id) DO UPDATE SET work_done = excluded.work_done,
             test_drive = excluded.test_drive, cleaned = excluded.cleaned,
             belongings_back = excluded.belongings_back,
             old_parts_set_aside = excluded.old_parts_set_aside,
             checked_by = excluded.checked_by, checked_at = excluded.checked_at,
             pickup_at = excluded.pickup_at, notify_by = excluded.notify_by",
    )?
    .execute(params![
        wo,
        input.work_done,
        match input.test_drive {
            TestDrive::Done => "done",
            TestDrive::NotNeeded => "not_needed",
        },
        input.cleaned,
        input.belongings_back,
        input.old_parts_set_aside,
        input.checked_by.trim(),
        now,
        pickup_at,
        notify_by
    ])?;
    Ok(())
}

/// Adds one call telling the customer.
pub(crate) fn insert_call(
    conn: &Connection,
    wo: WorkOrderId,
    input: &PickupCallInput,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO pickup_calls (work_order_id, at, channel, reached, spoke_with,
                                   answer, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        wo,
        now,
        input.channel.as_str(),
        input.reached,
        input.spoke_with.trim(),
        input.answer.trim(),
        input.recorded_by.trim()
    ])?;
    Ok(())
}

impl Store {
    pub fn pickup_check(&self, wo: WorkOrderId) -> Result<Option<PickupCheck>> {
        self.with_conn(|conn| check_of(conn, wo))
    }

    pub fn pickup_calls(&self, wo: WorkOrderId) -> Result<Vec<PickupCall>> {
        self.with_conn(|conn| calls(conn, wo))
    }

    /// Today's "call the customer" list: ready jobs nobody has reached yet, by the time
    /// the customer must be told.
    pub fn pickup_call_tasks(&self, now: NaiveDateTime) -> Result<Vec<PickupCallTask>> {
        self.with_conn(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT w.id, w.number, v.plate,
                        c.display_name,
                        COALESCE(NULLIF(w.contact_phone, ''),
                                 (SELECT p.number FROM customer_phones p
                                  WHERE p.customer_id = c.id ORDER BY p.is_primary DESC,
                                        p.position LIMIT 1), ''),
                        k.pickup_at, k.notify_by,
                        (SELECT count(*) FROM pickup_calls pc WHERE pc.work_order_id = w.id)
                 FROM pickup_checks k
                 JOIN work_orders w ON w.id = k.work_order_id
                 JOIN vehicles v ON v.id = w.vehicle_id
                 JOIN customers c ON c.id = w.customer_id
                 WHERE w.status = 'ready'
                   AND NOT EXISTS (SELECT 1 FROM pickup_calls pc
                                   WHERE pc.work_order_id = w.id AND pc.reached = 1)
                 ORDER BY k.notify_by, w.id",
            )?;
            let rows = stmt
                .query_map([], |row| {
                    let notify_by: NaiveDateTime = row.get(6)?;
                    Ok(PickupCallTask {
                        work_order_id: row.get(0)?,
                        number: row.get(1)?,
                        plate: row.get(2)?,
                        customer_name: row.get(3)?,
                        phone: row.get(4)?,
                        pickup_at: row.get(5)?,
                        notify_by,
                        due: notify_by <= now,
                        tries: row.get(7)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }
}
