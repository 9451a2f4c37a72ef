//! The nouns of the workshop side of a job that the store reads and writes: an
//! additional item (维修追加项目) as found and as answered, each call about it, and the
//! progress log. Types only; what may be recorded is `workshop`'s rules.
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::domain::pricing::{
    ApprovalChannel, ContactOutcome, EstimateLine, ProposalStatus, Totals,
};
use crate::ids::WorkOrderId;

/// What the workshop found, as the advisor enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AdditionalItemInput {
    /// What was found.
    pub finding: String,
    /// Why it needs doing.
    pub reason: String,
    pub safety_critical: bool,
    /// Photo file names (`<sha256>.<ext>`).
    pub photos: Vec<String>,
    /// The technician who found it.
    pub found_by: String,
    pub lines: Vec<EstimateLine>,
    /// The extra workshop time it needs.
    pub extra_minutes: u32,
}

/// One call about an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ItemContact {
    pub at: NaiveDateTime,
    pub channel: ApprovalChannel,
    pub outcome: ContactOutcome,
    pub spoke_with: String,
    pub recorded_by: String,
}

/// An additional item (维修追加项目) with its figures and answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AdditionalItem {
    pub id: i64,
    pub work_order_id: WorkOrderId,
    pub finding: String,
    pub reason: String,
    pub safety_critical: bool,
    pub photos: Vec<String>,
    pub found_by: String,
    pub found_at: NaiveDateTime,
    pub lines: Vec<EstimateLine>,
    pub no_guarantee: Vec<bool>,
    pub totals: Totals,
    pub extra_minutes: u32,
    pub status: ProposalStatus,
    /// Every call, oldest first; the last one answered.
    pub contacts: Vec<ItemContact>,
    /// The customer's signature when approved in person on the pad.
    pub signature_sha256: Option<String>,
    /// The promised time agreed with an approval, when it moved.
    pub new_promised_at: Option<NaiveDateTime>,
    /// The later job this declined item was added to.
    pub carried_to: Option<WorkOrderId>,
    /// The calls that did not reach the customer, for "not reached (n)".
    pub not_reached_calls: u32,
    /// The customer's answer may be recorded now: still proposed, on a job in the
    /// workshop.
    pub can_answer: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ProgressKind {
    OnTime,
    Delay,
    /// The promised time moved with an approved additional item.
    AdditionalItem,
}

impl ProgressKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OnTime => "on_time",
            Self::Delay => "delay",
            Self::AdditionalItem => "additional_item",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::OnTime, Self::Delay, Self::AdditionalItem]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// One progress check or promised-time change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProgressEntry {
    pub at: NaiveDateTime,
    pub kind: ProgressKind,
    pub new_promised_at: Option<NaiveDateTime>,
    pub reason: String,
    pub told_channel: Option<ApprovalChannel>,
    pub told_at: Option<NaiveDateTime>,
    pub recorded_by: String,
}
