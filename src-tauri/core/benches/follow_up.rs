//! The follow-up queue on a shop of 100,000 customers (the demo generator, in a temp-file
//! database, as the search bench builds it) with a busy after-sales book: thirty cars out
//! of the gate every day for the last ninety days, and the desk's calls on most of them.
//! The exits are seeded as rows (a job, its signed settlement, its exit notice), which is
//! what the queue reads; the calls go through the desk's own use case. Times
//! `Store::follow_up_queue` for the day. Run with `cargo bench --bench follow_up`; the
//! line starting `RESULT` is the machine-readable result (budget: 30 ms).
use std::time::Instant;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use garage_core::follow_up::{CallStage, CarRuns, FollowUpCallInput, StageState};
use garage_core::{demo, Store, WorkOrderId};

const CUSTOMERS: usize = 100_000;
const DAYS: i64 = 90;
const PER_DAY: i64 = 30;
const RUNS: usize = 50;

/// Thirty exits a day for `DAYS` days before `now`, on the first vehicles on file.
fn seed_exits(store: &Store, now: NaiveDateTime) -> usize {
    store
        .with_tx(|tx| {
            let cars: Vec<(i64, i64)> = tx
                .prepare("SELECT customer_id, id FROM vehicles ORDER BY id LIMIT ?1")?
                .query_map([DAYS * PER_DAY], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (i, (customer, vehicle)) in cars.iter().enumerate() {
                let i = i as i64;
                let left =
                    now - Duration::days(DAYS - i / PER_DAY) + Duration::minutes(i % PER_DAY * 17);
                let opened = left - Duration::days(1);
                let seq = i + 1;
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
                    rusqlite::params![wo, format!("S-2026-{seq:05}"), seq, left],
                )?;
                let settlement = tx.last_insert_rowid();
                tx.execute(
                    "INSERT INTO exit_notices (work_order_id, settlement_id, number, year, seq,
                         issued_at, issued_by, qr_payload)
                     VALUES (?1, ?2, ?3, 2026, ?4, ?5, 'bench', '')",
                    rusqlite::params![wo, settlement, format!("EX-2026-{seq:05}"), seq, left],
                )?;
            }
            Ok(cars.len())
        })
        .expect("exits seeded")
}

/// The desk's calls: most first calls reached on the window's first day, some after a
/// try nobody answered, a tenth never made.
fn make_calls(store: &Store, now: NaiveDateTime) -> usize {
    let queue = store
        .follow_up_queue(now - Duration::days(DAYS))
        .expect("plan");
    std::hint::black_box(queue);
    let jobs: Vec<(i64, NaiveDateTime)> = store
        .with_conn(|c| {
            let rows = c
                .prepare("SELECT work_order_id, left_at FROM follow_up_plans ORDER BY left_at")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
        .expect("plans");
    let mut made = 0;
    for (i, (id, left)) in jobs.iter().enumerate() {
        let at = (left.date() + Duration::days(2))
            .and_hms_opt(9, 30, 0)
            .unwrap_or(*left);
        if i % 10 == 0 || at >= now {
            continue;
        }
        let input = FollowUpCallInput {
            stage: CallStage::First,
            reached: i % 7 != 0,
            car_runs: CarRuns::Well,
            score: (i % 7 != 0).then_some(if i % 13 == 0 { 2 } else { 5 }),
            words: "车况很好 Runs well".into(),
            next_service_date: None,
            next_service_km: Some(50_000),
            new_service: String::new(),
            needs_supervisor: i % 97 == 0,
            problem: if i % 97 == 0 {
                "Wants the lost day paid".into()
            } else {
                String::new()
            },
            called_by: "周敏".into(),
        };
        if store
            .record_follow_up_call(WorkOrderId(*id), &input, at)
            .is_ok()
        {
            made += 1;
        }
    }
    made
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
    let exits = seed_exits(&store, now);
    let calls = make_calls(&store, now);
    println!(
        "generated {CUSTOMERS} customers, {exits} exits and {calls} calls in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let warm = store.follow_up_queue(now).expect("queue");
    let due = warm.today.len() + warm.overdue.len();
    assert!(warm.missed.iter().all(|t| t.state == StageState::Missed));
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            let queue = store.follow_up_queue(now).expect("queue");
            std::hint::black_box(queue);
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let median = times[RUNS / 2];
    let p95 = times[RUNS * 95 / 100];
    println!("RESULT follow_up_list ms={median:.2} p95_ms={p95:.2} exits={exits} due={due}");
}
