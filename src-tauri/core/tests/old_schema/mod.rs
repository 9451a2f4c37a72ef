//! Taking a shop's database back to an older release's schema, for the tests that open
//! what an older app left: every table, index, trigger and column that a later migration
//! added is dropped, found by comparing with a fresh database built from the first
//! migration files, so a new migration needs no edit here.
use std::collections::BTreeSet;
use std::path::Path;

use rusqlite::Connection;

/// The migration files in the order `store/mod.rs` applies them (by their number).
fn migration_files() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/migrations");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the migrations folder")
        .map(|e| e.expect("a migration file").path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    files.sort();
    files
}

fn names(conn: &Connection, kind: &str) -> BTreeSet<String> {
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = ?1 AND name NOT LIKE 'sqlite_%'")
        .expect("schema query");
    let rows = stmt
        .query_map([kind], |r| r.get::<_, String>(0))
        .expect("schema rows");
    rows.map(|r| r.expect("a name")).collect()
}

fn columns(conn: &Connection, table: &str) -> BTreeSet<String> {
    let mut stmt = conn
        .prepare("SELECT name FROM pragma_table_xinfo(?1)")
        .expect("columns query");
    let rows = stmt
        .query_map([table], |r| r.get::<_, String>(0))
        .expect("column rows");
    rows.map(|r| r.expect("a column")).collect()
}

/// Leaves `conn` with the schema of the first `version` migrations and that version in
/// `PRAGMA user_version`. Rows in the tables kept stay as they are.
pub fn back_to_version(conn: &Connection, version: usize) {
    let old = Connection::open_in_memory().expect("a scratch database");
    for file in migration_files().iter().take(version) {
        let sql = std::fs::read_to_string(file).expect("a migration's SQL");
        old.execute_batch(&sql).expect("an old migration applies");
    }
    let foreign_keys: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .expect("foreign keys setting");
    conn.execute_batch("PRAGMA foreign_keys = OFF;")
        .expect("foreign keys off");
    for kind in ["trigger", "view", "index"] {
        for name in names(conn, kind).difference(&names(&old, kind)) {
            let sql = format!("DROP {} \"{name}\";", kind.to_uppercase());
            conn.execute_batch(&sql).expect("drop a later object");
        }
    }
    let old_tables = names(&old, "table");
    for table in names(conn, "table") {
        if !names(conn, "table").contains(&table) {
            continue; // went with a table dropped before it
        }
        if !old_tables.contains(&table) {
            conn.execute_batch(&format!("DROP TABLE \"{table}\";"))
                .expect("drop a later table");
            continue;
        }
        for column in columns(conn, &table).difference(&columns(&old, &table)) {
            let sql = format!("ALTER TABLE \"{table}\" DROP COLUMN \"{column}\";");
            conn.execute_batch(&sql).expect("drop a later column");
        }
    }
    conn.execute_batch(&format!(
        "PRAGMA user_version = {version}; PRAGMA foreign_keys = {foreign_keys};"
    ))
    .expect("the old version");
}
