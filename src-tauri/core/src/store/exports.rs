//! SQL of the end-of-day export: the `day_exports` record of verified bundles, the
//! export settings (target folder, how many bundles to keep), the database snapshot and
//! the tables the bundle carries as CSV.
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::domain::day_export::{
    DayExport, ExportSettings, DEFAULT_KEEP_BUNDLES, MAX_KEEP_BUNDLES,
};
use crate::domain::staff::{ShopAction, Staff};
use crate::error::Result;
use crate::store::{staff, Store};

/// Something one CSV file keeps, by row id, for a later one to show: a later file shows it
/// for the id in one of its columns instead of joining that table again per row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kept {
    /// `customers.csv`: the customer's display name.
    CustomerName,
    /// `vehicles.csv`: the plate.
    Plate,
    /// `work_orders.csv`: the job's number.
    WorkOrderNumber,
}

/// Where a CSV column's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Col {
    /// The query's column of this index.
    Sql(usize),
    /// What an earlier file kept for the id in the query's column of this index; a row
    /// whose id it did not keep is left out, as an inner join would.
    Earlier(Kept, usize),
    /// The customer's phone numbers, in order, separated by a space: one ordered scan of
    /// [`PHONES_SQL`] merged in by the customer id in the query's first column.
    Phones,
}

/// One CSV file of a bundle.
pub(crate) struct CsvTable {
    pub file: &'static str,
    /// Ordered by its first column, the row id, when it keeps something or has phones.
    pub sql: &'static str,
    /// The file's columns, named; `None`: the query's columns as they are.
    pub columns: Option<&'static [(&'static str, Col)]>,
    /// What this file keeps for later ones: the value of this query column, by the id
    /// in its first column.
    pub keeps: Option<(Kept, usize)>,
}

/// Every customer's phones, in the customers' order: merged into `customers.csv`.
pub(crate) const PHONES_SQL: &str =
    "SELECT customer_id, number FROM customer_phones ORDER BY customer_id, position";

/// The tables written as CSV into a bundle, in this order (a file shows what an earlier
/// one kept). Money columns stay integer minor units, as in the database. Names, plates
/// and job numbers are carried over from the earlier files rather than joined per row,
/// and the phones merged from one scan: that halves the time these files take.
pub(crate) const CSV_TABLES: [CsvTable; 11] = [
    CsvTable {
        file: "customers.csv",
        sql: "SELECT c.id, c.kind, c.name, c.company_name, c.contact_person, c.address,
                     c.notes, c.preferred_language, c.created_at, c.updated_at,
                     c.archived_at, c.merged_into, c.display_name
              FROM customers c ORDER BY c.id",
        columns: Some(&[
            ("id", Col::Sql(0)),
            ("kind", Col::Sql(1)),
            ("name", Col::Sql(2)),
            ("company_name", Col::Sql(3)),
            ("contact_person", Col::Sql(4)),
            ("phones", Col::Phones),
            ("address", Col::Sql(5)),
            ("notes", Col::Sql(6)),
            ("preferred_language", Col::Sql(7)),
            ("created_at", Col::Sql(8)),
            ("updated_at", Col::Sql(9)),
            ("archived_at", Col::Sql(10)),
            ("merged_into", Col::Sql(11)),
        ]),
        keeps: Some((Kept::CustomerName, 12)),
    },
    CsvTable {
        file: "vehicles.csv",
        sql: "SELECT id, customer_id, plate, vin, make, model, year, colour, engine_number,
                     fuel_type, registration_date, insurance_expiry, inspection_expiry,
                     created_at, updated_at, archived_at
              FROM vehicles ORDER BY id",
        columns: None,
        keeps: Some((Kept::Plate, 2)),
    },
    CsvTable {
        file: "work_orders.csv",
        sql: "SELECT w.id, w.number, w.status, w.customer_id, w.vehicle_id, w.advisor,
                     w.opened_at, w.promised_at, w.complaint, w.diagnosis, w.other_requests,
                     w.odometer_value, w.odometer_unit, w.frozen_at, w.cancelled_at,
                     w.cancel_reason, w.created_at, w.updated_at
              FROM work_orders w ORDER BY w.id",
        columns: Some(&[
            ("id", Col::Sql(0)),
            ("number", Col::Sql(1)),
            ("status", Col::Sql(2)),
            ("customer_id", Col::Sql(3)),
            ("customer_name", Col::Earlier(Kept::CustomerName, 3)),
            ("vehicle_id", Col::Sql(4)),
            ("plate", Col::Earlier(Kept::Plate, 4)),
            ("advisor", Col::Sql(5)),
            ("opened_at", Col::Sql(6)),
            ("promised_at", Col::Sql(7)),
            ("complaint", Col::Sql(8)),
            ("diagnosis", Col::Sql(9)),
            ("other_requests", Col::Sql(10)),
            ("odometer_value", Col::Sql(11)),
            ("odometer_unit", Col::Sql(12)),
            ("frozen_at", Col::Sql(13)),
            ("cancelled_at", Col::Sql(14)),
            ("cancel_reason", Col::Sql(15)),
            ("created_at", Col::Sql(16)),
            ("updated_at", Col::Sql(17)),
        ]),
        keeps: Some((Kept::WorkOrderNumber, 1)),
    },
    CsvTable {
        file: "work_order_lines.csv",
        sql: "SELECT s.work_order_id, s.position, s.description, s.estimate_minor
              FROM work_order_services s ORDER BY s.work_order_id, s.position",
        columns: Some(&[
            ("work_order", Col::Earlier(Kept::WorkOrderNumber, 0)),
            ("position", Col::Sql(1)),
            ("description", Col::Sql(2)),
            ("estimate_minor", Col::Sql(3)),
        ]),
        keeps: None,
    },
    CsvTable {
        file: "estimate_lines.csv",
        sql: "SELECT w.number AS work_order, e.version, e.status AS estimate_status,
                     e.approved_at, l.position, l.kind, l.code, l.description, l.system,
                     l.qty_milli, l.unit, l.unit_price_minor, l.discount_bp, l.source,
                     l.grade, l.guarantee_class, l.guarantee_km, l.guarantee_days
              FROM estimate_lines l
              JOIN estimates e ON e.id = l.estimate_id
              JOIN work_orders w ON w.id = e.work_order_id
              ORDER BY w.id, e.version, l.position",
        columns: None,
        keeps: None,
    },
    CsvTable {
        file: "settlements.csv",
        sql: "SELECT s.number, w.number AS work_order, s.status, s.labour_minor,
                     s.parts_minor, s.other_minor, s.tax_minor, s.total_discount_minor,
                     s.total_minor, s.odometer_out, s.signer_name, s.signed_at, s.fingerprint,
                     s.reopened_at
              FROM settlements s JOIN work_orders w ON w.id = s.work_order_id
              WHERE s.status <> 'draft'
              ORDER BY s.id",
        columns: None,
        keeps: None,
    },
    CsvTable {
        file: "payments.csv",
        sql: "SELECT p.id, w.number AS work_order, p.kind, p.method, p.amount_minor,
                     p.tendered_minor, p.change_minor, p.reference, p.taken_by, p.taken_at,
                     p.reason, p.voided_at, p.void_reason
              FROM payments p JOIN work_orders w ON w.id = p.work_order_id
              ORDER BY p.id",
        columns: None,
        keeps: None,
    },
    CsvTable {
        file: "credit_notes.csv",
        sql: "SELECT n.number, w.number AS work_order, s.number AS settlement,
                     n.amount_minor, n.reason, n.issued_by, n.issued_at
              FROM credit_notes n
              JOIN work_orders w ON w.id = n.work_order_id
              JOIN settlements s ON s.id = n.settlement_id
              ORDER BY n.id",
        columns: None,
        keeps: None,
    },
    CsvTable {
        file: "appointments.csv",
        sql: "SELECT a.number, a.status, a.starts_at, a.duration_minutes, a.bay,
                     COALESCE(c.display_name, a.caller_name) AS customer,
                     a.customer_id IS NULL AS new_caller, a.caller_phone,
                     COALESCE(v.plate, a.caller_plate) AS plate, a.wanted_work,
                     a.parts_minor, a.expected_price_minor, a.booked_by, a.booked_at,
                     w.number AS work_order, a.closed_at, a.cancel_reason,
                     (SELECT count(*) FROM appointment_calls k
                      WHERE k.appointment_id = a.id) AS reminder_calls,
                     (SELECT k.outcome FROM appointment_calls k WHERE k.appointment_id = a.id
                      ORDER BY k.at DESC, k.id DESC LIMIT 1) AS last_call
              FROM appointments a
              LEFT JOIN customers c ON c.id = a.customer_id
              LEFT JOIN vehicles v ON v.id = a.vehicle_id
              LEFT JOIN work_orders w ON w.id = a.work_order_id
              ORDER BY a.id",
        columns: None,
        keeps: None,
    },
    CsvTable {
        file: "appointment_deposits.csv",
        sql: "SELECT a.number AS appointment, d.method, d.amount_minor, d.tendered_minor,
                     d.change_minor, d.reference, d.taken_by, d.taken_at, d.parts_minor,
                     d.below_half_allowed_by, d.state, d.payment_id, d.decided_at,
                     d.decided_by, d.decision_reason
              FROM appointment_deposits d JOIN appointments a ON a.id = d.appointment_id
              ORDER BY a.id",
        columns: None,
        keeps: None,
    },
    CsvTable {
        file: "guard_journal.csv",
        sql: "SELECT id, at, kind, actor, approved_by, subject, before, after, reason,
                     prev_sha256, sha256
              FROM guard_journal ORDER BY id",
        columns: None,
        keeps: None,
    },
];

fn from_row(row: &Row<'_>) -> rusqlite::Result<DayExport> {
    Ok(DayExport {
        exported_at: row.get(0)?,
        day: row.get(1)?,
        bundle_path: row.get(2)?,
        bundle_bytes: row.get(3)?,
        files: row.get(4)?,
        verified: row.get(5)?,
    })
}

pub(crate) fn record(conn: &Connection, export: &DayExport) -> Result<()> {
    conn.execute(
        "INSERT INTO day_exports (exported_at, day, bundle_path, bundle_bytes, files, verified)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            export.exported_at,
            export.day,
            export.bundle_path,
            export.bundle_bytes,
            export.files,
            export.verified
        ],
    )?;
    Ok(())
}

pub(crate) fn last_verified(conn: &Connection) -> Result<Option<DayExport>> {
    Ok(conn
        .query_row(
            "SELECT exported_at, day, bundle_path, bundle_bytes, files, verified
             FROM day_exports WHERE verified = 1 ORDER BY exported_at DESC, id DESC LIMIT 1",
            [],
            from_row,
        )
        .optional()?)
}

const TARGET_KEY: &str = "export.target";
const KEEP_KEY: &str = "export.keep_bundles";
/// An Argon2 verifier of the export passphrase; the passphrase itself is never stored.
const PASSPHRASE_KEY: &str = "export.passphrase_verifier";

fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

fn put_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// Where the store stood when a bundle was verified: this connection's changes and the
/// file's data version (which moves when another process writes). Nothing written since
/// means that bundle still holds the shop exactly as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExportMark {
    bundle: PathBuf,
    changes: u64,
    data_version: i64,
}

fn change_stamp(conn: &Connection) -> Result<(u64, i64)> {
    let version = conn.query_row("PRAGMA data_version", [], |row| row.get(0))?;
    Ok((conn.total_changes(), version))
}

impl Store {
    /// Remembers that `bundle` holds the shop as it is now (call after recording it).
    pub(crate) fn mark_exported(&self, bundle: &Path) -> Result<()> {
        let (changes, data_version) = self.with_conn(change_stamp)?;
        *self.last_export.lock().unwrap_or_else(|p| p.into_inner()) = Some(ExportMark {
            bundle: bundle.to_path_buf(),
            changes,
            data_version,
        });
        Ok(())
    }

    /// The bundle verified last by this store, when nothing was written since.
    pub(crate) fn unchanged_since_export(&self) -> Result<Option<PathBuf>> {
        let mark = self
            .last_export
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let Some(mark) = mark else {
            return Ok(None);
        };
        let now = self.with_conn(change_stamp)?;
        Ok((now == (mark.changes, mark.data_version)).then_some(mark.bundle))
    }

    /// Records a bundle that was read back and matched its manifest.
    pub fn record_day_export(&self, export: &DayExport) -> Result<()> {
        self.with_tx(|tx| record(tx, export))
    }

    /// The newest verified export, if any.
    pub fn last_verified_export(&self) -> Result<Option<DayExport>> {
        self.with_conn(last_verified)
    }

    /// Where the shop exports and how many bundles the target keeps.
    pub fn export_settings(&self) -> Result<ExportSettings> {
        self.with_conn(|conn| {
            let target = setting(conn, TARGET_KEY)?.filter(|t| !t.is_empty());
            let keep_bundles = setting(conn, KEEP_KEY)?
                .and_then(|k| k.parse::<u32>().ok())
                .filter(|k| *k >= 1)
                .unwrap_or(DEFAULT_KEEP_BUNDLES);
            let encrypted = setting(conn, PASSPHRASE_KEY)?.is_some_and(|v| !v.is_empty());
            Ok(ExportSettings {
                target,
                keep_bundles,
                encrypted,
            })
        })
    }

    pub fn save_export_settings(&self, settings: &ExportSettings) -> Result<()> {
        if !(1..=MAX_KEEP_BUNDLES).contains(&settings.keep_bundles) {
            return Err(crate::error::CoreError::invalid(
                "keepBundles",
                crate::reason::Reason::ExportKeepRange,
            ));
        }
        self.with_tx(|tx| {
            put_setting(tx, TARGET_KEY, settings.target.as_deref().unwrap_or(""))?;
            put_setting(tx, KEEP_KEY, &settings.keep_bundles.to_string())
        })
    }
}

impl Store {
    /// The verifier of the export passphrase, if the shop set one.
    pub fn export_passphrase_verifier(&self) -> Result<Option<String>> {
        self.with_conn(|conn| Ok(setting(conn, PASSPHRASE_KEY)?.filter(|v| !v.is_empty())))
    }

    /// Keeps the verifier of a new export passphrase, or forgets it (`None`); a change of
    /// one the shop `had` is journalled with whoever allowed it.
    pub fn save_export_passphrase_verifier(
        &self,
        verifier: Option<&str>,
        had: bool,
        approved_by: Option<&Staff>,
        now: NaiveDateTime,
    ) -> Result<()> {
        self.with_tx(|tx| {
            put_setting(tx, PASSPHRASE_KEY, verifier.unwrap_or(""))?;
            if had {
                let after = if verifier.is_some() {
                    "changed"
                } else {
                    "removed"
                };
                let kind = ShopAction::ChangeExportPassphrase.as_str();
                let change = ("set", after);
                staff::journal_action(tx, kind, approved_by, "export passphrase", change, "", now)?;
            }
            Ok(())
        })
    }
}

/// The signed forms archived on a day (`YYYY-MM-DD`), as data-folder file names.
pub(crate) fn signed_on_day(conn: &Connection, day: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT file_name FROM form_archive WHERE substr(created_at, 1, 10) = ?1 ORDER BY id",
    )?;
    let names = stmt
        .query_map([day], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// The shop's language read from a database file without migrating or keeping it open
/// (the command line speaks it before a restore); English when there is none.
pub fn language_of(db: &Path) -> crate::i18n::Lang {
    use rusqlite::OpenFlags;
    let read = || -> Result<Option<String>> {
        let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        setting(&conn, "shop.default_language")
    };
    match read() {
        Ok(Some(code)) => crate::i18n::Lang::from_code(&code).unwrap_or_default(),
        // A shop that never changed its language speaks the default one.
        Ok(None) if db.is_file() => crate::domain::shop::ShopSettings::default().default_language,
        _ => crate::i18n::Lang::En,
    }
}
