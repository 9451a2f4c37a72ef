//! SQL of `appointments` and `appointment_calls`: the booking and its reminder calls as
//! one aggregate (its deposit read through `appointment_deposits`), and the booking
//! settings kept as one JSON value.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::domain::appointment::{
    Appointment, AppointmentChange, AppointmentInput, AppointmentStatus, CallOutcome,
    CallerContact, ReminderCall, ReminderCallInput,
};
use crate::domain::shop::BookingSettings;
use crate::error::{CoreError, Result};
use crate::ids::{AppointmentId, CustomerId, WorkOrderId};
use crate::reason::Reason;
use crate::store::numbering::Issued;
use crate::store::{appointment_deposits, found, parse_column, staff};

const SETTINGS_KEY: &str = "booking.settings";

const COLUMNS: &str = "a.id, a.number, a.status, a.customer_id, a.vehicle_id, a.caller_name,
     a.caller_phone, a.caller_plate, COALESCE(c.display_name, a.caller_name),
     COALESCE((SELECT p.number FROM customer_phones p WHERE p.customer_id = a.customer_id
               ORDER BY p.is_primary DESC, p.position LIMIT 1), a.caller_phone),
     COALESCE(v.plate, a.caller_plate), a.starts_at, a.duration_minutes, a.bay,
     a.wanted_work, a.parts, a.parts_minor, a.expected_price_minor, a.bring_handbook,
     a.booked_by, a.booked_at, a.note, a.work_order_id, a.closed_at, a.cancel_reason,
     a.updated_at";

const FROM: &str = "FROM appointments a
     LEFT JOIN customers c ON c.id = a.customer_id
     LEFT JOIN vehicles v ON v.id = a.vehicle_id";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Appointment> {
    let status: String = row.get(2)?;
    let caller_name: String = row.get(5)?;
    let caller = CallerContact {
        name: caller_name,
        phone: row.get(6)?,
        plate: row.get(7)?,
    };
    let parts: String = row.get(15)?;
    let parts = serde_json::from_str(&parts).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(15, rusqlite::types::Type::Text, e.into())
    })?;
    Ok(Appointment {
        id: row.get(0)?,
        number: row.get(1)?,
        status: parse_column(2, &status, AppointmentStatus::parse)?,
        customer_id: row.get(3)?,
        vehicle_id: row.get(4)?,
        caller: (!caller.name.is_empty()).then_some(caller),
        customer_name: row.get(8)?,
        phone: row.get(9)?,
        plate: row.get(10)?,
        starts_at: row.get(11)?,
        duration_minutes: row.get(12)?,
        bay: row.get(13)?,
        wanted_work: row.get(14)?,
        parts,
        parts_minor: row.get(16)?,
        expected_price_minor: row.get(17)?,
        bring_handbook: row.get(18)?,
        booked_by: row.get(19)?,
        booked_at: row.get(20)?,
        note: row.get(21)?,
        calls: Vec::new(),
        changes: Vec::new(),
        deposit: None,
        work_order_id: row.get(22)?,
        closed_at: row.get(23)?,
        cancel_reason: row.get(24)?,
        updated_at: row.get(25)?,
    })
}

fn call_from_row(row: &Row<'_>) -> rusqlite::Result<ReminderCall> {
    let outcome: String = row.get(2)?;
    Ok(ReminderCall {
        at: row.get(0)?,
        by: row.get(1)?,
        outcome: parse_column(2, &outcome, CallOutcome::parse)?,
        note: row.get(3)?,
        moved_to: row.get(4)?,
    })
}

fn change_from_row(row: &Row<'_>) -> rusqlite::Result<AppointmentChange> {
    Ok(AppointmentChange {
        at: row.get(0)?,
        by: row.get(1)?,
        from_starts_at: row.get(2)?,
        starts_at: row.get(3)?,
        from_bay: row.get(4)?,
        bay: row.get(5)?,
    })
}

/// Fills in the calls, the changes and the deposit of `a`.
fn complete(conn: &Connection, mut a: Appointment) -> Result<Appointment> {
    a.calls = conn
        .prepare_cached(
            "SELECT at, by_name, outcome, note, moved_to FROM appointment_calls
             WHERE appointment_id = ?1 ORDER BY at, id",
        )?
        .query_map([a.id], call_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    a.changes = conn
        .prepare_cached(
            "SELECT at, by_name, from_starts_at, to_starts_at, from_bay, to_bay
             FROM appointment_changes WHERE appointment_id = ?1 ORDER BY id",
        )?
        .query_map([a.id], change_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    a.deposit = appointment_deposits::load(conn, a.id)?;
    Ok(a)
}

pub(crate) fn load(conn: &Connection, id: AppointmentId) -> Result<Appointment> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} {FROM} WHERE a.id = ?1"))?;
    let a = found(stmt.query_row([id], from_row), "appointment")?;
    complete(conn, a)
}

/// The appointments starting from `from` (inclusive) to `to` (exclusive), by time and bay.
pub(crate) fn between(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<Appointment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} {FROM} WHERE a.starts_at >= ?1 AND a.starts_at < ?2
         ORDER BY a.starts_at, a.bay, a.id"
    ))?;
    let rows: Vec<Appointment> = stmt
        .query_map(params![from, to], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(|a| complete(conn, a)).collect()
}

/// Start and minutes of the bookings that still hold a bay (booked, confirmed or
/// arrived) and start in `from..to`, leaving out `except`.
pub(crate) fn bay_holders(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
    except: Option<AppointmentId>,
) -> Result<Vec<(NaiveDateTime, u32)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT starts_at, duration_minutes FROM appointments
         WHERE starts_at >= ?1 AND starts_at < ?2
           AND status IN ('booked', 'confirmed', 'arrived')
           AND (?3 IS NULL OR id <> ?3)",
    )?;
    let rows = stmt
        .query_map(params![from, to, except], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Number, start and minutes of the bookings that still hold `bay` (booked, confirmed or
/// arrived) and start in `from..to`, leaving out `except`, by time.
pub(crate) fn in_bay(
    conn: &Connection,
    bay: u32,
    from: NaiveDateTime,
    to: NaiveDateTime,
    except: Option<AppointmentId>,
) -> Result<Vec<(String, NaiveDateTime, u32)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT number, starts_at, duration_minutes FROM appointments
         WHERE bay = ?1 AND starts_at >= ?2 AND starts_at < ?3
           AND status IN ('booked', 'confirmed', 'arrived')
           AND (?4 IS NULL OR id <> ?4)
         ORDER BY starts_at, id",
    )?;
    let rows = stmt
        .query_map(params![bay, from, to, except], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Status and time of every earlier appointment of the customer on file, or of the phone
/// a new caller gave, for the no-show history.
pub(crate) fn history(
    conn: &Connection,
    customer: Option<CustomerId>,
    phone: &str,
) -> Result<Vec<(AppointmentStatus, NaiveDateTime)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.status, a.starts_at FROM appointments a
         WHERE (?1 IS NOT NULL AND a.customer_id = ?1)
            OR (?2 <> '' AND (a.caller_phone = ?2 OR a.customer_id IN
                 (SELECT customer_id FROM customer_phones WHERE number = ?2)))
         ORDER BY a.starts_at DESC",
    )?;
    let rows = stmt
        .query_map(params![customer, phone], |row| {
            let status: String = row.get(0)?;
            Ok((
                parse_column(0, &status, AppointmentStatus::parse)?,
                row.get(1)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Appointments cancelled or missed, or arrived and their job called off, whose deposit
/// still waits for the supervisor.
pub(crate) fn deposits_undecided(conn: &Connection) -> Result<Vec<AppointmentId>> {
    let ids = conn
        .prepare_cached(
            "SELECT a.id FROM appointments a
             JOIN appointment_deposits d ON d.appointment_id = a.id
             WHERE d.state = 'held' AND a.status IN ('cancelled', 'no_show', 'arrived')
             ORDER BY a.starts_at, a.id",
        )?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Files a clean booking under its number.
pub(crate) fn insert(
    conn: &Connection,
    issued: &Issued,
    input: &AppointmentInput,
    parts_minor: i64,
    now: NaiveDateTime,
) -> Result<AppointmentId> {
    let caller = input.caller.clone().unwrap_or_default();
    conn.prepare_cached(
        "INSERT INTO appointments (number, year, seq, status, customer_id, vehicle_id,
             caller_name, caller_phone, caller_plate, starts_at, duration_minutes, bay,
             wanted_work, parts, parts_minor, expected_price_minor, bring_handbook,
             booked_by, booked_at, note, updated_at)
         VALUES (?1, ?2, ?3, 'booked', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                 ?16, ?17, ?18, ?19, ?18)",
    )?
    .execute(params![
        issued.number,
        issued.year,
        issued.seq,
        input.customer_id,
        input.vehicle_id,
        caller.name,
        caller.phone,
        caller.plate,
        input.starts_at,
        input.duration_minutes,
        input.bay,
        input.wanted_work,
        parts_json(input)?,
        parts_minor,
        input.expected_price_minor,
        input.bring_handbook,
        input.booked_by,
        now,
        input.note
    ])?;
    Ok(AppointmentId(conn.last_insert_rowid()))
}

fn parts_json(input: &AppointmentInput) -> Result<String> {
    serde_json::to_string(&input.parts)
        .map_err(|_| CoreError::invalid("parts", Reason::AppointmentPartDescription))
}

/// Rewrites what the desk may change on an open booking.
pub(crate) fn update(
    conn: &Connection,
    id: AppointmentId,
    input: &AppointmentInput,
    parts_minor: i64,
    now: NaiveDateTime,
) -> Result<()> {
    let caller = input.caller.clone().unwrap_or_default();
    conn.prepare_cached(
        "UPDATE appointments SET customer_id = ?2, vehicle_id = ?3, caller_name = ?4,
             caller_phone = ?5, caller_plate = ?6, starts_at = ?7, duration_minutes = ?8,
             bay = ?9, wanted_work = ?10, parts = ?11, parts_minor = ?12,
             expected_price_minor = ?13, bring_handbook = ?14, note = ?15, updated_at = ?16
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        input.customer_id,
        input.vehicle_id,
        caller.name,
        caller.phone,
        caller.plate,
        input.starts_at,
        input.duration_minutes,
        input.bay,
        input.wanted_work,
        parts_json(input)?,
        parts_minor,
        input.expected_price_minor,
        input.bring_handbook,
        input.note,
        now
    ])?;
    Ok(())
}

pub(crate) fn set_status(
    conn: &Connection,
    id: AppointmentId,
    status: AppointmentStatus,
    cancel_reason: &str,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE appointments SET status = ?2, cancel_reason = ?3, updated_at = ?4,
             closed_at = CASE WHEN ?2 IN ('arrived', 'no_show', 'cancelled') THEN ?4 END
         WHERE id = ?1",
    )?
    .execute(params![id, status.as_str(), cancel_reason, now])?;
    Ok(())
}

pub(crate) fn move_to(
    conn: &Connection,
    id: AppointmentId,
    starts_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached("UPDATE appointments SET starts_at = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, starts_at, now])?;
    Ok(())
}

/// Records who changed the booking, when, and its time and bay before and after.
pub(crate) fn insert_change(
    conn: &Connection,
    id: AppointmentId,
    change: &AppointmentChange,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO appointment_changes (appointment_id, at, by_name, from_starts_at,
             to_starts_at, from_bay, to_bay)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        id,
        change.at,
        change.by,
        change.from_starts_at,
        change.starts_at,
        change.from_bay,
        change.bay
    ])?;
    Ok(())
}

pub(crate) fn insert_call(
    conn: &Connection,
    id: AppointmentId,
    input: &ReminderCallInput,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO appointment_calls (appointment_id, at, by_name, outcome, note, moved_to)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        id,
        now,
        input.by.trim(),
        input.outcome.as_str(),
        input.note.trim(),
        input.moved_to
    ])?;
    Ok(())
}

/// Links the booking to the job it became and marks it arrived.
pub(crate) fn link_work_order(
    conn: &Connection,
    id: AppointmentId,
    wo: WorkOrderId,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE appointments SET status = 'arrived', work_order_id = ?2, closed_at = ?3,
             updated_at = ?3
         WHERE id = ?1",
    )?
    .execute(params![id, wo, now])?;
    Ok(())
}

/// The appointment a job came from, if any.
pub(crate) fn for_work_order(conn: &Connection, wo: WorkOrderId) -> Result<Option<AppointmentId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM appointments WHERE work_order_id = ?1")?
        .query_row([wo], |row| row.get(0))
        .optional()?)
}

/// The shop's booking settings; defaults until saved. A stored value that no longer reads
/// is refused, never taken for the defaults.
pub(crate) fn settings(conn: &Connection) -> Result<BookingSettings> {
    match staff::setting(conn, SETTINGS_KEY)? {
        None => Ok(BookingSettings::default()),
        Some(v) => {
            serde_json::from_str(&v).map_err(|_| CoreError::conflict(Reason::SettingsUnreadable))
        }
    }
}

pub(crate) fn save_settings(conn: &Connection, settings: &BookingSettings) -> Result<()> {
    let json = serde_json::to_string(settings)
        .map_err(|_| CoreError::conflict(Reason::SettingsUnreadable))?;
    staff::put_setting(conn, SETTINGS_KEY, &json)
}

/// Files the customer and vehicle a new caller turned out to be (or was made into).
pub(crate) fn attach_file(
    conn: &Connection,
    id: AppointmentId,
    customer: CustomerId,
    vehicle: crate::ids::VehicleId,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE appointments SET customer_id = ?2, vehicle_id = ?3, updated_at = ?4
         WHERE id = ?1",
    )?
    .execute(params![id, customer, vehicle, now])?;
    Ok(())
}
