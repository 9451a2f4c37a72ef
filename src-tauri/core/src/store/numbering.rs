//! SQL of `settlement_counters` and `exit_counters`: gapless numbers per year for the
//! settlement (SET-YYYY-NNNNN), the exit notice (EX-YYYY-NNNNN) and the credit note
//! (CN-YYYY-NNNNN) and the appointment (APPT-YYYY-NNNNN), counted in the
//! caller's write transaction the way work orders are. Also every series' counters
//! (work orders' too) read and raised as a whole, for a restore that must not issue a
//! number twice.
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::reason::Reason;
use crate::work_order::{format_number, issue_year};

/// The setting that keeps the year the supervisor confirmed the clock had run ahead into.
const CONFIRMED_KEY: &str = "numbering.clock_ran_ahead_into";

/// The year the supervisor confirmed the clock had run ahead into, if any.
pub(crate) fn confirmed_year(conn: &Connection) -> Result<Option<i32>> {
    let value: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([CONFIRMED_KEY], |row| row.get(0))
        .optional()?;
    Ok(value.and_then(|v| v.parse().ok()))
}

/// The latest year any number (work order, settlement, exit notice, credit note,
/// appointment) was issued in.
pub(crate) fn last_year_issued(conn: &Connection) -> Result<Option<i32>> {
    Ok(conn
        .prepare_cached(
            "SELECT max(y) FROM (SELECT max(year) AS y FROM work_order_counters
                                 UNION ALL SELECT max(year) FROM settlement_counters
                                 UNION ALL SELECT max(year) FROM exit_counters
                                 UNION ALL SELECT max(year) FROM credit_note_counters
                                 UNION ALL SELECT max(year) FROM appointment_counters
                                 UNION ALL SELECT max(year) FROM complaint_counters)",
        )?
        .query_row([], |row| row.get(0))?)
}

/// Records the supervisor's confirmation that numbers go on in `year`.
pub(crate) fn confirm_year(conn: &Connection, year: i32) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(rusqlite::params![CONFIRMED_KEY, year.to_string()])?;
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Series {
    Settlement,
    ExitNotice,
    CreditNote,
    Appointment,
    Complaint,
}

impl Series {
    fn prefix(self) -> &'static str {
        match self {
            Series::Settlement => "SET",
            Series::ExitNotice => "EX",
            Series::CreditNote => "CN",
            Series::Appointment => "APPT",
            Series::Complaint => "C",
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
        Series::Appointment => (
            "SELECT max(year) FROM appointment_counters",
            "INSERT INTO appointment_counters (year, last) VALUES (?1, 1)
             ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
        ),
        Series::Complaint => (
            "SELECT max(year) FROM complaint_counters",
            "INSERT INTO complaint_counters (year, last) VALUES (?1, 1)
             ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
        ),
    };
    let last: Option<i32> = conn
        .prepare_cached(last_year_sql)?
        .query_row([], |row| row.get(0))?;
    let year = issue_year(now, last, confirmed_year(conn)?)
        .ok_or(CoreError::conflict(Reason::ClockBehind))?;
    let seq: i64 = conn
        .prepare_cached(bump_sql)?
        .query_row([year], |row| row.get(0))?;
    Ok(Issued {
        year,
        seq,
        // Complaints are few: four digits, as the shop's sheet numbers them.
        number: match series {
            Series::Complaint => format!("C-{year}-{seq:04}"),
            _ => format_number(series.prefix(), year, seq),
        },
    })
}

/// A series of numbers printed on paper, each counted per year in a table of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CounterSeries {
    WorkOrder,
    Settlement,
    ExitNotice,
    CreditNote,
    Appointment,
    Complaint,
}

impl CounterSeries {
    pub const ALL: [CounterSeries; 6] = [
        CounterSeries::WorkOrder,
        CounterSeries::Settlement,
        CounterSeries::ExitNotice,
        CounterSeries::CreditNote,
        CounterSeries::Appointment,
        CounterSeries::Complaint,
    ];

    fn table(self) -> &'static str {
        match self {
            CounterSeries::WorkOrder => "work_order_counters",
            CounterSeries::Settlement => "settlement_counters",
            CounterSeries::ExitNotice => "exit_counters",
            CounterSeries::CreditNote => "credit_note_counters",
            CounterSeries::Appointment => "appointment_counters",
            CounterSeries::Complaint => "complaint_counters",
        }
    }
}

/// The last number of one series in one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Counter {
    pub series: CounterSeries,
    pub year: i32,
    pub last: i64,
}

/// Every counter of the database on `conn`; a series whose table an older schema does
/// not have yet has none.
pub(crate) fn all_counters(conn: &Connection) -> Result<Vec<Counter>> {
    let mut counters = Vec::new();
    for series in CounterSeries::ALL {
        let exists: bool = conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [series.table()],
            |row| row.get(0),
        )?;
        if !exists {
            continue;
        }
        let sql = match series {
            CounterSeries::WorkOrder => "SELECT year, last FROM work_order_counters",
            CounterSeries::Settlement => "SELECT year, last FROM settlement_counters",
            CounterSeries::ExitNotice => "SELECT year, last FROM exit_counters",
            CounterSeries::CreditNote => "SELECT year, last FROM credit_note_counters",
            CounterSeries::Appointment => "SELECT year, last FROM appointment_counters",
            CounterSeries::Complaint => "SELECT year, last FROM complaint_counters",
        };
        let rows = conn
            .prepare(sql)?
            .query_map([], |row| {
                Ok(Counter {
                    series,
                    year: row.get(0)?,
                    last: row.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        counters.extend(rows);
    }
    Ok(counters)
}

/// Raises a counter to `counter.last` (never lowers it).
pub(crate) fn raise_counter(conn: &Connection, counter: &Counter) -> Result<()> {
    let sql = match counter.series {
        CounterSeries::WorkOrder => {
            "INSERT INTO work_order_counters (year, last) VALUES (?1, ?2)
             ON CONFLICT (year) DO UPDATE SET last = max(last, excluded.last)"
        }
        CounterSeries::Settlement => {
            "INSERT INTO settlement_counters (year, last) VALUES (?1, ?2)
             ON CONFLICT (year) DO UPDATE SET last = max(last, excluded.last)"
        }
        CounterSeries::ExitNotice => {
            "INSERT INTO exit_counters (year, last) VALUES (?1, ?2)
             ON CONFLICT (year) DO UPDATE SET last = max(last, excluded.last)"
        }
        CounterSeries::CreditNote => {
            "INSERT INTO credit_note_counters (year, last) VALUES (?1, ?2)
             ON CONFLICT (year) DO UPDATE SET last = max(last, excluded.last)"
        }
        CounterSeries::Appointment => {
            "INSERT INTO appointment_counters (year, last) VALUES (?1, ?2)
             ON CONFLICT (year) DO UPDATE SET last = max(last, excluded.last)"
        }
        CounterSeries::Complaint => {
            "INSERT INTO complaint_counters (year, last) VALUES (?1, ?2)
             ON CONFLICT (year) DO UPDATE SET last = max(last, excluded.last)"
        }
    };
    conn.execute(sql, rusqlite::params![counter.year, counter.last])?;
    Ok(())
}
