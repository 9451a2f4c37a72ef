//! SQL of `estimates` and `estimate_lines`, and the shop's pricing settings: a job's
//! estimate in versions, drafts saved whole, approval freezing a version. The totals,
//! the validity and what may be done with a version are [`crate::desk::estimate_book`].

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::domain::pricing::{
    ApprovalChannel, EstimateLine, EstimateStatus, Guarantee, GuaranteeClass, LineKind, PartGrade,
    PartSource, PricingMode, PricingSettings, RepairSystem,
};
use crate::error::{CoreError, Result};
use crate::ids::{EstimateId, WorkOrderId};
use crate::reason::Reason;
use crate::store::parse_column;

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

pub(crate) struct EstimateHead {
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

pub(crate) fn head_from_row(row: &Row<'_>) -> rusqlite::Result<EstimateHead> {
    let status: String = row.get(3)?;
    let mode: String = row.get(4)?;
    Ok(EstimateHead {
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

pub(crate) fn heads(conn: &Connection, wo: WorkOrderId) -> Result<Vec<EstimateHead>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {HEAD_COLUMNS} FROM estimates WHERE work_order_id = ?1 ORDER BY version"
    ))?;
    let rows = stmt
        .query_map([wo], head_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub(crate) fn draft_head(conn: &Connection, wo: WorkOrderId) -> Result<Option<EstimateHead>> {
    Ok(heads(conn, wo)?
        .into_iter()
        .find(|h| h.status == EstimateStatus::Draft))
}

/// The version of the job's estimate the customer approved, if any.
pub(crate) fn approved_version(conn: &Connection, wo: WorkOrderId) -> Result<Option<u32>> {
    Ok(conn
        .prepare_cached("SELECT version FROM estimates WHERE work_order_id = ?1 AND status = ?2")?
        .query_row(params![wo, EstimateStatus::Approved.as_str()], |row| {
            row.get(0)
        })
        .optional()?)
}

/// Saves the shop's pricing settings, already checked and written as JSON.
pub(crate) fn put_pricing_settings(conn: &Connection, json: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![PRICING_KEY, json],
    )?;
    Ok(())
}

/// Adds version `version` of the job's estimate as a draft; returns its id.
pub(crate) fn insert_draft(
    conn: &Connection,
    wo: WorkOrderId,
    version: u32,
    mode: PricingMode,
    risk_margin_bp: u32,
    note: &str,
    now: NaiveDateTime,
) -> Result<EstimateId> {
    conn.execute(
        "INSERT INTO estimates (work_order_id, version, status, mode, risk_margin_bp,
                                note, created_at, updated_at)
         VALUES (?1, ?2, 'draft', ?3, ?4, ?5, ?6, ?6)",
        params![wo, version, mode.as_str(), risk_margin_bp, note, now],
    )?;
    Ok(EstimateId(conn.last_insert_rowid()))
}

/// Writes the head of a draft: mode, margin, note.
pub(crate) fn update_draft(
    conn: &Connection,
    id: EstimateId,
    mode: PricingMode,
    risk_margin_bp: u32,
    note: &str,
    now: NaiveDateTime,
) -> Result<()> {
    conn.execute(
        "UPDATE estimates SET mode = ?2, risk_margin_bp = ?3, note = ?4, updated_at = ?5
         WHERE id = ?1",
        params![id, mode.as_str(), risk_margin_bp, note, now],
    )?;
    Ok(())
}

/// What freezing an approved version writes.
pub(crate) struct ApprovedRow<'a> {
    pub(crate) channel: ApprovalChannel,
    pub(crate) approved_by: &'a str,
    pub(crate) recorded_by: &'a str,
    pub(crate) at: NaiveDateTime,
    pub(crate) signature_sha256: Option<&'a str>,
    pub(crate) valid_until: Option<NaiveDate>,
    pub(crate) snapshot_json: &'a str,
    pub(crate) snapshot_sha256: &'a str,
}

/// Marks version `id` approved with its frozen snapshot; an earlier approved version of
/// the job becomes superseded.
pub(crate) fn mark_approved(
    conn: &Connection,
    wo: WorkOrderId,
    id: EstimateId,
    row: &ApprovedRow<'_>,
) -> Result<()> {
    conn.execute(
        "UPDATE estimates SET status = 'superseded'
         WHERE work_order_id = ?1 AND status = 'approved'",
        [wo],
    )?;
    conn.execute(
        "UPDATE estimates SET status = 'approved', approved_at = ?2,
                approval_channel = ?3, approved_by = ?4, recorded_by = ?5,
                signature_sha256 = ?6, valid_until = ?7, snapshot = ?8,
                snapshot_sha256 = ?9, updated_at = ?2
         WHERE id = ?1",
        params![
            id,
            row.at,
            row.channel.as_str(),
            row.approved_by,
            row.recorded_by,
            row.signature_sha256,
            row.valid_until,
            row.snapshot_json,
            row.snapshot_sha256
        ],
    )?;
    Ok(())
}

/// When the job's open draft was last changed; `None` when it has no draft.
pub(crate) fn draft_updated_at(
    conn: &Connection,
    wo: WorkOrderId,
) -> Result<Option<NaiveDateTime>> {
    Ok(conn
        .prepare_cached(
            "SELECT updated_at FROM estimates WHERE work_order_id = ?1 AND status = 'draft'",
        )?
        .query_row([wo], |row| row.get(0))
        .optional()?)
}
