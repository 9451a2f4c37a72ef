//! Demo jobs: about three customers in ten have one to three past work orders (walked
//! round, signed, frozen, collected), and a few jobs are at the shop today in every
//! state. Written through the store's own functions, oldest first, so the numbers run in
//! date order and every signed intake verifies.
use std::collections::HashSet;
use std::path::Path;

use chrono::{Duration, NaiveDateTime};
use rusqlite::Connection;

use super::cars::SYMPTOMS;
use super::handwriting;
use super::rng::Rng;
use super::running_over;
use super::settled::{self, ToSettle};
use crate::booking::BookingSettings;
use crate::desk::sign::{content_hash, insert, sign_intake, NewSignature};
use crate::error::{CoreError, Result};
use crate::ids::{CustomerId, VehicleId, WorkOrderId};
use crate::intake::signature::{round_to_ten_minutes, CleanSignature};
use crate::intake::{
    Belonging, Belongings, DamageKind, DamageMark, Dashboard, DocumentKind, DocumentReceived,
    IntakeOdometer, ItemStatus, KeysLog, SignatureRole, WarningLight,
};
use crate::store::{customers, handover, odometer, walkaround, work_orders, Store};
use crate::vehicle::DistanceUnit;
use crate::work_order::{JobContact, JobDetails, OpenWorkOrder, ServiceLine, WorkOrderStatus};

/// A demo customer who may bring a car in.
pub(super) struct Owner {
    pub customer: CustomerId,
    pub vehicles: Vec<VehicleId>,
    pub filed_at: NaiveDateTime,
    pub chinese: bool,
}

struct Plan {
    owner: usize,
    vehicle: VehicleId,
    opened_at: NaiveDateTime,
    last: WorkOrderStatus,
    /// Closed at the desk with its money after the jobs are written (see `settled`).
    settle: bool,
    /// The job left running over its planned hours (see `running_over`).
    over: bool,
    /// A promise set for it rather than drawn: the job behind the one running over.
    promise: Option<NaiveDateTime>,
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

fn past_plans(rng: &mut Rng, owners: &[Owner], now: NaiveDateTime) -> Vec<Plan> {
    let latest = now - Duration::days(2);
    let mut plans = Vec::new();
    for (i, owner) in owners.iter().enumerate() {
        if owner.vehicles.is_empty() || !rng.percent(30) {
            continue;
        }
        for _ in 0..rng.range(1, 3) {
            let span = (latest - owner.filed_at).num_minutes();
            if span < 24 * 60 {
                break;
            }
            let day = (owner.filed_at + Duration::minutes(rng.range(0, span))).date();
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
            });
        }
    }
    plans
}

fn today_plans(
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
    let mut plans = past_plans(&mut rng, owners, now);
    // Only a vehicle's last job may move, so its odometer readings stay in order.
    let mut last_of_vehicle = std::collections::HashMap::new();
    for p in &plans {
        let at = last_of_vehicle.entry(p.vehicle).or_insert(p.opened_at);
        *at = (*at).max(p.opened_at);
    }
    let left: Vec<_> = (plans.iter().enumerate())
        .filter(|(_, p)| p.last == WorkOrderStatus::Collected)
        .filter(|(_, p)| last_of_vehicle.get(&p.vehicle) == Some(&p.opened_at))
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
    plans.extend(today_plans(
        &mut rng,
        owners,
        now,
        &store.booking_settings()?,
    ));
    plans.sort_by_key(|p| p.opened_at);
    let data_dir = store.path().and_then(Path::parent).map(Path::to_path_buf);
    // The latest past jobs stop in the workshop here and are closed at the desk below,
    // with their money (only for a shop on disk, where the signatures are kept).
    if data_dir.is_some() {
        let since = now - Duration::days(settled::DAYS);
        let recent = plans
            .iter_mut()
            .rev()
            .filter(|p| p.last == WorkOrderStatus::Collected && p.opened_at >= since)
            .take(settled::MOST);
        for plan in recent {
            plan.settle = true;
            plan.last = WorkOrderStatus::InWorkshop;
        }
    }
    let mut to_settle = Vec::new();
    let (mut running, mut behind) = (None, None);
    for batch in plans.chunks(500) {
        store.with_tx(|tx| {
            for plan in batch {
                let ink = rng.pick(&inks).clone();
                let job = Job {
                    plan,
                    owner: &owners[plan.owner],
                    prefix: &prefix,
                    ink,
                };
                let id = job.write(tx, &mut rng, data_dir.as_deref(), now)?;
                running = running.or(plan.over.then_some((id, plan.opened_at)));
                behind = behind.or(plan.promise.map(|_| id));
                if plan.settle {
                    to_settle.push(ToSettle {
                        id,
                        customer_name: customers::load(tx, job.owner.customer)?.display_name,
                        opened_at: plan.opened_at,
                    });
                }
            }
            Ok(())
        })?;
    }
    if let Some(running) = running {
        running_over::dispatch(store, running, behind, now)?;
    }
    before_settling(&to_settle.iter().map(|j| j.id).collect())?;
    if let (Some(dir), Some(ink)) = (data_dir.as_deref(), inks.first()) {
        settled::close_jobs(store, dir, &to_settle, ink, &mut rng, now)?;
    }
    Ok(plans.len() as i64)
}

struct Job<'a> {
    plan: &'a Plan,
    owner: &'a Owner,
    prefix: &'a str,
    ink: (String, Vec<u8>),
}

impl Job<'_> {
    fn details(&self, rng: &mut Rng) -> JobDetails {
        let (zh, en, diagnosis, service, estimate) = *rng.pick(SYMPTOMS);
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
            promised_at: self.plan.promise.or(Some(
                self.plan.opened_at + Duration::hours(rng.range(2, 30)),
            )),
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

    fn walk_around(&self, conn: &Connection, rng: &mut Rng, id: WorkOrderId) -> Result<()> {
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
        let dashboard = Dashboard {
            warning_lights: lights,
            fuel_eighths: Some(rng.range(1, 8) as u8),
            odometer: Some(IntakeOdometer {
                value: value + rng.range(300, 4_000),
                unit,
                lower_reason: String::new(),
            }),
        };
        walkaround::save_dashboard(conn, id, &dashboard)
    }

    fn hand_over(&self, conn: &Connection, rng: &mut Rng, id: WorkOrderId) -> Result<()> {
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
        handover::save_belongings(conn, id, &belongings)
    }

    fn ink(&self, role: SignatureRole, signer_name: String) -> CleanSignature {
        use sha2::{Digest, Sha256};
        CleanSignature {
            role,
            signer_name,
            strokes_json: self.ink.0.clone(),
            png_sha256: hex::encode(Sha256::digest(&self.ink.1)),
            png: self.ink.1.clone(),
        }
    }

    fn write(
        &self,
        conn: &Connection,
        rng: &mut Rng,
        data_dir: Option<&Path>,
        now: NaiveDateTime,
    ) -> Result<WorkOrderId> {
        use WorkOrderStatus::*;
        let plan = self.plan;
        let input = OpenWorkOrder {
            customer_id: self.owner.customer,
            vehicle_id: plan.vehicle,
            details: self.details(rng),
        };
        let id = crate::desk::work_orders::open(conn, self.prefix, &input, plan.opened_at)?;
        self.walk_around(conn, rng, id)?;
        self.hand_over(conn, rng, id)?;
        if plan.last == Open {
            return Ok(id);
        }
        let name = customers::load(conn, self.owner.customer)?.display_name;
        let customer = self.ink(SignatureRole::Customer, name);
        let receiver = self.ink(
            SignatureRole::WorkshopReceiver,
            rng.pick(RECEIVERS).to_string(),
        );
        if let Some(dir) = data_dir {
            crate::files::signatures::save_signature_png(dir, &customer.png_sha256, &customer.png)?;
        }
        let signed_at = (plan.opened_at + Duration::minutes(15)).min(now);
        let category = crate::work_order::RepairCategory::ALL[id.0.rem_euclid(4) as usize];
        work_orders::set_repair_category(conn, id, Some(category), plan.opened_at)?;
        sign_intake(
            conn,
            &work_orders::load(conn, id)?,
            &customer,
            None,
            signed_at,
        )?;
        if plan.last == CheckedIn {
            return Ok(id);
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
        for step in [Ready, Collected] {
            if plan.last == InWorkshop || (step == Collected && plan.last == Ready) {
                break;
            }
            let at = work_order
                .details
                .promised_at
                .unwrap_or(plan.opened_at)
                .min(now);
            work_orders::set_status(conn, id, step, at)?;
        }
        Ok(id)
    }
}
