//! Disk full: the data folder (database included) on a 2 MB tmpfs, filled with photos
//! until the disk refuses. Storing the photo must fail with a storage error and leave no
//! half file; signing must either succeed or fail cleanly; afterwards the store opens,
//! is sound, and every signed job verifies. Mounting needs root (as in CI); elsewhere the
//! test says it was not run.
mod durability_fixtures;
mod intake_fixtures;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::Datelike;
use durability_fixtures::{fill_to_sign, integrity, photo_png};
use garage_core::desk::archive::{archive_signed_form, sign_and_archive};
use garage_core::desk::print::work_order::builtin_fonts;
use garage_core::files::photos::store_photo;
use garage_core::files::{file_hash, DATA_SUBDIRS, PARTIAL_SUFFIX};
use garage_core::shop_folder::open_shop;
use garage_core::{Lang, Store, WorkOrderFilter};
use intake_fixtures::{at, customer_signature, customer_with_car, now, open};

const TMPFS_SIZE: &str = "size=2m";

/// A tmpfs mounted for the test, unmounted when dropped (also when an assertion fails).
struct Mounted(PathBuf);

impl Mounted {
    fn tmpfs(at: &Path) -> Result<Self, String> {
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", TMPFS_SIZE, "tmpfs"])
            .arg(at)
            .status()
            .map_err(|e| e.to_string())?;
        if status.success() {
            Ok(Self(at.to_path_buf()))
        } else {
            Err(format!("mount exited with {status}"))
        }
    }
}

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

fn partial_files(dir: &Path) -> Vec<String> {
    DATA_SUBDIRS
        .iter()
        .filter_map(|sub| std::fs::read_dir(dir.join(sub)).ok())
        .flat_map(|entries| entries.flatten())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(PARTIAL_SUFFIX))
        .collect()
}

#[test]
fn a_full_disk_gives_clear_errors_and_leaves_the_store_consistent() {
    if !running_as_root() {
        println!("disk_full: not run (needs root to mount a tmpfs)");
        println!("RESULT disk_full run=false");
        return;
    }
    let base = tempfile::tempdir().expect("temp dir");
    let dir = base.path().join("shop");
    std::fs::create_dir_all(&dir).expect("mount point");
    let _mounted = Mounted::tmpfs(&dir).expect("a 2 MB tmpfs is mounted");
    let fonts = builtin_fonts().expect("fonts");

    let store = open_shop(&dir, false).expect("a new shop on the small disk");
    let (customer, vehicle) =
        customer_with_car(&store, "李建国", "13812345678", "沪A12345", Lang::ZhHans);
    // One job signed and archived while there is room.
    let first = open(&store, customer, vehicle, now()).work_order.id;
    fill_to_sign(&store, first, Vec::new());
    let input = customer_signature(&store, first);
    let signed = sign_and_archive(&store, &dir, fonts, first, &input, at(2, 9, 30))
        .expect("the first job signs");
    assert!(
        signed.archive_failed.is_none(),
        "there was room for the first PDF"
    );
    // A second one, filled in and waiting for the customer.
    let second = open(&store, customer, vehicle, now()).work_order.id;
    fill_to_sign(&store, second, Vec::new());

    let mut photos_stored = 0;
    let photo_error = loop {
        match store_photo(&dir, &photo_png(photos_stored, 200)) {
            Ok(_) => photos_stored += 1,
            Err(e) => break e,
        }
        assert!(photos_stored < 200, "a 2 MB disk must fill up");
    };
    assert_eq!(
        photo_error.code(),
        "storage",
        "a full disk is a storage error, not a bad photo: {photo_error:?}"
    );
    assert_eq!(
        partial_files(&dir),
        Vec::<String>::new(),
        "no half-written photo is left behind"
    );

    let input = customer_signature(&store, second);
    let sign = match sign_and_archive(&store, &dir, fonts, second, &input, at(2, 9, 40)) {
        Ok(outcome) if outcome.archive_failed.is_some() => {
            assert!(outcome.detail.archive_pending, "the window offers a retry");
            "signed_archive_pending"
        }
        Ok(_) => "signed",
        Err(e) => {
            assert_eq!(e.code(), "storage", "a clean refusal: {e:?}");
            "refused_storage"
        }
    };
    drop(store);

    // The desk makes room (the unreferenced photos go) and starts again.
    let photos = dir.join("photos");
    for entry in std::fs::read_dir(&photos).expect("photos").flatten() {
        std::fs::remove_file(entry.path()).expect("room made");
    }
    let store = Store::open_in_dir(&dir).expect("the store opens after the disk was full");
    assert_eq!(integrity(&store), "ok", "SQLite finds the database sound");
    let (seqs, last) = store.issued_numbers(now().year()).expect("numbers");
    assert_eq!(seqs, (1..=last).collect::<Vec<_>>(), "numbers stay gapless");

    let filter = WorkOrderFilter {
        limit: 500,
        ..WorkOrderFilter::default()
    };
    let mut verified = 0;
    for job in store.list_work_orders(&filter, now()).expect("jobs").items {
        if store
            .get_work_order(job.id)
            .expect("job")
            .work_order
            .frozen_at
            .is_none()
        {
            continue;
        }
        assert!(
            store.verify_intake(job.id).expect("verify"),
            "{} verifies",
            job.number
        );
        // A pending archive is written by the retry now that there is room.
        let form = archive_signed_form(&store, &dir, fonts, job.id, at(2, 11, 0))
            .expect("the archive is written (or was already)");
        assert_eq!(
            file_hash(&dir.join(&form.file_name)).expect("read"),
            Some(form.sha256.clone()),
            "the archived PDF matches its hash"
        );
        verified += 1;
    }
    assert!(verified >= 1, "the first signed job is still there");
    println!(
        "RESULT disk_full photos_stored={photos_stored} photo_error={} sign={sign} \
         integrity=ok signed_jobs_verified={verified}",
        photo_error.code()
    );
}
