//! How long the desk waits for the daily cash-up on a busy day in a large shop: a demo
//! shop of 100,000 customers (set `DAY_BENCH_CUSTOMERS` for fewer), then 60 jobs settled,
//! signed and paid on 3 March through the Store API; each run reads the day's figures and
//! lists and renders the report PDF. The last line is machine-read:
//! `RESULT day_report ms=<median> figures_ms=<median> bytes=<n> pages_jobs=60`.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::intake_fixtures::*;
use crate::settlement_fixtures::*;
use garage_core::desk::print::day_report::{render_day_report_pdf, DayReportRequest};
use garage_core::desk::print::work_order::builtin_fonts;
use garage_core::forms::FormLang;
use garage_core::intake::{IntakeSection, KeysLog, SignatureRole};
use garage_core::pricing::LineKind;
use garage_core::settlement::payment::PaymentMethod;
use garage_core::{demo, Lang, Store};

const RUNS: usize = 15;
const JOBS: u32 = 60;

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

/// One job settled and paid at `hour:minute` on 3 March.
fn settle_one(store: &Store, dir: &Path, n: u32, method: PaymentMethod) {
    let (customer, car) = customer_with_car(
        store,
        &format!("日结客户{n}"),
        &format!("1770000{n:04}"),
        &format!("藏Z{n:05}"),
        Lang::ZhHans,
    );
    let id = open(store, customer, car, at(2, 9, 0)).work_order.id;
    fill_intake(store, id);
    // A key slot of its own, so the next job can take the fixture's.
    let keys = IntakeSection::Keys(KeysLog {
        count: 2,
        tag_number: format!("D-{n}"),
        cabinet_slot: format!("D{n}"),
    });
    store.save_intake_section(id, &keys, now()).expect("keys");
    check_in(store, dir, id, at(2, 9, 10));
    store
        .sign_work_order(
            dir,
            id,
            &signature(SignatureRole::WorkshopReceiver, "陈师傅"),
            at(2, 9, 30),
        )
        .expect("the workshop signs");
    approve_estimate(
        store,
        id,
        vec![
            line(LineKind::Labour, 1_000, 30_000 + i64::from(n) * 100, 0),
            line(LineKind::Part, 2_000, 12_000, 0),
        ],
    );
    ready(store, id, at(3, 8, 0));
    let when = at(3, 8 + n / 6, n % 6 * 9);
    let input = old_parts_answered(store, id, when);
    store
        .save_settlement_draft(id, &input, when)
        .expect("draft");
    sign(store, dir, id, when);
    let due = store
        .settlement(id, when)
        .expect("settlement")
        .figures
        .due_minor;
    store
        .record_payment(id, &pay(method, due), when)
        .expect("paid");
}

pub fn run() {
    let customers = std::env::var("DAY_BENCH_CUSTOMERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in_dir(dir.path()).expect("store opens");
    let started = Instant::now();
    let options = demo::DemoOptions { with_jobs: false };
    demo::generate_with(&store, customers, 42, at(1, 8, 0), options).expect("demo data");
    println!(
        "{customers} customers generated in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let methods = [
        PaymentMethod::Cash,
        PaymentMethod::Mobile,
        PaymentMethod::Card,
        PaymentMethod::Cash,
        PaymentMethod::Transfer,
    ];
    for n in 0..JOBS {
        settle_one(
            &store,
            dir.path(),
            n + 1,
            methods[n as usize % methods.len()],
        );
    }
    println!(
        "{JOBS} jobs settled and paid in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let fonts = builtin_fonts().expect("font");
    let date = at(3, 0, 0).date();
    let request = DayReportRequest {
        date,
        lang: Some(FormLang::Bilingual),
    };
    let (mut whole, mut figures) = (Vec::new(), Vec::new());
    let mut bytes = 0;
    for run in 0..RUNS + 2 {
        let start = Instant::now();
        let day = store.day_figures(date).expect("figures");
        let took = start.elapsed();
        assert_eq!(day.jobs_settled, JOBS);
        let start = Instant::now();
        let (pdf, _) = render_day_report_pdf(&store, dir.path(), fonts, &request, at(3, 19, 0))
            .expect("report");
        if run >= 2 {
            figures.push(took);
            whole.push(start.elapsed());
        }
        bytes = std::hint::black_box(pdf).len();
    }
    println!(
        "RESULT day_report ms={:.1} figures_ms={:.1} bytes={bytes} jobs={JOBS} customers={customers}",
        median(whole),
        median(figures)
    );
}
