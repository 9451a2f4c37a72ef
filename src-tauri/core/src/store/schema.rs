//! SQL of `sqlite_schema`: the objects a database holds, and those this version's
//! migrations create at each schema version, so a database from outside (a bundle) can
//! be compared object by object with what this app would have made.
use rusqlite::Connection;
use rusqlite_migration::Migrations;

use crate::error::Result;

/// One row of `sqlite_schema`, its SQL with runs of white space made one space.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct SchemaObject {
    pub kind: String,
    pub name: String,
    pub table: String,
    pub sql: Option<String>,
}

fn normalised(sql: Option<String>) -> Option<String> {
    sql.map(|sql| sql.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Every object of the database open on `conn`, sorted.
pub(crate) fn objects(conn: &Connection) -> Result<Vec<SchemaObject>> {
    let mut objects = conn
        .prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema")?
        .query_map([], |row| {
            Ok(SchemaObject {
                kind: row.get(0)?,
                name: row.get(1)?,
                table: row.get(2)?,
                sql: normalised(row.get(3)?),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    objects.sort();
    Ok(objects)
}

/// The objects this version's migrations create up to schema `version` (an empty
/// database migrated in memory), sorted.
pub(crate) fn objects_at_version(version: usize) -> Result<Vec<SchemaObject>> {
    let mut conn = Connection::open_in_memory()?;
    migrate_to(&mut conn, version)?;
    objects(&conn)
}

/// Migrates the database on `conn` up to schema `version` (not further).
pub(crate) fn migrate_to(conn: &mut Connection, version: usize) -> Result<()> {
    Migrations::from_slice(&super::MIGRATIONS).to_version(conn, version)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_of_the_latest_version_is_the_schema_of_a_new_store() -> Result<()> {
        let store = super::super::Store::open_in_memory()?;
        let latest = super::super::Store::schema_version() as usize;
        let made = store.with_conn(objects)?;
        assert_eq!(objects_at_version(latest)?, made);
        assert!(
            objects_at_version(1)?.len() < made.len(),
            "an older version has fewer objects"
        );
        Ok(())
    }
}
