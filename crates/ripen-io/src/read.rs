//! One entry for any file: a vCard file by its first line, anything else as CSV.

use crate::csv_read::{read_csv, CsvOptions};
use crate::draft::Read;
use crate::error::ReadError;
use crate::vcard::read_vcards;
use ripen_core::import::ImportFormat;

/// Reads `bytes` as `format`, or as what they look like.
pub fn read(bytes: &[u8], format: Option<ImportFormat>, options: &CsvOptions) -> Result<Read, ReadError> {
    match format.unwrap_or_else(|| sniff_format(bytes)) {
        ImportFormat::Vcard => read_vcards(bytes),
        ImportFormat::Csv => read_csv(bytes, options),
    }
}

fn sniff_format(bytes: &[u8]) -> ImportFormat {
    let head = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let head = &head[start..head.len().min(start + 11)];
    if head.eq_ignore_ascii_case(b"BEGIN:VCARD") {
        ImportFormat::Vcard
    } else {
        ImportFormat::Csv
    }
}
