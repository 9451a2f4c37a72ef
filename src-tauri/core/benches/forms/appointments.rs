//! How long the desk waits for the appointment forms: the slip signed on the pad (with
//! its parts, deposit and signature, bilingual, the fullest slip), the register of a busy
//! week and the tally of a month, each rendered many times. Machine-read lines:
//! `RESULT appointment_pdf median_ms=<n> bytes=<n>` (the slip must stay within 20 ms),
//! `RESULT appointment_register_pdf median_ms=<n> bytes=<n>` and
//! `RESULT appointment_tally_pdf median_ms=<n> bytes=<n>`.
use std::time::{Duration, Instant};

use garage_core::forms::{
    render_appointment_register, render_appointment_slip, render_appointment_tally, FormError,
    FormFonts, FormLang, FormOptions,
};

use crate::appointment_sample;

const RUNS: usize = 40;

/// The median of `RUNS` timed renders after three to warm up, and the PDF's size.
fn time(mut render: impl FnMut() -> Result<Vec<u8>, FormError>) -> (f64, usize) {
    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    let mut bytes = 0;
    for run in 0..RUNS + 3 {
        let start = Instant::now();
        let pdf = match render() {
            Ok(pdf) => pdf,
            Err(err) => panic!("an appointment form failed to render: {err}"),
        };
        if run >= 3 {
            times.push(start.elapsed());
        }
        bytes = std::hint::black_box(pdf).len();
    }
    times.sort();
    (times[times.len() / 2].as_secs_f64() * 1000.0, bytes)
}

pub fn run(fonts: &FormFonts) {
    let lang = FormLang::Bilingual;
    let slip = appointment_sample::signed();
    let options = FormOptions::new(lang);
    let (ms, bytes) = time(|| render_appointment_slip(&slip, &options, fonts));
    println!("RESULT appointment_pdf median_ms={ms:.1} bytes={bytes}");

    let week = appointment_sample::week_register();
    let (ms, bytes) = time(|| render_appointment_register(&week, lang, fonts));
    println!("RESULT appointment_register_pdf median_ms={ms:.1} bytes={bytes}");

    let month = appointment_sample::month_tally();
    let (ms, bytes) = time(|| render_appointment_tally(&month, lang, fonts));
    println!("RESULT appointment_tally_pdf median_ms={ms:.1} bytes={bytes}");
}
