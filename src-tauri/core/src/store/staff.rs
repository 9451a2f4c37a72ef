//! SQL of `staff`, `pin_attempts` and `supervisor_approvals`: the people at the desk,
//! the acting person (a setting), the supervisor's PIN tries (kept per person, so a
//! restart does not reset a lockout) and the approvals, each used once by the operation
//! it allowed. What a change of staff, PIN or settings needs is decided by
//! [`crate::settlement::supervision`]; the supervisor's word is checked here and the
//! change journalled in its own transaction.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{CoreError, Result};
use crate::ids::{ApprovalId, StaffId, WorkOrderId};
use crate::journal::JournalNote;
use crate::reason::Reason;
use crate::settlement::pickup::{check_settlement_settings, SettlementSettings};
use crate::settlement::staff::{
    check_approval_use, check_pin_format, check_staff, hash_pin, pin_locked_until, pin_matches,
    pin_too_short, ApprovalAction, ApprovalRequest, PinChange, Staff, StaffInput, StaffRole,
    SupervisorApproval, PIN_WINDOW_SECONDS,
};
use crate::settlement::supervision::{
    pin_change_action, settings_change_action, staff_change_action, ShopAction, SupervisorWord,
};
use crate::store::{found, journal, parse_column, work_orders, Store};
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
        pin_too_short: row.get(5)?,
    })
}

const STAFF_SELECT: &str = "SELECT id, name, role, active, pin_hash, pin_short FROM staff";

pub(crate) fn load(conn: &Connection, id: StaffId) -> Result<Staff> {
    let mut stmt = conn.prepare_cached(&format!("{STAFF_SELECT} WHERE id = ?1"))?;
    found(stmt.query_row([id], staff_from_row), "staff")
}

/// Whether the shop has anybody to ask: an active supervisor with a PIN. Until then the
/// first supervisor is set up freely.
fn supervised(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM staff
                            WHERE role = 'supervisor' AND active = 1 AND pin_hash IS NOT NULL)",
        )?
        .query_row([], |row| row.get(0))?)
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
    // Every use of the supervisor's word on a job (a discount, a void, a reopen, a
    // credit note, a refund, a car let go owing) goes into the journal with it.
    let job = work_orders::load(conn, wo)?;
    let boss = load(conn, found.supervisor_id)?;
    journal_action(
        conn,
        action.as_str(),
        Some(&boss),
        &job.number,
        ("", used_for),
        &found.reason,
        now,
    )?;
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

/// One person's PIN tries the lock rule needs: the last minute's and the current run of
/// wrong tries (everything since their last right one).
fn attempts(
    conn: &Connection,
    staff: StaffId,
    now: NaiveDateTime,
) -> Result<Vec<(NaiveDateTime, bool)>> {
    let since = now - chrono::Duration::seconds(PIN_WINDOW_SECONDS);
    let mut stmt = conn.prepare_cached(
        "SELECT at, ok FROM pin_attempts
         WHERE staff_id = ?1 AND at <= ?3
           AND (at >= ?2 OR id >= coalesce((SELECT max(id) FROM pin_attempts
                                            WHERE staff_id = ?1 AND ok = 1), 0))
         ORDER BY id",
    )?;
    let rows = stmt
        .query_map(params![staff, since, now], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn locked(conn: &Connection, staff: StaffId, now: NaiveDateTime) -> Result<()> {
    match pin_locked_until(&attempts(conn, staff, now)?, now) {
        Some(_) => Err(CoreError::Locked {
            code: Reason::PinLocked,
        }),
        None => Ok(()),
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

    /// Who allows `action`: `None` when nothing is needed (no action, or a shop without a
    /// supervisor yet); otherwise the supervisor whose `word` was checked, or
    /// `supervisor.needed` when it is missing.
    pub fn supervisor_for(
        &self,
        action: Option<ShopAction>,
        word: Option<&SupervisorWord>,
        now: NaiveDateTime,
    ) -> Result<Option<Staff>> {
        if action.is_none() || !self.with_conn(supervised)? {
            return Ok(None);
        }
        let word = word.ok_or(CoreError::conflict(Reason::SupervisorNeeded))?;
        self.check_word(word.supervisor_id, &word.pin, now)
            .map(Some)
    }

    /// Checks one supervisor's PIN against that person's lockout; the try is recorded
    /// either way, and a right PIN shorter than a new one may be marks the person so the
    /// window asks them to change it.
    pub fn check_word(&self, id: StaffId, pin: &str, now: NaiveDateTime) -> Result<Staff> {
        let pin: String = pin.chars().take(64).collect();
        let (staff, hash) = self.with_conn(|conn| {
            let staff = load(conn, id)?;
            if staff.role != StaffRole::Supervisor {
                return Err(CoreError::conflict(Reason::StaffNotSupervisor));
            }
            if !staff.active {
                return Err(CoreError::conflict(Reason::StaffInactive));
            }
            locked(conn, id, now)?;
            let hash: Option<String> = conn
                .prepare_cached("SELECT pin_hash FROM staff WHERE id = ?1")?
                .query_row([id], |row| row.get(0))?;
            Ok((staff, hash))
        })?;
        let hash = hash.ok_or(CoreError::conflict(Reason::PinNotSet))?;
        // The slow hash runs outside the lock; the try is then recorded in one write.
        let right = pin_matches(&pin, &hash);
        self.with_tx(|tx| {
            locked(tx, id, now)?;
            tx.prepare_cached("INSERT INTO pin_attempts (at, staff_id, ok) VALUES (?1, ?2, ?3)")?
                .execute(params![now, id, right])?;
            if right {
                tx.prepare_cached("UPDATE staff SET pin_short = ?2 WHERE id = ?1")?
                    .execute(params![id, pin_too_short(&pin)])?;
            }
            Ok(())
        })?;
        if !right {
            return Err(CoreError::conflict(Reason::PinWrong));
        }
        self.with_conn(|conn| load(conn, staff.id))
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

    /// Until when `supervisor`'s PIN is locked at `now` (`None`: it may be tried).
    pub fn pin_locked_until(
        &self,
        supervisor: StaffId,
        now: NaiveDateTime,
    ) -> Result<Option<NaiveDateTime>> {
        self.with_conn(|conn| Ok(pin_locked_until(&attempts(conn, supervisor, now)?, now)))
    }

    /// The supervisor types the PIN for one action on one job: checked against the hash
    /// (the try is recorded either way, against that supervisor's own lockout), then the
    /// approval is recorded and returned; the guarded operation takes its id.
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
        self.with_conn(|conn| work_orders::load(conn, request.work_order_id))?;
        let staff = self.check_word(request.supervisor_id, &request.pin, now)?;
        self.with_tx(|tx| {
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
            approval(tx, ApprovalId(tx.last_insert_rowid()))
        })
    }

    pub fn supervisor_approval(&self, id: ApprovalId) -> Result<SupervisorApproval> {
        self.with_conn(|conn| approval(conn, id))
    }
}
