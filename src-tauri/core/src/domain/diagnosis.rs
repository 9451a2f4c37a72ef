//! The nouns of the diagnosis report (汽车检测诊断报告单): the checks and measurements the
//! technician made, the road test when the fault needs one (需要通过路试方可确定的故障车
//! 安排路试), the findings, the recommended work and the technician's signature. Types
//! only; the checks live in `workshop::diagnosis`, the SQL in `store::diagnoses`.
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::domain::intake::ArchivedForm;
use crate::error::FieldIssue;
use crate::ids::WorkOrderId;
use crate::reason::Reason;

/// What a check found: within limits, or a fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Judgement {
    Ok,
    Fault,
}

impl Judgement {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Fault => "fault",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Ok, Self::Fault]
            .into_iter()
            .find(|j| j.as_str() == s)
    }
}

/// One row of the checks: what was checked, the reading with its unit, the judgement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosisCheck {
    /// "Battery voltage, engine off", "Fault codes".
    pub item: String,
    /// As read: "12.1", "P0301", "2 mm".
    pub reading: String,
    /// V, bar, mm, … (may be empty when the reading says it all).
    pub unit: String,
    pub judgement: Judgement,
}

/// The road test: who drove, how far, what was observed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RoadTest {
    pub driver: String,
    /// Whole kilometres driven.
    pub distance_km: u32,
    pub observed: String,
}

/// The report as the technician (or the advisor for them) fills it in.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosisInput {
    pub checks: Vec<DiagnosisCheck>,
    /// A fault only a road test can confirm: then the road test is filled in.
    pub road_test_needed: bool,
    /// Kept only when `road_test_needed`.
    pub road_test: Option<RoadTest>,
    pub findings: String,
    pub recommendation: String,
    /// The technician who diagnosed; the one who signs.
    pub technician: String,
}

/// The technician's signature on the report: name, time and the pad's ink.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TechnicianSignature {
    pub signer_name: String,
    pub signed_at: NaiveDateTime,
    /// The PNG under `<data_dir>/signatures/<sha256>.png`.
    pub png_sha256: String,
}

/// A job's diagnosis report as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Diagnosis {
    pub work_order_id: WorkOrderId,
    pub checks: Vec<DiagnosisCheck>,
    pub road_test_needed: bool,
    pub road_test: Option<RoadTest>,
    pub findings: String,
    pub recommendation: String,
    pub technician: String,
    pub updated_at: NaiveDateTime,
    /// Once signed the report no longer changes.
    pub signature: Option<TechnicianSignature>,
}

/// The Diagnosis panel of a job: the complaint in the customer's words, the report so
/// far, and what the panel may offer now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosisView {
    pub work_order_id: WorkOrderId,
    pub number: String,
    /// The complaint in the customer's own words (客户原话), from the job.
    pub complaint: String,
    pub diagnosis: Option<Diagnosis>,
    /// The report takes changes: saved or not, unsigned, on a job not cancelled.
    pub editable: bool,
    /// What still keeps the technician from signing the saved report.
    pub sign_blockers: Vec<FieldIssue>,
    /// There is a saved report to print.
    pub can_print: bool,
    /// The signed report's PDF as archived under `forms/` (written once at the signing;
    /// every later printing is a COPY). `None` before signing, or while a signed
    /// report's archive is still to be written (the next printing writes it).
    pub archived: Option<ArchivedForm>,
    /// Set only by the signing that just happened, when the PDF it archives could not
    /// be written (a full disk): why. The signature stands.
    #[serde(default)]
    pub archive_failed: Option<Reason>,
}
