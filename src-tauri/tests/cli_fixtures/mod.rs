//! Running the `garage-desk` binary in a test as a person at a terminal would: against a
//! data folder, with its exit status and its words on stderr, the text of a PDF it wrote,
//! and a demo shop to run it on. Shared by the command line's tests.
#![allow(dead_code)]
use std::path::Path;
use std::process::{Command, Output};

/// `garage-desk --data-dir <data_dir> <args…>`, run to the end.
pub fn garage_desk(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_garage-desk"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .output()
        .expect("the garage-desk binary runs")
}

/// What the command said on stderr.
pub fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The command ended well; otherwise the test fails with what it said.
#[track_caller]
pub fn succeeded(out: &Output) {
    assert!(out.status.success(), "{}", stderr_of(out));
}

/// The text of a PDF as `pdftotext` reads it.
pub fn text_of(pdf_path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf_path)
        .arg("-")
        .output()
        .expect("pdftotext must be installed (poppler-utils)");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf_path.display()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Fills `data_dir` with the demo shop: `customers` customers from `seed`.
pub fn demo_shop(data_dir: &Path, customers: u32, seed: u32) {
    let (customers, seed) = (customers.to_string(), seed.to_string());
    let demo = garage_desk(
        data_dir,
        &["demo-data", "--customers", &customers, "--seed", &seed],
    );
    succeeded(&demo);
}
