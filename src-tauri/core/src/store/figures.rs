//! SQL of the shop's figures (业务统计): a run of days read grouped by day from
//! `settlements`, `credit_notes`, `payments`, `write_offs`, `work_orders` (with
//! `vehicle_care`) and `exit_handovers`; what is still owed at a moment; the balance of
//! the settlements of a period; the `frozen_days` of closed days. The rules that make
//! figures of these rows are `figures::tally`; the use cases `desk::figures`.
use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension};

use crate::domain::figures::{
    BalanceFigures, DayAmount, DayRows, FrozenDay, SettledRow, Tally, VehicleCount,
};
use crate::error::Result;

fn settled(conn: &Connection, from: NaiveDateTime, to: NaiveDateTime) -> Result<Vec<SettledRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT substr(s.signed_at, 1, 10) AS day, w.advisor, count(*), sum(s.labour_minor),
                sum(s.parts_minor), sum(s.other_minor - s.outside_minor), sum(s.outside_minor),
                sum(s.tax_minor), sum(s.total_discount_minor), sum(s.total_minor)
         FROM settlements s JOIN work_orders w ON w.id = s.work_order_id
         WHERE s.status = 'signed' AND s.signed_at >= ?1 AND s.signed_at < ?2
         GROUP BY day, w.advisor",
    )?;
    let rows = stmt
        .query_map(params![from, to], |row| {
            Ok(SettledRow {
                day: row.get(0)?,
                advisor: row.get(1)?,
                jobs: row.get(2)?,
                labour_minor: row.get(3)?,
                parts_minor: row.get(4)?,
                sundries_minor: row.get(5)?,
                outside_minor: row.get(6)?,
                tax_minor: row.get(7)?,
                discount_minor: row.get(8)?,
                total_minor: row.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn amounts(
    conn: &Connection,
    sql: &str,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<DayAmount>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map(params![from, to], |row| {
            Ok(DayAmount {
                day: row.get(0)?,
                advisor: row.get(1)?,
                amount_minor: row.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn vehicles(
    conn: &Connection,
    sql: &str,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<VehicleCount>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map(params![from, to], |row| {
            Ok(VehicleCount {
                day: row.get(0)?,
                category: row.get(1)?,
                kind: row.get(2)?,
                jobs: row.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Everything the days from `from` to `to` (excluded) count, grouped by day.
pub(crate) fn day_rows(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<DayRows> {
    Ok(DayRows {
        settled: settled(conn, from, to)?,
        credited: amounts(
            conn,
            "SELECT substr(n.issued_at, 1, 10) AS day, w.advisor, sum(n.amount_minor)
             FROM credit_notes n JOIN work_orders w ON w.id = n.work_order_id
             WHERE n.issued_at >= ?1 AND n.issued_at < ?2 GROUP BY day, w.advisor",
            from,
            to,
        )?,
        collected: amounts(
            conn,
            "SELECT substr(taken_at, 1, 10) AS day, '',
                    sum(CASE kind WHEN 'payment' THEN amount_minor ELSE -amount_minor END)
             FROM payments
             WHERE taken_at >= ?1 AND taken_at < ?2 AND voided_at IS NULL
               AND method <> 'on_account'
             GROUP BY day",
            from,
            to,
        )?,
        written_off: amounts(
            conn,
            "SELECT substr(written_at, 1, 10) AS day, '', sum(amount_minor) FROM write_offs
             WHERE written_at >= ?1 AND written_at < ?2 GROUP BY day",
            from,
            to,
        )?,
        vehicles_in: vehicles(
            conn,
            "SELECT substr(w.opened_at, 1, 10) AS day, w.repair_category,
                    COALESCE(c.kind, 'unknown') AS kind, count(*)
             FROM work_orders w LEFT JOIN vehicle_care c ON c.vehicle_id = w.vehicle_id
             WHERE w.opened_at >= ?1 AND w.opened_at < ?2
             GROUP BY day, w.repair_category, kind",
            from,
            to,
        )?,
        vehicles_out: vehicles(
            conn,
            "SELECT substr(e.signed_at, 1, 10) AS day, w.repair_category,
                    COALESCE(c.kind, 'unknown') AS kind, count(*)
             FROM exit_handovers e JOIN work_orders w ON w.id = e.work_order_id
             LEFT JOIN vehicle_care c ON c.vehicle_id = w.vehicle_id
             WHERE e.signed_at >= ?1 AND e.signed_at < ?2
             GROUP BY day, w.repair_category, kind",
            from,
            to,
        )?,
    })
}

/// What every settlement signed before `at` still owed then: billed less credit notes,
/// payments (voids and 挂账 left out) and write-offs, all before `at`.
pub(crate) fn owed_at(conn: &Connection, at: NaiveDateTime) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT (SELECT COALESCE(sum(total_minor), 0) FROM settlements
                 WHERE status = 'signed' AND signed_at < ?1)
              - (SELECT COALESCE(sum(n.amount_minor), 0)
                 FROM credit_notes n JOIN settlements s ON s.id = n.settlement_id
                 WHERE s.status = 'signed' AND s.signed_at < ?1 AND n.issued_at < ?1)
              - (SELECT COALESCE(sum(CASE p.kind WHEN 'payment'
                        THEN p.amount_minor ELSE -p.amount_minor END), 0)
                 FROM settlements s JOIN payments p ON p.work_order_id = s.work_order_id
                 WHERE s.status = 'signed' AND s.signed_at < ?1 AND p.taken_at < ?1
                   AND p.voided_at IS NULL AND p.method <> 'on_account')
              - (SELECT COALESCE(sum(o.amount_minor), 0)
                 FROM write_offs o JOIN settlements s ON s.id = o.settlement_id
                 WHERE s.status = 'signed' AND s.signed_at < ?1 AND o.written_at < ?1)",
        )?
        .query_row([at], |row| row.get(0))?)
}

/// The settlements signed from `from` to `to` (excluded), as they stood at `to`.
pub(crate) fn balance(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<BalanceFigures> {
    let (total, credited, collected, written_off): (i64, i64, i64, i64) = conn
        .prepare_cached(
            "SELECT COALESCE(sum(s.total_minor), 0),
                    COALESCE(sum((SELECT sum(n.amount_minor) FROM credit_notes n
                        WHERE n.settlement_id = s.id AND n.issued_at < ?2)), 0),
                    COALESCE(sum((SELECT sum(CASE p.kind WHEN 'payment'
                            THEN p.amount_minor ELSE -p.amount_minor END)
                        FROM payments p WHERE p.work_order_id = s.work_order_id
                          AND p.taken_at < ?2 AND p.voided_at IS NULL
                          AND p.method <> 'on_account')), 0),
                    COALESCE(sum((SELECT sum(o.amount_minor) FROM write_offs o
                        WHERE o.settlement_id = s.id AND o.written_at < ?2)), 0)
             FROM settlements s
             WHERE s.status = 'signed' AND s.signed_at >= ?1 AND s.signed_at < ?2",
        )?
        .query_row(params![from, to], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?;
    let billed = total - credited;
    Ok(BalanceFigures {
        billed_minor: billed,
        collected_minor: collected,
        written_off_minor: written_off,
        owed_minor: billed - collected - written_off,
    })
}

/// How many jobs migration 020 could not classify (0 when it had none to do).
pub(crate) fn jobs_not_classified(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT count FROM migration_notes WHERE version = 20 AND topic = 'jobs_not_classified'",
        )?
        .query_row([], |row| row.get(0))
        .optional()?
        .unwrap_or(0))
}

fn tally(text: &str) -> Result<Tally> {
    serde_json::from_str(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, e.into()).into()
    })
}

/// The frozen days from `from` to `to`, both included.
pub(crate) fn frozen_between(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<BTreeMap<NaiveDate, FrozenDay>> {
    let mut stmt = conn.prepare_cached(
        "SELECT day, tally, baseline FROM frozen_days WHERE day >= ?1 AND day <= ?2 ORDER BY day",
    )?;
    let rows: Vec<(NaiveDate, String, String)> = stmt
        .query_map(params![from, to], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = BTreeMap::new();
    for (day, t, b) in rows {
        out.insert(
            day,
            FrozenDay {
                day,
                tally: tally(&t)?,
                baseline: tally(&b)?,
            },
        );
    }
    Ok(out)
}

/// The frozen days before `day`, newest first, at most `limit` of them.
pub(crate) fn frozen_before(
    conn: &Connection,
    day: NaiveDate,
    limit: u32,
) -> Result<Vec<NaiveDate>> {
    let mut stmt = conn
        .prepare_cached("SELECT day FROM frozen_days WHERE day < ?1 ORDER BY day DESC LIMIT ?2")?;
    let rows = stmt
        .query_map(params![day, limit], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Whether `day` is frozen.
pub(crate) fn is_frozen(conn: &Connection, day: NaiveDate) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM frozen_days WHERE day = ?1")?
        .query_row([day], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Freezes a day, or writes a frozen day's figures and baseline anew.
pub(crate) fn save_frozen(conn: &Connection, day: &FrozenDay, now: NaiveDateTime) -> Result<()> {
    let json = |t: &Tally| {
        serde_json::to_string(t).map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))
    };
    conn.prepare_cached(
        "INSERT INTO frozen_days (day, frozen_at, tally, baseline) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (day) DO UPDATE SET tally = excluded.tally, baseline = excluded.baseline",
    )?
    .execute(params![
        day.day,
        now,
        json(&day.tally)?,
        json(&day.baseline)?
    ])?;
    Ok(())
}
