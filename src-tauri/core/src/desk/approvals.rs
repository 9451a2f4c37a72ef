//! The supervisor's word: who allows an action, one supervisor's PIN checked against her
//! own lockout (every try recorded), and the approval she gives for one action on one
//! job, which the guarded operation takes by its id.
use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::error::{CoreError, Result};
use crate::ids::{ApprovalId, StaffId, WorkOrderId};
use crate::reason::Reason;
use crate::settlement::staff::{
    check_approval_use, pin_locked_until, pin_matches, pin_too_short, ApprovalAction,
    ApprovalRequest, Staff, StaffRole, SupervisorApproval, PIN_WINDOW_SECONDS,
};
use crate::settlement::supervision::{ShopAction, SupervisorWord};
use crate::store::approvals::{
    approval, attempts, insert_approval, mark_used, record_attempt, supervised,
};
use crate::store::staff::{journal_action, load, pin_hash, set_pin_short};
use crate::store::{work_orders, Store};
use crate::validate::too_long;

/// One person's tries the lock rule needs at `now`.
fn tries(
    conn: &Connection,
    staff: StaffId,
    now: NaiveDateTime,
) -> Result<Vec<(NaiveDateTime, bool)>> {
    let since = now - chrono::Duration::seconds(PIN_WINDOW_SECONDS);
    attempts(conn, staff, since, now)
}

fn locked(conn: &Connection, staff: StaffId, now: NaiveDateTime) -> Result<()> {
    match pin_locked_until(&tries(conn, staff, now)?, now) {
        Some(_) => Err(CoreError::Locked {
            code: Reason::PinLocked,
        }),
        None => Ok(()),
    }
}

/// Uses approval `id` for `action` on `wo` (once), recording what it allowed, inside
/// the caller's transaction: refused when it was given for another job or action, is
/// used already or has expired.
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
    mark_used(conn, id, used_for, now)?;
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
            Ok((staff, pin_hash(conn, id)?))
        })?;
        let hash = hash.ok_or(CoreError::conflict(Reason::PinNotSet))?;
        // The slow hash runs outside the lock; the try is then recorded in one write.
        let right = pin_matches(&pin, &hash);
        self.with_tx(|tx| {
            locked(tx, id, now)?;
            record_attempt(tx, id, right, now)?;
            if right {
                set_pin_short(tx, id, pin_too_short(&pin))?;
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
        self.with_conn(|conn| Ok(pin_locked_until(&tries(conn, supervisor, now)?, now)))
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
            insert_approval(
                tx,
                request.action,
                staff.id,
                request.work_order_id,
                reason,
                now,
            )
        })
    }
}
