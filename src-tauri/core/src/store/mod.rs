//! The SQLite store: opening, migrating, and the one connection every store module
//! borrows. One file per table or aggregate beside this one holds its SQL.
pub(crate) mod amendments;
pub(crate) mod appointment_agreements;
pub(crate) mod appointment_deposits;
pub(crate) mod appointments;
pub(crate) mod approvals;
pub(crate) mod care;
pub(crate) mod care_history;
pub(crate) mod carry_overs;
pub(crate) mod comebacks;
pub(crate) mod complaints;
pub(crate) mod credit_notes;
mod customer_file;
pub(crate) mod customer_import;
pub(crate) mod customers;
pub(crate) mod day;
pub(crate) mod diagnoses;
pub(crate) mod dispatch;
pub(crate) mod due_list;
pub(crate) mod estimates;
pub(crate) mod exits;
pub mod exports;
pub(crate) mod figures;
pub(crate) mod figures_dashboard;
pub(crate) mod follow_ups;
pub(crate) mod form_archive;
pub(crate) mod gate;
pub(crate) mod handover;
pub(crate) mod inspection_template;
pub(crate) mod intake;
pub(crate) mod job_marks;
pub mod journal;
pub(crate) mod letters;
pub(crate) mod merge;
pub mod numbering;
pub(crate) mod odometer;
pub(crate) mod ownership;
pub(crate) mod payments;
pub(crate) mod phones;
pub(crate) mod pickup;
pub mod price_list;
pub(crate) mod price_search;
pub(crate) mod schema;
pub(crate) mod search;
pub(crate) mod settings;
pub(crate) mod settlement_view;
pub mod settlements;
pub(crate) mod signatures;
pub(crate) mod staff;
pub(crate) mod vehicles;
pub(crate) mod walkaround;
pub(crate) mod work_orders;
pub mod workshop;
pub(crate) mod write_offs;

use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex, MutexGuard};

use rusqlite::{Connection, Transaction, TransactionBehavior};
use rusqlite_migration::{Migrations, M};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

/// Numbered migrations, applied in order; the count is the schema version kept in
/// `PRAGMA user_version`. Append new files, never edit a shipped one. A hook fills in
/// what SQL alone cannot compute (search keys), inside the migration's transaction.
static MIGRATIONS: LazyLock<Vec<M<'static>>> = LazyLock::new(|| {
    vec![
        M::up(include_str!("migrations/001_customers.sql")),
        M::up(include_str!("migrations/002_work_orders.sql")),
        M::up(include_str!("migrations/003_signed_paper.sql")),
        M::up(include_str!("migrations/004_estimates.sql")),
        M::up(include_str!("migrations/005_export.sql")),
        M::up_with_hook(
            include_str!("migrations/006_price_search.sql"),
            price_search::rebuild_hook,
        ),
        M::up(include_str!("migrations/007_settlement.sql")),
        M::up(include_str!("migrations/008_service_interval.sql")),
        M::up(include_str!("migrations/009_customer_display_name.sql")),
        M::up(include_str!("migrations/010_guard_journal.sql")),
        M::up(include_str!("migrations/011_appointments.sql")),
        M::up(include_str!("migrations/012_diagnosis_dispatch.sql")),
        M::up(include_str!("migrations/013_appointment_agreement.sql")),
        M::up(include_str!("migrations/014_diagnosis_fingerprint.sql")),
        M::up(include_str!("migrations/015_appointment_changes.sql")),
        M::up(include_str!("migrations/016_follow_ups.sql")),
        M::up(include_str!("migrations/017_complaints.sql")),
        M::up(include_str!("migrations/018_customer_care.sql")),
        M::up(include_str!("migrations/019_letters.sql")),
        M::up(include_str!("migrations/020_repair_category.sql")),
        M::up(include_str!("migrations/021_write_offs.sql")),
        M::up(include_str!("migrations/022_figure_targets.sql")),
    ]
});

/// The file name of the shop's database inside its data folder.
pub const DB_FILE_NAME: &str = "garage-desk.sqlite3";

/// The shop's database. Cheap to share between threads: one connection behind a mutex.
pub struct Store {
    conn: Mutex<Connection>,
    path: Option<PathBuf>,
    /// Where the store stood when its last bundle was verified (see `exports`).
    last_export: Mutex<Option<exports::ExportMark>>,
}

/// How much the store holds, for `info` screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StoreCounts {
    pub customers: i64,
    pub archived_customers: i64,
    pub vehicles: i64,
}

impl Store {
    /// Opens (creating if needed) and migrates the database file at `path`.
    /// `before_migration` runs on the file when it holds an older schema, before anything
    /// changes it: the shop takes its backup there ([`Store::open`]).
    pub fn open_file(path: &Path, before_migration: &dyn Fn(&Path) -> Result<()>) -> Result<Self> {
        let conn = Connection::open(path)?;
        Self::prepare(conn, Some(path.to_path_buf()), before_migration)
    }

    /// A fresh, migrated database that lives as long as the `Store` (tests, previews).
    pub fn open_in_memory() -> Result<Self> {
        Self::prepare(Connection::open_in_memory()?, None, &|_| Ok(()))
    }

    fn prepare(
        mut conn: Connection,
        path: Option<PathBuf>,
        before_migration: &dyn Fn(&Path) -> Result<()>,
    ) -> Result<Self> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // Refuse a file from a newer release before anything can write to it.
        let found: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        let known = Self::schema_version();
        if found > known {
            return Err(CoreError::SchemaTooNew { found, known });
        }
        if path.is_some() {
            conn.pragma_update(None, "journal_mode", "WAL")?;
            // FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on a power
            // cut, and a work-order number already handed out on paper must never be
            // issued again.
            conn.pragma_update(None, "synchronous", "FULL")?;
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Freed space in pages is zeroed where that costs no extra I/O: old versions of
        // rows do not linger in the file, and the exported copy compresses better.
        conn.pragma_update(None, "secure_delete", "FAST")?;
        if let Some(db) = path.as_deref().filter(|_| found > 0 && found < known) {
            before_migration(db)?;
        }
        Migrations::from_slice(&MIGRATIONS).to_latest(&mut conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
            path,
            last_export: Mutex::new(None),
        })
    }

    /// Migrates the database on `conn` (a file no store has open) to this build's schema.
    pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
        Migrations::from_slice(&MIGRATIONS).to_latest(conn)?;
        Ok(())
    }

    /// The schema version this build writes.
    pub fn schema_version() -> i64 {
        MIGRATIONS.len() as i64
    }

    /// The database file, `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves no open transaction behind (it rolls
        // back on drop), so the connection is still sound.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` on the connection, for reads.
    pub fn with_conn<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        f(&self.lock())
    }

    /// Runs `f` in one write transaction: committed if `f` succeeds, rolled back otherwise,
    /// so nothing is ever half-saved.
    pub fn with_tx<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    pub fn counts(&self) -> Result<StoreCounts> {
        self.with_conn(|conn| {
            let counts = conn.query_row(
                "SELECT (SELECT count(*) FROM customers WHERE archived_at IS NULL),
                        (SELECT count(*) FROM customers WHERE archived_at IS NOT NULL),
                        (SELECT count(*) FROM vehicles WHERE archived_at IS NULL)",
                [],
                |row| {
                    Ok(StoreCounts {
                        customers: row.get(0)?,
                        archived_customers: row.get(1)?,
                        vehicles: row.get(2)?,
                    })
                },
            )?;
            Ok(counts)
        })
    }
}

/// Maps "no row" to `NotFound { what }`, every other error through.
pub(crate) fn found<T>(result: rusqlite::Result<T>, what: &'static str) -> Result<T> {
    match result {
        Err(rusqlite::Error::QueryReturnedNoRows) => Err(CoreError::NotFound { what }),
        other => Ok(other?),
    }
}

/// A text column that must hold one of an enum's names.
pub(crate) fn parse_column<T>(
    idx: usize,
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    parse(text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Text,
            format!("unexpected value {text:?}").into(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_can_be_shared_between_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Store>();
    }

    #[test]
    fn a_shop_file_store_syncs_every_commit_to_disk() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let store = Store::open_in_dir(dir.path())?;
        let synchronous: i64 =
            store.with_conn(|conn| Ok(conn.query_row("PRAGMA synchronous", [], |r| r.get(0))?))?;
        assert_eq!(
            synchronous, 2,
            "FULL (2): a committed number must survive a power cut"
        );
        Ok(())
    }

    #[test]
    fn every_migration_is_valid() {
        assert!(Migrations::from_slice(&MIGRATIONS).validate().is_ok());
    }
}
