//! Kilometres a day from a vehicle's readings, robust to a typo: readings the desk kept
//! as doubtful are left out, and of the rest only the longest run that never goes back
//! (by date) is believed, so one wild reading cannot drag the trend.
use chrono::NaiveDate;

use crate::domain::care::KmReading;

/// At most this many of the latest readings are read (a lifetime of visits).
const MAX_READINGS: usize = 400;
/// A trend needs readings at least this many days apart.
const MIN_SPAN_DAYS: i64 = 7;
/// No car is driven more than this on average; a faster trend is not believed.
pub const MAX_KM_PER_DAY: f64 = 1_000.0;

/// The readings believed, oldest first: not doubtful, and the longest run whose km
/// never fall as the dates go on (a later reading wins a tie).
pub fn clean_chain(readings: &[KmReading]) -> Vec<KmReading> {
    let mut sorted: Vec<KmReading> = readings.iter().filter(|r| !r.doubtful).copied().collect();
    sorted.sort_by_key(|r| r.on);
    if sorted.len() > MAX_READINGS {
        sorted.drain(..sorted.len() - MAX_READINGS);
    }
    // Longest non-decreasing run by km, O(n²) over a vehicle's few hundred readings;
    // of equally long runs the one ending latest wins.
    let n = sorted.len();
    let mut best = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if sorted[j].km <= sorted[i].km && best[j] + 1 >= best[i] {
                best[i] = best[j] + 1;
                prev[i] = j;
            }
        }
    }
    let Some(mut at) = (0..n).max_by_key(|&i| best[i]) else {
        return Vec::new();
    };
    let mut chain = Vec::with_capacity(best[at]);
    loop {
        chain.push(sorted[at]);
        if prev[at] == usize::MAX {
            break;
        }
        at = prev[at];
    }
    chain.reverse();
    chain
}

/// Km per day from the first to the last believed reading, when they are far enough
/// apart in time and the pace is one a car can keep.
pub fn km_per_day(chain: &[KmReading]) -> Option<f64> {
    let (first, last) = (chain.first()?, chain.last()?);
    let days = (last.on - first.on).num_days();
    if days < MIN_SPAN_DAYS {
        return None;
    }
    let rate = (last.km - first.km) as f64 / days as f64;
    (0.0..=MAX_KM_PER_DAY).contains(&rate).then_some(rate)
}

/// The km on `day`: read, or estimated from the trend (then `true`).
pub fn km_on(chain: &[KmReading], day: NaiveDate) -> Option<(i64, bool)> {
    if let Some(r) = chain.iter().rev().find(|r| r.on == day) {
        return Some((r.km, false));
    }
    let rate = km_per_day(chain);
    let before = chain.iter().rev().find(|r| r.on <= day);
    let after = chain.iter().find(|r| r.on > day);
    match (before, after, rate) {
        (Some(b), Some(a), _) => {
            let span = (a.on - b.on).num_days().max(1) as f64;
            let part = (day - b.on).num_days() as f64 / span;
            Some((b.km + ((a.km - b.km) as f64 * part).round() as i64, true))
        }
        (Some(b), None, Some(rate)) => Some((
            b.km + (rate * (day - b.on).num_days() as f64).round() as i64,
            true,
        )),
        (None, Some(a), _) => Some((a.km, true)),
        _ => None,
    }
}
