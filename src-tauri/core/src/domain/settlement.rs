//! The nouns of settling a job: where a settled line came from, what happens to the old
//! part, the settlement's figures, payments and refunds, credit notes, the guarantee
//! printed per line and the actions a supervisor approves. Types only; the rules over
//! them live in `settlement`.
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::domain::pricing::{
    ApprovalChannel, EstimateLine, GuaranteeClass, LineTotal, TaxSettings, Totals,
};
use crate::domain::signature::SignatureInput;
use crate::error::{CoreError, Result};
use crate::ids::{ApprovalId, CustomerId, ExitNoticeId, PaymentId, WorkOrderId};

/// Where a settled line comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum LineOrigin {
    /// A line of the approved estimate version (`origin_ref` is the version).
    Estimate,
    /// The approved estimate's "by symptom" risk margin, as approved.
    RiskMargin,
    /// A line of an approved additional item (`origin_ref` is the item).
    AdditionalItem,
}

/// What happened to the old part a part line replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum OldPartDisposition {
    /// Handed back to the customer.
    Returned,
    /// Shown to the customer and left with the shop.
    ShownAndLeft,
    /// Kept for a warranty claim with the supplier.
    KeptForWarrantyClaim,
}

/// One line as it sits on the settlement: from an approved document, unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettlementLine {
    pub origin: LineOrigin,
    pub origin_ref: i64,
    pub line: EstimateLine,
    pub amount: LineTotal,
    pub no_guarantee: bool,
    /// The concrete limits, once the exit day and odometer are known.
    pub guarantee: Option<GuaranteeLimit>,
    /// Part lines: what became of the old part.
    pub old_part: Option<OldPartDisposition>,
}

/// Every figure of a settlement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettlementFigures {
    /// The lines' figures, exactly as the pricing rules compute them.
    pub totals: Totals,
    pub total_discount_minor: i64,
    /// What the job costs: `totals.gross_minor - total_discount_minor`.
    pub total_minor: i64,
    /// Money taken on the job so far (deposits, advances, payments; refunds off).
    pub paid_minor: i64,
    /// Put on the customer's account (挂账): owed, but settled for the exit.
    pub on_account_minor: i64,
    /// Still to pay now: `total - paid - on_account`.
    pub due_minor: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Cash,
    Card,
    Transfer,
    /// WeChat Pay, Alipay…
    Mobile,
    Cheque,
    /// Put on the customer's account (挂账): still owed, settled for the exit.
    OnAccount,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 6] = [
        Self::Cash,
        Self::Card,
        Self::Transfer,
        Self::Mobile,
        Self::Cheque,
        Self::OnAccount,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cash => "cash",
            Self::Card => "card",
            Self::Transfer => "transfer",
            Self::Mobile => "mobile",
            Self::Cheque => "cheque",
            Self::OnAccount => "on_account",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PaymentKind {
    Payment,
    Refund,
}

impl PaymentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Payment => "payment",
            Self::Refund => "refund",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Payment, Self::Refund]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    pub id: PaymentId,
    pub work_order_id: WorkOrderId,
    pub kind: PaymentKind,
    pub method: PaymentMethod,
    pub amount_minor: i64,
    pub tendered_minor: Option<i64>,
    pub change_minor: Option<i64>,
    pub reference: String,
    pub taken_by: String,
    pub taken_at: NaiveDateTime,
    pub reason: String,
    pub approval_id: Option<ApprovalId>,
    pub voided_at: Option<NaiveDateTime>,
    pub void_approval_id: Option<ApprovalId>,
    pub void_reason: String,
}

impl Payment {
    /// What the row adds to the money taken: refunds subtract, voids count nothing.
    pub fn signed_amount(&self) -> i64 {
        match (self.voided_at, self.kind) {
            (Some(_), _) => 0,
            (None, PaymentKind::Payment) => self.amount_minor,
            (None, PaymentKind::Refund) => -self.amount_minor,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CreditNote {
    pub id: i64,
    pub work_order_id: WorkOrderId,
    pub number: String,
    pub settlement_number: String,
    pub amount_minor: i64,
    pub reason: String,
    pub issued_by: String,
    pub issued_at: NaiveDateTime,
    pub approval_id: ApprovalId,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GuaranteeLimit {
    pub class: GuaranteeClass,
    /// The last day covered.
    pub until: NaiveDate,
    /// The odometer reading at which cover ends.
    pub until_km: i64,
}

/// What the rules reserve for the supervisor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalAction {
    /// A discount on the total above the shop's limit.
    DiscountAboveLimit,
    /// Letting the car go before the settlement is paid in full.
    ExitWithDebt,
    VoidPayment,
    Refund,
    /// Reopening a signed settlement to correct it.
    ReopenSettlement,
    /// A credit note lowering what a signed settlement charges.
    CreditNote,
}

impl ApprovalAction {
    pub const ALL: [ApprovalAction; 6] = [
        Self::DiscountAboveLimit,
        Self::ExitWithDebt,
        Self::VoidPayment,
        Self::Refund,
        Self::ReopenSettlement,
        Self::CreditNote,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DiscountAboveLimit => "discount_above_limit",
            Self::ExitWithDebt => "exit_with_debt",
            Self::VoidPayment => "void_payment",
            Self::Refund => "refund",
            Self::ReopenSettlement => "reopen_settlement",
            Self::CreditNote => "credit_note",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The shop's settlement settings (settings → settlement).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettlementSettings {
    /// The largest discount on the total the desk gives without the supervisor (bp).
    pub discount_limit_bp: u32,
    /// Jobs promised less than this many hours after opening are short jobs; a job of
    /// exactly this many hours is a long one (两天以上包括两天).
    pub short_job_hours: u32,
    /// Minutes before pickup to tell the customer of a short job.
    pub notify_short_minutes: u32,
    /// Minutes before pickup to tell the customer of a longer job.
    pub notify_long_minutes: u32,
    /// The maintenance interval printed on the service card: kilometres…
    #[serde(default = "default_service_km")]
    pub service_interval_km: u32,
    /// …or months, whichever comes first.
    #[serde(default = "default_service_months")]
    pub service_interval_months: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum TestDrive {
    Done,
    NotNeeded,
}

/// The final check (work done, test drive, cleaned, belongings back, old parts aside).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReadyInput {
    pub work_done: bool,
    pub test_drive: TestDrive,
    pub cleaned: bool,
    pub belongings_back: bool,
    pub old_parts_set_aside: bool,
    pub checked_by: String,
    /// When the customer comes; the promised time when `None`.
    pub pickup_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PickupCheck {
    pub work_order_id: WorkOrderId,
    pub input: ReadyInput,
    pub checked_at: NaiveDateTime,
    pub pickup_at: NaiveDateTime,
    pub notify_by: NaiveDateTime,
}

/// A call telling the customer the car is ready.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PickupCallInput {
    pub channel: ApprovalChannel,
    /// Whether someone was reached; a call nobody answered keeps the task open.
    pub reached: bool,
    pub spoke_with: String,
    /// What the customer said (comes at 17:00, sends the driver…).
    pub answer: String,
    pub recorded_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PickupCall {
    pub at: NaiveDateTime,
    pub input: PickupCallInput,
}

/// One "call the customer" task of Today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PickupCallTask {
    pub work_order_id: WorkOrderId,
    pub number: String,
    pub plate: String,
    pub customer_name: String,
    pub phone: String,
    pub pickup_at: NaiveDateTime,
    pub notify_by: NaiveDateTime,
    /// The time to call has come.
    pub due: bool,
    /// Calls that reached nobody so far.
    pub tries: u32,
}

fn default_service_km() -> u32 {
    5_000
}

fn default_service_months() -> u32 {
    6
}

impl Default for SettlementSettings {
    fn default() -> Self {
        Self {
            discount_limit_bp: 500,
            short_job_hours: 48,
            notify_short_minutes: 60,
            notify_long_minutes: 240,
            service_interval_km: default_service_km(),
            service_interval_months: default_service_months(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExitNotice {
    pub id: ExitNoticeId,
    pub work_order_id: WorkOrderId,
    pub number: String,
    pub work_order_number: String,
    pub settlement_number: String,
    pub plate: String,
    pub customer_name: String,
    pub issued_at: NaiveDateTime,
    pub issued_by: String,
    /// What was still owed when the car was let go (on the receivables list).
    pub debt_minor: i64,
    pub override_approval_id: Option<ApprovalId>,
    /// The text the QR code carries, for a gate to check.
    pub qr_payload: String,
    /// Prints so far; every one after the first is a COPY.
    pub prints: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SettlementStatus {
    Draft,
    /// Numbered, frozen and signed by the customer: never edited again.
    Signed,
    /// Reopened with the supervisor: kept as it was; a new settlement replaces it.
    Reopened,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OldPartChoice {
    /// The index of the part line in the settlement.
    pub line: u32,
    pub disposition: OldPartDisposition,
}

/// The frozen settlement: what the customer signed, as canonical JSON (field order fixed
/// by the struct, only integers and strings), hashed like the intake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SettlementSnapshot {
    pub version: u32,
    pub number: String,
    pub work_order: String,
    pub plate: String,
    pub customer: String,
    pub currency: String,
    pub exit_date: NaiveDate,
    pub odometer_out: i64,
    pub tax: TaxSettings,
    pub lines: Vec<SettlementLine>,
    pub figures: SettlementFigures,
    /// Who approved the discount, when one was needed.
    pub discount_approved_by: Option<String>,
    pub signed_at: NaiveDateTime,
}

impl SettlementStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Signed => "signed",
            Self::Reopened => "reopened",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Draft, Self::Signed, Self::Reopened]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

impl SettlementSnapshot {
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string(self)
            .map_err(|e| CoreError::Io(std::io::Error::other(format!("snapshot: {e}"))))
    }
    pub fn from_json(json: &str) -> Result<Self> {
        serde_json::from_str(json).map_err(|e| {
            CoreError::Io(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("stored settlement unreadable: {e}"),
            ))
        })
    }
}

/// What signing a settlement sends: the pad's signature and the `draftHash` that was shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettlementSignInput {
    pub signature: SignatureInput,
    pub shown_hash: String,
}

/// One line of the receivables list (欠款): who owes what for which job since when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Receivable {
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub work_order_id: WorkOrderId,
    pub work_order_number: String,
    pub settlement_number: String,
    pub plate: String,
    pub total_minor: i64,
    pub owed_minor: i64,
    /// Of what is owed, the part put on account by agreement.
    pub on_account_minor: i64,
    /// When the settlement was signed.
    pub since: NaiveDateTime,
}
