//! Editing the walk-around checklist template: checked, cleaned, saved.
use crate::error::Result;
use crate::intake::refuse;
use crate::intake::template::{check_template, clean_template, InspectionTemplate};
use crate::store::{inspection_template, Store};

impl Store {
    /// Saves the edited template; jobs already open keep the checklist they copied.
    pub fn save_inspection_template(
        &self,
        template: &InspectionTemplate,
    ) -> Result<InspectionTemplate> {
        refuse(check_template(template))?;
        let clean = clean_template(template);
        self.with_tx(|tx| {
            inspection_template::save(tx, &clean)?;
            inspection_template::load(tx)
        })
    }
}
