//! SQL of `work_orders`, `work_order_services` and `work_order_counters`: opening a job
//! with its gapless number, its job details, status changes, and the job lists.
use crate::reason::Reason;
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, Row};

use crate::customer::{display_name, CustomerKind};
use crate::error::{CoreError, Result};
use crate::ids::{CustomerId, WorkOrderId};
use crate::intake::{check_section, refuse, IntakeSection, WorkOrderDetail};
use crate::store::{customers, found, inspection_template, intake, parse_column, vehicles};
use crate::store::{walkaround, Store};
use crate::work_order::{
    check_transition, format_number, is_overdue, issue_year, JobContact, JobDetails, OpenWorkOrder,
    ServiceLine, WorkOrder, WorkOrderFilter, WorkOrderPage, WorkOrderStatus, WorkOrderSummary,
};

/// The promised time of `w` now: the latest delay or approved item's, else the intake's.
macro_rules! promised_now {
    () => {
        "COALESCE((SELECT p.new_promised_at FROM progress_log p
                   WHERE p.work_order_id = w.id AND p.new_promised_at IS NOT NULL
                   ORDER BY p.id DESC LIMIT 1), w.promised_at)"
    };
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<WorkOrder> {
    let status: String = row.get(4)?;
    let contact_name: Option<String> = row.get(11)?;
    let contact_phone: Option<String> = row.get(12)?;
    let contact = match (contact_name, contact_phone) {
        (None, None) => None,
        (name, phone) => Some(JobContact {
            name: name.unwrap_or_default(),
            phone: phone.unwrap_or_default(),
        }),
    };
    Ok(WorkOrder {
        id: row.get(0)?,
        number: row.get(1)?,
        customer_id: row.get(2)?,
        vehicle_id: row.get(3)?,
        status: parse_column(4, &status, WorkOrderStatus::parse)?,
        opened_at: row.get(5)?,
        details: JobDetails {
            advisor: row.get(6)?,
            complaint: row.get(7)?,
            diagnosis: row.get(8)?,
            services: Vec::new(),
            promised_at: row.get(10)?,
            contact,
            other_requests: row.get(9)?,
        },
        frozen_at: row.get(13)?,
        cancelled_at: row.get(14)?,
        cancel_reason: row.get(15)?,
        updated_at: row.get(16)?,
    })
}

/// The work order with its service lines.
pub(crate) fn load(conn: &Connection, id: WorkOrderId) -> Result<WorkOrder> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, number, customer_id, vehicle_id, status, opened_at, advisor, complaint,
                diagnosis, other_requests, promised_at, contact_name, contact_phone,
                frozen_at, cancelled_at, cancel_reason, updated_at
         FROM work_orders WHERE id = ?1",
    )?;
    let mut work_order = found(stmt.query_row([id], from_row), "work_order")?;
    let mut lines = conn.prepare_cached(
        "SELECT description, estimate_minor FROM work_order_services
         WHERE work_order_id = ?1 ORDER BY position",
    )?;
    work_order.details.services = lines
        .query_map([id], |row| {
            Ok(ServiceLine {
                description: row.get(0)?,
                estimate_minor: row.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(work_order)
}

/// The next number of `year`, counted in the caller's write transaction so that two
/// jobs opened at once never share or skip a number.
fn next_seq(conn: &Connection, year: i32) -> Result<i64> {
    let seq = conn
        .prepare_cached(
            "INSERT INTO work_order_counters (year, last) VALUES (?1, 1)
             ON CONFLICT (year) DO UPDATE SET last = last + 1
             RETURNING last",
        )?
        .query_row([year], |row| row.get(0))?;
    Ok(seq)
}

/// The year of the last number issued, `None` before the first job.
fn last_number_year(conn: &Connection) -> Result<Option<i32>> {
    let year = conn
        .prepare_cached("SELECT max(year) FROM work_order_counters")?
        .query_row([], |row| row.get(0))?;
    Ok(year)
}

/// Writes the job details (refusing nothing: the caller checked and unfroze).
pub(crate) fn save_details(
    conn: &Connection,
    id: WorkOrderId,
    details: &JobDetails,
    now: NaiveDateTime,
) -> Result<()> {
    let contact = details.contact.as_ref();
    conn.prepare_cached(
        "UPDATE work_orders SET advisor = ?2, complaint = ?3, diagnosis = ?4,
                other_requests = ?5, promised_at = ?6, contact_name = ?7, contact_phone = ?8,
                updated_at = ?9
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        details.advisor.trim(),
        details.complaint.trim(),
        details.diagnosis.trim(),
        details.other_requests.trim(),
        details.promised_at,
        contact.map(|c| c.name.trim()),
        contact.map(|c| crate::validate::normalize_phone(&c.phone)),
        now
    ])?;
    conn.prepare_cached("DELETE FROM work_order_services WHERE work_order_id = ?1")?
        .execute([id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO work_order_services (work_order_id, position, description, estimate_minor)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (position, line) in details.services.iter().enumerate() {
        insert.execute(params![
            id,
            position as i64,
            line.description.trim(),
            line.estimate_minor
        ])?;
    }
    Ok(())
}

pub(crate) fn set_status(
    conn: &Connection,
    id: WorkOrderId,
    status: WorkOrderStatus,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached("UPDATE work_orders SET status = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, status.as_str(), now])?;
    Ok(())
}

/// Files a new job on `input.vehicle_id` with the next number and a copy of the shop's
/// checklist template, in the caller's transaction.
pub(crate) fn insert(
    conn: &Connection,
    prefix: &str,
    input: &OpenWorkOrder,
    now: NaiveDateTime,
) -> Result<WorkOrderId> {
    let customer = customers::load(conn, input.customer_id)?;
    if customer.archived_at.is_some() {
        return Err(CoreError::conflict(Reason::CustomerArchived));
    }
    let vehicle = vehicles::load(conn, input.vehicle_id)?;
    if vehicle.archived_at.is_some() {
        return Err(CoreError::conflict(Reason::VehicleArchived));
    }
    if vehicle.customer_id != input.customer_id {
        return Err(CoreError::conflict(Reason::WorkOrderVehicleNotOwned));
    }
    // A clock gone back past the last number's year (a flat CMOS battery) would start a
    // second series of numbers in an old year: refused, so the desk fixes the clock —
    // unless the supervisor confirmed the clock had run ahead (`issue_year`).
    let confirmed = super::numbering::confirmed_year(conn)?;
    let year = issue_year(now, last_number_year(conn)?, confirmed)
        .ok_or(CoreError::conflict(Reason::ClockBehind))?;
    let seq = next_seq(conn, year)?;
    conn.prepare_cached(
        "INSERT INTO work_orders (number, year, seq, customer_id, vehicle_id, status,
                                  opened_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6, ?6, ?6)",
    )?
    .execute(params![
        format_number(prefix, year, seq),
        year,
        seq,
        input.customer_id,
        input.vehicle_id,
        now
    ])?;
    let id = WorkOrderId(conn.last_insert_rowid());
    save_details(conn, id, &input.details, now)?;
    let template = inspection_template::load(conn)?;
    walkaround::save_items(conn, id, &template.to_items())?;
    Ok(id)
}

fn summary_from_row(row: &Row<'_>, now: NaiveDateTime) -> rusqlite::Result<WorkOrderSummary> {
    let kind: String = row.get(3)?;
    let kind = parse_column(3, &kind, CustomerKind::parse)?;
    let name: String = row.get(4)?;
    let company: String = row.get(5)?;
    let status: String = row.get(8)?;
    let status = parse_column(8, &status, WorkOrderStatus::parse)?;
    let promised_at = row.get(10)?;
    Ok(WorkOrderSummary {
        id: row.get(0)?,
        number: row.get(1)?,
        customer_id: row.get(2)?,
        customer_name: display_name(kind, &name, &company),
        vehicle_id: row.get(6)?,
        plate: row.get(7)?,
        status,
        opened_at: row.get(9)?,
        promised_at,
        complaint: row.get(11)?,
        overdue: is_overdue(status, promised_at, now),
        opens_at: crate::work_order::actions::opening_step(status),
    })
}

/// `,open,ready,` for the status filter; empty for all.
fn status_list(statuses: &[WorkOrderStatus]) -> String {
    if statuses.is_empty() {
        return String::new();
    }
    let names: Vec<_> = statuses.iter().map(|s| s.as_str()).collect();
    format!(",{},", names.join(","))
}

fn list(conn: &Connection, filter: &WorkOrderFilter, now: NaiveDateTime) -> Result<WorkOrderPage> {
    let statuses = status_list(&filter.statuses);
    let text: String = filter
        .text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let args = params![
        statuses,
        filter.customer_id,
        filter.vehicle_id,
        text,
        filter.limit.clamp(1, 500),
        filter.offset.max(0)
    ];
    let mut stmt = conn.prepare_cached(concat!(
        "SELECT w.id, w.number, w.customer_id, c.kind, c.name, c.company_name, w.vehicle_id,
                v.plate, w.status, w.opened_at, ",
        promised_now!(),
        ", w.complaint
         FROM work_orders w
         JOIN customers c ON c.id = w.customer_id
         JOIN vehicles v ON v.id = w.vehicle_id
         WHERE (?1 = '' OR instr(?1, ',' || w.status || ',') > 0)
           AND (?2 IS NULL OR w.customer_id = ?2)
           AND (?3 IS NULL OR w.vehicle_id = ?3)
           AND (?4 = '' OR instr(w.number, ?4) > 0 OR instr(v.plate, ?4) > 0)
         ORDER BY w.opened_at DESC, w.id DESC
         LIMIT ?5 OFFSET ?6"
    ))?;
    let items = stmt
        .query_map(args, |row| summary_from_row(row, now))?
        .collect::<rusqlite::Result<_>>()?;
    let total = conn
        .prepare_cached(
            "SELECT count(*) FROM work_orders w JOIN vehicles v ON v.id = w.vehicle_id
             WHERE (?1 = '' OR instr(?1, ',' || w.status || ',') > 0)
               AND (?2 IS NULL OR w.customer_id = ?2)
               AND (?3 IS NULL OR w.vehicle_id = ?3)
               AND (?4 = '' OR instr(w.number, ?4) > 0 OR instr(v.plate, ?4) > 0)",
        )?
        .query_row(
            params![statuses, filter.customer_id, filter.vehicle_id, text],
            |row| row.get(0),
        )?;
    Ok(WorkOrderPage { items, total })
}

impl Store {
    /// Opens a job on a customer's vehicle: the next number of the year of `now`, the
    /// job details as typed, the shop's checklist copied in.
    pub fn open_work_order(
        &self,
        input: &OpenWorkOrder,
        now: NaiveDateTime,
    ) -> Result<WorkOrderDetail> {
        refuse(check_section(&IntakeSection::JobDetails(
            input.details.clone(),
        )))?;
        let prefix = self.get_settings()?.work_order_prefix;
        let id = self.with_tx(|tx| insert(tx, &prefix, input, now))?;
        self.get_work_order(id)
    }

    /// Moves the job to `to` when the step is allowed without a signature (to ready,
    /// back to the workshop); `Conflict` with the reason otherwise.
    pub fn set_work_order_status(
        &self,
        id: WorkOrderId,
        to: WorkOrderStatus,
        now: NaiveDateTime,
    ) -> Result<WorkOrderDetail> {
        self.with_tx(|tx| {
            let work_order = load(tx, id)?;
            check_transition(work_order.status, to).map_err(CoreError::conflict)?;
            set_status(tx, id, to, now)
        })?;
        self.get_work_order(id)
    }

    /// Calls the job off. It keeps its number (numbers are never reused) and the reason.
    pub fn cancel_work_order(
        &self,
        id: WorkOrderId,
        reason: &str,
        now: NaiveDateTime,
    ) -> Result<WorkOrderDetail> {
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > 1000 {
            return Err(CoreError::invalid("reason", Reason::CancelReasonRequired));
        }
        self.with_tx(|tx| {
            match load(tx, id)?.status {
                WorkOrderStatus::Cancelled => {
                    return Err(CoreError::conflict(Reason::WorkOrderCancelled))
                }
                WorkOrderStatus::Collected => {
                    return Err(CoreError::conflict(Reason::StatusTransition))
                }
                _ => {}
            }
            tx.prepare_cached(
                "UPDATE work_orders SET status = 'cancelled', cancelled_at = ?2,
                        cancel_reason = ?3, updated_at = ?2
                 WHERE id = ?1",
            )?
            .execute(params![id, now, reason])?;
            Ok(())
        })?;
        self.get_work_order(id)
    }

    /// The sequence numbers issued in `year`, in order, and the year's counter (the last
    /// number handed out): with nothing lost they are `1..=last`.
    pub fn issued_numbers(&self, year: i32) -> Result<(Vec<i64>, i64)> {
        self.with_conn(|conn| {
            let seqs = conn
                .prepare_cached("SELECT seq FROM work_orders WHERE year = ?1 ORDER BY seq")?
                .query_map([year], |row| row.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            let last = conn
                .prepare_cached(
                    "SELECT COALESCE((SELECT last FROM work_order_counters WHERE year = ?1), 0)",
                )?
                .query_row([year], |row| row.get(0))?;
            Ok((seqs, last))
        })
    }

    /// The job with this number (as printed; case and spaces do not matter).
    pub fn find_work_order(&self, number: &str) -> Result<WorkOrderId> {
        let number: String = number.split_whitespace().collect::<String>().to_uppercase();
        self.with_conn(|conn| {
            let mut stmt = conn.prepare_cached("SELECT id FROM work_orders WHERE number = ?1")?;
            found(stmt.query_row([number], |row| row.get(0)), "work_order")
        })
    }

    pub fn get_work_order(&self, id: WorkOrderId) -> Result<WorkOrderDetail> {
        self.with_conn(|conn| intake::detail(conn, id))
    }

    /// The jobs still at the shop (not collected or cancelled), soonest promised first,
    /// for Today.
    pub fn list_open_work_orders(&self, now: NaiveDateTime) -> Result<Vec<WorkOrderSummary>> {
        self.with_conn(|conn| {
            let mut stmt = conn.prepare_cached(concat!(
                "SELECT w.id, w.number, w.customer_id, c.kind, c.name, c.company_name,
                        w.vehicle_id, v.plate, w.status, w.opened_at, ",
                promised_now!(),
                " AS promised_now, w.complaint
                 FROM work_orders w
                 JOIN customers c ON c.id = w.customer_id
                 JOIN vehicles v ON v.id = w.vehicle_id
                 WHERE w.status IN ('open', 'checked_in', 'in_workshop', 'ready')
                 ORDER BY promised_now IS NULL, promised_now, w.opened_at, w.id"
            ))?;
            let items = stmt
                .query_map([], |row| summary_from_row(row, now))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(items)
        })
    }

    /// A page of jobs matching `filter`, newest first.
    pub fn list_work_orders(
        &self,
        filter: &WorkOrderFilter,
        now: NaiveDateTime,
    ) -> Result<WorkOrderPage> {
        self.with_conn(|conn| list(conn, filter, now))
    }

    /// Every job of the customer, newest first, for the customer file's history.
    pub fn work_orders_for_customer(
        &self,
        customer: CustomerId,
        now: NaiveDateTime,
    ) -> Result<Vec<WorkOrderSummary>> {
        let filter = WorkOrderFilter {
            customer_id: Some(customer),
            limit: 500,
            ..WorkOrderFilter::default()
        };
        self.with_conn(|conn| {
            customers::load(conn, customer)?;
            Ok(list(conn, &filter, now)?.items)
        })
    }
}
