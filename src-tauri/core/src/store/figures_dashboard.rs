//! SQL of the dashboard (issue 21): the counts and rows its lines are made of, read over
//! `[start, end)`, and the targets and bands of migration 022. Rows in, rows out: what
//! counts as late, a band and the ratios are decided in `figures::dashboard`.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};

use crate::domain::figures_dashboard::{FigureBand, FigureKey, MonthTarget};
use crate::error::Result;
use crate::ids::{ComplaintId, WorkOrderId};

type Range = (NaiveDateTime, NaiveDateTime);

fn count(conn: &Connection, sql: &str, (start, end): Range) -> Result<u32> {
    let n: i64 = conn
        .prepare_cached(sql)?
        .query_row(params![start, end], |r| r.get(0))?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Bookings made in the range.
pub(crate) fn appointments_booked(conn: &Connection, range: Range) -> Result<u32> {
    count(
        conn,
        "SELECT count(*) FROM appointments WHERE booked_at >= ?1 AND booked_at < ?2",
        range,
    )
}

/// Jobs opened in the range (not cancelled), and how many of them came from a booking.
pub(crate) fn jobs_opened(conn: &Connection, (start, end): Range) -> Result<(u32, u32)> {
    let (all, booked): (i64, i64) = conn
        .prepare_cached(
            "SELECT count(*), count(a.id) FROM work_orders w
             LEFT JOIN appointments a ON a.work_order_id = w.id
             WHERE w.opened_at >= ?1 AND w.opened_at < ?2 AND w.status <> 'cancelled'",
        )?
        .query_row(params![start, end], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok((
        u32::try_from(all).unwrap_or(u32::MAX),
        u32::try_from(booked).unwrap_or(u32::MAX),
    ))
}

/// The jobs whose exit notice was issued in the range, each with whether it is linked as
/// a comeback.
pub(crate) fn jobs_out(conn: &Connection, (start, end): Range) -> Result<Vec<(WorkOrderId, bool)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT x.work_order_id, c.work_order_id IS NOT NULL FROM exit_notices x
         LEFT JOIN comebacks c ON c.work_order_id = x.work_order_id
         WHERE x.issued_at >= ?1 AND x.issued_at < ?2 ORDER BY x.issued_at, x.id",
    )?;
    let rows = stmt.query_map(params![start, end], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The additional items found in the range.
pub(crate) fn items_found(conn: &Connection, (start, end): Range) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM additional_items WHERE found_at >= ?1 AND found_at < ?2 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![start, end], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Complaints taken in the range.
pub(crate) fn complaints_opened(conn: &Connection, range: Range) -> Result<u32> {
    count(
        conn,
        "SELECT count(*) FROM complaints WHERE taken_at >= ?1 AND taken_at < ?2",
        range,
    )
}

/// Complaints closed in the range.
pub(crate) fn complaints_closed(conn: &Connection, range: Range) -> Result<u32> {
    count(
        conn,
        "SELECT count(*) FROM complaints WHERE closed_at >= ?1 AND closed_at < ?2",
        range,
    )
}

/// The complaints open at `at`: taken before it and not closed by it.
pub(crate) fn complaints_open_at(conn: &Connection, at: NaiveDateTime) -> Result<Vec<ComplaintId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM complaints WHERE taken_at < ?1 AND (closed_at IS NULL OR closed_at >= ?1)
         ORDER BY id",
    )?;
    let rows = stmt.query_map([at], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The jobs (not cancelled) whose promise in force — the latest moved one, else the
/// intake's — falls in the range, with when they were checked ready.
pub(crate) fn promises_due(
    conn: &Connection,
    (start, end): Range,
) -> Result<Vec<(NaiveDateTime, Option<NaiveDateTime>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT promised, ready FROM (
             SELECT COALESCE((SELECT p.new_promised_at FROM progress_log p
                               WHERE p.work_order_id = w.id AND p.new_promised_at IS NOT NULL
                               ORDER BY p.id DESC LIMIT 1), w.promised_at) AS promised,
                    k.checked_at AS ready
             FROM work_orders w LEFT JOIN pickup_checks k ON k.work_order_id = w.id
             WHERE w.status <> 'cancelled')
         WHERE promised >= ?1 AND promised < ?2",
    )?;
    let rows = stmt.query_map(params![start, end], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Signed settlements in the range: how many, their totals and labour, and their
/// snapshots (for the labour hours).
pub(crate) fn signed_in(
    conn: &Connection,
    (start, end): Range,
) -> Result<(u32, i64, i64, Vec<String>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT total_minor, labour_minor, COALESCE(snapshot, '') FROM settlements
         WHERE status = 'signed' AND signed_at >= ?1 AND signed_at < ?2 ORDER BY id",
    )?;
    let rows = stmt
        .query_map(params![start, end], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<Vec<(i64, i64, String)>>>()?;
    let jobs = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    let total = rows.iter().map(|r| r.0).sum();
    let labour = rows.iter().map(|r| r.1).sum();
    Ok((jobs, total, labour, rows.into_iter().map(|r| r.2).collect()))
}

/// Credit notes issued in the range.
pub(crate) fn credit_notes_in(conn: &Connection, (start, end): Range) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(sum(amount_minor), 0) FROM credit_notes
             WHERE issued_at >= ?1 AND issued_at < ?2",
        )?
        .query_row(params![start, end], |r| r.get(0))?)
}

/// Exit notices issued in the range.
pub(crate) fn cars_out(conn: &Connection, range: Range) -> Result<u32> {
    count(
        conn,
        "SELECT count(*) FROM exit_notices WHERE issued_at >= ?1 AND issued_at < ?2",
        range,
    )
}

pub(crate) fn month_target(
    conn: &Connection,
    year: i32,
    month: u32,
) -> Result<Option<MonthTarget>> {
    Ok(conn
        .prepare_cached(
            "SELECT year, month, cars, money_minor FROM month_targets WHERE year = ?1 AND month = ?2",
        )?
        .query_row(params![year, month], |r| {
            Ok(MonthTarget {
                year: r.get(0)?,
                month: r.get(1)?,
                cars: r.get(2)?,
                money_minor: r.get(3)?,
            })
        })
        .optional()?)
}

pub(crate) fn put_month_target(
    conn: &Connection,
    t: &MonthTarget,
    by: &str,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO month_targets (year, month, cars, money_minor, set_by, set_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (year, month) DO UPDATE SET cars = ?3, money_minor = ?4, set_by = ?5,
             set_at = ?6",
    )?
    .execute(params![t.year, t.month, t.cars, t.money_minor, by, now])?;
    Ok(())
}

/// Every band set, in the figures' order of their keys.
pub(crate) fn bands(conn: &Connection) -> Result<Vec<FigureBand>> {
    let mut stmt = conn.prepare_cached(
        "SELECT figure, green, red, higher_is_better FROM figure_bands ORDER BY figure",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let key: String = r.get(0)?;
            Ok((key, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<Vec<(String, i64, i64, bool)>>>()?;
    // A key this version does not know (written by a later one) is left out, not guessed.
    Ok(rows
        .into_iter()
        .filter_map(|(key, green, red, higher_is_better)| {
            FigureKey::parse(&key).map(|figure| FigureBand {
                figure,
                green,
                red,
                higher_is_better,
            })
        })
        .collect())
}

pub(crate) fn band(conn: &Connection, figure: FigureKey) -> Result<Option<FigureBand>> {
    Ok(bands(conn)?.into_iter().find(|b| b.figure == figure))
}

pub(crate) fn put_band(
    conn: &Connection,
    b: &FigureBand,
    by: &str,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO figure_bands (figure, green, red, higher_is_better, set_by, set_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (figure) DO UPDATE SET green = ?2, red = ?3, higher_is_better = ?4,
             set_by = ?5, set_at = ?6",
    )?
    .execute(params![
        b.figure.as_str(),
        b.green,
        b.red,
        b.higher_is_better,
        by,
        now
    ])?;
    Ok(())
}
