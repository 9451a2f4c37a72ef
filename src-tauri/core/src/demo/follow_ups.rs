//! The demo shop's follow-up calls (跟踪回访): over the cars that left in its recent past,
//! the calls the desk made in their windows — most reached on the first try, some after a
//! try nobody answered, a few never made (missed), some customers unhappy and one problem
//! passed to the supervisor and not yet reported — through the desk's own use case, the
//! same for the same seed.
use chrono::{Days, Duration, NaiveDate, NaiveDateTime, NaiveTime};

use super::rng::Rng;
use crate::error::Result;
use crate::follow_up::window::{first_window, second_window, Window};
use crate::follow_up::{CallStage, CarRuns, FollowUpCallInput};
use crate::ids::{CustomerId, WorkOrderId};
use crate::store::{customers, follow_ups, Store};

const ADVISOR: &str = "周敏";

/// How far back the demo's calls go, and for at most how many of the cars that left.
const CALLS_DAYS: i64 = 90;
const CALLS_MOST: usize = 400;

const HAPPY: [&str; 5] = [
    "车况很好，谢谢 Runs well, thanks",
    "刹车好多了 The brakes are much better",
    "没有问题 No problems",
    "空调很凉 The air-con is cold again",
    "服务很周到 Very attentive service",
];

const UNHAPPY: [&str; 4] = [
    "刹车还是有异响 The brakes still squeal",
    "等了太久 Waited far too long",
    "发动机灯又亮了 The engine light is back on",
    "车里有油污 Grease left on the seat",
];

/// A calling moment on `day`: in the morning or the afternoon calling hours.
fn moment(rng: &mut Rng, day: NaiveDate) -> NaiveDateTime {
    let minute = if rng.percent(55) {
        9 * 60 + rng.range(0, 110)
    } else {
        16 * 60 + rng.range(0, 140)
    };
    day.and_time(NaiveTime::MIN) + Duration::minutes(minute)
}

/// A day of `w` up to yesterday, early in the window more often than late.
fn day_in(rng: &mut Rng, w: Window, now: NaiveDateTime) -> Option<NaiveDate> {
    let last = w.to.min(now.date().checked_sub_days(Days::new(1))?);
    let span = (last - w.from).num_days();
    if span < 0 {
        return None;
    }
    let offset = rng.range(0, span.min(2)).max(0) as u64;
    w.from.checked_add_days(Days::new(offset))
}

fn reached(rng: &mut Rng, stage: CallStage, km: Option<(NaiveDate, i64)>) -> FollowUpCallInput {
    let score = match rng.below(100) {
        0..=5 => 1,
        6..=11 => 2,
        12..=19 => 3,
        20..=49 => 4,
        _ => 5,
    };
    let unhappy = score <= 2;
    FollowUpCallInput {
        stage,
        reached: true,
        car_runs: if unhappy && rng.percent(60) {
            CarRuns::NotRight
        } else {
            CarRuns::Well
        },
        score: Some(score),
        words: (*rng.pick(if unhappy { &UNHAPPY[..] } else { &HAPPY[..] })).to_string(),
        next_service_date: km.map(|k| k.0),
        next_service_km: km.map(|k| k.1),
        new_service: if rng.percent(10) {
            "想做四轮定位 Wants a wheel alignment".into()
        } else {
            String::new()
        },
        needs_supervisor: false,
        problem: String::new(),
        called_by: ADVISOR.into(),
    }
}

fn not_reached(stage: CallStage) -> FollowUpCallInput {
    FollowUpCallInput {
        stage,
        reached: false,
        car_runs: CarRuns::NotAsked,
        score: None,
        words: String::new(),
        next_service_date: None,
        next_service_km: None,
        new_service: String::new(),
        needs_supervisor: false,
        problem: String::new(),
        called_by: ADVISOR.into(),
    }
}

/// Makes one stage's calls in window `w`; the day someone was reached, if anyone was.
fn stage_calls(
    store: &Store,
    rng: &mut Rng,
    id: WorkOrderId,
    stage: CallStage,
    w: Window,
    supervisor_left: &mut bool,
    now: NaiveDateTime,
) -> Result<(u32, Option<NaiveDate>)> {
    // A window still open is mostly left for the desk (always when it opened in the last
    // two days): today's list has its calls.
    let called_early = rng.percent(30);
    let fresh = w.from >= now.date() - Duration::days(2);
    if w.to >= now.date() && (fresh || !called_early) {
        return Ok((0, None));
    }
    let Some(day) = day_in(rng, w, now) else {
        return Ok((0, None));
    };
    let roll = rng.below(100);
    if roll < 12 {
        return Ok((0, None)); // never called: missed once the window closes
    }
    let mut at = moment(rng, day);
    let mut made = 0;
    if roll < 25 {
        store.record_follow_up_call(id, &not_reached(stage), at)?;
        made += 1;
        at += Duration::hours(6);
        if at >= now || at.date() > w.to || roll < 16 {
            return Ok((made, None));
        }
    }
    let next = store.next_service_for(id)?;
    let mut input = reached(rng, stage, next);
    if *supervisor_left && input.score == Some(1) {
        input.needs_supervisor = true;
        input.problem = "要求赔偿误工费 Asks to be paid for the lost day".into();
        *supervisor_left = false;
    }
    store.record_follow_up_call(id, &input, at)?;
    Ok((made + 1, Some(at.date())))
}

/// A car that left three days ago, in its first call's window, so that even a small shop
/// has a call due today: unless a job of `left` (index, opened, customer) was opened in
/// the last week, the latest one from before the calls this demo makes (`CALLS_DAYS`) of
/// a customer who agreed to be called is to be moved there (the index and the new opening
/// time), before the jobs are written; the calls of the recent past stay as drawn.
pub(super) fn one_to_call(
    store: &Store,
    left: &[(usize, NaiveDateTime, CustomerId)],
    now: NaiveDateTime,
) -> Result<Option<(usize, NaiveDateTime)>> {
    let at = (now.date() - Duration::days(3))
        .and_time(NaiveTime::from_hms_opt(9, 30, 0).unwrap_or_default());
    let week = now - Duration::days(7);
    if left
        .iter()
        .any(|(_, opened, _)| (week..at).contains(opened))
    {
        return Ok(None);
    }
    let before_calls = now - Duration::days(CALLS_DAYS);
    let mut latest: Vec<_> = (left.iter())
        .filter(|(_, opened, _)| *opened < before_calls)
        .collect();
    latest.sort_by_key(|(_, opened, _)| std::cmp::Reverse(*opened));
    for (i, _, customer) in latest {
        if store.with_conn(|c| Ok(customers::load(c, *customer)?.agrees_to_follow_up))? {
            return Ok(Some((*i, at)));
        }
    }
    Ok(None)
}

/// Makes the calls of every car that left in the demo's recent past; how many were made.
pub(super) fn generate(store: &Store, seed: u64, now: NaiveDateTime) -> Result<u32> {
    let mut rng = Rng::new(seed ^ 0x0F01_10F0);
    store.follow_up_queue(now)?;
    let s = store.follow_up_settings()?;
    let from = now - Duration::days(CALLS_DAYS);
    let plans = store.with_conn(|c| follow_ups::plans_left_between(c, from, now))?;
    // A big shop's recent past is called for its latest cars only: enough for the lists.
    let latest = &plans[plans.len().saturating_sub(CALLS_MOST)..];
    let mut made = 0;
    let mut supervisor_left = true;
    for p in latest.iter().filter(|p| p.agrees) {
        if !(p.picked || p.overhaul || p.no_fault_found || p.service_mistake) {
            continue;
        }
        let Some(w1) = first_window(p.left_at.date(), &s) else {
            continue;
        };
        let (n, first) = stage_calls(
            store,
            &mut rng,
            p.work_order_id,
            CallStage::First,
            w1,
            &mut supervisor_left,
            now,
        )?;
        made += n;
        if first.is_none() && now.date() <= w1.to {
            continue; // the first window is still open: its call is on today's list
        }
        let Some(w2) = second_window(w1, first, &s) else {
            continue;
        };
        if rng.percent(70) {
            let (n, _) = stage_calls(
                store,
                &mut rng,
                p.work_order_id,
                CallStage::Second,
                w2,
                &mut supervisor_left,
                now,
            )?;
            made += n;
        }
    }
    Ok(made)
}
