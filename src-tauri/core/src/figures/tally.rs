//! A day's counters and a period's sum (不得估计、漏项: nothing estimated, nothing left out).
//!
//! A day's figures are a [`Tally`]: named, additive counters, so a month is the sum of
//! its days and a year the sum of its months. Every job opened counts once in the
//! `in.category.*` and once in the `in.kind.*` counters (`unknown` when not told); every
//! car handed over once in the `out.*` ones.
//!
//! **Closed days.** When the end-of-day export closes a day its counters are frozen as
//! handed in ([`FrozenDay`]); reports show them for that day ever after. A later change to
//! what a closed day counts is the difference between the day's live counters and its
//! `baseline` (the live counters last accounted for), carried as a correction by the next
//! day that is not frozen ([`assemble`]); freezing that day takes the correction into its
//! own figures and moves the baselines on ([`absorb`]). What can change a closed day:
//! - a payment of that day voided later (collected goes down);
//! - a settlement of that day reopened later (its revenue leaves the day);
//! - the repair category of a job opened or handed over that day changed later;
//! - the vehicle kind of such a job's vehicle told or changed later.
//!
//! Credit notes and write-offs are dated on their own day and never change an earlier
//! one; payments, settlements, handovers and jobs are dated by the clock when recorded,
//! so nothing can be entered with an earlier date.
use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::care::VehicleKind;
use crate::domain::figures::{
    AdvisorRow, BalanceFigures, Correction, CountRow, DayLine, DayRows, FrozenDay, Period,
    PeriodFigures, RepairCategory, RevenueFigures, Tally, VehicleCount,
};
use crate::pricing::totals::round_div;

pub const LABOUR: &str = "revenue.labour";
pub const PARTS: &str = "revenue.parts";
pub const SUNDRIES: &str = "revenue.sundries";
pub const OUTSIDE: &str = "revenue.outside";
pub const TAX: &str = "revenue.tax";
pub const DISCOUNT: &str = "revenue.discount";
pub const SETTLED: &str = "revenue.settled";
pub const CREDITED: &str = "revenue.credited";
pub const JOBS_SETTLED: &str = "jobs.settled";
pub const COLLECTED: &str = "money.collected";
pub const WRITTEN_OFF: &str = "money.written_off";
const ADVISOR_JOBS: &str = "advisor.jobs.";
const ADVISOR_REVENUE: &str = "advisor.revenue.";
const UNKNOWN: &str = "unknown";

/// The explicit row of what was not told.
fn category_text(category: Option<&str>) -> &'static str {
    category
        .and_then(RepairCategory::parse)
        .map_or(UNKNOWN, RepairCategory::as_str)
}

fn kind_text(kind: &str) -> &'static str {
    VehicleKind::parse(kind).map_or(UNKNOWN, VehicleKind::as_str)
}

fn bump(t: &mut Tally, key: &str, by: i64) {
    if by != 0 {
        *t.entry(key.to_string()).or_insert(0) += by;
    }
}

fn get(t: &Tally, key: &str) -> i64 {
    t.get(key).copied().unwrap_or(0)
}

/// `into += other`, counter by counter; counters that come to zero are dropped.
pub fn add(into: &mut Tally, other: &Tally) {
    for (k, v) in other {
        bump(into, k, *v);
    }
    into.retain(|_, v| *v != 0);
}

/// `a - b`, counter by counter, zeros dropped.
pub fn diff(a: &Tally, b: &Tally) -> Tally {
    let mut out = a.clone();
    for (k, v) in b {
        bump(&mut out, k, -v);
    }
    out.retain(|_, v| *v != 0);
    out
}

fn count_jobs(days: &mut BTreeMap<NaiveDate, Tally>, rows: &[VehicleCount], dir: &str) {
    for r in rows {
        let t = days.entry(r.day).or_default();
        bump(
            t,
            &format!("{dir}.category.{}", category_text(r.category.as_deref())),
            r.jobs,
        );
        bump(t, &format!("{dir}.kind.{}", kind_text(&r.kind)), r.jobs);
    }
}

/// Each day's counters from what the store read.
pub fn day_tallies(rows: &DayRows) -> BTreeMap<NaiveDate, Tally> {
    let mut days: BTreeMap<NaiveDate, Tally> = BTreeMap::new();
    for s in &rows.settled {
        let t = days.entry(s.day).or_default();
        for (key, v) in [
            (LABOUR, s.labour_minor),
            (PARTS, s.parts_minor),
            (SUNDRIES, s.sundries_minor),
            (OUTSIDE, s.outside_minor),
            (TAX, s.tax_minor),
            (DISCOUNT, s.discount_minor),
            (SETTLED, s.total_minor),
            (JOBS_SETTLED, s.jobs),
        ] {
            bump(t, key, v);
        }
        bump(t, &format!("{ADVISOR_JOBS}{}", s.advisor), s.jobs);
        bump(t, &format!("{ADVISOR_REVENUE}{}", s.advisor), s.total_minor);
    }
    for c in &rows.credited {
        let t = days.entry(c.day).or_default();
        bump(t, CREDITED, c.amount_minor);
        bump(
            t,
            &format!("{ADVISOR_REVENUE}{}", c.advisor),
            -c.amount_minor,
        );
    }
    for (list, key) in [
        (&rows.collected, COLLECTED),
        (&rows.written_off, WRITTEN_OFF),
    ] {
        for a in list {
            bump(days.entry(a.day).or_default(), key, a.amount_minor);
        }
    }
    count_jobs(&mut days, &rows.vehicles_in, "in");
    count_jobs(&mut days, &rows.vehicles_out, "out");
    for t in days.values_mut() {
        t.retain(|_, v| *v != 0);
    }
    days
}

/// Where the reading of a period must start so the corrections of the closed days just
/// before it are carried: the first day of the run of frozen days that ends the day
/// before `from`, looking back at most `lookback` days. `frozen_before` is newest first.
pub fn scan_start(from: NaiveDate, frozen_before: &[NaiveDate], lookback: u32) -> NaiveDate {
    let mut start = from;
    for (i, d) in frozen_before.iter().enumerate() {
        if i as u32 >= lookback || start.pred_opt() != Some(*d) {
            break;
        }
        start = *d;
    }
    start
}

/// A period's days as reported, their sum and the corrections carried.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Assembled {
    pub total: Tally,
    pub days: Vec<DayLine>,
    pub corrections: Vec<Correction>,
}

fn vehicles(t: &Tally, dir: &str) -> i64 {
    RepairCategory::ALL
        .iter()
        .map(|c| c.as_str())
        .chain([UNKNOWN])
        .map(|c| get(t, &format!("{dir}.category.{c}")))
        .sum()
}

fn day_line(date: NaiveDate, frozen: bool, shown: &Tally, correction: &Tally) -> DayLine {
    DayLine {
        date,
        frozen,
        revenue_minor: get(shown, SETTLED) - get(shown, CREDITED),
        collected_minor: get(shown, COLLECTED),
        vehicles_in: vehicles(shown, "in"),
        vehicles_out: vehicles(shown, "out"),
        correction_revenue_minor: get(correction, SETTLED) - get(correction, CREDITED),
    }
}

/// The days from `scan_from` to the period's end: frozen days as handed in, open days
/// live plus the corrections of the closed days before them; only the period's days are
/// summed and listed.
pub fn assemble(
    period: &Period,
    scan_from: NaiveDate,
    live: &BTreeMap<NaiveDate, Tally>,
    frozen: &BTreeMap<NaiveDate, FrozenDay>,
) -> Assembled {
    let empty = Tally::new();
    let mut out = Assembled::default();
    let mut pending = Tally::new();
    for d in scan_from.iter_days().take_while(|d| *d <= period.to) {
        let live_d = live.get(&d).unwrap_or(&empty);
        let (shown, is_frozen, correction) = match frozen.get(&d) {
            Some(f) => {
                add(&mut pending, &diff(live_d, &f.baseline));
                (f.tally.clone(), true, Tally::new())
            }
            None => {
                let correction = std::mem::take(&mut pending);
                let mut shown = live_d.clone();
                add(&mut shown, &correction);
                (shown, false, correction)
            }
        };
        if d < period.from {
            continue;
        }
        add(&mut out.total, &shown);
        out.days.push(day_line(d, is_frozen, &shown, &correction));
        if !correction.is_empty() {
            out.corrections.push(Correction {
                shown_on: d,
                changes: correction,
            });
        }
    }
    out
}

/// Freezing `day`: what it hands in (its live counters with the corrections it carries)
/// and the new baselines of itself and the closed days before it (from `scan_from`).
pub fn absorb(
    day: NaiveDate,
    scan_from: NaiveDate,
    live: &BTreeMap<NaiveDate, Tally>,
    frozen: &BTreeMap<NaiveDate, FrozenDay>,
) -> Vec<FrozenDay> {
    let shown = assemble(&Period::day(day), scan_from, live, frozen).total;
    let live_of = |d: NaiveDate| live.get(&d).cloned().unwrap_or_default();
    let mut out: Vec<FrozenDay> = frozen
        .values()
        .filter(|f| f.day >= scan_from && f.day < day)
        .map(|f| FrozenDay {
            day: f.day,
            tally: f.tally.clone(),
            baseline: live_of(f.day),
        })
        .collect();
    out.push(FrozenDay {
        day,
        tally: shown,
        baseline: live_of(day),
    });
    out
}

fn rows_of(t: &Tally, by: &str, keys: impl Iterator<Item = &'static str>) -> Vec<CountRow> {
    let n = |k: String| get(t, &k);
    keys.map(|key| CountRow {
        key: key.to_string(),
        vehicles_in: n(format!("in.{by}.{key}")),
        vehicles_out: n(format!("out.{by}.{key}")),
    })
    .collect()
}

/// What a period's figures hold besides its days' sum: the stocks at its end.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AtEnd {
    pub owed_minor: i64,
    pub balance: BalanceFigures,
    pub jobs_not_classified: u32,
}

/// The period's figures from its days as reported and the stocks at its end.
pub fn period_figures(period: Period, a: Assembled, end: AtEnd) -> PeriodFigures {
    let t = &a.total;
    let settled = get(t, SETTLED);
    let credited = get(t, CREDITED);
    let jobs = get(t, JOBS_SETTLED);
    let revenue = settled - credited;
    let average = if jobs > 0 {
        i64::try_from(round_div(i128::from(revenue), i128::from(jobs))).unwrap_or(0)
    } else {
        0
    };
    let categories = RepairCategory::ALL
        .iter()
        .map(|c| c.as_str())
        .chain([UNKNOWN]);
    let by_category = rows_of(t, "category", categories);
    let kinds = VehicleKind::ALL
        .iter()
        .filter(|k| **k != VehicleKind::Unknown)
        .map(|k| k.as_str())
        .chain([UNKNOWN]);
    let by_kind = rows_of(t, "kind", kinds);
    let mut by_advisor: Vec<AdvisorRow> = t
        .iter()
        .filter_map(|(k, v)| k.strip_prefix(ADVISOR_JOBS).map(|name| (name, *v)))
        .map(|(name, jobs)| AdvisorRow {
            advisor: name.to_string(),
            jobs_settled: jobs.clamp(0, i64::from(u32::MAX)) as u32,
            revenue_minor: get(t, &format!("{ADVISOR_REVENUE}{name}")),
        })
        .collect();
    for (k, v) in t {
        if let Some(name) = k.strip_prefix(ADVISOR_REVENUE) {
            if !by_advisor.iter().any(|r| r.advisor == name) {
                by_advisor.push(AdvisorRow {
                    advisor: name.to_string(),
                    jobs_settled: 0,
                    revenue_minor: *v,
                });
            }
        }
    }
    by_advisor.sort_by(|a, b| {
        b.revenue_minor
            .cmp(&a.revenue_minor)
            .then(a.advisor.cmp(&b.advisor))
    });
    PeriodFigures {
        period,
        revenue: RevenueFigures {
            labour_minor: get(t, LABOUR),
            parts_minor: get(t, PARTS),
            sundries_minor: get(t, SUNDRIES),
            outside_minor: get(t, OUTSIDE),
            tax_minor: get(t, TAX),
            discount_minor: get(t, DISCOUNT),
            settled_minor: settled,
            credited_minor: credited,
            revenue_minor: revenue,
            jobs_settled: jobs.clamp(0, i64::from(u32::MAX)) as u32,
            average_per_job_minor: average,
        },
        collected_minor: get(t, COLLECTED),
        written_off_minor: get(t, WRITTEN_OFF),
        owed_at_end_minor: end.owed_minor,
        balance: end.balance,
        vehicles_in: vehicles(t, "in"),
        vehicles_out: vehicles(t, "out"),
        by_category,
        by_kind,
        by_advisor,
        days: a.days,
        corrections: a.corrections,
        jobs_not_classified: end.jobs_not_classified,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap_or_else(|| panic!("a date"))
    }

    fn t(pairs: &[(&str, i64)]) -> Tally {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    fn live() -> BTreeMap<NaiveDate, Tally> {
        [
            (day(1), t(&[(SETTLED, 100), (COLLECTED, 100)])),
            (day(2), t(&[(SETTLED, 50)])),
            (day(3), t(&[(COLLECTED, 50)])),
        ]
        .into_iter()
        .collect()
    }

    #[test]
    fn without_closed_days_a_period_is_its_live_days() {
        let period = Period {
            kind: crate::domain::figures::PeriodKind::Month,
            from: day(1),
            to: day(31),
        };
        let a = assemble(&period, day(1), &live(), &BTreeMap::new());
        assert_eq!(a.total, t(&[(SETTLED, 150), (COLLECTED, 150)]));
        assert_eq!(a.days.len(), 31);
        assert!(a.corrections.is_empty());
    }

    #[test]
    fn a_change_to_a_closed_day_is_carried_by_the_next_open_day_until_that_one_closes() {
        // 1 March was handed in with 120 collected; 20 of it was voided since.
        let frozen: BTreeMap<NaiveDate, FrozenDay> = [(
            day(1),
            FrozenDay {
                day: day(1),
                tally: t(&[(SETTLED, 100), (COLLECTED, 120)]),
                baseline: t(&[(SETTLED, 100), (COLLECTED, 120)]),
            },
        )]
        .into_iter()
        .collect();
        let second = assemble(&Period::day(day(2)), day(1), &live(), &frozen);
        assert_eq!(second.total, t(&[(SETTLED, 50), (COLLECTED, -20)]));
        assert_eq!(second.corrections[0].changes, t(&[(COLLECTED, -20)]));
        let first = assemble(&Period::day(day(1)), day(1), &live(), &frozen);
        assert_eq!(
            first.total,
            t(&[(SETTLED, 100), (COLLECTED, 120)]),
            "as handed in"
        );
        // Closing 2 March hands the correction in and moves 1 March's baseline on.
        let rows = absorb(day(2), day(1), &live(), &frozen);
        assert_eq!(rows[0].baseline, t(&[(SETTLED, 100), (COLLECTED, 100)]));
        assert_eq!(rows[1].tally, t(&[(SETTLED, 50), (COLLECTED, -20)]));
        let closed: BTreeMap<NaiveDate, FrozenDay> = rows.into_iter().map(|f| (f.day, f)).collect();
        let third = assemble(&Period::day(day(3)), day(1), &live(), &closed);
        assert!(third.corrections.is_empty());
        let all = Period {
            kind: crate::domain::figures::PeriodKind::Range,
            from: day(1),
            to: day(3),
        };
        assert_eq!(
            assemble(&all, day(1), &live(), &closed).total,
            assemble(&all, day(1), &live(), &BTreeMap::new()).total,
            "over the days the corrections add back to the truth"
        );
    }

    #[test]
    fn the_scan_starts_at_the_run_of_closed_days_just_before() {
        assert_eq!(scan_start(day(10), &[day(9), day(8), day(6)], 92), day(8));
        assert_eq!(scan_start(day(10), &[day(8)], 92), day(10));
        assert_eq!(scan_start(day(10), &[day(9), day(8)], 1), day(9));
    }

    #[test]
    fn every_job_counts_once_by_category_and_once_by_kind_unknown_included() {
        let rows = DayRows {
            vehicles_in: vec![
                VehicleCount {
                    day: day(1),
                    category: None,
                    kind: "suv".into(),
                    jobs: 2,
                },
                VehicleCount {
                    day: day(1),
                    category: Some("repair".into()),
                    kind: "bogus".into(),
                    jobs: 1,
                },
            ],
            ..DayRows::default()
        };
        let days = day_tallies(&rows);
        let a = assemble(&Period::day(day(1)), day(1), &days, &BTreeMap::new());
        let f = period_figures(Period::day(day(1)), a, AtEnd::default());
        assert_eq!(f.vehicles_in, 3);
        let find = |rows: &[CountRow], k: &str| {
            rows.iter()
                .find(|r| r.key == k)
                .map_or(0, |r| r.vehicles_in)
        };
        assert_eq!(find(&f.by_category, "unknown"), 2);
        assert_eq!(find(&f.by_category, "repair"), 1);
        assert_eq!(find(&f.by_kind, "suv"), 2);
        assert_eq!(
            find(&f.by_kind, "unknown"),
            1,
            "a kind not known reads unknown"
        );
        assert_eq!(f.by_kind.last().map(|r| r.key.as_str()), Some("unknown"));
    }
}
