//! The export's progress and cancel, and its optional passphrase: progress reaches the
//! totals it announced, a cancel leaves nothing on the stick and nothing recorded, an
//! encrypted bundle holds nothing in clear and comes back whole with its passphrase,
//! and a wrong passphrase is named and changes nothing.
mod export_fixtures;
mod intake_fixtures;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use export_fixtures::*;
use garage_core::desk::verify::verify_work_order;
use garage_core::error::CoreError;
use garage_core::export::bundle::{check_bundle, read_manifest, MANIFEST};
use garage_core::export::progress::{ExportControl, ExportPhase, ExportProgress};
use garage_core::export::restore::{check_for_restore, restore_bundle_with, unlock_bundle};
use garage_core::export::sealed::Passphrase;
use garage_core::export::{
    export_day, export_day_with, export_passphrase, set_export_passphrase, ExportRequest,
};
use garage_core::reason::Reason;
use intake_fixtures::*;

fn phrase(text: &str) -> Passphrase {
    Passphrase::from(text.to_string())
}

fn request<'a>(target: &'a Path, passphrase: Option<&'a Passphrase>) -> ExportRequest<'a> {
    ExportRequest {
        target,
        keep: 30,
        passphrase,
        now: at(2, 18, 0),
    }
}

/// Every file under `dir`, relative, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).expect("dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path.strip_prefix(dir).expect("inside").to_path_buf());
            }
        }
    }
    found.sort();
    found
}

fn conflict(result: Result<impl std::fmt::Debug, CoreError>) -> Reason {
    match result {
        Err(CoreError::Conflict { code }) => code,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn field_reason(result: Result<impl std::fmt::Debug, CoreError>) -> Reason {
    match result {
        Err(CoreError::Invalid(issues)) => issues[0].code,
        other => panic!("expected an invalid field, got {other:?}"),
    }
}

#[test]
fn the_progress_of_each_phase_reaches_the_totals_it_announced() {
    let (dir, store, _) = shop();
    let stick = tempfile::tempdir().expect("stick");
    let seen: Mutex<Vec<ExportProgress>> = Mutex::new(Vec::new());
    let report = |p: &ExportProgress| seen.lock().expect("lock").push(*p);
    let cancel = AtomicBool::new(false);
    export_day_with(
        &store,
        dir.path(),
        &request(stick.path(), None),
        ExportControl::new(&cancel, &report),
    )
    .expect("exported");
    let seen = seen.into_inner().expect("reports");
    for phase in [ExportPhase::Writing, ExportPhase::Verifying] {
        let last = seen
            .iter()
            .rev()
            .find(|p| p.phase == phase)
            .unwrap_or_else(|| panic!("{phase:?} was told"));
        assert!(last.bytes_total > 0 && last.files_total > 5, "{last:?}");
        assert_eq!(
            (last.bytes_done, last.files_done),
            (last.bytes_total, last.files_total),
            "the time left reaches zero in {phase:?}"
        );
    }
    let done: Vec<u64> = seen.iter().map(|p| p.files_done).collect();
    assert!(
        seen.windows(2)
            .all(|w| w[0].phase != w[1].phase || w[0].bytes_done <= w[1].bytes_done),
        "bytes only go forward within a phase: {done:?}"
    );
}

fn cancelled_when(stop: impl Fn(&ExportProgress) -> bool + Sync) {
    let (dir, store, _) = shop();
    let stick = tempfile::tempdir().expect("stick");
    let cancel = AtomicBool::new(false);
    let report = |p: &ExportProgress| {
        if stop(p) {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    let result = export_day_with(
        &store,
        dir.path(),
        &request(stick.path(), None),
        ExportControl::new(&cancel, &report),
    );
    assert_eq!(conflict(result), Reason::ExportCancelled);
    let bundles: Vec<String> = std::fs::read_dir(stick.path())
        .expect("stick")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("GarageDesk-") && n != "GarageDesk-files")
        .collect();
    assert!(
        bundles.is_empty(),
        "no bundle, whole or half-written: {bundles:?}"
    );
    assert_eq!(
        store.last_verified_export().expect("last"),
        None,
        "a cancelled export is not the day's export"
    );
    let snapshot_left = std::fs::read_dir(dir.path())
        .expect("data")
        .flatten()
        .any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".export-snapshot")
        });
    assert!(
        !snapshot_left,
        "the snapshot is removed from the data folder"
    );
    // The shop still exports afterwards.
    export_day(&store, dir.path(), stick.path(), 30, at(2, 18, 5)).expect("exports again");
}

#[test]
fn a_cancel_mid_way_leaves_nothing_on_the_stick_and_nothing_recorded() {
    cancelled_when(|p| p.phase == ExportPhase::Writing && p.files_done >= 2);
}

#[test]
fn a_cancel_before_the_first_file_leaves_nothing_either() {
    cancelled_when(|p| p.phase == ExportPhase::Writing);
}

#[test]
fn a_stick_pulled_out_mid_write_is_named_and_nothing_is_recorded_or_changed() {
    let (dir, store, _) = shop();
    let mount = tempfile::tempdir().expect("mount");
    let stick = mount.path().join("STICK");
    std::fs::create_dir(&stick).expect("stick");
    let db = dir.path().join(garage_core::store::DB_FILE_NAME);
    let before = all_rows(&db);
    let pulled = AtomicBool::new(false);
    let cancel = AtomicBool::new(false);
    // The stick goes, with everything written on it so far, once two files are written.
    let report = |p: &ExportProgress| {
        if p.phase == ExportPhase::Writing
            && p.files_done >= 2
            && !pulled.swap(true, Ordering::Relaxed)
        {
            std::fs::remove_dir_all(&stick).expect("pulled out");
        }
    };
    let result = export_day_with(
        &store,
        dir.path(),
        &request(&stick, None),
        ExportControl::new(&cancel, &report),
    );
    assert!(
        pulled.load(Ordering::Relaxed),
        "the stick was pulled mid-write"
    );
    assert_eq!(
        conflict(result),
        Reason::ExportTargetLost,
        "named as the stick gone, not as the shop's data"
    );
    assert_eq!(
        store.last_verified_export().expect("last"),
        None,
        "nothing recorded as the day's export"
    );
    assert_eq!(all_rows(&db), before, "the shop's data untouched");
    assert!(
        !stick.exists(),
        "the stick's folder is not made again on the PC's own disk"
    );
    // Plugged in again: the export goes through.
    std::fs::create_dir(&stick).expect("plugged in");
    export_day(&store, dir.path(), &stick, 30, at(2, 18, 5)).expect("exports again");
}

#[test]
fn a_cancel_while_reading_back_is_too_late_and_the_bundle_counts() {
    let (dir, store, _) = shop();
    let stick = tempfile::tempdir().expect("stick");
    let cancel = AtomicBool::new(false);
    let report = |p: &ExportProgress| {
        if p.phase == ExportPhase::Verifying {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    let outcome = export_day_with(
        &store,
        dir.path(),
        &request(stick.path(), None),
        ExportControl::new(&cancel, &report),
    )
    .expect("the bundle was whole and in place already");
    assert!(outcome.export.verified);
}

#[test]
fn an_encrypted_bundle_holds_nothing_in_clear_and_comes_back_whole_with_its_passphrase() {
    let (dir, store, id) = shop();
    let stick = tempfile::tempdir().expect("stick");
    let secret = phrase("lotus garden 42");
    let outcome = export_day_with(
        &store,
        dir.path(),
        &request(stick.path(), Some(&secret)),
        ExportControl::silent(),
    )
    .expect("exported");
    let bundle = PathBuf::from(&outcome.export.bundle_path);
    let manifest = read_manifest(&bundle).expect("manifest");
    assert!(manifest.encrypted);
    assert!(
        check_bundle(&bundle).expect("check").ok,
        "bytes check without the passphrase"
    );
    // The bundle and the shared store on the stick: every file encrypted.
    let shared = stick.path().join("GarageDesk-files");
    let on_stick: Vec<PathBuf> = files_under(&bundle)
        .into_iter()
        .map(|rel| bundle.join(rel))
        .chain(files_under(&shared).into_iter().map(|rel| shared.join(rel)))
        .collect();
    assert!(
        files_under(&shared).len() >= 4,
        "the data files are shared, encrypted, on the stick"
    );
    for path in &on_stick {
        let name = path.to_string_lossy();
        if name.ends_with(MANIFEST) {
            continue;
        }
        assert!(name.ends_with(".age"), "{name} is encrypted");
        let bytes = std::fs::read(path).expect("file");
        assert!(
            bytes.starts_with(b"age-encryption.org/v1"),
            "{name} is an age file"
        );
    }
    let photo = data_files(dir.path())
        .into_iter()
        .find(|(n, _)| n.starts_with("photos/"))
        .expect("a photo")
        .1;
    let stored: Vec<u8> = on_stick
        .iter()
        .flat_map(|path| std::fs::read(path).expect("file"))
        .collect();
    assert!(
        !stored.windows(photo.len()).any(|w| w == photo.as_slice()),
        "the photo is not on the stick in clear"
    );

    // The next day, with the same passphrase: the same key, nothing copied again.
    let next = export_day_with(
        &store,
        dir.path(),
        &ExportRequest {
            now: at(4, 18, 0),
            ..request(stick.path(), Some(&secret))
        },
        ExportControl::silent(),
    )
    .expect("the next day's export");
    assert_eq!(next.copied_files, 0, "the encrypted data files are shared");
    assert_eq!(next.reused_files, outcome.copied_files);
    assert!(
        check_bundle(Path::new(&next.export.bundle_path))
            .expect("check")
            .ok
    );
    drop(store);

    let fresh = tempfile::tempdir().expect("fresh");
    restore_bundle_with(&bundle, Some(&secret), fresh.path(), at(5, 9, 0)).expect("restored");
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
    assert!(report.matches, "the signed job verifies: {report:?}");
}

#[test]
fn a_wrong_or_missing_passphrase_is_named_by_check_and_restore_and_changes_nothing() {
    let (dir, store, _) = shop();
    let stick = tempfile::tempdir().expect("stick");
    let secret = phrase("lotus garden 42");
    let outcome = export_day_with(
        &store,
        dir.path(),
        &request(stick.path(), Some(&secret)),
        ExportControl::silent(),
    )
    .expect("exported");
    let bundle = PathBuf::from(&outcome.export.bundle_path);
    let check = check_for_restore(&bundle).expect("whole");
    let wrong = phrase("lotus garden 43");
    assert_eq!(
        conflict(unlock_bundle(&bundle, &check, Some(&wrong)).map(|_| ())),
        Reason::BundleWrongPassphrase
    );
    assert_eq!(
        field_reason(unlock_bundle(&bundle, &check, None).map(|_| ())),
        Reason::BundlePassphraseRequired
    );
    assert!(unlock_bundle(&bundle, &check, Some(&secret)).is_ok());

    let other = tempfile::tempdir().expect("other shop");
    std::fs::write(other.path().join("keep.txt"), b"untouched").expect("file");
    let refused = restore_bundle_with(&bundle, Some(&wrong), other.path(), at(5, 9, 0));
    assert_eq!(conflict(refused), Reason::BundleWrongPassphrase);
    let left = files_under(other.path());
    assert_eq!(
        left,
        vec![PathBuf::from("keep.txt")],
        "a refused restore changes nothing"
    );
}

#[test]
fn without_a_passphrase_the_bundle_is_as_before() {
    let (dir, store, _) = shop();
    let stick = tempfile::tempdir().expect("stick");
    let outcome = export_day(&store, dir.path(), stick.path(), 30, at(2, 18, 0)).expect("export");
    let bundle = PathBuf::from(&outcome.export.bundle_path);
    let json = std::fs::read_to_string(bundle.join(MANIFEST)).expect("manifest");
    assert!(
        json.contains("\"format\": 4"),
        "the format of a bundle in clear"
    );
    assert!(!json.contains("encrypted") && !json.contains("plainSha256"));
    assert!(bundle.join("shop.pages.zst").is_file());
    assert!(!bundle.join("key.age").exists());
    assert!(stick.path().join("GarageDesk-files/photos").is_dir());
}

fn noon() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 7)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .expect("a date")
}

#[test]
fn the_shop_keeps_only_a_verifier_and_a_mistyped_passphrase_is_refused() {
    let (_dir, store, _) = shop();
    assert!(!store.export_settings().expect("settings").encrypted);
    assert!(export_passphrase(&store, None).expect("none set").is_none());
    assert_eq!(
        field_reason(set_export_passphrase(
            &store,
            Some(&phrase("short")),
            None,
            None,
            noon()
        )),
        Reason::PassphraseLength
    );
    let secret = phrase("lotus garden 42");
    set_export_passphrase(&store, Some(&secret), None, None, noon()).expect("set");
    assert!(store.export_settings().expect("settings").encrypted);
    let verifier = store
        .export_passphrase_verifier()
        .expect("verifier")
        .expect("kept");
    assert!(!verifier.contains("lotus"), "never stored in clear");
    assert_eq!(
        field_reason(export_passphrase(&store, Some(phrase("lotus garden 4")))),
        Reason::ExportPassphraseMismatch
    );
    assert_eq!(
        field_reason(export_passphrase(&store, None)),
        Reason::ExportPassphraseMismatch
    );
    assert!(export_passphrase(&store, Some(secret))
        .expect("right")
        .is_some());
    assert_eq!(
        field_reason(set_export_passphrase(
            &store,
            None,
            Some(&phrase("lotus garden 4")),
            None,
            noon()
        )),
        Reason::ExportPassphraseMismatch,
        "removing it takes the old passphrase"
    );
    set_export_passphrase(&store, None, Some(&phrase("lotus garden 42")), None, noon())
        .expect("removed");
    assert!(!store.export_settings().expect("settings").encrypted);
}

#[test]
fn an_encrypted_bundle_of_the_older_format_with_its_files_inside_still_restores() {
    let (dir, store, _) = shop();
    let stick = tempfile::tempdir().expect("stick");
    let secret = phrase("lotus garden 42");
    let outcome = export_day_with(
        &store,
        dir.path(),
        &request(stick.path(), Some(&secret)),
        ExportControl::silent(),
    )
    .expect("exported");
    drop(store);
    // Made into a bundle of format 2: the database file itself, the data files inside
    // it under `files/`.
    let bundle = PathBuf::from(&outcome.export.bundle_path);
    let check = check_bundle(&bundle).expect("check");
    let key = unlock_bundle(&bundle, &check, Some(&secret)).expect("key");
    with_older_database(&bundle, key.as_ref(), 2);
    let mut manifest = read_manifest(&bundle).expect("manifest");
    let id = manifest.key_id.take().expect("a key id");
    let shared = stick.path().join("GarageDesk-files/sealed").join(id);
    for rel in files_under(&shared) {
        let to = bundle.join("files").join(&rel);
        std::fs::create_dir_all(to.parent().expect("folder")).expect("folder");
        std::fs::rename(shared.join(&rel), to).expect("moved");
    }
    manifest.format = 2;
    std::fs::write(
        bundle.join(MANIFEST),
        serde_json::to_vec_pretty(&manifest).expect("json"),
    )
    .expect("manifest written");
    assert!(check_bundle(&bundle).expect("check").ok, "format 2 checks");

    let fresh = tempfile::tempdir().expect("fresh");
    restore_bundle_with(&bundle, Some(&secret), fresh.path(), at(5, 9, 0)).expect("restored");
    assert_eq!(
        data_files(fresh.path()),
        data_files(dir.path()),
        "the same files"
    );
}
