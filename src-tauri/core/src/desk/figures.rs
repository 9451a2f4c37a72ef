//! The shop's figures (业务统计, issue 21): a period's figures with its closed days as
//! handed in and the corrections they carry, compared with the period before and the
//! same one last year; the reports due on a day; freezing a day when its export closes
//! it. Plain data for the screen, the printed forms and the sheets.
use std::collections::BTreeMap;

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::Connection;

use crate::error::Result;
use crate::figures::period::reports_due;
use crate::figures::tally::{
    absorb, add, assemble, day_tallies, diff, period_figures, scan_start, AtEnd,
};
use crate::figures::{ComparedFigures, FrozenDay, Period, PeriodFigures, ReportDue, Tally};
use crate::store::{appointments, figures, Store};

/// How far back a period's reading looks for the closed days whose corrections its first
/// days carry. A change to a day closed longer before than this is not carried.
pub const CORRECTION_LOOKBACK_DAYS: u32 = 92;

fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::MIN)
}

fn day_after(d: NaiveDate) -> NaiveDate {
    d.checked_add_days(Days::new(1)).unwrap_or(d)
}

/// The live counters of each day from `from` to `to` (included).
fn live(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<BTreeMap<NaiveDate, Tally>> {
    let rows = figures::day_rows(conn, midnight(from), midnight(day_after(to)))?;
    Ok(day_tallies(&rows))
}

fn scan_from(conn: &Connection, from: NaiveDate) -> Result<NaiveDate> {
    let before = figures::frozen_before(conn, from, CORRECTION_LOOKBACK_DAYS)?;
    Ok(scan_start(from, &before, CORRECTION_LOOKBACK_DAYS))
}

pub(crate) fn period(
    conn: &Connection,
    period: Period,
    now: NaiveDateTime,
) -> Result<PeriodFigures> {
    let start = scan_from(conn, period.from)?;
    let live = live(conn, start, period.to)?;
    let frozen = figures::frozen_between(conn, start, period.to)?;
    let mut assembled = assemble(&period, start, &live, &frozen);
    // Days still to come are not listed (their figures are all zero).
    assembled.days.retain(|d| d.date <= now.date());
    let end = midnight(day_after(period.to));
    let at_end = AtEnd {
        owed_minor: figures::owed_at(conn, end)?,
        balance: figures::balance(conn, midnight(period.from), end)?,
        jobs_not_classified: u32::try_from(figures::jobs_not_classified(conn)?).unwrap_or(0),
    };
    Ok(period_figures(period, assembled, at_end))
}

impl Store {
    /// The figures of `period` (exact: each sum a sum of recorded rows), its closed days
    /// as they were handed in and the corrections of closed days on the open days after.
    pub fn figures(&self, period: Period, now: NaiveDateTime) -> Result<PeriodFigures> {
        self.with_conn(|conn| self::period(conn, period, now))
    }

    /// `period`'s figures with the period before and the same period last year.
    pub fn figures_compared(&self, period: Period, now: NaiveDateTime) -> Result<ComparedFigures> {
        self.with_conn(|conn| {
            Ok(ComparedFigures {
                current: self::period(conn, period, now)?,
                previous: self::period(conn, period.previous(), now)?,
                last_year: self::period(conn, period.same_last_year(), now)?,
            })
        })
    }

    /// The reports the shop's rules want handed in before closing on `day`.
    pub fn reports_due(&self, day: NaiveDate) -> Result<Vec<ReportDue>> {
        let settings = self.with_conn(appointments::settings)?;
        Ok(reports_due(day, &settings))
    }

    /// Freezes `day`'s figures as handed in, with the corrections of the closed days
    /// before it. A day is closed once it is over: a second export on the day itself
    /// hands in the day again (what came since is added); after the day, nothing changes
    /// what it handed in (`false`).
    pub fn freeze_day(&self, day: NaiveDate, now: NaiveDateTime) -> Result<bool> {
        self.with_tx(|tx| {
            let same_day = now.date() == day;
            if figures::is_frozen(tx, day)? && !same_day {
                return Ok(false);
            }
            let start = scan_from(tx, day)?;
            let live = live(tx, start, day)?;
            let mut frozen = figures::frozen_between(tx, start, day)?;
            let before = frozen.remove(&day);
            let mut rows: Vec<FrozenDay> = absorb(day, start, &live, &frozen);
            if let (Some(before), Some(last)) = (before, rows.last_mut()) {
                // What the day handed in earlier, moved on by what changed since.
                let mut tally = before.tally.clone();
                add(&mut tally, &diff(&last.baseline, &before.baseline));
                let carried = diff(&last.tally, &last.baseline);
                add(&mut tally, &carried);
                last.tally = tally;
            }
            for row in &rows {
                figures::save_frozen(tx, row, now)?;
            }
            Ok(true)
        })
    }
}
