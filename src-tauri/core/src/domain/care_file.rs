//! The customer file (客户档案) as the desk reads and prints it: each vehicle with its
//! care and next service, the contacts without a job, every job and every payment. The
//! follow-up calls and complaints of issue 20's other slices join it as `calls` and
//! `complaints`.
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::domain::care::{CustomerContact, ServiceDue, VehicleCare};
use crate::ids::{VehicleId, WorkOrderId};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VehicleCareView {
    pub vehicle_id: VehicleId,
    pub plate: String,
    pub care: VehicleCare,
    /// `None` when nothing is on file to count from.
    pub due: Option<ServiceDue>,
}

/// One job on the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FileJob {
    pub work_order_id: WorkOrderId,
    pub number: String,
    pub plate: String,
    pub opened_on: NaiveDate,
    /// The status's code (`open`, `collected`…).
    pub status: String,
    pub complaint: String,
    pub odometer: Option<i64>,
    pub settlement_number: Option<String>,
    pub total_minor: Option<i64>,
}

/// One payment (or refund) on the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FilePayment {
    pub work_order_number: String,
    pub taken_at: NaiveDateTime,
    /// `payment` or `refund`.
    pub kind: String,
    pub method: String,
    pub amount_minor: i64,
    pub voided: bool,
}

/// What the customer file screen shows beyond the customer and vehicle forms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CareFile {
    pub wishes: String,
    pub vehicles: Vec<VehicleCareView>,
    pub contacts: Vec<CustomerContact>,
    pub jobs: Vec<FileJob>,
    pub payments: Vec<FilePayment>,
}
