//! The day's figures (the daily cash-up): jobs opened, settled and collected, revenue by
//! kind, payments by method and the cash the drawer should hold, receivables opened and
//! paid, and every supervisor approval with who gave it.
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::domain::settlement::{ApprovalAction, PaymentMethod};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DayRevenue {
    pub labour_minor: i64,
    pub parts_minor: i64,
    /// Sundries and outside work.
    pub other_minor: i64,
    pub tax_minor: i64,
    /// Discounts on the totals.
    pub discount_minor: i64,
    /// What the day's settlements charge: gross less the discounts.
    pub total_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MethodTotal {
    pub method: PaymentMethod,
    pub count: u32,
    /// Payments less refunds, voids left out.
    pub amount_minor: i64,
}

/// One supervisor approval of the day (discounts, voids, refunds, overrides, reopenings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DayApproval {
    pub action: ApprovalAction,
    pub work_order_number: String,
    pub supervisor_name: String,
    pub reason: String,
    pub at: NaiveDateTime,
    pub used_for: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DayFigures {
    pub date: NaiveDate,
    pub jobs_opened: u32,
    pub jobs_settled: u32,
    pub jobs_collected: u32,
    pub revenue: DayRevenue,
    /// Every method, in the fixed order, even at zero (for the bar chart).
    pub payments: Vec<MethodTotal>,
    /// Cash taken less cash refunded: what the drawer should hold beyond its float.
    pub expected_cash_minor: i64,
    /// Left owing by the day's settlements at the end of the day.
    pub receivables_opened_minor: i64,
    /// Paid today against settlements of earlier days.
    pub receivables_paid_minor: i64,
    pub approvals: Vec<DayApproval>,
    /// Payments voided today.
    pub voided_minor: i64,
    /// Credit notes issued today.
    pub credited_minor: i64,
}

/// One settlement signed on the day, as the daily report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DaySettlementRow {
    pub settlement_number: String,
    pub work_order_number: String,
    pub plate: String,
    pub customer: String,
    pub discount_minor: i64,
    pub total_minor: i64,
    pub signed_at: NaiveDateTime,
}

/// One payment or refund taken on the day (voided ones marked), as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DayPaymentRow {
    pub work_order_number: String,
    pub plate: String,
    pub customer: String,
    pub kind: crate::domain::settlement::PaymentKind,
    pub method: PaymentMethod,
    pub amount_minor: i64,
    pub taken_by: String,
    pub taken_at: NaiveDateTime,
    pub voided: bool,
}

/// The day's settlements and payments, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DayLists {
    pub settlements: Vec<DaySettlementRow>,
    pub payments: Vec<DayPaymentRow>,
}
