//! The day's load (当日内通知车间主管，以利到时留出工位): hours booked against the hours the
//! shop has — its working bays (no more than it has technicians to man them) times the
//! day's working hours, nothing on a day off — and the warning when a booking overfills
//! the day. A booking longer than what is left of its first day carries on into the
//! next open days (`minutes_by_day`): a two-day job holds its crew on both days. One bay
//! takes one car at a time (`bay_taken`).
use chrono::{Datelike, Days, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

use super::{BookingSettings, MinuteSpan};
use crate::error::FieldIssue;
use crate::reason::Reason;

/// The working hours of `date`, `None` when the shop is closed (a closed weekday or a
/// day off).
pub fn hours_of(date: NaiveDate, settings: &BookingSettings) -> Option<MinuteSpan> {
    if settings.days_off.contains(&date) {
        return None;
    }
    let weekday = date.weekday().num_days_from_monday() as usize;
    settings.working_hours.get(weekday).copied().flatten()
}

/// The minutes of work the shop can take on `date`.
pub fn available_minutes(date: NaiveDate, settings: &BookingSettings) -> u32 {
    let crews = settings.bays.min(settings.technicians);
    hours_of(date, settings).map_or(0, |span| crews.saturating_mul(span.minutes()))
}

/// One day's load as the booking board shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DayLoad {
    pub date: NaiveDate,
    pub open: bool,
    pub available_minutes: u32,
    pub booked_minutes: u32,
    /// More booked than the shop can do that day.
    pub overfilled: bool,
}

/// How far back a booking can start and still hold a crew on a day: the days the board
/// and the capacity check look back over. Minutes that would fall later are counted on
/// the last day looked at, so none is lost.
pub const SPREAD_DAYS: u32 = 31;

/// How a booking's minutes fall on the working days: its first day from its time (or the
/// opening, if earlier) to the close, then each open day whole, until all are placed.
/// Closed days hold none. Only days with minutes are listed, in order.
pub fn minutes_by_day(
    starts_at: NaiveDateTime,
    minutes: u32,
    settings: &BookingSettings,
) -> Vec<(NaiveDate, u32)> {
    let mut left = minutes;
    let mut out = Vec::new();
    let start_minute = starts_at.hour() * 60 + starts_at.minute();
    let crews_day = |date: NaiveDate, first: bool| {
        hours_of(date, settings).map_or(0, |span| {
            let from = if first {
                span.from_minute.max(start_minute)
            } else {
                span.from_minute
            };
            span.to_minute.saturating_sub(from)
        })
    };
    for (i, date) in starts_at
        .date()
        .iter_days()
        .take(SPREAD_DAYS as usize)
        .enumerate()
    {
        if left == 0 {
            break;
        }
        let last = i + 1 == SPREAD_DAYS as usize;
        let take = if last {
            left
        } else {
            left.min(crews_day(date, i == 0))
        };
        if take > 0 {
            out.push((date, take));
            left -= take;
        }
    }
    out
}

/// The minutes that the bookings `(start, minutes)` put on `date`.
pub fn booked_on(
    date: NaiveDate,
    bookings: &[(NaiveDateTime, u32)],
    settings: &BookingSettings,
) -> u32 {
    bookings
        .iter()
        .filter(|(start, _)| start.date() <= date)
        .flat_map(|(start, minutes)| minutes_by_day(*start, *minutes, settings))
        .filter(|(d, _)| *d == date)
        .map(|(_, m)| m)
        .sum()
}

/// The load of `date` with `booked` minutes on it.
pub fn day_load(date: NaiveDate, booked: u32, settings: &BookingSettings) -> DayLoad {
    let available = available_minutes(date, settings);
    DayLoad {
        date,
        open: hours_of(date, settings).is_some(),
        available_minutes: available,
        booked_minutes: booked,
        overfilled: booked > available,
    }
}

/// Would adding `adding` minutes to a day already holding `booked` overfill it? Only a
/// booking that makes the day overfull warns, and so does one on a day already over.
pub fn overfills(booked: u32, adding: u32, date: NaiveDate, settings: &BookingSettings) -> bool {
    booked.saturating_add(adding) > available_minutes(date, settings)
}

/// When a booking lets its bay go: the end of its last minute of work as `minutes_by_day`
/// lays them out. It holds the bay from its start until then, nights and closed days
/// between included: a car left on the lift overnight still fills the bay.
pub fn held_until(
    starts_at: NaiveDateTime,
    minutes: u32,
    settings: &BookingSettings,
) -> NaiveDateTime {
    let Some((date, share)) = minutes_by_day(starts_at, minutes, settings).pop() else {
        return starts_at;
    };
    let opens = hours_of(date, settings).map_or(0, |span| span.from_minute);
    let opening = date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(opens));
    let from = if date == starts_at.date() {
        opening.max(starts_at)
    } else {
        opening
    };
    from + Duration::minutes(i64::from(share))
}

/// Another booking in the same bay at the same time, as the booking form warns of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BayTaken {
    pub number: String,
    pub starts_at: NaiveDateTime,
    /// When it lets the bay go.
    pub until: NaiveDateTime,
}

/// The first of `others` (the bay's open bookings: number, start, minutes) holding the bay
/// while a booking at `starts_at` for `minutes` would: their times in the bay overlap.
pub fn bay_taken(
    others: &[(String, NaiveDateTime, u32)],
    starts_at: NaiveDateTime,
    minutes: u32,
    settings: &BookingSettings,
) -> Option<BayTaken> {
    let until = held_until(starts_at, minutes, settings);
    others.iter().find_map(|(number, start, length)| {
        let other_until = held_until(*start, *length, settings);
        (*start < until && starts_at < other_until).then(|| BayTaken {
            number: number.clone(),
            starts_at: *start,
            until: other_until,
        })
    })
}

/// The most days off the shop keeps.
pub const MAX_DAYS_OFF: usize = 400;
/// The most calling-hours windows in a day.
pub const MAX_CALLING_WINDOWS: usize = 6;
/// How far back a day off may lie (last year's stay, for the register) and how far ahead.
pub const DAYS_OFF_BACK: u64 = 366;
const DAYS_OFF_AHEAD: u64 = 3 * 366;

/// Every problem with the capacity and calling-hours settings, as sent by the window (or
/// anything else): each size bounded, each span inside the day with its end after its
/// start, at least one working weekday, the days off near `today`.
pub fn check_booking_settings(settings: &BookingSettings, today: NaiveDate) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if !(1..=50).contains(&settings.bays) {
        issues.push(FieldIssue::new("bays", Reason::BookingBays));
    }
    if !(1..=200).contains(&settings.technicians) {
        issues.push(FieldIssue::new("technicians", Reason::BookingTechnicians));
    }
    // A list of the wrong size is one error, never one per element sent.
    if settings.working_hours.len() != 7 {
        issues.push(FieldIssue::new("workingHours", Reason::BookingHours));
    }
    for (i, span) in settings.working_hours.iter().take(7).enumerate() {
        if span.is_some_and(|s| !valid_span(&s)) {
            issues.push(FieldIssue::new(
                format!("workingHours.{i}"),
                Reason::BookingHours,
            ));
        }
    }
    if settings.working_hours.len() == 7 && settings.working_hours.iter().all(Option::is_none) {
        issues.push(FieldIssue::new("workingHours", Reason::BookingNoOpenDay));
    }
    if settings.days_off.len() > MAX_DAYS_OFF {
        issues.push(FieldIssue::new("daysOff", Reason::BookingDaysOff));
    } else {
        let earliest = today.checked_sub_days(Days::new(DAYS_OFF_BACK));
        let latest = today.checked_add_days(Days::new(DAYS_OFF_AHEAD));
        for (i, day) in settings.days_off.iter().enumerate() {
            if earliest.is_none_or(|e| *day < e) || latest.is_none_or(|l| *day > l) {
                issues.push(FieldIssue::new(
                    format!("daysOff.{i}"),
                    Reason::BookingDayOffRange,
                ));
            }
        }
    }
    if settings.calling_hours.is_empty() || settings.calling_hours.len() > MAX_CALLING_WINDOWS {
        issues.push(FieldIssue::new("callingHours", Reason::BookingCallingHours));
    }
    let mut last_end = 0;
    for (i, span) in settings
        .calling_hours
        .iter()
        .take(MAX_CALLING_WINDOWS)
        .enumerate()
    {
        if !valid_span(span) || span.from_minute < last_end {
            issues.push(FieldIssue::new(
                format!("callingHours.{i}"),
                Reason::BookingCallingHours,
            ));
        }
        last_end = span.to_minute;
    }
    issues
}

fn valid_span(span: &MinuteSpan) -> bool {
    span.from_minute < span.to_minute && span.to_minute <= 24 * 60
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap_or_default()
    }

    #[test]
    fn a_day_holds_its_crews_times_its_working_hours_and_a_day_off_nothing() {
        let mut settings = BookingSettings {
            bays: 3,
            technicians: 2,
            ..BookingSettings::default()
        };
        // 2 March 2026 is a Monday: 08:30–17:30 is 9 hours, two technicians for 3 bays.
        assert_eq!(available_minutes(day(2), &settings), 2 * 9 * 60);
        assert_eq!(
            available_minutes(day(8), &settings),
            0,
            "Sundays are closed"
        );
        settings.days_off.push(day(3));
        assert_eq!(available_minutes(day(3), &settings), 0);
        assert!(!day_load(day(3), 0, &settings).open);
    }

    #[test]
    fn a_booking_that_overfills_the_day_warns_and_one_that_just_fills_it_does_not() {
        let settings = BookingSettings {
            bays: 1,
            technicians: 1,
            ..BookingSettings::default()
        };
        let full = 9 * 60;
        assert!(!overfills(full - 60, 60, day(2), &settings));
        assert!(overfills(full - 60, 61, day(2), &settings));
        assert!(day_load(day(2), full + 1, &settings).overfilled);
        assert!(
            overfills(0, 1, day(8), &settings),
            "nothing fits on a closed day"
        );
    }

    fn at(d: u32, hour: u32, minute: u32) -> NaiveDateTime {
        day(d).and_hms_opt(hour, minute, 0).unwrap_or_default()
    }

    #[test]
    fn a_booking_longer_than_its_first_day_carries_on_into_the_next_open_days() {
        let mut settings = BookingSettings::default();
        // Monday 2 March from 14:30: 3 h left of the 08:30–17:30 day, 9 h on Tuesday.
        assert_eq!(
            minutes_by_day(at(2, 14, 30), 15 * 60, &settings),
            [(day(2), 180), (day(3), 540), (day(4), 180)]
        );
        // A day off on Tuesday holds nothing; Wednesday takes it.
        settings.days_off.push(day(3));
        assert_eq!(
            minutes_by_day(at(2, 14, 30), 5 * 60, &settings),
            [(day(2), 180), (day(4), 120)]
        );
        // A short booking stays on its day, whole.
        assert_eq!(minutes_by_day(at(2, 9, 0), 60, &settings), [(day(2), 60)]);
        // Saturday 7 March 16:00 (08:30–17:30) to Monday 9 March over the closed Sunday.
        assert_eq!(
            minutes_by_day(at(7, 16, 0), 180, &BookingSettings::default()),
            [(day(7), 90), (day(9), 90)]
        );
    }

    #[test]
    fn a_day_counts_what_earlier_bookings_carry_into_it() {
        let settings = BookingSettings::default();
        let bookings = [
            (at(2, 14, 30), 15 * 60),
            (at(3, 9, 0), 60),
            (at(4, 9, 0), 30),
        ];
        assert_eq!(booked_on(day(2), &bookings, &settings), 180);
        assert_eq!(booked_on(day(3), &bookings, &settings), 540 + 60);
        assert_eq!(booked_on(day(4), &bookings, &settings), 180 + 30);
        assert_eq!(booked_on(day(5), &bookings, &settings), 0);
    }

    #[test]
    fn no_minute_is_lost_when_the_shop_is_closed_for_a_month() {
        let settings = BookingSettings {
            days_off: day(3).iter_days().take(40).collect(),
            ..BookingSettings::default()
        };
        let spread = minutes_by_day(at(2, 17, 0), 600, &settings);
        assert_eq!(spread.iter().map(|(_, m)| m).sum::<u32>(), 600);
        assert_eq!(spread[0], (day(2), 30));
    }

    #[test]
    fn the_default_settings_are_valid_and_overlapping_calling_hours_are_not() {
        assert!(check_booking_settings(&BookingSettings::default(), day(2)).is_empty());
        let settings = BookingSettings {
            calling_hours: vec![MinuteSpan::new(600, 700), MinuteSpan::new(650, 800)],
            working_hours: vec![None; 6],
            bays: 0,
            ..BookingSettings::default()
        };
        let fields: Vec<_> = check_booking_settings(&settings, day(2))
            .into_iter()
            .map(|i| i.field)
            .collect();
        assert_eq!(fields, ["bays", "workingHours", "callingHours.1"]);
    }

    fn issues_of(settings: &BookingSettings) -> Vec<(String, Reason)> {
        check_booking_settings(settings, day(2))
            .into_iter()
            .map(|i| (i.field, i.code))
            .collect()
    }

    #[test]
    fn a_window_ends_after_it_starts_and_inside_the_day() {
        let mut settings = BookingSettings::default();
        settings.working_hours[1] = Some(MinuteSpan::new(17 * 60, 9 * 60));
        settings.working_hours[2] = Some(MinuteSpan::new(9 * 60, 9 * 60));
        settings.calling_hours = vec![MinuteSpan::new(23 * 60, 25 * 60)];
        assert_eq!(
            issues_of(&settings),
            [
                ("workingHours.1".to_string(), Reason::BookingHours),
                ("workingHours.2".to_string(), Reason::BookingHours),
                ("callingHours.0".to_string(), Reason::BookingCallingHours),
            ]
        );
    }

    #[test]
    fn a_hostile_page_cannot_send_sizes_out_of_bounds() {
        let settings = BookingSettings {
            bays: u32::MAX,
            technicians: 0,
            working_hours: vec![None; 8],
            days_off: vec![day(2); MAX_DAYS_OFF + 1],
            calling_hours: vec![MinuteSpan::new(0, 1); MAX_CALLING_WINDOWS + 1],
        };
        let fields: Vec<_> = issues_of(&settings).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            &fields[..5],
            [
                "bays",
                "technicians",
                "workingHours",
                "daysOff",
                "callingHours"
            ]
        );
    }

    #[test]
    fn a_week_with_no_working_day_is_refused() {
        let settings = BookingSettings {
            working_hours: vec![None; 7],
            ..BookingSettings::default()
        };
        assert_eq!(
            issues_of(&settings),
            [("workingHours".to_string(), Reason::BookingNoOpenDay)]
        );
    }

    #[test]
    fn a_day_off_lies_within_a_year_back_and_three_years_ahead() {
        let today = day(2);
        let far_past = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap_or_default();
        let last_year = NaiveDate::from_ymd_opt(2025, 3, 2).unwrap_or_default();
        let far_ahead = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap_or_default();
        let settings = BookingSettings {
            days_off: vec![far_past, last_year, today, far_ahead],
            ..BookingSettings::default()
        };
        assert_eq!(
            issues_of(&settings),
            [
                ("daysOff.0".to_string(), Reason::BookingDayOffRange),
                ("daysOff.3".to_string(), Reason::BookingDayOffRange),
            ]
        );
    }

    #[test]
    fn a_bay_holds_one_car_at_a_time_and_a_long_job_keeps_it_overnight() {
        let settings = BookingSettings::default();
        let others = [
            ("APPT-1".to_string(), at(2, 9, 0), 120),
            // Monday 14:30 for 15 h: 3 h Monday, 9 h Tuesday, 3 h Wednesday to 11:30.
            ("APPT-2".to_string(), at(2, 14, 30), 15 * 60),
        ];
        assert_eq!(held_until(at(2, 14, 30), 15 * 60, &settings), at(4, 11, 30));
        let taken = |start, minutes| bay_taken(&others, start, minutes, &settings);
        assert_eq!(taken(at(2, 10, 0), 30).map(|t| t.until), Some(at(2, 11, 0)));
        assert_eq!(taken(at(2, 11, 0), 60), None, "back to back is fine");
        assert_eq!(taken(at(2, 8, 30), 30), None, "done before the first");
        assert_eq!(
            taken(at(2, 8, 30), 31).map(|t| t.number),
            Some("APPT-1".into())
        );
        assert_eq!(
            taken(at(3, 9, 0), 60).map(|t| t.number),
            Some("APPT-2".into()),
            "the second day of a long job"
        );
        assert_eq!(
            taken(at(4, 11, 30), 60),
            None,
            "after the long job's last hour"
        );
        // Saturday 16:00 for 3 h carries over the closed Sunday to Monday 10:00.
        let weekend = [("APPT-3".to_string(), at(7, 16, 0), 180)];
        assert!(bay_taken(&weekend, at(9, 9, 0), 60, &settings).is_some());
        assert!(bay_taken(&weekend, at(9, 10, 0), 60, &settings).is_none());
    }
}
