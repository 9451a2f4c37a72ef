//! SQL of the workshop side of a job: `additional_items` and their calls, `progress_log`,
//! and the promised time as it stands. Items come back as filed: their totals are priced
//! and what may be answered is decided by `desk::workshop`.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::domain::pricing::{
    ApprovalChannel, ContactOutcome, EstimateLine, ProposalStatus, Totals,
};
use crate::domain::workshop::{
    AdditionalItem, AdditionalItemInput, ItemContact, ProgressEntry, ProgressKind,
};
use crate::error::{CoreError, Result};
use crate::ids::WorkOrderId;
use crate::reason::Reason;
use crate::store::parse_column;
use crate::work_order::WorkOrder;

fn json_err(idx: usize, e: serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
}

fn channel_of(idx: usize, s: Option<String>) -> rusqlite::Result<Option<ApprovalChannel>> {
    s.map(|s| parse_column(idx, &s, ApprovalChannel::parse))
        .transpose()
}

const ITEM_COLUMNS: &str = "id, work_order_id, finding, reason, safety_critical, photos,
     found_by, found_at, lines, extra_minutes, status, signature_sha256, new_promised_at,
     carried_to";

/// Totals not priced yet: every figure zero.
fn unpriced() -> Totals {
    Totals {
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
    }
}

fn item_from_row(row: &Row<'_>) -> rusqlite::Result<AdditionalItem> {
    let photos: String = row.get(5)?;
    let lines: String = row.get(8)?;
    let status: String = row.get(10)?;
    let lines: Vec<EstimateLine> = serde_json::from_str(&lines).map_err(|e| json_err(8, e))?;
    Ok(AdditionalItem {
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
        totals: unpriced(),
        extra_minutes: row.get(9)?,
        status: parse_column(10, &status, ProposalStatus::parse)?,
        contacts: Vec::new(),
        signature_sha256: row.get(11)?,
        new_promised_at: row.get(12)?,
        carried_to: row.get(13)?,
        not_reached_calls: 0,
        can_answer: false,
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

fn with_contacts(conn: &Connection, mut item: AdditionalItem) -> Result<AdditionalItem> {
    item.contacts = contacts(conn, item.id)?;
    Ok(item)
}

/// The job's additional items as filed, with their calls; totals not priced.
pub(crate) fn items(conn: &Connection, wo: WorkOrderId) -> Result<Vec<AdditionalItem>> {
    let rows = conn
        .prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS} FROM additional_items WHERE work_order_id = ?1 ORDER BY id"
        ))?
        .query_map([wo], item_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(|r| with_contacts(conn, r)).collect()
}

/// One additional item as filed, with its calls; totals not priced.
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
    with_contacts(conn, row)
}

pub(crate) fn progress(conn: &Connection, wo: WorkOrderId) -> Result<Vec<ProgressEntry>> {
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

/// Files a checked item, found at `now`, as a proposal waiting for the customer.
pub(crate) fn insert_item(
    conn: &Connection,
    wo: WorkOrderId,
    item: &AdditionalItemInput,
    now: NaiveDateTime,
) -> Result<()> {
    let photos = serde_json::to_string(&item.photos)
        .map_err(|_| CoreError::invalid("photos", Reason::PhotoReference))?;
    let lines = serde_json::to_string(&item.lines)
        .map_err(|_| CoreError::invalid("lines", Reason::ListTooLong))?;
    conn.execute(
        "INSERT INTO additional_items (work_order_id, finding, reason, safety_critical,
             photos, found_by, found_at, lines, extra_minutes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            wo,
            item.finding,
            item.reason,
            item.safety_critical,
            photos,
            item.found_by,
            now,
            lines,
            item.extra_minutes
        ],
    )?;
    Ok(())
}

/// Files one call about the item.
pub(crate) fn insert_contact(conn: &Connection, item: i64, call: &ItemContact) -> Result<()> {
    conn.execute(
        "INSERT INTO additional_item_contacts (item_id, at, channel, outcome, spoke_with,
                                               recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            item,
            call.at,
            call.channel.as_str(),
            call.outcome.as_str(),
            call.spoke_with,
            call.recorded_by
        ],
    )?;
    Ok(())
}

/// The answer a call brought, as filed on the item.
pub(crate) struct ItemAnswer<'a> {
    pub status: ProposalStatus,
    pub call: &'a ItemContact,
    pub signature_sha256: Option<&'a str>,
    pub new_promised_at: Option<NaiveDateTime>,
}

pub(crate) fn set_answer(conn: &Connection, item: i64, answer: &ItemAnswer<'_>) -> Result<()> {
    conn.execute(
        "UPDATE additional_items SET status = ?2, answer_channel = ?3, answered_by = ?4,
                recorded_by = ?5, answered_at = ?6, signature_sha256 = ?7,
                new_promised_at = ?8
         WHERE id = ?1",
        params![
            item,
            answer.status.as_str(),
            answer.call.channel.as_str(),
            answer.call.spoke_with,
            answer.call.recorded_by,
            answer.call.at,
            answer.signature_sha256,
            answer.new_promised_at
        ],
    )?;
    Ok(())
}

/// Files one entry of the job's progress log.
pub(crate) fn insert_progress(
    conn: &Connection,
    wo: WorkOrderId,
    entry: &ProgressEntry,
) -> Result<()> {
    conn.execute(
        "INSERT INTO progress_log (work_order_id, at, kind, new_promised_at, reason,
                                   told_channel, told_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            wo,
            entry.at,
            entry.kind.as_str(),
            entry.new_promised_at,
            entry.reason,
            entry.told_channel.map(ApprovalChannel::as_str),
            entry.told_at,
            entry.recorded_by
        ],
    )?;
    Ok(())
}
