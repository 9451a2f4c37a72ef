//! Money: integer minor units (fen, cents), never floats. Every amount the desk types is
//! bounded so that any sum of a job's lines stays far inside `i64`, and sums are checked
//! anyway: an overflow is an error, never a wrapped total on a signed form.
use crate::reason::Reason;

/// The largest single amount accepted: 100,000,000.00 in the shop's currency.
pub const MAX_AMOUNT_MINOR: i64 = 10_000_000_000;

/// The field code of an amount out of range, or `None` when it is fine.
pub fn amount_issue(minor: i64) -> Option<Reason> {
    if minor < 0 {
        Some(Reason::MoneyNegative)
    } else if minor > MAX_AMOUNT_MINOR {
        Some(Reason::MoneyTooLarge)
    } else {
        None
    }
}

/// The sum of `amounts`, `None` on overflow.
pub fn checked_sum(amounts: impl IntoIterator<Item = i64>) -> Option<i64> {
    amounts.into_iter().try_fold(0i64, i64::checked_add)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_above_the_bound_is_refused_by_name() {
        assert_eq!(amount_issue(MAX_AMOUNT_MINOR), None);
        assert_eq!(
            amount_issue(MAX_AMOUNT_MINOR + 1),
            Some(Reason::MoneyTooLarge)
        );
        assert_eq!(amount_issue(-1), Some(Reason::MoneyNegative));
    }

    #[test]
    fn a_sum_that_would_overflow_is_none_not_a_wrapped_total() {
        assert_eq!(checked_sum([i64::MAX, 1]), None);
        assert_eq!(checked_sum([48_000, 12_050]), Some(60_050));
    }
}
