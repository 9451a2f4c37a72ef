//! A restore from a bundle that may come from anyone: a hostile database, a stream that
//! unpacks past its size or the disk, a FIFO, a link or a path out of the bundle in the
//! manifest are each refused with their reason and the shop left as it was; a restored
//! older bundle never issues a number again.
mod export_fixtures;
mod intake_fixtures;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::Datelike;
use export_fixtures::*;
use garage_core::error::CoreError;
use garage_core::export::bundle::{read_manifest, Manifest, MANIFEST, SHARED_FILES};
use garage_core::export::export_day;
use garage_core::export::restore::{check_for_restore, restore_bundle};
use garage_core::reason::Reason;
use garage_core::store::numbering::CounterSeries;
use garage_core::store::DB_FILE_NAME;
use garage_core::Store;
use intake_fixtures::*;
use sha2::Digest;

fn export_to(store: &Store, dir: &Path, target: &Path, day: u32) -> PathBuf {
    let outcome = export_day(store, dir, target, 30, at(day, 18, 0)).expect("exported");
    PathBuf::from(outcome.export.bundle_path)
}

fn write_manifest(bundle: &Path, manifest: &Manifest) {
    let json = serde_json::to_vec_pretty(manifest).expect("json");
    std::fs::write(bundle.join(MANIFEST), json).expect("manifest written");
}

/// Replaces the bundle's database (turned into the file layout of format 3) by
/// `stored`, listed with its size and hash so the bundle checks whole.
fn put_database(bundle: &Path, stored: &[u8], declared: Option<u64>) {
    if read_manifest(bundle).expect("manifest").format > 3 {
        with_older_database(bundle, None, 3);
    }
    let mut manifest = read_manifest(bundle).expect("manifest");
    let name = manifest.db_file();
    std::fs::write(bundle.join(&name), stored).expect("database written");
    let entry = manifest
        .files
        .iter_mut()
        .find(|f| f.path == name)
        .expect("listed");
    entry.size = stored.len() as u64;
    entry.sha256 = hex::encode(sha2::Sha256::digest(stored));
    manifest.db_bytes = declared;
    write_manifest(bundle, &manifest);
}

/// Changes the bundle's database with `sql`, as a crafted bundle would.
fn craft_database(bundle: &Path, sql: &str) {
    with_older_database(bundle, None, 3);
    let manifest = read_manifest(bundle).expect("manifest");
    let compressed = std::fs::read(bundle.join(manifest.db_file())).expect("database");
    let work = tempfile::tempdir().expect("work");
    let file = work.path().join("db");
    std::fs::write(
        &file,
        zstd::decode_all(compressed.as_slice()).expect("zstd"),
    )
    .expect("db");
    rusqlite::Connection::open(&file)
        .expect("open")
        .execute_batch(sql)
        .expect("crafted");
    let bytes = std::fs::read(&file).expect("db");
    let stored = zstd::encode_all(bytes.as_slice(), 3).expect("zstd");
    put_database(bundle, &stored, Some(bytes.len() as u64));
}

/// A zstd stream of `zeros` zero bytes, made chunk by chunk.
fn zeros_stream(zeros: u64) -> Vec<u8> {
    let mut encoder = zstd::stream::Encoder::new(Vec::new(), 1).expect("encoder");
    let chunk = vec![0u8; 1 << 20];
    let mut left = zeros;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        encoder.write_all(&chunk[..n]).expect("zeros");
        left -= n as u64;
    }
    encoder.finish().expect("stream")
}

/// Every row of every table, table by table.
type Rows = Vec<(String, Vec<String>)>;

/// What a shop folder holds: every entry's path and size, and every row.
fn snapshot(dir: &Path) -> (Vec<(String, u64)>, Rows) {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, u64)>) {
        for entry in std::fs::read_dir(dir).expect("dir").flatten() {
            let path = entry.path();
            let meta = entry.metadata().expect("meta");
            let rel = path.strip_prefix(base).expect("rel").display().to_string();
            if meta.is_dir() {
                walk(base, &path, out);
            }
            out.push((rel, if meta.is_dir() { 0 } else { meta.len() }));
        }
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files);
    files.retain(|(name, _)| !name.ends_with("-shm") && !name.ends_with("-wal"));
    files.sort();
    (files, all_rows(&dir.join(DB_FILE_NAME)))
}

/// A shop with another customer, to restore over.
fn other_shop() -> tempfile::TempDir {
    let other = tempfile::tempdir().expect("other");
    let store = Store::open_in_dir(other.path()).expect("store");
    job(&store);
    drop(store);
    other
}

fn is_conflict(result: &Result<impl std::fmt::Debug, CoreError>, reason: Reason) -> bool {
    matches!(result, Err(CoreError::Conflict { code }) if *code == reason)
}

fn is_invalid(result: &Result<impl std::fmt::Debug, CoreError>, reason: Reason) -> bool {
    matches!(result, Err(CoreError::Invalid(issues)) if issues[0].code == reason)
}

#[test]
fn a_database_with_a_trigger_or_a_view_is_refused_by_name_and_the_shop_is_kept() {
    let (dir, store, _) = shop();
    let stick = tempfile::tempdir().expect("stick");
    let bundle = export_to(&store, dir.path(), stick.path(), 2);
    craft_database(
        &bundle,
        "CREATE TRIGGER wipe AFTER INSERT ON customers BEGIN DELETE FROM vehicles; END;",
    );
    let target = other_shop();
    let before = snapshot(target.path());
    let refused = restore_bundle(&bundle, target.path(), at(5, 9, 0));
    match &refused {
        Err(CoreError::Invalid(issues)) => {
            assert_eq!(issues[0].code, Reason::BundleSchemaForeign);
            assert_eq!(issues[0].field, "trigger wipe", "the object is named");
        }
        other => panic!("a trigger must be refused: {other:?}"),
    }
    assert_eq!(
        snapshot(target.path()),
        before,
        "nothing changed in the shop"
    );
}

#[test]
fn a_stream_that_unpacks_past_its_declared_size_is_stopped_quickly_and_leaves_nothing() {
    let (dir, store, _) = shop();
    let stick = tempfile::tempdir().expect("stick");
    let bundle = export_to(&store, dir.path(), stick.path(), 2);
    // 256 MiB of zeros in a few kilobytes, declared as 64 KiB.
    put_database(&bundle, &zeros_stream(256 << 20), Some(64 << 10));
    let target = other_shop();
    let before = snapshot(target.path());
    let started = Instant::now();
    let refused = restore_bundle(&bundle, target.path(), at(5, 9, 0));
    assert!(
        is_conflict(&refused, Reason::BundleLargerThanDeclared),
        "{refused:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "stopped at the declared size, not after the stream: {:?}",
        started.elapsed()
    );
    assert_eq!(
        snapshot(target.path()),
        before,
        "no staged file is left behind"
    );
}

struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

#[test]
fn a_stream_of_a_hundred_times_the_free_space_is_refused_within_a_second() {
    if !running_as_root() {
        println!("restore_hardening: the small-disk trial was not run (needs root for a tmpfs)");
        return;
    }
    let (dir, store, _) = shop();
    let stick = tempfile::tempdir().expect("stick");
    let bundle = export_to(&store, dir.path(), stick.path(), 2);
    drop(store);
    let base = tempfile::tempdir().expect("base");
    let data = base.path().join("shop");
    std::fs::create_dir_all(&data).expect("mount point");
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(&data)
        .status()
        .expect("mount");
    assert!(mounted.success(), "a 2 MB tmpfs is mounted");
    let _mounted = Mounted(data.clone());
    let free = garage_core::files::free_space(&data).expect("free space");
    let huge = free * 100;

    // Declared as it is: refused before a byte is unpacked.
    put_database(&bundle, &zeros_stream(huge), Some(huge));
    let started = Instant::now();
    let refused = restore_bundle(&bundle, &data, at(5, 9, 0));
    assert!(is_conflict(&refused, Reason::RestoreNoSpace), "{refused:?}");
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(
        garage_core::files::free_space(&data).expect("free"),
        free,
        "nothing written"
    );

    // Declared by no one (an older app's bundle): stopped at the free space.
    put_database(&bundle, &zeros_stream(huge), None);
    let started = Instant::now();
    let refused = restore_bundle(&bundle, &data, at(5, 9, 0));
    assert!(is_conflict(&refused, Reason::RestoreNoSpace), "{refused:?}");
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(
        garage_core::files::free_space(&data).expect("free"),
        free,
        "what was unpacked is removed"
    );
    println!(
        "restore_hardening: a stream of {} MB refused on a disk with {} KB free",
        huge >> 20,
        free >> 10
    );
}

/// The first photo of the bundle in the target's shared store.
fn shared_photo(stick: &Path) -> PathBuf {
    std::fs::read_dir(stick.join(SHARED_FILES).join("photos"))
        .expect("photos")
        .flatten()
        .next()
        .expect("a photo")
        .path()
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_link_in_the_bundle_is_refused_without_waiting_and_the_shop_is_kept() {
    for how in ["fifo", "symlink"] {
        let (dir, store, _) = shop();
        let stick = tempfile::tempdir().expect("stick");
        let bundle = export_to(&store, dir.path(), stick.path(), 2);
        let photo = shared_photo(stick.path());
        let real = stick.path().join("real-photo");
        std::fs::rename(&photo, &real).expect("moved");
        if how == "fifo" {
            let made = Command::new("mkfifo").arg(&photo).status().expect("mkfifo");
            assert!(made.success());
        } else {
            std::os::unix::fs::symlink(&real, &photo).expect("symlink");
        }
        let target = other_shop();
        let before = snapshot(target.path());
        let started = Instant::now();
        let checked = check_for_restore(&bundle);
        assert!(
            is_invalid(&checked, Reason::BundleNotAFile),
            "{how}: {checked:?}"
        );
        let refused = restore_bundle(&bundle, target.path(), at(5, 9, 0));
        assert!(
            is_invalid(&refused, Reason::BundleNotAFile),
            "{how}: {refused:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(5), "{how}: no wait");
        assert_eq!(snapshot(target.path()), before, "{how}: nothing changed");
    }
}

#[test]
fn a_manifest_path_that_is_not_a_plain_name_is_refused_and_the_shop_is_kept() {
    let (dir, store, _) = shop();
    let stick = tempfile::tempdir().expect("stick");
    let bundle = export_to(&store, dir.path(), stick.path(), 2);
    let original = read_manifest(&bundle).expect("manifest");
    let target = other_shop();
    let before = snapshot(target.path());
    for bad in [
        "C:x",
        "photos/C:x",
        "../x",
        "photos/../../x",
        "/etc/passwd",
        "photos\\x",
    ] {
        let mut manifest = original.clone();
        manifest.data_files[0].path = bad.to_string();
        write_manifest(&bundle, &manifest);
        let refused = restore_bundle(&bundle, target.path(), at(5, 9, 0));
        assert!(
            is_invalid(&refused, Reason::BundlePathRefused),
            "{bad}: {refused:?}"
        );
    }
    let mut manifest = original.clone();
    manifest.files[0].path = "../manifest.json".to_string();
    write_manifest(&bundle, &manifest);
    let refused = restore_bundle(&bundle, target.path(), at(5, 9, 0));
    assert!(
        is_invalid(&refused, Reason::BundlePathRefused),
        "{refused:?}"
    );
    assert_eq!(snapshot(target.path()), before, "nothing changed");
}

#[test]
fn a_stored_file_name_outside_the_data_folder_never_becomes_a_path() {
    let (dir, store, id) = shop();
    store
        .with_conn(|c| {
            c.execute("UPDATE form_archive SET file_name = '/etc/passwd'", [])?;
            Ok(())
        })
        .expect("crafted");
    let listed = garage_core::desk::archive::archived_form_files(&store, dir.path(), id);
    assert!(is_invalid(&listed, Reason::StoredNameRefused), "{listed:?}");
    let verified = garage_core::desk::verify::verify_work_order(&store, dir.path(), id);
    assert!(
        is_invalid(&verified, Reason::StoredNameRefused),
        "{verified:?}"
    );
}

#[test]
fn restoring_an_older_bundle_keeps_the_numbers_already_issued() {
    let (dir, store, id) = shop();
    let first = store.get_work_order(id).expect("job").work_order;
    let stick = tempfile::tempdir().expect("stick");
    let bundle = export_to(&store, dir.path(), stick.path(), 2);
    let year = now().year();
    // Two more jobs numbered, and printed, after the bundle was made.
    open(&store, first.customer_id, first.vehicle_id, now());
    open(&store, first.customer_id, first.vehicle_id, now());
    let (_, issued) = store.issued_numbers(year).expect("numbers");
    assert_eq!(issued, 3);
    drop(store);

    let outcome = restore_bundle(&bundle, dir.path(), at(5, 9, 0)).expect("restored");
    assert!(
        outcome
            .counters_kept
            .iter()
            .any(|c| c.series == CounterSeries::WorkOrder && c.year == year && c.last == 3),
        "the restore says the work-order counter was kept: {:?}",
        outcome.counters_kept
    );
    let store = Store::open_in_dir(dir.path()).expect("reopened");
    let (seqs, last) = store.issued_numbers(year).expect("numbers");
    assert_eq!(seqs, vec![1], "the bundle's one job");
    assert_eq!(last, 3, "the counter kept its highest");
    let next = open(&store, first.customer_id, first.vehicle_id, now()).work_order;
    assert!(
        next.number.ends_with("00004"),
        "the next number follows the highest ever issued: {}",
        next.number
    );
}

#[test]
fn a_stale_partial_restore_is_removed_when_a_restore_starts() {
    let (dir, store, _) = shop();
    let stick = tempfile::tempdir().expect("stick");
    let bundle = export_to(&store, dir.path(), stick.path(), 2);
    let target = other_shop();
    let stale = target
        .path()
        .join(format!("{DB_FILE_NAME}.restore.partial"));
    std::fs::write(&stale, b"half a database").expect("stale");
    let staging = target
        .path()
        .join(garage_core::restore_journal::STAGING_DIR);
    std::fs::create_dir_all(staging.join("photos")).expect("stale staging");
    restore_bundle(&bundle, target.path(), at(5, 9, 0)).expect("restored");
    assert!(!stale.exists(), "the stale staged database is removed");
    assert!(!staging.exists(), "the stale staging folder is removed");
}
