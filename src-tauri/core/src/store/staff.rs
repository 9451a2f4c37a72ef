//! SQL of `staff`, `pin_attempts` and `supervisor_approvals`: the people at the desk,
//! the acting person (a setting), the supervisor's PIN tries (kept, so a restart does
//! not reset a lockout) and the approvals, each used once by the operation it allowed.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{CoreError, Result};
use crate::ids::{ApprovalId, StaffId, WorkOrderId};
use crate::reason::Reason;
use crate::settlement::pickup::{check_settlement_settings, SettlementSettings};
use crate::settlement::staff::{
    check_approval_use, check_pin_format, check_staff, hash_pin, pin_locked_until, pin_matches,
    ApprovalAction, ApprovalRequest, Staff, StaffInput, StaffRole, SupervisorApproval,
    PIN_WINDOW_SECONDS,
};
use crate::store::{found, parse_column, work_orders, Store};
use crate::validate::too_long;

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
    })
}

pub(crate) fn load(conn: &Connection, id: StaffId) -> Result<Staff> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, role, active, pin_hash FROM staff WHERE id = ?1")?;
    found(stmt.query_row([id], staff_from_row), "staff")
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

/// The shop's settlement settings; defaults until saved.
pub(crate) fn settlement_settings(conn: &Connection) -> Result<SettlementSettings> {
    Ok(setting(conn, SETTINGS_KEY)?
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default())
}

fn approval_from_row(row: &Row<'_>) -> rusqlite::Result<SupervisorApproval> {
    let action: String = row.get(2)?;
    Ok(SupervisorApproval {
        id: row.get(0)?,
        work_order_id: row.get(1)?,
        action: parse_column(2, &action, ApprovalAction::parse)?,
        supervisor_id: row.get(3)?,
        supervisor_name: row.get(4)?,
        reason: row.get(5)?,
        approved_at: row.get(6)?,
        used_at: row.get(7)?,
        used_for: row.get(8)?,
    })
}

pub(crate) const APPROVAL_SELECT: &str =
    "SELECT a.id, a.work_order_id, a.action, a.supervisor_id, s.name, a.reason, a.approved_at,
            a.used_at, a.used_for
     FROM supervisor_approvals a JOIN staff s ON s.id = a.supervisor_id";

pub(crate) fn approval(conn: &Connection, id: ApprovalId) -> Result<SupervisorApproval> {
    let mut stmt = conn.prepare_cached(&format!("{APPROVAL_SELECT} WHERE a.id = ?1"))?;
    found(stmt.query_row([id], approval_from_row), "approval")
}

/// Uses approval `id` for `action` on `wo` (once), recording what it allowed.
pub(crate) fn use_approval(
    conn: &Connection,
    id: ApprovalId,
    wo: WorkOrderId,
    action: ApprovalAction,
    used_for: &str,
    now: NaiveDateTime,
) -> Result<SupervisorApproval> {
    let found = approval(conn, id)?;
    check_approval_use(&found, wo, action, now).map_err(CoreError::conflict)?;
    conn.prepare_cached(
        "UPDATE supervisor_approvals SET used_at = ?2, used_for = ?3 WHERE id = ?1",
    )?
    .execute(params![id, now, used_for])?;
    approval(conn, id)
}

/// The approvals given on `day` (by the day they were given), oldest first.
pub(crate) fn approvals_between(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<SupervisorApproval>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{APPROVAL_SELECT} WHERE a.approved_at >= ?1 AND a.approved_at < ?2
         ORDER BY a.approved_at, a.id"
    ))?;
    let rows = stmt
        .query_map(params![from, to], approval_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn attempts(conn: &Connection, now: NaiveDateTime) -> Result<Vec<(NaiveDateTime, bool)>> {
    // Enough history for the rule: the last minute and the current run of wrong tries.
    let since = now - chrono::Duration::seconds(PIN_WINDOW_SECONDS * 60);
    let mut stmt = conn.prepare_cached(
        "SELECT at, ok FROM pin_attempts WHERE at >= ?1 AND at <= ?2 ORDER BY at, id",
    )?;
    let rows = stmt
        .query_map(params![since, now], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

impl Store {
    pub fn list_staff(&self) -> Result<Vec<Staff>> {
        self.with_conn(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, name, role, active, pin_hash FROM staff ORDER BY active DESC, name",
            )?;
            let rows = stmt
                .query_map([], staff_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    /// Adds a person (`id` `None`) or changes one.
    pub fn save_staff(
        &self,
        id: Option<StaffId>,
        input: &StaffInput,
        now: NaiveDateTime,
    ) -> Result<Staff> {
        let issues = check_staff(input);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        self.with_tx(|tx| {
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
                    load(tx, id)?;
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
            load(tx, id)
        })
    }

    /// Sets a supervisor's PIN (kept only as its argon2 hash).
    pub fn set_supervisor_pin(&self, id: StaffId, pin: &str, now: NaiveDateTime) -> Result<Staff> {
        if let Some(code) = check_pin_format(pin) {
            return Err(CoreError::invalid("pin", code));
        }
        let hash = hash_pin(pin)?;
        self.with_tx(|tx| {
            if load(tx, id)?.role != StaffRole::Supervisor {
                return Err(CoreError::conflict(Reason::StaffNotSupervisor));
            }
            tx.prepare_cached("UPDATE staff SET pin_hash = ?2, updated_at = ?3 WHERE id = ?1")?
                .execute(params![id, hash, now])?;
            load(tx, id)
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

    pub fn save_settlement_settings(
        &self,
        settings: &SettlementSettings,
    ) -> Result<SettlementSettings> {
        let issues = check_settlement_settings(settings);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        let json = serde_json::to_string(settings)
            .map_err(|_| CoreError::invalid("settings", Reason::TextTooLong))?;
        self.with_tx(|tx| {
            put_setting(tx, SETTINGS_KEY, &json)?;
            settlement_settings(tx)
        })
    }

    /// Until when the PIN is locked at `now` (`None`: it may be tried).
    pub fn pin_locked_until(&self, now: NaiveDateTime) -> Result<Option<NaiveDateTime>> {
        self.with_conn(|conn| Ok(pin_locked_until(&attempts(conn, now)?, now)))
    }

    /// The supervisor types the PIN for one action on one job: checked against the hash
    /// (the try is recorded either way), then the approval is recorded and returned; the
    /// guarded operation takes its id. `Locked` while five tries in a minute or five
    /// wrong in a row hold the lock.
    pub fn approve_as_supervisor(
        &self,
        request: &ApprovalRequest,
        now: NaiveDateTime,
    ) -> Result<SupervisorApproval> {
        let reason = request.reason.trim();
        let mut issues = Vec::new();
        if reason.is_empty() {
            issues.push(crate::error::FieldIssue::new(
                "reason",
                Reason::ApprovalReasonRequired,
            ));
        }
        too_long(&mut issues, "reason", reason, 1_000);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        let (staff, hash) = self.with_conn(|conn| {
            if pin_locked_until(&attempts(conn, now)?, now).is_some() {
                return Err(CoreError::Locked {
                    code: Reason::PinLocked,
                });
            }
            work_orders::load(conn, request.work_order_id)?;
            let staff = load(conn, request.supervisor_id)?;
            let hash: Option<String> = conn
                .prepare_cached("SELECT pin_hash FROM staff WHERE id = ?1")?
                .query_row([request.supervisor_id], |row| row.get(0))?;
            Ok((staff, hash))
        })?;
        if staff.role != StaffRole::Supervisor {
            return Err(CoreError::conflict(Reason::StaffNotSupervisor));
        }
        if !staff.active {
            return Err(CoreError::conflict(Reason::StaffInactive));
        }
        let hash = hash.ok_or(CoreError::conflict(Reason::PinNotSet))?;
        // The slow hash runs outside the lock; the try is then recorded in one write.
        let right = pin_matches(&request.pin, &hash);
        self.with_tx(|tx| {
            if pin_locked_until(&attempts(tx, now)?, now).is_some() {
                return Err(CoreError::Locked {
                    code: Reason::PinLocked,
                });
            }
            tx.prepare_cached("INSERT INTO pin_attempts (at, staff_id, ok) VALUES (?1, ?2, ?3)")?
                .execute(params![now, staff.id, right])?;
            if !right {
                return Ok(None);
            }
            tx.prepare_cached(
                "INSERT INTO supervisor_approvals (action, supervisor_id, work_order_id, reason,
                                                   approved_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                request.action.as_str(),
                staff.id,
                request.work_order_id,
                reason,
                now
            ])?;
            approval(tx, ApprovalId(tx.last_insert_rowid())).map(Some)
        })?
        .ok_or(CoreError::conflict(Reason::PinWrong))
    }

    pub fn supervisor_approval(&self, id: ApprovalId) -> Result<SupervisorApproval> {
        self.with_conn(|conn| approval(conn, id))
    }
}
