//! The customer file's care (客户档案, issue 20): what kind of vehicle it is, when and where
//! it was bought, its own maintenance interval, the customer's wishes, contacts without a
//! job, the next service due as projected, the due list and lost customers (流失客户).
//! Types only; the rules are `service_due`, the use cases `desk::customer_care`.
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::ids::{CustomerId, VehicleId, WorkOrderId};

macro_rules! text_enum {
    ($name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

/// The kind of vehicle, counted by the statistics; old rows are `Unknown` until told.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "snake_case")]
pub enum VehicleKind {
    #[default]
    Unknown,
    Car,
    Suv,
    Mpv,
    Van,
    LightTruck,
    Other,
}

text_enum!(VehicleKind {
    Unknown => "unknown", Car => "car", Suv => "suv", Mpv => "mpv", Van => "van",
    LightTruck => "light_truck", Other => "other",
});

/// What the desk types about a vehicle's care. Empty interval fields take the shop's.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VehicleCareInput {
    pub kind: VehicleKind,
    pub purchase_date: Option<NaiveDate>,
    pub dealer: String,
    pub interval_km: Option<u32>,
    pub interval_months: Option<u32>,
}

/// A vehicle's care as stored (the input, cleaned).
pub type VehicleCare = VehicleCareInput;

/// What the vehicle form types of a car's care beside the car itself: its kind, purchase
/// date and dealer (购车日期、销售商). The interval stays as set on the customer file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VehicleFacts {
    pub kind: VehicleKind,
    pub purchase_date: Option<NaiveDate>,
    pub dealer: String,
}

impl VehicleFacts {
    /// `care` with these facts in place of its own.
    pub fn onto(&self, care: VehicleCare) -> VehicleCare {
        VehicleCare {
            kind: self.kind,
            purchase_date: self.purchase_date,
            dealer: self.dealer.trim().to_owned(),
            ..care
        }
    }
}

/// A contact without a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    Call,
    Question,
    WalkIn,
    /// A service reminder (the due list's "record reminder").
    Reminder,
    /// The call asking a lost customer why they stopped coming.
    LostCall,
    Other,
}

text_enum!(ContactKind {
    Call => "call", Question => "question", WalkIn => "walk_in", Reminder => "reminder",
    LostCall => "lost_call", Other => "other",
});

/// Why a lost customer stopped coming, as they said on the call.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "snake_case")]
pub enum LostReason {
    MovedAway,
    Price,
    ServiceQuality,
    WentToDealer,
    SoldCar,
    Other,
}

text_enum!(LostReason {
    MovedAway => "moved_away", Price => "price", ServiceQuality => "service_quality",
    WentToDealer => "went_to_dealer", SoldCar => "sold_car", Other => "other",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ContactInput {
    pub vehicle_id: Option<VehicleId>,
    pub kind: ContactKind,
    pub contact_on: NaiveDate,
    pub note: String,
    pub staff: String,
    /// Only on a `lost_call`; required there.
    pub lost_reason: Option<LostReason>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CustomerContact {
    pub id: i64,
    pub customer_id: CustomerId,
    pub vehicle_id: Option<VehicleId>,
    pub kind: ContactKind,
    pub contact_on: NaiveDate,
    pub note: String,
    pub staff: String,
    pub lost_reason: Option<LostReason>,
    pub created_at: NaiveDateTime,
}

/// The shop's care settings: who counts as reminded recently, and as lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CareSettings {
    /// A customer reminded within this many days is not listed as due again.
    pub reminded_within_days: u32,
    /// A customer not seen for this many months is lost.
    pub lost_after_months: u32,
}

impl Default for CareSettings {
    fn default() -> Self {
        Self {
            reminded_within_days: 30,
            lost_after_months: 12,
        }
    }
}

/// One odometer reading as the projection reads it (in km).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct KmReading {
    pub on: NaiveDate,
    pub km: i64,
    /// Kept by the desk although it broke the history: never projected from.
    pub doubtful: bool,
}

/// Where the interval is counted from: the last maintenance, else the last visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LastService {
    pub on: NaiveDate,
    pub km: Option<i64>,
    pub work_order_id: Option<WorkOrderId>,
    /// True when it was a maintenance job, false for any other visit.
    pub maintenance: bool,
}

/// The next service of a vehicle, projected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ServiceDue {
    pub interval_km: u32,
    pub interval_months: u32,
    pub last_service: Option<LastService>,
    /// The date it falls due: by months, or earlier by the km trend.
    pub due_on: NaiveDate,
    /// The mileage at which it falls due.
    pub due_km: Option<i64>,
    /// True when `due_on` comes from the km-per-day trend (shown "≈").
    pub estimated: bool,
    /// Kilometres a day from the readings, when there are enough.
    pub km_per_day: Option<f64>,
    /// The mileage expected today from the trend.
    pub km_today: Option<i64>,
}

/// How urgent a due service is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "snake_case")]
pub enum DueBand {
    /// Overdue by more than a month.
    OverdueLong,
    Overdue,
    /// Due within two weeks.
    Soon,
    /// Due later this month.
    ThisMonth,
}

text_enum!(DueBand {
    OverdueLong => "overdue_long", Overdue => "overdue", Soon => "soon", ThisMonth => "this_month",
});

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DueRow {
    pub band: DueBand,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub phone: Option<String>,
    pub vehicle_id: VehicleId,
    pub plate: String,
    pub due: ServiceDue,
    pub last_reminded: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DueList {
    pub today: NaiveDate,
    /// Most urgent first.
    pub rows: Vec<DueRow>,
    /// Due or overdue but reminded recently, so not listed.
    pub reminded_recently: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LostRow {
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub phone: Option<String>,
    pub plates: Vec<String>,
    pub last_visit: NaiveDate,
    /// The reason recorded on the last call asking why, if any.
    pub reason: Option<LostReason>,
    pub asked_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LostReasonCount {
    pub reason: LostReason,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LostCustomers {
    /// The shop's today the list was made on (the day a call is recorded on).
    pub today: NaiveDate,
    /// Not seen since before this day.
    pub cut_off: NaiveDate,
    pub rows: Vec<LostRow>,
    /// Every reason recorded on a lost customer's call, counted (each customer's latest).
    pub reasons: Vec<LostReasonCount>,
}
