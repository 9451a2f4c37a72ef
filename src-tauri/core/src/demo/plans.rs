//! Who brings which car in when, and for what: about three customers in ten have one to
//! three past jobs (vans and light trucks more), spread over the years the way a shop's
//! work comes — busier in spring before the holidays and before winter, quiet around
//! Chinese New Year — each with its repair category; a car back within weeks of its last
//! job is a comeback of it. And the few jobs at the shop today, in every state.
use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

use super::jobs::Owner;
use super::repairs::{self, Work};
use super::rng::Rng;
use super::running_over;
use crate::booking::BookingSettings;
use crate::domain::care::VehicleKind;
use crate::ids::VehicleId;
use crate::work_order::WorkOrderStatus;

pub(super) struct Plan {
    pub owner: usize,
    pub vehicle: VehicleId,
    pub opened_at: NaiveDateTime,
    pub last: WorkOrderStatus,
    /// Closed at the desk with its money after the jobs are written (see `settled`).
    pub settle: bool,
    /// The job left running over its planned hours (see `running_over`).
    pub over: bool,
    /// A promise set for it rather than drawn: the job behind the one running over.
    pub promise: Option<NaiveDateTime>,
    pub work: Work,
    /// A comeback: when the earlier job of the same car it came back for was opened.
    pub comeback_of: Option<NaiveDateTime>,
}

/// Chinese New Year's day of the years a demo shop spans.
const NEW_YEARS: &[(i32, u32, u32)] = &[
    (2019, 2, 5),
    (2020, 1, 25),
    (2021, 2, 12),
    (2022, 2, 1),
    (2023, 1, 22),
    (2024, 2, 10),
    (2025, 1, 29),
    (2026, 2, 17),
    (2027, 2, 6),
    (2028, 1, 26),
    (2029, 2, 13),
    (2030, 2, 3),
];

/// How likely a car comes in on `day`, in percent of the busiest days.
pub(super) fn season(day: NaiveDate) -> u64 {
    let new_year = NEW_YEARS
        .iter()
        .find(|(y, _, _)| *y == day.year())
        .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(*y, *m, *d));
    if new_year.is_some_and(|ny| (-7..=12).contains(&(day - ny).num_days())) {
        return 12; // shut for the holiday, quiet either side
    }
    match (day.month(), day.day()) {
        (3, 15..) | (4, _) => 100,   // before Qingming and May Day
        (9, 10..) => 100,            // before National Day
        (11, _) | (12, ..=15) => 95, // before winter
        (1, _) | (6, ..=20) => 85,   // before the new year, the Dragon Boat Festival
        (7 | 8, _) => 60,            // the summer heat
        _ => 70,
    }
}

fn heavy_use(kind: Option<&VehicleKind>) -> bool {
    matches!(kind, Some(VehicleKind::Van | VehicleKind::LightTruck))
}

/// A day between `from` and `latest` as the seasons have it.
fn busy_day(rng: &mut Rng, from: NaiveDateTime, latest: NaiveDateTime) -> NaiveDate {
    let span = (latest - from).num_minutes();
    let mut day = from.date();
    for _ in 0..8 {
        day = (from + Duration::minutes(rng.range(0, span))).date();
        if rng.below(100) < season(day) {
            break;
        }
    }
    day
}

pub(super) fn past(
    rng: &mut Rng,
    owners: &[Owner],
    kinds: &HashMap<VehicleId, VehicleKind>,
    now: NaiveDateTime,
) -> Vec<Plan> {
    let latest = now - Duration::days(2);
    let mut plans = Vec::new();
    for (i, owner) in owners.iter().enumerate() {
        if owner.vehicles.is_empty() || !rng.percent(30) {
            continue;
        }
        let fleet = owner.vehicles.iter().any(|v| heavy_use(kinds.get(v)));
        let first = plans.len();
        for _ in 0..rng.range(1, if fleet { 4 } else { 3 }) {
            if (latest - owner.filed_at).num_minutes() < 24 * 60 {
                break;
            }
            let day = busy_day(rng, owner.filed_at, latest);
            let Some(opened_at) =
                day.and_hms_opt(rng.range(8, 16) as u32, rng.range(0, 59) as u32, 0)
            else {
                continue;
            };
            let vehicle = *rng.pick(&owner.vehicles);
            plans.push(Plan {
                owner: i,
                vehicle,
                opened_at,
                last: WorkOrderStatus::Collected,
                settle: false,
                over: false,
                promise: None,
                work: repairs::draw(rng, heavy_use(kinds.get(&vehicle))),
                comeback_of: None,
            });
        }
        comebacks(rng, &mut plans[first..]);
    }
    plans
}

/// Now and then a car's next job is a comeback of its last: moved to a few weeks after
/// it (never past where it was, so the car's jobs stay in order).
fn comebacks(rng: &mut Rng, mine: &mut [Plan]) {
    mine.sort_by_key(|p| p.opened_at);
    for i in 1..mine.len() {
        let Some(prev) = (0..i).rev().find(|&j| mine[j].vehicle == mine[i].vehicle) else {
            continue;
        };
        if mine[prev].comeback_of.is_some() || !rng.percent(15) {
            continue;
        }
        let before = mine[prev].opened_at;
        let back = before + Duration::days(rng.range(3, 25)) + Duration::minutes(rng.range(0, 300));
        if back < mine[i].opened_at {
            mine[i].opened_at = back;
            mine[i].work = repairs::comeback(mine[prev].work.system);
            mine[i].comeback_of = Some(before);
        }
    }
}

pub(super) fn today(
    rng: &mut Rng,
    owners: &[Owner],
    now: NaiveDateTime,
    settings: &BookingSettings,
) -> Vec<Plan> {
    use WorkOrderStatus::*;
    let stages = [Open, CheckedIn, InWorkshop, Ready, InWorkshop, Open];
    let mut plans = Vec::new();
    for last in stages.into_iter().take(owners.len()) {
        let owner = rng.below(owners.len() as u64) as usize;
        if let Some(&vehicle) = owners[owner].vehicles.first() {
            let opened_at = now - Duration::minutes(rng.range(20, 300));
            plans.push(Plan {
                owner,
                vehicle,
                opened_at,
                last,
                settle: false,
                over: false,
                promise: None,
                work: repairs::draw(rng, false),
                comeback_of: None,
            });
        }
    }
    // The first job in the workshop runs over; the first not there yet is promised
    // before it can finish, to the same team.
    let over = plans.iter().position(|p| p.last == InWorkshop);
    if let (Some(o), Some((opened_at, promise))) = (over, running_over::times(now, settings)) {
        (plans[o].opened_at, plans[o].over) = (opened_at, true);
        if let Some(b) = plans
            .iter()
            .position(|p| matches!(p.last, Open | CheckedIn))
        {
            plans[b].promise = Some(promise);
        }
    }
    plans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn the_shop_is_busier_before_the_holidays_and_quiet_at_chinese_new_year() {
        assert!(season(day(2026, 2, 18)) < season(day(2026, 5, 20)));
        assert!(season(day(2026, 4, 10)) > season(day(2026, 5, 20)));
        assert!(season(day(2026, 9, 25)) > season(day(2026, 8, 10)));
        assert!(season(day(2026, 11, 20)) > season(day(2026, 10, 20)));
    }
}
