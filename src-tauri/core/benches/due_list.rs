//! The service due list on a shop of 100,000 customers (the demo generator, in a temp-file
//! database, as the search bench builds it): about 150,000 vehicles with their readings
//! and care rows, and a settled job on the first 30,000 of them so the last visits count.
//! Times `Store::service_due_list` for the day. Run with `cargo bench --bench due_list`;
//! the line starting `RESULT` is the machine-readable result.
use std::time::Instant;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use garage_core::{demo, Store};

const CUSTOMERS: usize = 100_000;
const JOBS: i64 = 30_000;
const RUNS: usize = 7;

/// One settled job on each of the first `JOBS` vehicles, spread over the last year.
fn seed_jobs(store: &Store, now: NaiveDateTime) -> usize {
    store
        .with_tx(|tx| {
            let cars: Vec<(i64, i64)> = tx
                .prepare("SELECT customer_id, id FROM vehicles ORDER BY id LIMIT ?1")?
                .query_map([JOBS], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (i, (customer, vehicle)) in cars.iter().enumerate() {
                let seq = i as i64 + 1;
                let opened = now - Duration::days(1 + seq % 365) - Duration::minutes(seq % 600);
                tx.execute(
                    "INSERT INTO work_orders (number, year, seq, customer_id, vehicle_id, status,
                         opened_at, created_at, updated_at)
                     VALUES (?1, 2026, ?2, ?3, ?4, 'collected', ?5, ?5, ?5)",
                    rusqlite::params![format!("W-2026-{seq:05}"), seq, customer, vehicle, opened],
                )?;
                let wo = tx.last_insert_rowid();
                tx.execute(
                    "INSERT INTO settlements (work_order_id, status, number, year, seq,
                         created_at, updated_at, signed_at)
                     VALUES (?1, 'signed', ?2, 2026, ?3, ?4, ?4, ?4)",
                    rusqlite::params![
                        wo,
                        format!("S-2026-{seq:05}"),
                        seq,
                        opened + Duration::hours(5)
                    ],
                )?;
            }
            Ok(cars.len())
        })
        .expect("jobs seeded")
}

fn main() {
    let now = NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(9, 15, 0))
        .expect("date");
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in_dir(dir.path()).expect("store opens");
    let started = Instant::now();
    let options = demo::DemoOptions { with_jobs: false };
    demo::generate_with(&store, CUSTOMERS, 42, now, options).expect("demo data");
    let jobs = seed_jobs(&store, now);
    println!(
        "generated {CUSTOMERS} customers and {jobs} jobs in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let today = now.date();
    let warm = store.service_due_list(today).expect("due list");
    let due = warm.rows.len();
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            let list = store.service_due_list(today).expect("due list");
            std::hint::black_box(list);
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let median = times[RUNS / 2];
    let p95 = times[(RUNS * 95 / 100).min(RUNS - 1)];
    println!("RESULT due_list ms={median:.1} p95={p95:.1} due={due}");
}
