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
use crate::intake::signature::{clean_signature, fingerprint, save_png, CleanSignature};
use crate::intake::snapshot::hash_json;
use crate::intake::{SignatureInput, SignatureRole};
use crate::pricing::estimate::EstimateStatus;
use crate::pricing::workshop::ProposalStatus;
use crate::pricing::{EstimateLine, LineKind, TaxSettings};
use crate::reason::Reason;
use crate::settlement::staff::ApprovalAction;
use crate::settlement::{
    discount_above_limit, draft_hash, gather_lines, guarantee_limit, settle, LineOrigin,
    OldPartChoice, Settlement, SettlementDraftInput, SettlementLine, SettlementSnapshot,
    SettlementStatus, SNAPSHOT_VERSION,
};
use crate::store::numbering::{self, Series};
use crate::store::{estimates, found, intake, parse_column, payments, settings, staff};
use crate::store::{work_orders, workshop, Store};
use crate::work_order::WorkOrderStatus;

/// What signing sends: the pad's signature and the `draftHash` that was shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettlementSignInput {
    pub signature: SignatureInput,
    pub shown_hash: String,
}

/// A frozen document signed on the pad: its canonical JSON, the JSON's SHA-256 and the
/// signature's fingerprint over that hash. The one path the settlement and the exit
/// handover sign through, built on the intake's hash and fingerprint.
pub(crate) struct SignedDocument {
    pub sha256: String,
    pub fingerprint: String,
}

pub(crate) fn sign_document(
    json: &str,
    clean: &CleanSignature,
    at: NaiveDateTime,
) -> SignedDocument {
    let sha256 = hash_json(json);
    let fingerprint = fingerprint(
        &sha256,
        clean.role,
        &clean.signer_name,
        at,
        &clean.png_sha256,
    );
    SignedDocument {
        sha256,
        fingerprint,
    }
}

/// Checks the customer's signature and keeps its PNG.
pub(crate) fn customer_signature(
    data_dir: &Path,
    input: &SignatureInput,
) -> Result<CleanSignature> {
    if input.role != SignatureRole::Customer {
        return Err(CoreError::invalid("signature.role", Reason::SignerRequired));
    }
    let clean = clean_signature(input)?;
    save_png(data_dir, &clean)?;
    Ok(clean)
}

pub(crate) struct Head {
    pub id: SettlementId,
    pub status: SettlementStatus,
    pub number: Option<String>,
    total_discount_minor: i64,
    discount_approval_id: Option<ApprovalId>,
    odometer_out: Option<i64>,
    old_parts: Vec<OldPartChoice>,
    snapshot: Option<String>,
    pub snapshot_sha256: Option<String>,
    signer_name: Option<String>,
    pub signed_at: Option<NaiveDateTime>,
    png_sha256: Option<String>,
    fingerprint: Option<String>,
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
    let head = current(conn, wo)?
        .filter(|h| h.status == SettlementStatus::Signed)
        .ok_or(CoreError::conflict(Reason::SettlementNotSigned))?;
    let json = head.snapshot.as_deref().unwrap_or_default();
    let snapshot = SettlementSnapshot::from_json(json)?;
    Ok((head, snapshot))
}

/// One approved line with where it comes from.
type Gathered = (LineOrigin, i64, EstimateLine);

/// The approved lines of the job with the tax they are priced under: the approved
/// estimate's tax (what the customer agreed to), else the shop's.
fn approved_lines(conn: &Connection, wo: WorkOrderId) -> Result<(Vec<Gathered>, TaxSettings)> {
    let version: Option<u32> = conn
        .prepare_cached("SELECT version FROM estimates WHERE work_order_id = ?1 AND status = ?2")?
        .query_row(params![wo, EstimateStatus::Approved.as_str()], |row| {
            row.get(0)
        })
        .optional()?;
    let estimate = version
        .map(|v| estimates::version(conn, wo, Some(v)))
        .transpose()?;
    let items: Vec<(i64, Vec<EstimateLine>)> = workshop::items(conn, wo)?
        .into_iter()
        .filter(|i| i.status == ProposalStatus::Approved)
        .map(|i| (i.id, i.lines))
        .collect();
    let tax = match &estimate {
        Some(e) => e.tax,
        None => estimates::pricing_settings(conn)?.tax,
    };
    let lines = gather_lines(
        estimate
            .as_ref()
            .map(|e| (e.version, e.lines.as_slice(), e.totals.risk_margin_minor)),
        &items,
    );
    Ok((lines, tax))
}

/// The plate and the customer's name as printed, for the frozen documents.
pub(crate) fn plate_and_customer(conn: &Connection, wo: WorkOrderId) -> Result<(String, String)> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.plate, CASE WHEN c.kind = 'company' AND c.company_name <> ''
                              THEN c.company_name ELSE c.name END
         FROM work_orders w JOIN vehicles v ON v.id = w.vehicle_id
         JOIN customers c ON c.id = w.customer_id WHERE w.id = ?1",
    )?;
    found(
        stmt.query_row([wo], |row| Ok((row.get(0)?, row.get(1)?))),
        "work_order",
    )
}

fn intake_odometer(conn: &Connection, wo: WorkOrderId) -> Result<Option<i64>> {
    Ok(intake::load_intake(conn, wo)?
        .dashboard
        .odometer
        .map(|o| o.value))
}

/// The settlement of `wo` as it stands at `now`: the frozen one once signed.
pub(crate) fn view(conn: &Connection, wo: WorkOrderId, now: NaiveDateTime) -> Result<Settlement> {
    let work_order = work_orders::load(conn, wo)?;
    let head = current(conn, wo)?.ok_or(CoreError::NotFound { what: "settlement" })?;
    let shop = settings::load(conn)?;
    let (paid, on_account) = payments::money_in(conn, wo)?;
    if let (SettlementStatus::Signed, Some(json)) = (head.status, &head.snapshot) {
        let snap = SettlementSnapshot::from_json(json)?;
        let mut figures = snap.figures.clone();
        figures.paid_minor = paid;
        figures.on_account_minor = on_account;
        figures.due_minor = figures.total_minor - paid - on_account;
        return Ok(Settlement {
            id: head.id,
            work_order_id: wo,
            work_order_number: work_order.number,
            number: head.number,
            status: head.status,
            currency: snap.currency,
            tax: snap.tax,
            draft_hash: draft_hash(&snap.lines, &snap.figures, Some(snap.odometer_out)),
            lines: snap.lines,
            figures,
            discount_approval_id: head.discount_approval_id,
            discount_needs_supervisor: false,
            odometer_out: Some(snap.odometer_out),
            exit_date: snap.exit_date,
            blockers: Vec::new(),
            signed_at: head.signed_at,
            signer_name: head.signer_name,
            fingerprint: head.snapshot_sha256,
        });
    }
    let (gathered, tax) = approved_lines(conn, wo)?;
    let plain: Vec<EstimateLine> = gathered.iter().map(|(_, _, l)| l.clone()).collect();
    let figures = settle(&plain, &tax, head.total_discount_minor, paid, on_account)?;
    let odometer = head.odometer_out.or(intake_odometer(conn, wo)?);
    let exit_date = now.date();
    let lines: Vec<SettlementLine> = gathered
        .into_iter()
        .zip(figures.totals.lines.iter())
        .enumerate()
        .map(|(i, ((origin, origin_ref, line), amount))| SettlementLine {
            origin,
            origin_ref,
            no_guarantee: line.no_quality_guarantee(),
            guarantee: odometer.and_then(|km| guarantee_limit(&line.guarantee, exit_date, km)),
            old_part: head
                .old_parts
                .iter()
                .find(|c| c.line as usize == i)
                .map(|c| c.disposition),
            amount: *amount,
            line,
        })
        .collect();
    let limit = staff::settlement_settings(conn)?.discount_limit_bp;
    let needs_supervisor = discount_above_limit(
        figures.total_discount_minor,
        figures.totals.gross_minor,
        limit,
    );
    let mut blockers = Vec::new();
    if work_order.status != WorkOrderStatus::Ready {
        blockers.push(Reason::SettlementNeedsReady);
    }
    if lines.is_empty() {
        blockers.push(Reason::SettlementEmpty);
    }
    if lines
        .iter()
        .any(|l| l.line.kind == LineKind::Part && l.old_part.is_none())
    {
        blockers.push(Reason::OldPartsUnanswered);
    }
    if needs_supervisor && head.discount_approval_id.is_none() {
        blockers.push(Reason::DiscountNeedsSupervisor);
    }
    if odometer.is_none() {
        blockers.push(Reason::OdometerRequired);
    }
    Ok(Settlement {
        id: head.id,
        work_order_id: wo,
        work_order_number: work_order.number,
        number: None,
        status: head.status,
        currency: shop.currency,
        tax,
        draft_hash: draft_hash(&lines, &figures, odometer),
        lines,
        figures,
        discount_approval_id: head.discount_approval_id,
        discount_needs_supervisor: needs_supervisor,
        odometer_out: odometer,
        exit_date,
        blockers,
        signed_at: None,
        signer_name: None,
        fingerprint: None,
    })
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
            let above = discount_above_limit(
                input.total_discount_minor,
                shown.figures.totals.gross_minor,
                limit,
            );
            let approval = match input.discount_approval_id {
                Some(id) if head.discount_approval_id == Some(id) => Some(id),
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
        let clean = customer_signature(data_dir, &input.signature)?;
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
