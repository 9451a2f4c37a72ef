//! Opening and migrating the store file.
mod common;

use garage_core::{CoreError, Store};

#[test]
fn an_empty_database_is_migrated_to_the_current_schema() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in_dir(&dir.path().join("shop")).expect("opens");
    let version: i64 = store
        .with_conn(|conn| Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?))
        .expect("reads version");
    assert_eq!(version, Store::schema_version());
    assert!(
        dir.path().join("shop/garage-desk.sqlite3").exists(),
        "the data folder is created"
    );
}

#[test]
fn a_file_database_runs_in_wal_mode_with_foreign_keys_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("a.sqlite3")).expect("opens");
    let (mode, fk): (String, i64) = store
        .with_conn(|conn| {
            let mode = conn.query_row("PRAGMA journal_mode", [], |row| row.get(0))?;
            let fk = conn.query_row("PRAGMA foreign_keys", [], |row| row.get(0))?;
            Ok((mode, fk))
        })
        .expect("pragmas");
    assert_eq!(mode, "wal");
    assert_eq!(fk, 1);
}

#[test]
fn reopening_a_migrated_database_keeps_its_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("a.sqlite3");
    let id = {
        let store = Store::open(&path).expect("opens");
        store
            .create_customer(&common::person("王小明", "13812345678"), common::now())
            .expect("saves")
            .id
    };
    let store = Store::open(&path).expect("reopens");
    assert_eq!(store.get_customer(id).expect("still there").name, "王小明");
}

#[test]
fn a_database_from_a_newer_release_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("future.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).expect("create");
        conn.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 99;")
            .expect("setup");
    }
    let before = std::fs::read(&path).expect("read");
    match Store::open(&path) {
        Err(CoreError::SchemaTooNew { found, known }) => {
            assert_eq!((found, known), (99, Store::schema_version()));
        }
        Err(other) => panic!("expected SchemaTooNew, got {other:?}"),
        Ok(_) => panic!("a newer schema must not be opened"),
    }
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "the file must not be touched"
    );
    assert!(
        !dir.path().join("future.sqlite3-wal").exists(),
        "not even switched to WAL"
    );
}
