//! Payments on a job: several per settlement, by cash (tendered and change), card,
//! transfer, mobile payment, cheque or on account; what is left is a receivable (欠款).
//! Nothing is deleted: a void marks the row, a refund is a row of its own, both with the
//! supervisor and a reason.
use serde::{Deserialize, Serialize};

pub use crate::domain::settlement::{CreditNote, Payment, PaymentKind, PaymentMethod, Receivable};
use crate::error::FieldIssue;
use crate::ids::{ApprovalId, CustomerId};
use crate::money::amount_issue;
use crate::reason::Reason;
use crate::validate::too_long;

/// What the cashier enters for one payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PaymentInput {
    pub method: PaymentMethod,
    pub amount_minor: i64,
    /// Cash only: what the customer handed over (at least the amount).
    pub tendered_minor: Option<i64>,
    /// Card slip, transfer or cheque number.
    pub reference: String,
    pub taken_by: String,
}

/// A refund: money given back, with the supervisor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RefundInput {
    pub method: PaymentMethod,
    pub amount_minor: i64,
    pub reference: String,
    pub taken_by: String,
    pub reason: String,
    pub approval_id: ApprovalId,
}

/// What a receipt says is still due right after payment `index` of `payments` (listed in
/// the order taken): `total_minor` less the credit notes issued by then and the payments
/// and refunds up to it as they stood then. A later void or credit note does not change
/// a reprinted receipt's figures (a void is stamped on it instead).
pub fn due_after(
    total_minor: i64,
    payments: &[Payment],
    index: usize,
    notes: &[CreditNote],
) -> i64 {
    let Some(at) = payments.get(index).map(|p| p.taken_at) else {
        return total_minor;
    };
    let counted: i64 = payments[..=index]
        .iter()
        .map(|p| match (p.voided_at, p.kind) {
            (Some(voided), _) if voided <= at => 0,
            (_, PaymentKind::Payment) => p.amount_minor,
            (_, PaymentKind::Refund) => -p.amount_minor,
        })
        .sum();
    let credited: i64 = notes
        .iter()
        .filter(|n| n.issued_at <= at)
        .map(|n| n.amount_minor)
        .sum();
    total_minor - credited - counted
}

/// Every problem with a payment; the change of a cash payment.
pub fn check_payment(input: &PaymentInput) -> (Vec<FieldIssue>, Option<i64>) {
    check_money_in(&MoneyIn {
        amount_minor: input.amount_minor,
        method: input.method,
        tendered_minor: input.tendered_minor,
        taken_by: &input.taken_by,
        reference: &input.reference,
    })
}

/// Money taken at the desk, whatever it is for (a job's payment, a booking's deposit).
pub struct MoneyIn<'a> {
    pub amount_minor: i64,
    pub method: PaymentMethod,
    pub tendered_minor: Option<i64>,
    pub taken_by: &'a str,
    pub reference: &'a str,
}

/// Every problem with money taken at the desk; the change when it is cash.
pub fn check_money_in(input: &MoneyIn<'_>) -> (Vec<FieldIssue>, Option<i64>) {
    let mut issues = Vec::new();
    if input.amount_minor <= 0 {
        issues.push(FieldIssue::new("amountMinor", Reason::PaymentAmount));
    } else if let Some(code) = amount_issue(input.amount_minor) {
        issues.push(FieldIssue::new("amountMinor", code));
    }
    if input.taken_by.trim().is_empty() {
        issues.push(FieldIssue::new("takenBy", Reason::ApprovalByRequired));
    }
    too_long(&mut issues, "takenBy", input.taken_by.trim(), 100);
    too_long(&mut issues, "reference", input.reference.trim(), 100);
    let mut change = None;
    match (input.method, input.tendered_minor) {
        (PaymentMethod::Cash, Some(tendered)) => {
            if tendered < input.amount_minor || amount_issue(tendered).is_some() {
                issues.push(FieldIssue::new("tenderedMinor", Reason::CashTenderedShort));
            } else {
                change = Some(tendered - input.amount_minor);
            }
        }
        (PaymentMethod::Cash, None) => change = Some(0),
        (_, Some(_)) => issues.push(FieldIssue::new("tenderedMinor", Reason::CashOnly)),
        (_, None) => {}
    }
    (issues, change)
}

/// A credit note (红字): a correction after signing that lowers what the job charges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CreditNoteInput {
    pub amount_minor: i64,
    pub reason: String,
    pub issued_by: String,
    pub approval_id: ApprovalId,
}

/// The receivables list (欠款) with what it comes to in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Receivables {
    pub rows: Vec<Receivable>,
    /// The sum of `rows`' `owed_minor` ([`super::actions::owed_total`]).
    pub owed_total_minor: i64,
}

/// What a customer owes across their settled jobs (negative: the shop owes them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CustomerBalance {
    pub customer_id: CustomerId,
    pub owed_minor: i64,
    pub jobs: Vec<Receivable>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{PaymentId, WorkOrderId};
    use chrono::NaiveDateTime;

    fn cash(amount: i64, tendered: Option<i64>) -> PaymentInput {
        PaymentInput {
            method: PaymentMethod::Cash,
            amount_minor: amount,
            tendered_minor: tendered,
            reference: String::new(),
            taken_by: "周敏".into(),
        }
    }

    #[test]
    fn cash_handed_over_gives_change_and_short_cash_is_refused() {
        assert_eq!(check_payment(&cash(35_000, Some(40_000))).1, Some(5_000));
        let (issues, _) = check_payment(&cash(35_000, Some(30_000)));
        assert_eq!(issues[0].code, Reason::CashTenderedShort);
        let (issues, _) = check_payment(&cash(0, None));
        assert_eq!(issues[0].code, Reason::PaymentAmount);
    }

    fn at(hour: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 3, 3)
            .and_then(|d| d.and_hms_opt(hour, 0, 0))
            .unwrap_or_default()
    }

    fn taken(kind: PaymentKind, amount_minor: i64, hour: u32, voided: Option<u32>) -> Payment {
        Payment {
            id: PaymentId(i64::from(hour)),
            work_order_id: WorkOrderId(1),
            kind,
            method: PaymentMethod::Cash,
            amount_minor,
            tendered_minor: None,
            change_minor: None,
            reference: String::new(),
            taken_by: "周敏".into(),
            taken_at: at(hour),
            reason: String::new(),
            approval_id: None,
            voided_at: voided.map(at),
            void_approval_id: None,
            void_reason: String::new(),
        }
    }

    #[test]
    fn a_reprinted_receipt_shows_what_was_due_when_it_was_taken() {
        let payments = [
            taken(PaymentKind::Payment, 30_000, 9, None),
            // Voided at 15:00, after the second payment was taken.
            taken(PaymentKind::Payment, 50_000, 11, Some(15)),
            taken(PaymentKind::Refund, 5_000, 16, None),
        ];
        let note = CreditNote {
            id: 1,
            work_order_id: WorkOrderId(1),
            number: "CN-2026-00001".into(),
            settlement_number: "ST-2026-00001".into(),
            amount_minor: 10_000,
            reason: "goodwill".into(),
            issued_by: "周敏".into(),
            issued_at: at(14),
            approval_id: ApprovalId(1),
        };
        let notes = [note];
        assert_eq!(due_after(100_000, &payments, 0, &notes), 70_000);
        assert_eq!(
            due_after(100_000, &payments, 1, &notes),
            20_000,
            "the later void and the later credit note are not on it"
        );
        assert_eq!(
            due_after(100_000, &payments, 2, &notes),
            100_000 - 10_000 - 30_000 + 5_000,
            "by the refund, the void and the credit note counted"
        );
    }
}
