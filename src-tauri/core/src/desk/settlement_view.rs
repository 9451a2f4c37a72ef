//! The settlement as the desk shows it at `now`: while a draft, gathered live from the
//! approved estimate version and the approved additional items, priced, with what blocks
//! signing; once signed, the frozen snapshot with the money taken since. Either way with
//! the actions that apply.
use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::desk::estimate_book;
use crate::desk::payments::money_in;
use crate::error::{CoreError, Result};
use crate::ids::WorkOrderId;
use crate::pricing::{EstimateLine, LineKind, TaxSettings};
use crate::reason::Reason;
use crate::settlement::{
    actions, discounts_above_limit, draft_hash, exit_debt, gather_lines, guarantee_limit, settle,
    LineOrigin, Settlement, SettlementLine, SettlementSnapshot, SettlementStatus,
};
use crate::store::estimates::{approved_version, pricing_settings};
use crate::store::settlement_view::intake_odometer;
use crate::store::settlements::{current, has_exit_notice};
use crate::store::{appointment_deposits, credit_notes, settings, staff, work_orders, workshop};
use crate::work_order::WorkOrderStatus;
use crate::workshop::ProposalStatus;

/// One approved line with where it comes from.
type Gathered = (LineOrigin, i64, EstimateLine);

/// The approved lines of the job with the tax they are priced under: the approved
/// estimate's tax (what the customer agreed to), else the shop's.
fn approved_lines(conn: &Connection, wo: WorkOrderId) -> Result<(Vec<Gathered>, TaxSettings)> {
    let estimate = approved_version(conn, wo)?
        .map(|v| estimate_book::version(conn, wo, Some(v)))
        .transpose()?;
    let items: Vec<(i64, Vec<EstimateLine>)> = workshop::items(conn, wo)?
        .into_iter()
        .filter(|i| i.status == ProposalStatus::Approved)
        .map(|i| (i.id, i.lines))
        .collect();
    let tax = match &estimate {
        Some(e) => e.tax,
        None => pricing_settings(conn)?.tax,
    };
    let lines = gather_lines(
        estimate
            .as_ref()
            .map(|e| (e.version, e.lines.as_slice(), e.totals.risk_margin_minor)),
        &items,
    );
    Ok((lines, tax))
}

/// The settlement of `wo` as it stands at `now`: the frozen one once signed.
pub(crate) fn view(conn: &Connection, wo: WorkOrderId, now: NaiveDateTime) -> Result<Settlement> {
    let work_order = work_orders::load(conn, wo)?;
    let head = current(conn, wo)?.ok_or(CoreError::NotFound { what: "settlement" })?;
    let shop = settings::load(conn)?;
    let (paid, on_account) = money_in(conn, wo)?;
    let deposit_payment_id = appointment_deposits::carried_onto(conn, wo)?;
    if let (SettlementStatus::Signed, Some(json)) = (head.status, &head.snapshot) {
        let snap = SettlementSnapshot::from_json(json)?;
        let mut figures = snap.figures.clone();
        figures.paid_minor = paid;
        figures.on_account_minor = on_account;
        let credited = credit_notes::credited(conn, wo)?;
        figures.due_minor = figures.total_minor - credited - paid - on_account;
        let exit_debt_minor = exit_debt(&figures);
        let issued = has_exit_notice(conn, wo)?;
        let mut signed = Settlement {
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
            credited_minor: credited,
            can_credit_note: true,
            can_refund: paid + on_account > 0,
            exit_debt_minor,
            archive_failed: None,
            editable: false,
            can_issue_exit: false,
            exit_needs_supervisor: false,
            can_void: false,
            deposit_payment_id,
            can_reopen: false,
            can_take_payment: false,
            amount_due_minor: None,
            overpaid_minor: 0,
        };
        actions::decide(&mut signed, work_order.status, issued);
        return Ok(signed);
    }
    let (gathered, tax) = approved_lines(conn, wo)?;
    let plain: Vec<EstimateLine> = gathered.iter().map(|(_, _, l)| l.clone()).collect();
    // Lines may shrink under a saved discount (an item withdrawn): the draft still
    // shows, without the discount, and says why it cannot be signed.
    let mut blockers = Vec::new();
    let figures = match settle(&plain, &tax, head.total_discount_minor, paid, on_account) {
        Ok(figures) => figures,
        Err(CoreError::Invalid(_)) => {
            blockers.push(Reason::DiscountAboveTotal);
            settle(&plain, &tax, 0, paid, on_account)?
        }
        Err(e) => return Err(e),
    };
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
    let needs_supervisor = discounts_above_limit(
        figures.totals.discount_minor,
        figures.total_discount_minor,
        figures.totals.gross_minor,
        limit,
    );
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
    let exit_debt_minor = exit_debt(&figures);
    let mut draft = Settlement {
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
        credited_minor: 0,
        can_credit_note: false,
        can_refund: paid + on_account > 0,
        exit_debt_minor,
        archive_failed: None,
        editable: false,
        can_issue_exit: false,
        exit_needs_supervisor: false,
        can_void: false,
        deposit_payment_id,
        can_reopen: false,
        can_take_payment: false,
        amount_due_minor: None,
        overpaid_minor: 0,
    };
    actions::decide(&mut draft, work_order.status, false);
    Ok(draft)
}
