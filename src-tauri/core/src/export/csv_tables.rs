//! What a person opens without the app: the tables as CSV (UTF-8 with a BOM, so Excel
//! reads Chinese right) and the day's signed PDFs under `signed/`, named by job number.
//! Both are read in the export's read transaction, so they show the same moment as the
//! database in the bundle.
use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::types::ValueRef;
use rusqlite::Connection;

use crate::error::Result;
use crate::export::bundle::{BundleCounts, ManifestFile};
use crate::export::progress::Tracker;
use crate::export::writer::Sink;
use crate::store::exports::{for_each_row, signed_on_day, Line, CSV_TABLES};

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

fn csv_error(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

/// Writes the rows of `sql` as CSV to `out`: a header of the column names, then every
/// value as text (NULL empty, a blob in hex). Returns how many rows.
fn write_csv(conn: &Connection, sql: &str, out: &mut dyn Write) -> Result<u64> {
    let mut writer = csv::WriterBuilder::new()
        .buffer_capacity(1 << 16)
        .from_writer(out);
    let mut number = itoa::Buffer::new();
    let mut text = String::new();
    let rows = for_each_row(conn, sql, |line| {
        let row = match line {
            Line::Header(names) => {
                writer.write_record(names).map_err(csv_error)?;
                return Ok(());
            }
            Line::Row(row) => row,
        };
        for i in 0..row.as_ref().column_count() {
            let field: &[u8] = match row.get_ref(i)? {
                ValueRef::Null => b"",
                ValueRef::Integer(n) => number.format(n).as_bytes(),
                ValueRef::Real(x) => {
                    text = x.to_string();
                    text.as_bytes()
                }
                ValueRef::Text(t) => t,
                ValueRef::Blob(b) => {
                    text = hex::encode(b);
                    text.as_bytes()
                }
            };
            writer.write_field(field).map_err(csv_error)?;
        }
        writer.write_record(None::<&[u8]>).map_err(csv_error)?;
        Ok(())
    })?;
    writer.flush()?;
    Ok(rows)
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
        let (file, rows) = sink.put_streamed(&format!("{CSV_DIR}/{name}"), |out| {
            out.write_all(BOM)?;
            write_csv(conn, sql, out)
        })?;
        files.push(file);
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
