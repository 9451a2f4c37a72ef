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
use crate::store::exports::{signed_on_day, Col, CsvTable, Kept, CSV_TABLES, PHONES_SQL};

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
        let path = crate::files::stored_path(data_dir, &file_name)?;
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

/// A value as CSV text: NULL empty, a number as digits, a blob in hex. `scratch` holds
/// what had to be formatted.
fn text_of<'v>(
    value: ValueRef<'v>,
    number: &'v mut itoa::Buffer,
    scratch: &'v mut String,
) -> &'v [u8] {
    match value {
        ValueRef::Null => b"",
        ValueRef::Integer(n) => number.format(n).as_bytes(),
        ValueRef::Real(x) => {
            *scratch = x.to_string();
            scratch.as_bytes()
        }
        ValueRef::Text(t) => t,
        ValueRef::Blob(b) => {
            *scratch = hex::encode(b);
            scratch.as_bytes()
        }
    }
}

/// What the files written so far kept for the later ones ([`Kept`]): per kind, the row
/// ids in ascending order and their texts end to end.
#[derive(Default)]
struct Carried {
    kept: [KeptTexts; 3],
}

#[derive(Default)]
struct KeptTexts {
    ids: Vec<i64>,
    ends: Vec<usize>,
    text: Vec<u8>,
}

impl Carried {
    fn slot(kind: Kept) -> usize {
        match kind {
            Kept::CustomerName => 0,
            Kept::Plate => 1,
            Kept::WorkOrderNumber => 2,
        }
    }

    /// Keeps `text` for `id`; the ids must come in ascending order (the query's order).
    fn keep(&mut self, kind: Kept, id: i64, text: &[u8]) -> Result<()> {
        let kept = &mut self.kept[Self::slot(kind)];
        if kept.ids.last().is_some_and(|last| *last >= id) {
            return Err(std::io::Error::other("a CSV file's rows came out of order").into());
        }
        kept.ids.push(id);
        kept.text.extend_from_slice(text);
        kept.ends.push(kept.text.len());
        Ok(())
    }

    fn get(&self, kind: Kept, id: i64) -> Option<&[u8]> {
        let kept = &self.kept[Self::slot(kind)];
        // Ids mostly run without gaps from the first: look where it would be first.
        let guess = kept
            .ids
            .first()
            .and_then(|first| usize::try_from(id.checked_sub(*first)?).ok())
            .filter(|at| kept.ids.get(*at) == Some(&id));
        let at = match guess {
            Some(at) => at,
            None => kept.ids.binary_search(&id).ok()?,
        };
        let start = if at == 0 { 0 } else { kept.ends[at - 1] };
        Some(&kept.text[start..kept.ends[at]])
    }
}

/// The customers' phones, read in one scan ordered by customer and merged into their rows.
struct Phones<'s> {
    rows: rusqlite::Rows<'s>,
    /// The row read but not yet used: its customer and number.
    next: Option<(i64, Vec<u8>)>,
}

impl<'s> Phones<'s> {
    fn new(stmt: &'s mut rusqlite::Statement<'_>) -> Result<Self> {
        let mut phones = Self {
            rows: stmt.query([])?,
            next: None,
        };
        phones.advance()?;
        Ok(phones)
    }

    fn advance(&mut self) -> Result<()> {
        self.next = match self.rows.next()? {
            Some(row) => {
                let mut scratch = String::new();
                let mut digits = itoa::Buffer::new();
                let number = text_of(row.get_ref(1)?, &mut digits, &mut scratch);
                Some((row.get(0)?, number.to_vec()))
            }
            None => None,
        };
        Ok(())
    }

    /// The numbers of customer `id` separated by a space into `out` (emptied first); the
    /// customers come in ascending order.
    fn of(&mut self, id: i64, out: &mut Vec<u8>) -> Result<()> {
        out.clear();
        let mut first = true;
        while let Some((customer, number)) = &self.next {
            if *customer > id {
                break;
            }
            if *customer == id {
                if !first {
                    out.push(b' ');
                }
                out.extend_from_slice(number);
                first = false;
            }
            self.advance()?;
        }
        Ok(())
    }
}

/// Writes `table` as CSV to `out`: a header of the column names, then every row, its
/// values as text ([`text_of`]). Keeps what later files show in `carried`. Returns how
/// many rows.
fn write_csv(
    conn: &Connection,
    table: &CsvTable,
    carried: &mut Carried,
    out: &mut dyn Write,
) -> Result<u64> {
    let mut writer = csv::WriterBuilder::new()
        .buffer_capacity(1 << 16)
        .from_writer(out);
    let mut stmt = conn.prepare(table.sql)?;
    let names: Vec<String> = stmt.column_names().iter().map(|n| n.to_string()).collect();
    let sql_columns: Vec<(&str, Col)> = names
        .iter()
        .enumerate()
        .map(|(i, name)| (name.as_str(), Col::Sql(i)))
        .collect();
    let columns: &[(&str, Col)] = table.columns.unwrap_or(&sql_columns);
    writer
        .write_record(columns.iter().map(|(name, _)| name))
        .map_err(csv_error)?;
    let mut phones_stmt = match columns.iter().any(|(_, col)| *col == Col::Phones) {
        true => Some(conn.prepare(PHONES_SQL)?),
        false => None,
    };
    let mut phones = phones_stmt.as_mut().map(Phones::new).transpose()?;
    let mut number = itoa::Buffer::new();
    let mut scratch = String::new();
    let mut numbers = Vec::new();
    let mut count = 0;
    let mut rows = stmt.query([])?;
    'rows: while let Some(row) = rows.next()? {
        // A row whose id an earlier file did not keep is left out, as a join would.
        for (_, col) in columns {
            if let Col::Earlier(kind, at) = *col {
                let id: Option<i64> = row.get(at)?;
                if id.and_then(|id| carried.get(kind, id)).is_none() {
                    continue 'rows;
                }
            }
        }
        for (_, col) in columns {
            let field: &[u8] = match *col {
                Col::Sql(at) => text_of(row.get_ref(at)?, &mut number, &mut scratch),
                Col::Earlier(kind, at) => {
                    let id: Option<i64> = row.get(at)?;
                    id.and_then(|id| carried.get(kind, id)).unwrap_or_default()
                }
                Col::Phones => match &mut phones {
                    Some(phones) => {
                        phones.of(row.get(0)?, &mut numbers)?;
                        &numbers
                    }
                    None => b"",
                },
            };
            writer.write_field(field).map_err(csv_error)?;
        }
        writer.write_record(None::<&[u8]>).map_err(csv_error)?;
        if let Some((kind, at)) = table.keeps {
            let text = text_of(row.get_ref(at)?, &mut number, &mut scratch);
            carried.keep(kind, row.get(0)?, text)?;
        }
        count += 1;
    }
    writer.flush()?;
    Ok(count)
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
    let mut carried = Carried::default();
    for table in &CSV_TABLES {
        tracker.go_on()?;
        let name = table.file;
        let (file, rows) = sink.put_streamed(&format!("{CSV_DIR}/{name}"), |out| {
            out.write_all(BOM)?;
            write_csv(conn, table, &mut carried, out)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// The rows of `sql` as CSV text the plain way: every column of the query, joins and
    /// subqueries done by SQLite.
    fn joined(conn: &Connection, sql: &'static str) -> Vec<u8> {
        let mut out = Vec::new();
        let table = CsvTable {
            file: "joined.csv",
            sql,
            columns: None,
            keeps: None,
        };
        write_csv(conn, &table, &mut Carried::default(), &mut out).expect("csv");
        out
    }

    #[test]
    fn carried_names_plates_numbers_and_merged_phones_read_as_the_joins_did() {
        let store = Store::open_in_memory().expect("store");
        store
            .with_conn(|conn| {
                conn.execute_batch(
                    "INSERT INTO customers (id, kind, name, company_name, created_at, updated_at)
                     VALUES (1, 'person', ' 王芳 ', '', 't', 't'),
                            (2, 'company', 'Li Ming', 'Shunda, \"Ltd\"', 't', 't'),
                            (4, 'person', 'No Phone', '', 't', 't'),
                            (7, 'person', '', 'Only Company', 't', 't');
                     INSERT INTO customer_phones (customer_id, position, label, number)
                     VALUES (2, 2, 'work', '0755-2'), (1, 1, 'mobile', '138'),
                            (2, 1, 'mobile', '139'), (7, 1, 'home', ''), (7, 2, 'work', '5');
                     INSERT INTO vehicles (id, customer_id, plate, created_at, updated_at)
                     VALUES (3, 1, '粤B12345', 't', 't'), (9, 2, 'ABC,123', 't', 't');
                     INSERT INTO work_orders (id, number, year, seq, customer_id, vehicle_id,
                                              status, opened_at, created_at, updated_at)
                     VALUES (5, 'WO-2026-00005', 2026, 5, 2, 9, 'open', 't', 't', 't'),
                            (6, 'WO-2026-00006', 2026, 6, 1, 3, 'open', 't', 't', 't');
                     INSERT INTO work_order_services (work_order_id, position, description)
                     VALUES (6, 1, 'Oil'), (5, 2, 'Brakes, front'), (5, 1, 'Check');",
                )?;
                Ok(())
            })
            .expect("rows");
        let plain = [
            "SELECT c.id, c.kind, c.name, c.company_name, c.contact_person,
                    (SELECT group_concat(p.number, ' ') FROM
                        (SELECT number FROM customer_phones WHERE customer_id = c.id
                         ORDER BY position) AS p) AS phones,
                    c.address, c.notes, c.preferred_language, c.created_at, c.updated_at,
                    c.archived_at, c.merged_into
             FROM customers c ORDER BY c.id",
            "SELECT id, customer_id, plate, vin, make, model, year, colour, engine_number,
                    fuel_type, registration_date, insurance_expiry, inspection_expiry,
                    created_at, updated_at, archived_at
             FROM vehicles ORDER BY id",
            "SELECT w.id, w.number, w.status, w.customer_id, c.display_name AS customer_name,
                    w.vehicle_id, v.plate, w.advisor, w.opened_at, w.promised_at, w.complaint,
                    w.diagnosis, w.other_requests, w.odometer_value, w.odometer_unit,
                    w.frozen_at, w.cancelled_at, w.cancel_reason, w.created_at, w.updated_at
             FROM work_orders w
             JOIN customers c ON c.id = w.customer_id
             JOIN vehicles v ON v.id = w.vehicle_id
             ORDER BY w.id",
            "SELECT w.number AS work_order, s.position, s.description, s.estimate_minor
             FROM work_order_services s JOIN work_orders w ON w.id = s.work_order_id
             ORDER BY w.id, s.position",
        ];
        store
            .with_conn(|conn| {
                let mut carried = Carried::default();
                for (table, plain) in CSV_TABLES.iter().zip(plain) {
                    let mut ours = Vec::new();
                    write_csv(conn, table, &mut carried, &mut ours)?;
                    assert_eq!(
                        String::from_utf8_lossy(&ours),
                        String::from_utf8_lossy(&joined(conn, plain)),
                        "{}",
                        table.file
                    );
                }
                let customers = {
                    let mut out = Vec::new();
                    write_csv(conn, &CSV_TABLES[0], &mut Carried::default(), &mut out)?;
                    String::from_utf8_lossy(&out).into_owned()
                };
                assert!(customers.contains(",139 0755-2,"), "{customers}");
                assert!(customers.contains("\n4,person,No Phone,,,,"), "{customers}");
                assert!(
                    customers.contains("\n7,person,,Only Company,, 5,"),
                    "{customers}"
                );
                Ok(())
            })
            .expect("csv");
    }
}
