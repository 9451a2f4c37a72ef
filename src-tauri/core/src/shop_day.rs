//! The desk's day as the screens receive it: today's date at the shop, a new job's promise
//! time, and where a vehicle's dates stand. Plain types; `intake::desk_day` computes them
//! from the `now` the shell passes in.
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::ids::VehicleId;

/// A date within this many days from today is "due soon".
pub const DUE_SOON_DAYS: i64 = 30;

/// Today at the shop, and what a new job is promised for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeskDay {
    /// The shop's local date.
    pub today: NaiveDate,
    /// When a job opened now is promised by default.
    pub default_promise: NaiveDateTime,
}

/// Where a date stands against today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DueState {
    /// Before today.
    Expired,
    /// Today or within `DUE_SOON_DAYS`.
    Soon,
}

/// What the customer file marks on a vehicle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VehicleMarks {
    pub vehicle_id: VehicleId,
    pub insurance: Option<DueState>,
    pub inspection: Option<DueState>,
    /// Its plate is a new-energy plate.
    pub new_energy: bool,
}
