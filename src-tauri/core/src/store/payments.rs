//! SQL of `payments`: money taken on a job (deposits and advances before the settlement,
//! payments at it, later payments against the receivable), refunds as rows of their own,
//! voids marking a row; the receivables list and a customer's balance.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, Row};

use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::{ApprovalId, CustomerId, PaymentId, WorkOrderId};
use crate::reason::Reason;
use crate::settlement::payment::{
    check_payment, CustomerBalance, Payment, PaymentInput, PaymentKind, PaymentMethod, Receivable,
    Receivables, RefundInput,
};
use crate::settlement::staff::ApprovalAction;
use crate::settlement::SettlementStatus;
use crate::store::{customers, found, parse_column, settlement_view, settlements, staff};
use crate::store::{work_orders, Store};
use crate::validate::too_long;
use crate::work_order::WorkOrderStatus;

const COLUMNS: &str = "id, work_order_id, kind, method, amount_minor, tendered_minor,
     change_minor, reference, taken_by, taken_at, reason, approval_id, voided_at,
     void_approval_id, void_reason";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Payment> {
    let kind: String = row.get(2)?;
    let method: String = row.get(3)?;
    Ok(Payment {
        id: row.get(0)?,
        work_order_id: row.get(1)?,
        kind: parse_column(2, &kind, PaymentKind::parse)?,
        method: parse_column(3, &method, PaymentMethod::parse)?,
        amount_minor: row.get(4)?,
        tendered_minor: row.get(5)?,
        change_minor: row.get(6)?,
        reference: row.get(7)?,
        taken_by: row.get(8)?,
        taken_at: row.get(9)?,
        reason: row.get(10)?,
        approval_id: row.get(11)?,
        voided_at: row.get(12)?,
        void_approval_id: row.get(13)?,
        void_reason: row.get(14)?,
    })
}

pub(crate) fn for_job(conn: &Connection, wo: WorkOrderId) -> Result<Vec<Payment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM payments WHERE work_order_id = ?1 ORDER BY taken_at, id"
    ))?;
    let rows = stmt
        .query_map([wo], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Payments taken between `from` and `to` (voided ones too), oldest first.
pub(crate) fn between(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<Payment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM payments WHERE taken_at >= ?1 AND taken_at < ?2
         ORDER BY taken_at, id"
    ))?;
    let rows = stmt
        .query_map(params![from, to], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn load(conn: &Connection, id: PaymentId) -> Result<Payment> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM payments WHERE id = ?1"))?;
    found(stmt.query_row([id], from_row), "payment")
}

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

/// Signed settlements with what is still owed on each (on-account amounts included),
/// oldest first; `customer` narrows to one customer, `only_owing` leaves out the paid.
fn owed(
    conn: &Connection,
    customer: Option<CustomerId>,
    only_owing: bool,
) -> Result<Vec<Receivable>> {
    let mut stmt = conn.prepare_cached(
        "SELECT * FROM (
           SELECT w.customer_id,
                  c.display_name AS customer_name,
                  s.work_order_id, w.number, s.number, v.plate, s.total_minor,
                  s.total_minor - COALESCE((SELECT sum(n.amount_minor) FROM credit_notes n
                     WHERE n.settlement_id = s.id), 0)
                  - COALESCE((SELECT sum(CASE p.kind WHEN 'payment'
                        THEN p.amount_minor ELSE -p.amount_minor END)
                     FROM payments p WHERE p.work_order_id = s.work_order_id
                       AND p.voided_at IS NULL AND p.method <> 'on_account'), 0) AS owed,
                  COALESCE((SELECT sum(CASE p.kind WHEN 'payment'
                        THEN p.amount_minor ELSE -p.amount_minor END)
                     FROM payments p WHERE p.work_order_id = s.work_order_id
                       AND p.voided_at IS NULL AND p.method = 'on_account'), 0),
                  s.signed_at, s.id
           FROM settlements s
           JOIN work_orders w ON w.id = s.work_order_id
           JOIN customers c ON c.id = w.customer_id
           JOIN vehicles v ON v.id = w.vehicle_id
           WHERE s.status = 'signed' AND (?1 IS NULL OR w.customer_id = ?1))
         WHERE (?2 = 0 OR owed > 0)
         ORDER BY signed_at, id",
    )?;
    let rows = stmt
        .query_map(params![customer, only_owing], |row| {
            Ok(Receivable {
                customer_id: row.get(0)?,
                customer_name: row.get(1)?,
                work_order_id: row.get(2)?,
                work_order_number: row.get(3)?,
                settlement_number: row.get(4)?,
                plate: row.get(5)?,
                total_minor: row.get(6)?,
                owed_minor: row.get(7)?,
                on_account_minor: row.get(8)?,
                since: row.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
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
                    let view = settlement_view::view(tx, wo, now)?;
                    if input.amount_minor > view.figures.due_minor {
                        return Err(CoreError::invalid("amountMinor", Reason::PaymentAboveDue));
                    }
                }
            }
            tx.prepare_cached(
                "INSERT INTO payments (work_order_id, kind, method, amount_minor, tendered_minor,
                                       change_minor, reference, taken_by, taken_at)
                 VALUES (?1, 'payment', ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                wo,
                input.method.as_str(),
                input.amount_minor,
                input.tendered_minor,
                change.filter(|_| input.method == PaymentMethod::Cash),
                input.reference.trim(),
                input.taken_by.trim(),
                now
            ])?;
            load(tx, PaymentId(tx.last_insert_rowid()))
        })
    }

    /// Voids a payment (or a refund) entered by mistake, with the supervisor and a reason:
    /// the row stays, marked. Once the car is collected the job's money is closed: a
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
            let status = work_orders::load(tx, payment.work_order_id)?.status;
            if status == crate::work_order::WorkOrderStatus::Collected {
                return Err(CoreError::conflict(Reason::PaymentAfterCollection));
            }
            let tag = format!("payment {id}");
            staff::use_approval(
                tx,
                approval_id,
                payment.work_order_id,
                ApprovalAction::VoidPayment,
                &tag,
                now,
            )?;
            tx.prepare_cached(
                "UPDATE payments SET voided_at = ?2, void_approval_id = ?3, void_reason = ?4
                 WHERE id = ?1",
            )?
            .execute(params![id, now, approval_id, reason.trim()])?;
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
            let currency = crate::store::settings::load(tx)?.currency;
            let amount =
                crate::i18n::format_money(input.amount_minor, &currency, crate::i18n::Lang::En);
            let tag = format!("refund {amount}");
            staff::use_approval(tx, input.approval_id, wo, ApprovalAction::Refund, &tag, now)?;
            tx.prepare_cached(
                "INSERT INTO payments (work_order_id, kind, method, amount_minor, reference,
                                       taken_by, taken_at, approval_id, reason)
                 VALUES (?1, 'refund', ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                wo,
                input.method.as_str(),
                input.amount_minor,
                input.reference.trim(),
                input.taken_by.trim(),
                now,
                input.approval_id,
                input.reason.trim()
            ])?;
            load(tx, PaymentId(tx.last_insert_rowid()))
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
            owed_total_minor: crate::settlement::actions::owed_total(&rows),
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
