//! The next-due estimate from odometer histories, the questioning of a typed reading,
//! the due bands, "reminded recently" and the lost customers' cut-off at month ends.
use chrono::NaiveDate;

use super::bands::{band, lost_cut_off, reminded_recently};
use super::doubt::question;
use super::trend::{clean_chain, km_per_day};
use super::*;
use crate::domain::care::DueBand;
use crate::reason::Reason;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

fn r(on: NaiveDate, km: i64) -> KmReading {
    KmReading {
        on,
        km,
        doubtful: false,
    }
}

const SHOP: Interval = Interval {
    km: 5_000,
    months: 6,
};

fn service(on: NaiveDate, km: i64) -> Option<LastService> {
    Some(LastService {
        on,
        km: Some(km),
        work_order_id: None,
        maintenance: true,
    })
}

#[test]
fn a_steady_driver_is_due_when_the_km_run_out_before_the_months() {
    // 50 km a day: 5,000 km are reached 100 days after the service, before six months.
    let readings: Vec<_> = (0..5)
        .map(|i| {
            r(
                d(2026, 1, 1) + chrono::Duration::days(20 * i),
                10_000 + 1_000 * i,
            )
        })
        .collect();
    let due = project(
        SHOP,
        service(d(2026, 1, 1), 10_000),
        &readings,
        d(2026, 3, 1),
    );
    let due = due.expect("a service on file projects");
    assert_eq!(due.km_per_day, Some(50.0));
    assert_eq!(due.due_km, Some(15_000));
    assert_eq!(due.due_on, d(2026, 4, 11), "100 days after 1 January");
    assert!(due.estimated, "a date from the km trend is an estimate");
    assert_eq!(due.km_today, Some(12_950), "59 days at 50 km from 10,000");
}

#[test]
fn a_car_that_sits_is_due_by_the_months() {
    let readings = [r(d(2026, 1, 1), 10_000), r(d(2026, 3, 1), 10_300)];
    let due = project(
        SHOP,
        service(d(2026, 1, 1), 10_000),
        &readings,
        d(2026, 3, 1),
    );
    let due = due.expect("projects");
    assert_eq!(due.due_on, d(2026, 7, 1));
    assert!(!due.estimated, "the months' date is exact, not estimated");
}

#[test]
fn irregular_gaps_give_the_average_pace() {
    let readings = [
        r(d(2025, 1, 10), 20_000),
        r(d(2025, 1, 20), 20_400),
        r(d(2025, 9, 1), 29_000),
        r(d(2025, 9, 3), 29_100),
    ];
    let chain = clean_chain(&readings);
    let rate = km_per_day(&chain).expect("a pace from 236 days");
    assert!((rate - 9_100.0 / 236.0).abs() < 1e-9);
    let due = project(
        SHOP,
        service(d(2025, 9, 1), 29_000),
        &readings,
        d(2025, 9, 3),
    );
    assert_eq!(due.map(|d| d.due_km), Some(Some(34_000)));
}

#[test]
fn one_reading_uses_the_interval_only() {
    let readings = [r(d(2026, 2, 28), 8_000)];
    let due = project(SHOP, None, &readings, d(2026, 3, 1)).expect("the reading starts it");
    assert_eq!(due.due_on, d(2026, 8, 28));
    assert_eq!(due.due_km, Some(13_000));
    assert_eq!(due.km_per_day, None);
    assert!(!due.estimated);
}

#[test]
fn nothing_on_file_projects_nothing() {
    assert_eq!(project(SHOP, None, &[], d(2026, 3, 1)), None);
}

#[test]
fn an_extra_zero_does_not_drag_the_trend() {
    let clean = [
        r(d(2026, 1, 1), 10_000),
        r(d(2026, 2, 1), 11_550),
        r(d(2026, 3, 1), 12_950),
    ];
    let mut typo = clean.to_vec();
    typo.push(r(d(2026, 2, 15), 122_000));
    assert_eq!(
        clean_chain(&typo),
        clean.to_vec(),
        "the wild reading is not believed"
    );
    let a = project(SHOP, service(d(2026, 1, 1), 10_000), &clean, d(2026, 3, 1));
    let b = project(SHOP, service(d(2026, 1, 1), 10_000), &typo, d(2026, 3, 1));
    assert_eq!(a, b);
}

#[test]
fn a_reading_kept_as_doubtful_is_never_projected_from() {
    let mut readings = vec![r(d(2026, 1, 1), 10_000), r(d(2026, 3, 1), 13_000)];
    readings.push(KmReading {
        on: d(2026, 3, 2),
        km: 130_000,
        doubtful: true,
    });
    readings.push(r(d(2026, 3, 20), 14_000));
    assert_eq!(clean_chain(&readings).len(), 3);
}

#[test]
fn a_reading_below_the_last_or_ten_times_the_pace_is_questioned() {
    let history = [r(d(2026, 1, 1), 40_000), r(d(2026, 3, 1), 45_000)];
    assert_eq!(
        question(&history, d(2026, 3, 20), 44_000),
        Some(Reason::OdometerDoubtfulBelow)
    );
    assert_eq!(
        question(&history, d(2026, 3, 20), 450_000),
        Some(Reason::OdometerDoubtfulJump),
        "an extra zero"
    );
    assert_eq!(
        question(&history, d(2026, 3, 20), 46_600),
        None,
        "19 days at ~85 km"
    );
    assert_eq!(
        question(&history, d(2026, 3, 20), 50_000),
        None,
        "a long trip is allowed"
    );
    assert_eq!(
        question(&[], d(2026, 3, 20), 450_000),
        None,
        "no history to judge by"
    );
}

#[test]
fn without_a_pace_a_thousand_km_a_day_is_the_limit() {
    let history = [r(d(2026, 3, 1), 45_000)];
    assert_eq!(question(&history, d(2026, 3, 3), 48_000), None);
    assert_eq!(
        question(&history, d(2026, 3, 3), 450_000),
        Some(Reason::OdometerDoubtfulJump)
    );
}

#[test]
fn bands_run_from_long_overdue_to_this_month() {
    let today = d(2026, 3, 31);
    assert_eq!(band(d(2026, 2, 27), today), Some(DueBand::OverdueLong));
    assert_eq!(
        band(d(2026, 2, 28), today),
        Some(DueBand::Overdue),
        "a month back from 31 March"
    );
    assert_eq!(band(d(2026, 3, 30), today), Some(DueBand::Overdue));
    assert_eq!(band(today, today), Some(DueBand::Soon));
    assert_eq!(
        band(d(2026, 4, 14), today),
        Some(DueBand::Soon),
        "two weeks on, into April"
    );
    assert_eq!(band(d(2026, 4, 15), today), None);
    let early = d(2026, 3, 2);
    assert_eq!(band(d(2026, 3, 20), early), Some(DueBand::ThisMonth));
    assert_eq!(band(d(2026, 4, 1), early), None);
}

#[test]
fn a_reminder_counts_for_the_set_days() {
    let today = d(2026, 3, 31);
    assert!(reminded_recently(Some(d(2026, 3, 2)), today, 30));
    assert!(!reminded_recently(Some(d(2026, 3, 1)), today, 30));
    assert!(!reminded_recently(None, today, 30));
}

#[test]
fn the_lost_cut_off_falls_on_the_month_end() {
    assert_eq!(lost_cut_off(d(2026, 3, 31), 1), d(2026, 2, 28));
    assert_eq!(lost_cut_off(d(2024, 2, 29), 12), d(2023, 2, 28));
    assert_eq!(lost_cut_off(d(2026, 12, 31), 12), d(2025, 12, 31));
    assert_eq!(lost_cut_off(d(2026, 5, 31), 3), d(2026, 2, 28));
}

#[test]
fn at_the_walk_around_only_an_extra_digit_is_asked() {
    use super::doubt::question_at_intake;
    let history = [r(d(2026, 1, 1), 40_000), r(d(2026, 3, 1), 45_000)];
    assert_eq!(
        question_at_intake(&history, d(2026, 3, 20), 460_000),
        Some(Reason::OdometerDoubtfulJump)
    );
    assert_eq!(
        question_at_intake(&history, d(2026, 3, 4), 52_000),
        None,
        "a long trip"
    );
    assert_eq!(
        question_at_intake(&history, d(2026, 3, 20), 44_000),
        None,
        "lower has its own rule"
    );
}
