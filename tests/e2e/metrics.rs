//! Startup and memory on a shop of realistic size, printed as `METRIC name=value` lines.
//!
//! The shop has 100,000 customers unless `GARAGE_DESK_METRICS_CUSTOMERS` says otherwise
//! (generating them in a debug build takes a while); the count used is printed.

mod harness;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use harness::{paths, report, App, Options, Scratch};

const GENERATION_TIMEOUT: Duration = Duration::from_secs(15 * 60);
const DATA_TIMEOUT: Duration = Duration::from_secs(60);

fn customers() -> usize {
    match std::env::var("GARAGE_DESK_METRICS_CUSTOMERS") {
        Ok(count) => count
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("GARAGE_DESK_METRICS_CUSTOMERS={count:?} is not a number")),
        Err(_) => 100_000,
    }
}

/// Fills the data folder headless with the app's own demo-data command.
fn generate_shop(scratch: &Scratch, customers: usize) -> Duration {
    let binary = paths::app_binary();
    let started = Instant::now();
    let mut child = Command::new(&binary)
        .arg("--data-dir")
        .arg(scratch.data_dir())
        .args([
            "demo-data",
            "--customers",
            &customers.to_string(),
            "--seed",
            "7",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", binary.display()));
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                assert!(
                    status.success(),
                    "demo-data --customers {customers} failed: {status}"
                );
                return started.elapsed();
            }
            Ok(None) if started.elapsed() < GENERATION_TIMEOUT => {
                std::thread::sleep(Duration::from_millis(100));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "demo-data --customers {customers} did not finish within {} min; \
                     lower GARAGE_DESK_METRICS_CUSTOMERS",
                    GENERATION_TIMEOUT.as_secs() / 60
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn startup_to_data_and_memory_are_measured_on_a_large_shop() {
    let name = "startup_to_data_and_memory_are_measured_on_a_large_shop";
    let customers = customers();
    let scratch = Scratch::new(name);
    let generation = tokio::task::block_in_place(|| generate_shop(&scratch, customers));
    report(&format!("METRIC customers={customers}"));
    report(&format!("METRIC demo_data_ms={}", generation.as_millis()));

    let app = App::launch(Options::new(name).scratch(scratch)).await;
    // Poll tightly: the poll interval is part of what is measured.
    let deadline = Instant::now() + DATA_TIMEOUT;
    let startup = loop {
        if !app.find_all("recent-row").await.is_empty() {
            break app.session_requested_at().elapsed();
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {}s waiting for [data-testid=\"recent-row\"] on a shop of \
             {customers} customers",
            DATA_TIMEOUT.as_secs()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    report(&format!(
        "METRIC startup_to_data_ms={}",
        startup.as_millis()
    ));

    let processes = app.processes().len();
    let pss = app.memory_pss_mib();
    report(&format!("METRIC memory_pss_mb={pss:.0}"));
    report(&format!("METRIC memory_processes={processes}"));
}
