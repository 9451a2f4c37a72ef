//! The estimate's use cases: the pricing settings saved, a job's estimate book, a draft
//! saved whole (or only previewed), a new version, the customer's approval by signature
//! or by a recorded call, and whether an approved version still holds.
use std::path::Path;

use chrono::NaiveDateTime;

use crate::desk::estimate_book::{
    book, check_approval, estimate_of, first_draft, frozen, refuse_unless_editable, valid_until,
    version,
};
use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::WorkOrderId;
use crate::intake::signature::clean_signature;
use crate::pricing::estimate::{
    checked_totals, clean_draft, sha256_of, Approval, ApprovalInput, DraftTotals, Estimate,
    EstimateBook, EstimateDraftInput, EstimateSnapshot,
};
use crate::pricing::{
    check_line, check_pricing_settings, clean_line, EstimateLine, PricingSettings, MAX_LINES,
    MAX_RISK_MARGIN_BP,
};
use crate::reason::Reason;
use crate::store::estimates::{
    draft_head, heads, insert_draft, load_lines, mark_approved, pricing_settings,
    put_pricing_settings, update_draft, write_lines, ApprovedRow,
};
use crate::store::{found, settings as shop_settings, work_orders, Store};

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
            put_pricing_settings(tx, &json)?;
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
            checked_totals(
                &clean.lines,
                clean.mode,
                clean.risk_margin_bp,
                &settings.tax,
            )?;
            let head = draft_head(tx, wo)?.ok_or(CoreError::conflict(Reason::EstimateApproved))?;
            update_draft(
                tx,
                head.id,
                clean.mode,
                clean.risk_margin_bp,
                &clean.note,
                now,
            )?;
            write_lines(tx, head.id, &clean.lines)?;
            book(tx, wo)
        })
    }

    /// The figures a draft would have, while it is being typed: only the numbers are
    /// checked (a line still without its description has figures), nothing is saved.
    pub fn preview_estimate(&self, input: &EstimateDraftInput) -> Result<DraftTotals> {
        if input.lines.len() > MAX_LINES {
            return Err(CoreError::invalid("lines", Reason::ListTooLong));
        }
        // As a save keeps it: a margin typed before the mode changed is no margin.
        let margin_bp = crate::pricing::defaults::margin_for(input.mode, input.risk_margin_bp);
        if margin_bp > MAX_RISK_MARGIN_BP {
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
        Ok(DraftTotals {
            totals: checked_totals(&lines, input.mode, margin_bp, &settings.tax)?,
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
            let id = insert_draft(
                tx,
                wo,
                latest.version + 1,
                latest.mode,
                latest.risk_margin_bp,
                &latest.note,
                now,
            )?;
            write_lines(tx, id, &latest.lines)?;
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
            crate::files::signatures::save_signature_png(data_dir, &clean.png_sha256, &clean.png)?;
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
            mark_approved(
                tx,
                wo,
                head.id,
                &ApprovedRow {
                    channel: approval.channel,
                    approved_by: &approval.approved_by,
                    recorded_by: &approval.recorded_by,
                    at: now,
                    signature_sha256: approval.signature_sha256.as_deref(),
                    valid_until: snapshot.valid_until,
                    snapshot_json: &json,
                    snapshot_sha256: &sha256_of(&json),
                },
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
