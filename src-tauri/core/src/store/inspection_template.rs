//! The walk-around checklist template, kept as one JSON value in the `settings` table
//! (key `intake.inspection_template`); the built-in default until the shop edits it.
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{CoreError, Result};
use crate::intake::template::{check_template, clean_template};
use crate::intake::{refuse, InspectionTemplate};
use crate::store::Store;

const KEY: &str = "intake.inspection_template";

pub(crate) fn load(conn: &Connection) -> Result<InspectionTemplate> {
    let json: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([KEY], |row| row.get(0))
        .optional()?;
    match json {
        None => Ok(InspectionTemplate::default()),
        Some(json) => serde_json::from_str(&json).map_err(|e| {
            CoreError::Db(rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                format!("setting {KEY} is not a template: {e}").into(),
            ))
        }),
    }
}

impl Store {
    /// The checklist new work orders start from.
    pub fn get_inspection_template(&self) -> Result<InspectionTemplate> {
        self.with_conn(load)
    }

    /// Saves the edited template; jobs already open keep the checklist they copied.
    pub fn save_inspection_template(
        &self,
        template: &InspectionTemplate,
    ) -> Result<InspectionTemplate> {
        refuse(check_template(template))?;
        let clean = clean_template(template);
        let json = serde_json::to_string(&clean)
            .map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())))?;
        self.with_tx(|tx| {
            tx.prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute(params![KEY, json])?;
            load(tx)
        })
    }

    /// Goes back to the built-in checklist.
    pub fn reset_inspection_template(&self) -> Result<InspectionTemplate> {
        self.with_tx(|tx| {
            tx.prepare_cached("DELETE FROM settings WHERE key = ?1")?
                .execute([KEY])?;
            load(tx)
        })
    }
}
