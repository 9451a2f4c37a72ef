//! SQL of `estimates` and `estimate_lines`, and the shop's pricing settings: a job's
//! estimate in versions, drafts saved whole, approval freezing a version.

use chrono::{Days, NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::{EstimateId, WorkOrderId};
use crate::pricing::estimate::{
    checked_totals, draft_hash, ApprovalChannel, ApprovalInput, Estimate, EstimateBook,
    EstimateDraftInput, EstimateSnapshot, EstimateStatus, EstimateVersion,
};
use crate::pricing::{
    EstimateLine, Guarantee, GuaranteeClass, LineKind, PartGrade, PartSource, PricingMode,
    PricingSettings, RepairSystem,
};
use crate::reason::Reason;
use crate::store::{parse_column, settings as shop_settings, work_orders};
use crate::validate::too_long;
use crate::work_order::{WorkOrder, WorkOrderStatus};

pub(crate) const PRICING_KEY: &str = "pricing.settings";

/// The shop's pricing settings; defaults until saved. A stored row that no longer reads
/// is refused (`settings.unreadable`), never taken for the defaults: tax rates would
/// change without a word.
pub(crate) fn pricing_settings(conn: &Connection) -> Result<PricingSettings> {
    let value: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [PRICING_KEY],
            |row| row.get(0),
        )
        .optional()?;
    match value {
        None => Ok(PricingSettings::default()),
        Some(v) => {
            serde_json::from_str(&v).map_err(|_| CoreError::conflict(Reason::SettingsUnreadable))
        }
    }
}

pub(crate) fn line_from_row(row: &Row<'_>) -> rusqlite::Result<EstimateLine> {
    let kind: String = row.get(0)?;
    let system: Option<String> = row.get(3)?;
    let source: Option<String> = row.get(8)?;
    let grade: Option<String> = row.get(9)?;
    let class: String = row.get(11)?;
    Ok(EstimateLine {
        kind: parse_column(0, &kind, LineKind::parse)?,
        code: row.get(1)?,
        description: row.get(2)?,
        system: system
            .map(|s| parse_column(3, &s, RepairSystem::parse))
            .transpose()?,
        qty_milli: row.get(4)?,
        unit: row.get(5)?,
        unit_price_minor: row.get(6)?,
        discount_bp: row.get(7)?,
        source: source
            .map(|s| {
                parse_column(8, &s, |s| match s {
                    "shop" => Some(PartSource::Shop),
                    "customer" => Some(PartSource::Customer),
                    _ => None,
                })
            })
            .transpose()?,
        grade: grade
            .map(|s| parse_column(9, &s, PartGrade::parse))
            .transpose()?,
        customer_insists: row.get(10)?,
        guarantee: Guarantee {
            class: parse_column(11, &class, GuaranteeClass::parse)?,
            km: row.get(12)?,
            days: row.get(13)?,
        },
    })
}

pub(crate) fn load_lines(conn: &Connection, id: EstimateId) -> Result<Vec<EstimateLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, code, description, system, qty_milli, unit, unit_price_minor,
                discount_bp, source, grade, customer_insists, guarantee_class,
                guarantee_km, guarantee_days
         FROM estimate_lines WHERE estimate_id = ?1 ORDER BY position",
    )?;
    let lines = stmt
        .query_map([id], line_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(lines)
}

pub(crate) fn write_lines(conn: &Connection, id: EstimateId, lines: &[EstimateLine]) -> Result<()> {
    conn.execute("DELETE FROM estimate_lines WHERE estimate_id = ?1", [id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO estimate_lines (estimate_id, position, kind, code, description, system,
             qty_milli, unit, unit_price_minor, discount_bp, source, grade, customer_insists,
             guarantee_class, guarantee_km, guarantee_days)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?;
    for (i, l) in lines.iter().enumerate() {
        stmt.execute(params![
            id,
            i as i64,
            l.kind.as_str(),
            l.code,
            l.description,
            l.system.map(RepairSystem::as_str),
            l.qty_milli,
            l.unit,
            l.unit_price_minor,
            l.discount_bp,
            l.source.map(|s| match s {
                PartSource::Shop => "shop",
                PartSource::Customer => "customer",
            }),
            l.grade.map(PartGrade::as_str),
            l.customer_insists,
            l.guarantee.class.as_str(),
            l.guarantee.km,
            l.guarantee.days,
        ])?;
    }
    Ok(())
}

pub(crate) struct Row0 {
    pub(crate) id: EstimateId,
    pub(crate) work_order_id: WorkOrderId,
    pub(crate) version: u32,
    pub(crate) status: EstimateStatus,
    pub(crate) mode: PricingMode,
    pub(crate) risk_margin_bp: u32,
    pub(crate) note: String,
    pub(crate) created_at: NaiveDateTime,
    pub(crate) updated_at: NaiveDateTime,
    pub(crate) snapshot: Option<String>,
    pub(crate) snapshot_sha256: Option<String>,
}

pub(crate) const HEAD_COLUMNS: &str =
    "id, work_order_id, version, status, mode, risk_margin_bp, note,
     created_at, updated_at, snapshot, snapshot_sha256";

pub(crate) fn head_from_row(row: &Row<'_>) -> rusqlite::Result<Row0> {
    let status: String = row.get(3)?;
    let mode: String = row.get(4)?;
    Ok(Row0 {
        id: row.get(0)?,
        work_order_id: row.get(1)?,
        version: row.get(2)?,
        status: parse_column(3, &status, EstimateStatus::parse)?,
        mode: parse_column(4, &mode, PricingMode::parse)?,
        risk_margin_bp: row.get(5)?,
        note: row.get(6)?,
        created_at: row.get(7)?,
        updated_at: row.get(8)?,
        snapshot: row.get(9)?,
        snapshot_sha256: row.get(10)?,
    })
}

pub(crate) fn heads(conn: &Connection, wo: WorkOrderId) -> Result<Vec<Row0>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {HEAD_COLUMNS} FROM estimates WHERE work_order_id = ?1 ORDER BY version"
    ))?;
    let rows = stmt
        .query_map([wo], head_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub(crate) fn valid_until(from: NaiveDateTime, settings: &PricingSettings) -> Option<NaiveDate> {
    from.date()
        .checked_add_days(Days::new(u64::from(settings.validity_days)))
}

/// The snapshot of a frozen version, parsed.
pub(crate) fn frozen(head: &Row0) -> Result<Option<EstimateSnapshot>> {
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

pub(crate) fn estimate_of(
    conn: &Connection,
    head: &Row0,
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
    conn.execute(
        "INSERT INTO estimates (work_order_id, version, status, mode, risk_margin_bp,
                                created_at, updated_at)
         VALUES (?1, 1, 'draft', ?2, ?3, ?4, ?4)",
        params![
            wo.id,
            settings.default_mode.as_str(),
            settings.default_risk_margin_bp,
            now
        ],
    )?;
    let id = EstimateId(conn.last_insert_rowid());
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
    let actions = crate::pricing::estimate_actions::estimate_actions(
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
        editable: editable(&work_order),
        can_edit: actions.can_edit,
        can_approve: actions.can_approve,
        can_revise: actions.can_revise,
        archive_failed: None,
    })
}

pub(crate) fn draft_head(conn: &Connection, wo: WorkOrderId) -> Result<Option<Row0>> {
    Ok(heads(conn, wo)?
        .into_iter()
        .find(|h| h.status == EstimateStatus::Draft))
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
