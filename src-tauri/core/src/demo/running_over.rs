//! The demo's workshop today: one job running over its planned hours (six hours planned,
//! a little more worked since its sheet was handed over), the next job of the same team
//! promised before it can finish, and — when the job came with a bay from its booking — a
//! car booked into that bay before then: so a newcomer sees Today's "Running over" list,
//! the job's notice, the promises at risk and the board's mark. The times are found in the shop's working
//! hours back and forward from `now`, so the picture holds at any day and hour.
use chrono::{Duration, NaiveDateTime, Timelike};

use super::jobs::Owner;
use crate::booking::overrun::remaining_minutes;
use crate::booking::working_time::{after_working_minutes, working_minutes_between};
use crate::booking::{check_appointment, AppointmentInput, BookingSettings};
use crate::domain::dispatch::{DispatchInput, DispatchItem, DispatchMode};
use crate::error::Result;
use crate::ids::WorkOrderId;
use crate::store::Store;

const TEAM: &str = "陈师傅";
const DISPATCHER: &str = "周敏";
/// The over-running job's items and planned minutes.
const PLANNED: &[(&str, u32)] = &[
    ("更换正时皮带 Timing belt", 240),
    ("更换水泵 Water pump", 120),
];
/// How far over it is when the demo is made.
const OVER_MINUTES: u32 = 70;
/// How soon after `now`, in working minutes, the job behind it is promised.
const BEHIND_IN: u32 = 40;
/// How soon after `now`, in working minutes, a car is booked into its bay.
const BOOKED_IN: u32 = 50;

fn planned() -> u32 {
    PLANNED.iter().map(|(_, m)| m).sum()
}

/// `at` on its ten-minute mark, or the next one.
fn ten_up(at: NaiveDateTime) -> NaiveDateTime {
    let base = at
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(at);
    let into = i64::from(base.minute() % 10);
    if into == 0 && base == at {
        at
    } else {
        base + Duration::minutes(10 - into)
    }
}

/// When the over-running job is opened (its car signed for and its sheet handed over 40
/// minutes later, on a ten-minute mark) and when the job behind it is promised; `None`
/// when the shop's hours leave no such picture.
pub(super) fn times(
    now: NaiveDateTime,
    settings: &BookingSettings,
) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let needed = planned() + OVER_MINUTES;
    let mut handed = ten_up(now) - Duration::minutes(10);
    // Back ten minutes at a time, at most three weeks, until enough work lies behind.
    for _ in 0..(21 * 24 * 6) {
        if working_minutes_between(handed, now, settings) >= needed {
            break;
        }
        handed -= Duration::minutes(10);
    }
    if working_minutes_between(handed, now, settings) < needed {
        return None;
    }
    let promise = ten_up(after_working_minutes(now, BEHIND_IN, settings)?);
    let finish = after_working_minutes(now, remaining_minutes(planned()), settings)?;
    (promise < finish).then_some((handed - Duration::minutes(40), promise))
}

/// The dispatch sheets: the over-running job handed over 40 minutes after it was opened,
/// and the job behind it waiting for the same team.
pub(super) fn dispatch(
    store: &Store,
    running: (WorkOrderId, NaiveDateTime),
    behind: Option<WorkOrderId>,
    now: NaiveDateTime,
) -> Result<()> {
    let sheet = |items: Vec<DispatchItem>, handed_at| DispatchInput {
        mode: DispatchMode::SingleTeam,
        assigned_to: TEAM.into(),
        items,
        handed_at,
        dispatched_by: DISPATCHER.into(),
    };
    let items = PLANNED
        .iter()
        .map(|(d, m)| DispatchItem {
            description: (*d).into(),
            planned_minutes: *m,
        })
        .collect();
    let (id, opened_at) = running;
    store.save_dispatch(
        id,
        &sheet(items, Some(opened_at + Duration::minutes(40))),
        now,
    )?;
    if let Some(id) = behind {
        let item = DispatchItem {
            description: "机油机滤保养 Oil and filter".into(),
            planned_minutes: 60,
        };
        store.save_dispatch(id, &sheet(vec![item], None), now)?;
    }
    Ok(())
}

/// Books a car into the over-running job's bay before it can finish, through the desk's
/// own booking; returns how many bookings were made (none when the job has no bay, or
/// the time falls outside the shop's hours).
pub(super) fn book_into_its_bay(
    store: &Store,
    owners: &[Owner],
    now: NaiveDateTime,
) -> Result<i64> {
    let settings = store.booking_settings()?;
    let Some(over) = store.running_over(now)?.into_iter().next() else {
        return Ok(0);
    };
    let (Some(bay), Some(at)) = (over.bay, after_working_minutes(now, BOOKED_IN, &settings)) else {
        return Ok(0);
    };
    let Some((owner, vehicle, chinese)) = owners
        .iter()
        .find_map(|o| Some((o.customer, *o.vehicles.last()?, o.chinese)))
    else {
        return Ok(0);
    };
    let input = AppointmentInput {
        customer_id: Some(owner),
        vehicle_id: Some(vehicle),
        caller: None,
        starts_at: ten_up(at),
        duration_minutes: 60,
        bay,
        wanted_work: if chinese {
            "换四条轮胎"
        } else {
            "Four new tyres"
        }
        .into(),
        parts: Vec::new(),
        expected_price_minor: None,
        bring_handbook: false,
        booked_by: DISPATCHER.into(),
        note: String::new(),
        accept_overfill: true,
    };
    if input.starts_at >= over.projected_finish || !check_appointment(&input, &settings).is_empty()
    {
        return Ok(0);
    }
    store.book_appointment(&input, now)?;
    Ok(1)
}
