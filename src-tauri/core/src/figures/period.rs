//! The periods a report covers and when each report is due.
//!
//! **The shop's week runs Sunday to Saturday**, so the weekly form handed in at
//! Saturday's close (周报表周六下班前完成) covers its whole week. The same period last year
//! is the same days a year earlier, 29 February read as 28 February.
//!
//! **When a report is due** ([`reports_due`]): the daily report on every open day before
//! closing; the weekly on the week's last open day (Saturday, unless the shop is closed
//! then); the monthly on the month's last open day (月报表月末一天下班前完成). Open days are
//! the shop's working hours and days off (`BookingSettings`).
use chrono::{Datelike, Days, Months, NaiveDate};

use crate::booking::capacity::hours_of;
use crate::domain::figures::{Period, PeriodKind, ReportDue};
use crate::domain::shop::BookingSettings;

/// The longest chosen range: ten years and a leap day or three.
pub const MAX_RANGE_DAYS: i64 = 3_660;

fn day_before(d: NaiveDate) -> NaiveDate {
    d.pred_opt().unwrap_or(d)
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn last_of_month(d: NaiveDate) -> NaiveDate {
    first_of_month(d)
        .checked_add_months(Months::new(1))
        .map_or(d, day_before)
}

/// `d` a year earlier; 29 February becomes 28 February.
pub fn a_year_before(d: NaiveDate) -> NaiveDate {
    d.checked_sub_months(Months::new(12)).unwrap_or(d)
}

impl Period {
    pub fn day(d: NaiveDate) -> Self {
        Self {
            kind: PeriodKind::Day,
            from: d,
            to: d,
        }
    }

    /// The Sunday-to-Saturday week holding `d`.
    pub fn week_of(d: NaiveDate) -> Self {
        let back = u64::from(d.weekday().num_days_from_sunday());
        let from = d.checked_sub_days(Days::new(back)).unwrap_or(d);
        Self {
            kind: PeriodKind::Week,
            from,
            to: from.checked_add_days(Days::new(6)).unwrap_or(from),
        }
    }

    pub fn month_of(d: NaiveDate) -> Self {
        Self {
            kind: PeriodKind::Month,
            from: first_of_month(d),
            to: last_of_month(d),
        }
    }

    pub fn year_of(d: NaiveDate) -> Self {
        Self {
            kind: PeriodKind::Year,
            from: NaiveDate::from_ymd_opt(d.year(), 1, 1).unwrap_or(d),
            to: NaiveDate::from_ymd_opt(d.year(), 12, 31).unwrap_or(d),
        }
    }

    /// A chosen range; `None` when it runs backwards or is longer than [`MAX_RANGE_DAYS`].
    pub fn range(from: NaiveDate, to: NaiveDate) -> Option<Self> {
        let days = (to - from).num_days();
        (0..MAX_RANGE_DAYS).contains(&days).then_some(Self {
            kind: PeriodKind::Range,
            from,
            to,
        })
    }

    /// The number of days covered.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// Each day of the period, oldest first.
    pub fn each_day(&self) -> impl Iterator<Item = NaiveDate> {
        let to = self.to;
        self.from.iter_days().take_while(move |d| *d <= to)
    }

    /// The period just before: the day, week, month or year before; a range of the same
    /// length ending the day before this one starts.
    pub fn previous(&self) -> Self {
        let before = day_before(self.from);
        match self.kind {
            PeriodKind::Day => Self::day(before),
            PeriodKind::Week => Self::week_of(before),
            PeriodKind::Month => Self::month_of(before),
            PeriodKind::Year => Self::year_of(before),
            PeriodKind::Range => {
                let from = before
                    .checked_sub_days(Days::new((self.days() - 1).max(0) as u64))
                    .unwrap_or(before);
                Self {
                    kind: PeriodKind::Range,
                    from,
                    to: before,
                }
            }
        }
    }

    /// The same period a year earlier (29 February → 28 February); the week is the
    /// Sunday-to-Saturday week holding the day a year before this one's Sunday.
    pub fn same_last_year(&self) -> Self {
        match self.kind {
            PeriodKind::Day => Self::day(a_year_before(self.from)),
            PeriodKind::Week => Self::week_of(a_year_before(self.from)),
            PeriodKind::Month => Self::month_of(a_year_before(self.from)),
            PeriodKind::Year => Self::year_of(a_year_before(self.from)),
            PeriodKind::Range => Self {
                kind: PeriodKind::Range,
                from: a_year_before(self.from),
                to: a_year_before(self.to),
            },
        }
    }
}

fn is_open(d: NaiveDate, settings: &BookingSettings) -> bool {
    hours_of(d, settings).is_some()
}

/// The last open day from `to` back to `from`, if any.
fn last_open(from: NaiveDate, to: NaiveDate, settings: &BookingSettings) -> Option<NaiveDate> {
    let mut d = to;
    while d >= from {
        if is_open(d, settings) {
            return Some(d);
        }
        d = d.pred_opt()?;
    }
    None
}

/// The reports to hand in before closing on `d` (none on a closed day).
pub fn reports_due(d: NaiveDate, settings: &BookingSettings) -> Vec<ReportDue> {
    if !is_open(d, settings) {
        return Vec::new();
    }
    let mut due = vec![ReportDue::Daily];
    let week = Period::week_of(d);
    if last_open(week.from, week.to, settings) == Some(d) {
        due.push(ReportDue::Weekly);
    }
    let month = Period::month_of(d);
    if last_open(month.from, month.to, settings) == Some(d) {
        due.push(ReportDue::Monthly);
    }
    due
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("a date"))
    }

    #[test]
    fn the_week_runs_sunday_to_saturday_so_saturdays_form_covers_it_whole() {
        // 8 December 2026 is a Tuesday.
        let w = Period::week_of(day(2026, 12, 8));
        assert_eq!((w.from, w.to), (day(2026, 12, 6), day(2026, 12, 12)));
        assert_eq!(w.from.weekday(), chrono::Weekday::Sun);
        assert_eq!(
            Period::week_of(day(2026, 12, 12)),
            w,
            "Saturday is in its week"
        );
        assert_eq!(Period::week_of(day(2026, 12, 6)), w, "so is Sunday");
        assert_eq!(w.previous().to, day(2026, 12, 5));
    }

    #[test]
    fn months_and_years_and_their_neighbours() {
        let m = Period::month_of(day(2028, 2, 10));
        assert_eq!((m.from, m.to), (day(2028, 2, 1), day(2028, 2, 29)));
        assert_eq!(m.previous(), Period::month_of(day(2028, 1, 31)));
        let jan = Period::month_of(day(2027, 1, 5)).previous();
        assert_eq!((jan.from, jan.to), (day(2026, 12, 1), day(2026, 12, 31)));
        let y = Period::year_of(day(2026, 6, 1));
        assert_eq!((y.from, y.to), (day(2026, 1, 1), day(2026, 12, 31)));
        assert_eq!(y.previous().from, day(2025, 1, 1));
        assert_eq!(y.days(), 365);
    }

    #[test]
    fn a_leap_day_last_year_is_the_28th_of_february() {
        assert_eq!(
            Period::day(day(2028, 2, 29)).same_last_year(),
            Period::day(day(2027, 2, 28))
        );
        let m = Period::month_of(day(2028, 2, 1)).same_last_year();
        assert_eq!((m.from, m.to), (day(2027, 2, 1), day(2027, 2, 28)));
        let r =
            Period::range(day(2028, 2, 20), day(2028, 2, 29)).unwrap_or_else(|| panic!("a range"));
        let last = r.same_last_year();
        assert_eq!((last.from, last.to), (day(2027, 2, 20), day(2027, 2, 28)));
        assert_eq!(Period::week_of(day(2026, 12, 8)).same_last_year().days(), 7);
    }

    #[test]
    fn a_range_runs_forwards_and_its_previous_is_as_long() {
        assert!(Period::range(day(2026, 3, 2), day(2026, 3, 1)).is_none());
        let r =
            Period::range(day(2026, 3, 1), day(2026, 3, 10)).unwrap_or_else(|| panic!("a range"));
        let p = r.previous();
        assert_eq!((p.from, p.to), (day(2026, 2, 19), day(2026, 2, 28)));
        assert_eq!(r.each_day().count(), 10);
    }

    #[test]
    fn daily_every_open_day_weekly_on_saturday_monthly_on_the_last_working_day() {
        let shop = BookingSettings::default(); // Monday to Saturday, Sunday closed.
        assert_eq!(reports_due(day(2026, 12, 8), &shop), [ReportDue::Daily]);
        assert_eq!(
            reports_due(day(2026, 12, 12), &shop),
            [ReportDue::Daily, ReportDue::Weekly]
        );
        assert!(
            reports_due(day(2026, 12, 13), &shop).is_empty(),
            "closed Sunday"
        );
        // May 2026 ends on a Sunday: the monthly report is due on Saturday the 30th.
        assert_eq!(
            reports_due(day(2026, 5, 30), &shop),
            [ReportDue::Daily, ReportDue::Weekly, ReportDue::Monthly]
        );
        assert_eq!(reports_due(day(2026, 12, 31), &shop).len(), 2, "a Thursday");
        let mut off = shop.clone();
        off.days_off.push(day(2026, 12, 12));
        assert_eq!(
            reports_due(day(2026, 12, 11), &off),
            [ReportDue::Daily, ReportDue::Weekly],
            "a Saturday off moves the weekly report to Friday"
        );
    }
}
