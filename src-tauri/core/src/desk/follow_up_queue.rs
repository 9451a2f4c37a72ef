//! What the follow-up screens load: the queue of a day (today's calls, overdue ones still
//! in their window, the calls done that day, the windows missed in the last week, and the
//! calls waiting for the supervisor) and one job's follow-up. Before reading, the cars that
//! left since are considered once, in the order they left (`plan`): the must-call marks
//! and the shop's even share decide whom to call (`follow_up::pick`).
use std::collections::HashMap;

use chrono::{Days, Months, NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::Connection;

use crate::booking::BookingSettings;
use crate::error::Result;
use crate::follow_up::is_unhappy;
use crate::follow_up::pick::{is_called, must_call, pick_next, PickCount};
use crate::follow_up::window::{calling_now, next_calling_at, open_stage, stages, StageNow, Try};
use crate::follow_up::{
    supervisor_state, CallStage, CustomerCall, FollowUpCall, FollowUpQueue, FollowUpSettings,
    FollowUpTask, JobFollowUp, MustCall, StageState, SupervisorDue,
};
use crate::ids::{CustomerId, WorkOrderId};
use crate::store::follow_ups::{self, CallRow, PlanRow};
use crate::store::{appointments, job_marks, staff, work_orders, Store};

/// Missed windows stay on the queue's "missed" list this many days after they closed.
pub const MISSED_SHOWN_DAYS: u64 = 7;

/// Considers the cars that left since the last time, in the order they left: a must-call
/// job is always called, the rest through the even pick; a customer who declined calls
/// is not counted in the share.
pub(crate) fn plan(
    conn: &Connection,
    settings: &FollowUpSettings,
    now: NaiveDateTime,
) -> Result<()> {
    let left = follow_ups::left_unplanned(conn)?;
    if left.is_empty() {
        return Ok(());
    }
    let mut count: PickCount = follow_ups::pick_count(conn)?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    for job in &left {
        let must = job.overhaul || job.marked;
        let picked = job.agrees && !must && pick_next(&mut count, settings.share_percent);
        follow_ups::insert_plan(conn, job, picked, now)?;
    }
    let json = serde_json::to_string(&count).unwrap_or_default();
    follow_ups::save_pick_count(conn, &json)
}

pub(crate) fn must_of(p: &PlanRow) -> Vec<MustCall> {
    must_call(p.no_fault_found, p.overhaul, p.service_mistake)
}

pub(crate) fn tries(calls: &[&CallRow], stage: CallStage) -> Vec<Try> {
    calls
        .iter()
        .filter(|c| c.input.stage == stage)
        .map(|c| Try {
            at: c.at,
            reached: c.input.reached,
        })
        .collect()
}

pub(crate) fn stages_of(
    p: &PlanRow,
    calls: &[&CallRow],
    now: NaiveDateTime,
    s: &FollowUpSettings,
    shop: &BookingSettings,
) -> Vec<StageNow> {
    let first = tries(calls, CallStage::First);
    let second = tries(calls, CallStage::Second);
    stages(p.left_at.date(), &first, &second, now, s, shop)
}

pub(crate) fn task(p: &PlanRow, st: &StageNow, calls: &[&CallRow]) -> FollowUpTask {
    FollowUpTask {
        work_order_id: p.work_order_id,
        number: p.number.clone(),
        plate: p.plate.clone(),
        customer_name: p.customer_name.clone(),
        phone: p.phone.clone(),
        left_at: p.left_at,
        stage: st.stage,
        state: st.state,
        window_from: st.window.from,
        window_to: st.window.to,
        due_at: st.due_at,
        tries: calls
            .iter()
            .filter(|c| c.input.stage == st.stage && !c.input.reached)
            .count() as u32,
        must: must_of(p),
    }
}

pub(crate) fn call_view(c: &CallRow, now: NaiveDateTime) -> FollowUpCall {
    FollowUpCall {
        id: c.id,
        work_order_id: c.work_order_id,
        at: c.at,
        input: c.input.clone(),
        unhappy: is_unhappy(&c.input),
        appointment_id: c.appointment_id,
        appointment_number: c.appointment_number.clone(),
        supervisor: c.input.needs_supervisor.then(|| {
            supervisor_state(
                c.at,
                c.customer_told_at,
                c.reported_at,
                c.reported_to.clone(),
                c.handled_note.clone(),
                now,
            )
        }),
    }
}

fn day_start(day: NaiveDate) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN)
}

impl Store {
    /// The follow-up settings; defaults until saved.
    pub fn follow_up_settings(&self) -> Result<FollowUpSettings> {
        self.with_conn(follow_ups::settings)
    }

    /// The queue of the day of `now`.
    pub fn follow_up_queue(&self, now: NaiveDateTime) -> Result<FollowUpQueue> {
        let (s, shop) = self.with_tx(|tx| {
            let s = follow_ups::settings(tx)?;
            plan(tx, &s, now)?;
            Ok((s, appointments::settings(tx)?))
        })?;
        let today = now.date();
        let back = u64::from(s.first_max_days)
            + u64::from(s.second_window_days) * 2
            + MISSED_SHOWN_DAYS
            + 1;
        let from = day_start(today.checked_sub_days(Days::new(back)).unwrap_or(today));
        let to = day_start(today.checked_add_days(Days::new(1)).unwrap_or(today));
        let (plans, calls, open) = self.with_conn(|c| {
            Ok((
                follow_ups::plans_left_between(c, from, to)?,
                follow_ups::calls_of_left_between(c, from, to)?,
                follow_ups::calls_for_supervisor(c)?,
            ))
        })?;
        let mut queue = FollowUpQueue {
            day: today,
            calling_now: calling_now(now, &s, &shop),
            calls_from: next_calling_at(now, &s, &shop).filter(|at| *at > now),
            today: Vec::new(),
            overdue: Vec::new(),
            done: Vec::new(),
            missed: Vec::new(),
            supervisor: Vec::new(),
        };
        let shown_missed = today
            .checked_sub_days(Days::new(MISSED_SHOWN_DAYS))
            .unwrap_or(today);
        let mut by_job: HashMap<WorkOrderId, Vec<&CallRow>> = HashMap::new();
        for c in &calls {
            by_job.entry(c.work_order_id).or_default().push(c);
        }
        for p in &plans {
            let mine = by_job.remove(&p.work_order_id).unwrap_or_default();
            if !is_called(p.agrees, &must_of(p), p.picked) && mine.is_empty() {
                continue;
            }
            for st in stages_of(p, &mine, now, &s, &shop) {
                let reached_today = mine
                    .iter()
                    .any(|c| c.input.stage == st.stage && c.input.reached && c.at.date() == today);
                let list = match st.state {
                    StageState::Today if p.agrees => &mut queue.today,
                    StageState::Overdue if p.agrees => &mut queue.overdue,
                    StageState::Done if reached_today => &mut queue.done,
                    StageState::Missed if st.window.to >= shown_missed && p.agrees => {
                        &mut queue.missed
                    }
                    _ => continue,
                };
                list.push(task(p, &st, &mine));
            }
        }
        queue.today.sort_by_key(|t| (t.due_at, t.left_at));
        queue.overdue.sort_by_key(|t| (t.window_to, t.left_at));
        for c in &open {
            let view = call_view(c, now);
            let Some(state) = view.supervisor else {
                continue;
            };
            let plan = self.with_conn(|conn| follow_ups::plan(conn, c.work_order_id))?;
            let Some(p) = plan else { continue };
            queue.supervisor.push(SupervisorDue {
                call_id: c.id,
                work_order_id: c.work_order_id,
                number: p.number,
                customer_name: p.customer_name,
                phone: p.phone,
                problem: c.input.problem.clone(),
                called_at: c.at,
                state,
            });
        }
        Ok(queue)
    }

    /// One job's follow-up: its marks, whether it is called, the stage open now and every
    /// call, with the next maintenance to remind.
    pub fn job_follow_up(&self, id: WorkOrderId, now: NaiveDateTime) -> Result<JobFollowUp> {
        let (s, shop) = self.with_tx(|tx| {
            let s = follow_ups::settings(tx)?;
            plan(tx, &s, now)?;
            Ok((s, appointments::settings(tx)?))
        })?;
        let next = self.next_service_for(id)?;
        self.with_conn(|c| {
            let head = follow_ups::job_head(c, id)?
                .ok_or(crate::error::CoreError::NotFound { what: "work_order" })?;
            let marks = job_marks::marks(c, id)?;
            let plan = follow_ups::plan(c, id)?;
            let rows = follow_ups::calls_of_job(c, id)?;
            let refs: Vec<&CallRow> = rows.iter().collect();
            let (must, called, agrees, open) = match &plan {
                Some(p) => {
                    let must = must_of(p);
                    let called = is_called(p.agrees, &must, p.picked);
                    let open = open_stage(&stages_of(p, &refs, now, &s, &shop))
                        .filter(|_| p.agrees)
                        .map(|st| task(p, &st, &refs));
                    (must, called, p.agrees, open)
                }
                None => (Vec::new(), false, false, None),
            };
            Ok(JobFollowUp {
                work_order_id: id,
                number: head.number,
                customer_id: head.customer_id,
                vehicle_id: head.vehicle_id,
                customer_name: head.customer_name,
                plate: head.plate,
                phone: head.phone,
                marks,
                must,
                planned: plan.is_some(),
                called,
                agrees,
                open,
                calls: rows.iter().map(|r| call_view(r, now)).collect(),
                next_service_date: next.map(|n| n.0),
                next_service_km: next.map(|n| n.1),
            })
        })
    }

    /// The follow-up calls about a customer's jobs, latest first (the customer file).
    pub fn customer_follow_ups(
        &self,
        customer: CustomerId,
        now: NaiveDateTime,
    ) -> Result<Vec<CustomerCall>> {
        self.with_conn(|c| {
            let rows = follow_ups::calls_of_customer(c, customer, 200)?;
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                let head = follow_ups::job_head(c, r.work_order_id)?;
                let (number, plate) = head.map(|h| (h.number, h.plate)).unwrap_or_default();
                out.push(CustomerCall {
                    number,
                    plate,
                    call: call_view(r, now),
                });
            }
            Ok(out)
        })
    }

    /// The next maintenance of a job's vehicle to remind: the vehicle's projected next
    /// service (`service_due`) as of the day it left, else the after-sales service card's
    /// date and mileage (exit day plus the interval's months, odometer out plus its km).
    /// The one place the follow-up asks. `None` before the settlement is signed.
    pub fn next_service_for(&self, id: WorkOrderId) -> Result<Option<(NaiveDate, i64)>> {
        self.with_conn(|c| {
            let Some((day, km)) = follow_ups::exit_day_and_km(c, id)? else {
                return Ok(None);
            };
            // The vehicle's own projection (its interval, its last service, its km a day)
            // as it stood the day the car left; the shop's interval from that day when
            // the vehicle has too little history for a mileage.
            let vehicle = work_orders::load(c, id)?.vehicle_id;
            if let Some(due) = super::service_due::vehicle_due(c, vehicle, day)? {
                if let Some(due_km) = due.due_km {
                    return Ok(Some((due.due_on, due_km)));
                }
            }
            let settings = staff::settlement_settings(c)?;
            let date = day
                .checked_add_months(Months::new(settings.service_interval_months))
                .unwrap_or(day);
            Ok(Some((
                date,
                km.saturating_add(i64::from(settings.service_interval_km)),
            )))
        })
    }
}
