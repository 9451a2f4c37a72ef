//! Questioning a reading as it is typed: below the reading before it, above one after
//! it, or further ahead than the vehicle's own pace allows (the extra zero: 45,000 typed
//! as 450,000). The desk confirms to keep it; kept, it is marked and never projected from.
use chrono::NaiveDate;

use crate::domain::care::KmReading;
use crate::reason::Reason;
use crate::service_due::trend::{clean_chain, km_per_day};

/// With a known pace, a reading may run ahead of it this many times before it is asked.
const PACE_TIMES: f64 = 3.0;
/// Always allowed on top, for a short gap or a long trip.
const SLACK_KM: f64 = 2_000.0;
/// Without a pace: more than this a day since the last reading is asked.
const UNKNOWN_PACE_KM_PER_DAY: f64 = 1_000.0;

/// Why a new reading of `km` on `on` is doubtful against the history, or `None`.
pub fn question(history: &[KmReading], on: NaiveDate, km: i64) -> Option<Reason> {
    let chain = clean_chain(history);
    let before = chain.iter().rev().find(|r| r.on <= on);
    let after = chain.iter().find(|r| r.on > on);
    if before.is_some_and(|b| km < b.km) || after.is_some_and(|a| km > a.km) {
        return Some(Reason::OdometerDoubtfulBelow);
    }
    let b = before?;
    let days = (on - b.on).num_days() as f64;
    let allowed = match km_per_day(&chain) {
        Some(rate) => PACE_TIMES * rate * days.max(1.0) + SLACK_KM,
        None => UNKNOWN_PACE_KM_PER_DAY * days + SLACK_KM,
    };
    ((km - b.km) as f64 > allowed).then_some(Reason::OdometerDoubtfulJump)
}

/// At the walk-around the car is in front of the desk and the reading below the last one
/// has its own rule: only a reading many times what the history leads to (an extra digit)
/// is asked, counted from the latest reading believed, so a long trip never is.
pub fn question_at_intake(history: &[KmReading], on: NaiveDate, km: i64) -> Option<Reason> {
    const TIMES_EXPECTED: i64 = 6;
    let chain = clean_chain(history);
    let last = chain.last()?;
    let on = on.max(last.on);
    let days = (on - last.on).num_days() as f64;
    let expected = last.km + km_per_day(&chain).map_or(0.0, |rate| rate * days) as i64;
    let jump = question(history, on, km) == Some(Reason::OdometerDoubtfulJump);
    (jump && km >= TIMES_EXPECTED * expected.max(1)).then_some(Reason::OdometerDoubtfulJump)
}
