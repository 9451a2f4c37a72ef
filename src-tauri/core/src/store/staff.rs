//! SQL of `staff` and the settlement settings: the people at the desk, the acting person
//! (a setting), supervisors' PIN hashes, and the journal entry of a guarded action.
//! Changing them — checks, what needs the supervisor — is [`crate::desk::staff`].
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::domain::settlement::SettlementSettings;
use crate::domain::staff::{Staff, StaffRole};
use crate::error::{CoreError, Result};
use crate::ids::StaffId;
use crate::journal::JournalNote;
use crate::reason::Reason;
pub(crate) use crate::store::approvals::{approval, approvals_between};
use crate::store::{found, journal, parse_column, Store};

pub(crate) const ACTING_KEY: &str = "desk.acting_staff";
pub(crate) const SETTINGS_KEY: &str = "settlement.settings";

fn staff_from_row(row: &Row<'_>) -> rusqlite::Result<Staff> {
    let role: String = row.get(2)?;
    let hash: Option<String> = row.get(4)?;
    Ok(Staff {
        id: row.get(0)?,
        name: row.get(1)?,
        role: parse_column(2, &role, StaffRole::parse)?,
        active: row.get(3)?,
        has_pin: hash.is_some(),
        pin_too_short: row.get(5)?,
    })
}

const STAFF_SELECT: &str = "SELECT id, name, role, active, pin_hash, pin_short FROM staff";

pub(crate) fn load(conn: &Connection, id: StaffId) -> Result<Staff> {
    let mut stmt = conn.prepare_cached(&format!("{STAFF_SELECT} WHERE id = ?1"))?;
    found(stmt.query_row([id], staff_from_row), "staff")
}

/// Active supervisors with a PIN other than `id`.
pub(crate) fn other_supervisors(conn: &Connection, id: StaffId) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM staff WHERE role = 'supervisor' AND active = 1
                                          AND pin_hash IS NOT NULL AND id <> ?1",
        )?
        .query_row([id], |row| row.get(0))?)
}

/// The name of the person acting at the desk, "" when nobody is chosen.
pub(crate) fn acting_name(conn: &Connection) -> Result<String> {
    let Some(id) = setting(conn, ACTING_KEY)?.and_then(|v| v.parse::<i64>().ok()) else {
        return Ok(String::new());
    };
    match load(conn, StaffId(id)) {
        Ok(staff) => Ok(staff.name),
        Err(CoreError::NotFound { .. }) => Ok(String::new()),
        Err(e) => Err(e),
    }
}

/// Appends a journal entry for a guarded action, the desk's acting person as the actor.
pub(crate) fn journal_action(
    conn: &Connection,
    kind: &str,
    approved_by: Option<&Staff>,
    subject: &str,
    change: (&str, &str),
    reason: &str,
    now: NaiveDateTime,
) -> Result<i64> {
    let note = JournalNote {
        kind: kind.to_string(),
        actor: acting_name(conn)?,
        approved_by: approved_by.map(|s| s.name.clone()).unwrap_or_default(),
        subject: subject.to_string(),
        before: change.0.to_string(),
        after: change.1.to_string(),
        reason: reason.to_string(),
    };
    journal::append(conn, &note, now)
}

pub(crate) fn describe(staff: Option<&Staff>) -> String {
    staff
        .map(|s| {
            let active = if s.active { "active" } else { "inactive" };
            format!("{} · {} · {active}", s.name, s.role.as_str())
        })
        .unwrap_or_default()
}

pub(crate) fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |row| row.get(0))
        .optional()?)
}

pub(crate) fn put_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

/// The shop's settlement settings; defaults until saved. A stored row that no longer
/// reads is refused, never taken for the defaults: the tax and discount rules would
/// change without a word.
pub(crate) fn settlement_settings(conn: &Connection) -> Result<SettlementSettings> {
    match setting(conn, SETTINGS_KEY)? {
        None => Ok(SettlementSettings::default()),
        Some(v) => {
            serde_json::from_str(&v).map_err(|_| CoreError::conflict(Reason::SettingsUnreadable))
        }
    }
}

/// Adds a person; returns the id.
pub(crate) fn insert(
    conn: &Connection,
    name: &str,
    role: StaffRole,
    active: bool,
    now: NaiveDateTime,
) -> Result<StaffId> {
    conn.prepare_cached(
        "INSERT INTO staff (name, role, active, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
    )?
    .execute(params![name, role.as_str(), active, now])?;
    Ok(StaffId(conn.last_insert_rowid()))
}

/// Changes a person's name, role and standing.
pub(crate) fn update(
    conn: &Connection,
    id: StaffId,
    name: &str,
    role: StaffRole,
    active: bool,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE staff SET name = ?1, role = ?2, active = ?3, updated_at = ?4
         WHERE id = ?5",
    )?
    .execute(params![name, role.as_str(), active, now, id])?;
    Ok(())
}

/// The person's PIN hash, if set.
pub(crate) fn pin_hash(conn: &Connection, id: StaffId) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT pin_hash FROM staff WHERE id = ?1")?
        .query_row([id], |row| row.get(0))?)
}

/// Stores a new PIN hash, with whether that PIN is shorter than a new one may be.
pub(crate) fn set_pin(
    conn: &Connection,
    id: StaffId,
    hash: &str,
    short: bool,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE staff SET pin_hash = ?2, pin_short = ?3, updated_at = ?4 WHERE id = ?1",
    )?
    .execute(params![id, hash, short, now])?;
    Ok(())
}

/// Marks whether the PIN last typed right was shorter than a new one may be.
pub(crate) fn set_pin_short(conn: &Connection, id: StaffId, short: bool) -> Result<()> {
    conn.prepare_cached("UPDATE staff SET pin_short = ?2 WHERE id = ?1")?
        .execute(params![id, short])?;
    Ok(())
}

impl Store {
    pub fn list_staff(&self) -> Result<Vec<Staff>> {
        self.with_conn(|conn| {
            let mut stmt =
                conn.prepare_cached(&format!("{STAFF_SELECT} ORDER BY active DESC, name"))?;
            let rows = stmt
                .query_map([], staff_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    /// The person acting at the desk, remembered between starts.
    pub fn acting_staff(&self) -> Result<Option<Staff>> {
        self.with_conn(|conn| {
            let Some(id) = setting(conn, ACTING_KEY)?.and_then(|v| v.parse::<i64>().ok()) else {
                return Ok(None);
            };
            match load(conn, StaffId(id)) {
                Ok(staff) if staff.active => Ok(Some(staff)),
                Ok(_) | Err(CoreError::NotFound { .. }) => Ok(None),
                Err(e) => Err(e),
            }
        })
    }

    pub fn get_settlement_settings(&self) -> Result<SettlementSettings> {
        self.with_conn(settlement_settings)
    }
}
