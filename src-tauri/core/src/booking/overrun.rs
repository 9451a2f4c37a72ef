//! A job running over its planned hours, and the later promises it puts at risk (进度检查：
//! 如有延误，及时处理并告知客户). Pure, with `now` passed in.
//!
//! - **Planned** is the dispatch sheet's planned minutes; a job with none planned is not
//!   judged. **Started** is the sheet's handed-over time (交单时间), or, when the sheet has
//!   none, when the workshop's receiver signed for the car; a job with neither is not judged.
//! - Only working hours count (`working_time`): the job is **over** when the working minutes
//!   since it started pass the planned ones — exactly on time is not over, one minute more is.
//! - Its **projected finish** assumes the remaining work takes at least a quarter of the
//!   planned time and never less than half an hour ([`remaining_minutes`]), in working
//!   time from now.
//! - A **promise** is another job's promised time or an open booking's time, after now and
//!   no later than the end of the next working day, in the same bay or with the same work
//!   group or technician (a multi-team job has no one team). It is **at risk** when the
//!   projected finish of the over-running job ahead of it in that bay or team passes it.
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::board::BookingBoard;
use super::working_time::{after_working_minutes, next_working_day_end, working_minutes_between};
use super::BookingSettings;
use crate::ids::{AppointmentId, WorkOrderId};

/// The least the remaining work of an over-running job is taken to need.
pub const LEAST_REMAINING_MINUTES: u32 = 30;

/// The working minutes an over-running job is still taken to need: a quarter of its
/// planned time (rounded up), at least [`LEAST_REMAINING_MINUTES`].
pub fn remaining_minutes(planned: u32) -> u32 {
    planned.div_ceil(4).max(LEAST_REMAINING_MINUTES)
}

/// Where a job or a booking is worked: its bay, and its work group or technician.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Lane {
    pub bay: Option<u32>,
    /// Trimmed and lower-cased, so "陈师傅 " and "陈师傅" are one team; `None` when unknown.
    pub team: Option<String>,
}

impl Lane {
    pub fn new(bay: Option<u32>, team: &str) -> Self {
        let team = team.trim().to_lowercase();
        Self {
            bay,
            team: (!team.is_empty()).then_some(team),
        }
    }

    /// What two lanes share, bay first.
    fn shared_with(&self, other: &Lane) -> Option<Shared> {
        if self.bay.is_some() && self.bay == other.bay {
            Some(Shared::Bay)
        } else if self.team.is_some() && self.team == other.team {
            Some(Shared::Team)
        } else {
            None
        }
    }
}

/// A job in the workshop now, as the rule reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunningJob {
    pub work_order_id: WorkOrderId,
    pub number: String,
    pub plate: String,
    pub customer_name: String,
    /// The dispatch sheet's planned minutes, 0 when none.
    pub planned_minutes: u32,
    pub started_at: Option<NaiveDateTime>,
    /// The team as written on the sheet, shown on screen.
    pub team: String,
    pub lane: Lane,
}

/// A later promise: another job's promised time, or a booking's time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Promise {
    pub kind: PromiseKind,
    pub work_order_id: Option<WorkOrderId>,
    pub appointment_id: Option<AppointmentId>,
    pub number: String,
    pub plate: String,
    pub customer_name: String,
    pub at: NaiveDateTime,
    pub lane: Lane,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PromiseKind {
    /// A job's promised completion time.
    Job,
    /// A booked car expected at its time.
    Booking,
}

/// What the over-running job and the promise have in common.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Shared {
    Bay,
    Team,
}

/// A promise an over-running job puts at risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PromiseAtRisk {
    pub kind: PromiseKind,
    /// The job to open (a job's promise).
    pub work_order_id: Option<WorkOrderId>,
    /// The booking to open (a booking's time).
    pub appointment_id: Option<AppointmentId>,
    pub number: String,
    pub plate: String,
    pub customer_name: String,
    pub at: NaiveDateTime,
    pub shared: Shared,
}

/// A job running over its planned hours, as Today and its workshop step show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Overrun {
    pub work_order_id: WorkOrderId,
    pub number: String,
    pub plate: String,
    pub customer_name: String,
    pub team: String,
    pub bay: Option<u32>,
    pub started_at: NaiveDateTime,
    pub planned_minutes: u32,
    /// Working minutes since it started.
    pub worked_minutes: u32,
    /// Working minutes past the plan (at least 1).
    pub over_minutes: u32,
    /// When the planned hours ran out.
    pub due_at: NaiveDateTime,
    /// When it is now expected to finish ([`remaining_minutes`] from now).
    pub projected_finish: NaiveDateTime,
    /// Later promises in its bay or team that the projected finish passes, soonest first.
    pub at_risk: Vec<PromiseAtRisk>,
}

/// Judges one job at `now`: `None` when it is not judged or not over.
fn judge_one(job: &RunningJob, now: NaiveDateTime, settings: &BookingSettings) -> Option<Overrun> {
    let started_at = job.started_at?;
    if job.planned_minutes == 0 {
        return None;
    }
    let worked = working_minutes_between(started_at, now, settings);
    if worked <= job.planned_minutes {
        return None;
    }
    let due_at = after_working_minutes(started_at, job.planned_minutes, settings)?;
    let projected = after_working_minutes(now, remaining_minutes(job.planned_minutes), settings)?;
    Some(Overrun {
        work_order_id: job.work_order_id,
        number: job.number.clone(),
        plate: job.plate.clone(),
        customer_name: job.customer_name.clone(),
        team: job.team.clone(),
        bay: job.lane.bay,
        started_at,
        planned_minutes: job.planned_minutes,
        worked_minutes: worked,
        over_minutes: worked - job.planned_minutes,
        due_at,
        projected_finish: projected,
        at_risk: Vec::new(),
    })
}

/// Every job running over at `now`, the most over first, each with the later promises it
/// puts at risk.
pub fn running_over(
    jobs: &[RunningJob],
    promises: &[Promise],
    now: NaiveDateTime,
    settings: &BookingSettings,
) -> Vec<Overrun> {
    let horizon = next_working_day_end(now, settings);
    let mut over: Vec<Overrun> = jobs
        .iter()
        .filter_map(|job| {
            let mut o = judge_one(job, now, settings)?;
            o.at_risk = promises
                .iter()
                .filter(|p| p.work_order_id != Some(job.work_order_id))
                .filter(|p| p.at > now && p.at <= horizon && o.projected_finish > p.at)
                .filter_map(|p| {
                    Some(PromiseAtRisk {
                        shared: job.lane.shared_with(&p.lane)?,
                        kind: p.kind,
                        work_order_id: p.work_order_id,
                        appointment_id: p.appointment_id,
                        number: p.number.clone(),
                        plate: p.plate.clone(),
                        customer_name: p.customer_name.clone(),
                        at: p.at,
                    })
                })
                .collect();
            o.at_risk.sort_by_key(|p| (p.at, p.number.clone()));
            Some(o)
        })
        .collect();
    over.sort_by_key(|o| (std::cmp::Reverse(o.over_minutes), o.number.clone()));
    over
}

/// Marks on `board` the bookings an over-running job puts at risk, with that job's number.
pub fn mark_board(board: &mut BookingBoard, over: &[Overrun]) {
    for day in &mut board.days {
        for booking in day.bays.iter_mut().flat_map(|b| b.bookings.iter_mut()) {
            booking.at_risk_from = at_risk_from(booking.id, over);
        }
    }
}

/// The number of the first over-running job that puts booking `id` at risk.
pub fn at_risk_from(id: AppointmentId, over: &[Overrun]) -> Option<String> {
    over.iter()
        .find(|o| o.at_risk.iter().any(|p| p.appointment_id == Some(id)))
        .map(|o| o.number.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::booking::MinuteSpan;
    use chrono::NaiveDate;

    /// 08:00–18:00 Monday to Friday; 7 December 2026 is a Monday.
    fn shop() -> BookingSettings {
        let day = Some(MinuteSpan::new(8 * 60, 18 * 60));
        BookingSettings {
            working_hours: vec![day, day, day, day, day, None, None],
            ..BookingSettings::default()
        }
    }

    fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, d)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .unwrap_or_default()
    }

    fn job(planned: u32, started: Option<NaiveDateTime>) -> RunningJob {
        RunningJob {
            work_order_id: WorkOrderId(1),
            number: "WO-2026-00001".into(),
            plate: "沪A12345".into(),
            customer_name: "王芳".into(),
            planned_minutes: planned,
            started_at: started,
            team: "陈师傅".into(),
            lane: Lane::new(Some(2), " 陈师傅 "),
        }
    }

    fn booking(id: i64, when: NaiveDateTime, bay: u32) -> Promise {
        Promise {
            kind: PromiseKind::Booking,
            work_order_id: None,
            appointment_id: Some(AppointmentId(id)),
            number: format!("APPT-2026-{id:05}"),
            plate: "粤B1".into(),
            customer_name: "李雷".into(),
            at: when,
            lane: Lane::new(Some(bay), ""),
        }
    }

    fn promised_job(id: i64, when: NaiveDateTime, team: &str) -> Promise {
        Promise {
            kind: PromiseKind::Job,
            work_order_id: Some(WorkOrderId(id)),
            appointment_id: None,
            number: format!("WO-2026-{id:05}"),
            plate: "粤B2".into(),
            customer_name: "韩梅梅".into(),
            at: when,
            lane: Lane::new(None, team),
        }
    }

    #[test]
    fn exactly_on_time_is_not_over_and_a_minute_more_is() {
        let s = shop();
        let j = job(120, Some(at(7, 9, 0)));
        assert!(running_over(std::slice::from_ref(&j), &[], at(7, 11, 0), &s).is_empty());
        assert!(
            running_over(
                std::slice::from_ref(&j),
                &[],
                at(7, 11, 0) + chrono::TimeDelta::seconds(59),
                &s
            )
            .is_empty(),
            "minutes are whole: 59 seconds more is not a minute over"
        );
        let over = running_over(&[j], &[], at(7, 11, 1), &s);
        assert_eq!(over.len(), 1);
        assert_eq!(over[0].over_minutes, 1);
        assert_eq!(over[0].due_at, at(7, 11, 0));
        assert_eq!(
            over[0].projected_finish,
            at(7, 11, 31),
            "the rest takes at least half an hour"
        );
    }

    #[test]
    fn working_time_runs_across_the_evening_the_weekend_and_a_day_off() {
        let mut s = shop();
        s.days_off.push(at(14, 0, 0).date());
        // Friday 16:00 with 3 h planned: 2 h on Friday, Monday is off, due Tuesday 09:00.
        let j = job(180, Some(at(11, 16, 0)));
        assert!(running_over(std::slice::from_ref(&j), &[], at(15, 9, 0), &s).is_empty());
        let over = running_over(&[j], &[], at(15, 9, 10), &s);
        assert_eq!(over[0].due_at, at(15, 9, 0));
        assert_eq!(over[0].over_minutes, 10);
        assert_eq!(over[0].worked_minutes, 190);
        assert_eq!(
            over[0].projected_finish,
            at(15, 9, 55),
            "a quarter of 3 h is 45 minutes"
        );
    }

    #[test]
    fn a_job_with_no_planned_hours_or_no_start_is_not_judged() {
        let s = shop();
        assert!(running_over(&[job(0, Some(at(7, 8, 0)))], &[], at(8, 17, 0), &s).is_empty());
        assert!(running_over(&[job(60, None)], &[], at(8, 17, 0), &s).is_empty());
    }

    #[test]
    fn a_later_promise_in_the_same_bay_or_team_is_at_risk_and_one_elsewhere_is_not() {
        let s = shop();
        // Planned 4 h from 08:00, now 12:30: 30 minutes over, expected to finish 13:30.
        let j = job(240, Some(at(7, 8, 0)));
        let promises = [
            booking(1, at(7, 13, 0), 2),
            booking(2, at(7, 13, 0), 3),
            promised_job(3, at(7, 13, 15), "陈师傅"),
            promised_job(4, at(7, 13, 15), "刘师傅"),
            booking(5, at(7, 14, 0), 2),
            booking(6, at(7, 12, 0), 2),
            promised_job(1, at(7, 13, 0), "陈师傅"),
        ];
        let over = running_over(&[j], &promises, at(7, 12, 30), &s);
        assert_eq!(over[0].projected_finish, at(7, 13, 30));
        let risk: Vec<_> = over[0]
            .at_risk
            .iter()
            .map(|p| (p.number.as_str(), p.shared))
            .collect();
        assert_eq!(
            risk,
            [
                ("APPT-2026-00001", Shared::Bay),
                ("WO-2026-00003", Shared::Team)
            ],
            "another bay, another team, after the finish, already past or the job's own \
             promise are not at risk"
        );
    }

    #[test]
    fn promises_beyond_the_next_working_day_are_not_looked_at() {
        let s = shop();
        // Friday 17:00, a 60-hour job started ten days ago: 15 h still to go, so it runs
        // into Tuesday noon, but Tuesday is past the next working day.
        let j = job(60 * 60, Some(at(1, 8, 0)));
        let promises = [booking(1, at(14, 17, 0), 2), booking(2, at(15, 9, 0), 2)];
        let over = running_over(&[j], &promises, at(11, 17, 0), &s);
        assert_eq!(over[0].projected_finish, at(15, 12, 0));
        let numbers: Vec<_> = over[0].at_risk.iter().map(|p| p.number.as_str()).collect();
        assert_eq!(
            numbers,
            ["APPT-2026-00001"],
            "Monday is the next working day"
        );
    }
}
