//! The quality guarantee of a settled line as concrete limits: "until 2027-03-10 or
//! 63,234 km, whichever comes first", counted from the day the car leaves and the
//! odometer then. Days are calendar days (chrono), so month ends and 29 February fall
//! where a calendar puts them.
use chrono::{Days, NaiveDate};

pub use crate::domain::settlement::GuaranteeLimit;
use crate::pricing::{Guarantee, GuaranteeClass};

/// The limits of `guarantee` for a car leaving on `exit` with `odometer` on the clock;
/// `None` when the line carries no guarantee.
pub fn guarantee_limit(
    guarantee: &Guarantee,
    exit: NaiveDate,
    odometer: i64,
) -> Option<GuaranteeLimit> {
    if guarantee.class == GuaranteeClass::None || (guarantee.days == 0 && guarantee.km == 0) {
        return None;
    }
    Some(GuaranteeLimit {
        class: guarantee.class,
        until: exit.checked_add_days(Days::new(u64::from(guarantee.days)))?,
        until_km: odometer.checked_add(i64::from(guarantee.km))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn days(n: u32) -> Guarantee {
        Guarantee {
            class: GuaranteeClass::SecondLevel,
            km: 5_000,
            days: n,
        }
    }

    #[test]
    fn thirty_days_from_the_last_of_january_lands_in_march() {
        let g = days(30);
        let limit = guarantee_limit(&g, day(2027, 1, 31), 58_234);
        assert_eq!(limit.map(|l| l.until), Some(day(2027, 3, 2)));
        assert_eq!(limit.map(|l| l.until_km), Some(63_234));
        // 2028 is a leap year: February has 29 days.
        let limit = guarantee_limit(&g, day(2028, 1, 31), 0);
        assert_eq!(limit.map(|l| l.until), Some(day(2028, 3, 1)));
    }

    #[test]
    fn a_guarantee_from_a_leap_day_counts_calendar_days() {
        let limit = guarantee_limit(&days(100), day(2028, 2, 29), 0);
        assert_eq!(limit.map(|l| l.until), Some(day(2028, 6, 8)));
        let limit = guarantee_limit(&days(10), day(2027, 12, 22), 0);
        assert_eq!(limit.map(|l| l.until), Some(day(2028, 1, 1)));
        let limit = guarantee_limit(&days(365), day(2028, 2, 29), 0);
        assert_eq!(limit.map(|l| l.until), Some(day(2029, 2, 28)));
    }

    #[test]
    fn a_line_without_guarantee_has_no_limits() {
        let none = Guarantee {
            class: GuaranteeClass::None,
            km: 0,
            days: 0,
        };
        assert_eq!(guarantee_limit(&none, day(2027, 1, 1), 10), None);
    }
}
