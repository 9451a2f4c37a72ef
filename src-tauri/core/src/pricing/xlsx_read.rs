//! Reading the first sheet of an XLSX price list within bounds. A sheet names its own
//! extent (`<dimension ref="A1:XFD1048576">`) and places its cells anywhere: a 2 KB file
//! with a cell at A1 and one at XFD1048576 made `calamine` fill a grid of 17 billion cells
//! and the process abort. So the declared extent, every cell's place, the number of cells
//! and the unpacked size of the parts are checked here while the cells stream past, and
//! only the rows that hold something are kept; no dense grid is ever built.
use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::sheet::SheetRow;
use crate::error::{CoreError, Result};
use crate::reason::Reason;

/// The most rows a price-list sheet may reach (a list of 100,000 entries, twice over).
pub const MAX_ROWS: u32 = 200_000;
/// The most columns a price-list sheet may reach; the list has a dozen.
pub const MAX_COLUMNS: u32 = 64;
/// The most cells read from a sheet, empty ones included, and the most cells of the
/// rows kept (each as wide as the widest): 100,000 entries of 20 columns.
pub const MAX_CELLS: u64 = 2_000_000;
/// The most bytes the parts of the file may unpack to, as the zip directory declares.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

fn unreadable<E>(_: E) -> CoreError {
    CoreError::invalid("file", Reason::ImportUnreadable)
}

fn too_large() -> CoreError {
    CoreError::invalid("file", Reason::ImportSheetTooLarge)
}

/// The rows of the first sheet that hold something, numbered as the spreadsheet shows
/// them, each cell as text, columns counted from the leftmost cell used.
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<SheetRow>> {
    check_unpacked_size(bytes)?;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let name = workbook
        .sheet_names()
        .into_iter()
        .next()
        .ok_or_else(|| unreadable(()))?;
    let mut reader = workbook.worksheet_cells_reader(&name).map_err(unreadable)?;
    let declared = reader.dimensions();
    if declared.end.0 >= MAX_ROWS || declared.end.1 >= MAX_COLUMNS {
        return Err(too_large());
    }
    let mut cells: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    let mut read = 0u64;
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        read += 1;
        let (row, col) = cell.get_position();
        if read > MAX_CELLS || row >= MAX_ROWS || col >= MAX_COLUMNS {
            return Err(too_large());
        }
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if !text.is_empty() {
            cells.entry(row).or_default().push((col, text));
        }
    }
    grid(cells)
}

/// The rows kept, each as wide as the widest, from the leftmost column used.
fn grid(cells: BTreeMap<u32, Vec<(u32, String)>>) -> Result<Vec<SheetRow>> {
    let columns = cells.values().flatten().map(|(col, _)| *col);
    let (Some(first), Some(last)) = (columns.clone().min(), columns.max()) else {
        return Ok(Vec::new());
    };
    let width = (last - first + 1) as usize;
    if cells.len() as u64 * width as u64 > MAX_CELLS {
        return Err(too_large());
    }
    Ok(cells
        .into_iter()
        .map(|(row, found)| {
            let mut texts = vec![String::new(); width];
            for (col, text) in found {
                if let Some(slot) = texts.get_mut((col - first) as usize) {
                    *slot = text;
                }
            }
            SheetRow {
                row: row + 1,
                cells: texts,
            }
        })
        .collect())
}

/// Refuses a file whose parts would unpack to more than [`MAX_UNPACKED_BYTES`], before
/// `calamine` reads its shared strings into memory.
fn check_unpacked_size(bytes: &[u8]) -> Result<()> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(unreadable)?;
        total = total.saturating_add(entry.size());
        if total > MAX_UNPACKED_BYTES {
            return Err(too_large());
        }
    }
    Ok(())
}

/// A cell as text; numbers in their shortest exact form (`420.5`), which is what was
/// typed, so the import parses the decimal text and never computes with a float.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Int(n) => n.to_string(),
        Data::Float(f) => f.to_string(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::Error(_) => "#ERROR".into(),
        Data::Empty => String::new(),
    }
}
