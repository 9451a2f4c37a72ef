//! The jobs running over their planned hours and the later promises they put at risk, for
//! Today, a job's workshop step and the booking board: read through the store (the jobs in
//! the workshop with their dispatch sheets, the bay of the booking each came from, the
//! other jobs' promises and the open bookings up to the end of the next working day),
//! judged by `booking::overrun`.
use chrono::{NaiveDateTime, NaiveTime};
use rusqlite::Connection;

use crate::booking::overrun::{running_over, Lane, Overrun, Promise, PromiseKind, RunningJob};
use crate::booking::working_time::next_working_day_end;
use crate::booking::BookingSettings;
use crate::domain::dispatch::DispatchMode;
use crate::domain::intake::SignatureRole;
use crate::error::Result;
use crate::ids::WorkOrderId;
use crate::store::{appointments, dispatch, signatures, work_orders, Store};
use crate::work_order::WorkOrderStatus;

/// The bay of the booking job `id` came from, if it came from one.
fn bay_of(conn: &Connection, id: WorkOrderId) -> Result<Option<u32>> {
    Ok(match appointments::for_work_order(conn, id)? {
        Some(a) => Some(appointments::load(conn, a)?.bay),
        None => None,
    })
}

pub(crate) fn overruns(
    conn: &Connection,
    settings: &BookingSettings,
    now: NaiveDateTime,
) -> Result<Vec<Overrun>> {
    let mut running = Vec::new();
    let mut promises = Vec::new();
    for (id, plate, customer_name) in work_orders::in_the_shop(conn)? {
        let job = work_orders::load(conn, id)?;
        let sheet = dispatch::load(conn, id)?;
        // A multi-team job goes to the workshop head, who shares it out: no one team.
        let team = sheet
            .as_ref()
            .filter(|s| s.mode == DispatchMode::SingleTeam)
            .map_or("", |s| s.assigned_to.as_str());
        let lane = Lane::new(bay_of(conn, id)?, team);
        if let Some(at) = job.details.promised_at {
            promises.push(Promise {
                kind: PromiseKind::Job,
                work_order_id: Some(id),
                appointment_id: None,
                number: job.number.clone(),
                plate: plate.clone(),
                customer_name: customer_name.clone(),
                at,
                lane: lane.clone(),
            });
        }
        let Some(sheet) = sheet.filter(|_| job.status == WorkOrderStatus::InWorkshop) else {
            continue;
        };
        // Work starts when the sheet was handed over, else when the car was signed for.
        let started_at = match sheet.handed_at {
            Some(at) => Some(at),
            None => signatures::for_work_order(conn, id)?
                .iter()
                .find(|s| s.role == SignatureRole::WorkshopReceiver)
                .map(|s| s.signed_at),
        };
        running.push(RunningJob {
            work_order_id: id,
            number: job.number,
            plate,
            customer_name,
            planned_minutes: crate::workshop::dispatch::planned_total(&sheet.items),
            started_at,
            team: sheet.assigned_to.clone(),
            lane,
        });
    }
    let from = now.date().and_time(NaiveTime::MIN);
    let to = next_working_day_end(now, settings) + chrono::TimeDelta::minutes(1);
    for a in appointments::between(conn, from, to)? {
        if a.status.is_open() {
            promises.push(Promise {
                kind: PromiseKind::Booking,
                work_order_id: None,
                appointment_id: Some(a.id),
                number: a.number,
                plate: a.plate,
                customer_name: a.customer_name,
                at: a.starts_at,
                lane: Lane::new(Some(a.bay), ""),
            });
        }
    }
    Ok(running_over(&running, &promises, now, settings))
}

impl Store {
    /// The jobs running over their planned hours at `now`, the most over first, each with
    /// the later promises it puts at risk.
    pub fn running_over(&self, now: NaiveDateTime) -> Result<Vec<Overrun>> {
        let settings = self.booking_settings()?;
        self.with_conn(|conn| overruns(conn, &settings, now))
    }

    /// Job `id` running over at `now`, `None` when it is not.
    pub fn job_overrun(&self, id: WorkOrderId, now: NaiveDateTime) -> Result<Option<Overrun>> {
        Ok(self
            .running_over(now)?
            .into_iter()
            .find(|o| o.work_order_id == id))
    }
}
