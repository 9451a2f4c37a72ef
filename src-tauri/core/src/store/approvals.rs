//! SQL of `supervisor_approvals` and `pin_attempts`: the supervisor's word checked against
//! her own lockout (every try kept, so a restart does not reset it), the approvals of
//! one action on one job, each used once and journalled with what it allowed.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, Row};

use crate::error::{CoreError, Result};
use crate::ids::{ApprovalId, StaffId, WorkOrderId};
use crate::reason::Reason;
use crate::settlement::staff::{
    check_approval_use, pin_locked_until, pin_matches, pin_too_short, ApprovalAction,
    ApprovalRequest, Staff, StaffRole, SupervisorApproval, PIN_WINDOW_SECONDS,
};
use crate::settlement::supervision::{ShopAction, SupervisorWord};
use crate::store::staff::{journal_action, load};
use crate::store::{found, parse_column, work_orders, Store};
use crate::validate::too_long;

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
