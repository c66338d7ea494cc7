//! Ripen's outside formats: CSV (Excel in Russia and elsewhere, and the exports of
//! Google Contacts, Outlook, Thunderbird, LinkedIn, HubSpot, Salesforce, Zoho,
//! amoCRM/Kommo, Bitrix24 and Pipedrive), workbooks' sheets (read into rows of text by
//! `ripen-sheets`) and vCard business cards, read into an import
//! preview and then a batch the engine commits as one change; and client lists written
//! back out as CSV or vCard.
//!
//! Reading never panics and never guesses silently: a file that cannot be read whole is
//! refused with a [`ReadError`]; a CSV row or a vCard is never left out for one value —
//! what does not read is kept in its notes and reported as a warning — and only one with
//! nothing to name a client by is left out, reported with its line ([`RowIssue`]). What
//! was guessed (a column's field in other words or from its values, a file's missing
//! header) is said in the preview.

mod base;
mod columns;
mod csv_read;
mod decode;
mod draft;
mod error;
mod export;
mod looks;
mod missing;
mod notes;
mod options;
mod phone;
mod plan;
mod preview;
mod read;
mod row;
mod scan;
mod sheet;
mod sniff;
mod table;
mod values;
mod vcard;
pub mod wire;

pub use base::{ViewBase, DUPLICATE_SCORE};
pub use columns::{Field, MappedColumn, MatchedBy, Preset};
pub use csv_read::read_csv;
pub use decode::Encoding;
pub use draft::{Draft, NameSource, Read, RowIssue};
pub use error::ReadError;
pub use export::{write_csv, write_vcards, Column, CsvDialect, Row, VcardVersion};
pub use options::CsvOptions;
pub use plan::{plan, Base, Choice, Duplicate};
pub use preview::{preview, Preview, PreviewRow};
pub use read::{read, read_sheet};
pub use ripen_core::import::ImportFormat;
pub use scan::{read_scan, ScanError, ScanFormat, Scanned, MAX_SCAN_BYTES};
pub use sheet::{workbook_format, Sheet, SheetRow, WorkbookError};
pub use vcard::{read_vcards, read_vcards_as};

/// The largest file read: about 300,000 rows of a typical export. Bigger files are
/// refused with a clear report (split them), never half-read.
pub const MAX_BYTES: usize = 40 * 1024 * 1024;
