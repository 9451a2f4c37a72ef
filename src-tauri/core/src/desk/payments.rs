//! Money on a job: a payment taken (never more than is due once the settlement is
//! signed), a mistaken one voided and a refund given with the supervisor's word, the
//! receivables list with its sum and a customer's balance. The rows are
//! `store/payments.rs`; what may be taken, voided or refunded is decided here.
use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::desk::approvals::use_approval;
use crate::desk::settlement_view::view;
use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::{ApprovalId, CustomerId, PaymentId, WorkOrderId};
use crate::reason::Reason;
use crate::settlement::actions::owed_total;
use crate::settlement::payment::{
    check_payment, CustomerBalance, Payment, PaymentInput, PaymentMethod, Receivable, Receivables,
    RefundInput,
};
use crate::settlement::staff::ApprovalAction;
use crate::settlement::SettlementStatus;
use crate::store::payments::{
    for_job, insert_payment, insert_refund, load, mark_voided, owed, PaymentRow,
};
use crate::store::{appointment_deposits, customers, settings, settlements, work_orders, Store};
use crate::validate::too_long;
use crate::work_order::WorkOrderStatus;

/// Money taken on the job (refunds off, voids left out), and what went on account.
pub(crate) fn money_in(conn: &Connection, wo: WorkOrderId) -> Result<(i64, i64)> {
    let (mut paid, mut on_account) = (0, 0);
    for p in for_job(conn, wo)? {
        match p.method {
            PaymentMethod::OnAccount => on_account += p.signed_amount(),
            _ => paid += p.signed_amount(),
        }
    }
    Ok((paid, on_account))
}

fn check_reason(reason: &str) -> Result<()> {
    let mut issues = Vec::new();
    if reason.trim().is_empty() {
        issues.push(FieldIssue::new("reason", Reason::ApprovalReasonRequired));
    }
    too_long(&mut issues, "reason", reason.trim(), 1_000);
    if issues.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(issues))
    }
}

impl Store {
    /// Every payment, refund and void of the job, oldest first.
    pub fn payments(&self, wo: WorkOrderId) -> Result<Vec<Payment>> {
        self.with_conn(|conn| {
            work_orders::load(conn, wo)?;
            for_job(conn, wo)
        })
    }

    /// Takes a payment on the job: a deposit or advance before the settlement, a payment
    /// at it, or a later one against what is owed. Never more than is due once signed.
    pub fn record_payment(
        &self,
        wo: WorkOrderId,
        input: &PaymentInput,
        now: NaiveDateTime,
    ) -> Result<Payment> {
        let (issues, change) = check_payment(input);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        self.with_tx(|tx| {
            if work_orders::load(tx, wo)?.status == WorkOrderStatus::Cancelled {
                return Err(CoreError::conflict(Reason::WorkOrderCancelled));
            }
            if let Some(head) = settlements::current(tx, wo)? {
                if head.status == SettlementStatus::Signed {
                    let view = view(tx, wo, now)?;
                    if input.amount_minor > view.figures.due_minor {
                        return Err(CoreError::invalid("amountMinor", Reason::PaymentAboveDue));
                    }
                }
            }
            let row = PaymentRow {
                method: input.method,
                amount_minor: input.amount_minor,
                tendered_minor: input.tendered_minor,
                change_minor: change.filter(|_| input.method == PaymentMethod::Cash),
                reference: input.reference.trim(),
                taken_by: input.taken_by.trim(),
            };
            insert_payment(tx, wo, &row, now)
        })
    }

    /// Voids a payment (or a refund) entered by mistake, with the supervisor and a reason:
    /// the row stays, marked. A booking's deposit carried onto the job is not voided but
    /// refunded. Once the car is collected the job's money is closed: a
    /// mistake found later is put right with a credit note or a refund.
    pub fn void_payment(
        &self,
        id: PaymentId,
        approval_id: ApprovalId,
        reason: &str,
        now: NaiveDateTime,
    ) -> Result<Payment> {
        check_reason(reason)?;
        self.with_tx(|tx| {
            let payment = load(tx, id)?;
            if payment.voided_at.is_some() {
                return Err(CoreError::conflict(Reason::PaymentVoided));
            }
            // The booking's deposit carried onto the job: voided, it would leave the day's
            // cash it was taken in while the deposit still counts as applied.
            if appointment_deposits::carried_as(tx, id)?.is_some() {
                return Err(CoreError::conflict(Reason::PaymentIsDeposit));
            }
            let status = work_orders::load(tx, payment.work_order_id)?.status;
            if status == WorkOrderStatus::Collected {
                return Err(CoreError::conflict(Reason::PaymentAfterCollection));
            }
            let tag = format!("payment {id}");
            use_approval(
                tx,
                approval_id,
                payment.work_order_id,
                ApprovalAction::VoidPayment,
                &tag,
                now,
            )?;
            mark_voided(tx, id, approval_id, reason.trim(), now)?;
            load(tx, id)
        })
    }

    /// Gives money back with the supervisor and a reason, never more than was taken by
    /// that kind of payment.
    pub fn refund_payment(
        &self,
        wo: WorkOrderId,
        input: &RefundInput,
        now: NaiveDateTime,
    ) -> Result<Payment> {
        check_reason(&input.reason)?;
        let as_payment = PaymentInput {
            method: input.method,
            amount_minor: input.amount_minor,
            tendered_minor: None,
            reference: input.reference.clone(),
            taken_by: input.taken_by.clone(),
        };
        let (issues, _) = check_payment(&as_payment);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        self.with_tx(|tx| {
            let (paid, on_account) = money_in(tx, wo)?;
            let available = match input.method {
                PaymentMethod::OnAccount => on_account,
                _ => paid,
            };
            if input.amount_minor > available {
                return Err(CoreError::invalid("amountMinor", Reason::RefundAbovePaid));
            }
            // Read by the supervisor in the journal and the day's figures: money as money.
            let currency = settings::load(tx)?.currency;
            let amount =
                crate::i18n::format_money(input.amount_minor, &currency, crate::i18n::Lang::En);
            let tag = format!("refund {amount}");
            use_approval(tx, input.approval_id, wo, ApprovalAction::Refund, &tag, now)?;
            let row = PaymentRow {
                method: input.method,
                amount_minor: input.amount_minor,
                tendered_minor: None,
                change_minor: None,
                reference: input.reference.trim(),
                taken_by: input.taken_by.trim(),
            };
            insert_refund(tx, wo, &row, input.approval_id, input.reason.trim(), now)
        })
    }

    /// Who owes what for which job since when (欠款), oldest first.
    pub fn receivables(&self) -> Result<Vec<Receivable>> {
        self.with_conn(|conn| owed(conn, None, true))
    }

    /// The receivables with their sum, as the receivables screen shows them.
    pub fn receivables_view(&self) -> Result<Receivables> {
        let rows = self.receivables()?;
        Ok(Receivables {
            owed_total_minor: owed_total(&rows),
            rows,
        })
    }

    /// What the customer owes across their settled jobs, for the customer file.
    pub fn customer_balance(&self, customer: CustomerId) -> Result<CustomerBalance> {
        self.with_conn(|conn| {
            customers::load(conn, customer)?;
            let jobs = owed(conn, Some(customer), false)?;
            Ok(CustomerBalance {
                customer_id: customer,
                owed_minor: jobs.iter().map(|j| j.owed_minor).sum(),
                jobs: jobs.into_iter().filter(|j| j.owed_minor != 0).collect(),
            })
        })
    }
}
