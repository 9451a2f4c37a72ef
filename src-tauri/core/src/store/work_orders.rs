//! SQL of `work_orders`, `work_order_services` and `work_order_counters`: a job's row
//! with its gapless number, its job details, status changes, and the job lists. Opening,
//! moving and cancelling a job are the use cases of `desk::work_orders`.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, Row};

use crate::customer::{display_name, CustomerKind};
use crate::error::Result;
use crate::ids::{CustomerId, VehicleId, WorkOrderId};
use crate::store::{customers, found, parse_column, Store};
use crate::work_order::{
    is_overdue, JobContact, JobDetails, RepairCategory, ServiceLine, WorkOrder, WorkOrderFilter,
    WorkOrderPage, WorkOrderStatus, WorkOrderSummary,
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
    let category: Option<String> = row.get(17)?;
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
        repair_category: category_column(17, category)?,
    })
}

/// A stored category read back; text the migration's CHECK lets in always parses.
fn category_column(index: usize, text: Option<String>) -> rusqlite::Result<Option<RepairCategory>> {
    text.map(|text| parse_column(index, &text, RepairCategory::parse))
        .transpose()
}

/// The work order with its service lines.
pub(crate) fn load(conn: &Connection, id: WorkOrderId) -> Result<WorkOrder> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, number, customer_id, vehicle_id, status, opened_at, advisor, complaint,
                diagnosis, other_requests, promised_at, contact_name, contact_phone,
                frozen_at, cancelled_at, cancel_reason, updated_at, repair_category
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
pub(crate) fn next_seq(conn: &Connection, year: i32) -> Result<i64> {
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
pub(crate) fn last_number_year(conn: &Connection) -> Result<Option<i32>> {
    let year = conn
        .prepare_cached("SELECT max(year) FROM work_order_counters")?
        .query_row([], |row| row.get(0))?;
    Ok(year)
}

/// Writes the job details as given, trimmed (refusing nothing: the caller checked them,
/// cleaned the phone and knows the intake is not frozen).
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
        contact.map(|c| c.phone.as_str()),
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

/// Sets (or clears, `None`) the job's repair category.
pub(crate) fn set_repair_category(
    conn: &Connection,
    id: WorkOrderId,
    category: Option<RepairCategory>,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE work_orders SET repair_category = ?2, updated_at = ?3 WHERE id = ?1",
    )?
    .execute(params![id, category.map(RepairCategory::as_str), now])?;
    Ok(())
}

/// The job's repair category, `None` when not classified.
pub(crate) fn repair_category(
    conn: &Connection,
    id: WorkOrderId,
) -> Result<Option<RepairCategory>> {
    let text: Option<String> = conn
        .prepare_cached("SELECT repair_category FROM work_orders WHERE id = ?1")?
        .query_row([id], |row| row.get(0))?;
    Ok(text.as_deref().and_then(RepairCategory::parse))
}

/// Files the row of a new job numbered `number` (`seq` of `year`), opened at `now`;
/// its details and checklist are written next by the caller, in the same transaction.
pub(crate) fn insert(
    conn: &Connection,
    number: &str,
    (year, seq): (i32, i64),
    (customer, vehicle): (CustomerId, VehicleId),
    now: NaiveDateTime,
) -> Result<WorkOrderId> {
    conn.prepare_cached(
        "INSERT INTO work_orders (number, year, seq, customer_id, vehicle_id, status,
                                  opened_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6, ?6, ?6)",
    )?
    .execute(params![number, year, seq, customer, vehicle, now])?;
    Ok(WorkOrderId(conn.last_insert_rowid()))
}

/// Calls the job off with its reason, keeping its number.
pub(crate) fn cancel(
    conn: &Connection,
    id: WorkOrderId,
    reason: &str,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE work_orders SET status = 'cancelled', cancelled_at = ?2,
                cancel_reason = ?3, updated_at = ?2
         WHERE id = ?1",
    )?
    .execute(params![id, now, reason])?;
    Ok(())
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
        repair_category: category_column(12, row.get(12)?)?,
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
    let category = filter.repair_category.map(RepairCategory::as_str);
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
        filter.offset.max(0),
        category
    ];
    let mut stmt = conn.prepare_cached(concat!(
        "SELECT w.id, w.number, w.customer_id, c.kind, c.name, c.company_name, w.vehicle_id,
                v.plate, w.status, w.opened_at, ",
        promised_now!(),
        ", w.complaint, w.repair_category
         FROM work_orders w
         JOIN customers c ON c.id = w.customer_id
         JOIN vehicles v ON v.id = w.vehicle_id
         WHERE (?1 = '' OR instr(?1, ',' || w.status || ',') > 0)
           AND (?2 IS NULL OR w.customer_id = ?2)
           AND (?3 IS NULL OR w.vehicle_id = ?3)
           AND (?4 = '' OR instr(w.number, ?4) > 0 OR instr(v.plate, ?4) > 0)
           AND (?7 IS NULL OR w.repair_category = ?7)
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
               AND (?4 = '' OR instr(w.number, ?4) > 0 OR instr(v.plate, ?4) > 0)
               AND (?5 IS NULL OR w.repair_category = ?5)",
        )?
        .query_row(
            params![
                statuses,
                filter.customer_id,
                filter.vehicle_id,
                text,
                category
            ],
            |row| row.get(0),
        )?;
    Ok(WorkOrderPage { items, total })
}

impl Store {
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

    /// The jobs still at the shop (not collected or cancelled), soonest promised first,
    /// for Today.
    pub fn list_open_work_orders(&self, now: NaiveDateTime) -> Result<Vec<WorkOrderSummary>> {
        self.with_conn(|conn| {
            let mut stmt = conn.prepare_cached(concat!(
                "SELECT w.id, w.number, w.customer_id, c.kind, c.name, c.company_name,
                        w.vehicle_id, v.plate, w.status, w.opened_at, ",
                promised_now!(),
                " AS promised_now, w.complaint, w.repair_category
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

/// The jobs still in the shop (open, checked in, in the workshop), oldest first: id,
/// plate and the customer's display name.
pub(crate) fn in_the_shop(conn: &Connection) -> Result<Vec<(WorkOrderId, String, String)>> {
    let rows = conn
        .prepare_cached(
            "SELECT w.id, v.plate, c.display_name
             FROM work_orders w JOIN vehicles v ON v.id = w.vehicle_id
             JOIN customers c ON c.id = w.customer_id
             WHERE w.status IN ('open', 'checked_in', 'in_workshop')
             ORDER BY w.opened_at, w.id",
        )?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A job as opened: (job, customer, vehicle, opened, complaint).
pub(crate) type OpenedJob = (WorkOrderId, CustomerId, VehicleId, NaiveDateTime, String);

/// The jobs opened in `from..to` and not cancelled, oldest first. The demo shop books its
/// past appointments on them.
pub(crate) fn opened_between(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<OpenedJob>> {
    let rows = conn
        .prepare(
            "SELECT id, customer_id, vehicle_id, opened_at, complaint FROM work_orders
             WHERE opened_at >= ?1 AND opened_at < ?2 AND status != 'cancelled'
             ORDER BY opened_at, id",
        )?
        .query_map([from, to], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
