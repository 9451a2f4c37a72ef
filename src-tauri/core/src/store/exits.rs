//! SQL of `exit_notices`, `exit_notice_prints` and `exit_handovers`: the gate pass,
//! issued once the settlement is signed and paid (or with the supervisor's override),
//! its prints, and the handover that makes the job Collected. Issued and handed over
//! in [`crate::desk::exit`].
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::domain::settlement::ExitNotice;
use crate::error::Result;
use crate::ids::{ApprovalId, ExitNoticeId, SettlementId, WorkOrderId};
use crate::store::numbering::Issued;
use crate::store::Store;

fn from_row(row: &Row<'_>) -> rusqlite::Result<ExitNotice> {
    Ok(ExitNotice {
        id: row.get(0)?,
        work_order_id: row.get(1)?,
        number: row.get(2)?,
        work_order_number: row.get(3)?,
        settlement_number: row.get(4)?,
        plate: row.get(5)?,
        customer_name: row.get(6)?,
        issued_at: row.get(7)?,
        issued_by: row.get(8)?,
        debt_minor: row.get(9)?,
        override_approval_id: row.get(10)?,
        qr_payload: row.get(11)?,
        prints: row.get(12)?,
    })
}

pub(crate) fn notice(conn: &Connection, wo: WorkOrderId) -> Result<Option<ExitNotice>> {
    Ok(conn
        .prepare_cached(
            "SELECT e.id, e.work_order_id, e.number, w.number, s.number, v.plate,
                    c.display_name,
                    e.issued_at, e.issued_by, e.debt_minor, e.override_approval_id,
                    e.qr_payload,
                    (SELECT count(*) FROM exit_notice_prints p WHERE p.exit_notice_id = e.id)
             FROM exit_notices e
             JOIN work_orders w ON w.id = e.work_order_id
             JOIN settlements s ON s.id = e.settlement_id
             JOIN vehicles v ON v.id = w.vehicle_id
             JOIN customers c ON c.id = w.customer_id
             WHERE e.work_order_id = ?1",
        )?
        .query_row([wo], from_row)
        .optional()?)
}

pub(crate) fn log_print(
    conn: &Connection,
    id: ExitNoticeId,
    by: &str,
    now: NaiveDateTime,
) -> Result<()> {
    let copy: bool = conn
        .prepare_cached("SELECT count(*) > 0 FROM exit_notice_prints WHERE exit_notice_id = ?1")?
        .query_row([id], |row| row.get(0))?;
    conn.prepare_cached(
        "INSERT INTO exit_notice_prints (exit_notice_id, printed_at, printed_by, copy)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, now, by.trim(), copy])?;
    Ok(())
}

/// Adds the exit notice; returns its id.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_notice(
    conn: &Connection,
    wo: WorkOrderId,
    settlement: SettlementId,
    issued: &Issued,
    issued_by: &str,
    debt_minor: i64,
    approval: Option<ApprovalId>,
    payload: &str,
    now: NaiveDateTime,
) -> Result<ExitNoticeId> {
    conn.prepare_cached(
        "INSERT INTO exit_notices (work_order_id, settlement_id, number, year, seq,
             issued_at, issued_by, debt_minor, override_approval_id, qr_payload)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        wo,
        settlement,
        issued.number,
        issued.year,
        issued.seq,
        now,
        issued_by,
        debt_minor,
        approval,
        payload
    ])?;
    Ok(ExitNoticeId(conn.last_insert_rowid()))
}

/// The signed handover record at the gate.
pub(crate) struct HandoverRow<'a> {
    pub record_json: &'a str,
    pub record_sha256: &'a str,
    pub signer_name: &'a str,
    pub strokes_json: &'a str,
    pub png_sha256: &'a str,
    pub fingerprint: &'a str,
}

pub(crate) fn insert_handover(
    conn: &Connection,
    wo: WorkOrderId,
    row: &HandoverRow<'_>,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO exit_handovers (work_order_id, record, record_sha256, signer_name,
             signed_at, strokes, png_sha256, fingerprint)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        wo,
        row.record_json,
        row.record_sha256,
        row.signer_name,
        now,
        row.strokes_json,
        row.png_sha256,
        row.fingerprint
    ])?;
    Ok(())
}

impl Store {
    pub fn exit_notice(&self, wo: WorkOrderId) -> Result<Option<ExitNotice>> {
        self.with_conn(|conn| notice(conn, wo))
    }
}
