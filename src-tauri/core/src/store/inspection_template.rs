//! The walk-around checklist template, kept as one JSON value in the `settings` table
//! (key `intake.inspection_template`); the built-in default until the shop edits it.
use rusqlite::{params, Connection, OptionalExtension};

use crate::domain::walkaround::InspectionTemplate;
use crate::error::{CoreError, Result};
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

/// Keeps `template` as the shop's checklist (the caller checked and cleaned it).
pub(crate) fn save(conn: &Connection, template: &InspectionTemplate) -> Result<()> {
    let json = serde_json::to_string(template)
        .map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())))?;
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![KEY, json])?;
    Ok(())
}

impl Store {
    /// The checklist new work orders start from.
    pub fn get_inspection_template(&self) -> Result<InspectionTemplate> {
        self.with_conn(load)
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
