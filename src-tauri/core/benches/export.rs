//! The end-of-day export against a plain copy: the demo shop (100,000 customers unless
//! generating them would take more than about three minutes here, then fewer, and the
//! number is printed) is built once and kept under the target folder; then, in the same
//! run and onto the same disk, three times each in turn, the whole export (snapshot,
//! compress, write, fsync, read back and verify) and `cp -r` + `sync` of the raw data
//! folder, medians compared; then a second export of the same day with nothing new.
//! `EXPORT_BENCH_CUSTOMERS=N` asks for another size. The last lines are machine-read:
//! `RESULT export ms= bundle_bytes= data_bytes= cp_sync_ms= ratio=` (medians) and
//! `RESULT export_again ms= of_first=` (of the median export).
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use garage_core::export::export_day;
use garage_core::{demo, Store};

const WANTED: usize = 100_000;
/// How long generating the shop may take before the bench settles for fewer customers.
const GENERATION_BUDGET: Duration = Duration::from_secs(180);
const PROBE: usize = 2_000;
/// Whole exports and copies timed; their medians are compared. Three: on this machine a
/// fourth and fifth export in one run slow down (up to 1.8 s) as the system's cache of
/// the bundles written grows into memory that the virtual machine fills afresh; the
/// copy, removed after each run, does not grow it.
const RUNS: i64 = 3;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 30)
        .and_then(|d| d.and_hms_opt(18, 0, 0))
        .unwrap_or_default()
}

fn ms(d: Duration) -> u128 {
    d.as_millis()
}

fn bytes_under(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => bytes_under(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

fn generate(dir: &Path, customers: usize) -> Duration {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot make {dir:?}: {e}"));
    let store = Store::open_in_dir(dir).unwrap_or_else(|e| panic!("cannot open the shop: {e}"));
    let started = Instant::now();
    demo::generate(&store, customers, 1, now()).unwrap_or_else(|e| panic!("demo data: {e}"));
    started.elapsed()
}

/// The cached demo shop: generated once (its size chosen by a timed probe) and reused.
fn demo_shop(root: &Path) -> (PathBuf, usize) {
    let wanted: usize = std::env::var("EXPORT_BENCH_CUSTOMERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(WANTED);
    let chosen_file = root.join(format!("chosen-for-{wanted}"));
    let customers = match std::fs::read_to_string(&chosen_file)
        .ok()
        .and_then(|n| n.trim().parse().ok())
    {
        Some(n) => n,
        None => {
            let took = generate(&root.join("probe"), PROBE);
            let _ = std::fs::remove_dir_all(root.join("probe"));
            let per_customer = took.as_secs_f64() / PROBE as f64;
            let affordable = (GENERATION_BUDGET.as_secs_f64() / per_customer) as usize;
            let n = wanted.min(affordable.max(PROBE) / 1_000 * 1_000);
            println!(
                "probe: {PROBE} customers in {} ms; {n} customers fit in {} s",
                ms(took),
                GENERATION_BUDGET.as_secs()
            );
            let _ = std::fs::write(&chosen_file, n.to_string());
            n
        }
    };
    let dir = root.join(format!("shop-{customers}"));
    if !dir.join(".complete").is_file() {
        println!("generating the demo shop of {customers} customers (kept for the next runs)…");
        let took = generate(&dir, customers);
        println!("generated in {} s", took.as_secs());
        let _ = std::fs::write(dir.join(".complete"), b"");
    }
    (dir, customers)
}

fn run(cmd: &mut Command) {
    let status = cmd
        .status()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(status.success(), "{cmd:?} failed");
}

fn main() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("export-bench");
    let (shop, customers) = demo_shop(&root);
    if customers < WANTED {
        println!(
            "NOTE: {customers} customers, not {WANTED}: generating more would pass the budget here"
        );
    }
    let target = root.join("stick");
    let _ = std::fs::remove_dir_all(&target);
    std::fs::create_dir_all(&target).unwrap_or_else(|e| panic!("target: {e}"));

    let store = Store::open_in_dir(&shop).unwrap_or_else(|e| panic!("cannot open the shop: {e}"));
    // Local backups (one is taken when a newer app migrates the cached shop) are not what
    // an export carries, nor what a person copies: the comparison is of the shop itself.
    let _ = std::fs::remove_dir_all(shop.join(garage_core::export::backups::BACKUPS_DIR));
    let data_bytes = bytes_under(&shop);
    // Three whole exports (of three days, so none is the same day's again), alternated
    // with three `cp -r` + `sync` of the data folder: the medians are compared, this
    // machine being shared and noisy.
    let mut export_times = Vec::new();
    let mut cp_times = Vec::new();
    let mut first = None;
    let copy = target.join("cp-copy");
    for day in 0..RUNS {
        run(&mut Command::new("sync"));
        let started = Instant::now();
        let done = export_day(
            &store,
            &shop,
            &target,
            30,
            now() + chrono::Duration::days(day),
        )
        .unwrap_or_else(|e| panic!("the export failed: {e}"));
        export_times.push(started.elapsed());
        assert!(!done.unchanged, "a new day's export is a whole export");
        first.get_or_insert(done);

        run(&mut Command::new("sync"));
        let cp_started = Instant::now();
        run(Command::new("cp").arg("-r").arg(&shop).arg(&copy));
        run(&mut Command::new("sync"));
        cp_times.push(cp_started.elapsed());
        let _ = std::fs::remove_dir_all(&copy);
    }
    let first = first.unwrap_or_else(|| panic!("no export ran"));
    let export_time = median(export_times.clone());
    let cp_time = median(cp_times.clone());
    println!(
        "export ms: {:?}; cp + sync ms: {:?}",
        export_times.iter().map(|t| ms(*t)).collect::<Vec<_>>(),
        cp_times.iter().map(|t| ms(*t)).collect::<Vec<_>>()
    );

    // The same day again, nothing new since: the bundle on the target is checked again.
    let again_started = Instant::now();
    let again = export_day(
        &store,
        &shop,
        &target,
        30,
        now() + chrono::Duration::days(RUNS - 1) + chrono::Duration::minutes(5),
    )
    .unwrap_or_else(|e| panic!("the second export failed: {e}"));
    let again_time = again_started.elapsed();
    assert!(again.unchanged, "nothing was written since the last export");
    drop(store);

    println!(
        "shop: {customers} customers, data folder {data_bytes} bytes; bundle {} bytes ({:.1}% of the data), {} data files copied, then {} copied and {} reused",
        first.export.bundle_bytes,
        first.export.bundle_bytes as f64 * 100.0 / data_bytes.max(1) as f64,
        first.copied_files,
        again.copied_files,
        again.reused_files
    );
    println!(
        "RESULT export ms={} bundle_bytes={} data_bytes={data_bytes} cp_sync_ms={} ratio={:.2}",
        ms(export_time),
        first.export.bundle_bytes,
        ms(cp_time),
        export_time.as_secs_f64() / cp_time.as_secs_f64().max(1e-9)
    );
    println!(
        "RESULT export_again ms={} of_first={:.2}",
        ms(again_time),
        again_time.as_secs_f64() / export_time.as_secs_f64().max(1e-9)
    );
    let _ = std::fs::remove_dir_all(&target);
}
