//! SQL of `job_marks` (migration 016): the marks any staff sets on a job — no fault found
//! (未查出故障), a service mistake (服务失误) — with who, when and a note.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection};

use crate::domain::follow_up::{JobMark, JobMarkKind};
use crate::error::Result;
use crate::ids::WorkOrderId;
use crate::store::follow_ups::bad;

pub(crate) fn marks(conn: &Connection, job: WorkOrderId) -> Result<Vec<JobMark>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, set_by, set_at, note FROM job_marks WHERE work_order_id = ?1 ORDER BY kind",
    )?;
    let rows = stmt.query_map([job], |row| {
        let kind: String = row.get(0)?;
        Ok(JobMark {
            kind: JobMarkKind::parse(&kind).ok_or_else(|| bad("kind", &kind))?,
            set_by: row.get(1)?,
            set_at: row.get(2)?,
            note: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn set_mark(
    conn: &Connection,
    job: WorkOrderId,
    kind: JobMarkKind,
    by: &str,
    note: &str,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO job_marks (work_order_id, kind, set_by, set_at, note) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (work_order_id, kind) DO UPDATE
         SET set_by = excluded.set_by, set_at = excluded.set_at, note = excluded.note",
    )?
    .execute(params![job, kind.as_str(), by, now, note])?;
    Ok(())
}

pub(crate) fn clear_mark(conn: &Connection, job: WorkOrderId, kind: JobMarkKind) -> Result<()> {
    conn.prepare_cached("DELETE FROM job_marks WHERE work_order_id = ?1 AND kind = ?2")?
        .execute(params![job, kind.as_str()])?;
    Ok(())
}
