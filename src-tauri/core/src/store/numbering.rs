//! SQL of `settlement_counters` and `exit_counters`: gapless numbers per year for the
//! settlement (SET-YYYY-NNNNN), the exit notice (EX-YYYY-NNNNN) and the credit note
//! (CN-YYYY-NNNNN), counted in the
//! caller's write transaction the way work orders are.
use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::error::{CoreError, Result};
use crate::reason::Reason;
use crate::work_order::{format_number, number_year};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Series {
    Settlement,
    ExitNotice,
    CreditNote,
}

impl Series {
    fn prefix(self) -> &'static str {
        match self {
            Series::Settlement => "SET",
            Series::ExitNotice => "EX",
            Series::CreditNote => "CN",
        }
    }
}

/// A number handed out: its year, its place in the year and the printed form.
pub(crate) struct Issued {
    pub year: i32,
    pub seq: i64,
    pub number: String,
}

/// The next number of `series` in the year of `now`. A clock gone back past the last
/// number's year is refused, as for work orders.
pub(crate) fn next(conn: &Connection, series: Series, now: NaiveDateTime) -> Result<Issued> {
    let (last_year_sql, bump_sql) = match series {
        Series::Settlement => (
            "SELECT max(year) FROM settlement_counters",
            "INSERT INTO settlement_counters (year, last) VALUES (?1, 1)
             ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
        ),
        Series::ExitNotice => (
            "SELECT max(year) FROM exit_counters",
            "INSERT INTO exit_counters (year, last) VALUES (?1, 1)
             ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
        ),
        Series::CreditNote => (
            "SELECT max(year) FROM credit_note_counters",
            "INSERT INTO credit_note_counters (year, last) VALUES (?1, 1)
             ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
        ),
    };
    let year = number_year(now);
    let last: Option<i32> = conn
        .prepare_cached(last_year_sql)?
        .query_row([], |row| row.get(0))?;
    if last.is_some_and(|last| year < last) {
        return Err(CoreError::conflict(Reason::ClockBehind));
    }
    let seq: i64 = conn
        .prepare_cached(bump_sql)?
        .query_row([year], |row| row.get(0))?;
    Ok(Issued {
        year,
        seq,
        number: format_number(series.prefix(), year, seq),
    })
}
