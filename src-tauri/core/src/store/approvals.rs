//! SQL of `supervisor_approvals` and `pin_attempts`: every PIN try kept (so a restart
//! does not reset a lockout), the approvals of one action on one job, each used once and
//! journalled with what it allowed. The word itself is checked, and an approval's use
//! judged, in [`crate::desk::approvals`].
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, Row};

use crate::domain::settlement::ApprovalAction;
use crate::domain::staff::SupervisorApproval;
use crate::error::Result;
use crate::ids::{ApprovalId, StaffId, WorkOrderId};
use crate::store::{found, parse_column, Store};

/// Whether the shop has anybody to ask: an active supervisor with a PIN. Until then the
/// first supervisor is set up freely.
pub(crate) fn supervised(conn: &Connection) -> Result<bool> {
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

/// Marks approval `id` used at `now` for `used_for`.
pub(crate) fn mark_used(
    conn: &Connection,
    id: ApprovalId,
    used_for: &str,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE supervisor_approvals SET used_at = ?2, used_for = ?3 WHERE id = ?1",
    )?
    .execute(params![id, now, used_for])?;
    Ok(())
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

/// One person's PIN tries the lock rule needs: those since `since` and the current run
/// of wrong tries (everything since their last right one), up to `now`.
pub(crate) fn attempts(
    conn: &Connection,
    staff: StaffId,
    since: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<Vec<(NaiveDateTime, bool)>> {
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

/// Records one PIN try.
pub(crate) fn record_attempt(
    conn: &Connection,
    staff: StaffId,
    ok: bool,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached("INSERT INTO pin_attempts (at, staff_id, ok) VALUES (?1, ?2, ?3)")?
        .execute(params![now, staff, ok])?;
    Ok(())
}

/// Records an approval; returns it.
pub(crate) fn insert_approval(
    conn: &Connection,
    action: ApprovalAction,
    supervisor: StaffId,
    wo: WorkOrderId,
    reason: &str,
    now: NaiveDateTime,
) -> Result<SupervisorApproval> {
    conn.prepare_cached(
        "INSERT INTO supervisor_approvals (action, supervisor_id, work_order_id, reason,
                                           approved_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![action.as_str(), supervisor, wo, reason, now])?;
    approval(conn, ApprovalId(conn.last_insert_rowid()))
}

impl Store {
    pub fn supervisor_approval(&self, id: ApprovalId) -> Result<SupervisorApproval> {
        self.with_conn(|conn| approval(conn, id))
    }
}
