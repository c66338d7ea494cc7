//! What crosses between the reader's wasm module and the engine's: the options a file is
//! read with, and what was read (or why nothing could be), as JSON.
//!
//! The engine's module does not read files itself, so that a page that never imports
//! does not download the decoders, the CSV and vCard readers and their tables; both
//! modules are built from this crate, so the two ends of the wire are one version.

use crate::draft::Read;
use crate::error::ReadError;
use crate::options::CsvOptions;
use crate::scan::{ScanError, Scanned};
use crate::sheet::{Sheet, WorkbookError};
use ripen_core::import::ImportFormat;
use ripen_json::{FromJson, ToJson};

/// How the engine asks for a file to be read.
#[derive(Debug, Clone, Default, ToJson, FromJson)]
pub struct ReadRequest {
    /// Found from the file unless given.
    pub format: Option<ImportFormat>,
    pub options: CsvOptions,
}

/// The reader's answer: `{"Ok": read}` or `{"Err": error}`.
pub fn answer(outcome: &Result<Read, ReadError>) -> String {
    ripen_json::to_string(outcome)
}

/// The reader's answer as the engine reads it; an answer it cannot read (the two modules
/// out of step) says so.
pub fn parse_answer(json: &str) -> Result<Read, ReadError> {
    ripen_json::from_str::<Result<Read, ReadError>>(json).unwrap_or_else(|error| {
        Err(WorkbookError::Damaged {
            reason: format!("the file reader answered what the engine cannot read ({error})"),
        }
        .into())
    })
}

/// The request as the engine sends it.
pub fn request(format: Option<ImportFormat>, options: &CsvOptions) -> String {
    ripen_json::to_string(&ReadRequest { format, options: options.clone() })
}

/// The request as the reader reads it.
pub fn parse_request(json: &str) -> Result<ReadRequest, ReadError> {
    ripen_json::from_str(json).map_err(|error| {
        WorkbookError::Damaged { reason: format!("the engine asked what the file reader cannot read ({error})") }.into()
    })
}

/// The reader's answer to a scan: `{"Ok": scanned}` or `{"Err": error}`.
pub fn scan_answer(outcome: &Result<Scanned, ScanError>) -> String {
    ripen_json::to_string(outcome)
}

/// A scan's answer as the engine reads it; one it cannot read (the two modules out of
/// step) is a refusal, never a panic.
pub fn parse_scan_answer(json: &str) -> Result<Result<Scanned, ScanError>, ReadError> {
    ripen_json::from_str(json).map_err(|error| {
        WorkbookError::Damaged { reason: format!("the file reader answered what the engine cannot read ({error})") }
            .into()
    })
}

/// A workbook's sheet as the spreadsheet reader answers it (`{"Ok": sheet}` or
/// `{"Err": problem}`).
pub fn parse_sheet(json: &str) -> Result<Sheet, ReadError> {
    let outcome: Result<Sheet, WorkbookError> = ripen_json::from_str(json).map_err(|error| {
        ReadError::from(WorkbookError::Damaged { reason: format!("the spreadsheet reader answered {error}") })
    })?;
    Ok(outcome?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::read;
    use crate::Encoding;

    #[test]
    fn what_was_read_crosses_whole() {
        let file = "Фамилия;Имя;Компания;Должность;Телефон;Email\r\nПетров;Иван;ООО «Ромашка»;Директор;+7 913 000-00-01 доб. 5;bad\r\n;;;;;\r\n";
        let options = CsvOptions { encoding: Some(Encoding::UTF_8), ..CsvOptions::default() };
        let read = read(file.as_bytes(), None, &options);
        let crossed = parse_answer(&answer(&read)).unwrap();
        let read = read.unwrap();
        assert_eq!(crossed.drafts, read.drafts);
        assert_eq!(crossed.issues, read.issues);
        assert_eq!(crossed.columns, read.columns);
        assert_eq!(
            (crossed.encoding, crossed.delimiter, crossed.preset, crossed.region, crossed.rows),
            (read.encoding, read.delimiter, read.preset, read.region, read.rows)
        );
        assert!(!crossed.drafts[0].warnings.is_empty(), "the example has a warning to carry");
    }

    #[test]
    fn refusals_cross_with_their_kind() {
        let cases: [(&[u8], Option<ImportFormat>, &str); 5] = [
            (b"", None, "empty"),
            (b"%PDF-1.7\n", None, "binary"),
            (b"Name,Note\nIvan,\"open\n", None, "unclosed_quote"),
            (b"Name\nIvan\n", Some(ImportFormat::Vcard), "no_cards"),
            (b"PK\x03\x04", Some(ImportFormat::Xlsx), "spreadsheet_reader"),
        ];
        for (bytes, format, kind) in cases {
            let refused = read(bytes, format, &CsvOptions::default());
            assert_eq!(refused.as_ref().map(|_| ()).unwrap_err().kind(), kind);
            let crossed = parse_answer(&answer(&refused));
            assert_eq!(crossed.unwrap_err(), refused.unwrap_err());
        }
    }

    #[test]
    fn requests_cross_and_garbage_is_a_refusal_not_a_panic() {
        let options = CsvOptions {
            encoding: Some(Encoding::WINDOWS_1251),
            delimiter: Some(b';'),
            sheet: Some("Лист 2".into()),
            ..CsvOptions::default()
        };
        let back = parse_request(&request(Some(ImportFormat::Csv), &options)).unwrap();
        assert_eq!(
            (back.format, back.options.encoding, back.options.delimiter),
            (Some(ImportFormat::Csv), options.encoding, Some(b';'))
        );
        assert_eq!(back.options.sheet.as_deref(), Some("Лист 2"));
        assert_eq!(parse_request("{").unwrap_err().kind(), "damaged");
        assert_eq!(parse_answer("[1,2]").unwrap_err().kind(), "damaged");
        assert_eq!(parse_sheet(r#"{"Err":{"problem":"encrypted"}}"#).unwrap_err().kind(), "encrypted");
    }

    #[test]
    fn scans_cross_and_garbage_is_a_refusal() {
        let region = ripen_core::values::Region::default();
        for payload in ["MECARD:N:Doe,John;;", "WIFI:S:x;;"] {
            let scanned = crate::read_scan(payload, region);
            assert_eq!(parse_scan_answer(&scan_answer(&scanned)).unwrap(), scanned);
        }
        assert_eq!(parse_scan_answer("{").unwrap_err().kind(), "damaged");
    }
}
