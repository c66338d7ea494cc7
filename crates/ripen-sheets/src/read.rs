//! A workbook opened by its format, the sheet chosen, and its cells gathered into rows of
//! text within limits: a sheet may place a single cell a million rows down or sixteen
//! thousand columns across, and a zipped sheet may hold far more text than its bytes.

use crate::cell::text;
use crate::pick::{candidates, offered};
use calamine::{Data, DataType, Ods, Range, Reader, Xls, XlsError, Xlsx, XlsxError};
use ripen_core::import::ImportFormat;
use ripen_io::{workbook_format, Sheet, SheetRow, WorkbookError, MAX_BYTES};
use std::io::Cursor;

/// The most cells a sheet is read into, the empty ones between its values counted: a
/// table of 100,000 contacts by 40 columns.
const MAX_CELLS: usize = 4_000_000;

/// The most rows a sheet is read into: as many as the largest CSV file read has.
const MAX_ROWS: usize = 300_000;

/// Reads the sheet `wanted` (by name; else the first visible worksheet that holds
/// anything) of the workbook `bytes`: an `.xlsx`, `.ods` or `.xls` file.
pub fn read_workbook(bytes: &[u8], wanted: Option<&str>) -> Result<Sheet, WorkbookError> {
    if bytes.len() > MAX_BYTES {
        return Err(WorkbookError::TooLarge { bytes: bytes.len(), limit: MAX_BYTES });
    }
    let Some(format) = workbook_format(bytes) else {
        return Err(WorkbookError::NotAWorkbook { what: what_it_is(bytes).to_owned() });
    };
    match format {
        ImportFormat::Ods => {
            let mut book = Ods::new(Cursor::new(bytes)).map_err(|e| ods_error(&e))?;
            read_ranges(format, &mut book, wanted, |e| ods_error(&e))
        }
        ImportFormat::Xls => match Xls::new(Cursor::new(bytes)) {
            Ok(mut book) => read_ranges(format, &mut book, wanted, |e| xls_error(&e)),
            Err(error) => Err(match Xlsx::new(Cursor::new(bytes)) {
                // An .xlsx protected by a password is a compound file, like an .xls.
                Err(XlsxError::Password) => WorkbookError::Encrypted,
                _ => xls_error(&error),
            }),
        },
        _ => read_xlsx(bytes, wanted),
    }
}

fn what_it_is(bytes: &[u8]) -> &'static str {
    match bytes {
        [b'P', b'K', 3, 4, ..] => "a ZIP archive of something else (a Word document, a folder)",
        _ => "no workbook",
    }
}

fn damaged(error: &dyn std::fmt::Display) -> WorkbookError {
    WorkbookError::Damaged { reason: error.to_string() }
}

fn ods_error(error: &calamine::OdsError) -> WorkbookError {
    match error {
        calamine::OdsError::Password => WorkbookError::Encrypted,
        calamine::OdsError::CellLimitExceeded { requested, .. } => {
            let _ = requested;
            WorkbookError::TooManyCells { limit: MAX_CELLS }
        }
        other => damaged(other),
    }
}

fn xls_error(error: &XlsError) -> WorkbookError {
    match error {
        XlsError::Password => WorkbookError::Encrypted,
        other => damaged(other),
    }
}

fn xlsx_error(error: &XlsxError) -> WorkbookError {
    match error {
        XlsxError::Password => WorkbookError::Encrypted,
        other => damaged(other),
    }
}

/// An Excel workbook, its sheet's cells streamed as they are stored (only the cells that
/// exist), never as a rectangle spanning the sheet's extremes.
fn read_xlsx(bytes: &[u8], wanted: Option<&str>) -> Result<Sheet, WorkbookError> {
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| xlsx_error(&e))?;
    let metadata = book.sheets_metadata().to_vec();
    let names = candidates(&metadata, wanted)?;
    let mut first = None;
    for name in &names {
        let mut rows = Rows::default();
        let mut cells = book.worksheet_cells_reader(name).map_err(|e| xlsx_error(&e))?;
        while let Some(cell) = cells.next_cell().map_err(|e| xlsx_error(&e))? {
            let (row, column) = cell.get_position();
            rows.place(row, column, text(Data::from(cell.get_value().clone())))?;
        }
        let sheet = rows.into_sheet(ImportFormat::Xlsx, offered(&metadata), name);
        if !sheet.rows.is_empty() {
            return Ok(sheet);
        }
        first.get_or_insert(sheet);
    }
    first.ok_or(WorkbookError::NoSheets)
}

/// An OpenDocument or old Excel workbook: their readers give each sheet as a rectangle
/// (which `calamine` caps).
fn read_ranges<'a, R, E>(
    format: ImportFormat,
    book: &mut R,
    wanted: Option<&str>,
    error: impl Fn(E) -> WorkbookError,
) -> Result<Sheet, WorkbookError>
where
    R: Reader<Cursor<&'a [u8]>, Error = E>,
{
    let metadata = book.sheets_metadata().to_vec();
    let names = candidates(&metadata, wanted)?;
    let mut first = None;
    for name in &names {
        let range: Range<Data> = book.worksheet_range(name).map_err(&error)?;
        let mut rows = Rows::default();
        let (top, left) = range.start().unwrap_or((0, 0));
        for (row, column, cell) in range.used_cells() {
            if !cell.is_empty() {
                rows.place(top + row as u32, left + column as u32, text(cell.clone()))?;
            }
        }
        let sheet = rows.into_sheet(format, offered(&metadata), name);
        if !sheet.rows.is_empty() {
            return Ok(sheet);
        }
        first.get_or_insert(sheet);
    }
    first.ok_or(WorkbookError::NoSheets)
}

/// The rows gathered so far, with what they weigh.
#[derive(Default)]
struct Rows {
    rows: Vec<SheetRow>,
    cells: usize,
    bytes: usize,
}

impl Rows {
    /// Places `text` at `row`, `column` (from 0). Cells come row by row as a sheet stores
    /// them; one out of order is put in its place all the same.
    fn place(&mut self, row: u32, column: u32, text: String) -> Result<(), WorkbookError> {
        if text.trim().is_empty() {
            return Ok(());
        }
        let number = row as usize + 1;
        let at = match self.rows.last() {
            Some(last) if last.row == number => self.rows.len() - 1,
            Some(last) if last.row > number => match self.rows.binary_search_by_key(&number, |r| r.row) {
                Ok(at) => at,
                Err(at) => {
                    if self.rows.len() == MAX_ROWS {
                        return Err(WorkbookError::TooManyRows { limit: MAX_ROWS });
                    }
                    self.rows.insert(at, SheetRow { row: number, cells: Vec::new() });
                    at
                }
            },
            _ => {
                if self.rows.len() == MAX_ROWS {
                    return Err(WorkbookError::TooManyRows { limit: MAX_ROWS });
                }
                self.rows.push(SheetRow { row: number, cells: Vec::new() });
                self.rows.len() - 1
            }
        };
        let cells = &mut self.rows[at].cells;
        let column = column as usize;
        if column >= cells.len() {
            self.cells += column + 1 - cells.len();
            if self.cells > MAX_CELLS {
                return Err(WorkbookError::TooManyCells { limit: MAX_CELLS });
            }
            cells.resize(column + 1, String::new());
        }
        self.bytes += text.len();
        if self.bytes > MAX_BYTES {
            return Err(WorkbookError::TooLarge { bytes: self.bytes, limit: MAX_BYTES });
        }
        cells[column] = text;
        Ok(())
    }

    /// The sheet, its empty columns on the left dropped (a table drawn from column B).
    fn into_sheet(mut self, format: ImportFormat, sheets: Vec<String>, name: &str) -> Sheet {
        let left =
            self.rows.iter().filter_map(|r| r.cells.iter().position(|c| !c.trim().is_empty())).min().unwrap_or(0);
        if left > 0 {
            for row in &mut self.rows {
                row.cells.drain(..left.min(row.cells.len()));
            }
        }
        Sheet { format, sheets, name: name.to_owned(), rows: self.rows }
    }
}
