//! SQL of the workshop side of a job: `additional_items` and their calls, `progress_log`,
//! the work offered again on a vehicle's next job, and the desk's task lists for Today.
use std::path::Path;

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{CoreError, Result};
use crate::ids::WorkOrderId;
use crate::intake::signature::clean_signature;
use crate::pricing::estimate::{checked_totals, ApprovalChannel};
use crate::pricing::{EstimateLine, PricingMode};
use crate::reason::Reason;
use crate::store::estimates::pricing_settings;
use crate::store::{parse_column, work_orders, Store};
use crate::work_order::{WorkOrder, WorkOrderStatus};
use crate::workshop::{
    check_answer, check_due_at, check_progress, clean_item, AdditionalItem, AdditionalItemInput,
    AnswerInput, ContactOutcome, ItemContact, ProgressEntry, ProgressInput, ProgressKind,
    ProposalStatus, WorkshopView,
};

fn json_err(idx: usize, e: serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
}

fn channel_of(idx: usize, s: Option<String>) -> rusqlite::Result<Option<ApprovalChannel>> {
    s.map(|s| parse_column(idx, &s, ApprovalChannel::parse))
        .transpose()
}

pub(crate) struct ItemRow {
    item: AdditionalItem,
}

const ITEM_COLUMNS: &str = "id, work_order_id, finding, reason, safety_critical, photos,
     found_by, found_at, lines, extra_minutes, status, signature_sha256, new_promised_at,
     carried_to";

fn item_from_row(row: &Row<'_>) -> rusqlite::Result<ItemRow> {
    let photos: String = row.get(5)?;
    let lines: String = row.get(8)?;
    let status: String = row.get(10)?;
    let lines: Vec<EstimateLine> = serde_json::from_str(&lines).map_err(|e| json_err(8, e))?;
    Ok(ItemRow {
        item: AdditionalItem {
            id: row.get(0)?,
            work_order_id: row.get(1)?,
            finding: row.get(2)?,
            reason: row.get(3)?,
            safety_critical: row.get(4)?,
            photos: serde_json::from_str(&photos).map_err(|e| json_err(5, e))?,
            found_by: row.get(6)?,
            found_at: row.get(7)?,
            no_guarantee: lines
                .iter()
                .map(EstimateLine::no_quality_guarantee)
                .collect(),
            lines,
            totals: crate::pricing::Totals {
                lines: Vec::new(),
                labour_minor: 0,
                parts_minor: 0,
                other_minor: 0,
                discount_minor: 0,
                risk_margin_minor: 0,
                net_minor: 0,
                tax: Vec::new(),
                tax_minor: 0,
                gross_minor: 0,
            },
            extra_minutes: row.get(9)?,
            status: parse_column(10, &status, ProposalStatus::parse)?,
            contacts: Vec::new(),
            signature_sha256: row.get(11)?,
            new_promised_at: row.get(12)?,
            carried_to: row.get(13)?,
        },
    })
}

fn contacts(conn: &Connection, item: i64) -> Result<Vec<ItemContact>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, channel, outcome, spoke_with, recorded_by FROM additional_item_contacts
         WHERE item_id = ?1 ORDER BY at, rowid",
    )?;
    let rows = stmt
        .query_map([item], |row| {
            let channel: String = row.get(1)?;
            let outcome: String = row.get(2)?;
            Ok(ItemContact {
                at: row.get(0)?,
                channel: parse_column(1, &channel, ApprovalChannel::parse)?,
                outcome: parse_column(2, &outcome, ContactOutcome::parse)?,
                spoke_with: row.get(3)?,
                recorded_by: row.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn complete(conn: &Connection, row: ItemRow) -> Result<AdditionalItem> {
    let settings = pricing_settings(conn)?;
    let mut item = row.item;
    item.totals = checked_totals(&item.lines, PricingMode::ByItem, 0, &settings.tax)?;
    item.contacts = contacts(conn, item.id)?;
    Ok(item)
}

pub(crate) fn items(conn: &Connection, wo: WorkOrderId) -> Result<Vec<AdditionalItem>> {
    let rows = conn
        .prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS} FROM additional_items WHERE work_order_id = ?1 ORDER BY id"
        ))?
        .query_map([wo], item_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(|r| complete(conn, r)).collect()
}

pub(crate) fn item(conn: &Connection, id: i64) -> Result<AdditionalItem> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS} FROM additional_items WHERE id = ?1"
        ))?
        .query_row([id], item_from_row)
        .optional()?
        .ok_or(CoreError::NotFound {
            what: "additional_item",
        })?;
    complete(conn, row)
}

fn progress(conn: &Connection, wo: WorkOrderId) -> Result<Vec<ProgressEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, kind, new_promised_at, reason, told_channel, told_at, recorded_by
         FROM progress_log WHERE work_order_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([wo], |row| {
            let kind: String = row.get(1)?;
            Ok(ProgressEntry {
                at: row.get(0)?,
                kind: parse_column(1, &kind, ProgressKind::parse)?,
                new_promised_at: row.get(2)?,
                reason: row.get(3)?,
                told_channel: channel_of(4, row.get(4)?)?,
                told_at: row.get(5)?,
                recorded_by: row.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The job's promised time now: the latest change, else what the intake promised.
pub(crate) fn promised_now(conn: &Connection, wo: &WorkOrder) -> Result<Option<NaiveDateTime>> {
    let changed: Option<NaiveDateTime> = conn
        .prepare_cached(
            "SELECT new_promised_at FROM progress_log
             WHERE work_order_id = ?1 AND new_promised_at IS NOT NULL ORDER BY id DESC LIMIT 1",
        )?
        .query_row([wo.id], |row| row.get(0))
        .optional()?;
    Ok(changed.or(wo.details.promised_at))
}

pub(crate) fn in_workshop(status: WorkOrderStatus) -> bool {
    matches!(
        status,
        WorkOrderStatus::Open | WorkOrderStatus::CheckedIn | WorkOrderStatus::InWorkshop
    )
}

/// Whether the progress check of `wo` is due at `now`: the job is in, 75 % of its
/// planned time has passed, and nothing was recorded since that point.
pub(crate) fn check_state(
    conn: &Connection,
    wo: &WorkOrder,
    now: NaiveDateTime,
) -> Result<(Option<NaiveDateTime>, Option<NaiveDateTime>, bool, bool)> {
    let promised = promised_now(conn, wo)?;
    let due_at = promised.and_then(|p| check_due_at(wo.opened_at, p));
    let log = progress(conn, wo.id)?;
    let checked_since = |at: NaiveDateTime| log.iter().any(|e| e.at >= at);
    let active = in_workshop(wo.status);
    let due = active && due_at.is_some_and(|at| now >= at && !checked_since(at));
    let late = active && promised.is_some_and(|p| now > p);
    Ok((promised, due_at, due, late))
}

pub(crate) fn view(conn: &Connection, wo: WorkOrderId, now: NaiveDateTime) -> Result<WorkshopView> {
    let work_order = work_orders::load(conn, wo)?;
    let (promised, due_at, due, late) = check_state(conn, &work_order, now)?;
    let items = items(conn, wo)?;
    let approved_extra_minor = items
        .iter()
        .filter(|i| i.status == ProposalStatus::Approved)
        .map(|i| i.totals.gross_minor)
        .sum();
    Ok(WorkshopView {
        work_order_id: wo,
        number: work_order.number.clone(),
        opened_at: work_order.opened_at,
        promised_first: work_order.details.promised_at,
        promised_now: promised,
        check_due_at: due_at,
        check_due: due,
        late,
        items,
        progress: progress(conn, wo)?,
        approved_extra_minor,
        archive_failed: None,
        editable: in_workshop(work_order.status),
    })
}

pub(crate) fn refuse_unless_in(wo: &WorkOrder) -> Result<()> {
    match wo.status {
        WorkOrderStatus::Cancelled => Err(CoreError::conflict(Reason::WorkOrderCancelled)),
        s if in_workshop(s) => Ok(()),
        _ => Err(CoreError::conflict(Reason::StatusTransition)),
    }
}

impl Store {
    /// The Workshop view of a job.
    pub fn workshop(&self, wo: WorkOrderId, now: NaiveDateTime) -> Result<WorkshopView> {
        self.with_conn(|conn| view(conn, wo, now))
    }

    /// Records what the workshop found, as a proposal waiting for the customer.
    pub fn add_additional_item(
        &self,
        wo: WorkOrderId,
        input: &AdditionalItemInput,
        now: NaiveDateTime,
    ) -> Result<WorkshopView> {
        let clean = clean_item(input)?;
        self.with_tx(|tx| {
            let work_order = work_orders::load(tx, wo)?;
            refuse_unless_in(&work_order)?;
            let settings = pricing_settings(tx)?;
            checked_totals(&clean.lines, PricingMode::ByItem, 0, &settings.tax)?;
            let photos = serde_json::to_string(&clean.photos)
                .map_err(|_| CoreError::invalid("photos", Reason::PhotoReference))?;
            let lines = serde_json::to_string(&clean.lines)
                .map_err(|_| CoreError::invalid("lines", Reason::ListTooLong))?;
            tx.execute(
                "INSERT INTO additional_items (work_order_id, finding, reason, safety_critical,
                     photos, found_by, found_at, lines, extra_minutes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    wo,
                    clean.finding,
                    clean.reason,
                    clean.safety_critical,
                    photos,
                    clean.found_by,
                    now,
                    lines,
                    clean.extra_minutes
                ],
            )?;
            view(tx, wo, now)
        })
    }

    /// Records a call about an item: the customer's answer, or that they were not
    /// reached. An approval may move the promised time.
    pub fn answer_additional_item(
        &self,
        data_dir: &Path,
        wo: WorkOrderId,
        item_id: i64,
        input: &AnswerInput,
        now: NaiveDateTime,
    ) -> Result<WorkshopView> {
        let input = &crate::workshop::answer::clean_answer(input);
        let issues = check_answer(input, now);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        let signature = input.signature.as_ref().map(clean_signature).transpose()?;
        if let Some(clean) = &signature {
            crate::files::signatures::save_signature_png(data_dir, &clean.png_sha256, &clean.png)?;
        }
        self.with_tx(|tx| {
            let work_order = work_orders::load(tx, wo)?;
            refuse_unless_in(&work_order)?;
            let found = item(tx, item_id)?;
            if found.work_order_id != wo {
                return Err(CoreError::NotFound {
                    what: "additional_item",
                });
            }
            if found.status != ProposalStatus::Proposed {
                return Err(CoreError::conflict(Reason::ItemAnswered));
            }
            tx.execute(
                "INSERT INTO additional_item_contacts (item_id, at, channel, outcome, spoke_with,
                                                       recorded_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    item_id,
                    now,
                    input.channel.as_str(),
                    input.outcome.as_str(),
                    input.spoke_with.trim(),
                    input.recorded_by.trim()
                ],
            )?;
            let status = match input.outcome {
                ContactOutcome::NotReached => return view(tx, wo, now),
                ContactOutcome::Approved => ProposalStatus::Approved,
                ContactOutcome::Declined => ProposalStatus::Declined,
            };
            tx.execute(
                "UPDATE additional_items SET status = ?2, answer_channel = ?3, answered_by = ?4,
                        recorded_by = ?5, answered_at = ?6, signature_sha256 = ?7,
                        new_promised_at = ?8
                 WHERE id = ?1",
                params![
                    item_id,
                    status.as_str(),
                    input.channel.as_str(),
                    input.spoke_with.trim(),
                    input.recorded_by.trim(),
                    now,
                    signature.as_ref().map(|s| s.png_sha256.clone()),
                    input.new_promised_at
                ],
            )?;
            if let Some(at) = input.new_promised_at {
                tx.execute(
                    "INSERT INTO progress_log (work_order_id, at, kind, new_promised_at, reason,
                                               told_channel, told_at, recorded_by)
                     VALUES (?1, ?2, 'additional_item', ?3, ?4, ?5, ?2, ?6)",
                    params![
                        wo,
                        now,
                        at,
                        found.finding,
                        input.channel.as_str(),
                        input.recorded_by.trim()
                    ],
                )?;
            }
            view(tx, wo, now)
        })
    }

    /// Records a progress check: on time, or a delay with its new promised time.
    pub fn record_progress(
        &self,
        wo: WorkOrderId,
        input: &ProgressInput,
        now: NaiveDateTime,
    ) -> Result<WorkshopView> {
        let issues = check_progress(input, now);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        self.with_tx(|tx| {
            let work_order = work_orders::load(tx, wo)?;
            refuse_unless_in(&work_order)?;
            let (kind, new_at, told_channel, told_at) = if input.on_time {
                (ProgressKind::OnTime, None, None, None)
            } else {
                (
                    ProgressKind::Delay,
                    input.new_promised_at,
                    input.told_channel,
                    input.told_at,
                )
            };
            tx.execute(
                "INSERT INTO progress_log (work_order_id, at, kind, new_promised_at, reason,
                                           told_channel, told_at, recorded_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    wo,
                    now,
                    kind.as_str(),
                    new_at,
                    input.reason.trim(),
                    told_channel.map(ApprovalChannel::as_str),
                    told_at,
                    input.recorded_by.trim()
                ],
            )?;
            view(tx, wo, now)
        })
    }
}
