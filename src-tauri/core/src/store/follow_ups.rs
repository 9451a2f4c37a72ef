//! SQL of the follow-up calls (migration 016): `follow_up_plans` (whom the
//! shop chose to call among the cars that left) and `follow_up_calls`, with the rows the
//! queue, a job and the register read. Rows in, rows out: the windows, the pick and the
//! supervisor's two days are decided in `follow_up`.
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::domain::follow_up::{CallStage, CarRuns, FollowUpCallInput, FollowUpSettings};
use crate::error::{CoreError, Result};
use crate::ids::{AppointmentId, CustomerId, FollowUpCallId, VehicleId, WorkOrderId};
use crate::reason::Reason;
use crate::store::staff;

const SETTINGS_KEY: &str = "follow_up.settings";
const PICK_KEY: &str = "follow_up.pick";

/// A car that left and has not been considered for calls yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftJob {
    pub work_order_id: WorkOrderId,
    pub left_at: NaiveDateTime,
    pub agrees: bool,
    pub overhaul: bool,
    /// Marked no fault found or service mistake already.
    pub marked: bool,
}

/// A considered job with what the queue shows of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    pub work_order_id: WorkOrderId,
    pub number: String,
    pub plate: String,
    pub customer_name: String,
    pub phone: String,
    pub agrees: bool,
    pub left_at: NaiveDateTime,
    pub overhaul: bool,
    pub picked: bool,
    pub no_fault_found: bool,
    pub service_mistake: bool,
}

/// One stored call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRow {
    pub id: FollowUpCallId,
    pub work_order_id: WorkOrderId,
    pub at: NaiveDateTime,
    pub input: FollowUpCallInput,
    pub appointment_id: Option<AppointmentId>,
    pub appointment_number: Option<String>,
    pub customer_told_at: Option<NaiveDateTime>,
    pub reported_at: Option<NaiveDateTime>,
    pub reported_to: String,
    pub handled_note: String,
}

pub(crate) fn bad(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("{what} has unexpected value {value:?}").into(),
    )
}

/// The shop's follow-up settings; defaults until saved. A stored value that no longer
/// reads is refused, never taken for the defaults.
pub(crate) fn settings(conn: &Connection) -> Result<FollowUpSettings> {
    match staff::setting(conn, SETTINGS_KEY)? {
        None => Ok(FollowUpSettings::default()),
        Some(v) => {
            serde_json::from_str(&v).map_err(|_| CoreError::conflict(Reason::SettingsUnreadable))
        }
    }
}

pub(crate) fn save_settings(conn: &Connection, s: &FollowUpSettings) -> Result<()> {
    let json =
        serde_json::to_string(s).map_err(|_| CoreError::conflict(Reason::SettingsUnreadable))?;
    staff::put_setting(conn, SETTINGS_KEY, &json)
}

/// The even pick's count, as the rules wrote it.
pub(crate) fn pick_count(conn: &Connection) -> Result<Option<String>> {
    staff::setting(conn, PICK_KEY)
}

pub(crate) fn save_pick_count(conn: &Connection, json: &str) -> Result<()> {
    staff::put_setting(conn, PICK_KEY, json)
}

/// The cars that left (the handover signed, else the exit notice issued) and are not
/// yet considered, in the order they left; whether their signed settlement holds a line
/// of the overhaul class (大修).
pub(crate) fn left_unplanned(conn: &Connection) -> Result<Vec<LeftJob>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.work_order_id, COALESCE(h.signed_at, e.issued_at) AS left_at,
                c.agrees_to_follow_up,
                EXISTS (SELECT 1 FROM settlements s, json_each(s.snapshot, '$.lines') l
                        WHERE s.id = e.settlement_id AND json_valid(s.snapshot)
                          AND json_extract(l.value, '$.line.guarantee.class') = 'overhaul'),
                EXISTS (SELECT 1 FROM job_marks m WHERE m.work_order_id = e.work_order_id)
         FROM exit_notices e
         JOIN work_orders w ON w.id = e.work_order_id
         JOIN customers c ON c.id = w.customer_id
         LEFT JOIN exit_handovers h ON h.work_order_id = e.work_order_id
         WHERE NOT EXISTS (SELECT 1 FROM follow_up_plans p WHERE p.work_order_id = e.work_order_id)
         ORDER BY left_at, e.id",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok(LeftJob {
            work_order_id: row.get(0)?,
            left_at: row.get(1)?,
            agrees: row.get(2)?,
            overhaul: row.get(3)?,
            marked: row.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn insert_plan(
    conn: &Connection,
    job: &LeftJob,
    picked: bool,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO follow_up_plans (work_order_id, left_at, overhaul, picked, planned_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        job.work_order_id,
        job.left_at,
        job.overhaul,
        picked,
        now
    ])?;
    Ok(())
}

const PLAN_SELECT: &str = "SELECT p.work_order_id, w.number, v.plate, c.display_name,
        COALESCE((SELECT number FROM customer_phones ph WHERE ph.customer_id = c.id
                  ORDER BY ph.is_primary DESC, ph.position LIMIT 1), ''),
        c.agrees_to_follow_up, p.left_at, p.overhaul, p.picked,
        EXISTS (SELECT 1 FROM job_marks m WHERE m.work_order_id = p.work_order_id
                AND m.kind = 'no_fault_found'),
        EXISTS (SELECT 1 FROM job_marks m WHERE m.work_order_id = p.work_order_id
                AND m.kind = 'service_mistake')
     FROM follow_up_plans p
     JOIN work_orders w ON w.id = p.work_order_id
     JOIN vehicles v ON v.id = w.vehicle_id
     JOIN customers c ON c.id = w.customer_id";

fn plan_from_row(row: &Row<'_>) -> rusqlite::Result<PlanRow> {
    Ok(PlanRow {
        work_order_id: row.get(0)?,
        number: row.get(1)?,
        plate: row.get(2)?,
        customer_name: row.get(3)?,
        phone: row.get(4)?,
        agrees: row.get(5)?,
        left_at: row.get(6)?,
        overhaul: row.get(7)?,
        picked: row.get(8)?,
        no_fault_found: row.get(9)?,
        service_mistake: row.get(10)?,
    })
}

/// The considered jobs that left in `[from, to)`, in the order they left.
pub(crate) fn plans_left_between(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<PlanRow>> {
    let sql = format!("{PLAN_SELECT} WHERE p.left_at >= ?1 AND p.left_at < ?2 ORDER BY p.left_at, p.work_order_id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![from, to], plan_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn plan(conn: &Connection, id: WorkOrderId) -> Result<Option<PlanRow>> {
    let sql = format!("{PLAN_SELECT} WHERE p.work_order_id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], plan_from_row)
        .optional()?)
}

const CALL_SELECT: &str = "SELECT f.id, f.work_order_id, f.called_at, f.stage, f.reached,
        f.car_runs, f.score, f.words, f.next_service_date, f.next_service_km, f.new_service,
        f.needs_supervisor, f.problem, f.called_by, f.appointment_id, a.number,
        f.customer_told_at, f.reported_at, COALESCE(f.reported_to, ''), f.handled_note
     FROM follow_up_calls f LEFT JOIN appointments a ON a.id = f.appointment_id";

fn call_from_row(row: &Row<'_>) -> rusqlite::Result<CallRow> {
    let stage: String = row.get(3)?;
    let runs: String = row.get(5)?;
    Ok(CallRow {
        id: row.get(0)?,
        work_order_id: row.get(1)?,
        at: row.get(2)?,
        input: FollowUpCallInput {
            stage: CallStage::parse(&stage).ok_or_else(|| bad("stage", &stage))?,
            reached: row.get(4)?,
            car_runs: CarRuns::parse(&runs).ok_or_else(|| bad("car_runs", &runs))?,
            score: row.get(6)?,
            words: row.get(7)?,
            next_service_date: row.get(8)?,
            next_service_km: row.get(9)?,
            new_service: row.get(10)?,
            needs_supervisor: row.get(11)?,
            problem: row.get(12)?,
            called_by: row.get(13)?,
        },
        appointment_id: row.get(14)?,
        appointment_number: row.get(15)?,
        customer_told_at: row.get(16)?,
        reported_at: row.get(17)?,
        reported_to: row.get(18)?,
        handled_note: row.get(19)?,
    })
}

/// The calls of the jobs that left in `[from, to)`.
pub(crate) fn calls_of_left_between(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<CallRow>> {
    let sql = format!(
        "{CALL_SELECT} JOIN follow_up_plans p ON p.work_order_id = f.work_order_id
         WHERE p.left_at >= ?1 AND p.left_at < ?2 ORDER BY f.called_at, f.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![from, to], call_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The calls made in `[from, to)`, in the order made.
pub(crate) fn calls_made_between(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<CallRow>> {
    let sql = format!(
        "{CALL_SELECT} WHERE f.called_at >= ?1 AND f.called_at < ?2 ORDER BY f.called_at, f.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![from, to], call_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn calls_of_job(conn: &Connection, id: WorkOrderId) -> Result<Vec<CallRow>> {
    let sql = format!("{CALL_SELECT} WHERE f.work_order_id = ?1 ORDER BY f.called_at, f.id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([id], call_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The calls about a customer's jobs, latest first, at most `limit`.
pub(crate) fn calls_of_customer(
    conn: &Connection,
    customer: CustomerId,
    limit: u32,
) -> Result<Vec<CallRow>> {
    let sql = format!(
        "{CALL_SELECT} JOIN work_orders w ON w.id = f.work_order_id
         WHERE w.customer_id = ?1 ORDER BY f.called_at DESC, f.id DESC LIMIT ?2"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![customer, limit], call_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn call(conn: &Connection, id: FollowUpCallId) -> Result<CallRow> {
    let sql = format!("{CALL_SELECT} WHERE f.id = ?1");
    conn.prepare_cached(&sql)?
        .query_row([id], call_from_row)
        .optional()?
        .ok_or(CoreError::NotFound {
            what: "follow_up_call",
        })
}

/// The calls that asked for the supervisor and wait for their report.
pub(crate) fn calls_for_supervisor(conn: &Connection) -> Result<Vec<CallRow>> {
    let sql = format!(
        "{CALL_SELECT} WHERE f.needs_supervisor = 1 AND f.reported_at IS NULL
         ORDER BY f.called_at, f.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], call_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn insert_call(
    conn: &Connection,
    job: WorkOrderId,
    c: &FollowUpCallInput,
    now: NaiveDateTime,
) -> Result<FollowUpCallId> {
    conn.prepare_cached(
        "INSERT INTO follow_up_calls (work_order_id, stage, called_at, reached, car_runs,
             score, words, next_service_date, next_service_km, new_service, needs_supervisor,
             problem, called_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        job,
        c.stage.as_str(),
        now,
        c.reached,
        c.car_runs.as_str(),
        c.score,
        c.words,
        c.next_service_date,
        c.next_service_km,
        c.new_service,
        c.needs_supervisor,
        c.problem,
        c.called_by,
    ])?;
    Ok(FollowUpCallId(conn.last_insert_rowid()))
}

pub(crate) fn set_appointment(
    conn: &Connection,
    call: FollowUpCallId,
    appointment: AppointmentId,
) -> Result<()> {
    conn.prepare_cached("UPDATE follow_up_calls SET appointment_id = ?2 WHERE id = ?1")?
        .execute(params![call, appointment])?;
    Ok(())
}

pub(crate) fn set_customer_told(
    conn: &Connection,
    call: FollowUpCallId,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE follow_up_calls SET customer_told_at = ?2 WHERE id = ?1 AND customer_told_at IS NULL",
    )?
    .execute(params![call, now])?;
    Ok(())
}

pub(crate) fn set_reported(
    conn: &Connection,
    call: FollowUpCallId,
    to: &str,
    note: &str,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE follow_up_calls SET reported_at = ?2, reported_to = ?3, handled_note = ?4
         WHERE id = ?1",
    )?
    .execute(params![call, now, to, note])?;
    Ok(())
}

/// Does an appointment with this id exist.
pub(crate) fn appointment_exists(conn: &Connection, id: AppointmentId) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM appointments WHERE id = ?1")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Who and which car a job is for: number, customer, vehicle, name, plate, phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobHead {
    pub number: String,
    pub customer_id: CustomerId,
    pub vehicle_id: VehicleId,
    pub customer_name: String,
    pub plate: String,
    pub phone: String,
}

pub(crate) fn job_head(conn: &Connection, job: WorkOrderId) -> Result<Option<JobHead>> {
    Ok(conn
        .prepare_cached(
            "SELECT w.number, w.customer_id, w.vehicle_id, c.display_name, v.plate,
                    COALESCE((SELECT number FROM customer_phones ph WHERE ph.customer_id = c.id
                              ORDER BY ph.is_primary DESC, ph.position LIMIT 1), '')
             FROM work_orders w JOIN customers c ON c.id = w.customer_id
             JOIN vehicles v ON v.id = w.vehicle_id WHERE w.id = ?1",
        )?
        .query_row([job], |row| {
            Ok(JobHead {
                number: row.get(0)?,
                customer_id: row.get(1)?,
                vehicle_id: row.get(2)?,
                customer_name: row.get(3)?,
                plate: row.get(4)?,
                phone: row.get(5)?,
            })
        })
        .optional()?)
}

/// The number of a job, `None` when there is none.
pub(crate) fn job_number(conn: &Connection, job: WorkOrderId) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT number FROM work_orders WHERE id = ?1")?
        .query_row([job], |row| row.get(0))
        .optional()?)
}

/// The signed settlement's exit day and odometer out of a job (the service card's base
/// for the next maintenance), `None` before it is signed.
pub(crate) fn exit_day_and_km(
    conn: &Connection,
    job: WorkOrderId,
) -> Result<Option<(NaiveDate, i64)>> {
    Ok(conn
        .prepare_cached(
            "SELECT json_extract(snapshot, '$.exitDate'), json_extract(snapshot, '$.odometerOut')
             FROM settlements WHERE work_order_id = ?1 AND status = 'signed'
               AND json_valid(snapshot) ORDER BY id DESC LIMIT 1",
        )?
        .query_row([job], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?)
}
