//! The dispatch sheet of a job: saving who it goes to, the items with their planned
//! hours and when it was handed over, and recording each finding the workshop passes to
//! the desk with who took it. A finding that is an additional item is linked, not typed
//! again.
use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::domain::dispatch::{DispatchInput, FindingNoticeInput};
use crate::domain::intake::SignatureRole;
use crate::error::{CoreError, Result};
use crate::ids::WorkOrderId;
use crate::reason::Reason;
use crate::store::{dispatch, estimates, signatures, work_orders, workshop, Store};
use crate::work_order::{WorkOrder, WorkOrderStatus};
use crate::workshop::dispatch::{
    check_dispatch, check_notice, clean_dispatch, planned_total, suggested_items, to_minute,
    DispatchView, UnnoticedItem,
};

fn view(conn: &Connection, id: WorkOrderId, now: NaiveDateTime) -> Result<DispatchView> {
    let job = work_orders::load(conn, id)?;
    let sheet = dispatch::load(conn, id)?;
    let notices = dispatch::notices(conn, id)?;
    let items = workshop::items(conn, id)?;
    let unnoticed_items = items
        .iter()
        .filter(|i| !notices.iter().any(|n| n.additional_item_id == Some(i.id)))
        .map(|i| UnnoticedItem {
            id: i.id,
            finding: i.finding.clone(),
            found_by: i.found_by.clone(),
            found_at: i.found_at,
        })
        .collect();
    let estimate = match estimates::heads(conn, id)?.last() {
        Some(latest) => estimates::load_lines(conn, latest.id)?,
        None => Vec::new(),
    };
    let services: Vec<String> = job
        .details
        .services
        .iter()
        .map(|s| s.description.clone())
        .collect();
    let handed_at_default = signatures::for_work_order(conn, id)?
        .iter()
        .find(|s| s.role == SignatureRole::WorkshopReceiver)
        .map(|s| s.signed_at);
    Ok(DispatchView {
        work_order_id: id,
        number: job.number.clone(),
        suggested_items: suggested_items(&estimate, &services, &job.details.complaint),
        handed_at_default,
        notice_at_default: to_minute(now),
        planned_minutes_total: sheet.as_ref().map_or(0, |s| planned_total(&s.items)),
        can_print: sheet.is_some(),
        dispatch: sheet,
        notices,
        unnoticed_items,
        editable: editable(&job),
    })
}

fn editable(job: &WorkOrder) -> bool {
    !matches!(
        job.status,
        WorkOrderStatus::Cancelled | WorkOrderStatus::Collected
    )
}

fn open_job(conn: &Connection, id: WorkOrderId) -> Result<WorkOrder> {
    let job = work_orders::load(conn, id)?;
    match job.status {
        WorkOrderStatus::Cancelled => Err(CoreError::conflict(Reason::WorkOrderCancelled)),
        WorkOrderStatus::Collected => Err(CoreError::conflict(Reason::StatusTransition)),
        _ => Ok(job),
    }
}

impl Store {
    /// Job `id`'s Dispatch panel as of `now`.
    pub fn dispatch(&self, id: WorkOrderId, now: NaiveDateTime) -> Result<DispatchView> {
        self.with_conn(|conn| view(conn, id, now))
    }

    /// Saves the whole sheet; refused with every field issue at once.
    pub fn save_dispatch(
        &self,
        id: WorkOrderId,
        input: &DispatchInput,
        now: NaiveDateTime,
    ) -> Result<DispatchView> {
        self.with_tx(|tx| {
            let job = open_job(tx, id)?;
            let issues = check_dispatch(input, job.opened_at, now);
            if !issues.is_empty() {
                return Err(CoreError::Invalid(issues));
            }
            dispatch::save(tx, id, &clean_dispatch(input), now)?;
            view(tx, id, now)
        })
    }

    /// Records a finding passed to the desk: when, who in the workshop told it and
    /// who at the desk took it. One of an additional item of this job carries only who
    /// took it, once per item.
    pub fn record_finding_notice(
        &self,
        id: WorkOrderId,
        input: &FindingNoticeInput,
        now: NaiveDateTime,
    ) -> Result<DispatchView> {
        self.with_tx(|tx| {
            let job = open_job(tx, id)?;
            let issues = check_notice(input, job.opened_at, now);
            if !issues.is_empty() {
                return Err(CoreError::Invalid(issues));
            }
            if let Some(item) = input.additional_item_id {
                if !dispatch::item_on_job(tx, id, item)? {
                    return Err(CoreError::NotFound {
                        what: "additional item",
                    });
                }
                if dispatch::item_noticed(tx, item)? {
                    return Err(CoreError::conflict(Reason::NoticeAlreadyRecorded));
                }
            }
            dispatch::insert_notice(tx, id, input, now)?;
            view(tx, id, now)
        })
    }
}
