//! The desk's day, from the shop's local wall-clock `now` passed in: today's date, the
//! promise time a new job starts with, and which of a vehicle's dates are past or coming
//! due. Computed here so every screen agrees on the day (a date taken from UTC in the
//! window was a day wrong before 08:00 at UTC+8).
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::customer::CustomerFile;
pub use crate::shop_day::{DeskDay, DueState, VehicleMarks};
use crate::validate::plate_kind::is_new_energy;
use crate::vehicle::Vehicle;

pub use crate::shop_day::DUE_SOON_DAYS;
/// The time most desks promise a car back.
const PROMISE_AT: (u32, u32) = (17, 30);
/// After this time of day the default promise moves to the next day.
const PROMISE_TOMORROW_AFTER: (u32, u32) = (16, 0);

/// The desk's day at `now`.
pub fn desk_day(now: NaiveDateTime) -> DeskDay {
    DeskDay {
        today: now.date(),
        default_promise: default_promise(now),
    }
}

/// Today at 17:30, or tomorrow at 17:30 once it is past 16:00 (16:00 itself is still today).
pub fn default_promise(now: NaiveDateTime) -> NaiveDateTime {
    let (after_h, after_m) = PROMISE_TOMORROW_AFTER;
    let late = now.hour() * 60 + now.minute() > after_h * 60 + after_m;
    let day = if late {
        now.date() + Duration::days(1)
    } else {
        now.date()
    };
    let (h, m) = PROMISE_AT;
    day.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN))
}

/// Whether `date` is past, coming due, or neither (or there is no date).
pub fn due_state(date: Option<NaiveDate>, today: NaiveDate) -> Option<DueState> {
    let date = date?;
    if date < today {
        Some(DueState::Expired)
    } else if date <= today + Duration::days(DUE_SOON_DAYS) {
        Some(DueState::Soon)
    } else {
        None
    }
}

/// The marks of `vehicle` on `today`.
pub fn vehicle_marks(vehicle: &Vehicle, today: NaiveDate) -> VehicleMarks {
    VehicleMarks {
        vehicle_id: vehicle.id,
        insurance: due_state(vehicle.insurance_expiry, today),
        inspection: due_state(vehicle.inspection_expiry, today),
        new_energy: is_new_energy(&vehicle.plate),
    }
}

/// The customer file as the desk sees it at `now`: its day and each vehicle's marks.
pub fn dated(file: CustomerFile, now: NaiveDateTime) -> CustomerFile {
    let day = desk_day(now);
    let vehicle_marks = file
        .vehicles
        .iter()
        .map(|v| vehicle_marks(v, day.today))
        .collect();
    CustomerFile {
        day,
        vehicle_marks,
        ..file
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, d)
            .and_then(|day| day.and_hms_opt(h, m, 0))
            .unwrap_or_default()
    }

    fn date(m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2026, m, d)
    }

    #[test]
    fn a_job_opened_by_four_is_promised_for_half_past_five_today() {
        assert_eq!(default_promise(at(7, 9, 15)), at(7, 17, 30));
        assert_eq!(
            default_promise(at(7, 16, 0)),
            at(7, 17, 30),
            "16:00 is still today"
        );
    }

    #[test]
    fn a_job_opened_after_four_is_promised_for_tomorrow() {
        assert_eq!(default_promise(at(7, 16, 1)), at(8, 17, 30));
        assert_eq!(
            default_promise(at(31, 23, 59)),
            NaiveDate::from_ymd_opt(2027, 1, 1)
                .and_then(|d| d.and_hms_opt(17, 30, 0))
                .unwrap_or_default(),
            "the year turns with the day"
        );
    }

    #[test]
    fn today_is_the_shops_local_date_even_early_in_the_morning() {
        // 07:30 at the shop is still the previous day in UTC at UTC+8: the shop's day counts.
        assert_eq!(
            desk_day(at(8, 7, 30)).today,
            date(12, 8).unwrap_or_default()
        );
    }

    #[test]
    fn a_date_before_today_is_expired_and_within_thirty_days_due_soon() {
        let today = date(12, 7).unwrap_or_default();
        assert_eq!(due_state(date(12, 6), today), Some(DueState::Expired));
        assert_eq!(
            due_state(date(12, 7), today),
            Some(DueState::Soon),
            "today is due, not past"
        );
        assert_eq!(
            due_state(NaiveDate::from_ymd_opt(2027, 1, 6), today),
            Some(DueState::Soon)
        );
        assert_eq!(due_state(NaiveDate::from_ymd_opt(2027, 1, 7), today), None);
        assert_eq!(due_state(None, today), None);
    }
}
