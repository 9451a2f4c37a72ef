//! A job's estimate as the desk reads it: each version with its totals and how long it
//! holds, the book of versions with what may be done with the current one, the first
//! draft from the requested items, and the checks on a customer's approval. The store
//! gives the rows (`store/estimates.rs`); the sums and the decisions are made here.
use chrono::{Days, NaiveDate, NaiveDateTime};
use rusqlite::Connection;

use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::WorkOrderId;
use crate::pricing::estimate::{
    checked_totals, draft_hash, ApprovalChannel, ApprovalInput, Estimate, EstimateBook,
    EstimateDraftInput, EstimateSnapshot, EstimateStatus, EstimateVersion,
};
use crate::pricing::estimate_actions::estimate_actions;
use crate::pricing::{EstimateLine, LineKind, PricingSettings};
use crate::reason::Reason;
use crate::store::estimates::{
    heads, insert_draft, load_lines, pricing_settings, write_lines, EstimateHead,
};
use crate::store::{settings as shop_settings, work_orders};
use crate::validate::too_long;
use crate::work_order::{WorkOrder, WorkOrderStatus};

/// Until when a version priced `from` holds under the shop's validity.
pub(crate) fn valid_until(from: NaiveDateTime, settings: &PricingSettings) -> Option<NaiveDate> {
    from.date()
        .checked_add_days(Days::new(u64::from(settings.validity_days)))
}

/// The snapshot of a frozen version, parsed.
pub(crate) fn frozen(head: &EstimateHead) -> Result<Option<EstimateSnapshot>> {
    match &head.snapshot {
        None => Ok(None),
        Some(json) => serde_json::from_str(json).map(Some).map_err(|e| {
            CoreError::Db(rusqlite::Error::FromSqlConversionFailure(
                9,
                rusqlite::types::Type::Text,
                Box::new(e),
            ))
        }),
    }
}

/// One version as shown: the frozen snapshot once approved, else the draft's rows priced
/// under the shop's settings.
pub(crate) fn estimate_of(
    conn: &Connection,
    head: &EstimateHead,
    settings: &PricingSettings,
) -> Result<Estimate> {
    let snapshot = frozen(head)?;
    let (lines, tax, totals, valid, approval) = match snapshot {
        Some(s) => (s.lines, s.tax, s.totals, s.valid_until, Some(s.approval)),
        None => {
            let lines = load_lines(conn, head.id)?;
            let totals = checked_totals(&lines, head.mode, head.risk_margin_bp, &settings.tax)?;
            let valid = valid_until(head.updated_at, settings);
            (lines, settings.tax, totals, valid, None)
        }
    };
    let draft = EstimateDraftInput {
        mode: head.mode,
        risk_margin_bp: head.risk_margin_bp,
        note: head.note.clone(),
        lines,
    };
    Ok(Estimate {
        id: head.id,
        work_order_id: head.work_order_id,
        version: head.version,
        status: head.status,
        mode: head.mode,
        risk_margin_bp: head.risk_margin_bp,
        note: head.note.clone(),
        no_guarantee: draft
            .lines
            .iter()
            .map(EstimateLine::no_quality_guarantee)
            .collect(),
        draft_hash: draft_hash(&draft, &tax),
        lines: draft.lines,
        totals,
        tax,
        created_at: head.created_at,
        updated_at: head.updated_at,
        valid_until: valid,
        approval,
        fingerprint: head.snapshot_sha256.clone(),
    })
}

/// The first draft of a job's estimate: its requested items, one labour line each.
pub(crate) fn first_draft(conn: &Connection, wo: &WorkOrder, now: NaiveDateTime) -> Result<()> {
    let settings = pricing_settings(conn)?;
    let id = insert_draft(
        conn,
        wo.id,
        1,
        settings.default_mode,
        settings.default_risk_margin_bp,
        "",
        now,
    )?;
    let lines: Vec<EstimateLine> = wo
        .details
        .services
        .iter()
        .map(|s| EstimateLine {
            kind: LineKind::Labour,
            code: String::new(),
            description: s.description.clone(),
            system: None,
            qty_milli: 1_000,
            unit: String::new(),
            unit_price_minor: s.estimate_minor.unwrap_or(0),
            discount_bp: 0,
            source: None,
            grade: None,
            customer_insists: false,
            guarantee: settings.guarantees.first_level,
        })
        .collect();
    write_lines(conn, id, &lines)
}

pub(crate) fn editable(wo: &WorkOrder) -> bool {
    !matches!(
        wo.status,
        WorkOrderStatus::Cancelled | WorkOrderStatus::Collected
    )
}

pub(crate) fn refuse_unless_editable(wo: &WorkOrder) -> Result<()> {
    if wo.status == WorkOrderStatus::Cancelled {
        return Err(CoreError::conflict(Reason::WorkOrderCancelled));
    }
    if wo.status == WorkOrderStatus::Collected {
        return Err(CoreError::conflict(Reason::StatusTransition));
    }
    Ok(())
}

/// The job's estimate book: every version, the current one (the open draft, else the
/// latest) and what may be done with it.
pub(crate) fn book(conn: &Connection, wo: WorkOrderId) -> Result<EstimateBook> {
    let work_order = work_orders::load(conn, wo)?;
    let settings = pricing_settings(conn)?;
    let shop = shop_settings::load(conn)?;
    let all = heads(conn, wo)?;
    let Some(current) = all
        .iter()
        .find(|h| h.status == EstimateStatus::Draft)
        .or_else(|| all.last())
    else {
        return Err(CoreError::NotFound { what: "estimate" });
    };
    let mut versions = Vec::with_capacity(all.len());
    let mut approved_minor = None;
    for head in &all {
        let e = estimate_of(conn, head, &settings)?;
        if head.status == EstimateStatus::Approved {
            approved_minor = Some(e.totals.gross_minor);
        }
        versions.push(EstimateVersion {
            id: head.id,
            version: head.version,
            status: head.status,
            gross_minor: e.totals.gross_minor,
            approved_at: e.approval.as_ref().map(|a| a.at),
            channel: e.approval.as_ref().map(|a| a.channel),
        });
    }
    let current = estimate_of(conn, current, &settings)?;
    let actions = estimate_actions(
        editable(&work_order),
        current.status,
        current.approval.is_some(),
    );
    Ok(EstimateBook {
        work_order_id: wo,
        number: work_order.number.clone(),
        currency: shop.currency,
        versions,
        current,
        approved_minor,
        can_edit: actions.can_edit,
        can_approve: actions.can_approve,
        can_revise: actions.can_revise,
        archive_failed: None,
    })
}

/// One version (the latest when `version` is `None`).
pub(crate) fn version(
    conn: &Connection,
    wo: WorkOrderId,
    version: Option<u32>,
) -> Result<Estimate> {
    let settings = pricing_settings(conn)?;
    let all = heads(conn, wo)?;
    let head = match version {
        Some(v) => all.iter().find(|h| h.version == v),
        None => all.last(),
    };
    let head = head.ok_or(CoreError::NotFound { what: "estimate" })?;
    estimate_of(conn, head, &settings)
}

pub(crate) fn check_approval(input: &ApprovalInput) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if input.approved_by.trim().is_empty() {
        issues.push(FieldIssue::new("approvedBy", Reason::ApprovalByRequired));
    }
    if input.recorded_by.trim().is_empty() {
        issues.push(FieldIssue::new("recordedBy", Reason::ApprovalByRequired));
    }
    too_long(&mut issues, "approvedBy", input.approved_by.trim(), 100);
    too_long(&mut issues, "recordedBy", input.recorded_by.trim(), 100);
    let signs = input.channel == ApprovalChannel::Signature;
    if signs != input.signature.is_some() {
        issues.push(FieldIssue::new("signature", Reason::SignatureEmpty));
    }
    issues
}
