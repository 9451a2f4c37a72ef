//! Importing and exporting the price list as a file: the plan reads the list on file,
//! the apply checks and writes every planned row in one transaction, all or nothing;
//! Save as… writes the file where the shop chose.
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::desk::price_list::{save_checked_labour, save_checked_part};
use crate::error::{CoreError, Result};
use crate::files::{check_file_target, write_durably};
use crate::pricing::import::{export_rows, plan, ImportPlan, PriceItem, COLUMNS, SHEET_NAME};
use crate::pricing::sheet::{self, SheetFormat};
use crate::reason::Reason;
use crate::store::price_list::all;
use crate::store::Store;

fn items(conn: &rusqlite::Connection) -> Result<Vec<PriceItem>> {
    let (_, labour, parts) = all(conn)?;
    Ok(labour
        .into_iter()
        .map(PriceItem::Labour)
        .chain(parts.into_iter().map(PriceItem::Part))
        .collect())
}

impl Store {
    /// What importing `bytes` would do, writing nothing. A file that cannot be read at
    /// all is one refusal of row 0, field `file`.
    pub fn plan_price_import(&self, bytes: &[u8], format: SheetFormat) -> Result<ImportPlan> {
        let rows = match sheet::read(bytes, format) {
            Ok(rows) => rows,
            Err(CoreError::Invalid(issues)) => {
                let reason = issues.first().map_or(Reason::ImportUnreadable, |i| i.code);
                return Ok(ImportPlan::refusal(0, "file", reason));
            }
            Err(other) => return Err(other),
        };
        self.with_conn(|conn| Ok(plan(&rows, &items(conn)?)))
    }

    /// Writes every added and changed row of `plan` in one transaction. A plan with any
    /// refusal is not applied; a row the list no longer accepts rolls everything back.
    pub fn apply_price_import(&self, plan: &ImportPlan, now: NaiveDateTime) -> Result<()> {
        if !plan.refused.is_empty() {
            return Err(CoreError::invalid("file", Reason::ImportHasRefusals));
        }
        self.with_tx(|tx| {
            for planned in plan.added.iter().chain(&plan.changed) {
                match &planned.item {
                    PriceItem::Labour(op) => {
                        save_checked_labour(tx, op, now)?;
                    }
                    PriceItem::Part(part) => {
                        save_checked_part(tx, part, now)?;
                    }
                }
            }
            Ok(())
        })
    }

    /// The labour operations and parts as a file: CSV in UTF-8 with a BOM, or XLSX.
    pub fn export_price_list(&self, format: SheetFormat) -> Result<Vec<u8>> {
        let items = self.with_conn(items)?;
        sheet::write(format, SHEET_NAME, &COLUMNS, &export_rows(&items))
    }

    /// Save as…: the price list into `target`, a `.csv` or `.xlsx` outside the data
    /// folder (checked like every Save as… target).
    pub fn save_price_list_as(
        &self,
        data_dir: &Path,
        target: &Path,
        format: SheetFormat,
    ) -> Result<PathBuf> {
        let ext = match format {
            SheetFormat::Csv => "csv",
            SheetFormat::Xlsx => "xlsx",
        };
        let path = check_file_target(data_dir, target, ext, Reason::SaveWrongType)?;
        let bytes = self.export_price_list(format)?;
        write_durably(&path, &bytes, false)?;
        Ok(path)
    }
}
