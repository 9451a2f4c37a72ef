//! The shop's own profile and preferences: what the printed forms carry in their header
//! and the defaults new records start from.
use crate::reason::Reason;

use crate::error::FieldIssue;
use crate::validate::{check_phone, too_long};

pub use crate::domain::shop::ShopSettings;

/// The longest terms text the work order prints.
pub const MAX_TERMS_CHARS: usize = 4000;

/// Every problem with the settings form, all at once.
pub fn check_settings(settings: &ShopSettings) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    too_long(&mut issues, "shopName", settings.shop_name.trim(), 200);
    too_long(&mut issues, "address", settings.address.trim(), 500);
    too_long(&mut issues, "taxNumber", settings.tax_number.trim(), 40);
    if !settings.phone.trim().is_empty() {
        if let Err(code) = check_phone(&settings.phone) {
            issues.push(FieldIssue::new("phone", code));
        }
    }
    if settings
        .logo_png
        .as_deref()
        .is_some_and(|l| hash_of_name(l).is_none())
    {
        issues.push(FieldIssue::new("logoPng", Reason::LogoFormat));
    }
    too_long(&mut issues, "terms", settings.terms.trim(), MAX_TERMS_CHARS);
    let currency = settings.currency.trim();
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_alphabetic()) {
        issues.push(FieldIssue::new("currency", Reason::CurrencyFormat));
    }
    let prefix = settings.work_order_prefix.trim();
    let prefix_ok = (1..=8).contains(&prefix.len())
        && prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !prefix_ok {
        issues.push(FieldIssue::new(
            "workOrderPrefix",
            Reason::WorkOrderPrefixFormat,
        ));
    }
    issues
}

/// The settings trimmed, the currency and prefix upper-cased.
pub(crate) fn clean_settings(settings: &ShopSettings) -> ShopSettings {
    ShopSettings {
        shop_name: settings.shop_name.trim().to_string(),
        address: settings.address.trim().to_string(),
        phone: settings.phone.trim().to_string(),
        tax_number: settings.tax_number.trim().to_string(),
        logo_png: settings.logo_png.as_ref().map(|l| l.trim().to_string()),
        currency: settings.currency.trim().to_ascii_uppercase(),
        distance_unit: settings.distance_unit,
        default_language: settings.default_language,
        work_order_prefix: settings.work_order_prefix.trim().to_ascii_uppercase(),
        terms: settings.terms.trim().to_string(),
        form_language: settings.form_language,
    }
}

/// The hash part of a logo file name as the app makes them (`<64 hex>.png`); `None` for
/// anything else, so a name saved in the settings can never point outside `logo/`.
pub fn hash_of_name(name: &str) -> Option<&str> {
    let hash = name.strip_suffix(".png")?;
    let hex_ok = hash.len() == 64
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    hex_ok.then_some(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid() {
        assert!(check_settings(&ShopSettings::default()).is_empty());
    }

    #[test]
    fn a_bad_currency_prefix_and_phone_are_all_reported() {
        let settings = ShopSettings {
            currency: "YUAN".into(),
            work_order_prefix: "W O".into(),
            phone: "12".into(),
            ..ShopSettings::default()
        };
        let fields: Vec<_> = check_settings(&settings)
            .into_iter()
            .map(|i| i.field)
            .collect();
        assert_eq!(fields, vec!["phone", "currency", "workOrderPrefix"]);
    }

    #[test]
    fn currency_and_prefix_are_upper_cased() {
        let clean = clean_settings(&ShopSettings {
            currency: " hkd ".into(),
            work_order_prefix: "gd".into(),
            ..ShopSettings::default()
        });
        assert_eq!(
            (clean.currency.as_str(), clean.work_order_prefix.as_str()),
            ("HKD", "GD")
        );
    }
}
