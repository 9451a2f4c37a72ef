//! A job's estimate in versions: a draft is edited, a version shown to the customer is
//! approved by a signature on the pad or a recorded approval, and an approved version is
//! frozen and fingerprinted like the intake.
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use crate::domain::pricing::{ApprovalChannel, EstimateStatus};
use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::{EstimateId, WorkOrderId};
use crate::intake::SignatureInput;
use crate::pricing::{
    check_guarantee, check_line, clean_line, totals, EstimateLine, PricingMode, PricingSettings,
    TaxSettings, Totals, MAX_LINES, MAX_RISK_MARGIN_BP,
};
use crate::reason::Reason;
use crate::validate::too_long;

/// Who approved a version, how and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Approval {
    pub channel: ApprovalChannel,
    pub approved_by: String,
    pub recorded_by: String,
    pub at: NaiveDateTime,
    /// The customer's signature image (signatures/<sha256>.png) when signed on the pad.
    pub signature_sha256: Option<String>,
}

/// One version of the estimate, with its figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    pub id: EstimateId,
    pub work_order_id: WorkOrderId,
    pub version: u32,
    pub status: EstimateStatus,
    pub mode: PricingMode,
    pub risk_margin_bp: u32,
    pub note: String,
    pub lines: Vec<EstimateLine>,
    /// Per line: the printed estimate says "no quality guarantee" beside it.
    pub no_guarantee: Vec<bool>,
    pub totals: Totals,
    /// The tax the figures were computed with (frozen with an approved version).
    pub tax: TaxSettings,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub valid_until: Option<NaiveDate>,
    pub approval: Option<Approval>,
    /// SHA-256 of the frozen snapshot; forms print its first 12 digits.
    pub fingerprint: Option<String>,
    /// Hash of the draft as shown; an approval must carry it.
    pub draft_hash: String,
}

/// A line of the version list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EstimateVersion {
    pub id: EstimateId,
    pub version: u32,
    pub status: EstimateStatus,
    pub gross_minor: i64,
    pub approved_at: Option<NaiveDateTime>,
    pub channel: Option<ApprovalChannel>,
}

/// A job's estimate as the Estimate step shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EstimateBook {
    pub work_order_id: WorkOrderId,
    pub number: String,
    pub currency: String,
    pub versions: Vec<EstimateVersion>,
    /// The draft when there is one, else the latest version.
    pub current: Estimate,
    /// What later work is measured against: the gross of the latest approved version.
    pub approved_minor: Option<i64>,
    /// The shown version takes changes (see `estimate_actions`).
    #[serde(default)]
    pub can_edit: bool,
    /// The shown version may be approved now.
    #[serde(default)]
    pub can_approve: bool,
    /// An approved version may be reopened as a new draft.
    #[serde(default)]
    pub can_revise: bool,
    /// Set only by the step that just signed or approved this, when the PDF it archives
    /// could not be written (a full disk): why, for the window to say so. The signature
    /// or approval stands, and printing the form archives it first.
    #[serde(default)]
    pub archive_failed: Option<Reason>,
}

/// What the Estimate step saves: the whole draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EstimateDraftInput {
    pub mode: PricingMode,
    pub risk_margin_bp: u32,
    pub note: String,
    pub lines: Vec<EstimateLine>,
}

/// What approving a version records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalInput {
    pub channel: ApprovalChannel,
    /// The customer (or whoever spoke for them).
    pub approved_by: String,
    /// The advisor who recorded it.
    pub recorded_by: String,
    /// The pad's signature when `channel` is `signature`.
    pub signature: Option<SignatureInput>,
    /// The `draftHash` of the version as shown; refused when it changed since.
    pub shown_hash: String,
}

/// Checks and cleans a draft: every problem at once, fields `lines.{i}.<name>`.
pub fn clean_draft(
    input: &EstimateDraftInput,
    settings: &PricingSettings,
) -> Result<EstimateDraftInput> {
    let mut issues: Vec<FieldIssue> = Vec::new();
    if input.lines.len() > MAX_LINES {
        return Err(CoreError::invalid("lines", Reason::ListTooLong));
    }
    let risk_margin_bp = super::defaults::margin_for(input.mode, input.risk_margin_bp);
    if risk_margin_bp > MAX_RISK_MARGIN_BP {
        issues.push(FieldIssue::new("riskMarginBp", Reason::RiskMarginRange));
    }
    too_long(&mut issues, "note", input.note.trim(), 2_000);
    let mut lines = Vec::with_capacity(input.lines.len());
    for (i, line) in input.lines.iter().enumerate() {
        let prefix = format!("lines.{i}");
        issues.extend(check_line(line, &prefix));
        let clean = clean_line(line);
        issues.extend(check_guarantee(&clean, &settings.guarantees, &prefix));
        lines.push(clean);
    }
    if !issues.is_empty() {
        return Err(CoreError::Invalid(issues));
    }
    Ok(EstimateDraftInput {
        mode: input.mode,
        risk_margin_bp,
        note: input.note.trim().to_string(),
        lines,
    })
}

/// The totals of `lines`; bounded inputs never overflow, but a sum that would is an
/// error, never a wrapped total.
pub fn checked_totals(
    lines: &[EstimateLine],
    mode: PricingMode,
    margin_bp: u32,
    tax: &TaxSettings,
) -> Result<Totals> {
    totals(lines, mode, margin_bp, tax)
        .map_err(|_| CoreError::invalid("lines", Reason::MoneyTooLarge))
}

/// The totals of a draft as it is typed, and which of its lines carry no quality
/// guarantee: what the estimate screen shows before the draft is saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DraftTotals {
    pub totals: Totals,
    pub no_guarantee: Vec<bool>,
}

/// The frozen content of an approved version: canonical JSON, hashed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EstimateSnapshot {
    pub version: u32,
    pub work_order: String,
    pub currency: String,
    pub mode: PricingMode,
    pub risk_margin_bp: u32,
    pub note: String,
    pub lines: Vec<EstimateLine>,
    pub totals: Totals,
    pub tax: TaxSettings,
    pub valid_until: Option<NaiveDate>,
    pub approval: Approval,
}

impl EstimateSnapshot {
    pub fn to_json(&self) -> String {
        // Struct fields serialize in declaration order: the bytes are canonical.
        serde_json::to_string(self).unwrap_or_default()
    }
}

pub fn sha256_of(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The hash of a draft as shown: its lines, mode and margin, and the tax in force.
pub fn draft_hash(draft: &EstimateDraftInput, tax: &TaxSettings) -> String {
    let json = serde_json::to_string(&(draft, tax)).unwrap_or_default();
    sha256_of(&json)
}
