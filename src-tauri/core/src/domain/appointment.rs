//! The appointment (预约) as the desk books it on the phone: the exact time, who is coming
//! (a customer on file, or a new caller's name, phone and plate), what is wanted in the
//! customer's words, the parts to prepare, the deposit against them, the reminder calls.
//! Types only; the rules are in `booking`, the SQL in `store/appointments.rs`.
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::domain::pricing::ApprovalChannel;
use crate::domain::settlement::PaymentMethod;
use crate::domain::signature::SignatureInput;
use crate::ids::{AppointmentId, CustomerId, PaymentId, VehicleId, WorkOrderId};

/// Where a booking stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AppointmentStatus {
    /// Written in the book, not yet confirmed by the reminder call.
    Booked,
    /// The customer confirmed on the reminder call (or moved it to a new time).
    Confirmed,
    /// The car came and the appointment became a job.
    Arrived,
    NoShow,
    Cancelled,
}

impl AppointmentStatus {
    pub const ALL: [AppointmentStatus; 5] = [
        Self::Booked,
        Self::Confirmed,
        Self::Arrived,
        Self::NoShow,
        Self::Cancelled,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Booked => "booked",
            Self::Confirmed => "confirmed",
            Self::Arrived => "arrived",
            Self::NoShow => "no_show",
            Self::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
    /// Still expected: it holds its bay and may be changed, cancelled or turned into a job.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Booked | Self::Confirmed)
    }
}

/// What the reminder call (提前半天或一天通知客户) came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CallOutcome {
    Confirmed,
    /// The customer asked for another time; the call carries it.
    Moved,
    Cancelled,
    NotReached,
}

impl CallOutcome {
    pub const ALL: [CallOutcome; 4] = [
        Self::Confirmed,
        Self::Moved,
        Self::Cancelled,
        Self::NotReached,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Moved => "moved",
            Self::Cancelled => "cancelled",
            Self::NotReached => "not_reached",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where a deposit (预交定金) stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DepositState {
    /// Taken, waiting for the car.
    Held,
    /// Carried onto the job as a payment: the settlement counts it once.
    Applied,
    /// Kept by the shop after a cancellation or a no-show, by the supervisor's decision.
    Kept,
    /// Given back after a cancellation or a no-show, by the supervisor's decision.
    Refunded,
}

impl DepositState {
    pub const ALL: [DepositState; 4] = [Self::Held, Self::Applied, Self::Kept, Self::Refunded];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Held => "held",
            Self::Applied => "applied",
            Self::Kept => "kept",
            Self::Refunded => "refunded",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A new caller with no customer file yet: completed into a file on arrival.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CallerContact {
    pub name: String,
    pub phone: String,
    pub plate: String,
}

/// One part the stores prepare for the appointment.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PartToPrepare {
    pub description: String,
    /// Whole pieces.
    pub qty: u32,
    pub unit_price_minor: i64,
}

/// What the desk writes in the book (booking, or changing a booking).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentInput {
    /// A customer on file with one of their vehicles, or both `None` and a `caller`.
    pub customer_id: Option<CustomerId>,
    pub vehicle_id: Option<VehicleId>,
    pub caller: Option<CallerContact>,
    /// The exact time (预约时间要写明确), the shop's local time.
    pub starts_at: NaiveDateTime,
    pub duration_minutes: u32,
    /// The bay kept free (1 to the shop's number of bays).
    pub bay: u32,
    /// What is wanted, in the customer's own words (客户原话).
    pub wanted_work: String,
    pub parts: Vec<PartToPrepare>,
    pub expected_price_minor: Option<i64>,
    /// Tell them to bring the maintenance handbook (保修手册).
    pub bring_handbook: bool,
    pub booked_by: String,
    pub note: String,
    /// Saved even though the day is full (the desk was told, and chose to).
    pub accept_overfill: bool,
}

/// One reminder call as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReminderCall {
    pub at: NaiveDateTime,
    pub by: String,
    pub outcome: CallOutcome,
    pub note: String,
    /// The time asked for, when the outcome is `moved`.
    pub moved_to: Option<NaiveDateTime>,
}

/// What the desk enters for a reminder call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReminderCallInput {
    pub by: String,
    pub outcome: CallOutcome,
    pub note: String,
    /// Required when `outcome` is `moved`: the new time, in the same bay.
    pub moved_to: Option<NaiveDateTime>,
    /// The new time is saved even though its day is full.
    pub accept_overfill: bool,
}

/// The deposit taken against the parts, with its receipt's facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Deposit {
    /// The receipt's number: the appointment's number and `-D`.
    pub receipt_number: String,
    pub method: PaymentMethod,
    pub amount_minor: i64,
    pub tendered_minor: Option<i64>,
    pub change_minor: Option<i64>,
    pub reference: String,
    pub taken_by: String,
    pub taken_at: NaiveDateTime,
    /// The parts' price when it was taken (the half is of this).
    pub parts_minor: i64,
    /// The supervisor who allowed less than half, empty when none was needed.
    pub below_half_allowed_by: String,
    pub state: DepositState,
    /// The job's payment it became on arrival.
    pub payment_id: Option<PaymentId>,
    /// When it was kept or refunded, by whose decision and why.
    pub decided_at: Option<NaiveDateTime>,
    pub decided_by: String,
    pub decision_reason: String,
}

/// The number on a deposit's receipt: one deposit per appointment, so the appointment's
/// number with `-D` (as a job's receipts are its number with `-P1`, `-P2`).
pub fn deposit_receipt_number(appointment_number: &str) -> String {
    format!("{appointment_number}-D")
}

/// What the cashier enters for a deposit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DepositInput {
    pub method: PaymentMethod,
    pub amount_minor: i64,
    pub tendered_minor: Option<i64>,
    pub reference: String,
    pub taken_by: String,
}

/// Turning a booking into a job when the car arrives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ArrivalInput {
    pub advisor: String,
    pub promised_at: Option<NaiveDateTime>,
}

/// A booking turned into a job: the appointment, now arrived and linked, and the job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Arrived {
    pub appointment: Appointment,
    pub work_order_id: WorkOrderId,
    /// The job's payment the deposit became, when one was held.
    pub deposit_payment_id: Option<PaymentId>,
}

/// What happens to a deposit when its appointment is cancelled or missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DepositDecision {
    Keep,
    Refund,
}

/// One appointment as the book shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Appointment {
    pub id: AppointmentId,
    /// `APPT-YYYY-NNNNN`.
    pub number: String,
    pub status: AppointmentStatus,
    pub customer_id: Option<CustomerId>,
    pub vehicle_id: Option<VehicleId>,
    /// The new caller's contact (empty when the customer is on file).
    pub caller: Option<CallerContact>,
    /// Who is coming and with which car, from the file or the caller.
    pub customer_name: String,
    pub phone: String,
    pub plate: String,
    pub starts_at: NaiveDateTime,
    pub duration_minutes: u32,
    pub bay: u32,
    pub wanted_work: String,
    pub parts: Vec<PartToPrepare>,
    /// The sum of the parts' prices.
    pub parts_minor: i64,
    pub expected_price_minor: Option<i64>,
    pub bring_handbook: bool,
    pub booked_by: String,
    pub booked_at: NaiveDateTime,
    pub note: String,
    pub calls: Vec<ReminderCall>,
    /// Who changed or moved it and when, oldest first.
    pub changes: Vec<AppointmentChange>,
    pub deposit: Option<Deposit>,
    pub work_order_id: Option<WorkOrderId>,
    /// When it arrived, was cancelled or marked a no-show.
    pub closed_at: Option<NaiveDateTime>,
    pub cancel_reason: String,
    pub updated_at: NaiveDateTime,
}

impl Appointment {
    /// When the booking was last made or moved to its time: the reminder call counts
    /// from here, so a booking moved to a new time is reminded anew.
    pub fn reminder_from(&self) -> NaiveDateTime {
        self.changes
            .iter()
            .rev()
            .find(|c| c.moved())
            .map_or(self.booked_at, |c| c.at)
    }
}

/// One change of an open booking: who made it, when, and its time and bay before and
/// after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentChange {
    pub at: NaiveDateTime,
    pub by: String,
    pub from_starts_at: NaiveDateTime,
    pub starts_at: NaiveDateTime,
    pub from_bay: u32,
    pub bay: u32,
}

impl AppointmentChange {
    /// Moved to another time (not only another bay, or other words).
    pub fn moved(&self) -> bool {
        self.from_starts_at != self.starts_at
    }
}

/// The hours one weekday is worked, minutes from midnight; `None` when closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MinuteSpan {
    pub from_minute: u32,
    pub to_minute: u32,
}

impl MinuteSpan {
    pub const fn new(from_minute: u32, to_minute: u32) -> Self {
        Self {
            from_minute,
            to_minute,
        }
    }
    pub fn minutes(self) -> u32 {
        self.to_minute.saturating_sub(self.from_minute)
    }
}

/// How the customer agrees the appointment slip (填定预约单，并请客户签名确认): signed on the
/// pad, or by phone (or in person, by message) with the call recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AgreementInput {
    pub channel: ApprovalChannel,
    /// The customer (or whoever spoke for them).
    pub agreed_by: String,
    /// The advisor who recorded it.
    pub recorded_by: String,
    /// The pad's signature when `channel` is `signature`.
    pub signature: Option<SignatureInput>,
    /// What was said on the call (or by message), when not signed.
    pub call_note: String,
}

/// The slip's agreement as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentAgreement {
    pub channel: ApprovalChannel,
    pub agreed_by: String,
    pub recorded_by: String,
    pub at: NaiveDateTime,
    pub signature_sha256: Option<String>,
    pub call_note: String,
    /// SHA-256 of the booking as agreed; a booking changed since is agreed again.
    pub fingerprint: String,
    /// The slip archived at the agreement, inside the data folder, once written.
    pub slip_file_name: Option<String>,
}
