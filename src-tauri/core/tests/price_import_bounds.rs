//! A price-list XLSX that declares, or reaches, a sheet far larger than any price list is
//! refused quickly with one clear reason, before a grid is built for it, and changes
//! nothing; a list within the bounds still imports.
use std::io::{Cursor, Read, Write};
use std::time::{Duration, Instant};

use garage_core::pricing::import::ImportPlan;
use garage_core::pricing::sheet::{self, SheetFormat};
use garage_core::reason::Reason;
use garage_core::Store;
use rust_xlsxwriter::Workbook;

/// A workbook with `cells` (row, column, text) on its first sheet, as Excel would save it.
fn workbook(cells: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, col, text) in cells {
        sheet.write_string(*row, *col, *text).expect("cell");
    }
    workbook.save_to_buffer().expect("xlsx")
}

/// `xlsx` with its first sheet's `<dimension ref>` rewritten to `dimension`, as a
/// crafted file would carry it.
fn with_dimension(xlsx: &[u8], dimension: &str) -> Vec<u8> {
    let mut source = zip::ZipArchive::new(Cursor::new(xlsx)).expect("zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..source.len() {
        let mut entry = source.by_index(i).expect("entry");
        let name = entry.name().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("read entry");
        if name == "xl/worksheets/sheet1.xml" {
            let text = String::from_utf8(bytes).expect("utf-8");
            let start = text.find("<dimension ref=\"").expect("a dimension");
            let end = start + text[start..].find("/>").expect("its end");
            bytes = format!(
                "{}<dimension ref=\"{dimension}\"{}",
                &text[..start],
                &text[end..]
            )
            .into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start entry");
        out.write_all(&bytes).expect("write entry");
    }
    out.finish().expect("zip").into_inner()
}

fn refusals(plan: &ImportPlan) -> Vec<(u32, &str, Reason)> {
    plan.refused
        .iter()
        .map(|r| (r.row, r.field.as_str(), r.reason))
        .collect()
}

/// Plans `bytes` on a store holding one entry: refused as too large, within a second,
/// and the list on file is unchanged (the plan cannot be applied).
fn assert_refused_quickly(bytes: &[u8], what: &str) {
    let store = Store::open_in_memory().expect("store");
    let before = store.export_price_list(SheetFormat::Csv).expect("list");
    let started = Instant::now();
    let plan = store
        .plan_price_import(bytes, SheetFormat::Xlsx)
        .expect("a refusal is a plan, not an error");
    let took = started.elapsed();
    assert_eq!(
        refusals(&plan),
        [(0, "file", Reason::ImportSheetTooLarge)],
        "{what}: one refusal of the file, naming why"
    );
    assert!(
        took < Duration::from_secs(1),
        "{what}: refused before any grid is filled, took {took:?}"
    );
    assert!(
        store
            .apply_price_import(&plan, chrono::NaiveDateTime::MIN)
            .is_err(),
        "{what}: a refused plan is never applied"
    );
    assert_eq!(
        store.export_price_list(SheetFormat::Csv).expect("list"),
        before,
        "{what}: nothing changed"
    );
}

#[test]
fn a_small_file_whose_cells_span_the_whole_sheet_is_refused_within_a_second() {
    // Two cells, at A1 and XFD1048576: calamine alone builds a 17-billion-cell grid.
    let bytes = workbook(&[(0, 0, "kind"), (1_048_575, 16_383, "x")]);
    assert!(bytes.len() < 8 * 1024, "a few KB: {}", bytes.len());
    assert_refused_quickly(&bytes, "A1 and XFD1048576");
    // The same cells under a declared dimension that lies: each cell's place is checked.
    let lying = with_dimension(&bytes, "A1:B1");
    assert_refused_quickly(&lying, "A1 and XFD1048576 declared as A1:B1");
}

#[test]
fn a_small_file_that_declares_the_whole_sheet_is_refused_within_a_second() {
    let bytes = with_dimension(
        &workbook(&[(0, 0, "kind"), (0, 1, "name")]),
        "A1:XFD1048576",
    );
    assert!(bytes.len() < 8 * 1024, "a few KB: {}", bytes.len());
    assert_refused_quickly(&bytes, "dimension A1:XFD1048576");
}

#[test]
fn a_cell_beyond_the_last_column_or_row_a_list_may_reach_is_refused() {
    let wide = workbook(&[(0, 0, "kind"), (0, 64, "x")]);
    assert_refused_quickly(&wide, "column 65");
    let long = workbook(&[(0, 0, "kind"), (200_000, 0, "x")]);
    assert_refused_quickly(&long, "row 200,001");
}

#[test]
fn a_list_placed_away_from_a1_is_read_from_its_first_row_and_column() {
    let bytes = workbook(&[
        (2, 1, "kind"),
        (2, 2, "name"),
        (4, 1, "labour"),
        (4, 2, "洗车"),
    ]);
    let rows = sheet::read(&bytes, SheetFormat::Xlsx).expect("rows");
    let seen: Vec<(u32, Vec<&str>)> = rows
        .iter()
        .map(|r| (r.row, r.cells.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        seen,
        [(3, vec!["kind", "name"]), (5, vec!["labour", "洗车"])],
        "rows keep the numbers the spreadsheet shows; the blank row between is left out"
    );
}
