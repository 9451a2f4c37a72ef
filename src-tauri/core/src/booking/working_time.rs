//! Working time: the minutes the shop works between two moments, and the moment a number
//! of working minutes after another is reached. Only the shop's working hours count —
//! evenings, closed weekdays and days off do not — so a job handed over at 16:00 with 3 h
//! planned on an 08:00–18:00 day is due at 09:00 the next working day. Pure, no clock.
use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use super::capacity::hours_of;
use super::BookingSettings;

/// The furthest a walk over the calendar goes: a shop closed for longer (every weekday
/// closed, or more days off than the settings allow) has no working time to find.
const MAX_DAYS: u64 = 800;

/// The open hours of `date` as moments, `None` when the shop is closed.
fn open_span(
    date: NaiveDate,
    settings: &BookingSettings,
) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let span = hours_of(date, settings)?;
    let midnight = date.and_time(NaiveTime::MIN);
    Some((
        midnight + TimeDelta::minutes(i64::from(span.from_minute)),
        midnight + TimeDelta::minutes(i64::from(span.to_minute)),
    ))
}

/// The whole working minutes in `from..to` (0 when `to` is not after `from`).
pub fn working_minutes_between(
    from: NaiveDateTime,
    to: NaiveDateTime,
    settings: &BookingSettings,
) -> u32 {
    if to <= from {
        return 0;
    }
    let mut seconds: i64 = 0;
    let mut day = from.date();
    for _ in 0..MAX_DAYS {
        if day > to.date() {
            break;
        }
        if let Some((open, close)) = open_span(day, settings) {
            let (a, b) = (open.max(from), close.min(to));
            if b > a {
                seconds += (b - a).num_seconds();
            }
        }
        match day.checked_add_days(Days::new(1)) {
            Some(next) => day = next,
            None => break,
        }
    }
    u32::try_from(seconds / 60).unwrap_or(u32::MAX)
}

/// The moment `minutes` working minutes after `from` are done: a stretch that ends
/// exactly at closing time ends then, not at the next opening. `None` when the shop never
/// opens again within the walk.
pub fn after_working_minutes(
    from: NaiveDateTime,
    minutes: u32,
    settings: &BookingSettings,
) -> Option<NaiveDateTime> {
    let mut left = i64::from(minutes) * 60;
    if left == 0 {
        return Some(from);
    }
    let mut day = from.date();
    for _ in 0..MAX_DAYS {
        if let Some((open, close)) = open_span(day, settings) {
            let start = open.max(from);
            if close > start {
                let here = (close - start).num_seconds();
                if here >= left {
                    return Some(start + TimeDelta::seconds(left));
                }
                left -= here;
            }
        }
        day = day.checked_add_days(Days::new(1))?;
    }
    None
}

/// The closing moment of the first working day after `now`'s date: how far ahead the
/// promises of "today and the next working day" reach.
pub fn next_working_day_end(now: NaiveDateTime, settings: &BookingSettings) -> NaiveDateTime {
    let mut day = now.date();
    for _ in 0..MAX_DAYS {
        let Some(next) = day.checked_add_days(Days::new(1)) else {
            break;
        };
        day = next;
        if let Some((_, close)) = open_span(day, settings) {
            return close;
        }
    }
    now.date().and_time(NaiveTime::MIN) + TimeDelta::days(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::booking::MinuteSpan;

    /// 08:00–18:00 Monday to Friday; 7 December 2026 is a Monday.
    fn shop() -> BookingSettings {
        let day = Some(MinuteSpan::new(8 * 60, 18 * 60));
        BookingSettings {
            working_hours: vec![day, day, day, day, day, None, None],
            ..BookingSettings::default()
        }
    }

    fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, d)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .unwrap_or_default()
    }

    #[test]
    fn work_handed_over_late_in_the_day_goes_on_the_next_morning() {
        let s = shop();
        assert_eq!(
            after_working_minutes(at(7, 16, 0), 180, &s),
            Some(at(8, 9, 0))
        );
        assert_eq!(
            after_working_minutes(at(7, 16, 0), 300, &s),
            Some(at(8, 11, 0))
        );
        assert_eq!(
            after_working_minutes(at(7, 16, 0), 120, &s),
            Some(at(7, 18, 0)),
            "work that fills the day ends at closing time"
        );
        assert_eq!(working_minutes_between(at(7, 16, 0), at(8, 9, 0), &s), 180);
    }

    #[test]
    fn a_weekend_and_a_day_off_do_not_count() {
        let mut s = shop();
        s.days_off.push(at(14, 0, 0).date());
        // Friday 17:00 + 2 h: an hour on Friday, Monday the 14th is off, Tuesday 09:00.
        assert_eq!(
            after_working_minutes(at(11, 17, 0), 120, &s),
            Some(at(15, 9, 0))
        );
        assert_eq!(
            working_minutes_between(at(11, 17, 0), at(15, 9, 0), &s),
            120
        );
        assert_eq!(next_working_day_end(at(11, 10, 0), &s), at(15, 18, 0));
        assert_eq!(
            working_minutes_between(at(12, 9, 0), at(12, 17, 0), &s),
            0,
            "Saturday is closed"
        );
    }

    #[test]
    fn a_shop_that_never_opens_has_no_working_time() {
        let s = BookingSettings {
            working_hours: vec![None; 7],
            ..BookingSettings::default()
        };
        assert_eq!(after_working_minutes(at(7, 9, 0), 60, &s), None);
        assert_eq!(working_minutes_between(at(7, 9, 0), at(9, 9, 0), &s), 0);
    }
}
