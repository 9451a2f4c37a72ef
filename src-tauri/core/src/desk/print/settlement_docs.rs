//! What the settlement's paper prints, gathered from the store: the settlement slip (the
//! frozen settlement once signed, with the payments up to the slip's date), the receipt
//! of one payment, the credit notes, and the after-sales service card with the next
//! maintenance due.
use std::path::Path;

use chrono::{Months, NaiveDateTime};

use crate::desk::print::work_order::{work_order_doc, SignaturesShown};
use crate::error::{CoreError, Result};
use crate::files::signatures::read_png;
use crate::forms::{
    CardItem, CreditNoteDoc, CustomerPart, FormLang, ReceiptDoc, ServiceCardDoc, SettlementDoc,
    SettlementSignature,
};
use crate::ids::WorkOrderId;
use crate::settlement::payment::{due_after, Payment, PaymentMethod};
use crate::settlement::{LineOrigin, SettlementStatus};
use crate::store::settlements::{signed, signed_numbered};
use crate::store::Store;

/// The job's payments as they stood at `as_of`: later ones left out, later voids undone.
fn payments_as_of(store: &Store, id: WorkOrderId, as_of: NaiveDateTime) -> Result<Vec<Payment>> {
    Ok(store
        .payments(id)?
        .into_iter()
        .filter(|p| p.taken_at <= as_of)
        .map(|mut p| {
            if p.voided_at.is_some_and(|at| at > as_of) {
                p.voided_at = None;
            }
            p
        })
        .collect())
}

/// Money taken (refunds off, voids out) and put on account by `payments`.
fn money_in(payments: &[Payment]) -> (i64, i64) {
    payments
        .iter()
        .fold((0, 0), |(paid, account), p| match p.method {
            PaymentMethod::OnAccount => (paid, account + p.signed_amount()),
            _ => (paid + p.signed_amount(), account),
        })
}

/// The settlement slip of job `id` in `lang`. The signed original (`original`) is dated
/// at the signing with the payments taken until then; any other printing is dated `now`
/// with every payment and credit note so far.
pub fn settlement_doc(
    store: &Store,
    data_dir: &Path,
    id: WorkOrderId,
    lang: FormLang,
    original: bool,
    now: NaiveDateTime,
) -> Result<SettlementDoc> {
    let view = store.settlement(id, now)?;
    let job = work_order_doc(store, data_dir, id, SignaturesShown::None, lang)?;
    let (signature, approved_by, as_of) = if view.status == SettlementStatus::Signed {
        let (head, snapshot) = store.with_conn(|c| signed(c, id))?;
        let png = match &head.png_sha256 {
            Some(sha) => Some(read_png(data_dir, sha)?),
            None => None,
        };
        let at = head.signed_at.unwrap_or(snapshot.signed_at);
        let signature = SettlementSignature {
            signer_name: head.signer_name.unwrap_or_default(),
            at,
            png,
            fingerprint_hex: head.snapshot_sha256.unwrap_or_default(),
        };
        let as_of = if original { at } else { now };
        (Some(signature), snapshot.discount_approved_by, as_of)
    } else {
        (None, None, now)
    };
    let payments = payments_as_of(store, id, as_of)?;
    let (paid, on_account) = money_in(&payments);
    let credited = if original { 0 } else { view.credited_minor };
    let mut figures = view.figures.clone();
    figures.paid_minor = paid;
    figures.on_account_minor = on_account;
    figures.due_minor = figures.total_minor - credited - paid - on_account;
    Ok(SettlementDoc {
        shop: job.shop,
        number: job.number,
        settlement_number: view.number.clone(),
        dated: as_of,
        customer: job.customer,
        vehicle: job.vehicle,
        odometer_out: view.odometer_out,
        exit_date: view.exit_date,
        currency: view.currency.clone(),
        tax: view.tax,
        lines: view.lines,
        figures,
        credited_minor: credited,
        payments,
        discount_approved_by: approved_by,
        signature,
    })
}

/// Item `n` of a job's list of `len` (from 1, as listed), or the latest when `None`.
fn nth_or_latest(len: usize, n: Option<u32>) -> Option<usize> {
    match n {
        Some(n) => (n as usize).checked_sub(1),
        None => len.checked_sub(1),
    }
    .filter(|i| *i < len)
}

/// The customer as a receipt or a credit note names them: the company first.
fn customer_line(customer: &CustomerPart) -> String {
    match &customer.company {
        Some(company) => format!("{company} ({})", customer.name),
        None => customer.name.clone(),
    }
}

/// The receipt of payment number `payment` (from 1, as listed on the job; the latest
/// when `None`), with the balance still due once it and those before it counted.
pub fn receipt_doc(
    store: &Store,
    data_dir: &Path,
    id: WorkOrderId,
    payment: Option<u32>,
    lang: FormLang,
    now: NaiveDateTime,
) -> Result<ReceiptDoc> {
    let payments = store.payments(id)?;
    let Some(index) = nth_or_latest(payments.len(), payment) else {
        return Err(CoreError::NotFound { what: "payment" });
    };
    let chosen = payments[index].clone();
    let view = store.settlement(id, now)?;
    let job = work_order_doc(store, data_dir, id, SignaturesShown::None, lang)?;
    let notes = store.credit_notes(id)?;
    let customer = customer_line(&job.customer);
    Ok(ReceiptDoc {
        shop: job.shop,
        number: job.number,
        settlement_number: view.number,
        payment_no: u32::try_from(index + 1).unwrap_or(u32::MAX),
        customer,
        plate: job.vehicle.plate,
        currency: view.currency,
        payment: chosen,
        due_after_minor: due_after(view.figures.total_minor, &payments, index, &notes),
    })
}

/// Credit note number `note` of the job (from 1, as listed; the latest when `None`).
pub fn credit_note_doc(
    store: &Store,
    data_dir: &Path,
    id: WorkOrderId,
    note: Option<u32>,
    lang: FormLang,
) -> Result<CreditNoteDoc> {
    let notes = store.credit_notes(id)?;
    let Some(index) = nth_or_latest(notes.len(), note) else {
        return Err(CoreError::NotFound {
            what: "credit_note",
        });
    };
    let chosen = notes[index].clone();
    let (_head, snapshot) =
        store.with_conn(|c| signed_numbered(c, id, &chosen.settlement_number))?;
    let credited: i64 = notes[..=index]
        .iter()
        .filter(|n| n.settlement_number == chosen.settlement_number)
        .map(|n| n.amount_minor)
        .sum();
    let approved_by = store
        .supervisor_approval(chosen.approval_id)?
        .supervisor_name;
    let job = work_order_doc(store, data_dir, id, SignaturesShown::None, lang)?;
    let customer = customer_line(&job.customer);
    Ok(CreditNoteDoc {
        shop: job.shop,
        number: job.number,
        note: chosen,
        customer,
        plate: job.vehicle.plate,
        currency: snapshot.currency.clone(),
        approved_by,
        total_after_minor: snapshot.figures.total_minor - credited,
    })
}

/// The service card of a settled job: refused until the settlement is signed.
pub fn service_card_doc(
    store: &Store,
    data_dir: &Path,
    id: WorkOrderId,
    lang: FormLang,
    now: NaiveDateTime,
) -> Result<ServiceCardDoc> {
    let (_head, snapshot) = store.with_conn(|c| signed(c, id))?;
    let settings = store.get_settlement_settings()?;
    let job = work_order_doc(store, data_dir, id, SignaturesShown::None, lang)?;
    let items = snapshot
        .lines
        .iter()
        .filter(|l| l.origin != LineOrigin::RiskMargin)
        .map(|l| CardItem {
            description: l.line.description.clone(),
            limit: l.guarantee,
            no_guarantee: l.no_guarantee,
        })
        .collect();
    let months = Months::new(settings.service_interval_months);
    Ok(ServiceCardDoc {
        shop: job.shop,
        number: job.number,
        settlement_number: snapshot.number,
        dated: now,
        customer: job.customer,
        vehicle: job.vehicle,
        exit_date: snapshot.exit_date,
        odometer_out: snapshot.odometer_out,
        items,
        next_service_date: snapshot
            .exit_date
            .checked_add_months(months)
            .unwrap_or(snapshot.exit_date),
        next_service_km: snapshot.odometer_out + i64::from(settings.service_interval_km),
    })
}
