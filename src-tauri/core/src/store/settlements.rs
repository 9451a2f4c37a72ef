//! SQL of `settlements`, and the settlement's life: a draft gathered live from the
//! approved estimate version and the approved additional items, signed by the customer
//! (numbered, frozen, fingerprinted through the intake's signature machinery), reopened
//! only with the supervisor.
use std::path::Path;

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::{ApprovalId, SettlementId, WorkOrderId};
use crate::intake::signature::fingerprint;
use crate::intake::signature::{customer_signature, sign_document};
use crate::intake::snapshot::hash_json;
use crate::intake::{SignatureInput, SignatureRole};
use crate::pricing::LineKind;
use crate::reason::Reason;
use crate::settlement::staff::ApprovalAction;
use crate::settlement::{
    discounts_above_limit, OldPartChoice, Settlement, SettlementDraftInput, SettlementSnapshot,
    SettlementStatus, SNAPSHOT_VERSION,
};
use crate::store::numbering::{self, Series};
use crate::store::settlement_view::{intake_odometer, plate_and_customer, view};
use crate::store::{found, parse_column, staff};
use crate::store::{work_orders, Store};
use crate::work_order::WorkOrderStatus;

/// What signing sends: the pad's signature and the `draftHash` that was shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettlementSignInput {
    pub signature: SignatureInput,
    pub shown_hash: String,
}

pub(crate) struct Head {
    pub(crate) id: SettlementId,
    pub(crate) status: SettlementStatus,
    pub(crate) number: Option<String>,
    pub(crate) total_discount_minor: i64,
    pub(crate) discount_approval_id: Option<ApprovalId>,
    pub(crate) odometer_out: Option<i64>,
    pub(crate) old_parts: Vec<OldPartChoice>,
    pub(crate) snapshot: Option<String>,
    pub(crate) snapshot_sha256: Option<String>,
    pub(crate) signer_name: Option<String>,
    pub(crate) signed_at: Option<NaiveDateTime>,
    pub(crate) png_sha256: Option<String>,
    pub(crate) fingerprint: Option<String>,
}

const HEAD_COLUMNS: &str = "id, status, number, total_discount_minor, discount_approval_id,
     odometer_out, old_parts, snapshot, snapshot_sha256, signer_name, signed_at, png_sha256,
     fingerprint";

fn head_from_row(row: &Row<'_>) -> rusqlite::Result<Head> {
    let status: String = row.get(1)?;
    let old_parts: String = row.get(6)?;
    Ok(Head {
        id: row.get(0)?,
        status: parse_column(1, &status, SettlementStatus::parse)?,
        number: row.get(2)?,
        total_discount_minor: row.get(3)?,
        discount_approval_id: row.get(4)?,
        odometer_out: row.get(5)?,
        old_parts: serde_json::from_str(&old_parts).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(6, rusqlite::types::Type::Text, Box::new(e))
        })?,
        snapshot: row.get(7)?,
        snapshot_sha256: row.get(8)?,
        signer_name: row.get(9)?,
        signed_at: row.get(10)?,
        png_sha256: row.get(11)?,
        fingerprint: row.get(12)?,
    })
}

/// The job's live settlement (draft or signed), not a reopened one.
pub(crate) fn current(conn: &Connection, wo: WorkOrderId) -> Result<Option<Head>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {HEAD_COLUMNS} FROM settlements
         WHERE work_order_id = ?1 AND status <> 'reopened' ORDER BY id DESC LIMIT 1"
    ))?;
    Ok(stmt.query_row([wo], head_from_row).optional()?)
}

/// The signed settlement of a job, refused when there is none.
pub(crate) fn signed(conn: &Connection, wo: WorkOrderId) -> Result<(Head, SettlementSnapshot)> {
    let head = current(conn, wo)?.filter(|h| h.status == SettlementStatus::Signed);
    with_snapshot(head)
}

/// The job's settlement numbered `number` as it was signed, also once reopened: a
/// credit note prints against the settlement it corrected.
pub(crate) fn signed_numbered(
    conn: &Connection,
    wo: WorkOrderId,
    number: &str,
) -> Result<(Head, SettlementSnapshot)> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {HEAD_COLUMNS} FROM settlements
         WHERE work_order_id = ?1 AND number = ?2 AND snapshot IS NOT NULL"
    ))?;
    let head = stmt
        .query_row(params![wo, number], head_from_row)
        .optional()?;
    with_snapshot(head)
}

fn with_snapshot(head: Option<Head>) -> Result<(Head, SettlementSnapshot)> {
    let head = head.ok_or(CoreError::conflict(Reason::SettlementNotSigned))?;
    let json = head.snapshot.as_deref().unwrap_or_default();
    let snapshot = SettlementSnapshot::from_json(json)?;
    Ok((head, snapshot))
}

fn ensure_draft(conn: &Connection, wo: WorkOrderId, now: NaiveDateTime) -> Result<()> {
    let work_order = work_orders::load(conn, wo)?;
    if work_order.status == WorkOrderStatus::Cancelled {
        return Err(CoreError::conflict(Reason::WorkOrderCancelled));
    }
    if current(conn, wo)?.is_none() {
        conn.prepare_cached(
            "INSERT INTO settlements (work_order_id, status, created_at, updated_at)
             VALUES (?1, 'draft', ?2, ?2)",
        )?
        .execute(params![wo, now])?;
    }
    Ok(())
}

fn check_draft(input: &SettlementDraftInput, shown: &Settlement) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if let Some(code) = crate::money::amount_issue(input.total_discount_minor) {
        issues.push(FieldIssue::new("totalDiscountMinor", code));
    }
    if input
        .odometer_out
        .is_some_and(|km| !(0..=9_999_999).contains(&km))
    {
        issues.push(FieldIssue::new("odometerOut", Reason::OdometerRange));
    }
    for (i, choice) in input.old_parts.iter().enumerate() {
        let is_part = shown
            .lines
            .get(choice.line as usize)
            .is_some_and(|l| l.line.kind == LineKind::Part);
        if !is_part {
            issues.push(FieldIssue::new(
                format!("oldParts.{i}.line"),
                Reason::LineNotAPart,
            ));
        }
    }
    issues
}

impl Store {
    /// The job's settlement; the first time, an empty draft over its approved lines.
    pub fn settlement(&self, wo: WorkOrderId, now: NaiveDateTime) -> Result<Settlement> {
        self.with_tx(|tx| {
            ensure_draft(tx, wo, now)?;
            view(tx, wo, now)
        })
    }

    /// Saves the cashier's part of the draft: the discount on the total (with the
    /// supervisor's approval above the shop's limit), the odometer out, the old parts.
    pub fn save_settlement_draft(
        &self,
        wo: WorkOrderId,
        input: &SettlementDraftInput,
        now: NaiveDateTime,
    ) -> Result<Settlement> {
        self.with_tx(|tx| {
            ensure_draft(tx, wo, now)?;
            let head = current(tx, wo)?.ok_or(CoreError::NotFound { what: "settlement" })?;
            if head.status != SettlementStatus::Draft {
                return Err(CoreError::conflict(Reason::SettlementSigned));
            }
            let shown = view(tx, wo, now)?;
            let issues = check_draft(input, &shown);
            if !issues.is_empty() {
                return Err(CoreError::Invalid(issues));
            }
            if let Some(km) = input.odometer_out {
                if intake_odometer(tx, wo)?.is_some_and(|intake| km < intake) {
                    return Err(CoreError::invalid(
                        "odometerOut",
                        Reason::OdometerBelowIntake,
                    ));
                }
            }
            if input.total_discount_minor > shown.figures.totals.gross_minor {
                return Err(CoreError::invalid(
                    "totalDiscountMinor",
                    Reason::DiscountAboveTotal,
                ));
            }
            let limit = staff::settlement_settings(tx)?.discount_limit_bp;
            let above = discounts_above_limit(
                shown.figures.totals.discount_minor,
                input.total_discount_minor,
                shown.figures.totals.gross_minor,
                limit,
            );
            let approval = match input.discount_approval_id {
                // The approval covers the discount it was given for, never a larger one.
                Some(id)
                    if head.discount_approval_id == Some(id)
                        && input.total_discount_minor <= head.total_discount_minor =>
                {
                    Some(id)
                }
                Some(id) => {
                    let tag = format!("settlement {} discount", head.id);
                    staff::use_approval(tx, id, wo, ApprovalAction::DiscountAboveLimit, &tag, now)?;
                    Some(id)
                }
                None => None,
            };
            if above && approval.is_none() {
                return Err(CoreError::conflict(Reason::DiscountNeedsSupervisor));
            }
            let old_parts = serde_json::to_string(&input.old_parts)
                .map_err(|_| CoreError::invalid("oldParts", Reason::ListTooLong))?;
            tx.prepare_cached(
                "UPDATE settlements SET total_discount_minor = ?2, discount_approval_id = ?3,
                        odometer_out = ?4, old_parts = ?5, updated_at = ?6
                 WHERE id = ?1",
            )?
            .execute(params![
                head.id,
                input.total_discount_minor,
                approval.filter(|_| above),
                input.odometer_out,
                old_parts,
                now
            ])?;
            view(tx, wo, now)
        })
    }

    /// The customer signs the settlement as shown: it gets the next SET number of the
    /// year, is frozen (canonical JSON, SHA-256) and never edited again.
    pub fn sign_settlement(
        &self,
        data_dir: &Path,
        wo: WorkOrderId,
        input: &SettlementSignInput,
        now: NaiveDateTime,
    ) -> Result<Settlement> {
        let clean = customer_signature(&input.signature)?;
        crate::files::signatures::save_signature_png(data_dir, &clean.png_sha256, &clean.png)?;
        self.with_tx(|tx| {
            let head = current(tx, wo)?.ok_or(CoreError::NotFound { what: "settlement" })?;
            if head.status != SettlementStatus::Draft {
                return Err(CoreError::conflict(Reason::SettlementSigned));
            }
            let shown = view(tx, wo, now)?;
            if let Some(first) = shown.blockers.first() {
                return Err(CoreError::conflict(*first));
            }
            if shown.draft_hash != input.shown_hash {
                return Err(CoreError::conflict(Reason::SettlementChangedSinceShown));
            }
            let (plate, customer) = plate_and_customer(tx, wo)?;
            let approved_by = head
                .discount_approval_id
                .map(|id| staff::approval(tx, id).map(|a| a.supervisor_name))
                .transpose()?;
            let issued = numbering::next(tx, Series::Settlement, now)?;
            let snapshot = SettlementSnapshot {
                version: SNAPSHOT_VERSION,
                number: issued.number.clone(),
                work_order: shown.work_order_number.clone(),
                plate,
                customer,
                currency: shown.currency.clone(),
                exit_date: shown.exit_date,
                odometer_out: shown.odometer_out.unwrap_or_default(),
                tax: shown.tax,
                lines: shown.lines.clone(),
                figures: shown.figures.clone(),
                discount_approved_by: approved_by,
                signed_at: now,
            };
            let json = snapshot.to_json()?;
            let signed = sign_document(&json, &clean, now);
            let t = &shown.figures.totals;
            tx.prepare_cached(
                "UPDATE settlements SET status = 'signed', number = ?2, year = ?3, seq = ?4,
                        labour_minor = ?5, parts_minor = ?6, other_minor = ?7, tax_minor = ?8,
                        total_minor = ?9, snapshot = ?10, snapshot_sha256 = ?11,
                        signer_name = ?12, signed_at = ?13, strokes = ?14, png_sha256 = ?15,
                        fingerprint = ?16, odometer_out = ?17, updated_at = ?13
                 WHERE id = ?1",
            )?
            .execute(params![
                head.id,
                issued.number,
                issued.year,
                issued.seq,
                t.labour_minor,
                t.parts_minor,
                t.other_minor,
                t.tax_minor,
                shown.figures.total_minor,
                json,
                signed.sha256,
                clean.signer_name,
                now,
                clean.strokes_json,
                clean.png_sha256,
                signed.fingerprint,
                snapshot.odometer_out
            ])?;
            view(tx, wo, now)
        })
    }

    /// Reopens a signed settlement with the supervisor's approval: the signed one is kept
    /// as it was (number, snapshot, signature); a new draft takes its place.
    pub fn reopen_settlement(
        &self,
        wo: WorkOrderId,
        approval_id: ApprovalId,
        now: NaiveDateTime,
    ) -> Result<Settlement> {
        self.with_tx(|tx| {
            let (head, _) = signed(tx, wo)?;
            if tx
                .prepare_cached("SELECT 1 FROM exit_notices WHERE work_order_id = ?1")?
                .exists([wo])?
            {
                return Err(CoreError::conflict(Reason::ExitNoticeIssued));
            }
            let tag = head.number.clone().unwrap_or_default();
            staff::use_approval(
                tx,
                approval_id,
                wo,
                ApprovalAction::ReopenSettlement,
                &tag,
                now,
            )?;
            tx.prepare_cached(
                "UPDATE settlements SET status = 'reopened', reopened_at = ?2,
                        reopen_approval_id = ?3, updated_at = ?2
                 WHERE id = ?1",
            )?
            .execute(params![head.id, now, approval_id])?;
            ensure_draft(tx, wo, now)?;
            view(tx, wo, now)
        })
    }

    /// Whether the signed settlement still matches its hash and its signature.
    pub fn settlement_holds(&self, wo: WorkOrderId) -> Result<bool> {
        self.with_conn(|conn| {
            let head = found(
                current(conn, wo)?.ok_or(rusqlite::Error::QueryReturnedNoRows),
                "settlement",
            )?;
            let (Some(json), Some(sha), Some(name), Some(at), Some(png), Some(print)) = (
                &head.snapshot,
                &head.snapshot_sha256,
                &head.signer_name,
                head.signed_at,
                &head.png_sha256,
                &head.fingerprint,
            ) else {
                return Ok(false);
            };
            let again = fingerprint(sha, SignatureRole::Customer, name, at, png);
            Ok(hash_json(json) == *sha && again == *print)
        })
    }
}
