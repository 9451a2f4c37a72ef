//! End-of-day export, check and restore: the bundle is reopened and compared with the
//! shop, a flipped byte is named, a full stick leaves nothing behind, and a restore gives
//! back the same rows and the same files, with the signed job still verifying.
mod export_fixtures;
mod intake_fixtures;
mod old_schema;

use std::path::{Path, PathBuf};
use std::process::Command;

use export_fixtures::*;
use garage_core::desk::verify::verify_work_order;
use garage_core::error::CoreError;
use garage_core::export::backups::{backup_at_start, list_backups, BackupKind};
use garage_core::export::bundle::{check_bundle, DbLayout, FileProblem, MANIFEST, SHARED_FILES};
use garage_core::export::export_day;
use garage_core::export::restore::{restore_backup, restore_bundle, unpack_database, UnpackLimit};
use garage_core::reason::Reason;
use garage_core::{Lang, Store};
use intake_fixtures::*;
use rusqlite::Connection;

fn decompress(path: &Path, to: &Path) {
    let mut output = std::fs::File::create(to).expect("db out");
    unpack_database(
        path,
        DbLayout::Pages,
        None,
        &mut output,
        &UnpackLimit::declared(None),
    )
    .expect("unpacked");
}

fn export_to(store: &Store, dir: &Path, target: &Path, day: u32) -> PathBuf {
    let outcome = export_day(store, dir, target, 30, at(day, 18, 0)).expect("exported");
    PathBuf::from(outcome.export.bundle_path)
}

#[test]
fn an_export_reopens_with_the_shops_rows_and_the_days_signed_pdf() {
    let (dir, store, _) = shop();
    let booking = garage_core::booking::AppointmentInput {
        customer_id: None,
        vehicle_id: None,
        caller: Some(garage_core::booking::CallerContact {
            name: "王先生".into(),
            phone: "139 1234 5678".into(),
            plate: "沪B67890".into(),
        }),
        starts_at: at(3, 9, 30),
        duration_minutes: 60,
        bay: 1,
        wanted_work: "换刹车片".into(),
        parts: vec![garage_core::booking::PartToPrepare {
            description: "Front brake pads".into(),
            qty: 1,
            unit_price_minor: 40_000,
        }],
        expected_price_minor: None,
        bring_handbook: true,
        booked_by: "周敏".into(),
        note: String::new(),
        accept_overfill: true,
    };
    let appointment = store
        .book_appointment(&booking, at(2, 10, 0))
        .expect("booked for tomorrow");
    let deposit = garage_core::booking::DepositInput {
        method: garage_core::settlement::payment::PaymentMethod::Cash,
        amount_minor: 20_000,
        tendered_minor: None,
        reference: String::new(),
        taken_by: "周敏".into(),
    };
    store
        .take_deposit(appointment.id, &deposit, None, at(2, 10, 5))
        .expect("half the parts");
    let stick = tempfile::tempdir().expect("stick");
    let outcome = export_day(&store, dir.path(), stick.path(), 30, at(2, 18, 0)).expect("export");
    let bundle = PathBuf::from(&outcome.export.bundle_path);
    assert_eq!(
        bundle.file_name().and_then(|n| n.to_str()),
        Some("GarageDesk-shun-da-qi-xiu-2026-03-02")
    );
    assert!(outcome.export.verified);

    let reopened = stick.path().join("reopened.sqlite3");
    decompress(&bundle.join("shop.pages.zst"), &reopened);
    let live = dir.path().join("garage-desk.sqlite3");
    let mut exported = all_rows(&reopened);
    let mut shop_now = all_rows(&live);
    // The live shop has since recorded this very export; the snapshot was taken before.
    exported.retain(|(t, _)| !written_after_the_bundle(t));
    shop_now.retain(|(t, _)| !written_after_the_bundle(t));
    assert_eq!(
        exported, shop_now,
        "the snapshot holds every row of the shop"
    );

    let customers = std::fs::read(bundle.join("csv/customers.csv")).expect("csv");
    assert!(customers.starts_with(b"\xEF\xBB\xBF"), "a BOM, for Excel");
    assert!(String::from_utf8_lossy(&customers).contains("李建国"));
    let book = std::fs::read_to_string(bundle.join("csv/appointments.csv")).expect("csv");
    assert!(
        book.contains(&appointment.number) && book.contains("王先生"),
        "the appointment book is readable without the app: {book}"
    );
    let deposits =
        std::fs::read_to_string(bundle.join("csv/appointment_deposits.csv")).expect("csv");
    assert!(deposits.contains("20000"), "its deposit too: {deposits}");
    let lines = std::fs::read_to_string(bundle.join("csv/work_order_lines.csv")).expect("csv");
    assert!(lines.contains("WO-2026-"), "lines name their job: {lines}");
    for (name, column) in [
        ("estimate_lines.csv", "unit_price_minor"),
        ("settlements.csv", "fingerprint"),
        ("payments.csv", "amount_minor"),
        ("credit_notes.csv", "settlement"),
        ("guard_journal.csv", "approved_by"),
        ("appointments.csv", "last_call"),
        ("appointment_deposits.csv", "decision_reason"),
    ] {
        let text = std::fs::read_to_string(bundle.join("csv").join(name)).expect("csv");
        assert!(
            text.starts_with('\u{feff}') && text.lines().next().is_some_and(|h| h.contains(column)),
            "{name} has its BOM and header: {text}"
        );
    }

    let signed: Vec<String> = std::fs::read_dir(bundle.join("signed"))
        .expect("signed PDFs of the day")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(signed.len(), 1, "{signed:?}");
    assert!(signed[0].starts_with("WO-2026-") && signed[0].ends_with(".pdf"));
    assert_eq!(outcome.counts.signed_today, 1);
    assert_eq!(
        store.last_verified_export().expect("last"),
        Some(outcome.export.clone())
    );
    for (path, bytes) in data_files(dir.path()) {
        let shared = std::fs::read(stick.path().join(SHARED_FILES).join(&path)).expect("shared");
        assert_eq!(shared, bytes, "{path} copied as it is");
    }
}

#[test]
fn a_second_export_copies_only_what_is_new_and_the_target_keeps_the_last_bundles() {
    let (dir, store, _) = shop();
    let stick = tempfile::tempdir().expect("stick");
    let first = export_day(&store, dir.path(), stick.path(), 2, at(2, 18, 0)).expect("day 2");
    assert!(first.copied_files >= 4, "logo, photo, signatures, form");
    let second = export_day(&store, dir.path(), stick.path(), 2, at(3, 18, 0)).expect("day 3");
    assert_eq!(second.copied_files, 0, "nothing new since yesterday");
    assert_eq!(second.reused_files, first.copied_files);
    assert_eq!(second.counts.signed_today, 0, "nothing signed on day 3");

    // A shared file gone bad on the stick is found (each one is read there) and copied
    // again, whole.
    let (path, bytes) = data_files(dir.path())
        .into_iter()
        .next()
        .expect("a data file");
    let on_stick = stick.path().join(SHARED_FILES).join(&path);
    let mut damaged = bytes.clone();
    damaged[0] ^= 0x01;
    std::fs::write(&on_stick, &damaged).expect("damage");
    let mended = export_day(&store, dir.path(), stick.path(), 2, at(3, 19, 0)).expect("again");
    assert_eq!(mended.copied_files, 1, "the damaged file copied again");
    assert_eq!(std::fs::read(&on_stick).expect("shared"), bytes);

    let third = export_day(&store, dir.path(), stick.path(), 2, at(4, 18, 0)).expect("day 4");
    assert_eq!(
        third.removed_bundles,
        vec!["GarageDesk-shun-da-qi-xiu-2026-03-02".to_string()]
    );
    assert!(!Path::new(&first.export.bundle_path).exists());
    assert!(Path::new(&second.export.bundle_path).exists());
    // Exporting the same day again replaces that day's bundle, still whole.
    let again = export_day(&store, dir.path(), stick.path(), 2, at(4, 19, 0)).expect("again");
    assert!(
        check_bundle(Path::new(&again.export.bundle_path))
            .expect("check")
            .ok
    );
}

#[test]
fn a_second_export_of_the_day_with_nothing_new_checks_the_bundle_again_instead_of_rewriting_it() {
    let (dir, store, _) = shop();
    let stick = tempfile::tempdir().expect("stick");
    let first = export_day(&store, dir.path(), stick.path(), 30, at(2, 18, 0)).expect("first");
    assert!(!first.unchanged);
    let bundle = PathBuf::from(&first.export.bundle_path);
    let manifest = std::fs::read(bundle.join(MANIFEST)).expect("manifest");

    let again = export_day(&store, dir.path(), stick.path(), 30, at(2, 18, 5)).expect("again");
    assert!(
        again.unchanged,
        "nothing was written since the first export"
    );
    assert_eq!(again.export.bundle_path, first.export.bundle_path);
    assert_eq!(again.counts, first.counts);
    assert_eq!(
        std::fs::read(bundle.join(MANIFEST)).expect("manifest"),
        manifest,
        "the bundle was left as it was"
    );
    assert_eq!(
        store
            .last_verified_export()
            .expect("last")
            .map(|e| e.exported_at),
        Some(at(2, 18, 5)),
        "the check is recorded as the day's export"
    );

    // A bundle gone bad on the stick is not trusted: a new one is written.
    let db = bundle.join("shop.pages.zst");
    let mut bytes = std::fs::read(&db).expect("db");
    bytes[100] ^= 0x01;
    std::fs::write(&db, bytes).expect("flip");
    let rewritten = export_day(&store, dir.path(), stick.path(), 30, at(2, 18, 10)).expect("new");
    assert!(!rewritten.unchanged);
    assert!(check_bundle(&bundle).expect("check").ok);

    // Anything written to the shop since: a new bundle too.
    let unchanged = export_day(&store, dir.path(), stick.path(), 30, at(2, 18, 15)).expect("same");
    assert!(unchanged.unchanged);
    let mut settings = store.export_settings().expect("settings");
    settings.keep_bundles = 12;
    store.save_export_settings(&settings).expect("a change");
    let changed = export_day(&store, dir.path(), stick.path(), 30, at(2, 18, 20)).expect("changed");
    assert!(!changed.unchanged, "the shop changed since the last bundle");
}

#[test]
fn a_flipped_byte_or_a_missing_file_is_named_and_a_restore_changes_nothing() {
    let (dir, store, _) = shop();
    let stick = tempfile::tempdir().expect("stick");
    let bundle = export_to(&store, dir.path(), stick.path(), 2);
    assert!(check_bundle(&bundle).expect("check").ok);

    let csv = bundle.join("csv/vehicles.csv");
    let mut bytes = std::fs::read(&csv).expect("csv");
    bytes[5] ^= 0x01;
    std::fs::write(&csv, &bytes).expect("flipped");
    let photo = std::fs::read_dir(stick.path().join(SHARED_FILES).join("photos"))
        .expect("photos")
        .flatten()
        .next()
        .expect("a photo")
        .path();
    std::fs::remove_file(&photo).expect("removed");

    let check = check_bundle(&bundle).expect("check");
    assert!(!check.ok);
    assert!(check
        .issues
        .iter()
        .any(|i| i.path == "csv/vehicles.csv" && i.problem == FileProblem::Altered));
    assert!(check
        .issues
        .iter()
        .any(|i| i.path.starts_with("photos/") && i.problem == FileProblem::Missing));

    let target = tempfile::tempdir().expect("other shop");
    std::fs::write(target.path().join("keep.txt"), b"untouched").expect("file");
    let refused = restore_bundle(&bundle, target.path(), at(5, 9, 0));
    assert!(
        matches!(
            refused,
            Err(CoreError::Conflict {
                code: Reason::BundleDamaged
            })
        ),
        "{refused:?}"
    );
    let left: Vec<_> = std::fs::read_dir(target.path())
        .expect("dir")
        .flatten()
        .collect();
    assert_eq!(left.len(), 1, "a refused restore changes nothing");
}

#[test]
fn a_restore_gives_back_the_same_rows_and_files_and_the_signed_job_verifies() {
    let (dir, store, id) = shop();
    let stick = tempfile::tempdir().expect("stick");
    let bundle = export_to(&store, dir.path(), stick.path(), 2);
    drop(store);

    // Into an empty folder.
    let fresh = tempfile::tempdir().expect("fresh");
    let outcome = restore_bundle(&bundle, fresh.path(), at(5, 9, 0)).expect("restored");
    assert_eq!(
        outcome.safety_folder, None,
        "nothing to keep in an empty folder"
    );
    let mut before = all_rows(&dir.path().join("garage-desk.sqlite3"));
    before.retain(|(t, _)| !written_after_the_bundle(t));
    let mut after = all_rows(&fresh.path().join("garage-desk.sqlite3"));
    after.retain(|(t, _)| !written_after_the_bundle(t));
    assert_eq!(after, before, "the same rows");
    assert_eq!(
        data_files(fresh.path()),
        data_files(dir.path()),
        "the same files"
    );
    let restored = garage_core::shop_folder::open_shop(fresh.path(), false).expect("opens");
    let report = verify_work_order(&restored, fresh.path(), id).expect("verify");
    assert!(
        report.matches,
        "the signed job verifies after restore: {report:?}"
    );
    drop(restored);

    // Over a shop that has other data: it is kept aside first.
    let other = tempfile::tempdir().expect("other");
    let other_store = Store::open_in_dir(other.path()).expect("other store");
    customer_with_car(
        &other_store,
        "王芳",
        "13900001111",
        "京B54321",
        Lang::ZhHans,
    );
    drop(other_store);
    let outcome = restore_bundle(&bundle, other.path(), at(5, 9, 0)).expect("restored");
    let aside = PathBuf::from(outcome.safety_folder.expect("the old shop kept"));
    assert!(aside.join("garage-desk.sqlite3").is_file());
    assert!(
        outcome.safety_backup.is_some(),
        "and a compressed backup of it"
    );
    let names = all_rows(&other.path().join("garage-desk.sqlite3"));
    let customers = &names.iter().find(|(t, _)| t == "customers").expect("t").1;
    assert!(customers.iter().all(|row| !row.contains("王芳")));
}

#[test]
fn a_page_stream_cut_short_or_naming_a_page_twice_is_damaged() {
    let (dir, store, _) = shop();
    let stick = tempfile::tempdir().expect("stick");
    let bundle = export_to(&store, dir.path(), stick.path(), 2);
    let stream =
        zstd::decode_all(std::fs::File::open(bundle.join("shop.pages.zst")).expect("stream"))
            .expect("zstd");
    assert!(stream.starts_with(b"GDPAGES1"));
    let page_size = u32::from_be_bytes(stream[8..12].try_into().expect("size")) as usize;
    let record = 4 + page_size;
    let damaged_ways: Vec<(&str, Vec<u8>)> = vec![
        ("cut short", stream[..stream.len() - record / 2].to_vec()),
        ("a page missing", stream[..stream.len() - record].to_vec()),
        ("a page twice", {
            let mut twice = stream.clone();
            let (first, second) = (16, 16 + record);
            let number = twice[first..first + 4].to_vec();
            twice[second..second + 4].copy_from_slice(&number);
            twice
        }),
        ("a page past the end", {
            let mut past = stream.clone();
            past[16..20].copy_from_slice(&u32::MAX.to_be_bytes());
            past
        }),
        (
            "more than it says",
            [stream.as_slice(), &[0u8; 10]].concat(),
        ),
        ("no page stream", b"SQLite format 3\0".repeat(64)),
    ];
    for (how, bytes) in damaged_ways {
        let path = stick.path().join("damaged.zst");
        std::fs::write(&path, zstd::encode_all(bytes.as_slice(), 1).expect("zstd")).expect("w");
        let mut out = std::fs::File::create(stick.path().join("out")).expect("out");
        let refused = unpack_database(
            &path,
            DbLayout::Pages,
            None,
            &mut out,
            &UnpackLimit::declared(None),
        );
        assert!(
            matches!(
                refused,
                Err(CoreError::Conflict {
                    code: Reason::BundleDamaged
                })
            ),
            "{how}: {refused:?}"
        );
    }
}

#[test]
fn a_bundle_of_an_older_app_whose_database_is_the_file_still_checks_and_restores() {
    let (dir, store, id) = shop();
    let stick = tempfile::tempdir().expect("stick");
    let bundle = export_to(&store, dir.path(), stick.path(), 2);
    drop(store);
    with_older_database(&bundle, None, 1);
    assert!(bundle.join("shop.sqlite.zst").is_file() && !bundle.join("shop.pages.zst").exists());
    assert!(check_bundle(&bundle).expect("check").ok, "format 1 checks");
    let fresh = tempfile::tempdir().expect("fresh");
    restore_bundle(&bundle, fresh.path(), at(5, 9, 0)).expect("restored");
    let restored = garage_core::shop_folder::open_shop(fresh.path(), false).expect("opens");
    let report = verify_work_order(&restored, fresh.path(), id).expect("verify");
    assert!(report.matches, "the signed job verifies: {report:?}");
}

#[test]
fn a_bundle_from_a_newer_app_is_refused_with_its_reason() {
    let (dir, store, _) = shop();
    let stick = tempfile::tempdir().expect("stick");
    let bundle = export_to(&store, dir.path(), stick.path(), 2);
    let manifest = std::fs::read_to_string(bundle.join(MANIFEST)).expect("manifest");
    let version = format!("\"schemaVersion\": {}", Store::schema_version());
    assert!(manifest.contains(&version), "{manifest}");
    std::fs::write(
        bundle.join(MANIFEST),
        manifest.replace(&version, "\"schemaVersion\": 999"),
    )
    .expect("edited");
    let fresh = tempfile::tempdir().expect("fresh");
    let refused = restore_bundle(&bundle, fresh.path(), at(5, 9, 0));
    assert!(
        matches!(
            refused,
            Err(CoreError::Conflict {
                code: Reason::BundleTooNew
            })
        ),
        "{refused:?}"
    );
}

#[test]
fn a_target_inside_the_data_folder_or_missing_is_refused() {
    let (dir, store, _) = shop();
    let inside = export_day(&store, dir.path(), &dir.path().join("photos"), 30, now());
    assert!(
        matches!(inside, Err(CoreError::Invalid(ref i)) if i[0].code == Reason::ExportTargetInsideData)
    );
    let missing = export_day(&store, dir.path(), Path::new("/no/such/stick"), 30, now());
    assert!(
        matches!(missing, Err(CoreError::Invalid(ref i)) if i[0].code == Reason::ExportTargetMissing)
    );
    assert_eq!(store.last_verified_export().expect("last"), None);
}

#[test]
fn the_first_start_of_a_day_takes_one_backup_and_a_backup_restores_the_database() {
    let (dir, store, _) = shop();
    // Taken from the file while the store has it open, as the window does.
    let db = dir.path().join(garage_core::store::DB_FILE_NAME);
    let taken = backup_at_start(&db, dir.path(), at(3, 8, 0)).expect("backup");
    assert!(taken.is_some());
    assert!(backup_at_start(&db, dir.path(), at(3, 12, 0))
        .expect("again")
        .is_none());
    let backups = list_backups(dir.path()).expect("list");
    assert_eq!(backups.len(), 1);
    assert!(backups[0].bytes > 0);
    assert_eq!(backups[0].kind, BackupKind::Daily);

    customer_with_car(&store, "王芳", "13900001111", "京B54321", Lang::ZhHans);
    drop(store);
    restore_backup(&backups[0].file_name, dir.path(), at(3, 13, 0)).expect("restored");
    let store = Store::open_in_dir(dir.path()).expect("reopen");
    assert_eq!(
        store.counts().expect("counts").customers,
        1,
        "back to the backup"
    );
    let kinds: Vec<BackupKind> = list_backups(dir.path())
        .expect("list")
        .iter()
        .map(|b| b.kind)
        .collect();
    assert!(kinds.contains(&BackupKind::BeforeRestore), "{kinds:?}");
}

#[test]
fn a_backup_of_an_older_app_whose_database_is_the_file_still_lists_and_restores() {
    let (dir, store, _) = shop();
    drop(store);
    // An older app's backup: the database file itself, zstd-compressed.
    let db = dir.path().join(garage_core::store::DB_FILE_NAME);
    Connection::open(&db)
        .expect("db")
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .expect("checkpoint");
    let older = "garage-desk-20260302-080000-daily.sqlite.zst";
    let backups_dir = dir.path().join("backups");
    std::fs::create_dir_all(&backups_dir).expect("backups");
    let compressed = zstd::encode_all(std::fs::File::open(&db).expect("db"), 3).expect("zstd");
    std::fs::write(backups_dir.join(older), compressed).expect("older backup");
    let store = Store::open_in_dir(dir.path()).expect("store");
    customer_with_car(&store, "王芳", "13900001111", "京B54321", Lang::ZhHans);
    drop(store);

    let listed = list_backups(dir.path()).expect("list");
    assert!(listed.iter().any(|b| b.file_name == older), "{listed:?}");
    restore_backup(older, dir.path(), at(3, 13, 0)).expect("restored");
    let store = Store::open_in_dir(dir.path()).expect("reopen");
    assert_eq!(
        store.counts().expect("counts").customers,
        1,
        "back to the backup"
    );
}

/// A tmpfs mounted for the test, unmounted when dropped.
struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn mount_small_tmpfs(at: &Path) -> Option<Mounted> {
    let status = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
        .arg(at)
        .status()
        .ok()?;
    status.success().then(|| Mounted(at.to_path_buf()))
}

#[test]
fn a_full_stick_gives_a_clear_reason_and_leaves_nothing_recorded_or_half_written() {
    let (dir, store, _) = shop();
    // A photo that does not compress, larger than the stick.
    let noise: Vec<u8> = (0..600_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(dir.path().join("photos").join("noise.jpg"), &noise).expect("big photo");
    let base = tempfile::tempdir().expect("base");
    let stick = base.path().join("stick");
    std::fs::create_dir(&stick).expect("mount point");
    let Some(_mounted) = mount_small_tmpfs(&stick) else {
        println!("export full stick: not run (mounting a tmpfs needs root)");
        return;
    };
    let full = export_day(&store, dir.path(), &stick, 30, at(2, 18, 0));
    assert!(
        matches!(
            full,
            Err(CoreError::Conflict {
                code: Reason::ExportTargetFull
            })
        ),
        "{full:?}"
    );
    let left: Vec<String> = std::fs::read_dir(&stick)
        .expect("stick")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert!(left.is_empty(), "no half-written bundle: {left:?}");
    assert_eq!(store.last_verified_export().expect("last"), None);
    let integrity: String = store
        .with_conn(|c| Ok(c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?))
        .expect("integrity");
    assert_eq!(integrity, "ok", "the shop's own data untouched");
}

#[test]
fn a_restore_asked_for_in_the_window_is_done_at_the_next_start_and_only_once() {
    use garage_core::export::restore::{apply_pending_restore, request_restore, RestoreRequest};
    let (dir, store, _) = shop();
    let stick = tempfile::tempdir().expect("stick");
    let bundle = export_to(&store, dir.path(), stick.path(), 2);
    customer_with_car(&store, "王芳", "13900001111", "京B54321", Lang::ZhHans);
    let path = bundle.to_string_lossy().into_owned();
    request_restore(dir.path(), &RestoreRequest::Bundle { path, key: None }).expect("requested");
    drop(store);

    let done = apply_pending_restore(dir.path(), at(3, 8, 0)).expect("applied");
    assert!(done.is_some());
    let store = Store::open_in_dir(dir.path()).expect("reopen");
    assert_eq!(
        store.counts().expect("counts").customers,
        1,
        "as in the bundle"
    );
    drop(store);
    assert!(
        apply_pending_restore(dir.path(), at(3, 9, 0))
            .expect("nothing left")
            .is_none(),
        "the request is carried out once"
    );
    let refused = request_restore(
        dir.path(),
        &RestoreRequest::Backup {
            file_name: "../../etc/passwd".into(),
        },
    );
    assert!(
        matches!(refused, Err(CoreError::Invalid(ref i)) if i[0].code == Reason::BackupUnknown)
    );
}

#[test]
fn an_export_killed_half_way_is_cleaned_at_the_next_export_and_was_never_recorded() {
    let (dir, store, _) = shop();
    let stick = tempfile::tempdir().expect("stick");
    let leftover = stick
        .path()
        .join("GarageDesk-shun-da-qi-xiu-2026-03-02.partial");
    std::fs::create_dir(&leftover).expect("leftover");
    std::fs::write(leftover.join("shop.sqlite.zst"), b"half").expect("half file");
    assert_eq!(store.last_verified_export().expect("last"), None);
    export_to(&store, dir.path(), stick.path(), 2);
    assert!(
        !leftover.exists(),
        "the leftover temporary folder is removed"
    );
}

#[test]
fn an_export_taken_while_jobs_are_opened_is_sound_and_shows_one_moment() {
    let (dir, store, _) = shop();
    let store = std::sync::Arc::new(store);
    let writer = {
        let store = std::sync::Arc::clone(&store);
        std::thread::spawn(move || {
            for i in 0..40 {
                let phone = format!("1390000{i:04}");
                let plate = format!("沪C{i:05}");
                customer_with_car(&store, "并发", &phone, &plate, Lang::ZhHans);
            }
        })
    };
    let stick = tempfile::tempdir().expect("stick");
    let outcome = export_day(&store, dir.path(), stick.path(), 30, at(2, 18, 0)).expect("export");
    writer.join().expect("writer");
    let bundle = PathBuf::from(outcome.export.bundle_path);
    let reopened = stick.path().join("reopened.sqlite3");
    decompress(&bundle.join("shop.pages.zst"), &reopened);
    let conn = Connection::open(&reopened).expect("snapshot opens");
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity");
    assert_eq!(integrity, "ok");
    let (customers, vehicles): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM vehicles)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("counts");
    // A customer and the car are saved one after the other: a moment may fall between.
    assert!(
        (0..=1).contains(&(customers - vehicles)),
        "{customers} customers, {vehicles} cars"
    );
    assert_eq!(
        outcome.counts.customers as i64, customers,
        "the CSVs are read from the same snapshot"
    );
}

#[test]
fn a_shop_of_an_older_schema_is_backed_up_before_it_is_migrated() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    customer_with_car(&store, "李建国", "13812345678", "沪A12345", Lang::ZhHans);
    store
        .with_conn(|c| {
            // Back to the schema of migration 005 (before the price search index).
            old_schema::back_to_version(c, 5);
            Ok(())
        })
        .expect("made older");
    drop(store);
    let store = Store::open_in_dir(dir.path()).expect("migrated");
    assert!(store.search_prices("x", 5).is_ok(), "the index is back");
    let backups = list_backups(dir.path()).expect("list");
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(backups[0].kind, BackupKind::BeforeMigration);
    drop(store);
    let again = Store::open_in_dir(dir.path()).expect("reopened");
    drop(again);
    assert_eq!(
        list_backups(dir.path()).expect("list").len(),
        1,
        "only before a migration"
    );
}

#[test]
fn a_bundle_changed_between_its_preview_and_the_restore_is_refused_and_the_shop_kept() {
    let (dir, store, _) = shop();
    let stick = tempfile::tempdir().expect("stick");
    let bundle = export_to(&store, dir.path(), stick.path(), 2);
    drop(store);
    let other = tempfile::tempdir().expect("other");
    let other_store = Store::open_in_dir(other.path()).expect("other store");
    customer_with_car(
        &other_store,
        "王芳",
        "13900001111",
        "京B54321",
        Lang::ZhHans,
    );
    drop(other_store);
    let before = all_rows(&other.path().join("garage-desk.sqlite3"));
    // The window shows the bundle (checked whole), then a file changes on the stick
    // before the person confirms: the restore checks again and refuses.
    let photo = std::fs::read_dir(stick.path().join(SHARED_FILES).join("photos"))
        .expect("photos")
        .flatten()
        .next()
        .expect("a photo")
        .path();
    let check = check_bundle(&bundle).expect("check");
    assert!(check.ok);
    std::fs::write(&photo, b"changed under us").expect("changed");
    let refused = restore_bundle(&bundle, other.path(), at(5, 9, 0));
    assert!(matches!(
        refused,
        Err(CoreError::Conflict {
            code: Reason::BundleDamaged
        })
    ));
    assert_eq!(
        all_rows(&other.path().join("garage-desk.sqlite3")),
        before,
        "the shop is as it was"
    );
}

#[test]
fn the_number_of_bundles_kept_is_checked_by_the_core() {
    let (_dir, store, _) = shop();
    let mut settings = store.export_settings().expect("settings");
    settings.keep_bundles = 0;
    assert!(matches!(
        store.save_export_settings(&settings),
        Err(CoreError::Invalid(ref i)) if i[0].code == Reason::ExportKeepRange
    ));
    settings.keep_bundles = 7;
    store.save_export_settings(&settings).expect("saved");
    assert_eq!(store.export_settings().expect("settings").keep_bundles, 7);
}
