//! Demo jobs as planned (`plans`): walked round, signed and frozen, given their repair
//! category and comeback link, then closed with their money — the latest at the desk
//! (`settled`), the years before through the store's own functions (`history`) — and a
//! few jobs at the shop today in every state. Written oldest first, so the numbers run in
//! date order and every signed intake verifies.
use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::{Duration, NaiveDateTime};
use rusqlite::Connection;

use sha2::{Digest, Sha256};

use super::handwriting;
use super::history::{self, Past};
use super::plans::{self, Plan};
use super::repairs;
use super::rng::Rng;
use super::running_over;
use super::settled::{self, ToSettle};
use crate::desk::sign::{content_hash, insert, sign_intake, NewSignature};
use crate::error::{CoreError, Result};
use crate::files::signatures::save_signature_png;
use crate::ids::{CustomerId, VehicleId, WorkOrderId};
use crate::intake::signature::{round_to_ten_minutes, CleanSignature};
use crate::intake::{
    Belonging, Belongings, DamageKind, DamageMark, Dashboard, DocumentKind, DocumentReceived,
    IntakeOdometer, ItemStatus, KeysLog, SignatureRole, WarningLight,
};
use crate::settlement::exit::checklist_order;
use crate::store::{comebacks, customers, handover, odometer, walkaround, work_orders, Store};
use crate::vehicle::DistanceUnit;
use crate::work_order::{
    JobContact, JobDetails, OpenWorkOrder, RepairCategory, ServiceLine, WorkOrderStatus,
};

/// A demo customer who may bring a car in.
/// From how many customers the demo shop has a supervisor (and jobs let out owing, credit
/// notes): the few-customer shops of the end-to-end tests set their supervisor up
/// themselves, as a new shop does.
pub(super) const SUPERVISED_FROM: usize = 10;

pub(super) struct Owner {
    pub customer: CustomerId,
    pub vehicles: Vec<VehicleId>,
    pub filed_at: NaiveDateTime,
    pub chinese: bool,
}

const ADVISORS: &[&str] = &["周敏", "陈志强", "Lisa Wong"];
const RECEIVERS: &[&str] = &["陈师傅", "刘师傅", "Tom Lee"];
const QUICK: &[&str] = &[
    "spare_wheel",
    "jack",
    "warning_triangle",
    "child_seat",
    "umbrella",
    "dash_cam",
];

/// Adds the jobs; returns how many. `before_settling` runs once the jobs are written and
/// before the latest are settled, with those to be settled (the appointment book carries
/// its deposits onto them, to be applied at their settlement).
pub(super) fn generate(
    store: &Store,
    owners: &[Owner],
    seed: u64,
    now: NaiveDateTime,
    before_settling: impl FnOnce(&HashSet<WorkOrderId>) -> Result<()>,
) -> Result<i64> {
    let mut rng = Rng::new(seed ^ 0x6A0B_5EED_0FC0_FFEE);
    let prefix = store.get_settings()?.work_order_prefix;
    let mut inks = Vec::new();
    for _ in 0..6 {
        let (strokes, png) = handwriting::signature(&mut rng)?;
        let strokes_json = serde_json::to_string(&strokes)
            .map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())))?;
        inks.push((strokes_json, png));
    }
    let kinds = super::care::kinds(seed, owners);
    let mut plans = plans::past(&mut rng, owners, &kinds, now);
    // Only a vehicle's last job may move, so its odometer readings stay in order.
    let mut last_of_vehicle = HashMap::new();
    for p in &plans {
        let at = last_of_vehicle.entry(p.vehicle).or_insert(p.opened_at);
        *at = (*at).max(p.opened_at);
    }
    let left: Vec<_> = (plans.iter().enumerate())
        .filter(|(_, p)| p.last == WorkOrderStatus::Collected)
        .filter(|(_, p)| last_of_vehicle.get(&p.vehicle) == Some(&p.opened_at))
        // A first-level service, done within hours: moved, it still leaves the same day.
        .filter(|(_, p)| p.work.category == RepairCategory::Maintenance && !p.work.second_level)
        .map(|(i, p)| (i, p.opened_at, owners[p.owner].customer))
        .collect();
    // A shop of a few customers (the window tests' three) is left as drawn.
    let found = match owners.len() >= 10 {
        true => super::follow_ups::one_to_call(store, &left, now)?,
        false => None,
    };
    if let Some((i, at)) = found {
        plans[i].opened_at = at;
    }
    plans.extend(plans::today(
        &mut rng,
        owners,
        now,
        &store.booking_settings()?,
    ));
    plans.sort_by_key(|p| p.opened_at);
    let data_dir = store.path().and_then(Path::parent).map(Path::to_path_buf);
    // The signatures are content-addressed files: each written once.
    if let Some(dir) = data_dir.as_deref() {
        for (_, png) in &inks {
            save_signature_png(dir, &hex::encode(Sha256::digest(png)), png)?;
        }
    }
    // The latest past jobs are closed at the desk with their money (only for a shop on
    // disk, where the signed forms are kept), the others before them by `history`.
    if data_dir.is_some() {
        let since = now - Duration::days(settled::DAYS);
        let recent = plans
            .iter_mut()
            .rev()
            .filter(|p| p.last == WorkOrderStatus::Collected && p.opened_at >= since)
            .take(settled::MOST);
        for plan in recent {
            plan.settle = true;
        }
    }
    let (mut to_settle, mut past) = (Vec::new(), Vec::new());
    let (mut running, mut behind) = (None, None);
    let mut ids = HashMap::new();
    for batch in plans.chunks(500) {
        store.with_tx(|tx| {
            for plan in batch {
                let job = Job {
                    plan,
                    owner: &owners[plan.owner],
                    prefix: &prefix,
                    ink: rng.below(inks.len() as u64) as usize,
                    inks: &inks,
                };
                let w = job.write(tx, &mut rng, now)?;
                let id = w.id;
                // A comeback is linked to the job it came back for, as the desk links it.
                if let Some(origin) = plan.comeback_of.and_then(|at| ids.get(&(plan.vehicle, at))) {
                    comebacks::link(tx, id, *origin, &w.advisor, plan.opened_at)?;
                }
                ids.insert((plan.vehicle, plan.opened_at), id);
                running = running.or(plan.over.then_some((id, plan.opened_at)));
                behind = behind.or(plan.promise.map(|_| id));
                if plan.last != WorkOrderStatus::Collected {
                    continue;
                }
                if plan.settle {
                    to_settle.push(ToSettle {
                        id,
                        customer_name: w.customer_name,
                        opened_at: plan.opened_at,
                        promised_at: w.promised_at,
                        advisor: w.advisor,
                        work: plan.work,
                    });
                } else {
                    past.push(w);
                }
            }
            Ok(())
        })?;
    }
    if let Some(running) = running {
        running_over::dispatch(store, running, behind, now)?;
    }
    let first = plans.first().map_or(now, |p| p.opened_at) - Duration::days(1);
    let boss = if owners.len() >= SUPERVISED_FROM || !to_settle.is_empty() {
        Some(settled::supervisor(store, first)?)
    } else {
        None
    };
    let shop = history::Shop {
        pricing: store.get_pricing_settings()?,
        currency: store.get_settings()?.currency,
        boss,
        inks: &inks,
    };
    let until = to_settle
        .first()
        .map_or(now - Duration::hours(1), |j| j.opened_at);
    history::close(store, &shop, &past, seed, until, now)?;
    before_settling(&to_settle.iter().map(|j| j.id).collect())?;
    if let (Some(dir), Some(ink)) = (data_dir.as_deref(), inks.first()) {
        let g = &shop.pricing.guarantees;
        if let Some(boss) = boss {
            settled::close_jobs(store, dir, &to_settle, ink, (boss, g), &mut rng, now)?;
        }
    }
    Ok(plans.len() as i64)
}

struct Job<'a> {
    plan: &'a Plan,
    owner: &'a Owner,
    prefix: &'a str,
    ink: usize,
    inks: &'a [(String, Vec<u8>)],
}

impl Job<'_> {
    fn details(&self, rng: &mut Rng) -> JobDetails {
        let (zh, en, diagnosis, service, estimate) = self.plan.work.symptom;
        let mut services = vec![ServiceLine {
            description: service.into(),
            estimate_minor: Some(estimate),
        }];
        if rng.percent(30) {
            services.push(ServiceLine {
                description: "全车检查 Full check".into(),
                estimate_minor: None,
            });
        }
        JobDetails {
            advisor: rng.pick(ADVISORS).to_string(),
            complaint: if self.owner.chinese { zh } else { en }.to_string(),
            diagnosis: diagnosis.into(),
            services,
            promised_at: self.plan.promise.or(Some(repairs::promise(
                self.plan.opened_at,
                repairs::hours(rng, &self.plan.work),
            ))),
            contact: rng.percent(10).then(|| JobContact {
                name: "家属 Family".into(),
                phone: String::new(),
            }),
            other_requests: if rng.percent(30) {
                "保留旧件 Keep old parts".into()
            } else {
                String::new()
            },
        }
    }

    /// The walk-around; returns the odometer reading at intake.
    fn walk_around(&self, conn: &Connection, rng: &mut Rng, id: WorkOrderId) -> Result<i64> {
        let mut items = walkaround::items(conn, id)?;
        for item in &mut items {
            item.status = match rng.below(100) {
                0..=84 => ItemStatus::Ok,
                85..=94 => ItemStatus::Attention,
                _ => ItemStatus::Damaged,
            };
            if item.status != ItemStatus::Ok {
                item.note = "轻微划痕 light scratch".into();
            }
        }
        walkaround::save_items(conn, id, &items)?;
        let kinds = [
            DamageKind::Scratch,
            DamageKind::Dent,
            DamageKind::Chip,
            DamageKind::Rust,
        ];
        let marks: Vec<_> = (0..rng.range(0, 3))
            .map(|_| DamageMark {
                kind: *rng.pick(&kinds),
                x: rng.range(80, 920) as u16,
                y: rng.range(60, 440) as u16,
                note: String::new(),
                photos: Vec::new(),
            })
            .collect();
        walkaround::save_marks(conn, id, &marks)?;
        let last = odometer::latest(conn, self.plan.vehicle)?;
        let (value, unit) = last.map_or((12_000, DistanceUnit::Km), |r| (r.value, r.unit));
        let lights = if rng.percent(15) {
            vec![*rng.pick(&WarningLight::ALL)]
        } else {
            Vec::new()
        };
        let reading = value + rng.range(300, 4_000);
        let dashboard = Dashboard {
            warning_lights: lights,
            fuel_eighths: Some(rng.range(1, 8) as u8),
            odometer: Some(IntakeOdometer {
                value: reading,
                unit,
                lower_reason: String::new(),
            }),
        };
        walkaround::save_dashboard(conn, id, &dashboard)?;
        Ok(reading)
    }

    /// The documents, keys and belongings handed over; returns what is to come back:
    /// the belongings' places in checklist order, how many documents and keys.
    fn hand_over(
        &self,
        conn: &Connection,
        rng: &mut Rng,
        id: WorkOrderId,
    ) -> Result<(Vec<u32>, u32, u8)> {
        let mut documents = vec![DocumentReceived {
            kind: DocumentKind::Registration,
            label: String::new(),
            expires_on: None,
            checked_valid: true,
        }];
        if rng.percent(40) {
            documents.push(DocumentReceived {
                kind: DocumentKind::Insurance,
                label: String::new(),
                expires_on: Some(self.plan.opened_at.date() + Duration::days(rng.range(20, 300))),
                checked_valid: true,
            });
        }
        handover::save_documents(conn, id, &documents)?;
        let keys = KeysLog {
            count: rng.range(1, 2) as u8,
            tag_number: format!("T-{}", rng.range(1, 99)),
            cabinet_slot: format!("{}{}", rng.pick(&["A", "B", "C"]), rng.range(1, 20)),
        };
        if let Err(CoreError::Conflict { .. }) = handover::save_keys(conn, id, &keys) {
            handover::save_keys(
                conn,
                id,
                &KeysLog {
                    cabinet_slot: String::new(),
                    ..keys
                },
            )?;
        }
        let belongings = if rng.percent(40) {
            Belongings::NoneLeft
        } else {
            Belongings::Listed(
                (0..rng.range(1, 3))
                    .map(|_| Belonging {
                        item: crate::intake::Label::Key(format!(
                            "intake.belonging.{}",
                            rng.pick(QUICK)
                        )),
                        quantity: 1,
                        note: String::new(),
                        storage_box: format!("B{}", rng.range(1, 30)),
                        photo: None,
                        valuable: false,
                    })
                    .collect(),
            )
        };
        handover::save_belongings(conn, id, &belongings)?;
        let places = match &belongings {
            Belongings::Listed(items) => checklist_order(items).iter().map(|(i, _)| *i).collect(),
            _ => Vec::new(),
        };
        Ok((places, documents.len() as u32, keys.count))
    }

    fn ink(&self, role: SignatureRole, signer_name: String) -> CleanSignature {
        let (strokes, png) = &self.inks[self.ink];
        CleanSignature {
            role,
            signer_name,
            strokes_json: strokes.clone(),
            png_sha256: hex::encode(Sha256::digest(png)),
            png: png.clone(),
        }
    }

    fn write(&self, conn: &Connection, rng: &mut Rng, now: NaiveDateTime) -> Result<Past> {
        use WorkOrderStatus::*;
        let plan = self.plan;
        let input = OpenWorkOrder {
            customer_id: self.owner.customer,
            vehicle_id: plan.vehicle,
            details: self.details(rng),
        };
        let id = crate::desk::work_orders::open(conn, self.prefix, &input, plan.opened_at)?;
        // The job's own category, as its lines make it (signing needs one).
        work_orders::set_repair_category(conn, id, Some(plan.work.category), plan.opened_at)?;
        let odometer_in = self.walk_around(conn, rng, id)?;
        let (belongings, documents, keys) = self.hand_over(conn, rng, id)?;
        let work_order = work_orders::load(conn, id)?;
        let past = Past {
            id,
            number: work_order.number.clone(),
            work: plan.work,
            opened_at: plan.opened_at,
            promised_at: input.details.promised_at.unwrap_or(plan.opened_at),
            advisor: input.details.advisor.clone(),
            customer_name: customers::load(conn, self.owner.customer)?.display_name,
            ink: self.ink,
            odometer_in,
            belongings,
            documents,
            keys,
        };
        if plan.last == Open {
            return Ok(past);
        }
        let customer = self.ink(SignatureRole::Customer, past.customer_name.clone());
        let receiver = self.ink(
            SignatureRole::WorkshopReceiver,
            rng.pick(RECEIVERS).to_string(),
        );
        let signed_at = (plan.opened_at + Duration::minutes(15)).min(now);
        sign_intake(conn, &work_order, &customer, None, signed_at)?;
        if plan.last == CheckedIn {
            return Ok(past);
        }
        let work_order = work_orders::load(conn, id)?;
        let content = content_hash(conn, &work_order)?;
        let received_at = round_to_ten_minutes(plan.opened_at + Duration::minutes(40)).min(now);
        let new = NewSignature {
            work_order: id,
            amendment: None,
            clean: &receiver,
            signed_at: received_at,
            content: &content,
            snapshot: None,
        };
        insert(conn, &new)?;
        work_orders::set_status(conn, id, InWorkshop, received_at)?;
        // A past job stops in the workshop here: `history` or `settled` closes it.
        if plan.last == Ready {
            work_orders::set_status(conn, id, Ready, past.promised_at.min(now))?;
        }
        Ok(past)
    }
}
