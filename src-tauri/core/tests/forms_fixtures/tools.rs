//! Shared by the form tests: the parsed font, rendering, and the poppler/qpdf tools
//! run on the result. A missing tool fails the test with what to install.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use garage_core::forms::*;

use super::sample;

pub fn fonts() -> &'static FormFonts {
    static FONTS: OnceLock<FormFonts> = OnceLock::new();
    FONTS.get_or_init(|| match FormFonts::load(Path::new(sample::FONT_PATH)) {
        Ok(fonts) => fonts,
        Err(err) => panic!("the form font {} must load: {err}", sample::FONT_PATH),
    })
}

pub fn render(doc: &WorkOrderDoc, options: &FormOptions) -> Vec<u8> {
    match render_work_order(doc, options, fonts()) {
        Ok(pdf) => pdf,
        Err(err) => panic!("rendering {} failed: {err}", doc.number),
    }
}

pub fn render_in(doc: &WorkOrderDoc, lang: FormLang) -> Vec<u8> {
    render(doc, &FormOptions::new(lang))
}

/// Runs a command-line tool, failing loudly (never skipping) when it is not installed.
pub fn run(tool: &str, args: &[&str]) -> std::process::Output {
    match Command::new(tool).args(args).output() {
        Ok(out) => out,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            let package = if tool == "qpdf" {
                "qpdf"
            } else {
                "poppler-utils"
            };
            panic!("`{tool}` is not installed; these tests need it: apt-get install {package}")
        }
        Err(err) => panic!("could not run {tool}: {err}"),
    }
}

pub struct TempPdf {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

pub fn write_temp(pdf: &[u8]) -> TempPdf {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let path = dir.path().join("form.pdf");
    std::fs::write(&path, pdf).unwrap_or_else(|e| panic!("write pdf: {e}"));
    TempPdf { _dir: dir, path }
}

pub fn path_str(path: &Path) -> &str {
    path.to_str()
        .unwrap_or_else(|| panic!("non-UTF-8 temp path {path:?}"))
}

/// The text of every page, pages separated by form feeds.
pub fn text_of(pdf: &[u8]) -> String {
    let file = write_temp(pdf);
    let out = run("pdftotext", &["-enc", "UTF-8", path_str(&file.path), "-"]);
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn pages(text: &str) -> Vec<&str> {
    text.split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect()
}

/// Text without any whitespace, so values that wrap across lines can still be found.
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}
