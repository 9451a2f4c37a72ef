//! Which actions apply to a job's settlement now, and the sums the settle screen shows
//! beside them (what the payment form starts with, the change of cash, what was paid too
//! much, what is owed in all): pure rules over statuses and minor units, sent with the
//! settlement so the window decides nothing itself.
use super::payment::{PaymentMethod, Receivable};
use super::{Settlement, SettlementStatus};
use crate::error::{CoreError, Result};
use crate::reason::Reason;
use crate::work_order::WorkOrderStatus;

/// Sets what the settle screen shows by on `s`, for a job in `job` status whose exit
/// notice is out (`exit_notice_issued`) or not.
pub fn decide(s: &mut Settlement, job: WorkOrderStatus, exit_notice_issued: bool) {
    let due = s.figures.due_minor;
    s.editable = editable(s.status);
    s.can_issue_exit = can_issue_exit(s.status, exit_notice_issued);
    s.exit_needs_supervisor = exit_needs_supervisor(s.exit_debt_minor);
    s.can_void = can_void(job);
    s.can_reopen = can_reopen(s.status, exit_notice_issued);
    s.can_take_payment = can_take_payment(job, s.status, due);
    s.amount_due_minor = amount_due(due);
    s.overpaid_minor = overpaid(due);
}

/// Only a draft is changed (discount, odometer, old parts) and signed; a signed one is
/// frozen and corrected by reopening it or with a credit note.
pub fn editable(status: SettlementStatus) -> bool {
    status == SettlementStatus::Draft
}

/// The exit notice is issued once, after the customer signed the settlement.
pub fn can_issue_exit(status: SettlementStatus, exit_notice_issued: bool) -> bool {
    status == SettlementStatus::Signed && !exit_notice_issued
}

/// A payment (or refund) taken by mistake can be voided until the car is collected; after
/// that the job's money is closed and a credit note or a refund puts it right.
pub fn can_void(job: WorkOrderStatus) -> bool {
    job != WorkOrderStatus::Collected
}

/// A signed settlement can be reopened with the supervisor until the exit notice is out.
pub fn can_reopen(status: SettlementStatus, exit_notice_issued: bool) -> bool {
    status == SettlementStatus::Signed && !exit_notice_issued
}

/// Money is taken until the car is collected: before signing (a deposit) at any time,
/// after signing while something is still due.
pub fn can_take_payment(job: WorkOrderStatus, status: SettlementStatus, due_minor: i64) -> bool {
    job != WorkOrderStatus::Collected && (due_minor > 0 || status != SettlementStatus::Signed)
}

/// The exit notice needs the supervisor's override when the car would leave owing.
pub fn exit_needs_supervisor(exit_debt_minor: i64) -> bool {
    exit_debt_minor > 0
}

/// What the payment form starts with: what is due, when anything is.
pub fn amount_due(due_minor: i64) -> Option<i64> {
    (due_minor > 0).then_some(due_minor)
}

/// Money the shop holds beyond what the settlement still charges: what a refund returns.
pub fn overpaid(due_minor: i64) -> i64 {
    due_minor.saturating_neg().max(0)
}

/// The change to hand back on a cash payment of `amount` when `tendered` was handed over:
/// none for other methods, or when less was handed over than is paid.
pub fn cash_change(method: PaymentMethod, amount_minor: i64, tendered_minor: i64) -> Option<i64> {
    if method != PaymentMethod::Cash || tendered_minor < amount_minor {
        return None;
    }
    tendered_minor.checked_sub(amount_minor)
}

/// A credit note or a refund is for a positive amount; checked before the supervisor is
/// called, so a typo does not cost a PIN.
pub fn check_correction_amount(amount_minor: i64) -> Result<i64> {
    if amount_minor <= 0 {
        return Err(CoreError::invalid("amountMinor", Reason::PaymentAmount));
    }
    Ok(amount_minor)
}

/// What the receivables come to in all.
pub fn owed_total(rows: &[Receivable]) -> i64 {
    rows.iter()
        .fold(0_i64, |sum, r| sum.saturating_add(r.owed_minor))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{CustomerId, WorkOrderId};
    use SettlementStatus::*;
    use WorkOrderStatus::*;

    #[test]
    fn only_a_draft_is_edited_and_the_exit_notice_follows_the_signature_once() {
        assert!(editable(Draft));
        assert!(!editable(Signed));
        assert!(!editable(Reopened));
        assert!(can_issue_exit(Signed, false));
        assert!(!can_issue_exit(Signed, true), "one exit notice per job");
        assert!(
            !can_issue_exit(Draft, false),
            "not before the customer signed"
        );
    }

    #[test]
    fn payments_are_voided_only_until_the_car_is_collected() {
        assert!(can_void(Ready));
        assert!(!can_void(Collected), "after collection the money is closed");
    }

    #[test]
    fn a_settlement_is_reopened_only_when_signed_and_before_the_exit_notice() {
        assert!(can_reopen(Signed, false));
        assert!(
            !can_reopen(Signed, true),
            "the exit notice prints the signed figures"
        );
        assert!(!can_reopen(Draft, false), "a draft is edited, not reopened");
    }

    #[test]
    fn the_payment_form_takes_deposits_before_signing_and_what_is_due_after() {
        assert!(
            can_take_payment(Ready, Draft, 0),
            "a deposit before signing"
        );
        assert!(can_take_payment(Ready, Signed, 1));
        assert!(!can_take_payment(Ready, Signed, 0), "nothing left to pay");
        assert!(!can_take_payment(Collected, Draft, 500));
    }

    #[test]
    fn a_car_leaving_owing_needs_the_supervisor() {
        assert!(exit_needs_supervisor(1));
        assert!(!exit_needs_supervisor(0));
        assert!(!exit_needs_supervisor(-100));
    }

    #[test]
    fn the_form_starts_with_what_is_due_and_overpaid_is_the_other_side() {
        assert_eq!(amount_due(12_000), Some(12_000));
        assert_eq!(amount_due(0), None);
        assert_eq!(amount_due(-1_000), None);
        assert_eq!(overpaid(-1_000), 1_000);
        assert_eq!(overpaid(0), 0);
        assert_eq!(overpaid(500), 0);
        assert_eq!(overpaid(i64::MIN), i64::MAX, "never overflows");
    }

    #[test]
    fn cash_handed_over_gives_change_and_short_cash_gives_none() {
        assert_eq!(
            cash_change(PaymentMethod::Cash, 15_050, 20_000),
            Some(4_950)
        );
        assert_eq!(cash_change(PaymentMethod::Cash, 15_050, 15_050), Some(0));
        assert_eq!(cash_change(PaymentMethod::Cash, 15_050, 15_000), None);
        assert_eq!(cash_change(PaymentMethod::Card, 100, 200), None);
        assert_eq!(cash_change(PaymentMethod::Cash, i64::MIN, i64::MAX), None);
    }

    #[test]
    fn a_correction_is_for_a_positive_amount() {
        assert!(check_correction_amount(1).is_ok());
        for bad in [0, -1] {
            match check_correction_amount(bad) {
                Err(CoreError::Invalid(issues)) => {
                    assert_eq!(issues[0].field, "amountMinor", "shown under the amount")
                }
                other => panic!("{bad} refused as a field error, got {other:?}"),
            }
        }
    }

    #[test]
    fn the_receivables_add_up_what_each_job_owes() {
        let row = |owed| Receivable {
            customer_id: CustomerId(1),
            customer_name: String::new(),
            work_order_id: WorkOrderId(1),
            work_order_number: String::new(),
            settlement_number: String::new(),
            plate: String::new(),
            total_minor: 0,
            owed_minor: owed,
            on_account_minor: 0,
            since: chrono::NaiveDateTime::default(),
        };
        assert_eq!(owed_total(&[row(1_000), row(2_550)]), 3_550);
        assert_eq!(owed_total(&[]), 0);
    }
}
