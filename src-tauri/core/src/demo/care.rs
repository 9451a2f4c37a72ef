//! The demo shop's customer care: every vehicle's kind, a purchase date and dealer for
//! most, an interval of its own for a few; wishes and contacts without a job for some
//! customers; reasons recorded on the calls to some lost customers, and reminders made
//! from the due list. Its own seeded stream, so the rest of the demo is unchanged;
//! written through the store's own functions (the calls and reminders through the desk's).
use std::collections::HashMap;

use chrono::{Duration, NaiveDateTime};

use super::jobs::Owner;
use super::rng::Rng;
use crate::domain::care::{ContactInput, ContactKind, LostReason, VehicleCareInput, VehicleKind};
use crate::error::Result;
use crate::ids::VehicleId;
use crate::service_due::check::{check_contact, check_vehicle_care, check_wishes};
use crate::store::{care, Store};

/// At most this many lost customers are called, and due customers reminded.
const CALLS: usize = 40;
const REMINDERS: usize = 6;
/// Above this many customers (the benchmark shop) the due list is not walked for reminders.
const REMIND_UP_TO: usize = 20_000;

const DEALERS_ZH: &[&str] = &[
    "广州骏达丰田4S店",
    "深圳宝安比亚迪4S店",
    "佛山南海大众4S店",
    "广州天河本田特约店",
    "东莞长安汽车城",
];
const DEALERS_EN: &[&str] = &["Harbour Toyota", "Pearl River Motors", "City VW Centre"];
const WISHES: &[&str] = &[
    "周六取送车 Saturday pick-up and delivery",
    "保养前电话提醒 Call before each service",
    "只用原厂配件 Genuine parts only",
    "微信发报价 Send estimates by WeChat",
];
const NOTES: &[(ContactKind, &str)] = &[
    (
        ContactKind::Question,
        "询问轮胎价格 Asked the price of tyres",
    ),
    (
        ContactKind::Call,
        "问保养周期 Asked when the next service is",
    ),
    (
        ContactKind::WalkIn,
        "到店补胎 Walked in for a puncture check",
    ),
    (
        ContactKind::Question,
        "问空调异味 Asked about an air-con smell",
    ),
];

/// Every demo vehicle's kind, from a stream of its own: the jobs read it too (vans and
/// light trucks come in more often).
pub(super) fn kinds(seed: u64, owners: &[Owner]) -> HashMap<VehicleId, VehicleKind> {
    let mut rng = Rng::new(seed ^ 0x00B0_D1E5);
    let vehicles = owners.iter().flat_map(|o| o.vehicles.iter());
    vehicles.map(|&v| (v, kind(&mut rng))).collect()
}

fn kind(rng: &mut Rng) -> VehicleKind {
    match rng.below(100) {
        0..=54 => VehicleKind::Car,
        55..=79 => VehicleKind::Suv,
        80..=87 => VehicleKind::Mpv,
        88..=92 => VehicleKind::Van,
        93..=96 => VehicleKind::LightTruck,
        _ => VehicleKind::Other,
    }
}

fn reject(issues: Vec<crate::error::FieldIssue>) -> Result<()> {
    super::reject_if_invalid(issues)
}

pub(super) fn generate(
    store: &Store,
    owners: &[Owner],
    seed: u64,
    now: NaiveDateTime,
) -> Result<()> {
    let mut rng = Rng::new(seed ^ 0x00c0_ffee_ca4e);
    let kinds = kinds(seed, owners);
    let today = now.date();
    store.with_tx(|tx| {
        for owner in owners {
            for &vehicle in &owner.vehicles {
                let bought = rng
                    .percent(85)
                    .then(|| (owner.filed_at - Duration::days(rng.range(0, 6 * 365))).date());
                let dealers = if owner.chinese {
                    DEALERS_ZH
                } else {
                    DEALERS_EN
                };
                let own_interval = rng.percent(8);
                let input = VehicleCareInput {
                    kind: kinds.get(&vehicle).copied().unwrap_or_default(),
                    purchase_date: bought,
                    dealer: match bought {
                        Some(_) => rng.pick(dealers).to_string(),
                        None => String::new(),
                    },
                    interval_km: own_interval.then_some(10_000),
                    interval_months: own_interval.then_some(12),
                };
                reject(check_vehicle_care(&input, today))?;
                care::put_vehicle_care(tx, vehicle, &input, owner.filed_at)?;
            }
            if rng.percent(15) {
                let wishes = rng.pick(WISHES);
                reject(check_wishes(wishes))?;
                care::put_wishes(tx, owner.customer, wishes, owner.filed_at)?;
            }
            if rng.percent(12) {
                let span = (now - owner.filed_at).num_days().max(1);
                let on = (owner.filed_at + Duration::days(rng.range(0, span))).date();
                let (kind, note) = *rng.pick(NOTES);
                let input = ContactInput {
                    vehicle_id: owner.vehicles.first().copied(),
                    kind,
                    contact_on: on.min(today),
                    note: note.into(),
                    staff: "陈晓 Chen Xiao".into(),
                    lost_reason: None,
                };
                reject(check_contact(&input, today))?;
                care::insert_contact(tx, owner.customer, &input, now)?;
            }
        }
        Ok(())
    })?;
    if owners.is_empty() {
        return Ok(());
    }
    let lost = store.lost_customers(today)?;
    let called: Vec<_> = lost
        .rows
        .iter()
        .filter(|_| rng.percent(40))
        .take(CALLS)
        .collect();
    for row in called {
        let reason = *rng.pick(LostReason::ALL);
        let call = ContactInput {
            vehicle_id: None,
            kind: ContactKind::LostCall,
            contact_on: today - Duration::days(rng.range(0, 20)),
            note: if reason == LostReason::Other {
                "公司车辆统一外包 Company cars serviced elsewhere".into()
            } else {
                String::new()
            },
            staff: "陈晓 Chen Xiao".into(),
            lost_reason: Some(reason),
        };
        store.record_contact(row.customer_id, &call, now)?;
    }
    if owners.len() <= REMIND_UP_TO {
        let due = store.service_due_list(today)?;
        for row in due.rows.iter().step_by(3).take(REMINDERS) {
            let at = now - Duration::days(rng.range(1, 10));
            store.record_service_reminder(
                row.vehicle_id,
                "已提醒保养 Reminded of the service",
                "陈晓 Chen Xiao",
                at,
            )?;
        }
    }
    Ok(())
}
