//! Saving the shop's settings: checked, cleaned, written as one transaction.
use crate::error::{CoreError, Result};
use crate::settings::{check_settings, clean_settings, ShopSettings};
use crate::store::{settings, Store};

impl Store {
    pub fn save_settings(&self, settings: &ShopSettings) -> Result<ShopSettings> {
        let issues = check_settings(settings);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        let clean = clean_settings(settings);
        self.with_tx(|tx| {
            settings::save(tx, &clean)?;
            settings::load(tx)
        })
    }
}
