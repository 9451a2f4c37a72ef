//! The demo shop's appointment book: the last six weeks as they went — most bookings
//! arrived and became the demo's jobs (some of those settled at the desk with a deposit
//! for their parts taken days before, carried onto the job on arrival and applied at its
//! settlement), about one in ten was missed, some were called off, a few deposits kept or
//! given back — and the next two weeks partly booked, some with a
//! deposit for parts, some new callers, the reminder calls made for the ones due. Written
//! through the store's SQL, oldest booking first, so the APPT numbers run in date order.
use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::jobs::Owner;
use super::people::{self, Origin};
use super::rng::Rng;
use super::{cars, reject_if_invalid};
use crate::booking::capacity::{available_minutes, hours_of};
use crate::booking::reminder::reminder_due;
use crate::booking::{check_appointment, least_deposit, parts_total, BookingSettings};
use crate::domain::appointment::{
    AppointmentInput, AppointmentStatus, CallOutcome, CallerContact, DepositInput, DepositState,
    PartToPrepare, ReminderCallInput,
};
use crate::domain::settlement::PaymentMethod;
use crate::error::Result;
use crate::ids::{CustomerId, VehicleId, WorkOrderId};
use crate::store::numbering::{self, Series};
use crate::store::{appointment_deposits, appointments, work_orders, Store};

/// How far back the book goes, in days.
const PAST_DAYS: i64 = 42;
/// How far ahead it is partly booked, in days.
const AHEAD_DAYS: i64 = 14;
const ADVISORS: &[&str] = &["周敏", "陈志强", "Lisa Wong"];
const SUPERVISOR: &str = "王经理";
/// (what the caller said in Chinese, in English)
const WANTED: &[(&str, &str)] = &[
    (
        "该做保养了，顺便检查刹车",
        "Due for a service, please check the brakes",
    ),
    ("空调不凉", "A/C blows warm air"),
    ("发动机故障灯亮了", "Engine light came on"),
    ("换四条轮胎", "Four new tyres"),
    ("早上打不着火", "Hard to start in the morning"),
    ("年检前检查一下", "Check-up before the annual inspection"),
];
/// Parts ordered for a booking: (description, unit price in minor units).
const PARTS: &[(&str, i64)] = &[
    ("前刹车片 Front brake pads", 35_000),
    ("蓄电池 Battery 60Ah", 65_000),
    ("正时皮带套件 Timing belt kit", 128_000),
    ("空调压缩机 A/C compressor", 260_000),
    ("轮胎 Tyre 225/45 R17", 68_000),
];
const STARTS: &[(u32, u32)] = &[
    (9, 0),
    (9, 30),
    (10, 0),
    (10, 30),
    (11, 0),
    (13, 30),
    (14, 0),
    (15, 0),
];

/// One booking to write, with how it went.
struct Planned {
    input: AppointmentInput,
    booked_at: NaiveDateTime,
    end: End,
    deposit: Option<(i64, Option<DepositState>)>,
    calls: Vec<(NaiveDateTime, CallOutcome)>,
}

enum End {
    Open,
    Arrived(WorkOrderId, NaiveDateTime),
    NoShow(NaiveDateTime),
    Cancelled(NaiveDateTime, &'static str),
}

/// A past job of the demo that may have been booked: (job, customer, vehicle, opened, complaint).
type PastJob = (WorkOrderId, CustomerId, VehicleId, NaiveDateTime, String);

fn past_jobs(store: &Store, since: NaiveDateTime, now: NaiveDateTime) -> Result<Vec<PastJob>> {
    store.with_conn(|conn| crate::store::work_orders::opened_between(conn, since, now))
}

fn booking(who: Who, starts_at: NaiveDateTime, wanted: String, rng: &mut Rng) -> AppointmentInput {
    let (customer_id, vehicle_id, caller) = match who {
        Who::OnFile(c, v) => (Some(c), Some(v), None),
        Who::Caller(c) => (None, None, Some(c)),
    };
    AppointmentInput {
        customer_id,
        vehicle_id,
        caller,
        starts_at,
        duration_minutes: *rng.pick(&[60, 90, 120, 150, 180]),
        bay: rng.range(1, 4) as u32,
        wanted_work: wanted,
        parts: Vec::new(),
        expected_price_minor: None,
        bring_handbook: rng.percent(60),
        booked_by: rng.pick(ADVISORS).to_string(),
        note: String::new(),
        accept_overfill: false,
    }
}

enum Who {
    OnFile(CustomerId, VehicleId),
    Caller(CallerContact),
}

fn someone(rng: &mut Rng, owners: &[Owner]) -> (Who, bool) {
    let owner = &owners[rng.below(owners.len() as u64) as usize];
    match owner.vehicles.first() {
        Some(&v) if !rng.percent(25) => (Who::OnFile(owner.customer, v), owner.chinese),
        _ => {
            let origin = if rng.percent(80) {
                Origin::Mainland
            } else {
                Origin::English
            };
            let new_energy = rng.percent(20);
            let caller = CallerContact {
                name: people::person_name(rng, origin),
                phone: people::mobile(rng, origin),
                plate: cars::plate(rng, origin, new_energy),
            };
            (Who::Caller(caller), origin != Origin::English)
        }
    }
}

fn wanted(rng: &mut Rng, chinese: bool) -> String {
    let (zh, en) = *rng.pick(WANTED);
    if chinese { zh } else { en }.to_string()
}

/// Parts for `share` % of bookings, with the deposit taken for most of them.
fn with_parts(p: &mut Planned, rng: &mut Rng, share: u64) {
    if !rng.percent(share) {
        return;
    }
    let (description, price) = *rng.pick(PARTS);
    let qty = if description.contains("Tyre") { 4 } else { 1 };
    p.input.parts = vec![PartToPrepare {
        description: description.into(),
        qty,
        unit_price_minor: price,
    }];
    let parts = parts_total(&p.input.parts).unwrap_or_default();
    p.input.expected_price_minor = Some(parts + rng.range(2, 8) * 10_000);
    if rng.percent(70) {
        let amount = if rng.percent(50) {
            (parts + 1) / 2
        } else {
            parts
        };
        p.deposit = Some((amount, None));
    }
}

/// The reminder call at its due time, if it fell before `until`.
fn reminded(p: &mut Planned, settings: &BookingSettings, until: NaiveDateTime, rng: &mut Rng) {
    let Some(due) = reminder_due(p.input.starts_at, p.booked_at, settings) else {
        return;
    };
    if due > until {
        return;
    }
    let at = due + Duration::minutes(rng.range(0, 40));
    if rng.percent(15) {
        p.calls.push((at, CallOutcome::NotReached));
        p.calls
            .push((at + Duration::minutes(90), CallOutcome::Confirmed));
    } else {
        p.calls.push((at, CallOutcome::Confirmed));
    }
}

/// The deposit of half the job's first priced service, booked as the part to prepare: the
/// settlement prices that service, so the deposit never exceeds the bill.
fn deposit_for_job(p: &mut Planned, store: &Store, job: WorkOrderId) -> Result<()> {
    let details = store
        .with_conn(|conn| work_orders::load(conn, job))?
        .details;
    let priced = details.services.iter().find_map(|s| {
        let price = s.estimate_minor.filter(|m| *m > 0)?;
        Some((s.description.clone(), price))
    });
    if let Some((description, unit_price_minor)) = priced {
        p.input.parts = vec![PartToPrepare {
            description,
            qty: 1,
            unit_price_minor,
        }];
        p.deposit = Some((least_deposit(unit_price_minor), None));
    }
    Ok(())
}

fn past(
    rng: &mut Rng,
    store: &Store,
    owners: &[Owner],
    settings: &BookingSettings,
    now: NaiveDateTime,
    settled: &HashSet<WorkOrderId>,
) -> Result<Vec<Planned>> {
    let since = now - Duration::days(PAST_DAYS);
    let mut plans = Vec::new();
    let mut bays_today = 0;
    for (job, customer, vehicle, opened_at, complaint) in past_jobs(store, since, now)? {
        if !rng.percent(80) {
            continue;
        }
        // The cars booked in today each have a bay of their own (the job running over
        // and the one behind it share only their team); the rest came without a booking.
        let today = opened_at.date() == now.date();
        if today && bays_today == 4 {
            continue;
        }
        // On the half hour, to the second: a booking's time is exact (预约时间要写明确).
        let starts_at = opened_at
            .date()
            .and_hms_opt(opened_at.hour(), opened_at.minute() / 30 * 30, 0)
            .unwrap_or(opened_at);
        let booked_at = starts_at - Duration::hours(rng.range(26, 7 * 24));
        let mut p = Planned {
            input: booking(Who::OnFile(customer, vehicle), starts_at, complaint, rng),
            booked_at,
            end: End::Arrived(job, opened_at),
            deposit: None,
            calls: Vec::new(),
        };
        if today {
            bays_today += 1;
            p.input.bay = bays_today;
        }
        // Parts ordered and a deposit taken for some of those settled at the desk.
        if settled.contains(&job) && rng.percent(35) {
            deposit_for_job(&mut p, store, job)?;
        }
        reminded(&mut p, settings, starts_at, rng);
        plans.push(p);
        // The missed and the called off: one in nine and one in eleven arrivals beside
        // them, about one in ten and one in thirteen of the book, at any size of shop.
        let k = plans.len();
        for (every, missed) in [(9, true), (11, false)] {
            if k % every != every / 2 {
                continue;
            }
            let (who, chinese) = someone(rng, owners);
            let day = starts_at.date() + Duration::days(rng.range(-3, 3));
            let Some(at) = slot(day, rng, settings) else {
                continue;
            };
            let booked_at = at - Duration::hours(rng.range(26, 6 * 24));
            let end = if missed {
                End::NoShow(at + Duration::minutes(60))
            } else {
                let reason = *rng.pick(&[
                    "客户临时出差 Away on business",
                    "车已在别处修好 Repaired elsewhere",
                ]);
                End::Cancelled(at - Duration::hours(rng.range(3, 20)), reason)
            };
            let mut p = Planned {
                input: booking(who, at, wanted(rng, chinese), rng),
                booked_at,
                end,
                deposit: None,
                calls: Vec::new(),
            };
            // Parts were ordered for most of those the shop waited for in vain.
            with_parts(&mut p, rng, 80);
            if let Some((amount, _)) = p.deposit {
                let kept = if missed {
                    DepositState::Kept
                } else {
                    DepositState::Refunded
                };
                p.deposit = Some((amount, Some(kept)));
            }
            reminded(&mut p, settings, at, rng);
            plans.push(p);
        }
    }
    Ok(plans)
}

/// A booking time on `day` inside the shop's hours, if it is open.
fn slot(day: NaiveDate, rng: &mut Rng, settings: &BookingSettings) -> Option<NaiveDateTime> {
    let hours = hours_of(day, settings)?;
    let (h, m) = *rng.pick(STARTS);
    let minute = h * 60 + m;
    (minute >= hours.from_minute && minute + 60 <= hours.to_minute)
        .then(|| day.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)))
}

fn ahead(
    rng: &mut Rng,
    owners: &[Owner],
    settings: &BookingSettings,
    now: NaiveDateTime,
) -> Result<Vec<Planned>> {
    let mut load: HashMap<NaiveDate, u32> = HashMap::new();
    let mut plans = Vec::new();
    for offset in 0..=AHEAD_DAYS {
        let day = now.date() + Duration::days(offset);
        // Fuller soon, thinner later: the book fills as the days come.
        let count = rng.range(0, if offset <= 5 { 6 } else { 3 });
        for _ in 0..count {
            let Some(at) = slot(day, rng, settings).filter(|at| *at > now) else {
                continue;
            };
            let (who, chinese) = someone(rng, owners);
            let booked_at =
                (now - Duration::hours(rng.range(1, 10 * 24))).min(at - Duration::hours(2));
            let mut p = Planned {
                input: booking(who, at, wanted(rng, chinese), rng),
                booked_at,
                end: End::Open,
                deposit: None,
                calls: Vec::new(),
            };
            let booked = load.entry(day).or_default();
            if *booked + p.input.duration_minutes > available_minutes(day, settings) {
                continue;
            }
            *booked += p.input.duration_minutes;
            with_parts(&mut p, rng, 35);
            reminded(&mut p, settings, now, rng);
            reject_if_invalid(check_appointment(&p.input, settings))?;
            plans.push(p);
        }
    }
    Ok(plans)
}

/// Writes the book; returns how many appointments.
pub(super) fn generate(
    store: &Store,
    owners: &[Owner],
    seed: u64,
    now: NaiveDateTime,
    settled: &HashSet<WorkOrderId>,
) -> Result<i64> {
    if owners.is_empty() {
        return Ok(0);
    }
    let mut rng = Rng::new(seed ^ 0x0A99_0BEE_D00D_5EED);
    let settings = store.booking_settings()?;
    let mut plans = past(&mut rng, store, owners, &settings, now, settled)?;
    plans.extend(ahead(&mut rng, owners, &settings, now)?);
    plans.sort_by_key(|p| p.booked_at);
    store.with_tx(|tx| {
        for p in &plans {
            let issued = numbering::next(tx, Series::Appointment, p.booked_at)?;
            let parts = parts_total(&p.input.parts).unwrap_or_default();
            let id = appointments::insert(tx, &issued, &p.input, parts, p.booked_at)?;
            if let Some((amount, decided)) = p.deposit {
                let input = DepositInput {
                    method: PaymentMethod::Mobile,
                    amount_minor: amount,
                    tendered_minor: None,
                    reference: String::new(),
                    taken_by: p.input.booked_by.clone(),
                };
                appointment_deposits::insert(tx, id, &input, None, parts, "", p.booked_at)?;
                if let Some(state) = decided {
                    let reason = if state == DepositState::Kept {
                        "parts ordered, customer did not come"
                    } else {
                        "called off in good time"
                    };
                    appointment_deposits::decide(
                        tx,
                        id,
                        state,
                        SUPERVISOR,
                        reason,
                        p.input.starts_at + Duration::days(1),
                    )?;
                }
            }
            for (at, outcome) in &p.calls {
                let call = ReminderCallInput {
                    by: p.input.booked_by.clone(),
                    outcome: *outcome,
                    note: String::new(),
                    moved_to: None,
                    accept_overfill: false,
                };
                appointments::insert_call(tx, id, &call, *at)?;
                if *outcome == CallOutcome::Confirmed {
                    appointments::set_status(tx, id, AppointmentStatus::Confirmed, "", *at)?;
                }
            }
            match &p.end {
                End::Open => {}
                End::Arrived(job, at) => {
                    // As on a real arrival: a deposit still held becomes the job's payment.
                    let a = appointments::load(tx, id)?;
                    if let Some(d) = a.deposit.filter(|d| d.state == DepositState::Held) {
                        appointment_deposits::carry(tx, id, &a.number, &d, *job)?;
                    }
                    appointments::link_work_order(tx, id, *job, *at)?
                }
                End::NoShow(at) => {
                    appointments::set_status(tx, id, AppointmentStatus::NoShow, "", *at)?
                }
                End::Cancelled(at, reason) => {
                    appointments::set_status(tx, id, AppointmentStatus::Cancelled, reason, *at)?
                }
            }
        }
        Ok(())
    })?;
    Ok(plans.len() as i64)
}
