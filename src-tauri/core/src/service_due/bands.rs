//! The due list's urgency bands, "reminded recently", and the lost customers' cut-off.
use chrono::{Datelike, Duration, Months, NaiveDate};

use crate::domain::care::DueBand;

/// The band of a service due on `due` seen on `today`, or `None` when it is not due
/// this month (nor within the next two weeks) yet.
pub fn band(due: NaiveDate, today: NaiveDate) -> Option<DueBand> {
    if due < today {
        let month_ago = today
            .checked_sub_months(Months::new(1))
            .unwrap_or(NaiveDate::MIN);
        return Some(if due < month_ago {
            DueBand::OverdueLong
        } else {
            DueBand::Overdue
        });
    }
    if due <= today + Duration::days(14) {
        return Some(DueBand::Soon);
    }
    (due.year() == today.year() && due.month() == today.month()).then_some(DueBand::ThisMonth)
}

/// Whether a reminder made on `last` still counts on `today`.
pub fn reminded_recently(last: Option<NaiveDate>, today: NaiveDate, within_days: u32) -> bool {
    last.is_some_and(|d| d <= today && (today - d).num_days() < i64::from(within_days))
}

/// A customer whose last visit is before this day is lost: `months` before today, on
/// the month's last day when today's day does not exist there (31 March → 28 February).
pub fn lost_cut_off(today: NaiveDate, months: u32) -> NaiveDate {
    today
        .checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}
