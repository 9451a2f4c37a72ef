//! SQL of the customer file's care (migration 018): `vehicle_care`, `customer_wishes`,
//! `customer_contacts`, the doubtful mark on `odometer_readings`, the care settings, and
//! the reads the due list, the lost customers and the file's history are made of.
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::domain::care::{
    CareSettings, ContactInput, ContactKind, CustomerContact, LostReason, VehicleCare, VehicleKind,
};
use crate::error::{CoreError, Result};
use crate::ids::{CustomerId, OdometerReadingId, VehicleId, WorkOrderId};
use crate::reason::Reason;
use crate::store::{parse_column, staff};
use crate::vehicle::DistanceUnit;

const SETTINGS_KEY: &str = "care.settings";

pub(crate) fn vehicle_care(conn: &Connection, vehicle: VehicleId) -> Result<Option<VehicleCare>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, purchase_date, dealer, interval_km, interval_months FROM vehicle_care
         WHERE vehicle_id = ?1",
    )?;
    Ok(stmt
        .query_row([vehicle], |row| {
            let kind: String = row.get(0)?;
            Ok(VehicleCare {
                kind: parse_column(0, &kind, VehicleKind::parse)?,
                purchase_date: row.get(1)?,
                dealer: row.get(2)?,
                interval_km: row.get(3)?,
                interval_months: row.get(4)?,
            })
        })
        .optional()?)
}

pub(crate) fn put_vehicle_care(
    conn: &Connection,
    vehicle: VehicleId,
    care: &VehicleCare,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO vehicle_care (vehicle_id, kind, purchase_date, dealer, interval_km,
                                   interval_months, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (vehicle_id) DO UPDATE SET kind = excluded.kind,
             purchase_date = excluded.purchase_date, dealer = excluded.dealer,
             interval_km = excluded.interval_km, interval_months = excluded.interval_months,
             updated_at = excluded.updated_at",
    )?
    .execute(params![
        vehicle,
        care.kind.as_str(),
        care.purchase_date,
        care.dealer,
        care.interval_km,
        care.interval_months,
        now
    ])?;
    Ok(())
}

pub(crate) fn wishes(conn: &Connection, customer: CustomerId) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT wishes FROM customer_wishes WHERE customer_id = ?1")?
        .query_row([customer], |row| row.get(0))
        .optional()?
        .unwrap_or_default())
}

pub(crate) fn put_wishes(
    conn: &Connection,
    customer: CustomerId,
    wishes: &str,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO customer_wishes (customer_id, wishes, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (customer_id) DO UPDATE SET wishes = excluded.wishes,
             updated_at = excluded.updated_at",
    )?
    .execute(params![customer, wishes, now])?;
    Ok(())
}

fn contact_from_row(row: &Row<'_>) -> rusqlite::Result<CustomerContact> {
    let kind: String = row.get(3)?;
    let reason: Option<String> = row.get(7)?;
    Ok(CustomerContact {
        id: row.get(0)?,
        customer_id: row.get(1)?,
        vehicle_id: row.get(2)?,
        kind: parse_column(3, &kind, ContactKind::parse)?,
        contact_on: row.get(4)?,
        note: row.get(5)?,
        staff: row.get(6)?,
        lost_reason: reason
            .map(|r| parse_column(7, &r, LostReason::parse))
            .transpose()?,
        created_at: row.get(8)?,
    })
}

const CONTACT_COLUMNS: &str = "id, customer_id, vehicle_id, kind, contact_on, note, staff, \
                               lost_reason, created_at";

pub(crate) fn insert_contact(
    conn: &Connection,
    customer: CustomerId,
    input: &ContactInput,
    now: NaiveDateTime,
) -> Result<CustomerContact> {
    conn.prepare_cached(
        "INSERT INTO customer_contacts (customer_id, vehicle_id, kind, contact_on, note, staff,
                                        lost_reason, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        customer,
        input.vehicle_id,
        input.kind.as_str(),
        input.contact_on,
        input.note,
        input.staff,
        input.lost_reason.map(LostReason::as_str),
        now
    ])?;
    let id = conn.last_insert_rowid();
    let sql = format!("SELECT {CONTACT_COLUMNS} FROM customer_contacts WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], contact_from_row)?)
}

/// A customer's contacts, newest first.
pub(crate) fn contacts(conn: &Connection, customer: CustomerId) -> Result<Vec<CustomerContact>> {
    let sql = format!(
        "SELECT {CONTACT_COLUMNS} FROM customer_contacts WHERE customer_id = ?1
         ORDER BY contact_on DESC, id DESC"
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map([customer], contact_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The day of each customer's latest contact of `kind`.
pub(crate) fn last_contacts(
    conn: &Connection,
    kind: ContactKind,
) -> Result<Vec<(CustomerId, NaiveDate)>> {
    let rows = conn
        .prepare_cached(
            "SELECT customer_id, MAX(contact_on) FROM customer_contacts WHERE kind = ?1
             GROUP BY customer_id",
        )?
        .query_map([kind.as_str()], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Each customer's latest lost call: the reason and the day.
pub(crate) fn latest_lost_calls(
    conn: &Connection,
) -> Result<Vec<(CustomerId, LostReason, NaiveDate)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.customer_id, c.lost_reason, c.contact_on FROM customer_contacts c
         WHERE c.kind = 'lost_call' AND c.id = (
             SELECT c2.id FROM customer_contacts c2
             WHERE c2.customer_id = c.customer_id AND c2.kind = 'lost_call'
             ORDER BY c2.contact_on DESC, c2.id DESC LIMIT 1)",
    )?;
    let rows = stmt.query_map([], |row| {
        let reason: String = row.get(1)?;
        Ok((
            row.get(0)?,
            parse_column(1, &reason, LostReason::parse)?,
            row.get(2)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn settings(conn: &Connection) -> Result<CareSettings> {
    match staff::setting(conn, SETTINGS_KEY)? {
        None => Ok(CareSettings::default()),
        Some(v) => {
            serde_json::from_str(&v).map_err(|_| CoreError::conflict(Reason::SettingsUnreadable))
        }
    }
}

pub(crate) fn save_settings(conn: &Connection, settings: &CareSettings) -> Result<()> {
    let json = serde_json::to_string(settings)
        .map_err(|_| CoreError::conflict(Reason::SettingsUnreadable))?;
    staff::put_setting(conn, SETTINGS_KEY, &json)
}

/// A vehicle's readings as filed: day, value, unit, kept although doubtful.
pub(crate) fn readings(
    conn: &Connection,
    vehicle: VehicleId,
) -> Result<Vec<(NaiveDate, i64, DistanceUnit, bool)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT read_on, value, unit, doubtful FROM odometer_readings WHERE vehicle_id = ?1
         ORDER BY read_on, id",
    )?;
    let rows = stmt.query_map([vehicle], |row| {
        let unit: String = row.get(2)?;
        Ok((
            row.get(0)?,
            row.get(1)?,
            parse_column(2, &unit, DistanceUnit::parse)?,
            row.get(3)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn mark_doubtful(conn: &Connection, id: OdometerReadingId) -> Result<()> {
    conn.prepare_cached("UPDATE odometer_readings SET doubtful = 1 WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// The vehicle's last settled job with a maintenance line (system `maintenance`, or a
/// first- or second-level maintenance class): when it was settled, the km out, the job.
pub(crate) fn last_maintenance(
    conn: &Connection,
    vehicle: VehicleId,
) -> Result<Option<(NaiveDateTime, Option<i64>, WorkOrderId)>> {
    Ok(conn
        .prepare_cached(
            "SELECT s.signed_at, COALESCE(s.odometer_out, w.odometer_value), w.id
             FROM work_orders w JOIN settlements s ON s.work_order_id = w.id
             WHERE w.vehicle_id = ?1 AND s.status = 'signed' AND s.signed_at IS NOT NULL
               AND EXISTS (SELECT 1 FROM estimates e JOIN estimate_lines l
                           ON l.estimate_id = e.id
                           WHERE e.work_order_id = w.id
                             AND (l.system = 'maintenance'
                                  OR l.guarantee_class = 'second_level'))
             ORDER BY s.signed_at DESC, w.id DESC LIMIT 1",
        )?
        .query_row([vehicle], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .optional()?)
}

/// The vehicle's last visit that was not cancelled: when it opened, its km, the job.
pub(crate) fn last_visit(
    conn: &Connection,
    vehicle: VehicleId,
) -> Result<Option<(NaiveDateTime, Option<i64>, WorkOrderId)>> {
    Ok(conn
        .prepare_cached(
            "SELECT opened_at, odometer_value, id FROM work_orders
             WHERE vehicle_id = ?1 AND status <> 'cancelled'
             ORDER BY opened_at DESC, id DESC LIMIT 1",
        )?
        .query_row([vehicle], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .optional()?)
}

/// One vehicle the due list looks at.
pub(crate) struct DueCandidate {
    pub vehicle: VehicleId,
    pub plate: String,
    pub customer: CustomerId,
    pub name: String,
    pub phone: Option<String>,
}

const PRIMARY_PHONE: &str = "(SELECT p.number FROM customer_phones p WHERE p.customer_id = c.id
                              ORDER BY p.is_primary DESC, p.position LIMIT 1)";

/// Vehicles on file of customers on file who agreed to be contacted.
pub(crate) fn due_candidates(conn: &Connection) -> Result<Vec<DueCandidate>> {
    let sql = format!(
        "SELECT v.id, v.plate, c.id, c.display_name, {PRIMARY_PHONE}
         FROM vehicles v JOIN customers c ON c.id = v.customer_id
         WHERE v.archived_at IS NULL AND c.archived_at IS NULL AND c.merged_into IS NULL
           AND c.agrees_to_follow_up = 1
         ORDER BY v.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map([], |row| {
            Ok(DueCandidate {
                vehicle: row.get(0)?,
                plate: row.get(1)?,
                customer: row.get(2)?,
                name: row.get(3)?,
                phone: row.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// One customer as the lost list sees them: last seen at a job or a walk-in.
pub(crate) struct LastSeen {
    pub customer: CustomerId,
    pub name: String,
    pub phone: Option<String>,
    pub plates: String,
    pub last_seen: NaiveDate,
}

/// Customers on file last seen (a job opened, or a walk-in) before `cut_off`.
pub(crate) fn last_seen_before(conn: &Connection, cut_off: NaiveDate) -> Result<Vec<LastSeen>> {
    let sql = format!(
        "WITH seen AS (
             SELECT customer_id, MAX(day) AS day FROM (
                 SELECT customer_id, date(opened_at) AS day FROM work_orders
                 WHERE status <> 'cancelled'
                 UNION ALL
                 SELECT customer_id, contact_on FROM customer_contacts WHERE kind = 'walk_in')
             GROUP BY customer_id)
         SELECT c.id, c.display_name, {PRIMARY_PHONE},
                (SELECT group_concat(v.plate, ' ') FROM vehicles v
                 WHERE v.customer_id = c.id AND v.archived_at IS NULL),
                seen.day
         FROM seen JOIN customers c ON c.id = seen.customer_id
         WHERE c.archived_at IS NULL AND c.merged_into IS NULL AND seen.day < ?1
         ORDER BY seen.day, c.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map([cut_off], |row| {
            Ok(LastSeen {
                customer: row.get(0)?,
                name: row.get(1)?,
                phone: row.get(2)?,
                plates: row.get::<_, Option<String>>(3)?.unwrap_or_default(),
                last_seen: row.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
