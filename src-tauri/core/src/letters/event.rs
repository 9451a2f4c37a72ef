//! The event rule (提前两周电话…两日内信函): customers are phoned two weeks before an event
//! and the letter follows within two days, so an event letter printed fewer than fourteen
//! days ahead is late — the desk says so before it prints. Any letter names its event or
//! the day it is sent through `{date}`.
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::letters::LetterKind;
use crate::error::FieldIssue;
use crate::reason::Reason;

/// How far ahead the customers are phoned.
pub const CALL_DAYS_AHEAD: u64 = 14;
/// How long after the calls the letters may follow.
pub const LETTER_DAYS_AFTER_CALL: u64 = 2;

/// When an event's calls and letters are due, and whether today is already too late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EventTiming {
    pub event_date: NaiveDate,
    /// Whole days from today to the event.
    pub days_ahead: i64,
    /// Two weeks before the event: the day of the calls.
    pub call_by: NaiveDate,
    /// Two days after that: the last day for the letters.
    pub letters_by: NaiveDate,
    /// Fewer than fourteen days ahead: the letters go out later than the rule allows.
    pub late: bool,
}

/// The timing of an event letter sent `today`: `None` for the other kinds (their date is
/// optional), refused when an event letter has no date or its day has passed.
pub fn event_timing(
    kind: LetterKind,
    event_date: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Option<EventTiming>, FieldIssue> {
    let refused = || FieldIssue::new("eventDate", Reason::LetterEventDate);
    let Some(event_date) = event_date else {
        return match kind {
            LetterKind::Event => Err(refused()),
            _ => Ok(None),
        };
    };
    if event_date < today {
        return Err(refused());
    }
    if kind != LetterKind::Event {
        return Ok(None);
    }
    let call_by = event_date
        .checked_sub_days(Days::new(CALL_DAYS_AHEAD))
        .ok_or_else(refused)?;
    let letters_by = call_by
        .checked_add_days(Days::new(LETTER_DAYS_AFTER_CALL))
        .ok_or_else(refused)?;
    let days_ahead = (event_date - today).num_days();
    Ok(Some(EventTiming {
        event_date,
        days_ahead,
        call_by,
        letters_by,
        late: days_ahead < CALL_DAYS_AHEAD as i64,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default()
    }

    #[test]
    fn an_event_fourteen_days_ahead_is_on_time() {
        let t = event_timing(LetterKind::Event, Some(d(12, 21)), d(12, 7));
        let t = t.ok().flatten();
        assert_eq!(t.map(|t| (t.days_ahead, t.late)), Some((14, false)));
        assert_eq!(
            t.map(|t| (t.call_by, t.letters_by)),
            Some((d(12, 7), d(12, 9)))
        );
    }

    #[test]
    fn an_event_thirteen_days_ahead_is_late_across_the_year_end() {
        let t = event_timing(
            LetterKind::Event,
            NaiveDate::from_ymd_opt(2027, 1, 2),
            d(12, 20),
        );
        let t = t.ok().flatten();
        assert_eq!(t.map(|t| (t.days_ahead, t.late)), Some((13, true)));
    }

    #[test]
    fn an_event_letter_needs_a_day_that_has_not_passed() {
        let refused = Err(FieldIssue::new("eventDate", Reason::LetterEventDate));
        assert_eq!(event_timing(LetterKind::Event, None, d(12, 7)), refused);
        assert_eq!(
            event_timing(LetterKind::Event, Some(d(12, 6)), d(12, 7)),
            refused
        );
        assert_eq!(
            event_timing(LetterKind::Event, Some(d(12, 7)), d(12, 7)).map(|t| t.map(|t| t.late)),
            Ok(Some(true))
        );
    }

    #[test]
    fn other_kinds_carry_no_timing() {
        assert_eq!(event_timing(LetterKind::Seasonal, None, d(12, 7)), Ok(None));
        assert_eq!(
            event_timing(LetterKind::Recall, Some(d(12, 8)), d(12, 7)),
            Ok(None)
        );
    }
}
