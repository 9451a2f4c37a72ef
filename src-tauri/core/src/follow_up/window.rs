//! When each follow-up call is made. The first call falls in a window of days after the
//! car left (出厂二天至一周: 2..=7 by default, a setting). The second falls in the
//! `second_window_days` after the day the first call reached the customer; when the first
//! window closed with nobody reached, the second window follows that closed window, so
//! the customer still gets one more chance rather than none. A window is whole calendar
//! days, first and last included, so it is the same across month and year ends. A call
//! not made by the end of its last day expires and is counted missed.
//!
//! Calls are made in the calling hours (9:00–11:00 and 16:00–18:30 by default) on days
//! the shop is open (the booking settings' working days and days off, as for the
//! booking calls). A try nobody answered is tried again at the next calling hours.
use chrono::{Days, Duration, NaiveDate, NaiveDateTime, NaiveTime};

use crate::booking::capacity::hours_of;
use crate::booking::BookingSettings;
use crate::domain::follow_up::{CallStage, FollowUpSettings, StageState};

/// How far ahead the search for calling hours looks.
const SEARCH_DAYS: usize = 14;

/// Calendar days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Window {
    /// `first` to `last` days after `day`; `None` past the calendar's end.
    fn after(day: NaiveDate, first: u32, last: u32) -> Option<Self> {
        Some(Self {
            from: day.checked_add_days(Days::new(u64::from(first)))?,
            to: day.checked_add_days(Days::new(u64::from(last)))?,
        })
    }
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

/// The first call's window for a car that left on `left`.
pub fn first_window(left: NaiveDate, s: &FollowUpSettings) -> Option<Window> {
    Window::after(left, s.first_min_days, s.first_max_days)
}

/// The second call's window: the days after the first call reached the customer
/// (`first_reached`), or after the first window when it closed with nobody reached.
pub fn second_window(
    first: Window,
    first_reached: Option<NaiveDate>,
    s: &FollowUpSettings,
) -> Option<Window> {
    let from = first_reached.unwrap_or(first.to);
    Window::after(from, 1, s.second_window_days.max(1))
}

fn at(date: NaiveDate, minute: u32) -> NaiveDateTime {
    date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minute))
}

/// The calling spans of `date` when the shop is open that day.
fn spans(
    date: NaiveDate,
    s: &FollowUpSettings,
    shop: &BookingSettings,
) -> Vec<(NaiveDateTime, NaiveDateTime)> {
    if hours_of(date, shop).is_none() {
        return Vec::new();
    }
    s.calling_hours
        .iter()
        .map(|span| (at(date, span.from_minute), at(date, span.to_minute)))
        .collect()
}

/// Is `now` inside the calling hours of an open day.
pub fn calling_now(now: NaiveDateTime, s: &FollowUpSettings, shop: &BookingSettings) -> bool {
    spans(now.date(), s, shop)
        .iter()
        .any(|(from, to)| *from <= now && now < *to)
}

/// The next moment a call may be made from `now`: `now` inside the calling hours, else
/// when the next ones begin; `None` when none fall in the next two weeks.
pub fn next_calling_at(
    now: NaiveDateTime,
    s: &FollowUpSettings,
    shop: &BookingSettings,
) -> Option<NaiveDateTime> {
    now.date().iter_days().take(SEARCH_DAYS).find_map(|date| {
        spans(date, s, shop)
            .into_iter()
            .find_map(|(from, to)| (now < to).then(|| from.max(now)))
    })
}

/// The start of the first calling hours that begin after `after` (the retry of a try
/// nobody answered: the next session, not a minute later).
pub fn next_session_after(
    after: NaiveDateTime,
    s: &FollowUpSettings,
    shop: &BookingSettings,
) -> Option<NaiveDateTime> {
    after.date().iter_days().take(SEARCH_DAYS).find_map(|date| {
        spans(date, s, shop)
            .into_iter()
            .find_map(|(from, _)| (from > after).then_some(from))
    })
}

/// One try at a call: when, and whether someone answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Try {
    pub at: NaiveDateTime,
    pub reached: bool,
}

/// Where a stage with `window` and its `tries` stands on `now`, and when to ring: the
/// window's first calling moment, or the next session after the last unanswered try.
pub fn stage_state(
    window: Window,
    tries: &[Try],
    now: NaiveDateTime,
    s: &FollowUpSettings,
    shop: &BookingSettings,
) -> (StageState, NaiveDateTime) {
    let opens = window.from.and_time(NaiveTime::MIN);
    let first_moment = next_calling_at(opens, s, shop).unwrap_or(opens);
    let last_try = tries.iter().map(|t| t.at).max();
    let due = last_try
        .and_then(|t| next_session_after(t, s, shop))
        .map_or(first_moment, |retry| retry.max(first_moment));
    let today = now.date();
    let state = if tries.iter().any(|t| t.reached) {
        StageState::Done
    } else if today > window.to {
        StageState::Missed
    } else if today < window.from {
        StageState::Upcoming
    } else if window.from == today {
        StageState::Today
    } else {
        StageState::Overdue
    };
    (state, due)
}

/// One stage of a job's calls as it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageNow {
    pub stage: CallStage,
    pub window: Window,
    pub state: StageState,
    pub due_at: NaiveDateTime,
}

/// The stages known at `now` for a car that left on `left`, given the tries of each: the
/// first, and once it is done or missed the second. Empty past the calendar's end.
pub fn stages(
    left: NaiveDate,
    first: &[Try],
    second: &[Try],
    now: NaiveDateTime,
    s: &FollowUpSettings,
    shop: &BookingSettings,
) -> Vec<StageNow> {
    let mut out = Vec::with_capacity(2);
    let Some(w1) = first_window(left, s) else {
        return out;
    };
    let (state, due_at) = stage_state(w1, first, now, s, shop);
    out.push(StageNow {
        stage: CallStage::First,
        window: w1,
        state,
        due_at,
    });
    if !matches!(state, StageState::Done | StageState::Missed) {
        return out;
    }
    let reached = first
        .iter()
        .filter(|t| t.reached)
        .map(|t| t.at.date())
        .min();
    if let Some(w2) = second_window(w1, reached, s) {
        let (state, due_at) = stage_state(w2, second, now, s, shop);
        out.push(StageNow {
            stage: CallStage::Second,
            window: w2,
            state,
            due_at,
        });
    }
    out
}

/// The stage to call now, if one is open (today or overdue).
pub fn open_stage(stages: &[StageNow]) -> Option<StageNow> {
    stages
        .iter()
        .find(|s| matches!(s.state, StageState::Today | StageState::Overdue))
        .copied()
}

#[cfg(test)]
#[path = "window_tests.rs"]
mod tests;
