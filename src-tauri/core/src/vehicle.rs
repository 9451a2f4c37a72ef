//! The vehicle (车辆): identity (plate, VIN), documents' expiry dates, odometer readings
//! and who owned it when. Vehicles are archived, never deleted.
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::ids::{CustomerId, OdometerReadingId, VehicleId};

macro_rules! string_enum {
    ($name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FuelType {
    #[default]
    Petrol,
    Diesel,
    Electric,
    Hybrid,
    PlugInHybrid,
    Lpg,
    Cng,
    Other,
}

string_enum!(FuelType {
    Petrol => "petrol", Diesel => "diesel", Electric => "electric", Hybrid => "hybrid",
    PlugInHybrid => "plug_in_hybrid", Lpg => "lpg", Cng => "cng", Other => "other",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DistanceUnit {
    #[default]
    Km,
    Mi,
}

string_enum!(DistanceUnit { Km => "km", Mi => "mi" });

/// Where an odometer reading came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum OdometerSource {
    /// Typed in by the desk outside a visit.
    #[default]
    Manual,
    /// Read at the walk-around inspection of a visit.
    Intake,
    /// Told by the customer (e.g. on a follow-up call).
    Customer,
    /// Brought in from another system.
    Import,
}

string_enum!(OdometerSource {
    Manual => "manual", Intake => "intake", Customer => "customer", Import => "import",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OdometerReading {
    pub id: OdometerReadingId,
    pub vehicle_id: VehicleId,
    pub value: i64,
    pub unit: DistanceUnit,
    pub read_on: NaiveDate,
    pub source: OdometerSource,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OdometerInput {
    pub value: i64,
    pub unit: DistanceUnit,
    pub read_on: NaiveDate,
    pub source: OdometerSource,
}

/// What the vehicle form sends. Text fields are empty when unknown.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VehicleInput {
    pub plate: String,
    /// Optional; when given it must be a well-formed 17-character VIN.
    pub vin: String,
    pub make: String,
    pub model: String,
    pub year: Option<i32>,
    pub colour: String,
    pub engine_number: String,
    pub fuel_type: FuelType,
    pub registration_date: Option<NaiveDate>,
    pub insurance_expiry: Option<NaiveDate>,
    pub inspection_expiry: Option<NaiveDate>,
    /// A reading taken now: the first one on create, a new one on update when it differs.
    pub odometer: Option<OdometerInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Vehicle {
    pub id: VehicleId,
    pub customer_id: CustomerId,
    pub plate: String,
    pub vin: Option<String>,
    pub make: String,
    pub model: String,
    pub year: Option<i32>,
    pub colour: String,
    pub engine_number: String,
    pub fuel_type: FuelType,
    pub registration_date: Option<NaiveDate>,
    pub insurance_expiry: Option<NaiveDate>,
    pub inspection_expiry: Option<NaiveDate>,
    pub latest_odometer: Option<OdometerReading>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub archived_at: Option<NaiveDateTime>,
}

/// One owner of one vehicle over a period; `to` is open while they still own it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OwnershipPeriod {
    pub vehicle_id: VehicleId,
    pub plate: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}
