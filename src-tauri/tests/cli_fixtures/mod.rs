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

/// `garage-desk print <number> --form <form> [--lang <lang>] --out <out>`, run to the end.
pub fn print_form(
    data_dir: &Path,
    number: &str,
    form: &str,
    lang: Option<&str>,
    out: &Path,
) -> Output {
    let out = out.to_str().expect("a utf-8 path");
    let mut args = vec!["print", number, "--form", form];
    if let Some(lang) = lang {
        args.extend(["--lang", lang]);
    }
    args.extend(["--out", out]);
    garage_desk(data_dir, &args)
}

/// `garage-desk report <kind> --from <from> --to <to> <more…>`, run to the end.
pub fn report(data_dir: &Path, kind: &str, (from, to): (&str, &str), more: &[&str]) -> Output {
    let mut args = vec!["report", kind, "--from", from, "--to", to];
    args.extend_from_slice(more);
    garage_desk(data_dir, &args)
}

/// A person on file with one mobile, the first phone.
pub fn person(name: &str, mobile: &str) -> garage_core::CustomerInput {
    garage_core::CustomerInput {
        kind: garage_core::CustomerKind::Person,
        name: name.into(),
        phones: vec![garage_core::PhoneInput {
            label: garage_core::PhoneLabel::Mobile,
            number: mobile.into(),
            is_primary: true,
        }],
        ..garage_core::CustomerInput::default()
    }
}

/// A car by its plate, make and model.
pub fn car(plate: &str, make: &str, model: &str) -> garage_core::VehicleInput {
    garage_core::VehicleInput {
        plate: plate.into(),
        make: make.into(),
        model: model.into(),
        ..garage_core::VehicleInput::default()
    }
}
