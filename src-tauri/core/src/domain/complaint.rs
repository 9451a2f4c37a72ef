//! The complaint (投诉) as the desk takes it, and the comeback (返修): a job linked to the
//! job it came back from. Types only; the rules are in `settlement/complaint.rs` and
//! `settlement/comeback.rs`, the SQL in `store/complaints.rs` and `store/comebacks.rs`.
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::domain::settlement::GuaranteeLimit;
use crate::ids::{ComplaintId, CustomerId, VehicleId, WorkOrderId};

macro_rules! named_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
        }

        impl $name {
            pub const ALL: &[$name] = &[$($name::$variant,)*];
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }
            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|k| k.as_str() == s)
            }
        }
    };
}

named_enum!(
    /// How the complaint reached the shop.
    ComplaintChannel {
        InPerson => "in_person",
        Phone => "phone",
        /// A letter or an e-mail.
        Letter => "letter",
        /// Online or on social media.
        Online => "online",
        Other => "other",
    }
);

named_enum!(
    /// The three kinds of the shop's rules.
    ComplaintKind {
        /// 一般性投诉.
        General => "general",
        /// 严重投诉或公关危机: goes to the supervisor.
        Serious => "serious",
        /// 恶意投诉: goes to the supervisor.
        Malicious => "malicious",
    }
);

impl ComplaintKind {
    /// Serious and malicious complaints are the supervisor's to close.
    pub fn for_supervisor(self) -> bool {
        !matches!(self, Self::General)
    }
}

named_enum!(
    /// What the customer asks for (the five 诉求).
    ComplaintDemand {
        /// A free repair of the fault.
        FreeRepair => "free_repair",
        /// Compensation for time, distress and money lost: only the supervisor agrees it.
        Compensation => "compensation",
        /// Taking back a vehicle with a major defect.
        TakeBack => "take_back",
        /// A recall of a batch problem.
        Recall => "recall",
        /// An admission and an apology.
        Apology => "apology",
    }
);

/// A complaint as typed at the desk, the moment it is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComplaintInput {
    pub customer_id: CustomerId,
    pub vehicle_id: VehicleId,
    /// The job it concerns, when it concerns one.
    pub work_order_id: Option<WorkOrderId>,
    pub channel: ComplaintChannel,
    pub kind: ComplaintKind,
    /// The customer's own words (客户原话).
    pub words: String,
    pub demands: Vec<ComplaintDemand>,
    pub taken_by: String,
    /// What was answered at once, if anything (recorded as the first step).
    pub answer_now: String,
    /// When the customer will have the next answer (明确表示下次答复时间), unless the
    /// answer given at once settles it for now.
    pub answer_by: Option<NaiveDateTime>,
}

/// One thing done or said about a complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComplaintStepInput {
    pub by: String,
    /// What was done or said.
    pub action: String,
    /// A new time promised for the next answer.
    pub next_answer_by: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComplaintStep {
    pub at: NaiveDateTime,
    pub by: String,
    pub action: String,
    pub next_answer_by: Option<NaiveDateTime>,
}

/// Closing a complaint: the answer and whether the customer was satisfied with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComplaintClosingInput {
    pub answer: String,
    /// Required: the shop's rules ask for it to be recorded (客户对我方答复是否满意).
    pub satisfied: Option<bool>,
    pub closed_by: String,
    /// Compensation agreed to the customer: the supervisor's alone.
    pub compensation_agreed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComplaintClosing {
    pub answer: String,
    pub satisfied: bool,
    pub closed_by: String,
    pub closed_at: NaiveDateTime,
    /// The supervisor whose PIN closed it, when one was needed.
    pub supervisor: String,
    pub compensation_agreed: bool,
}

/// Where a complaint stands for the list's filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintState {
    Open,
    /// Open, and its promised answer time passed without a step.
    Late,
    Closed,
}

/// A complaint with everything the page shows and the flags it decides on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Complaint {
    pub id: ComplaintId,
    pub number: String,
    pub channel: ComplaintChannel,
    pub kind: ComplaintKind,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub phone: String,
    pub vehicle_id: VehicleId,
    pub plate: String,
    pub work_order_id: Option<WorkOrderId>,
    pub work_order_number: Option<String>,
    pub words: String,
    pub demands: Vec<ComplaintDemand>,
    pub taken_by: String,
    pub taken_at: NaiveDateTime,
    /// The answer time first promised.
    pub answer_by: Option<NaiveDateTime>,
    /// The answer time in force: the latest one promised.
    pub promised_by: Option<NaiveDateTime>,
    pub steps: Vec<ComplaintStep>,
    pub closing: Option<ComplaintClosing>,
    pub state: ComplaintState,
    /// Closing needs the supervisor's PIN (serious or malicious).
    pub needs_supervisor: bool,
}

/// One line of the complaints list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComplaintRow {
    pub id: ComplaintId,
    pub number: String,
    pub kind: ComplaintKind,
    pub channel: ComplaintChannel,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub plate: String,
    pub work_order_id: Option<WorkOrderId>,
    pub work_order_number: Option<String>,
    pub words: String,
    pub taken_at: NaiveDateTime,
    pub promised_by: Option<NaiveDateTime>,
    pub state: ComplaintState,
    pub satisfied: Option<bool>,
}

/// What the list shows: one state or all, one kind or all, and a search text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComplaintFilter {
    pub state: Option<ComplaintState>,
    pub kind: Option<ComplaintKind>,
    /// Matched against the number, the customer's name, the plate and the words.
    pub text: String,
    pub customer_id: Option<CustomerId>,
    pub work_order_id: Option<WorkOrderId>,
}

/// Whether a comeback falls within the guarantee of the job it came back from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum GuaranteeStanding {
    Within,
    /// Past the last covered day.
    OutsideDays,
    /// Past the covered kilometres.
    OutsideKm,
    /// The earlier job carried no guarantee (customer's parts, no guaranteed line).
    NoGuarantee,
    /// Not known yet: the earlier job was never settled, or the comeback's odometer is
    /// not read while the days still cover it.
    Unknown,
}

/// A job's link to the job it came back from, judged against that job's guarantee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Comeback {
    pub work_order_id: WorkOrderId,
    pub origin_id: WorkOrderId,
    pub origin_number: String,
    /// The day the earlier job's settlement put as its exit day.
    pub origin_exit: Option<NaiveDate>,
    pub origin_odometer: Option<i64>,
    pub intake_date: NaiveDate,
    pub intake_odometer: Option<i64>,
    pub standing: GuaranteeStanding,
    /// The limit judged against: the one still covering, else the widest.
    pub limit: Option<GuaranteeLimit>,
    /// What the shop does not charge on the comeback (its lines at the shop's price less
    /// what its settlement charges), in minor units; 0 before it is priced.
    pub cost_minor: i64,
    pub linked_by: String,
    pub linked_at: NaiveDateTime,
}

/// An earlier job of the same vehicle that a job may be linked to as its comeback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComebackCandidate {
    pub id: WorkOrderId,
    pub number: String,
    pub opened_at: NaiveDateTime,
    pub complaint: String,
}
