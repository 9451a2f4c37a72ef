//! The shop's own profile and preferences as one record: what the printed forms carry in
//! their header and the defaults new records start from. Checked in `settings`.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use crate::domain::appointment::MinuteSpan;

use crate::i18n::{FormLang, Lang};
use crate::vehicle::DistanceUnit;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ShopSettings {
    pub shop_name: String,
    pub address: String,
    pub phone: String,
    pub tax_number: String,
    /// The logo image: `<sha256>.png`, a PNG stored in the data folder's `logo/`.
    pub logo_png: Option<String>,
    /// ISO 4217 code of the shop's currency; money is kept in its minor units.
    pub currency: String,
    pub distance_unit: DistanceUnit,
    pub default_language: Lang,
    /// Put before work order numbers (`WO-2026-0001`).
    pub work_order_prefix: String,
    /// The shop's terms printed on the work order; empty prints the standard terms.
    pub terms: String,
    /// The language forms print in; `None` prints each customer's preferred language.
    pub form_language: Option<FormLang>,
}

impl Default for ShopSettings {
    fn default() -> Self {
        Self {
            shop_name: String::new(),
            address: String::new(),
            phone: String::new(),
            tax_number: String::new(),
            logo_png: None,
            currency: "CNY".to_string(),
            distance_unit: DistanceUnit::Km,
            default_language: Lang::ZhHans,
            work_order_prefix: "WO".to_string(),
            terms: String::new(),
            form_language: None,
        }
    }
}

/// What the shop can take on a day and when it calls its customers: the bays, the
/// technicians, the working hours of each weekday (Monday first; `None` closed), the days
/// off, and the calling hours of the booking and reminder calls. Checked in `booking`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BookingSettings {
    pub bays: u32,
    pub technicians: u32,
    /// Monday to Sunday.
    pub working_hours: Vec<Option<MinuteSpan>>,
    pub days_off: Vec<NaiveDate>,
    /// When booking and reminder calls are made (8:30–10:00 and 14:00–17:00 by default).
    pub calling_hours: Vec<MinuteSpan>,
}

impl Default for BookingSettings {
    fn default() -> Self {
        let day = Some(MinuteSpan::new(8 * 60 + 30, 17 * 60 + 30));
        Self {
            bays: 4,
            technicians: 4,
            working_hours: vec![day, day, day, day, day, day, None],
            days_off: Vec::new(),
            calling_hours: vec![
                MinuteSpan::new(8 * 60 + 30, 10 * 60),
                MinuteSpan::new(14 * 60, 17 * 60),
            ],
        }
    }
}
