//! The shop's own profile and preferences as one record: what the printed forms carry in
//! their header and the defaults new records start from. Checked in `settings`.
use serde::{Deserialize, Serialize};

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
