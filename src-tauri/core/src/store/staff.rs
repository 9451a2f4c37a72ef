//! SQL of `staff` and the settlement settings: the people at the desk, the acting person
//! (a setting), supervisors' PINs. What a change of staff, PIN or settings needs is
//! decided by [`crate::settlement::supervision`]; the supervisor's word is checked in
//! `approvals` and the change journalled in its own transaction.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{CoreError, Result};
use crate::ids::StaffId;
use crate::journal::JournalNote;
use crate::reason::Reason;
use crate::settlement::pickup::{check_settlement_settings, SettlementSettings};
use crate::settlement::staff::{
    check_pin_format, check_staff, hash_pin, pin_too_short, PinChange, Staff, StaffInput, StaffRole,
};
use crate::settlement::supervision::{
    pin_change_action, settings_change_action, staff_change_action, ShopAction, SupervisorWord,
};
pub(crate) use crate::store::approvals::{approval, approvals_between, use_approval};
use crate::store::{found, journal, parse_column, Store};

const ACTING_KEY: &str = "desk.acting_staff";
const SETTINGS_KEY: &str = "settlement.settings";

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
fn other_supervisors(conn: &Connection, id: StaffId) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM staff WHERE role = 'supervisor' AND active = 1
                                          AND pin_hash IS NOT NULL AND id <> ?1",
        )?
        .query_row([id], |row| row.get(0))?)
}

/// The name of the person acting at the desk, "" when nobody is chosen.
fn acting_name(conn: &Connection) -> Result<String> {
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

fn describe(staff: Option<&Staff>) -> String {
    staff
        .map(|s| {
            let active = if s.active { "active" } else { "inactive" };
            format!("{} · {} · {active}", s.name, s.role.as_str())
        })
        .unwrap_or_default()
}

fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |row| row.get(0))
        .optional()?)
}

fn put_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
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

    /// Adds a person (`id` `None`) or changes one. Adding, promoting, deactivating or
    /// demoting a supervisor needs another supervisor's `word` (none until the shop has
    /// its first supervisor with a PIN); the last one cannot be taken away.
    pub fn save_staff(
        &self,
        id: Option<StaffId>,
        input: &StaffInput,
        word: Option<&SupervisorWord>,
        now: NaiveDateTime,
    ) -> Result<Staff> {
        let issues = check_staff(input);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        let before = id
            .map(|id| self.with_conn(|conn| load(conn, id)))
            .transpose()?;
        let action = staff_change_action(before.as_ref(), input);
        let boss = self.supervisor_for(action, word, now)?;
        self.with_tx(|tx| {
            if let Some(was) = &before {
                // Re-read inside the write: the change is judged on what it replaces.
                let now_is = load(tx, was.id)?;
                let standing = |s: &Staff| (s.name.clone(), s.role, s.active, s.has_pin);
                if standing(&now_is) != standing(was) {
                    return Err(CoreError::conflict(Reason::StaffChangedMeanwhile));
                }
                let leaves = was.role == StaffRole::Supervisor
                    && was.has_pin
                    && was.active
                    && (input.role != StaffRole::Supervisor || !input.active);
                if leaves && other_supervisors(tx, was.id)? == 0 {
                    return Err(CoreError::conflict(Reason::LastSupervisor));
                }
            }
            let args = params![input.name.trim(), input.role.as_str(), input.active, now];
            let id = match id {
                None => {
                    tx.prepare_cached(
                        "INSERT INTO staff (name, role, active, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?4)",
                    )?
                    .execute(args)?;
                    StaffId(tx.last_insert_rowid())
                }
                Some(id) => {
                    tx.prepare_cached(
                        "UPDATE staff SET name = ?1, role = ?2, active = ?3, updated_at = ?4
                         WHERE id = ?5",
                    )?
                    .execute(params![
                        input.name.trim(),
                        input.role.as_str(),
                        input.active,
                        now,
                        id
                    ])?;
                    id
                }
            };
            let after = load(tx, id)?;
            if let Some(action) = action {
                let subject = format!("staff {}", id.0);
                let change = (describe(before.as_ref()), describe(Some(&after)));
                let change = (change.0.as_str(), change.1.as_str());
                journal_action(
                    tx,
                    action.as_str(),
                    boss.as_ref(),
                    &subject,
                    change,
                    "",
                    now,
                )?;
            }
            Ok(after)
        })
    }

    /// Sets a supervisor's PIN (kept only as its argon2 hash): the owner with their old
    /// PIN, or anyone with another supervisor's word (a forgotten PIN, a first PIN).
    pub fn set_supervisor_pin(
        &self,
        id: StaffId,
        change: &PinChange,
        now: NaiveDateTime,
    ) -> Result<Staff> {
        if let Some(code) = check_pin_format(&change.pin) {
            return Err(CoreError::invalid("pin", code));
        }
        let target = self.with_conn(|conn| load(conn, id))?;
        if target.role != StaffRole::Supervisor {
            return Err(CoreError::conflict(Reason::StaffNotSupervisor));
        }
        let old = change.old_pin.as_deref().filter(|p| !p.is_empty());
        let action = pin_change_action(target.has_pin, old.is_some());
        let boss = match (action, old) {
            (None, Some(old)) => {
                // The old PIN counts as one of the owner's tries.
                self.check_word(id, old, now).map_err(|e| match e {
                    CoreError::Conflict {
                        code: Reason::PinWrong,
                    } => CoreError::invalid("oldPin", Reason::PinWrong),
                    other => other,
                })?;
                None
            }
            _ => self.supervisor_for(action, change.word.as_ref(), now)?,
        };
        let hash = hash_pin(&change.pin)?;
        self.with_tx(|tx| {
            tx.prepare_cached(
                "UPDATE staff SET pin_hash = ?2, pin_short = 0, updated_at = ?3 WHERE id = ?1",
            )?
            .execute(params![id, hash, now])?;
            let after = if target.has_pin {
                "PIN changed"
            } else {
                "PIN set"
            };
            let how = if boss.is_none() && target.has_pin {
                "with the old PIN"
            } else {
                ""
            };
            let subject = format!("staff {} {}", id.0, target.name);
            journal_action(
                tx,
                ShopAction::SetPin.as_str(),
                boss.as_ref(),
                &subject,
                (how, after),
                "",
                now,
            )?;
            load(tx, id)
        })
    }

    /// The demo shop's supervisor PIN, as shops set before the 6-digit rule had them.
    pub(crate) fn seed_supervisor_pin(
        &self,
        id: StaffId,
        pin: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let hash = hash_pin(pin)?;
        self.with_tx(|tx| {
            tx.prepare_cached(
                "UPDATE staff SET pin_hash = ?2, pin_short = ?3, updated_at = ?4 WHERE id = ?1",
            )?
            .execute(params![id, hash, pin_too_short(pin), now])?;
            Ok(())
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

    pub fn set_acting_staff(&self, id: StaffId) -> Result<Staff> {
        self.with_tx(|tx| {
            let staff = load(tx, id)?;
            if !staff.active {
                return Err(CoreError::conflict(Reason::StaffInactive));
            }
            put_setting(tx, ACTING_KEY, &id.0.to_string())?;
            Ok(staff)
        })
    }

    pub fn get_settlement_settings(&self) -> Result<SettlementSettings> {
        self.with_conn(settlement_settings)
    }

    /// Saves the settlement settings; raising the discount limit needs the supervisor's
    /// `word`. A stored row that no longer reads is replaced only on the supervisor's word.
    pub fn save_settlement_settings(
        &self,
        settings: &SettlementSettings,
        word: Option<&SupervisorWord>,
        now: NaiveDateTime,
    ) -> Result<SettlementSettings> {
        let issues = check_settlement_settings(settings);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        let json = serde_json::to_string(settings)
            .map_err(|_| CoreError::invalid("settings", Reason::TextTooLong))?;
        let before = match self.with_conn(settlement_settings) {
            Ok(before) => Some(before),
            Err(CoreError::Conflict {
                code: Reason::SettingsUnreadable,
            }) => None,
            Err(e) => return Err(e),
        };
        let action = match &before {
            Some(before) => settings_change_action(before, settings),
            None => Some(ShopAction::RaiseDiscountLimit),
        };
        let boss = self.supervisor_for(action, word, now)?;
        self.with_tx(|tx| {
            let stored = setting(tx, SETTINGS_KEY)?;
            put_setting(tx, SETTINGS_KEY, &json)?;
            if let Some(action) = action {
                let was = before
                    .map(|b| format!("{} bp", b.discount_limit_bp))
                    .unwrap_or_else(|| stored.unwrap_or_default());
                let now_is = format!("{} bp", settings.discount_limit_bp);
                let change = (was.as_str(), now_is.as_str());
                journal_action(
                    tx,
                    action.as_str(),
                    boss.as_ref(),
                    "settlement settings",
                    change,
                    "",
                    now,
                )?;
            }
            settlement_settings(tx)
        })
    }
}
