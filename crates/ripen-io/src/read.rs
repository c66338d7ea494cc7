//! One entry for any file: a vCard file by its lines (with or without BEGIN:VCARD, in
//! UTF-16 too), anything else as CSV.

use crate::csv_read::{read_csv, CsvOptions};
use crate::decode::unicode;
use crate::draft::Read;
use crate::error::ReadError;
use crate::vcard::read_vcards_as;
use ripen_core::import::ImportFormat;

/// Lines looked at to tell a vCard file.
const SNIFFED_LINES: usize = 50;

/// Reads `bytes` as `format`, or as what they look like. The options' encoding, if
/// given, is used for either format.
pub fn read(bytes: &[u8], format: Option<ImportFormat>, options: &CsvOptions) -> Result<Read, ReadError> {
    match format.unwrap_or_else(|| sniff_format(bytes)) {
        ImportFormat::Vcard => read_vcards_as(bytes, options.encoding),
        ImportFormat::Csv => read_csv(bytes, options),
    }
}

/// A vCard file starts with BEGIN:VCARD, or (its BEGIN lines lost) with VERSION:, or has
/// an END:VCARD line among its first lines; any case, spaces around.
fn sniff_format(bytes: &[u8]) -> ImportFormat {
    let head = &bytes[..bytes.len().min(8192)];
    let text = match unicode(head) {
        Some((encoding, body)) => encoding.decode(body),
        None => String::from_utf8_lossy(head),
    };
    let mut lines = text.split(['\r', '\n']).map(str::trim).filter(|l| !l.is_empty()).take(SNIFFED_LINES);
    let is = |line: &str, name: &str, value: &str| {
        line.split_once(':')
            .is_some_and(|(n, v)| n.trim().eq_ignore_ascii_case(name) && v.trim().eq_ignore_ascii_case(value))
    };
    let Some(first) = lines.next() else { return ImportFormat::Csv };
    let version = first
        .split_once(':')
        .is_some_and(|(n, v)| n.trim().eq_ignore_ascii_case("VERSION") && ["2.1", "3.0", "4.0"].contains(&v.trim()));
    if is(first, "BEGIN", "VCARD") || version || lines.any(|l| is(l, "END", "VCARD")) {
        ImportFormat::Vcard
    } else {
        ImportFormat::Csv
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vcard_file_is_told_from_csv() {
        let utf16: Vec<u8> =
            "BEGIN:VCARD\r\nFN:Анна\r\nEND:VCARD\r\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let cases: [(&[u8], ImportFormat); 7] = [
            (b"BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n", ImportFormat::Vcard),
            (b"\xEF\xBB\xBF\r\n  begin:vcard \r\nFN:A\r\n", ImportFormat::Vcard),
            (b"VERSION:3.0\nFN:A\nTEL:1\nEND:VCARD\nVERSION:3.0\nFN:B\nEND:VCARD\n", ImportFormat::Vcard),
            (b"FN:A\nTEL:1\nEND:VCARD\n", ImportFormat::Vcard),
            (&utf16, ImportFormat::Vcard),
            (b"Name;Note\nIvan;BEGIN:VCARD\n", ImportFormat::Csv),
            (b"", ImportFormat::Csv),
        ];
        for (bytes, expected) in cases {
            assert_eq!(sniff_format(bytes), expected, "{:?}", String::from_utf8_lossy(bytes));
        }
    }
}
