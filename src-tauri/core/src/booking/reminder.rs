//! When the reminder call is due (提前半天或一天，通知客户): between a day and half a day
//! before the appointment, at the first moment of the shop's calling hours on a day the
//! shop is open. When that window holds no calling hours (a day off, a closed Sunday), the
//! call moves earlier to the last calling hours before it, or, failing that, to the first
//! after it while the appointment is still ahead. A booking made less than a day ahead
//! needs no reminder: the booking call was the confirmation.
use chrono::{Days, Duration, NaiveDate, NaiveDateTime, NaiveTime};

use super::capacity::hours_of;
use super::{Appointment, AppointmentStatus, BookingSettings, CallOutcome, MinuteSpan};

/// How far back and ahead the search for calling hours looks.
const SEARCH_DAYS: u64 = 14;

fn at(date: NaiveDate, minute: u32) -> NaiveDateTime {
    date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minute))
}

/// The calling spans of an open `date`, as times.
fn calling_spans(
    date: NaiveDate,
    settings: &BookingSettings,
) -> impl DoubleEndedIterator<Item = (NaiveDateTime, NaiveDateTime)> + '_ {
    let open = hours_of(date, settings).is_some();
    settings
        .calling_hours
        .iter()
        .filter(move |_| open)
        .map(move |s: &MinuteSpan| (at(date, s.from_minute), at(date, s.to_minute)))
}

/// When the reminder call for an appointment at `starts_at`, booked at `booked_at`, is
/// due; `None` when none is needed or no calling hours fall before the appointment.
pub fn reminder_due(
    starts_at: NaiveDateTime,
    booked_at: NaiveDateTime,
    settings: &BookingSettings,
) -> Option<NaiveDateTime> {
    let window_start = starts_at - Duration::hours(24);
    let window_end = starts_at - Duration::hours(12);
    if booked_at >= window_start {
        return None;
    }
    // Both ends included: the search back runs from `SEARCH_DAYS` before the window to
    // the window's first day itself.
    let days = |from: NaiveDate, to: NaiveDate| {
        from.iter_days()
            .take_while(move |d| *d <= to)
            .take(SEARCH_DAYS as usize + 1)
    };
    // Inside the window: the first calling moment.
    for date in days(window_start.date(), window_end.date()) {
        for (from, to) in calling_spans(date, settings) {
            let moment = from.max(window_start);
            if moment < to && moment <= window_end {
                return Some(moment);
            }
        }
    }
    // Earlier: the start of the last calling hours before the window, after the booking.
    let earliest = window_start
        .date()
        .checked_sub_days(Days::new(SEARCH_DAYS))?;
    for date in days(earliest, window_start.date())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        for (from, _) in calling_spans(date, settings).rev() {
            if from < window_start && from >= booked_at {
                return Some(from);
            }
        }
    }
    // Later: the first calling moment after the window, before the appointment.
    for date in days(window_end.date(), starts_at.date()) {
        for (from, _) in calling_spans(date, settings) {
            if from > window_end && from < starts_at {
                return Some(from);
            }
        }
    }
    None
}

/// Does the booking still wait for the customer to confirm its time as it stands: open
/// and not arrived, and no call since its latest move (or its booking) reached them. A
/// time moved on a call is confirmed again before it, as every booking is.
pub fn awaits_confirmation(a: &Appointment) -> bool {
    let since = a.reminder_from();
    matches!(
        a.status,
        AppointmentStatus::Booked | AppointmentStatus::Confirmed
    ) && !a
        .calls
        .iter()
        .any(|c| c.at > since && matches!(c.outcome, CallOutcome::Confirmed | CallOutcome::Moved))
}

/// Is the reminder call of a booking due at `now`: still `awaiting` confirmation (see
/// [`awaits_confirmation`]), still ahead, and its due time come. A call that did not
/// reach the customer leaves it due.
pub fn call_due_now(
    awaiting: bool,
    starts_at: NaiveDateTime,
    booked_at: NaiveDateTime,
    now: NaiveDateTime,
    settings: &BookingSettings,
) -> Option<NaiveDateTime> {
    if !awaiting || now >= starts_at {
        return None;
    }
    reminder_due(starts_at, booked_at, settings).filter(|due| *due <= now)
}

/// The next moment the desk may ring a customer from `now`: `now` itself inside the shop's
/// calling hours on an open day, else when the next calling hours begin (a day off or a
/// closed day skipped); `None` when none fall in the next two weeks.
pub fn next_calling_at(now: NaiveDateTime, settings: &BookingSettings) -> Option<NaiveDateTime> {
    now.date()
        .iter_days()
        .take(SEARCH_DAYS as usize)
        .find_map(|date| {
            calling_spans(date, settings).find_map(|(from, to)| (now < to).then(|| from.max(now)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, day)
            .and_then(|d| d.and_hms_opt(hour, minute, 0))
            .unwrap_or_default()
    }

    fn booked() -> NaiveDateTime {
        t(1, 12, 0)
    }

    #[test]
    fn an_afternoon_appointment_is_called_the_afternoon_before() {
        let s = BookingSettings::default();
        // Wednesday 4 March 15:00: the window is Tuesday 15:00 to Wednesday 03:00.
        assert_eq!(reminder_due(t(4, 15, 0), booked(), &s), Some(t(3, 15, 0)));
    }

    #[test]
    fn a_late_morning_appointment_waits_for_the_afternoon_calling_hours() {
        let s = BookingSettings::default();
        // Wednesday 11:00: the window opens Tuesday 11:00, between the calling hours.
        assert_eq!(reminder_due(t(4, 11, 0), booked(), &s), Some(t(3, 14, 0)));
    }

    #[test]
    fn an_early_appointment_is_called_when_the_calling_hours_open_the_day_before() {
        let s = BookingSettings::default();
        assert_eq!(reminder_due(t(4, 8, 0), booked(), &s), Some(t(3, 8, 30)));
    }

    #[test]
    fn an_evening_window_crosses_midnight_into_the_next_morning() {
        let s = BookingSettings::default();
        // Wednesday 21:00 (a late pick-up slot): the window is Tuesday 21:00 to
        // Wednesday 09:00, so the first calling moment is Wednesday 08:30.
        assert_eq!(reminder_due(t(4, 21, 0), booked(), &s), Some(t(4, 8, 30)));
    }

    #[test]
    fn a_monday_appointment_after_a_closed_sunday_is_called_on_saturday() {
        let s = BookingSettings::default();
        // Monday 9 March 09:00: the window is Sunday 09:00–21:00, and Sunday is closed.
        assert_eq!(reminder_due(t(9, 9, 0), booked(), &s), Some(t(7, 14, 0)));
    }

    #[test]
    fn a_day_off_in_the_window_moves_the_call_earlier() {
        let mut s = BookingSettings::default();
        s.days_off
            .push(NaiveDate::from_ymd_opt(2026, 3, 3).unwrap_or_default());
        assert_eq!(reminder_due(t(4, 15, 0), booked(), &s), Some(t(2, 14, 0)));
    }

    #[test]
    fn an_appointment_after_the_last_calling_hour_is_called_that_afternoon_the_day_before() {
        let s = BookingSettings::default();
        // Wednesday 17:15: the window, Tuesday 17:15 to Wednesday 05:15, holds no calling
        // hours; the last ones before it are Tuesday's from 14:00.
        assert_eq!(reminder_due(t(4, 17, 15), booked(), &s), Some(t(3, 14, 0)));
        // Booked on Monday afternoon: the same call, not one on the morning itself.
        assert_eq!(
            reminder_due(t(4, 17, 15), t(2, 15, 0), &s),
            Some(t(3, 14, 0))
        );
    }

    #[test]
    fn a_booking_made_less_than_a_day_ahead_needs_no_reminder() {
        let s = BookingSettings::default();
        assert_eq!(reminder_due(t(4, 15, 0), t(3, 16, 0), &s), None);
    }

    #[test]
    fn outside_the_calling_hours_the_next_calling_time_is_the_next_span_on_an_open_day() {
        let s = BookingSettings::default();
        // Tuesday 3 March, calling hours 08:30–10:00 and 14:00–17:00.
        assert_eq!(next_calling_at(t(3, 15, 10), &s), Some(t(3, 15, 10)), "now");
        assert_eq!(next_calling_at(t(3, 8, 30), &s), Some(t(3, 8, 30)));
        assert_eq!(next_calling_at(t(3, 10, 0), &s), Some(t(3, 14, 0)), "lunch");
        assert_eq!(
            next_calling_at(t(3, 21, 0), &s),
            Some(t(4, 8, 30)),
            "the evening waits for the next morning"
        );
        assert_eq!(next_calling_at(t(4, 7, 0), &s), Some(t(4, 8, 30)));
        // Saturday 7 March 17:30: Sunday is closed, so Monday morning.
        assert_eq!(next_calling_at(t(7, 17, 30), &s), Some(t(9, 8, 30)));
    }

    #[test]
    fn the_call_is_due_from_its_time_until_confirmed() {
        let s = BookingSettings::default();
        let starts = t(4, 15, 0);
        let due = |status, now| call_due_now(status, starts, booked(), now, &s);
        assert_eq!(due(true, t(3, 14, 59)), None);
        assert_eq!(due(true, t(3, 15, 0)), Some(t(3, 15, 0)));
        assert_eq!(due(false, t(3, 16, 0)), None);
        assert_eq!(due(true, t(4, 15, 0)), None, "too late");
    }
}
