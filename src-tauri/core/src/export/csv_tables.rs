//! What a person opens without the app: the tables as CSV (UTF-8 with a BOM, so Excel
//! reads Chinese right) and the day's signed PDFs under `signed/`, named by job number.
//! Both are read in the export's read transaction, so they show the same moment as the
//! database in the bundle.
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::Result;
use crate::export::bundle::{BundleCounts, ManifestFile};
use crate::export::progress::Tracker;
use crate::export::writer::Sink;
use crate::store::exports::{for_each_row_as_text, signed_on_day, CSV_TABLES};

pub(crate) const CSV_DIR: &str = "csv";
pub(crate) const SIGNED_DIR: &str = "signed";
const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(crate) struct Tables {
    pub files: Vec<ManifestFile>,
    pub counts: BundleCounts,
}

/// How many CSV files a bundle holds.
pub(crate) const TABLES: usize = CSV_TABLES.len();

/// The signed PDFs archived on `day` that are still in the data folder, with their
/// sizes. A form whose file is gone is `verify`'s to report; the export carries the rest.
pub(crate) fn signed_forms(
    conn: &Connection,
    data_dir: &Path,
    day: &str,
) -> Result<Vec<(PathBuf, u64)>> {
    let mut forms = Vec::new();
    for file_name in signed_on_day(conn, day)? {
        let path = data_dir.join(&file_name);
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_file() => forms.push((path, meta.len())),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(forms)
}

/// Writes the CSVs and the day's signed PDFs (`signed`, from [`signed_forms`]) into the
/// bundle through `sink`.
pub(crate) fn write_tables(
    conn: &Connection,
    sink: &Sink<'_>,
    signed: &[(PathBuf, u64)],
    tracker: &Tracker<'_>,
) -> Result<Tables> {
    let mut files = Vec::new();
    let mut counts = BundleCounts::default();
    for (name, sql) in CSV_TABLES {
        tracker.go_on()?;
        let mut writer = csv::Writer::from_writer(BOM.to_vec());
        let rows = for_each_row_as_text(conn, sql, |record| {
            writer
                .write_record(record)
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            Ok(())
        })?;
        let bytes = writer
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        files.push(sink.put(&format!("{CSV_DIR}/{name}"), &bytes)?);
        tracker.file_done();
        match name {
            "customers.csv" => counts.customers = rows,
            "vehicles.csv" => counts.vehicles = rows,
            "work_orders.csv" => counts.work_orders = rows,
            "work_order_lines.csv" => counts.work_order_lines = rows,
            "payments.csv" => counts.payments = rows,
            _ => {}
        }
    }
    for (path, _) in signed {
        tracker.go_on()?;
        // Archived as `forms/WO-2026-00042-….pdf`: the base name already starts with
        // the job's number.
        let Some(base) = path.file_name() else {
            continue;
        };
        let bytes = std::fs::read(path)?;
        files.push(sink.put(&format!("{SIGNED_DIR}/{}", base.to_string_lossy()), &bytes)?);
        tracker.bytes(bytes.len() as u64);
        tracker.file_done();
        counts.signed_today += 1;
    }
    Ok(Tables { files, counts })
}
