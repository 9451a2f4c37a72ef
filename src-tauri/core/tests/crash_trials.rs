//! Crash trials: a child process opens jobs, stores a photo, has the customer sign (which
//! archives the signed PDF) and the technician sign the diagnosis report (archived too) in
//! a loop, and is killed with SIGKILL at a random moment, 30 times. After each kill the
//! store must open with `integrity_check` ok, every number committed so far must still be
//! there with no gap, every signed job must verify (the technician's signature with it)
//! and no referenced file may be missing or damaged. The child is this test binary run
//! again with `CRASH_CHILD_DIR` set (see [`child_loop`]).
mod durability_fixtures;
mod intake_fixtures;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Datelike;

use durability_fixtures::{fill_to_sign, integrity, photo_png};
use garage_core::desk::archive::{archive_signed_form, sign_and_archive};
use garage_core::desk::print::diagnosis::{archive_diagnosis, sign_and_archive_diagnosis};
use garage_core::desk::print::work_order::builtin_fonts;
use garage_core::desk::verify::verify_work_order;
use garage_core::domain::diagnosis::{DiagnosisCheck, DiagnosisInput, Judgement};
use garage_core::files::photos::store_photo;
use garage_core::files::{file_hash, sha256_hex, DATA_SUBDIRS, PARTIAL_SUFFIX};
use garage_core::intake::SignatureRole;
use garage_core::shop_folder::open_shop;
use garage_core::{
    CustomerId, Lang, Store, VehicleId, WorkOrderFilter, WorkOrderId, WorkOrderSummary,
};
use intake_fixtures::{at, customer_signature, customer_with_car, now, open, signature};

const CHILD_DIR: &str = "CRASH_CHILD_DIR";
const CHILD_CUSTOMER: &str = "CRASH_CHILD_CUSTOMER";
const CHILD_VEHICLE: &str = "CRASH_CHILD_VEHICLE";
const RUNS: usize = 30;
const SEED: u64 = 0x5EED_C0DE_2026;

/// xorshift64*: enough to spread the kills, and the same trial for the same seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }
}

fn env_id(name: &str) -> i64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{name} must carry an id"))
}

/// The child's work, run only when `CRASH_CHILD_DIR` is set: jobs on one car, each with
/// a photo on a damage mark, signed by the customer, until the parent kills it.
#[test]
fn child_loop() {
    let Some(dir) = std::env::var_os(CHILD_DIR).map(PathBuf::from) else {
        return;
    };
    let customer = CustomerId(env_id(CHILD_CUSTOMER));
    let vehicle = VehicleId(env_id(CHILD_VEHICLE));
    let store = open_shop(&dir, false).expect("the child opens the shop");
    let fonts = builtin_fonts().expect("fonts");
    loop {
        let id = open(&store, customer, vehicle, now()).work_order.id;
        let photo = store_photo(&dir, &photo_png(id.0 as u64, 32)).expect("photo stored");
        fill_to_sign(&store, id, vec![photo.name]);
        let input = customer_signature(&store, id);
        sign_and_archive(&store, &dir, fonts, id, &input, at(2, 9, 30)).expect("signed");
        store
            .save_diagnosis(id, &diagnosis(), at(2, 9, 40))
            .expect("report saved");
        let pad = signature(SignatureRole::WorkshopReceiver, "王建华");
        sign_and_archive_diagnosis(&store, &dir, fonts, id, &pad, at(2, 9, 50))
            .expect("report signed");
    }
}

fn diagnosis() -> DiagnosisInput {
    DiagnosisInput {
        checks: vec![DiagnosisCheck {
            item: "Front pad thickness".into(),
            reading: "2".into(),
            unit: "mm".into(),
            judgement: Judgement::Fault,
        }],
        road_test_needed: false,
        road_test: None,
        findings: "Front pads worn".into(),
        recommendation: "Replace the front pads".into(),
        technician: "王建华".into(),
    }
}

/// What one inspection after a kill found.
#[derive(Default)]
struct Findings {
    issued: i64,
    lost_rows: usize,
    broken_files: usize,
    pending: Vec<WorkOrderId>,
    /// Signed diagnosis reports whose archive a kill cut off.
    pending_reports: Vec<WorkOrderId>,
}

fn hashes_to(path: &Path, sha256: &str) -> bool {
    matches!(file_hash(path), Ok(Some(found)) if found == sha256)
}

/// Opens the store as the app would after the crash and checks everything committed.
fn inspect(dir: &Path, issued_before: i64) -> Findings {
    let store = Store::open_in_dir(dir).expect("the store opens after a kill");
    assert_eq!(integrity(&store), "ok", "SQLite finds the database sound");

    let mut findings = Findings::default();
    let (seqs, last) = store.issued_numbers(now().year()).expect("numbers");
    let expected: Vec<i64> = (1..=last).collect();
    findings.lost_rows += expected.iter().filter(|n| !seqs.contains(n)).count();
    findings.lost_rows += usize::try_from(issued_before - last).unwrap_or(0);
    findings.issued = last.max(issued_before);

    for job in &all_jobs(&store) {
        let detail = store.get_work_order(job.id).expect("job");
        for name in detail.intake.damage.iter().flat_map(|m| &m.photos) {
            let hash = name.split('.').next().unwrap_or_default();
            if !hashes_to(&dir.join("photos").join(name), hash) {
                findings.broken_files += 1;
            }
        }
        if detail.work_order.frozen_at.is_none() {
            continue;
        }
        assert!(
            store.verify_intake(job.id).expect("verify"),
            "{} was signed and must still verify",
            job.number
        );
        let archived = store.list_archived_forms(job.id).expect("archive rows");
        // Killed between a signature's commit and its archive: retried later.
        if !archived.iter().any(|f| f.form == "work-order") {
            findings.pending.push(job.id);
        }
        let report = store.diagnosis(job.id).expect("report");
        let signed = report.diagnosis.is_some_and(|d| d.signature.is_some());
        if signed && report.archived.is_none() {
            findings.pending_reports.push(job.id);
        }
        let proof = verify_work_order(&store, dir, job.id).expect("verify");
        assert!(
            proof.matches,
            "{} must verify, its technician's signature too: {proof:?}",
            job.number
        );
        for form in archived {
            if !hashes_to(&dir.join(&form.file_name), &form.sha256) {
                findings.broken_files += 1;
            }
        }
    }
    let signature_pngs: Vec<String> = store
        .with_conn(|conn| {
            let rows = conn
                .prepare(
                    "SELECT png_sha256 FROM signatures
                     UNION SELECT signature_sha256 FROM diagnoses
                     WHERE signature_sha256 IS NOT NULL",
                )?
                .query_map([], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
        .expect("signature hashes");
    for sha in signature_pngs {
        if !hashes_to(&dir.join("signatures").join(format!("{sha}.png")), &sha) {
            findings.broken_files += 1;
        }
    }
    findings.broken_files += damaged_content_files(dir);
    findings
}

/// Every job on file, page by page (a page holds at most 500).
fn all_jobs(store: &Store) -> Vec<WorkOrderSummary> {
    let mut jobs = Vec::new();
    loop {
        let filter = WorkOrderFilter {
            limit: 500,
            offset: jobs.len() as i64,
            ..WorkOrderFilter::default()
        };
        let page = store.list_work_orders(&filter, now()).expect("jobs").items;
        if page.is_empty() {
            return jobs;
        }
        jobs.extend(page);
    }
}

/// Files under a content-hash name whose bytes no longer hash to it (a half write that
/// was renamed into place). Temporary `.partial` files are not counted: the next start
/// removes them.
fn damaged_content_files(dir: &Path) -> usize {
    let mut damaged = 0;
    for sub in ["photos", "signatures"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(PARTIAL_SUFFIX) {
                continue;
            }
            let hash = name.split('.').next().unwrap_or_default();
            let bytes = std::fs::read(entry.path()).unwrap_or_default();
            if sha256_hex(&bytes) != hash {
                damaged += 1;
            }
        }
    }
    damaged
}

/// The child's stderr, kept to explain a child that stopped by itself.
fn child_log(path: &Path) -> Stdio {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map(Stdio::from)
        .unwrap_or_else(|_| Stdio::null())
}

#[cfg(unix)]
#[test]
fn a_process_killed_at_random_moments_loses_no_committed_job_or_file() {
    let trial = tempfile::tempdir().expect("temp dir");
    let dir = trial.path().join("shop");
    let (customer, vehicle) = {
        let store = open_shop(&dir, false).expect("a new shop");
        customer_with_car(&store, "李建国", "13812345678", "沪A12345", Lang::ZhHans)
    };
    let exe = std::env::current_exe().expect("the test binary");
    let log_path = trial.path().join("child.log");
    let mut rng = Rng(SEED);
    let started = Instant::now();
    let (mut lost_rows, mut broken_files, mut issued) = (0, 0, 0);
    let mut pending = Vec::new();
    let mut pending_reports = Vec::new();
    for run in 1..=RUNS {
        let mut child = Command::new(&exe)
            .args(["--exact", "child_loop", "--nocapture", "--test-threads=1"])
            .env(CHILD_DIR, &dir)
            .env(CHILD_CUSTOMER, customer.0.to_string())
            .env(CHILD_VEHICLE, vehicle.0.to_string())
            .stdout(Stdio::null())
            .stderr(child_log(&log_path))
            .spawn()
            .expect("the child starts");
        std::thread::sleep(Duration::from_millis(rng.between(50, 600)));
        let exited_early = child.try_wait().expect("child status").is_some();
        assert!(
            !exited_early,
            "run {run}: the child stopped on its own:\n{}",
            std::fs::read_to_string(&log_path).unwrap_or_default()
        );
        child.kill().expect("SIGKILL");
        child.wait().expect("the child is reaped");

        let found = inspect(&dir, issued);
        lost_rows += found.lost_rows;
        broken_files += found.broken_files;
        issued = found.issued;
        pending = found.pending;
        pending_reports = found.pending_reports;
    }
    let pending_archives = pending.len() + pending_reports.len();

    // The archive left pending by a kill is written by the retry, and hashes right.
    let store = open_shop(&dir, false).expect("the shop opens");
    let fonts = builtin_fonts().expect("fonts");
    for id in pending {
        let form = archive_signed_form(&store, &dir, fonts, id, at(2, 10, 0)).expect("retry");
        assert!(hashes_to(&dir.join(&form.file_name), &form.sha256));
    }
    for id in pending_reports {
        let form = archive_diagnosis(&store, &dir, fonts, id, at(2, 10, 0)).expect("retry");
        let form = form.expect("a signed report is archived");
        assert!(hashes_to(&dir.join(&form.file_name), &form.sha256));
    }
    let leftovers = DATA_SUBDIRS
        .iter()
        .filter_map(|sub| std::fs::read_dir(dir.join(sub)).ok())
        .flat_map(|entries| entries.flatten())
        .filter(|e| e.file_name().to_string_lossy().ends_with(PARTIAL_SUFFIX))
        .count();
    assert_eq!(leftovers, 0, "opening the shop removed the crash leftovers");

    println!(
        "crash_trials: {issued} jobs issued, seed {SEED:#x}, {:.1} s",
        started.elapsed().as_secs_f64()
    );
    println!(
        "RESULT crash_trials runs={RUNS} lost_rows={lost_rows} broken_files={broken_files} \
         pending_archives={pending_archives}"
    );
    assert!(
        issued > 0,
        "the child committed at least one job in 30 runs"
    );
    assert_eq!(lost_rows, 0, "a committed work order was lost");
    assert_eq!(broken_files, 0, "a referenced file is missing or damaged");
}
