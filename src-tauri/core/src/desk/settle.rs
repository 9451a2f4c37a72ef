//! The settlement's life: a draft gathered live from the approved estimate version and
//! the approved additional items, the cashier's discount (the supervisor above the
//! shop's limit), the customer's signature (numbered, frozen, fingerprinted through the
//! intake's signature machinery), reopening only with the supervisor.
use std::path::Path;

use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::desk::approvals::use_approval;
use crate::desk::settlement_view::view;
use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::{ApprovalId, WorkOrderId};
use crate::intake::signature::{customer_signature, fingerprint, sign_document};
use crate::intake::snapshot::hash_json;
use crate::intake::SignatureRole;
use crate::pricing::LineKind;
use crate::reason::Reason;
use crate::settlement::staff::ApprovalAction;
use crate::settlement::{
    discounts_above_limit, Settlement, SettlementDraftInput, SettlementSnapshot, SettlementStatus,
    SNAPSHOT_VERSION,
};
use crate::store::numbering::{self, Series};
use crate::store::settlement_view::{intake_odometer, plate_and_customer};
use crate::store::settlements::{self, SettlementSignInput, SignedRow};
use crate::store::{found, staff, work_orders, Store};
use crate::work_order::WorkOrderStatus;

fn ensure_draft(conn: &Connection, wo: WorkOrderId, now: NaiveDateTime) -> Result<()> {
    let work_order = work_orders::load(conn, wo)?;
    if work_order.status == WorkOrderStatus::Cancelled {
        return Err(CoreError::conflict(Reason::WorkOrderCancelled));
    }
    if settlements::current(conn, wo)?.is_none() {
        settlements::insert_draft(conn, wo, now)?;
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
        let odometer_out = input
            .odometer()
            .map_err(|reason| CoreError::invalid("odometerOut", reason))?;
        let input = &SettlementDraftInput {
            odometer_out,
            odometer_out_text: None,
            ..input.clone()
        };
        self.with_tx(|tx| {
            ensure_draft(tx, wo, now)?;
            let head =
                settlements::current(tx, wo)?.ok_or(CoreError::NotFound { what: "settlement" })?;
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
                    use_approval(tx, id, wo, ApprovalAction::DiscountAboveLimit, &tag, now)?;
                    Some(id)
                }
                None => None,
            };
            if above && approval.is_none() {
                return Err(CoreError::conflict(Reason::DiscountNeedsSupervisor));
            }
            settlements::save_draft(
                tx,
                head.id,
                input.total_discount_minor,
                approval.filter(|_| above),
                input.odometer_out,
                &input.old_parts,
                now,
            )?;
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
            let head =
                settlements::current(tx, wo)?.ok_or(CoreError::NotFound { what: "settlement" })?;
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
            settlements::mark_signed(
                tx,
                head.id,
                &SignedRow {
                    issued: &issued,
                    labour_minor: t.labour_minor,
                    parts_minor: t.parts_minor,
                    other_minor: t.other_minor,
                    outside_minor: shown
                        .lines
                        .iter()
                        .filter(|l| l.line.kind == crate::pricing::LineKind::Outside)
                        .map(|l| l.amount.amount_minor)
                        .sum(),
                    tax_minor: t.tax_minor,
                    total_minor: shown.figures.total_minor,
                    snapshot_json: &json,
                    snapshot_sha256: &signed.sha256,
                    signer_name: &clean.signer_name,
                    strokes_json: &clean.strokes_json,
                    png_sha256: &clean.png_sha256,
                    fingerprint: &signed.fingerprint,
                    odometer_out: snapshot.odometer_out,
                },
                now,
            )?;
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
            let (head, _) = settlements::signed(tx, wo)?;
            if settlements::has_exit_notice(tx, wo)? {
                return Err(CoreError::conflict(Reason::ExitNoticeIssued));
            }
            let tag = head.number.clone().unwrap_or_default();
            use_approval(
                tx,
                approval_id,
                wo,
                ApprovalAction::ReopenSettlement,
                &tag,
                now,
            )?;
            settlements::mark_reopened(tx, head.id, approval_id, now)?;
            ensure_draft(tx, wo, now)?;
            view(tx, wo, now)
        })
    }

    /// Whether the signed settlement still matches its hash and its signature.
    pub fn settlement_holds(&self, wo: WorkOrderId) -> Result<bool> {
        self.with_conn(|conn| {
            let head = found(
                settlements::current(conn, wo)?.ok_or(rusqlite::Error::QueryReturnedNoRows),
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
