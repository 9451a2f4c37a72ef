//! Restore crash trials: a child process restores a bundle over a shop and is killed
//! with SIGKILL before one of the restore's steps (the core's step hook stops it there;
//! the steps are counted by a first run that is not stopped), at 30 points spread over
//! all of them. After each kill the shop is opened as the app opens it: it must be the
//! old shop whole or the restored one whole, never an empty one, and the start must say
//! which. The child is this test binary run again with `RESTORE_CHILD_DATA` set (see
//! [`child_restore`]).
mod export_fixtures;
mod intake_fixtures;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use chrono::Datelike;
use export_fixtures::{all_rows, data_files, shop, written_after_the_bundle};
use garage_core::export::export_day;
use garage_core::export::restore::restore_bundle;
use garage_core::restore_journal::{set_step_hook, RecoveredShop};
use garage_core::shop_folder::{is_database_missing, open_shop_reporting};
use garage_core::store::DB_FILE_NAME;
use garage_core::Lang;
use intake_fixtures::{at, customer_with_car, now, open};

const CHILD_DATA: &str = "RESTORE_CHILD_DATA";
const CHILD_BUNDLE: &str = "RESTORE_CHILD_BUNDLE";
const CHILD_STOP_AT: &str = "RESTORE_CHILD_STOP_AT";
const RUNS: u32 = 30;

static STEPS: AtomicU32 = AtomicU32::new(0);
static STOP_AT: AtomicU32 = AtomicU32::new(0);

/// The child's step hook: at the chosen step it says so and waits to be killed.
fn stop_at_chosen_step(name: &str) {
    let step = STEPS.fetch_add(1, Ordering::SeqCst) + 1;
    if step == STOP_AT.load(Ordering::SeqCst) {
        println!("STOPPED {step} before {name}");
        loop {
            std::thread::sleep(Duration::from_secs(3600));
        }
    }
}

/// The child's work, run only when `RESTORE_CHILD_DATA` is set: one restore, stopped
/// before step `RESTORE_CHILD_STOP_AT` (0: never), then `DONE <steps>`.
#[test]
fn child_restore() {
    let Some(data) = std::env::var_os(CHILD_DATA).map(PathBuf::from) else {
        return;
    };
    let bundle = std::env::var_os(CHILD_BUNDLE)
        .map(PathBuf::from)
        .expect("the bundle to restore");
    let stop = std::env::var(CHILD_STOP_AT)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    STOP_AT.store(stop, Ordering::SeqCst);
    set_step_hook(stop_at_chosen_step);
    restore_bundle(&bundle, &data, at(5, 9, 0)).expect("the child restores");
    println!("DONE {}", STEPS.load(Ordering::SeqCst));
}

/// Every row but the export's own records and the counters (kept at the highest of
/// both shops, checked apart).
fn shop_rows(db: &Path) -> Vec<(String, Vec<String>)> {
    let mut rows = all_rows(db);
    rows.retain(|(t, _)| !written_after_the_bundle(t) && !t.ends_with("_counters"));
    rows
}

/// Rows of `expected` that `found` lacks.
fn missing(expected: &[(String, Vec<String>)], found: &[(String, Vec<String>)]) -> usize {
    expected
        .iter()
        .map(|(table, rows)| {
            let there = found
                .iter()
                .find(|(t, _)| t == table)
                .map(|(_, r)| r.as_slice())
                .unwrap_or_default();
            rows.iter().filter(|r| !there.contains(r)).count()
        })
        .sum()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("copy folder");
    for entry in std::fs::read_dir(from).expect("read").flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copied");
        }
    }
}

/// How a child run ended.
#[derive(Debug, PartialEq, Eq)]
enum Ended {
    /// Killed while it waited before this step.
    KilledAt(u32),
    /// Not stopped: the restore was done after this many steps.
    Done(u32),
}

/// Runs the child until it stops at `stop_at` and kills it, or until it is done.
fn run_child(exe: &Path, data: &Path, bundle: &Path, stop_at: u32, log: &Path) -> Ended {
    let mut child = Command::new(exe)
        .args([
            "--exact",
            "child_restore",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DATA, data)
        .env(CHILD_BUNDLE, bundle)
        .env(CHILD_STOP_AT, stop_at.to_string())
        .stdout(Stdio::piped())
        .stderr(
            std::fs::File::create(log)
                .map(Stdio::from)
                .unwrap_or_else(|_| Stdio::null()),
        )
        .spawn()
        .expect("the child starts");
    let stdout = child.stdout.take().expect("the child's stdout");
    let mut seen = None;
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("a line");
        // The harness may print `test child_restore ... ` on the same line first.
        if let Some((_, rest)) = line.split_once("STOPPED ") {
            seen = rest.split(' ').next().and_then(|n| n.parse().ok());
            break;
        }
        if let Some((_, rest)) = line.split_once("DONE ") {
            let _ = child.wait();
            return Ended::Done(rest.trim().parse().expect("a count"));
        }
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("the child is reaped");
    assert!(
        seen.is_some(),
        "the child stopped on its own:\n{}",
        std::fs::read_to_string(log).unwrap_or_default()
    );
    Ended::KilledAt(seen.unwrap_or_default())
}

#[cfg(unix)]
#[test]
fn a_restore_killed_at_any_step_leaves_the_old_shop_or_the_new_one_whole() {
    let trial = tempfile::tempdir().expect("trial");
    let log = trial.path().join("child.log");
    // The shop the bundle holds: a signed job with a photo, a logo, an archived form.
    let (source, store, _) = shop();
    let stick = trial.path().join("stick");
    std::fs::create_dir_all(&stick).expect("stick");
    let outcome = export_day(&store, source.path(), &stick, 30, at(2, 18, 0)).expect("export");
    let bundle = PathBuf::from(outcome.export.bundle_path);
    drop(store);
    let new_rows = shop_rows(&source.path().join(DB_FILE_NAME));
    let new_files = data_files(source.path());

    // The shop it replaces: another customer with three jobs and a photo.
    let template = trial.path().join("old-shop");
    {
        let store = garage_core::shop_folder::open_shop(&template, false).expect("old shop");
        let (customer, vehicle) =
            customer_with_car(&store, "王芳", "13900001111", "京B54321", Lang::ZhHans);
        for _ in 0..3 {
            open(&store, customer, vehicle, now());
        }
        garage_core::files::photos::store_photo(&template, &intake_fixtures::signature_png())
            .expect("a photo");
    }
    let old_rows = shop_rows(&template.join(DB_FILE_NAME));
    let old_files = data_files(&template);
    assert_ne!(old_rows, new_rows, "the two shops differ");

    let exe = std::env::current_exe().expect("the test binary");
    let calibration = trial.path().join("calibration");
    copy_dir(&template, &calibration);
    let Ended::Done(steps) = run_child(&exe, &calibration, &bundle, 0, &log) else {
        panic!("an unstopped restore finishes and counts its steps");
    };
    assert!(steps >= 8, "the restore has its steps: {steps}");

    let (mut empty_shop, mut lost_rows) = (0, 0);
    let (mut old_kept, mut new_put) = (0, 0);
    for run in 0..RUNS {
        let stop_at = 1 + run * steps / RUNS;
        let data = trial.path().join(format!("run-{run}"));
        copy_dir(&template, &data);
        let stopped = run_child(&exe, &data, &bundle, stop_at, &log);
        assert_eq!(
            stopped,
            Ended::KilledAt(stop_at),
            "run {run} stopped where asked"
        );

        let opened = match open_shop_reporting(&data, false) {
            Ok(opened) => opened,
            Err(e) if is_database_missing(&e) => {
                empty_shop += 1;
                continue;
            }
            Err(e) => panic!("run {run}: the shop does not open: {e:?}"),
        };
        let counts = opened.store.counts().expect("counts");
        let (_, last) = opened.store.issued_numbers(now().year()).expect("numbers");
        let recovered = opened.recovered.as_ref().map(|r| r.shop);
        drop(opened);
        if counts.customers == 0 {
            empty_shop += 1;
            continue;
        }
        assert!(last >= 3, "run {run}: no number is issued twice ({last})");
        let found = shop_rows(&data.join(DB_FILE_NAME));
        if found == old_rows {
            old_kept += 1;
            assert_ne!(recovered, Some(RecoveredShop::FinishedRestore), "run {run}");
            assert_eq!(data_files(&data), old_files, "run {run}: the old files");
        } else if found == new_rows {
            new_put += 1;
            assert_ne!(recovered, Some(RecoveredShop::KeptCurrent), "run {run}");
            assert_eq!(data_files(&data), new_files, "run {run}: the new files");
        } else {
            lost_rows += missing(&old_rows, &found).min(missing(&new_rows, &found));
        }
        std::fs::remove_dir_all(&data).expect("run cleaned");
    }
    println!(
        "restore_crash_trials: {steps} steps, old shop kept {old_kept} times, new shop put in \
         {new_put} times"
    );
    println!(
        "RESULT restore_crash_trials runs={RUNS} empty_shop={empty_shop} lost_rows={lost_rows}"
    );
    assert_eq!(empty_shop, 0, "a kill left an empty shop");
    assert_eq!(lost_rows, 0, "a kill left a shop that is neither whole");
    assert_eq!(
        old_kept + new_put,
        RUNS,
        "every run is one shop or the other"
    );
    assert!(
        old_kept > 0 && new_put > 0,
        "the kills fell on both sides of the swap"
    );
}
