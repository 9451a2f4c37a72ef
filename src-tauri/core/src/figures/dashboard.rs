//! The dashboard's rules: a fraction from two counts, the trade's ratios from the
//! period's lines, a figure's value in its unit and its green / amber / red band, the
//! checks of a month's target and of a band, the share of a target due by a day, and
//! when a job counts as late against its promise. Pure.
use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::domain::figures_dashboard::{
    Band, ComebackLines, DashboardFigures, FigureBand, FigureKey, FigureStanding, Ratio, RatioKey,
    TargetInput, TradeRatio,
};
use crate::error::FieldIssue;
use crate::reason::Reason;

/// The most cars a month's target may name: far above any one shop, low enough to catch
/// a slipped key.
pub const MAX_TARGET_CARS: i64 = 100_000;
/// The most money a month's target may name, in minor units (ten thousand million).
pub const MAX_TARGET_MINOR: i64 = 1_000_000_000_000;
/// The largest threshold a band may hold, in any unit.
pub const MAX_THRESHOLD: i64 = 1_000_000_000_000;

/// `num ÷ den`, `None` when nothing was counted.
pub fn ratio(num: i64, den: i64) -> Option<Ratio> {
    (den > 0).then_some(Ratio { num, den })
}

/// The ratio scaled to an integer (`scale` 10,000 for basis points), rounded down.
pub fn scaled(r: Ratio, scale: i64) -> i64 {
    let v = i128::from(r.num) * i128::from(scale) / i128::from(r.den);
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Comebacks among the jobs out, and the first-time fixes as the rest: the two always add
/// up to the jobs out, so the rates add up to one.
pub fn comeback_lines(jobs_out: u32, comebacks: u32) -> ComebackLines {
    let comebacks = comebacks.min(jobs_out);
    let out = i64::from(jobs_out);
    ComebackLines {
        jobs_out,
        comebacks,
        comeback_rate: ratio(i64::from(comebacks), out),
        first_time_fix: ratio(out - i64::from(comebacks), out),
    }
}

/// Late against its promise: promised before `at`, and ready (the pickup check) after the
/// promise or not yet at all.
pub fn is_late_job(
    promised: NaiveDateTime,
    ready: Option<NaiveDateTime>,
    at: NaiveDateTime,
) -> bool {
    promised < at && ready.is_none_or(|r| r > promised)
}

/// The trade's ratios of the period, in the order the dashboard shows them.
pub fn trade_ratios(f: &DashboardFigures) -> Vec<TradeRatio> {
    RatioKey::ALL
        .into_iter()
        .map(|key| TradeRatio {
            key,
            value: match key {
                RatioKey::AverageRepairOrder => {
                    ratio(f.revenue.revenue_minor, i64::from(f.revenue.jobs))
                }
                // Minor units per hour: the hours are in thousandths.
                RatioKey::EffectiveLabourRate => ratio(
                    f.revenue.labour_minor.saturating_mul(1_000),
                    f.revenue.hours_sold_milli,
                ),
                RatioKey::CloseRatio => f.additional.close_ratio,
                RatioKey::ShowRate => f.appointments.show_rate,
            },
            definition_key: format!("dashboard.ratio.{}.definition", key.as_str()),
        })
        .collect()
}

/// A figure's value in its unit (`FigureKey::unit`); `None` when it cannot be counted.
pub fn figure_value(f: &DashboardFigures, key: FigureKey) -> Option<i64> {
    let bp = |r: Option<Ratio>| r.map(|r| scaled(r, 10_000));
    let money = |k: RatioKey| {
        trade_ratios(f)
            .into_iter()
            .find(|r| r.key == k)
            .and_then(|r| r.value)
            .map(|r| scaled(r, 1))
    };
    match key {
        FigureKey::ComebackRate => bp(f.comebacks.comeback_rate),
        FigureKey::FirstTimeFix => bp(f.comebacks.first_time_fix),
        FigureKey::ShowRate => bp(f.appointments.show_rate),
        FigureKey::CloseRatio => bp(f.additional.close_ratio),
        FigureKey::AverageRepairOrder => money(RatioKey::AverageRepairOrder),
        FigureKey::EffectiveLabourRate => money(RatioKey::EffectiveLabourRate),
        FigureKey::SatisfactionMean => f.satisfaction.mean.map(|r| scaled(r, 100)),
        FigureKey::ComplaintsLate => Some(i64::from(f.complaints.late)),
        FigureKey::JobsLate => Some(i64::from(f.neglected.jobs_late)),
        FigureKey::CallsMissed => Some(i64::from(f.neglected.calls_missed)),
        FigureKey::LostCustomers => Some(i64::from(f.lost_customers)),
    }
}

/// The band of `value`: green at the green threshold or better, red at the red one or
/// worse, amber between.
pub fn band_of(band: &FigureBand, value: i64) -> Band {
    let (better_or_equal, worse_or_equal) = if band.higher_is_better {
        (value >= band.green, value <= band.red)
    } else {
        (value <= band.green, value >= band.red)
    };
    if better_or_equal {
        Band::Green
    } else if worse_or_equal {
        Band::Red
    } else {
        Band::Amber
    }
}

/// Every bandable figure with its value and, where the supervisor set one, its band.
pub fn standings(f: &DashboardFigures, bands: &[FigureBand]) -> Vec<FigureStanding> {
    FigureKey::ALL
        .into_iter()
        .map(|figure| {
            let value = figure_value(f, figure);
            let band = bands.iter().find(|b| b.figure == figure);
            FigureStanding {
                figure,
                unit: figure.unit(),
                value,
                band: value.zip(band).map(|(v, b)| band_of(b, v)),
            }
        })
        .collect()
}

/// A band's checks: thresholds within bounds (rates 0–100 %, nothing negative), and the
/// green threshold strictly better than the red one, so amber lies between them.
pub fn check_band(band: &FigureBand) -> Vec<FieldIssue> {
    use crate::domain::figures_dashboard::FigureUnit;
    let max = match band.figure.unit() {
        FigureUnit::BasisPoints => 10_000,
        FigureUnit::Hundredths => 500,
        FigureUnit::Minor | FigureUnit::Count => MAX_THRESHOLD,
    };
    let mut issues = Vec::new();
    for (field, v) in [("green", band.green), ("red", band.red)] {
        if !(0..=max).contains(&v) {
            issues.push(FieldIssue::new(field, Reason::BandValue));
        }
    }
    let ordered = if band.higher_is_better {
        band.green > band.red
    } else {
        band.green < band.red
    };
    if issues.is_empty() && !ordered {
        issues.push(FieldIssue::new("red", Reason::BandOrder));
    }
    issues
}

/// A month's target's checks: a real month, cars and money not below nothing and not
/// past what any one shop could mean.
pub fn check_target(t: &TargetInput) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if NaiveDate::from_ymd_opt(t.year, t.month, 1).is_none() || !(2000..=2200).contains(&t.year) {
        issues.push(FieldIssue::new("month", Reason::TargetMonth));
    }
    if !(0..=MAX_TARGET_CARS).contains(&t.cars) {
        issues.push(FieldIssue::new("cars", Reason::TargetCars));
    }
    if !(0..=MAX_TARGET_MINOR).contains(&t.money_minor) {
        issues.push(FieldIssue::new("moneyMinor", Reason::TargetMoney));
    }
    issues
}

/// The days of `day`'s month, and the first of it.
pub fn month_of(day: NaiveDate) -> (NaiveDate, u32) {
    let first = day.with_day(1).unwrap_or(day);
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    let days = u32::try_from((next - first).num_days()).unwrap_or(30);
    (first, days)
}

/// The part of a month's `target` due by the end of its `days_gone`-th day, rounded down.
pub fn due_by(target: i64, days_gone: u32, days_in_month: u32) -> i64 {
    if days_in_month == 0 {
        return target;
    }
    let v =
        i128::from(target) * i128::from(days_gone.min(days_in_month)) / i128::from(days_in_month);
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// The mean of the `scores` (1–5) as a fraction, `None` with none.
pub fn mean_score(scores: &[u8]) -> Option<Ratio> {
    let sum: i64 = scores.iter().map(|s| i64::from(*s)).sum();
    ratio(sum, scores.len() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(higher: bool, green: i64, red: i64) -> FigureBand {
        FigureBand {
            figure: FigureKey::ShowRate,
            green,
            red,
            higher_is_better: higher,
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn a_value_on_a_threshold_takes_that_band_and_between_is_amber() {
        let b = band(true, 8_000, 6_000);
        assert_eq!(
            band_of(&b, 8_000),
            Band::Green,
            "the green threshold is green"
        );
        assert_eq!(band_of(&b, 7_999), Band::Amber);
        assert_eq!(band_of(&b, 6_001), Band::Amber);
        assert_eq!(band_of(&b, 6_000), Band::Red, "the red threshold is red");
        let lower = FigureBand {
            figure: FigureKey::ComebackRate,
            ..band(false, 200, 500)
        };
        assert_eq!(
            band_of(&lower, 100),
            Band::Green,
            "fewer comebacks is better"
        );
        assert_eq!(band_of(&lower, 300), Band::Amber);
        assert_eq!(band_of(&lower, 900), Band::Red);
    }

    #[test]
    fn a_band_needs_green_better_than_red_and_values_in_bounds() {
        assert!(check_band(&band(true, 8_000, 6_000)).is_empty());
        let codes =
            |b: FigureBand| -> Vec<Reason> { check_band(&b).into_iter().map(|i| i.code).collect() };
        assert_eq!(codes(band(true, 6_000, 8_000)), vec![Reason::BandOrder]);
        assert_eq!(
            codes(band(true, 6_000, 6_000)),
            vec![Reason::BandOrder],
            "no room for amber"
        );
        assert_eq!(codes(band(false, 8_000, 6_000)), vec![Reason::BandOrder]);
        assert_eq!(
            codes(band(true, 10_001, 5_000)),
            vec![Reason::BandValue],
            "a rate stops at 100 %"
        );
        assert_eq!(codes(band(true, 5_000, -1)), vec![Reason::BandValue]);
    }

    #[test]
    fn a_target_needs_a_real_month_and_money_not_below_nothing() {
        let ok = TargetInput {
            year: 2026,
            month: 3,
            cars: 120,
            money_minor: 30_000_000,
        };
        assert!(check_target(&ok).is_empty());
        let bad = TargetInput {
            year: 2026,
            month: 13,
            cars: -1,
            money_minor: -5,
        };
        let fields: Vec<String> = check_target(&bad).into_iter().map(|i| i.field).collect();
        assert_eq!(fields, ["month", "cars", "moneyMinor"]);
        let huge = TargetInput {
            cars: MAX_TARGET_CARS + 1,
            money_minor: MAX_TARGET_MINOR + 1,
            ..ok
        };
        assert_eq!(check_target(&huge).len(), 2, "past sane bounds");
    }

    #[test]
    fn first_time_fix_and_comeback_rate_add_up_to_one() {
        let c = comeback_lines(40, 3);
        let (a, b) = (
            c.comeback_rate.expect("rate"),
            c.first_time_fix.expect("fix"),
        );
        assert_eq!(a.den, b.den);
        assert_eq!(a.num + b.num, a.den);
        assert_eq!(comeback_lines(0, 0).comeback_rate, None, "nothing out");
    }

    #[test]
    fn the_share_due_by_a_day_counts_the_days_gone() {
        assert_eq!(month_of(d(2026, 2, 14)), (d(2026, 2, 1), 28));
        assert_eq!(month_of(d(2028, 2, 29)), (d(2028, 2, 1), 29));
        assert_eq!(month_of(d(2026, 12, 31)), (d(2026, 12, 1), 31));
        assert_eq!(due_by(300, 15, 30), 150);
        assert_eq!(due_by(100, 1, 31), 3, "rounded down");
        assert_eq!(due_by(100, 40, 31), 100, "never past the target");
    }

    #[test]
    fn a_job_is_late_when_not_ready_by_its_promise() {
        let t = |h: u32| d(2026, 3, 3).and_hms_opt(h, 0, 0).unwrap_or_default();
        assert!(is_late_job(t(17), Some(t(18)), t(20)));
        assert!(!is_late_job(t(17), Some(t(17)), t(20)), "ready on the dot");
        assert!(is_late_job(t(17), None, t(20)), "still not ready");
        assert!(!is_late_job(t(17), None, t(16)), "the promise has not come");
    }

    #[test]
    fn a_mean_is_a_fraction_and_scales_down() {
        let m = mean_score(&[5, 4, 4]).expect("mean");
        assert_eq!(m, Ratio { num: 13, den: 3 });
        assert_eq!(scaled(m, 100), 433);
        assert_eq!(mean_score(&[]), None);
    }
}
