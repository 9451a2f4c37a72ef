//! The shop every export test starts from (a signed job with a photo, a logo and a
//! Chinese name) and what "the same rows" and "the same files" mean.
#![allow(dead_code)]
use std::path::Path;

use garage_core::desk::archive::sign_and_archive;
use garage_core::desk::print::work_order::builtin_fonts;
use garage_core::export::EXPORTED_SUBDIRS;
use garage_core::intake::{IntakeSection, SignatureRole};
use garage_core::{Store, WorkOrderId};
use rusqlite::{Connection, OpenFlags};

use crate::intake_fixtures::*;

/// A shop with a logo and a job signed by the customer on March 2nd, with a photo.
pub fn signed_job(store: &Store, dir: &Path) -> WorkOrderId {
    let mut settings = store.get_settings().expect("settings");
    settings.shop_name = "顺达汽修".into();
    store.save_settings(&settings).expect("settings saved");
    let logo = dir.join("logo-source.png");
    std::fs::write(&logo, signature_png()).expect("logo source");
    garage_core::desk::logo::set_logo(store, dir, Some(&logo)).expect("logo set");
    std::fs::remove_file(&logo).expect("logo source removed");

    let id = job(store).work_order.id;
    fill_intake(store, id);
    let photo = garage_core::files::photos::store_photo(dir, &signature_png()).expect("photo");
    let mut items = store.get_work_order(id).expect("job").intake.inspection;
    items[0].photos = vec![photo.name];
    store
        .save_intake_section(id, &IntakeSection::Inspection(items), now())
        .expect("photo on an item");
    store
        .sign_work_order(
            dir,
            id,
            &signature(SignatureRole::Advisor, "周敏"),
            at(2, 9, 20),
        )
        .expect("the advisor signs");
    let fonts = builtin_fonts().expect("font");
    let outcome = sign_and_archive(
        store,
        dir,
        fonts,
        id,
        &customer_signature(store, id),
        at(2, 9, 30),
    )
    .expect("signed");
    assert!(outcome.archived.is_some());
    id
}

pub fn shop() -> (tempfile::TempDir, Store, WorkOrderId) {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let id = signed_job(&store, dir.path());
    (dir, store, id)
}

/// The tables the export writes once its bundle is read back — the day's export record and
/// the day's figures it froze — which the bundle cannot hold.
pub fn written_after_the_bundle(table: &str) -> bool {
    matches!(table, "day_exports" | "frozen_days")
}

/// Every row of every table, as text, table by table: what "the same rows" means.
pub fn all_rows(db: &Path) -> Vec<(String, Vec<String>)> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("db");
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .expect("tables");
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .expect("tables")
        .collect::<rusqlite::Result<_>>()
        .expect("tables");
    tables
        .into_iter()
        .map(|t| {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM \"{t}\""))
                .expect("select");
            let width = stmt.column_count();
            let mut rows: Vec<String> = stmt
                .query_map([], |r| {
                    let values: Vec<String> = (0..width)
                        .map(|i| format!("{:?}", r.get_ref(i).map(|v| v.to_owned())))
                        .collect();
                    Ok(values.join("|"))
                })
                .expect("rows")
                .collect::<rusqlite::Result<_>>()
                .expect("rows");
            rows.sort();
            (t, rows)
        })
        .collect()
}

/// The exported data files of a data folder: relative path → bytes.
pub fn data_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for sub in EXPORTED_SUBDIRS {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = format!("{sub}/{}", entry.file_name().to_string_lossy());
            files.push((name, std::fs::read(entry.path()).expect("file")));
        }
    }
    files.sort();
    files
}

/// Rewrites a bundle this app wrote as one of format `format` (1 to 3), whose database
/// is the file itself zstd-compressed (`shop.sqlite.zst`, sealed with `key` when
/// encrypted), as older apps wrote them.
pub fn with_older_database(
    bundle: &Path,
    key: Option<&garage_core::export::sealed::BundleKey>,
    format: u32,
) {
    use garage_core::export::bundle::{read_manifest, DbLayout, MANIFEST};
    use garage_core::export::restore::{unpack_database, UnpackLimit};
    use sha2::Digest;
    use std::io::Write;

    let mut manifest = read_manifest(bundle).expect("manifest");
    let stream = manifest.db_file();
    let file = bundle.join("database-file");
    let mut out = std::fs::File::create(&file).expect("file");
    unpack_database(
        &bundle.join(&stream),
        DbLayout::Pages,
        key,
        &mut out,
        &UnpackLimit::declared(None),
    )
    .expect("unpacked");
    drop(out);
    let compressed = zstd::encode_all(std::fs::File::open(&file).expect("file"), 3).expect("zstd");
    std::fs::remove_file(&file).expect("file gone");
    let stored = match key {
        Some(key) => {
            let mut sealed = key.seal(Vec::new()).expect("seal");
            sealed.write_all(&compressed).expect("sealed");
            sealed.finish().expect("sealed")
        }
        None => compressed,
    };
    manifest.format = format;
    let older = manifest.db_file();
    std::fs::write(bundle.join(&older), &stored).expect("older database");
    std::fs::remove_file(bundle.join(&stream)).expect("stream gone");
    let entry = manifest
        .files
        .iter_mut()
        .find(|f| f.path == stream)
        .expect("the database in the manifest");
    entry.path = older;
    entry.size = stored.len() as u64;
    entry.sha256 = hex::encode(sha2::Sha256::digest(&stored));
    std::fs::write(
        bundle.join(MANIFEST),
        serde_json::to_vec_pretty(&manifest).expect("json"),
    )
    .expect("manifest written");
}
