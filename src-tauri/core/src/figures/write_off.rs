//! Writing off a bad debt (坏账): the supervisor's checks before what a signed settlement
//! still owes is no longer owed.
use crate::domain::figures::WriteOffInput;
use crate::error::FieldIssue;
use crate::reason::Reason;

/// The longest reason kept.
pub const MAX_REASON_CHARS: usize = 500;

/// Every error in the form at once: a reason, an amount above zero and no more than
/// `owed` (what the settlement still owes now).
pub fn check_write_off(input: &WriteOffInput, owed: i64) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    let reason = input.reason.trim();
    if reason.is_empty() {
        issues.push(FieldIssue::new("reason", Reason::WriteOffReasonRequired));
    } else if reason.chars().count() > MAX_REASON_CHARS {
        issues.push(FieldIssue::new("reason", Reason::TextTooLong));
    }
    if input.amount_minor <= 0 {
        issues.push(FieldIssue::new("amountMinor", Reason::WriteOffAmount));
    } else if input.amount_minor > owed {
        issues.push(FieldIssue::new("amountMinor", Reason::WriteOffAboveOwed));
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::WorkOrderId;

    fn input(amount_minor: i64, reason: &str) -> WriteOffInput {
        WriteOffInput {
            work_order_id: WorkOrderId(1),
            amount_minor,
            reason: reason.into(),
        }
    }

    #[test]
    fn no_more_than_is_owed_and_never_without_a_reason() {
        assert!(check_write_off(&input(5_000, "客户失联 customer gone"), 5_000).is_empty());
        let above = check_write_off(&input(5_001, "gone"), 5_000);
        assert_eq!(above.len(), 1);
        assert_eq!(above[0].code, Reason::WriteOffAboveOwed);
        let both = check_write_off(&input(0, "  "), 5_000);
        let codes: Vec<_> = both.iter().map(|i| i.code).collect();
        assert_eq!(
            codes,
            [Reason::WriteOffReasonRequired, Reason::WriteOffAmount],
            "both errors at once, each next to its field"
        );
    }
}
