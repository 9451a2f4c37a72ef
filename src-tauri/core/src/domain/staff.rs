//! The people at the desk and the approvals a supervisor gives: roles, a person as the
//! desk sees them (the PIN itself never leaves the store), a recorded approval. The PIN
//! rule and the checks live in `settlement::staff`.
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::domain::settlement::ApprovalAction;
use crate::ids::{ApprovalId, StaffId, WorkOrderId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// Service advisor (服务接待).
    Advisor,
    /// Cashier (结算员).
    Cashier,
    /// Supervisor (业务主管): holds a PIN.
    Supervisor,
    Technician,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Staff {
    pub id: StaffId,
    pub name: String,
    pub role: StaffRole,
    pub active: bool,
    /// A supervisor whose PIN is set (the PIN itself never leaves the store).
    pub has_pin: bool,
    /// The PIN last typed was shorter than a new one may be (a 4-digit PIN from before
    /// the 6-digit rule): it still works, and the window asks to change it.
    pub pin_too_short: bool,
}

/// A recorded approval: the token the guarded operation takes (by its id), used once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SupervisorApproval {
    pub id: ApprovalId,
    pub work_order_id: WorkOrderId,
    pub action: ApprovalAction,
    pub supervisor_id: StaffId,
    pub supervisor_name: String,
    pub reason: String,
    pub approved_at: NaiveDateTime,
    /// When the operation it allowed was done; `None` while unused.
    pub used_at: Option<NaiveDateTime>,
    /// What it allowed, e.g. `payment 12` or `SET-2026-00004`.
    pub used_for: String,
}

impl StaffRole {
    pub const ALL: [StaffRole; 4] = [
        Self::Advisor,
        Self::Cashier,
        Self::Supervisor,
        Self::Technician,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Advisor => "advisor",
            Self::Cashier => "cashier",
            Self::Supervisor => "supervisor",
            Self::Technician => "technician",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A shop-level action reserved to the supervisor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ShopAction {
    /// A new person who is a supervisor.
    AddSupervisor,
    /// Someone made a supervisor.
    PromoteToSupervisor,
    /// A supervisor deactivated or given another role.
    ChangeSupervisor,
    /// A PIN set without the old one (a forgotten PIN, or a new supervisor's first).
    SetPin,
    /// The discount the desk may give alone raised.
    RaiseDiscountLimit,
    /// The export passphrase removed, or changed without the old one.
    ChangeExportPassphrase,
    /// The shop replaced by a bundle or a backup.
    Restore,
    /// The numbering year corrected after the clock ran ahead.
    CorrectClock,
    /// An appointment's deposit taken below half the parts' price.
    DepositBelowHalf,
    /// A cancelled or missed appointment's deposit kept by the shop.
    KeepDeposit,
    /// A cancelled or missed appointment's deposit given back.
    RefundDeposit,
    /// A serious or malicious complaint closed.
    CloseSupervisedComplaint,
    /// Compensation agreed to a complaining customer.
    AgreeCompensation,
    /// What a follow-up call could not solve, reported to and handled by the supervisor.
    FollowUpReported,
    /// What a signed settlement still owed written off as a bad debt (坏账).
    WriteOff,
    /// A month's target in cars and money set.
    SetMonthTarget,
    /// A figure's green / amber / red band set.
    SetFigureBand,
}

impl ShopAction {
    pub const ALL: [ShopAction; 17] = [
        Self::AddSupervisor,
        Self::PromoteToSupervisor,
        Self::ChangeSupervisor,
        Self::SetPin,
        Self::RaiseDiscountLimit,
        Self::ChangeExportPassphrase,
        Self::Restore,
        Self::CorrectClock,
        Self::DepositBelowHalf,
        Self::KeepDeposit,
        Self::RefundDeposit,
        Self::CloseSupervisedComplaint,
        Self::AgreeCompensation,
        Self::FollowUpReported,
        Self::WriteOff,
        Self::SetMonthTarget,
        Self::SetFigureBand,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AddSupervisor => "add_supervisor",
            Self::PromoteToSupervisor => "promote_to_supervisor",
            Self::ChangeSupervisor => "change_supervisor",
            Self::SetPin => "set_pin",
            Self::RaiseDiscountLimit => "raise_discount_limit",
            Self::ChangeExportPassphrase => "change_export_passphrase",
            Self::Restore => "restore",
            Self::CorrectClock => "correct_clock",
            Self::DepositBelowHalf => "deposit_below_half",
            Self::KeepDeposit => "keep_deposit",
            Self::RefundDeposit => "refund_deposit",
            Self::CloseSupervisedComplaint => "close_supervised_complaint",
            Self::AgreeCompensation => "agree_compensation",
            Self::FollowUpReported => "follow_up_reported",
            Self::WriteOff => "write_off",
            Self::SetMonthTarget => "set_month_target",
            Self::SetFigureBand => "set_figure_band",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}
