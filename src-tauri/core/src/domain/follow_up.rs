//! The nouns of the follow-up calls after a car left (跟踪回访): the shop's settings for
//! them, the marks that make a call a must, one call as recorded, and the queue the desk
//! works from. Types only; the rules are in `follow_up`.
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::domain::appointment::MinuteSpan;
use crate::ids::{AppointmentId, CustomerId, FollowUpCallId, VehicleId, WorkOrderId};

/// When the calls are made and whom the shop calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpSettings {
    /// The first call's window: from this many days after the car left (出厂二天)…
    pub first_min_days: u32,
    /// …to this many (至一周).
    pub first_max_days: u32,
    /// The second call's window: the days after the first call was made.
    pub second_window_days: u32,
    /// When follow-up calls are made (9:00–11:00 and 16:00–18:30 by default).
    pub calling_hours: Vec<MinuteSpan>,
    /// The share of the jobs without a must-call reason that are called (确定回访比例), %.
    pub share_percent: u32,
}

impl Default for FollowUpSettings {
    fn default() -> Self {
        Self {
            first_min_days: 2,
            first_max_days: 7,
            second_window_days: 7,
            calling_hours: vec![
                MinuteSpan::new(9 * 60, 11 * 60),
                MinuteSpan::new(16 * 60, 18 * 60 + 30),
            ],
            share_percent: 100,
        }
    }
}

/// A mark any staff sets on a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum JobMarkKind {
    /// 未查出故障: the job found no fault.
    NoFaultFound,
    /// 服务失误: the customer met a service mistake.
    ServiceMistake,
}

impl JobMarkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NoFaultFound => "no_fault_found",
            Self::ServiceMistake => "service_mistake",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::NoFaultFound, Self::ServiceMistake]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobMark {
    pub kind: JobMarkKind,
    pub set_by: String,
    pub set_at: NaiveDateTime,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobMarkInput {
    pub kind: JobMarkKind,
    /// Set (true) or taken off (false).
    pub on: bool,
    pub set_by: String,
    pub note: String,
}

/// Why a job is called whatever the shop's share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum MustCall {
    NoFaultFound,
    Overhaul,
    ServiceMistake,
}

/// The first call, or the second in the week after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CallStage {
    First,
    Second,
}

impl CallStage {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::First => "first",
            Self::Second => "second",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::First, Self::Second]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// How the customer says the car runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CarRuns {
    NotAsked,
    Well,
    NotRight,
}

impl CarRuns {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotAsked => "not_asked",
            Self::Well => "well",
            Self::NotRight => "not_right",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::NotAsked, Self::Well, Self::NotRight]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// One call as the desk records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpCallInput {
    pub stage: CallStage,
    /// Someone answered; a call nobody answered is tried again within the window.
    pub reached: bool,
    pub car_runs: CarRuns,
    /// What the customer thinks of the service, 1 (bad) to 5 (very good).
    pub score: Option<u8>,
    /// The customer's own words.
    pub words: String,
    /// The next maintenance reminded.
    pub next_service_date: Option<NaiveDate>,
    pub next_service_km: Option<i64>,
    /// Any new service the customer wants.
    pub new_service: String,
    /// What could not be solved on the call goes to the supervisor within two days.
    pub needs_supervisor: bool,
    pub problem: String,
    pub called_by: String,
}

/// The supervisor's side of a call that needs them (两日内报告业务主管…当日告知客户).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SupervisorFollowUp {
    /// Reported to the supervisor by then: the call's time plus two days.
    pub report_by: NaiveDateTime,
    /// The customer is told by the end of the call's day.
    pub tell_customer_by: NaiveDateTime,
    pub customer_told_at: Option<NaiveDateTime>,
    pub reported_at: Option<NaiveDateTime>,
    pub reported_to: String,
    pub handled_note: String,
    /// Not reported and the two days are past.
    pub overdue: bool,
    /// The customer not told and the day is over.
    pub customer_overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpCall {
    pub id: FollowUpCallId,
    pub work_order_id: WorkOrderId,
    pub at: NaiveDateTime,
    pub input: FollowUpCallInput,
    /// Score of 2 or less, or the car not right: a check or comeback is offered.
    pub unhappy: bool,
    /// The check or comeback booked from the call.
    pub appointment_id: Option<AppointmentId>,
    pub appointment_number: Option<String>,
    pub supervisor: Option<SupervisorFollowUp>,
}

/// Where a call of a job stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum StageState {
    /// Its window has not opened.
    Upcoming,
    /// Its window opens today (or a retry of a call missed today).
    Today,
    /// Its window opened before today and is still open.
    Overdue,
    /// Someone was reached.
    Done,
    /// Its window closed with nobody reached: counted as missed.
    Missed,
}

/// A call to make (or made, or missed) in the desk's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpTask {
    pub work_order_id: WorkOrderId,
    pub number: String,
    pub plate: String,
    pub customer_name: String,
    pub phone: String,
    pub left_at: NaiveDateTime,
    pub stage: CallStage,
    pub state: StageState,
    /// The window's first and last day.
    pub window_from: NaiveDate,
    pub window_to: NaiveDate,
    /// When to ring: the window's first calling moment, or the next calling hours after a
    /// try nobody answered.
    pub due_at: NaiveDateTime,
    /// Tries so far in this stage that reached nobody.
    pub tries: u32,
    pub must: Vec<MustCall>,
}

/// The desk's follow-up queue for one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpQueue {
    pub day: NaiveDate,
    /// Inside the calling hours now.
    pub calling_now: bool,
    /// When the next calling hours begin, outside them.
    pub calls_from: Option<NaiveDateTime>,
    pub today: Vec<FollowUpTask>,
    pub overdue: Vec<FollowUpTask>,
    /// Calls that reached the customer on the day.
    pub done: Vec<FollowUpTask>,
    /// Windows closed in the last week with nobody reached.
    pub missed: Vec<FollowUpTask>,
    pub supervisor: Vec<SupervisorDue>,
}

/// A call waiting for the supervisor, for the due list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SupervisorDue {
    pub call_id: FollowUpCallId,
    pub work_order_id: WorkOrderId,
    pub number: String,
    pub customer_name: String,
    pub phone: String,
    pub problem: String,
    pub called_at: NaiveDateTime,
    pub state: SupervisorFollowUp,
}

/// A job's follow-up: its marks, whether it is called, and its calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobFollowUp {
    pub work_order_id: WorkOrderId,
    pub number: String,
    pub customer_id: CustomerId,
    pub vehicle_id: VehicleId,
    pub customer_name: String,
    pub plate: String,
    pub phone: String,
    pub marks: Vec<JobMark>,
    pub must: Vec<MustCall>,
    /// Left the shop and considered for calls.
    pub planned: bool,
    /// Chosen for a call (a must, or picked by the share), and the customer agrees.
    pub called: bool,
    pub agrees: bool,
    /// The stage to call now, if any is open.
    pub open: Option<FollowUpTask>,
    pub calls: Vec<FollowUpCall>,
    /// The next maintenance to remind, from the service card's interval.
    pub next_service_date: Option<NaiveDate>,
    pub next_service_km: Option<i64>,
}

/// What the supervisor records on a call that needed them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SupervisorReportInput {
    pub note: String,
}

/// A call about one of a customer's jobs, for the customer file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CustomerCall {
    pub number: String,
    pub plate: String,
    pub call: FollowUpCall,
}
