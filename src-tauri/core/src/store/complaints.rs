//! SQL of `complaints` and `complaint_steps`: the complaint and its steps as one
//! aggregate. Rows in, rows out: whether one is late is the desk's to compute
//! (`settlement::complaint`), so a loaded complaint carries its state as open or closed
//! only.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, Row};

use crate::domain::complaint::{
    Complaint, ComplaintChannel, ComplaintClosing, ComplaintDemand, ComplaintFilter,
    ComplaintInput, ComplaintKind, ComplaintState, ComplaintStep, ComplaintStepInput,
};
use crate::error::Result;
use crate::ids::{ComplaintId, CustomerId, VehicleId, WorkOrderId};
use crate::store::numbering::Issued;
use crate::store::{found, parse_column};

const COLUMNS: &str = "k.id, k.number, k.channel, k.kind, k.customer_id, c.display_name,
     COALESCE((SELECT p.number FROM customer_phones p WHERE p.customer_id = k.customer_id
               ORDER BY p.is_primary DESC, p.position LIMIT 1), ''),
     k.vehicle_id, v.plate, k.work_order_id, w.number, k.words, k.demands, k.taken_by,
     k.taken_at, k.answer_by, k.closed_at, k.closed_by, k.answer, k.satisfied,
     k.supervisor, k.compensation_agreed";

const FROM: &str = "FROM complaints k
     JOIN customers c ON c.id = k.customer_id
     JOIN vehicles v ON v.id = k.vehicle_id
     LEFT JOIN work_orders w ON w.id = k.work_order_id";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Complaint> {
    let channel: String = row.get(2)?;
    let kind: String = row.get(3)?;
    let demands: String = row.get(12)?;
    let demands: Vec<String> = serde_json::from_str(&demands).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(12, rusqlite::types::Type::Text, e.into())
    })?;
    let demands = demands
        .iter()
        .map(|d| parse_column(12, d, ComplaintDemand::parse))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let closed_at: Option<NaiveDateTime> = row.get(16)?;
    let satisfied: Option<bool> = row.get(19)?;
    let closing = match (closed_at, satisfied) {
        (Some(closed_at), Some(satisfied)) => Some(ComplaintClosing {
            answer: row.get(18)?,
            satisfied,
            closed_by: row.get(17)?,
            closed_at,
            supervisor: row.get(20)?,
            compensation_agreed: row.get(21)?,
        }),
        _ => None,
    };
    let answer_by: Option<NaiveDateTime> = row.get(15)?;
    Ok(Complaint {
        id: row.get(0)?,
        number: row.get(1)?,
        channel: parse_column(2, &channel, ComplaintChannel::parse)?,
        kind: parse_column(3, &kind, ComplaintKind::parse)?,
        customer_id: row.get(4)?,
        customer_name: row.get(5)?,
        phone: row.get(6)?,
        vehicle_id: row.get(7)?,
        plate: row.get(8)?,
        work_order_id: row.get(9)?,
        work_order_number: row.get(10)?,
        words: row.get(11)?,
        demands,
        taken_by: row.get(13)?,
        taken_at: row.get(14)?,
        answer_by,
        promised_by: answer_by,
        steps: Vec::new(),
        state: if closing.is_some() {
            ComplaintState::Closed
        } else {
            ComplaintState::Open
        },
        closing,
        needs_supervisor: false,
    })
}

fn demands_json(demands: &[ComplaintDemand]) -> String {
    let mut names: Vec<&str> = demands.iter().map(|d| d.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    serde_json::to_string(&names).unwrap_or_else(|_| "[]".into())
}

/// Writes a new complaint under the number `issued`.
pub(crate) fn insert(
    conn: &Connection,
    issued: &Issued,
    input: &ComplaintInput,
    now: NaiveDateTime,
) -> Result<ComplaintId> {
    conn.prepare_cached(
        "INSERT INTO complaints (number, year, seq, customer_id, vehicle_id, work_order_id,
                                 channel, kind, words, demands, taken_by, taken_at, answer_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        issued.number,
        issued.year,
        issued.seq,
        input.customer_id,
        input.vehicle_id,
        input.work_order_id,
        input.channel.as_str(),
        input.kind.as_str(),
        input.words.trim(),
        demands_json(&input.demands),
        input.taken_by.trim(),
        now,
        input.answer_by,
    ])?;
    Ok(ComplaintId(conn.last_insert_rowid()))
}

pub(crate) fn add_step(
    conn: &Connection,
    id: ComplaintId,
    step: &ComplaintStepInput,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO complaint_steps (complaint_id, at, by_name, action, next_answer_by)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        id,
        now,
        step.by.trim(),
        step.action.trim(),
        step.next_answer_by
    ])?;
    Ok(())
}

pub(crate) fn close(conn: &Connection, id: ComplaintId, closing: &ComplaintClosing) -> Result<()> {
    conn.prepare_cached(
        "UPDATE complaints SET closed_at = ?2, closed_by = ?3, answer = ?4, satisfied = ?5,
                               supervisor = ?6, compensation_agreed = ?7
         WHERE id = ?1 AND closed_at IS NULL",
    )?
    .execute(params![
        id,
        closing.closed_at,
        closing.closed_by,
        closing.answer,
        closing.satisfied,
        closing.supervisor,
        closing.compensation_agreed,
    ])?;
    Ok(())
}

fn steps(conn: &Connection, id: ComplaintId) -> Result<Vec<ComplaintStep>> {
    let rows = conn
        .prepare_cached(
            "SELECT at, by_name, action, next_answer_by FROM complaint_steps
             WHERE complaint_id = ?1 ORDER BY at, id",
        )?
        .query_map([id], |row| {
            Ok(ComplaintStep {
                at: row.get(0)?,
                by: row.get(1)?,
                action: row.get(2)?,
                next_answer_by: row.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// One complaint with its steps.
pub(crate) fn load(conn: &Connection, id: ComplaintId) -> Result<Complaint> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} {FROM} WHERE k.id = ?1"))?;
    let mut complaint = found(stmt.query_row([id], from_row), "complaint")?;
    complaint.steps = steps(conn, id)?;
    Ok(complaint)
}

/// The id of the complaint numbered `number`.
pub(crate) fn id_by_number(conn: &Connection, number: &str) -> Result<ComplaintId> {
    let mut stmt = conn.prepare_cached("SELECT id FROM complaints WHERE number = ?1")?;
    found(stmt.query_row([number.trim()], |r| r.get(0)), "complaint")
}

/// The complaints matching `filter` (open or closed by the filter's state; lateness is
/// left to the caller), newest first, at most `limit`.
pub(crate) fn list(
    conn: &Connection,
    filter: &ComplaintFilter,
    limit: u32,
) -> Result<Vec<Complaint>> {
    let closed = match filter.state {
        None => None,
        Some(ComplaintState::Closed) => Some(true),
        Some(_) => Some(false),
    };
    let text = filter.text.trim().to_lowercase();
    let sql = format!(
        "SELECT {COLUMNS} {FROM}
         WHERE (?1 IS NULL OR (k.closed_at IS NOT NULL) = ?1)
           AND (?2 IS NULL OR k.kind = ?2)
           AND (?3 IS NULL OR k.customer_id = ?3)
           AND (?4 IS NULL OR k.work_order_id = ?4)
           AND (?5 = '' OR instr(lower(k.number || ' ' || c.display_name || ' ' || v.plate
                                       || ' ' || k.words), ?5) > 0)
         ORDER BY k.taken_at DESC, k.id DESC LIMIT ?6"
    );
    let mut found_rows = conn
        .prepare_cached(&sql)?
        .query_map(
            params![
                closed,
                filter.kind.map(|k| k.as_str()),
                filter.customer_id,
                filter.work_order_id,
                text,
                limit
            ],
            from_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for complaint in &mut found_rows {
        complaint.steps = steps(conn, complaint.id)?;
    }
    Ok(found_rows)
}

/// Whether `vehicle` is `customer`'s.
pub(crate) fn vehicle_owned_by(
    conn: &Connection,
    vehicle: VehicleId,
    customer: CustomerId,
) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM vehicles WHERE id = ?1 AND customer_id = ?2")?
        .exists(params![vehicle, customer])?)
}

/// Whether the job `wo` is on `vehicle`.
pub(crate) fn job_on_vehicle(
    conn: &Connection,
    wo: WorkOrderId,
    vehicle: VehicleId,
) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM work_orders WHERE id = ?1 AND vehicle_id = ?2")?
        .exists(params![wo, vehicle])?)
}
