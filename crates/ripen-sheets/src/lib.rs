//! Ripen's spreadsheet reader: one sheet of an Excel (`.xlsx`, `.xls`) or OpenDocument
//! (`.ods`) workbook turned into rows of text ([`ripen_io::Sheet`]) the importer reads
//! like a CSV file's records.
//!
//! It is a crate (and a wasm module, `ripen-sheets-wasm`) of its own because the formats'
//! readers weigh more than the rest of the importer: the page loads it only when someone
//! picks a workbook. Reading never panics on a damaged file; it reports why, and caps
//! what a sheet may expand to so a small hostile file cannot exhaust memory.

mod cell;
mod pick;
mod read;

pub use read::read_workbook;
