//! The shop's figures on a shop of 100,000 customers (the demo generator, in a temp-file
//! database) with ten years of trade seeded as rows: twenty jobs a day, each with a
//! signed settlement with its kinds, a payment and a handover at the gate, some left
//! owing, some with a credit note, a few written off; vehicle kinds and repair
//! categories on most. Times `Store::figures` for a month and for a year. Run with
//! `cargo bench --bench figures`; the lines starting `RESULT` are the machine-readable
//! results (budgets: month 150 ms, year 1,000 ms).
use std::time::Instant;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use garage_core::figures::Period;
use garage_core::{demo, Store};

const CUSTOMERS: usize = 100_000;
const YEARS: i64 = 10;
const PER_DAY: i64 = 20;
const RUNS: usize = 11;
const CATEGORIES: [Option<&str>; 6] = [
    Some("maintenance"),
    Some("repair"),
    Some("accident"),
    Some("overhaul"),
    Some("comeback"),
    None,
];
const KINDS: [&str; 6] = ["car", "suv", "mpv", "van", "light_truck", "unknown"];

/// Ten years of jobs before `now`, on the vehicles on file in turn.
fn seed(store: &Store, now: NaiveDateTime) -> usize {
    store
        .with_tx(|tx| {
            let cars: Vec<(i64, i64)> = tx
                .prepare("SELECT customer_id, id FROM vehicles ORDER BY id")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (i, (_, vehicle)) in cars.iter().enumerate() {
                tx.execute(
                    "INSERT OR REPLACE INTO vehicle_care (vehicle_id, kind, updated_at)
                     VALUES (?1, ?2, ?3)",
                    rusqlite::params![vehicle, KINDS[i % KINDS.len()], now],
                )?;
            }
            tx.execute(
                "INSERT INTO staff (name, role, created_at, updated_at)
                 VALUES ('bench', 'supervisor', ?1, ?1)",
                [now],
            )?;
            let boss = tx.last_insert_rowid();
            let mut job = tx.prepare(
                "INSERT INTO work_orders (number, year, seq, customer_id, vehicle_id, status,
                     advisor, opened_at, created_at, updated_at, repair_category)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'collected', ?6, ?7, ?7, ?7, ?8)",
            )?;
            let mut settlement = tx.prepare(
                "INSERT INTO settlements (work_order_id, status, number, year, seq,
                     total_discount_minor, labour_minor, parts_minor, other_minor, outside_minor,
                     tax_minor, total_minor, created_at, updated_at, signed_at)
                 VALUES (?1, 'signed', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?12)",
            )?;
            let mut payment = tx.prepare(
                "INSERT INTO payments (work_order_id, kind, method, amount_minor, taken_by,
                     taken_at)
                 VALUES (?1, 'payment', 'card', ?2, 'bench', ?3)",
            )?;
            let mut handover = tx.prepare(
                "INSERT INTO exit_handovers (work_order_id, record, record_sha256, signer_name,
                     signed_at, strokes, png_sha256, fingerprint)
                 VALUES (?1, '{}', '', 'bench', ?2, '[]', '', '')",
            )?;
            let mut approval = tx.prepare(
                "INSERT INTO supervisor_approvals (action, supervisor_id, work_order_id, reason,
                     approved_at)
                 VALUES ('credit_note', ?1, ?2, 'bench', ?3)",
            )?;
            let mut credit = tx.prepare(
                "INSERT INTO credit_notes (work_order_id, settlement_id, number, year, seq,
                     amount_minor, reason, issued_by, issued_at, approval_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'bench', 'bench', ?7, ?8)",
            )?;
            let mut write_off = tx.prepare(
                "INSERT INTO write_offs (work_order_id, settlement_id, amount_minor, reason,
                     approved_by, written_at)
                 VALUES (?1, ?2, ?3, 'bench', 'bench', ?4)",
            )?;
            let first = now.date() - Duration::days(365 * YEARS);
            let mut year = 0;
            let mut seq = 0i64;
            let mut n = 0usize;
            let mut day = first;
            while day < now.date() {
                if day.year() != year {
                    year = day.year();
                    seq = 0;
                }
                for k in 0..PER_DAY {
                    let i = n as i64;
                    seq += 1;
                    let (customer, vehicle) = cars[n % cars.len()];
                    let opened =
                        day.and_hms_opt(8, 0, 0).unwrap_or(now) + Duration::minutes(k * 20);
                    let signed = opened + Duration::days(i % 3) + Duration::hours(6);
                    let number = format!("WO-{year}-{seq:06}");
                    let advisor = ["周敏", "王芳", "李强"][n % 3];
                    job.execute(rusqlite::params![
                        number,
                        year,
                        seq,
                        customer,
                        vehicle,
                        advisor,
                        opened,
                        CATEGORIES[n % CATEGORIES.len()]
                    ])?;
                    let wo = tx.last_insert_rowid();
                    let (labour, parts, other, outside) = (
                        20_000 + i % 50 * 100,
                        35_000 + i % 70 * 100,
                        3_000,
                        (i % 4) * 1_000,
                    );
                    let discount = if i % 9 == 0 { 1_000 } else { 0 };
                    let total = labour + parts + other - discount;
                    let tax = total * 13 / 113;
                    settlement.execute(rusqlite::params![
                        wo,
                        format!("SET-{year}-{seq:06}"),
                        year,
                        seq,
                        discount,
                        labour,
                        parts,
                        other,
                        outside,
                        tax,
                        total,
                        signed
                    ])?;
                    let s = tx.last_insert_rowid();
                    // One job in eight is left owing half; the rest pay in full.
                    let paid = if i % 8 == 0 { total / 2 } else { total };
                    payment.execute(rusqlite::params![wo, paid, signed])?;
                    handover.execute(rusqlite::params![wo, signed + Duration::minutes(30)])?;
                    if i % 25 == 0 {
                        let at = signed + Duration::days(2);
                        approval.execute(rusqlite::params![boss, wo, at])?;
                        let ok = tx.last_insert_rowid();
                        credit.execute(rusqlite::params![
                            wo,
                            s,
                            format!("CN-{year}-{seq:06}"),
                            year,
                            seq,
                            2_000,
                            at,
                            ok
                        ])?;
                    }
                    if i % 80 == 0 {
                        write_off.execute(rusqlite::params![
                            wo,
                            s,
                            total - paid,
                            signed + Duration::days(60)
                        ])?;
                    }
                    n += 1;
                }
                day = day.succ_opt().unwrap_or(now.date());
            }
            Ok(n)
        })
        .expect("ten years seeded")
}

fn median_ms(store: &Store, period: Period, now: NaiveDateTime) -> (f64, i64) {
    let warm = store.figures(period, now).expect("figures");
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            let f = store.figures(period, now).expect("figures");
            std::hint::black_box(f);
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[RUNS / 2], warm.revenue.revenue_minor)
}

fn main() {
    let now = NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(18, 0, 0))
        .expect("date");
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in_dir(dir.path()).expect("store opens");
    let started = Instant::now();
    let options = demo::DemoOptions { with_jobs: false };
    demo::generate_with(&store, CUSTOMERS, 42, now, options).expect("demo data");
    let jobs = seed(&store, now);
    println!(
        "generated {CUSTOMERS} customers and {jobs} jobs in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let last_month = Period::month_of(now.date() - Duration::days(30));
    let (month, revenue) = median_ms(&store, last_month, now);
    println!("RESULT month_report ms={month:.1} revenue_minor={revenue}");
    let last_year = Period::year_of(now.date() - Duration::days(365));
    let (year, revenue) = median_ms(&store, last_year, now);
    println!("RESULT year_report ms={year:.1} revenue_minor={revenue}");
}
