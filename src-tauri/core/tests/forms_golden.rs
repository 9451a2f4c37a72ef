//! The look of page 1 in each language, against golden renders at 30 dpi
//! (`tests/golden/*.png`). Regenerate after an intended layout change, having looked at
//! the new pages: `UPDATE_GOLDEN=1 cargo test -p garage-core --test forms_golden`.
#[path = "forms_fixtures/sample.rs"]
mod sample;
#[path = "forms_fixtures/tools.rs"]
mod tools;

use std::path::Path;

use garage_core::forms::FormLang;
use sample::typical_job;
use tools::{path_str, render_in, run, write_temp};

/// Page 1 at 30 dpi, as RGB pixels.
fn page_one_pixels(pdf: &[u8]) -> (u32, u32, Vec<u8>) {
    let file = write_temp(pdf);
    let prefix = file.path.with_extension("");
    let out = run(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "30",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            path_str(&file.path),
            path_str(&prefix),
        ],
    );
    assert!(
        out.status.success(),
        "pdftoppm failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read(prefix.with_extension("png"))
        .unwrap_or_else(|e| panic!("pdftoppm output: {e}"));
    decode_rgb(&png)
}

fn decode_rgb(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder
        .read_info()
        .unwrap_or_else(|e| panic!("png header: {e}"));
    let size = reader
        .output_buffer_size()
        .unwrap_or_else(|| panic!("png too large"));
    let mut buf = vec![0; size];
    let info = reader
        .next_frame(&mut buf)
        .unwrap_or_else(|e| panic!("png data: {e}"));
    let channels = info.color_type.samples();
    let rgb = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .flat_map(|px| {
            if channels >= 3 {
                [px[0], px[1], px[2]]
            } else {
                [px[0]; 3]
            }
        })
        .collect();
    (info.width, info.height, rgb)
}

fn encode_rgb(width: u32, height: u32, rgb: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder
        .write_header()
        .unwrap_or_else(|e| panic!("png: {e}"));
    writer
        .write_image_data(rgb)
        .unwrap_or_else(|e| panic!("png: {e}"));
    drop(writer);
    out
}

/// Mean absolute difference per channel, 0..=255.
const GOLDEN_TOLERANCE: f64 = 1.0;

#[test]
fn page_one_looks_like_its_golden_render_in_every_language() {
    let golden_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    for (lang, name) in [
        (FormLang::En, "work_order_en.png"),
        (FormLang::ZhHans, "work_order_zh_hans.png"),
        (FormLang::ZhHant, "work_order_zh_hant.png"),
        (FormLang::Bilingual, "work_order_bilingual.png"),
    ] {
        let (w, h, pixels) = page_one_pixels(&render_in(&typical_job(), lang));
        let path = golden_dir.join(name);
        if update {
            std::fs::create_dir_all(&golden_dir).unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(&path, encode_rgb(w, h, &pixels))
                .unwrap_or_else(|e| panic!("{path:?}: {e}"));
            continue;
        }
        let golden = std::fs::read(&path).unwrap_or_else(|e| {
            panic!("{path:?}: {e}; create it with UPDATE_GOLDEN=1 cargo test --test forms_golden")
        });
        let (gw, gh, expected) = decode_rgb(&golden);
        assert_eq!((w, h), (gw, gh), "{name}: the page size changed");
        let total: u64 = pixels
            .iter()
            .zip(&expected)
            .map(|(a, b)| u64::from(a.abs_diff(*b)))
            .sum();
        let mean = total as f64 / pixels.len() as f64;
        assert!(
            mean < GOLDEN_TOLERANCE,
            "{name}: page 1 differs from its golden render by {mean:.2} per channel; if the change is \
             intended, look at it and regenerate with UPDATE_GOLDEN=1 cargo test --test forms_golden"
        );
    }
}
