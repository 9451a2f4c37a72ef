//! The customer file sheet's document model (客户档案资料表): the customer, each vehicle
//! with its care and next service, every job, payment and contact, and the rows the
//! follow-up calls (`calls`) and complaints (`complaints`) fill.
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::ShopHeader;
use crate::domain::care::{ContactKind, LostReason, VehicleKind};

/// Everything the customer file sheet shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerFileDoc {
    pub shop: ShopHeader,
    /// The file's number, `CUST-00042`.
    pub number: String,
    pub printed_at: NaiveDateTime,
    /// ISO 4217 code of every amount.
    pub currency: String,
    pub customer: FileCustomer,
    pub vehicles: Vec<FileVehicle>,
    /// Newest first.
    pub jobs: Vec<FileJobLine>,
    pub payments: Vec<FilePaymentLine>,
    pub contacts: Vec<FileContactLine>,
    /// The follow-up calls (跟踪回访) about the customer's jobs, latest first.
    pub calls: Vec<FileCallLine>,
    /// The complaints (投诉), newest first.
    pub complaints: Vec<FileComplaintLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileCustomer {
    pub name: String,
    pub company: String,
    pub contact_person: String,
    pub phones: Vec<String>,
    pub address: String,
    pub since: NaiveDate,
    pub agrees_to_follow_up: bool,
    /// 希望得到的服务.
    pub wishes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileVehicle {
    pub plate: String,
    pub make_model: String,
    pub colour: String,
    pub vin: String,
    pub kind: VehicleKind,
    pub purchase_date: Option<NaiveDate>,
    pub dealer: String,
    pub interval_km: u32,
    pub interval_months: u32,
    pub odometer: Option<i64>,
    pub last_service: Option<NaiveDate>,
    pub next_due: Option<NaiveDate>,
    pub next_due_km: Option<i64>,
    /// The next date comes from the km trend: printed "≈".
    pub estimated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileJobLine {
    pub date: NaiveDate,
    pub number: String,
    pub plate: String,
    pub odometer: Option<i64>,
    pub work: String,
    pub settlement: String,
    pub total_minor: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FilePaymentLine {
    pub date: NaiveDate,
    pub job: String,
    /// The method's code (`cash`, `card`…).
    pub method: String,
    /// Negative for a refund.
    pub amount_minor: i64,
    pub voided: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileContactLine {
    pub date: NaiveDate,
    pub kind: ContactKind,
    /// On the call to a lost customer: why they stopped coming.
    pub lost_reason: Option<LostReason>,
    pub note: String,
    pub staff: String,
}

/// One follow-up call as the file lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileCallLine {
    pub date: NaiveDate,
    pub job: String,
    /// Someone answered; the summary is then the score and the customer's words.
    pub reached: bool,
    pub summary: String,
    pub staff: String,
}

/// One complaint as the file lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileComplaintLine {
    pub date: NaiveDate,
    pub number: String,
    pub summary: String,
    /// How it stands: `open`, `late`, `closed` or `closed_unsatisfied` (its label is
    /// `complaints.state.<state>`).
    pub state: String,
}
