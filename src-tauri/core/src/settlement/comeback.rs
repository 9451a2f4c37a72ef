//! A comeback (返修): a job the car came back for after an earlier one. It is within the
//! earlier job's guarantee when one of that job's guaranteed lines still covers the
//! comeback's intake day and odometer — the limits printed on its signed settlement,
//! counted from its exit day and odometer out, whichever comes first. Pure.
use chrono::NaiveDate;

pub use crate::domain::complaint::GuaranteeStanding;
use crate::domain::settlement::GuaranteeLimit;

/// The comeback's standing against `limits` (the earlier job's, one per guaranteed
/// line), and the limit it was judged by: the one still covering, else the widest.
pub fn judge(
    limits: &[GuaranteeLimit],
    intake: NaiveDate,
    odometer: Option<i64>,
) -> (GuaranteeStanding, Option<GuaranteeLimit>) {
    let widest = limits.iter().copied().max_by_key(|l| (l.until, l.until_km));
    let Some(widest) = widest else {
        return (GuaranteeStanding::NoGuarantee, None);
    };
    let by_days: Vec<&GuaranteeLimit> = limits.iter().filter(|l| intake <= l.until).collect();
    if by_days.is_empty() {
        return (GuaranteeStanding::OutsideDays, Some(widest));
    }
    let Some(km) = odometer else {
        return (
            GuaranteeStanding::Unknown,
            by_days.into_iter().copied().max_by_key(|l| l.until_km),
        );
    };
    match by_days
        .iter()
        .copied()
        .filter(|l| km <= l.until_km)
        .max_by_key(|l| (l.until, l.until_km))
    {
        Some(covering) => (GuaranteeStanding::Within, Some(*covering)),
        None => (
            GuaranteeStanding::OutsideKm,
            by_days.into_iter().copied().max_by_key(|l| l.until_km),
        ),
    }
}

/// What the shop does not charge on a comeback: its lines at the shop's price less what
/// its settlement charges; never below nothing.
pub fn cost_to_shop(lines_at_shop_price: i64, charged: i64) -> i64 {
    lines_at_shop_price.saturating_sub(charged).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::{Guarantee, GuaranteeClass};
    use crate::settlement::guarantee_limit;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default()
    }

    /// A first-level line (2,000 km or 10 days) settled on 1 March at 50,000 km.
    fn first_level() -> Vec<GuaranteeLimit> {
        let g = Guarantee {
            class: GuaranteeClass::FirstLevel,
            km: 2_000,
            days: 10,
        };
        guarantee_limit(&g, day(3, 1), 50_000).into_iter().collect()
    }

    #[test]
    fn a_comeback_on_the_last_covered_day_and_km_is_within_and_one_past_either_is_not() {
        let limits = first_level();
        assert_eq!(
            judge(&limits, day(3, 11), Some(52_000)).0,
            GuaranteeStanding::Within
        );
        assert_eq!(
            judge(&limits, day(3, 12), Some(50_100)).0,
            GuaranteeStanding::OutsideDays
        );
        assert_eq!(
            judge(&limits, day(3, 5), Some(52_001)).0,
            GuaranteeStanding::OutsideKm
        );
    }

    #[test]
    fn the_widest_line_still_covering_decides() {
        let mut limits = first_level();
        let overhaul = Guarantee {
            class: GuaranteeClass::Overhaul,
            km: 20_000,
            days: 100,
        };
        limits.extend(guarantee_limit(&overhaul, day(3, 1), 50_000));
        let (standing, limit) = judge(&limits, day(4, 20), Some(60_000));
        assert_eq!(standing, GuaranteeStanding::Within);
        assert_eq!(limit.map(|l| l.class), Some(GuaranteeClass::Overhaul));
    }

    #[test]
    fn without_a_guarantee_or_an_odometer_the_answer_says_so() {
        assert_eq!(
            judge(&[], day(3, 2), Some(1)).0,
            GuaranteeStanding::NoGuarantee
        );
        assert_eq!(
            judge(&first_level(), day(3, 2), None).0,
            GuaranteeStanding::Unknown
        );
        assert_eq!(
            judge(&first_level(), day(5, 2), None).0,
            GuaranteeStanding::OutsideDays,
            "the days alone already decide"
        );
    }

    #[test]
    fn the_cost_is_what_is_not_charged() {
        assert_eq!(cost_to_shop(48_000, 0), 48_000);
        assert_eq!(cost_to_shop(48_000, 50_000), 0);
    }
}
