//! The booking board on a shop of 100,000 customers (the demo generator, in a temp-file
//! database, as the search bench builds it) with a busy four-week book: four bays full
//! every working day, most bookings with a reminder call, a third with a deposit for
//! parts. Times `Store::booking_board` over the four weeks. Run with
//! `cargo bench --bench booking`; the line starting `RESULT` is the machine-readable
//! result (budget: 30 ms).
use std::time::Instant;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use garage_core::booking::ReminderCallInput;
use garage_core::booking::{AppointmentInput, CallOutcome, DepositInput, PartToPrepare};
use garage_core::settlement::payment::PaymentMethod;
use garage_core::{demo, CustomerId, Store, VehicleId};

const CUSTOMERS: usize = 100_000;
const DAYS: i64 = 28;
const RUNS: usize = 50;

fn owners(store: &Store) -> Vec<(CustomerId, VehicleId)> {
    store
        .with_conn(|conn| {
            let rows = conn
                .prepare("SELECT customer_id, id FROM vehicles ORDER BY id LIMIT 2000")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
        .expect("owners")
}

/// Four bays × four bookings of two hours every working day of the four weeks.
fn fill_book(store: &Store, from: NaiveDate, now: NaiveDateTime) -> usize {
    let owners = owners(store);
    let mut n = 0;
    for day in 0..DAYS {
        let date = from + Duration::days(day);
        for bay in 1..=4u32 {
            for (i, hour) in [8, 10, 13, 15].into_iter().enumerate() {
                let minute = if i == 0 { 30 } else { 0 };
                let Some(starts_at) = date.and_hms_opt(hour, minute, 0) else {
                    continue;
                };
                let (customer, vehicle) = owners[n % owners.len()];
                let input = AppointmentInput {
                    customer_id: Some(customer),
                    vehicle_id: Some(vehicle),
                    caller: None,
                    starts_at,
                    duration_minutes: 120,
                    bay,
                    wanted_work: "保养 Service and brake check".into(),
                    parts: if n % 3 == 0 {
                        vec![PartToPrepare {
                            description: "前刹车片 Front brake pads".into(),
                            qty: 1,
                            unit_price_minor: 48_000,
                        }]
                    } else {
                        Vec::new()
                    },
                    expected_price_minor: Some(60_000),
                    bring_handbook: true,
                    booked_by: "周敏".into(),
                    note: String::new(),
                    accept_overfill: true,
                };
                let Ok(a) = store.book_appointment(&input, now) else {
                    continue; // a closed day
                };
                n += 1;
                if !a.parts.is_empty() {
                    let deposit = DepositInput {
                        method: PaymentMethod::Mobile,
                        amount_minor: 24_000,
                        tendered_minor: None,
                        reference: String::new(),
                        taken_by: "周敏".into(),
                    };
                    store
                        .take_deposit(a.id, &deposit, None, now)
                        .expect("deposit");
                }
                let call = ReminderCallInput {
                    by: "周敏".into(),
                    outcome: CallOutcome::Confirmed,
                    note: String::new(),
                    moved_to: None,
                    accept_overfill: true,
                };
                let _ = store.record_reminder_call(a.id, &call, starts_at - Duration::hours(20));
            }
        }
    }
    n
}

fn main() {
    let now = NaiveDate::from_ymd_opt(2026, 11, 22)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("date");
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in_dir(dir.path()).expect("store opens");
    let started = Instant::now();
    let options = demo::DemoOptions { with_jobs: false };
    demo::generate_with(&store, CUSTOMERS, 42, now, options).expect("demo data");
    let from = now.date() + Duration::days(1);
    let booked = fill_book(&store, from, now);
    println!(
        "generated {CUSTOMERS} customers and {booked} appointments in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let to = from + Duration::days(DAYS - 1);
    let _ = store.booking_board(from, to).expect("board"); // warm the caches
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            let board = store.booking_board(from, to).expect("board");
            std::hint::black_box(board);
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let median = times[RUNS / 2];
    let p95 = times[RUNS * 95 / 100];
    println!(
        "RESULT booking_board ms={median:.2} p95_ms={p95:.2} appointments={booked} days={DAYS}"
    );
}
