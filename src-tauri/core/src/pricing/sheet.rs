//! Reading and writing a price-list file as a table of text cells: CSV (UTF-8 with or
//! without BOM, or GBK as Excel on a Chinese Windows saves it) through the `csv` crate,
//! XLSX through `calamine` (read, within bounds: `pricing::xlsx_read`) and
//! `rust_xlsxwriter` (write). What the cells mean is
//! `pricing::import`'s business.
use rust_xlsxwriter::{Format, Workbook};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::reason::Reason;

/// The file formats of the price list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SheetFormat {
    Csv,
    Xlsx,
}

impl SheetFormat {
    /// The format a file's name says (`.csv` or `.xlsx`, case ignored), else refused.
    pub fn of_path(path: &std::path::Path) -> Result<Self> {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("xlsx") => Ok(SheetFormat::Xlsx),
            Some(ext) if ext.eq_ignore_ascii_case("csv") => Ok(SheetFormat::Csv),
            _ => Err(CoreError::invalid("file", Reason::ImportUnreadable)),
        }
    }
}

/// The largest file the import reads: a price list of 100,000 rows fits in far less.
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

/// One row of the file as text, with its row number as the spreadsheet shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    pub row: u32,
    pub cells: Vec<String>,
}

/// A cell written to a file: text, or a number shown with `decimals` places.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// Minor units (or thousandths) and the number of decimals they carry.
    Decimal(i64, u32),
    Empty,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

fn unreadable<E>(_: E) -> CoreError {
    CoreError::invalid("file", Reason::ImportUnreadable)
}

/// The rows of a file, the header first.
pub fn read(bytes: &[u8], format: SheetFormat) -> Result<Vec<SheetRow>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(CoreError::invalid("file", Reason::FileTooLarge));
    }
    match format {
        SheetFormat::Csv => read_csv(bytes),
        SheetFormat::Xlsx => super::xlsx_read::read_xlsx(bytes),
    }
}

/// UTF-8 (a BOM is dropped); otherwise GBK, which Excel on a Chinese Windows writes
/// for "CSV (comma delimited)"; text that is neither is refused, never guessed at.
pub fn decode_text(bytes: &[u8]) -> Result<String> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let (text, had_errors) = encoding_rs::GBK.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(CoreError::invalid("file", Reason::ImportEncoding));
    }
    Ok(text.into_owned())
}

fn read_csv(bytes: &[u8]) -> Result<Vec<SheetRow>> {
    let text = decode_text(bytes)?;
    // Excel in a locale with a decimal comma separates with semicolons.
    let header = text.lines().next().unwrap_or_default();
    let delimiter = if header.contains(';') && !header.contains(',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // Records, not text lines, are rows: a quoted cell may hold a line break.
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(unreadable)?;
        rows.push(SheetRow {
            row: i as u32 + 1,
            cells: record.iter().map(str::to_string).collect(),
        });
    }
    Ok(rows)
}

/// `42000, 2` → `420.00`; `1500, 3` → `1.5` (trailing zeros of quantities dropped).
pub fn decimal_text(value: i64, decimals: u32) -> String {
    let scale = 10i64.pow(decimals);
    let sign = if value < 0 { "-" } else { "" };
    let (whole, frac) = (
        value.unsigned_abs() / scale as u64,
        value.unsigned_abs() % scale as u64,
    );
    let mut frac = format!("{frac:0width$}", width = decimals as usize);
    if decimals > 2 {
        while frac.ends_with('0') {
            frac.pop();
        }
    }
    if frac.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{frac}")
    }
}

fn text_of(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => s.clone(),
        Cell::Decimal(v, d) => decimal_text(*v, *d),
        Cell::Empty => String::new(),
    }
}

/// The file of `header` and `rows`: CSV in UTF-8 with a BOM, so that Excel shows the
/// Chinese right, or an XLSX sheet with prices as numbers.
pub fn write(
    format: SheetFormat,
    sheet_name: &str,
    header: &[&str],
    rows: &[Vec<Cell>],
) -> Result<Vec<u8>> {
    match format {
        SheetFormat::Csv => {
            let mut writer = csv::Writer::from_writer(UTF8_BOM.to_vec());
            writer.write_record(header).map_err(write_failed)?;
            for row in rows {
                writer
                    .write_record(row.iter().map(text_of))
                    .map_err(write_failed)?;
            }
            writer.into_inner().map_err(write_failed)
        }
        SheetFormat::Xlsx => write_xlsx(sheet_name, header, rows).map_err(write_failed),
    }
}

fn write_failed<E: std::fmt::Display>(e: E) -> CoreError {
    CoreError::Io(std::io::Error::other(e.to_string()))
}

fn write_xlsx(
    sheet_name: &str,
    header: &[&str],
    rows: &[Vec<Cell>],
) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("0.00");
    let quantity = Format::new().set_num_format("0.###");
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name)?;
    for (col, title) in header.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, &bold)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (col, cell) in row.iter().enumerate() {
            let col = col as u16;
            match cell {
                Cell::Text(s) => {
                    sheet.write_string(r, col, s)?;
                }
                Cell::Decimal(v, d) => {
                    let format = if *d == 2 { &money } else { &quantity };
                    // The shortest text of this float is the decimal itself, which is
                    // what the file stores and what the import reads back.
                    let number: f64 = decimal_text(*v, *d).parse().unwrap_or_default();
                    sheet.write_number_with_format(r, col, number, format)?;
                }
                Cell::Empty => {}
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofit();
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_written_exactly() {
        assert_eq!(decimal_text(42_000, 2), "420.00");
        assert_eq!(decimal_text(5, 2), "0.05");
        assert_eq!(decimal_text(1_500, 3), "1.5");
        assert_eq!(decimal_text(2_000, 3), "2");
    }

    #[test]
    fn a_bom_is_dropped_and_gbk_is_decoded() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFkind").ok(), Some("kind".into()));
        let (gbk, _, _) = encoding_rs::GBK.encode("前刹车片");
        assert_eq!(decode_text(&gbk).ok(), Some("前刹车片".into()));
    }
}
