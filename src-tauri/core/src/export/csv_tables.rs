//! What a person opens without the app: the tables as CSV (UTF-8 with a BOM, so Excel
//! reads Chinese right) and the day's signed PDFs under `signed/`, named by job number.
//! Both are read from the snapshot, so they show the same moment as the database.
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::Result;
use crate::export::bundle::{write_synced, BundleCounts, ManifestFile};
use crate::store::exports::{for_each_row_as_text, signed_on_day, CSV_TABLES};

pub(crate) const CSV_DIR: &str = "csv";
pub(crate) const SIGNED_DIR: &str = "signed";
const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(crate) struct Tables {
    pub files: Vec<ManifestFile>,
    pub counts: BundleCounts,
}

/// Writes the CSVs and the day's signed PDFs into the bundle folder `bundle`.
pub(crate) fn write_tables(
    snapshot: &Path,
    data_dir: &Path,
    bundle: &Path,
    day: &str,
) -> Result<Tables> {
    let conn = Connection::open_with_flags(snapshot, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    std::fs::create_dir(bundle.join(CSV_DIR))?;
    let mut files = Vec::new();
    let mut counts = BundleCounts::default();
    for (name, sql) in CSV_TABLES {
        let mut writer = csv::Writer::from_writer(BOM.to_vec());
        let rows = for_each_row_as_text(&conn, sql, |record| {
            writer
                .write_record(record)
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            Ok(())
        })?;
        let bytes = writer
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        let path = format!("{CSV_DIR}/{name}");
        let mut file = write_synced(&bundle.join(CSV_DIR).join(name), &bytes)?;
        file.path = path;
        files.push(file);
        match name {
            "customers.csv" => counts.customers = rows,
            "vehicles.csv" => counts.vehicles = rows,
            "work_orders.csv" => counts.work_orders = rows,
            _ => counts.work_order_lines = rows,
        }
    }
    let signed = signed_on_day(&conn, day)?;
    if !signed.is_empty() {
        std::fs::create_dir(bundle.join(SIGNED_DIR))?;
    }
    for file_name in signed {
        // Archived as `forms/WO-2026-00042-….pdf`: the base name already starts with
        // the job's number.
        let Some(base) = Path::new(&file_name).file_name() else {
            continue;
        };
        // A form whose file is gone is `verify`'s to report; the export carries the rest.
        let bytes = match std::fs::read(data_dir.join(&file_name)) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e.into()),
        };
        let mut file = write_synced(&bundle.join(SIGNED_DIR).join(base), &bytes)?;
        file.path = format!("{SIGNED_DIR}/{}", base.to_string_lossy());
        files.push(file);
        counts.signed_today += 1;
    }
    Ok(Tables { files, counts })
}
