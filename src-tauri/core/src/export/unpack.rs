//! Unpacking a database from a bundle or a backup, which may come from anywhere: no byte
//! more than the bundle declares nor than the disk holds (a small crafted stream could
//! otherwise fill the disk), and then opened as untrusted — read-only, SQLite's
//! defensive mode on, `trusted_schema` off — and compared object by object with what
//! this app's migrations make at its schema version, so a trigger, a view or an unknown
//! table or index never reaches the shop.
use std::io::{Read, Write};
use std::path::Path;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};

use crate::error::{CoreError, FieldIssue, Result};
use crate::export::bundle::{open_in_bundle, DbLayout};
use crate::export::sealed::BundleKey;
use crate::reason::Reason;
use crate::store::schema::{objects, objects_at_version, SchemaObject};
use crate::store::Store;

/// How much an unpacked database may take: what its bundle declares (bundles and backups
/// of older apps declare nothing) and the free space of the disk it is unpacked to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnpackLimit {
    pub declared: Option<u64>,
    pub free: u64,
}

impl UnpackLimit {
    /// The limit for unpacking into the folder `dir`.
    pub fn into_dir(dir: &Path, declared: Option<u64>) -> Result<Self> {
        Ok(Self {
            declared,
            free: crate::files::free_space(dir)?,
        })
    }

    /// No limit but the declared size (tests, and streams unpacked into memory).
    pub fn declared(declared: Option<u64>) -> Self {
        Self {
            declared,
            free: u64::MAX,
        }
    }

    /// Refuses `size` bytes, before any is written, when it is more than declared or
    /// than the disk has free.
    pub(crate) fn admit(&self, size: u64) -> Result<()> {
        if self.declared.is_some_and(|declared| size > declared) {
            return Err(CoreError::conflict(Reason::BundleLargerThanDeclared));
        }
        if size > self.free {
            return Err(CoreError::conflict(Reason::RestoreNoSpace));
        }
        Ok(())
    }

    fn bound(&self) -> u64 {
        self.declared.unwrap_or(u64::MAX).min(self.free)
    }
}

/// Writes the database a compressed one (`layout`; with `key`, encrypted) holds into
/// `out`, an empty file, within `limit`. What does not decompress, decrypt or unpack is
/// damaged; the compressed file must be a regular file (no link, FIFO or device).
pub fn unpack_database(
    compressed: &Path,
    layout: DbLayout,
    key: Option<&BundleKey>,
    out: &mut std::fs::File,
    limit: &UnpackLimit,
) -> Result<()> {
    limit.admit(limit.declared.unwrap_or(0))?;
    let input = open_in_bundle(compressed)?;
    let input: Box<dyn Read> = match key {
        Some(key) => Box::new(key.unseal(input)?),
        None => Box::new(input),
    };
    let mut decoder = zstd::stream::Decoder::new(input)
        .map_err(|_| CoreError::conflict(Reason::BundleDamaged))?;
    // The export's window is 8 MiB (older apps' smaller): a frame asking for more than
    // 32 MiB of memory to decode is refused as damaged.
    decoder
        .window_log_max(25)
        .map_err(|_| CoreError::conflict(Reason::BundleDamaged))?;
    match layout {
        DbLayout::File => copy_bounded(decoder, out, limit),
        DbLayout::Pages => crate::export::pages::unpack_page_stream(decoder, out, limit),
    }
}

/// Copies with a buffer of 256 KiB, stopping at the first byte past the limit.
fn copy_bounded(mut input: impl Read, out: &mut std::fs::File, limit: &UnpackLimit) -> Result<()> {
    let bound = limit.bound();
    let mut buf = vec![0u8; 256 * 1024];
    let mut written = 0u64;
    loop {
        let n = input
            .read(&mut buf)
            .map_err(|_| CoreError::conflict(Reason::BundleDamaged))?;
        if n == 0 {
            return Ok(());
        }
        written = written.saturating_add(n as u64);
        if written > bound {
            limit.admit(written)?;
        }
        out.write_all(&buf[..n]).map_err(|e| {
            let e = CoreError::from(e);
            if crate::export::drives::is_disk_full(&e) {
                CoreError::conflict(Reason::RestoreNoSpace)
            } else {
                e
            }
        })?;
    }
}

/// Opens a database from outside read-only, with SQLite's defensive mode on and its
/// schema untrusted: no trigger, view or function of its own may run.
pub(crate) fn open_untrusted(path: &Path) -> Result<Connection> {
    let damaged = |_| CoreError::conflict(Reason::BundleDamaged);
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
    conn.pragma_update(None, "trusted_schema", "OFF")
        .map_err(damaged)?;
    Ok(conn)
}

/// Tables SQLite itself may add to any database (`ANALYZE`), with their SQL.
const SQLITE_OWN: [(&str, &str); 2] = [
    ("sqlite_stat1", "CREATE TABLE sqlite_stat1(tbl,idx,stat)"),
    (
        "sqlite_stat4",
        "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)",
    ),
];

fn sqlite_own(object: &SchemaObject) -> bool {
    SQLITE_OWN.iter().any(|(name, sql)| {
        object.kind == "table" && object.name == *name && object.sql.as_deref() == Some(sql)
    })
}

/// The first object that differs between `found` and `expected` (both sorted): one of
/// `found` this app never makes, or one of `expected` missing.
pub(crate) fn first_difference<'a>(
    found: &'a [SchemaObject],
    expected: &'a [SchemaObject],
) -> Option<&'a SchemaObject> {
    found
        .iter()
        .filter(|o| !sqlite_own(o))
        .find(|o| expected.binary_search(o).is_err())
        .or_else(|| expected.iter().find(|o| found.binary_search(o).is_err()))
}

/// Checks the database on `conn` (opened by [`open_untrusted`]): its schema version is
/// one this app migrates from, its objects those this app's migrations make at that
/// version, and SQLite finds it sound. Returns its schema version.
pub(crate) fn check_database(conn: &Connection) -> Result<i64> {
    let damaged = |_| CoreError::conflict(Reason::BundleDamaged);
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(damaged)?;
    if version > Store::schema_version() {
        return Err(CoreError::conflict(Reason::BundleTooNew));
    }
    let found = objects(conn).map_err(|_| CoreError::conflict(Reason::BundleDamaged))?;
    let Some(version_index) = usize::try_from(version).ok().filter(|v| *v >= 1) else {
        return Err(foreign(found.first()));
    };
    let expected = objects_at_version(version_index)?;
    if let Some(object) = first_difference(&found, &expected) {
        return Err(foreign(Some(object)));
    }
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(damaged)?;
    if integrity != "ok" {
        return Err(CoreError::conflict(Reason::BundleDamaged));
    }
    Ok(version)
}

/// The refusal of a database holding `object`, named as `<type> <name>`.
fn foreign(object: Option<&SchemaObject>) -> CoreError {
    let what = object.map_or_else(
        || "database".to_string(),
        |o| format!("{} {}", o.kind, o.name),
    );
    CoreError::Invalid(vec![FieldIssue::new(what, Reason::BundleSchemaForeign)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::schema::migrate_to;

    fn database_at(dir: &Path, version: usize, extra: &str) -> Result<std::path::PathBuf> {
        let path = dir.join(format!("v{version}.sqlite3"));
        let mut conn = Connection::open(&path)?;
        migrate_to(&mut conn, version)?;
        conn.execute_batch(extra)?;
        Ok(path)
    }

    fn refusal(result: Result<i64>) -> Option<String> {
        match result {
            Err(CoreError::Invalid(issues)) if issues[0].code == Reason::BundleSchemaForeign => {
                Some(issues[0].field.clone())
            }
            _ => None,
        }
    }

    #[test]
    fn a_database_of_this_or_an_older_version_as_its_migrations_made_it_is_accepted() -> Result<()>
    {
        let dir = tempfile::tempdir()?;
        let latest = Store::schema_version() as usize;
        for version in [1, 5, latest] {
            let conn = open_untrusted(&database_at(dir.path(), version, "")?)?;
            assert_eq!(check_database(&conn)?, version as i64, "version {version}");
        }
        Ok(())
    }

    #[test]
    fn a_trigger_a_view_an_unknown_table_or_index_is_refused_by_its_name() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let latest = Store::schema_version() as usize;
        let crafted = [
            (
                "CREATE TRIGGER wipe AFTER INSERT ON customers BEGIN DELETE FROM vehicles; END;",
                "trigger wipe",
            ),
            ("CREATE VIEW peek AS SELECT * FROM customers;", "view peek"),
            ("CREATE TABLE stash (x);", "table stash"),
            ("CREATE INDEX quick ON customers (id);", "index quick"),
        ];
        for (i, (sql, named)) in crafted.iter().enumerate() {
            let sub = dir.path().join(i.to_string());
            std::fs::create_dir_all(&sub)?;
            let conn = open_untrusted(&database_at(&sub, latest, sql)?)?;
            assert_eq!(
                refusal(check_database(&conn)).as_deref(),
                Some(*named),
                "{sql} must be refused and named"
            );
        }
        // An older version's schema with a later version's table is no version's.
        let older = database_at(
            dir.path(),
            5,
            "CREATE TABLE staff (id INTEGER PRIMARY KEY);",
        )?;
        let conn = open_untrusted(&older)?;
        assert_eq!(
            refusal(check_database(&conn)).as_deref(),
            Some("table staff")
        );
        Ok(())
    }

    #[test]
    fn a_declared_size_or_the_free_space_bounds_what_is_unpacked() {
        let limit = UnpackLimit {
            declared: Some(100),
            free: 1000,
        };
        assert!(limit.admit(100).is_ok());
        assert!(matches!(
            limit.admit(101),
            Err(CoreError::Conflict {
                code: Reason::BundleLargerThanDeclared
            })
        ));
        let limit = UnpackLimit {
            declared: None,
            free: 1000,
        };
        assert!(matches!(
            limit.admit(1001),
            Err(CoreError::Conflict {
                code: Reason::RestoreNoSpace
            })
        ));
    }
}
