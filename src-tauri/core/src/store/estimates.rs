//! SQL of `estimates` and `estimate_lines`, and the shop's pricing settings: a job's
//! estimate in versions, drafts saved whole, approval freezing a version.
use std::path::Path;

use chrono::{Days, NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::{EstimateId, WorkOrderId};
use crate::intake::signature::{clean_signature, save_png};
use crate::pricing::estimate::{
    clean_draft, draft_hash, figures, sha256_of, Approval, ApprovalChannel, ApprovalInput,
    DraftFigures, Estimate, EstimateBook, EstimateDraftInput, EstimateSnapshot, EstimateStatus,
    EstimateVersion,
};
use crate::pricing::{
    check_line, check_pricing_settings, clean_line, EstimateLine, Guarantee, GuaranteeClass,
    LineKind, PartGrade, PartSource, PricingMode, PricingSettings, RepairSystem, MAX_LINES,
    MAX_RISK_MARGIN_BP,
};
use crate::reason::Reason;
use crate::store::{found, parse_column, settings as shop_settings, work_orders, Store};
use crate::validate::too_long;
use crate::work_order::{WorkOrder, WorkOrderStatus};

const PRICING_KEY: &str = "pricing.settings";

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

fn line_from_row(row: &Row<'_>) -> rusqlite::Result<EstimateLine> {
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

fn load_lines(conn: &Connection, id: EstimateId) -> Result<Vec<EstimateLine>> {
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

fn write_lines(conn: &Connection, id: EstimateId, lines: &[EstimateLine]) -> Result<()> {
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

struct Row0 {
    id: EstimateId,
    work_order_id: WorkOrderId,
    version: u32,
    status: EstimateStatus,
    mode: PricingMode,
    risk_margin_bp: u32,
    note: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    snapshot: Option<String>,
    snapshot_sha256: Option<String>,
}

const HEAD_COLUMNS: &str = "id, work_order_id, version, status, mode, risk_margin_bp, note,
     created_at, updated_at, snapshot, snapshot_sha256";

fn head_from_row(row: &Row<'_>) -> rusqlite::Result<Row0> {
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

fn heads(conn: &Connection, wo: WorkOrderId) -> Result<Vec<Row0>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {HEAD_COLUMNS} FROM estimates WHERE work_order_id = ?1 ORDER BY version"
    ))?;
    let rows = stmt
        .query_map([wo], head_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn valid_until(from: NaiveDateTime, settings: &PricingSettings) -> Option<NaiveDate> {
    from.date()
        .checked_add_days(Days::new(u64::from(settings.validity_days)))
}

/// The snapshot of a frozen version, parsed.
fn frozen(head: &Row0) -> Result<Option<EstimateSnapshot>> {
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

fn estimate_of(conn: &Connection, head: &Row0, settings: &PricingSettings) -> Result<Estimate> {
    let snapshot = frozen(head)?;
    let (lines, tax, totals, valid, approval) = match snapshot {
        Some(s) => (s.lines, s.tax, s.totals, s.valid_until, Some(s.approval)),
        None => {
            let lines = load_lines(conn, head.id)?;
            let totals = figures(&lines, head.mode, head.risk_margin_bp, &settings.tax)?;
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
fn first_draft(conn: &Connection, wo: &WorkOrder, now: NaiveDateTime) -> Result<()> {
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

fn editable(wo: &WorkOrder) -> bool {
    !matches!(
        wo.status,
        WorkOrderStatus::Cancelled | WorkOrderStatus::Collected
    )
}

fn refuse_unless_editable(wo: &WorkOrder) -> Result<()> {
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

fn draft_head(conn: &Connection, wo: WorkOrderId) -> Result<Option<Row0>> {
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

fn check_approval(input: &ApprovalInput) -> Vec<FieldIssue> {
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

impl Store {
    /// The shop's pricing settings.
    pub fn get_pricing_settings(&self) -> Result<PricingSettings> {
        self.with_conn(pricing_settings)
    }

    pub fn save_pricing_settings(&self, settings: &PricingSettings) -> Result<PricingSettings> {
        let issues = check_pricing_settings(settings);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        let json = serde_json::to_string(settings)
            .map_err(|_| CoreError::invalid("settings", Reason::TextTooLong))?;
        self.with_tx(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![PRICING_KEY, json],
            )?;
            pricing_settings(tx)
        })
    }

    /// A job's estimate; the first time, its requested items become the first draft.
    pub fn estimate_book(&self, wo: WorkOrderId, now: NaiveDateTime) -> Result<EstimateBook> {
        let exists = self.with_conn(|conn| Ok(!heads(conn, wo)?.is_empty()))?;
        if exists {
            return self.with_conn(|conn| book(conn, wo));
        }
        self.with_tx(|tx| {
            let work_order = work_orders::load(tx, wo)?;
            if heads(tx, wo)?.is_empty() {
                first_draft(tx, &work_order, now)?;
            }
            book(tx, wo)
        })
    }

    /// One version of a job's estimate, the latest when `version` is `None`.
    pub fn estimate_version(&self, wo: WorkOrderId, v: Option<u32>) -> Result<Estimate> {
        self.with_conn(|conn| version(conn, wo, v))
    }

    /// Saves the whole draft (mode, margin, note, lines). Refused when the latest
    /// version is approved: revise it first.
    pub fn save_estimate_draft(
        &self,
        wo: WorkOrderId,
        input: &EstimateDraftInput,
        now: NaiveDateTime,
    ) -> Result<EstimateBook> {
        self.estimate_book(wo, now)?;
        self.with_tx(|tx| {
            let work_order = work_orders::load(tx, wo)?;
            refuse_unless_editable(&work_order)?;
            let settings = pricing_settings(tx)?;
            let clean = clean_draft(input, &settings)?;
            figures(
                &clean.lines,
                clean.mode,
                clean.risk_margin_bp,
                &settings.tax,
            )?;
            let head = draft_head(tx, wo)?.ok_or(CoreError::conflict(Reason::EstimateApproved))?;
            tx.execute(
                "UPDATE estimates SET mode = ?2, risk_margin_bp = ?3, note = ?4, updated_at = ?5
                 WHERE id = ?1",
                params![
                    head.id,
                    clean.mode.as_str(),
                    clean.risk_margin_bp,
                    clean.note,
                    now
                ],
            )?;
            write_lines(tx, head.id, &clean.lines)?;
            book(tx, wo)
        })
    }

    /// The figures a draft would have, while it is being typed: only the numbers are
    /// checked (a line still without its description has figures), nothing is saved.
    pub fn preview_estimate(&self, input: &EstimateDraftInput) -> Result<DraftFigures> {
        if input.lines.len() > MAX_LINES {
            return Err(CoreError::invalid("lines", Reason::ListTooLong));
        }
        if input.risk_margin_bp > MAX_RISK_MARGIN_BP {
            return Err(CoreError::invalid("riskMarginBp", Reason::RiskMarginRange));
        }
        let issues: Vec<FieldIssue> = input
            .lines
            .iter()
            .enumerate()
            .flat_map(|(i, line)| check_line(line, &format!("lines.{i}")))
            .filter(|issue| is_figure_field(&issue.field))
            .collect();
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        let settings = self.get_pricing_settings()?;
        let lines: Vec<EstimateLine> = input.lines.iter().map(clean_line).collect();
        Ok(DraftFigures {
            totals: figures(&lines, input.mode, input.risk_margin_bp, &settings.tax)?,
            no_guarantee: lines
                .iter()
                .map(EstimateLine::no_quality_guarantee)
                .collect(),
        })
    }

    /// Starts the next version as a draft, a copy of the latest; the draft itself when
    /// one is open.
    pub fn revise_estimate(&self, wo: WorkOrderId, now: NaiveDateTime) -> Result<EstimateBook> {
        self.estimate_book(wo, now)?;
        self.with_tx(|tx| {
            let work_order = work_orders::load(tx, wo)?;
            refuse_unless_editable(&work_order)?;
            if draft_head(tx, wo)?.is_some() {
                return book(tx, wo);
            }
            let latest = version(tx, wo, None)?;
            tx.execute(
                "INSERT INTO estimates (work_order_id, version, status, mode, risk_margin_bp,
                                        note, created_at, updated_at)
                 VALUES (?1, ?2, 'draft', ?3, ?4, ?5, ?6, ?6)",
                params![
                    wo,
                    latest.version + 1,
                    latest.mode.as_str(),
                    latest.risk_margin_bp,
                    latest.note,
                    now
                ],
            )?;
            write_lines(tx, EstimateId(tx.last_insert_rowid()), &latest.lines)?;
            book(tx, wo)
        })
    }

    /// Approves the draft as shown: by the customer's signature on the pad or a recorded
    /// approval. The version is frozen (snapshot + SHA-256); an earlier approved version
    /// is superseded.
    pub fn approve_estimate(
        &self,
        data_dir: &Path,
        wo: WorkOrderId,
        input: &ApprovalInput,
        now: NaiveDateTime,
    ) -> Result<EstimateBook> {
        let issues = check_approval(input);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        let signature = input.signature.as_ref().map(clean_signature).transpose()?;
        if let Some(clean) = &signature {
            save_png(data_dir, clean)?;
        }
        self.with_tx(|tx| {
            let work_order = work_orders::load(tx, wo)?;
            refuse_unless_editable(&work_order)?;
            let head = draft_head(tx, wo)?.ok_or(CoreError::conflict(Reason::EstimateApproved))?;
            let settings = pricing_settings(tx)?;
            let shown = estimate_of(tx, &head, &settings)?;
            if shown.draft_hash != input.shown_hash {
                return Err(CoreError::conflict(Reason::EstimateChangedSinceShown));
            }
            if shown.lines.is_empty() {
                return Err(CoreError::conflict(Reason::EstimateEmpty));
            }
            let shop = shop_settings::load(tx)?;
            let approval = Approval {
                channel: input.channel,
                approved_by: input.approved_by.trim().to_string(),
                recorded_by: input.recorded_by.trim().to_string(),
                at: now,
                signature_sha256: signature.as_ref().map(|s| s.png_sha256.clone()),
            };
            let snapshot = EstimateSnapshot {
                version: head.version,
                work_order: work_order.number.clone(),
                currency: shop.currency,
                mode: shown.mode,
                risk_margin_bp: shown.risk_margin_bp,
                note: shown.note.clone(),
                lines: shown.lines.clone(),
                totals: shown.totals.clone(),
                tax: shown.tax,
                valid_until: valid_until(now, &settings),
                approval: approval.clone(),
            };
            let json = snapshot.to_json();
            tx.execute(
                "UPDATE estimates SET status = 'superseded'
                 WHERE work_order_id = ?1 AND status = 'approved'",
                [wo],
            )?;
            tx.execute(
                "UPDATE estimates SET status = 'approved', approved_at = ?2,
                        approval_channel = ?3, approved_by = ?4, recorded_by = ?5,
                        signature_sha256 = ?6, valid_until = ?7, snapshot = ?8,
                        snapshot_sha256 = ?9, updated_at = ?2
                 WHERE id = ?1",
                params![
                    head.id,
                    now,
                    approval.channel.as_str(),
                    approval.approved_by,
                    approval.recorded_by,
                    approval.signature_sha256,
                    snapshot.valid_until,
                    json,
                    sha256_of(&json)
                ],
            )?;
            book(tx, wo)
        })
    }

    /// Whether an approved version's rows and hash still match its frozen snapshot.
    pub fn estimate_holds(&self, wo: WorkOrderId, v: u32) -> Result<bool> {
        self.with_conn(|conn| {
            let all = heads(conn, wo)?;
            let head = found(
                all.into_iter()
                    .find(|h| h.version == v)
                    .ok_or(rusqlite::Error::QueryReturnedNoRows),
                "estimate",
            )?;
            let (Some(json), Some(hash)) = (&head.snapshot, &head.snapshot_sha256) else {
                return Ok(false);
            };
            let Some(snapshot) = frozen(&head)? else {
                return Ok(false);
            };
            Ok(sha256_of(json) == *hash && load_lines(conn, head.id)? == snapshot.lines)
        })
    }
}

/// The fields whose values make the figures: quantity, price and discount.
fn is_figure_field(field: &str) -> bool {
    ["qtyMilli", "unitPriceMinor", "discountBp"]
        .iter()
        .any(|name| field.ends_with(name))
}
