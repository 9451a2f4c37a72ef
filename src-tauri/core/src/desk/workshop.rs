//! While the car is in the workshop, at the desk: the Workshop view (each item priced,
//! whether its answer may be recorded, the progress check due), recording what the
//! workshop found, the customer's answer to it (with the pad's signature kept as a PNG
//! under its hash), and the progress checks and delays.
use std::path::Path;

use chrono::{NaiveDateTime, Timelike};
use rusqlite::Connection;

use crate::error::{CoreError, Result};
use crate::files::signatures::save_signature_png;
use crate::ids::WorkOrderId;
use crate::intake::signature::clean_signature;
use crate::pricing::estimate::checked_totals;
use crate::pricing::PricingMode;
use crate::reason::Reason;
use crate::store::estimates::pricing_settings;
use crate::store::workshop::{self as rows, ItemAnswer};
use crate::store::{work_orders, Store};
use crate::work_order::{WorkOrder, WorkOrderStatus};
use crate::workshop::answer::clean_answer;
use crate::workshop::{
    check_answer, check_due_at, check_progress, clean_item, AdditionalItem, AdditionalItemInput,
    AnswerInput, ContactOutcome, ItemContact, ProgressEntry, ProgressInput, ProgressKind,
    ProposalStatus, WorkshopView,
};

/// The item with its totals priced by item under the shop's tax, and its missed calls
/// counted.
fn priced(conn: &Connection, mut item: AdditionalItem) -> Result<AdditionalItem> {
    let settings = pricing_settings(conn)?;
    item.totals = checked_totals(&item.lines, PricingMode::ByItem, 0, &settings.tax)?;
    item.not_reached_calls = item
        .contacts
        .iter()
        .filter(|c| c.outcome == ContactOutcome::NotReached)
        .count() as u32;
    Ok(item)
}

/// The job's additional items, priced.
pub(crate) fn items(conn: &Connection, wo: WorkOrderId) -> Result<Vec<AdditionalItem>> {
    rows::items(conn, wo)?
        .into_iter()
        .map(|item| priced(conn, item))
        .collect()
}

/// One additional item, priced.
pub(crate) fn item(conn: &Connection, id: i64) -> Result<AdditionalItem> {
    priced(conn, rows::item(conn, id)?)
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
    let promised = rows::promised_now(conn, wo)?;
    let due_at = promised.and_then(|p| check_due_at(wo.opened_at, p));
    let log = rows::progress(conn, wo.id)?;
    let checked_since = |at: NaiveDateTime| log.iter().any(|e| e.at >= at);
    let active = in_workshop(wo.status);
    let due = active && due_at.is_some_and(|at| now >= at && !checked_since(at));
    let late = active && promised.is_some_and(|p| now > p);
    Ok((promised, due_at, due, late))
}

/// `now` to the minute, as a time field shows it.
fn to_the_minute(now: NaiveDateTime) -> NaiveDateTime {
    now.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(now)
}

pub(crate) fn view(conn: &Connection, wo: WorkOrderId, now: NaiveDateTime) -> Result<WorkshopView> {
    let work_order = work_orders::load(conn, wo)?;
    let (promised, due_at, due, late) = check_state(conn, &work_order, now)?;
    let editable = in_workshop(work_order.status);
    let mut items = items(conn, wo)?;
    for item in &mut items {
        item.can_answer = editable && item.status == ProposalStatus::Proposed;
    }
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
        progress: rows::progress(conn, wo)?,
        approved_extra_minor,
        archive_failed: None,
        editable,
        told_at_default: to_the_minute(now),
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
            rows::insert_item(tx, wo, &clean, now)?;
            view(tx, wo, now)
        })
    }

    /// Records a call about an item: the customer's answer, or that they were not
    /// reached. An approval may move the promised time. The pad's signature is kept
    /// under its hash before the transaction: a file nobody refers to is harmless, a
    /// row naming a missing file is not.
    pub fn answer_additional_item(
        &self,
        data_dir: &Path,
        wo: WorkOrderId,
        item_id: i64,
        input: &AnswerInput,
        now: NaiveDateTime,
    ) -> Result<WorkshopView> {
        let input = &clean_answer(input);
        let issues = check_answer(input, now);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        let signature = input.signature.as_ref().map(clean_signature).transpose()?;
        if let Some(clean) = &signature {
            save_signature_png(data_dir, &clean.png_sha256, &clean.png)?;
        }
        self.with_tx(|tx| {
            let work_order = work_orders::load(tx, wo)?;
            refuse_unless_in(&work_order)?;
            let found = rows::item(tx, item_id)?;
            if found.work_order_id != wo {
                return Err(CoreError::NotFound {
                    what: "additional_item",
                });
            }
            if found.status != ProposalStatus::Proposed {
                return Err(CoreError::conflict(Reason::ItemAnswered));
            }
            let call = ItemContact {
                at: now,
                channel: input.channel,
                outcome: input.outcome,
                spoke_with: input.spoke_with.trim().to_string(),
                recorded_by: input.recorded_by.trim().to_string(),
            };
            rows::insert_contact(tx, item_id, &call)?;
            let status = match input.outcome {
                ContactOutcome::NotReached => return view(tx, wo, now),
                ContactOutcome::Approved => ProposalStatus::Approved,
                ContactOutcome::Declined => ProposalStatus::Declined,
            };
            let answer = ItemAnswer {
                status,
                call: &call,
                signature_sha256: signature.as_ref().map(|s| s.png_sha256.as_str()),
                new_promised_at: input.new_promised_at,
            };
            rows::set_answer(tx, item_id, &answer)?;
            if let Some(at) = input.new_promised_at {
                let entry = ProgressEntry {
                    at: now,
                    kind: ProgressKind::AdditionalItem,
                    new_promised_at: Some(at),
                    reason: found.finding.clone(),
                    told_channel: Some(input.channel),
                    told_at: Some(now),
                    recorded_by: call.recorded_by.clone(),
                };
                rows::insert_progress(tx, wo, &entry)?;
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
            let entry = if input.on_time {
                ProgressEntry {
                    at: now,
                    kind: ProgressKind::OnTime,
                    new_promised_at: None,
                    reason: input.reason.trim().to_string(),
                    told_channel: None,
                    told_at: None,
                    recorded_by: input.recorded_by.trim().to_string(),
                }
            } else {
                ProgressEntry {
                    at: now,
                    kind: ProgressKind::Delay,
                    new_promised_at: input.new_promised_at,
                    reason: input.reason.trim().to_string(),
                    told_channel: input.told_channel,
                    told_at: input.told_at,
                    recorded_by: input.recorded_by.trim().to_string(),
                }
            };
            rows::insert_progress(tx, wo, &entry)?;
            view(tx, wo, now)
        })
    }
}
