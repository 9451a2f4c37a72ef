//! SQL of `pickup_checks` and `pickup_calls`: the final check that marks a job ready,
//! when the customer must be told, the calls telling them, and Today's call list.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{CoreError, Result};
use crate::ids::WorkOrderId;
use crate::pricing::estimate::ApprovalChannel;
use crate::reason::Reason;
use crate::settlement::pickup::{
    check_call, check_ready, notify_by, PickupCall, PickupCallInput, PickupCallTask, PickupCheck,
    ReadyInput, TestDrive,
};
use crate::store::{parse_column, staff, work_orders, workshop, Store};
use crate::work_order::{check_final_check, WorkOrderStatus};

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

fn check_of(conn: &Connection, wo: WorkOrderId) -> Result<Option<PickupCheck>> {
    Ok(conn
        .prepare_cached(
            "SELECT work_order_id, work_done, test_drive, cleaned, belongings_back,
                    old_parts_set_aside, checked_by, checked_at, pickup_at, notify_by
             FROM pickup_checks WHERE work_order_id = ?1",
        )?
        .query_row([wo], check_from_row)
        .optional()?)
}

fn calls(conn: &Connection, wo: WorkOrderId) -> Result<Vec<PickupCall>> {
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

impl Store {
    /// Marks the job ready after the final check, and records when the customer must be
    /// told: an hour before pickup for jobs of up to two days, four hours for longer.
    pub fn mark_ready(
        &self,
        wo: WorkOrderId,
        input: &ReadyInput,
        now: NaiveDateTime,
    ) -> Result<PickupCheck> {
        let issues = check_ready(input);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        self.with_tx(|tx| {
            let work_order = work_orders::load(tx, wo)?;
            check_final_check(work_order.status).map_err(CoreError::conflict)?;
            let promised = workshop::promised_now(tx, &work_order)?;
            let pickup_at = input
                .pickup_at
                .or(promised)
                .ok_or(CoreError::invalid("pickupAt", Reason::PickupTimeRequired))?;
            let settings = staff::settlement_settings(tx)?;
            let tell_by = notify_by(work_order.opened_at, promised, pickup_at, &settings);
            tx.prepare_cached(
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
                tell_by
            ])?;
            work_orders::set_status(tx, wo, WorkOrderStatus::Ready, now)?;
            check_of(tx, wo)?.ok_or(CoreError::NotFound {
                what: "pickup_check",
            })
        })
    }

    pub fn pickup_check(&self, wo: WorkOrderId) -> Result<Option<PickupCheck>> {
        self.with_conn(|conn| check_of(conn, wo))
    }

    /// Records a call telling the customer the car is ready (or that nobody answered).
    pub fn record_pickup_call(
        &self,
        wo: WorkOrderId,
        input: &PickupCallInput,
        now: NaiveDateTime,
    ) -> Result<Vec<PickupCall>> {
        let issues = check_call(input);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        self.with_tx(|tx| {
            if work_orders::load(tx, wo)?.status != WorkOrderStatus::Ready {
                return Err(CoreError::conflict(Reason::StatusTransition));
            }
            tx.prepare_cached(
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
            calls(tx, wo)
        })
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
