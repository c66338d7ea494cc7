//! One entry for any file: a vCard file by its lines (with or without BEGIN:VCARD, in
//! UTF-16 too), a workbook by its signature (read by the spreadsheet reader, then here as
//! a table), anything else as CSV.

use crate::csv_read::read_csv_with;
use crate::decode::unicode;
use crate::draft::Read;
use crate::error::ReadError;
use crate::options::CsvOptions;
use crate::phone::read_in_region;
use crate::sheet::{workbook_format, Sheet, WorkbookError};
use crate::table::read_table;
use crate::vcard::read_vcards_with;
use crate::MAX_BYTES;
use ripen_core::import::ImportFormat;

/// Lines looked at to tell a vCard file.
const SNIFFED_LINES: usize = 50;

/// Reads `bytes` as `format`, or as what they look like. The options' encoding and
/// region, if given, are used for either format; without a region, the file is read in
/// the one its numbers suggest (read again when that is not Russia, the first guess).
///
/// A workbook is not read here: the spreadsheet reader turns it into a [`Sheet`] for
/// [`read_sheet`]; given one, this says so ([`WorkbookError::ReaderNotLoaded`]).
pub fn read(bytes: &[u8], format: Option<ImportFormat>, options: &CsvOptions) -> Result<Read, ReadError> {
    let format = format.or_else(|| workbook_format(bytes)).unwrap_or_else(|| sniff_format(bytes));
    read_in_region(options.region, |phones| match format {
        ImportFormat::Vcard => read_vcards_with(bytes, options.encoding, phones),
        ImportFormat::Csv => read_csv_with(bytes, options, phones),
        ImportFormat::Xlsx | ImportFormat::Ods | ImportFormat::Xls => {
            Err(WorkbookError::ReaderNotLoaded { format }.into())
        }
    })
}

/// Reads a workbook's sheet as a table, like a CSV file's records: each row's number in
/// the sheet is its line. The options' encoding and delimiter do not apply.
pub fn read_sheet(sheet: &Sheet, options: &CsvOptions) -> Result<Read, ReadError> {
    let bytes: usize = sheet.rows.iter().flat_map(|r| &r.cells).map(String::len).sum();
    if bytes > MAX_BYTES {
        return Err(WorkbookError::TooLarge { bytes, limit: MAX_BYTES }.into());
    }
    read_in_region(options.region, |phones| {
        let read = Read {
            sheets: sheet.sheets.clone(),
            sheet: Some(sheet.name.clone()),
            ..Read::empty(sheet.format, phones.region)
        };
        let rows = sheet.rows.iter().map(|row| (row.row, row.cells.as_slice()));
        read_table(rows, options, phones, read)
    })
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
    use ripen_core::values::Region;

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

    fn phones(read: &Read) -> Vec<(&str, Option<&str>)> {
        read.drafts
            .iter()
            .flat_map(|d| &d.client.fields.phones)
            .map(|p| (p.e164(), p.region().map(|r| r.as_str())))
            .collect()
    }

    #[test]
    fn a_file_of_british_numbers_is_read_in_britain() {
        let file = "Name,Phone\nAlice,020 7946 0958\nBob,07700 900123\nCarol,+44 161 496 0000\n";
        let got = read(file.as_bytes(), None, &CsvOptions::default()).unwrap();
        assert_eq!(got.region.as_str(), "GB");
        assert_eq!(got.issues, []);
        assert_eq!(
            phones(&got),
            [("442079460958", Some("GB")), ("447700900123", Some("GB")), ("441614960000", Some("GB"))]
        );
        // The user's choice wins: read in Russia, the national numbers do not read, and
        // are kept in their rows' notes.
        let russia = CsvOptions { region: Some(Region::RU), ..CsvOptions::default() };
        let got = read(file.as_bytes(), None, &russia).unwrap();
        assert_eq!((got.region, got.drafts.len(), got.issues.len()), (Region::RU, 3, 0));
        assert_eq!(phones(&got), [("441614960000", Some("GB"))]);
        let warned: Vec<usize> = got.drafts.iter().flat_map(|d| &d.warnings).map(|w| w.line).collect();
        assert_eq!(warned, [2, 3]);
    }

    #[test]
    fn a_russian_card_file_stays_russian_and_a_vanity_number_is_kept_as_text() {
        let file = "BEGIN:VCARD\nFN:Anna\nTEL:8 913 123-45-67\nTEL:1-800-FLOWERS\nEND:VCARD\n";
        let got = read(file.as_bytes(), None, &CsvOptions::default()).unwrap();
        assert_eq!(got.region, Region::RU);
        assert_eq!(phones(&got), [("79131234567", Some("RU"))]);
        assert!(got.drafts[0].warnings[0].message.contains("written in letters"));
        let csv = "Name;Phone\nAnna;1-800-FLOWERS\n";
        let got = read(csv.as_bytes(), None, &CsvOptions::default()).unwrap();
        let draft = &got.drafts[0];
        assert_eq!(draft.client.fields.notes.as_ref().map(|n| n.as_str()), Some("unparsed Phone: 1-800-FLOWERS"));
        assert_eq!(draft.warnings[0].problem, "malformed");
    }
}
