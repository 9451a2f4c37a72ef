//! How long the desk waits for a printed work order: the font is parsed once (as the
//! app does at start-up), then a full work order is rendered many times per language.
//! The last line is machine-read: `RESULT work_order_pdf median_ms=<n> bytes=<n>`.
#[path = "../tests/forms_fixtures/sample.rs"]
mod sample;

use std::path::Path;
use std::time::{Duration, Instant};

use garage_core::forms::{render_work_order, FormFonts, FormLang, FormOptions};

const RUNS: usize = 40;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let started = Instant::now();
    let fonts = match FormFonts::load(Path::new(sample::FONT_PATH)) {
        Ok(fonts) => fonts,
        Err(err) => panic!("cannot load the form font: {err}"),
    };
    println!("font parsed once in {:.1} ms", ms(started.elapsed()));
    println!(
        "{:<12} {:>10} {:>10} {:>10}",
        "language", "median ms", "p90 ms", "bytes"
    );

    let doc = sample::typical_job();
    let mut result = (0.0, 0);
    for lang in FormLang::ALL {
        let options = FormOptions::new(lang);
        let mut times = Vec::with_capacity(RUNS);
        let mut bytes = 0;
        for run in 0..RUNS + 3 {
            let start = Instant::now();
            let pdf = match render_work_order(&doc, &options, &fonts) {
                Ok(pdf) => pdf,
                Err(err) => panic!("render failed: {err}"),
            };
            if run >= 3 {
                times.push(start.elapsed());
            }
            bytes = std::hint::black_box(pdf).len();
        }
        let mut sorted = times.clone();
        sorted.sort();
        let p90 = sorted[sorted.len() * 9 / 10];
        let med = median(times);
        println!(
            "{:<12} {:>10.2} {:>10.2} {:>10}",
            format!("{lang:?}"),
            ms(med),
            ms(p90),
            bytes
        );
        // The bilingual form is the fullest page: it is the figure that counts.
        if lang == FormLang::Bilingual {
            result = (ms(med), bytes);
        }
    }

    let long = sample::long_job();
    let start = Instant::now();
    let pdf = render_work_order(&long, &FormOptions::new(FormLang::ZhHans), &fonts);
    let elapsed = start.elapsed();
    if let Ok(pdf) = pdf {
        println!(
            "long job (40 belongings, long complaint): {:.2} ms, {} bytes",
            ms(elapsed),
            pdf.len()
        );
    }
    println!(
        "RESULT work_order_pdf median_ms={:.1} bytes={}",
        result.0, result.1
    );
}
