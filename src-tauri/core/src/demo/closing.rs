//! The rows of one past job's money path, as the desk's use cases write them: the
//! estimate approved and frozen, the finding offered and answered, the final check, the
//! settlement signed (numbered, frozen, fingerprinted), the payment, the exit notice with
//! the supervisor's word when money is owed (journalled), the handover signed; and what
//! comes later — the rest of a debt paid, a credit note with the money given back.

use chrono::{Duration, NaiveDateTime};
use rusqlite::Connection;

use super::history::{Drawn, Past, Shop, TECHNICIANS};
use crate::desk::approvals::use_approval;
use crate::desk::estimate_book::valid_until;
use crate::error::{CoreError, Result};
use crate::i18n::{format_money, Lang};
use crate::ids::{ApprovalId, SettlementId};
use crate::intake::signature::{sign_document, CleanSignature};
use crate::intake::SignatureRole;
use crate::pricing::estimate::{checked_totals, sha256_of, Approval, EstimateSnapshot};
use crate::pricing::{ApprovalChannel, EstimateLine, LineKind, PricingMode};
use crate::settlement::exit::{BelongingReturn, DocumentReturn, HandoverRecord};
use crate::settlement::gate::ExitPass;
use crate::settlement::payment::PaymentMethod;
use crate::settlement::pickup::{ReadyInput, TestDrive};
use crate::settlement::staff::ApprovalAction;
use crate::settlement::{
    gather_lines, guarantee_limit, settle, OldPartChoice, SettlementLine, SettlementSnapshot,
    SNAPSHOT_VERSION,
};
use crate::store::estimates::{self, ApprovedRow};
use crate::store::exits::{self, HandoverRow};
use crate::store::numbering::{self, Series};
use crate::store::payments::{self, PaymentRow};
use crate::store::settlement_view::plate_and_customer;
use crate::store::settlements::{self, SignedRow};
use crate::store::{approvals, credit_notes, pickup, work_orders, workshop};
use crate::work_order::WorkOrderStatus;
use crate::workshop::{ContactOutcome, ItemContact, ProposalStatus};

/// The signed settlement as the exit notice quotes it.
struct Signed {
    id: SettlementId,
    number: String,
    plate: String,
    customer: String,
    fingerprint: String,
}

fn clean(shop: &Shop<'_>, job: &Past) -> CleanSignature {
    let (strokes, png) = &shop.inks[job.ink];
    CleanSignature {
        role: SignatureRole::Customer,
        signer_name: job.customer_name.clone(),
        strokes_json: strokes.clone(),
        png_sha256: sha256_of_bytes(png),
        png: Vec::new(),
    }
}

fn sha256_of_bytes(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

pub(super) fn write(conn: &Connection, shop: &Shop<'_>, job: &Past, d: &Drawn) -> Result<()> {
    let wo = job.id;
    let pricing = &shop.pricing;
    // The estimate, approved by phone or at the desk.
    let estimate = estimates::insert_draft(conn, wo, 1, PricingMode::ByItem, 0, "", job.opened_at)?;
    estimates::write_lines(conn, estimate, &d.lines)?;
    let approval = Approval {
        channel: d.channel,
        approved_by: job.customer_name.clone(),
        recorded_by: job.advisor.clone(),
        at: d.approved_at,
        signature_sha256: None,
    };
    let snapshot = EstimateSnapshot {
        version: 1,
        work_order: job.number.clone(),
        currency: shop.currency.clone(),
        mode: PricingMode::ByItem,
        risk_margin_bp: 0,
        note: String::new(),
        lines: d.lines.clone(),
        totals: checked_totals(&d.lines, PricingMode::ByItem, 0, &pricing.tax)?,
        tax: pricing.tax,
        valid_until: valid_until(d.approved_at, pricing),
        approval,
    };
    let json = snapshot.to_json();
    let row = ApprovedRow {
        channel: d.channel,
        approved_by: &job.customer_name,
        recorded_by: &job.advisor,
        at: d.approved_at,
        signature_sha256: None,
        valid_until: snapshot.valid_until,
        snapshot_json: &json,
        snapshot_sha256: &sha256_of(&json),
    };
    estimates::mark_approved(conn, wo, estimate, &row)?;
    // The workshop's finding and the customer's answer on the phone.
    let mut items = Vec::new();
    if let Some(item) = &d.item {
        workshop::insert_item(conn, wo, &item.input, item.found_at)?;
        let id = conn.last_insert_rowid();
        let call = ItemContact {
            at: item.answered_at,
            channel: ApprovalChannel::Phone,
            outcome: match item.approved {
                true => ContactOutcome::Approved,
                false => ContactOutcome::Declined,
            },
            spoke_with: job.customer_name.clone(),
            recorded_by: job.advisor.clone(),
        };
        workshop::insert_contact(conn, id, &call)?;
        let status = match item.approved {
            true => ProposalStatus::Approved,
            false => ProposalStatus::Declined,
        };
        let answer = workshop::ItemAnswer {
            status,
            call: &call,
            signature_sha256: None,
            new_promised_at: None,
        };
        workshop::set_answer(conn, id, &answer)?;
        if item.approved {
            items.push((id, item.input.lines.clone()));
        }
    }
    // Ready: the final check, the customer told an hour ahead.
    let check = ReadyInput {
        work_done: true,
        test_drive: TestDrive::Done,
        cleaned: true,
        belongings_back: true,
        old_parts_set_aside: true,
        checked_by: TECHNICIANS[job.ink % TECHNICIANS.len()].into(),
        pickup_at: Some(d.out_at),
    };
    let notify_by = (d.out_at - Duration::hours(1)).max(d.ready_at);
    pickup::save_check(conn, wo, &check, d.out_at, notify_by, d.ready_at)?;
    work_orders::set_status(conn, wo, WorkOrderStatus::Ready, d.ready_at)?;
    let settlement = sign_settlement(conn, shop, job, d, &items)?;
    take_payment(conn, job, d)?;
    let debt = d.total - d.paid.map_or(0, |(_, amount)| amount);
    issue_exit(conn, shop, job, d, settlement, debt)?;
    hand_over(conn, shop, job, d.out_at)
}

fn sign_settlement(
    conn: &Connection,
    shop: &Shop<'_>,
    job: &Past,
    d: &Drawn,
    items: &[(i64, Vec<EstimateLine>)],
) -> Result<Signed> {
    let wo = job.id;
    let at = d.out_at;
    settlements::insert_draft(conn, wo, d.ready_at)?;
    let head = settlements::current(conn, wo)?.ok_or(CoreError::NotFound { what: "settlement" })?;
    let gathered = gather_lines(Some((1, d.lines.as_slice(), 0)), items);
    let plain: Vec<EstimateLine> = gathered.iter().map(|(_, _, l)| l.clone()).collect();
    let figures = settle(&plain, &shop.pricing.tax, 0, 0, 0)?;
    let km = job.odometer_in + 8;
    let mut parts = d.old_parts.iter();
    let mut old_parts = Vec::new();
    let lines: Vec<SettlementLine> = (gathered.into_iter().zip(figures.totals.lines.iter()))
        .enumerate()
        .map(|(i, ((origin, origin_ref, line), amount))| {
            let old_part = (line.kind == LineKind::Part)
                .then(|| parts.next().copied())
                .flatten();
            if let Some(disposition) = old_part {
                old_parts.push(OldPartChoice {
                    line: i as u32,
                    disposition,
                });
            }
            SettlementLine {
                origin,
                origin_ref,
                no_guarantee: line.no_quality_guarantee(),
                guarantee: guarantee_limit(&line.guarantee, at.date(), km),
                old_part,
                amount: *amount,
                line,
            }
        })
        .collect();
    settlements::save_draft(conn, head.id, 0, None, Some(km), &old_parts, at)?;
    let (plate, customer) = plate_and_customer(conn, wo)?;
    let issued = numbering::next(conn, Series::Settlement, at)?;
    let snapshot = SettlementSnapshot {
        version: SNAPSHOT_VERSION,
        number: issued.number.clone(),
        work_order: job.number.clone(),
        plate: plate.clone(),
        customer: customer.clone(),
        currency: shop.currency.clone(),
        exit_date: at.date(),
        odometer_out: km,
        tax: shop.pricing.tax,
        lines,
        figures,
        discount_approved_by: None,
        signed_at: at,
    };
    let json = snapshot.to_json()?;
    let ink = clean(shop, job);
    let signed = sign_document(&json, &ink, at);
    let t = &snapshot.figures.totals;
    let row = SignedRow {
        issued: &issued,
        labour_minor: t.labour_minor,
        parts_minor: t.parts_minor,
        other_minor: t.other_minor,
        outside_minor: snapshot
            .lines
            .iter()
            .filter(|l| l.line.kind == crate::pricing::LineKind::Outside)
            .map(|l| l.amount.amount_minor)
            .sum(),
        tax_minor: t.tax_minor,
        total_minor: snapshot.figures.total_minor,
        snapshot_json: &json,
        snapshot_sha256: &signed.sha256,
        signer_name: &ink.signer_name,
        strokes_json: &ink.strokes_json,
        png_sha256: &ink.png_sha256,
        fingerprint: &signed.fingerprint,
        odometer_out: km,
    };
    settlements::mark_signed(conn, head.id, &row, at)?;
    Ok(Signed {
        id: head.id,
        number: issued.number,
        plate,
        customer,
        fingerprint: signed.sha256,
    })
}

fn take_payment(conn: &Connection, job: &Past, d: &Drawn) -> Result<()> {
    let Some((method, amount)) = d.paid else {
        return Ok(());
    };
    // Cash is handed over in notes of 100: the change is given back.
    let tendered = (method == PaymentMethod::Cash).then(|| (amount + 9_999) / 10_000 * 10_000);
    let row = PaymentRow {
        method,
        amount_minor: amount,
        tendered_minor: tendered,
        change_minor: tendered.map(|t| t - amount),
        reference: "",
        taken_by: &job.advisor,
    };
    payments::insert_payment(conn, job.id, &row, d.out_at)?;
    Ok(())
}

/// The supervisor's word for `action` on the job, given and used at once.
fn supervisor(
    conn: &Connection,
    shop: &Shop<'_>,
    job: &Past,
    action: ApprovalAction,
    (reason, used_for): (&str, &str),
    at: NaiveDateTime,
) -> Result<ApprovalId> {
    let boss = shop.boss.ok_or_else(|| {
        std::io::Error::other("a demo shop without a supervisor asked for her word")
    })?;
    let given = approvals::insert_approval(conn, action, boss, job.id, reason, at)?;
    use_approval(conn, given.id, job.id, action, used_for, at)?;
    Ok(given.id)
}

fn issue_exit(
    conn: &Connection,
    shop: &Shop<'_>,
    job: &Past,
    d: &Drawn,
    settlement: Signed,
    debt: i64,
) -> Result<()> {
    let at = d.out_at;
    let issued = numbering::next(conn, Series::ExitNotice, at)?;
    let approval = (debt > 0)
        .then(|| {
            let reason = "老客户，月底结清 Regular customer, pays at month end";
            supervisor(
                conn,
                shop,
                job,
                ApprovalAction::ExitWithDebt,
                (reason, &issued.number),
                at,
            )
        })
        .transpose()?;
    let payload = ExitPass {
        exit: issued.number.clone(),
        job: job.number.clone(),
        settlement: settlement.number,
        plate: settlement.plate,
        out_at: at,
        customer: settlement.customer,
        fingerprint: settlement.fingerprint,
    }
    .payload();
    let id = exits::insert_notice(
        conn,
        job.id,
        settlement.id,
        &issued,
        &job.advisor,
        debt,
        approval,
        &payload,
        at,
    )?;
    exits::log_print(conn, id, &job.advisor, at)
}

fn hand_over(conn: &Connection, shop: &Shop<'_>, job: &Past, at: NaiveDateTime) -> Result<()> {
    let notice = exits::notice(conn, job.id)?.ok_or(CoreError::NotFound {
        what: "exit_notice",
    })?;
    let record = HandoverRecord {
        version: 1,
        work_order: job.number.clone(),
        exit_notice: notice.number,
        belongings: (job.belongings.iter())
            .map(|&position| BelongingReturn {
                position,
                returned: true,
                explanation: String::new(),
            })
            .collect(),
        documents: (0..job.documents)
            .map(|position| DocumentReturn {
                position,
                returned: true,
                explanation: String::new(),
            })
            .collect(),
        keys_in: job.keys,
        keys_returned: job.keys,
        keys_explanation: String::new(),
        handed_over_by: job.advisor.clone(),
        at,
    };
    let json = serde_json::to_string(&record)
        .map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())))?;
    let ink = clean(shop, job);
    let signed = sign_document(&json, &ink, at);
    let row = HandoverRow {
        record_json: &json,
        record_sha256: &signed.sha256,
        signer_name: &ink.signer_name,
        strokes_json: &ink.strokes_json,
        png_sha256: &ink.png_sha256,
        fingerprint: &signed.fingerprint,
    };
    exits::insert_handover(conn, job.id, &row, at)?;
    work_orders::set_status(conn, job.id, WorkOrderStatus::Collected, at)
}

/// The rest of what a debtor owed, paid later.
pub(super) fn pay(
    conn: &Connection,
    job: &Past,
    method: PaymentMethod,
    amount: i64,
    at: NaiveDateTime,
) -> Result<()> {
    let row = PaymentRow {
        method: match method {
            PaymentMethod::Cash => PaymentMethod::Transfer,
            other => other,
        },
        amount_minor: amount,
        tendered_minor: None,
        change_minor: None,
        reference: "",
        taken_by: &job.advisor,
    };
    payments::insert_payment(conn, job.id, &row, at)?;
    Ok(())
}

/// A correction after the settlement: the credit note and the money given back.
pub(super) fn credit(
    conn: &Connection,
    shop: &Shop<'_>,
    job: &Past,
    method: PaymentMethod,
    amount: i64,
    at: NaiveDateTime,
) -> Result<()> {
    let (head, _) = settlements::signed(conn, job.id)?;
    let reason = "工时重复计算，更正 Labour charged twice, corrected";
    let issued = numbering::next(conn, Series::CreditNote, at)?;
    let approval = supervisor(
        conn,
        shop,
        job,
        ApprovalAction::CreditNote,
        (reason, &issued.number),
        at,
    )?;
    credit_notes::insert(
        conn,
        job.id,
        head.id,
        &issued,
        amount,
        reason,
        &job.advisor,
        approval,
        at,
    )?;
    let refunded = supervisor(
        conn,
        shop,
        job,
        ApprovalAction::Refund,
        (
            reason,
            &format!("refund {}", format_money(amount, &shop.currency, Lang::En)),
        ),
        at,
    )?;
    let row = PaymentRow {
        method,
        amount_minor: amount,
        tendered_minor: None,
        change_minor: None,
        reference: "",
        taken_by: &job.advisor,
    };
    payments::insert_refund(conn, job.id, &row, refunded, reason, at)?;
    Ok(())
}
