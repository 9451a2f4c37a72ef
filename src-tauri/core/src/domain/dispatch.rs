//! The nouns of the dispatch sheet (派工单): who the job goes to — one work group or
//! technician assigned by the desk, or the workshop head for a job of several groups
//! (单组作业…填列承修作业组；多组作业…交车间主管) — the items with their planned hours, when
//! the sheet was handed over (交单时间), and the findings the workshop passed to the desk
//! with who took them (记录通知时间和车间受话人). Types only; the checks live in
//! `workshop::dispatch`, the SQL in `store::dispatch`.
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::ids::WorkOrderId;

/// How the job is dispatched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DispatchMode {
    /// One work group or technician, assigned by the desk.
    SingleTeam,
    /// Several groups: handed to the workshop head, who shares it out.
    MultiTeam,
}

impl DispatchMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SingleTeam => "single_team",
            Self::MultiTeam => "multi_team",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::SingleTeam, Self::MultiTeam]
            .into_iter()
            .find(|m| m.as_str() == s)
    }
}

/// One item of work with its planned time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DispatchItem {
    pub description: String,
    /// Planned workshop time in minutes (0 when not planned yet).
    pub planned_minutes: u32,
}

/// The sheet as the desk fills it in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DispatchInput {
    pub mode: DispatchMode,
    /// The work group or technician (single team), or the workshop head (several).
    pub assigned_to: String,
    pub items: Vec<DispatchItem>,
    /// When the sheet went to the workshop (交单时间).
    pub handed_at: Option<NaiveDateTime>,
    /// Who at the desk dispatched it.
    pub dispatched_by: String,
}

/// A job's dispatch sheet as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Dispatch {
    pub work_order_id: WorkOrderId,
    pub mode: DispatchMode,
    pub assigned_to: String,
    pub items: Vec<DispatchItem>,
    pub handed_at: Option<NaiveDateTime>,
    pub dispatched_by: String,
    pub updated_at: NaiveDateTime,
}

/// A finding the workshop passed to the desk, as recorded. With `additional_item_id` it
/// is the additional item's own finding: when and who come from the item, so they are
/// never typed twice; only who took it at the desk is added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FindingNoticeInput {
    pub additional_item_id: Option<i64>,
    /// When the workshop told the desk (not for an additional item).
    pub at: Option<NaiveDateTime>,
    /// Who in the workshop told it (not for an additional item).
    pub reported_by: String,
    /// What was found (not for an additional item).
    pub what: String,
    /// Who at the desk took it (受话人).
    pub taken_by: String,
}

/// A finding passed to the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FindingNotice {
    pub id: i64,
    /// The additional item this notice is, when it is one.
    pub additional_item_id: Option<i64>,
    pub at: NaiveDateTime,
    pub reported_by: String,
    pub what: String,
    pub taken_by: String,
    pub recorded_at: NaiveDateTime,
}

/// An additional item of the job not yet recorded as passed to the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UnnoticedItem {
    pub id: i64,
    pub finding: String,
    pub found_by: String,
    pub found_at: NaiveDateTime,
}

/// The Dispatch panel of a job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DispatchView {
    pub work_order_id: WorkOrderId,
    pub number: String,
    pub dispatch: Option<Dispatch>,
    /// The items a new sheet starts from: the estimate's labour with its hours, else the
    /// requested services, else the complaint.
    pub suggested_items: Vec<DispatchItem>,
    /// The handed-over time a new sheet starts from: when the workshop signed for the car.
    pub handed_at_default: Option<NaiveDateTime>,
    /// The time a new notice starts from: now, to the minute.
    pub notice_at_default: NaiveDateTime,
    /// The sum of the saved sheet's planned minutes.
    pub planned_minutes_total: u32,
    pub notices: Vec<FindingNotice>,
    /// The job's additional items no notice records yet, to record with one action.
    pub unnoticed_items: Vec<UnnoticedItem>,
    /// The sheet and its notices take changes (the job is not cancelled or collected).
    pub editable: bool,
    /// There is a saved sheet to print.
    pub can_print: bool,
}
