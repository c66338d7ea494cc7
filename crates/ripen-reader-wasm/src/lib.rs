//! The file reader's JavaScript face: `readFile(bytes, request)` and
//! `readSheet(sheet, request)`, answering in JSON ([`ripen_io::wire`]) that the engine's
//! module parses into the same `ripen_io` types. The engine loads this module when a file
//! is first previewed or imported, so a page that never imports never downloads the
//! decoders and readers.

use ripen_io::wire::{self, answer, parse_request, parse_sheet};
use ripen_io::{read, read_sheet, Read, ReadError};

/// A CSV or vCard file (or, with the format given, a file refused as not one) read as
/// `request` asks: the answer as JSON.
pub fn read_file_json(bytes: &[u8], request: &str) -> String {
    let outcome: Result<Read, ReadError> =
        parse_request(request).and_then(|request| read(bytes, request.format, &request.options));
    answer(&outcome)
}

/// A workbook's sheet, as the spreadsheet reader answered it (JSON), read as `request`
/// asks: the answer as JSON. A refusal of the spreadsheet reader is passed on.
pub fn read_sheet_json(sheet: &str, request: &str) -> String {
    let outcome = parse_request(request)
        .and_then(|request| parse_sheet(sheet).and_then(|sheet| read_sheet(&sheet, &request.options)));
    answer(&outcome)
}

/// A camera scan's text read as a lead, phones without their country code read in
/// `region` (an ISO code; RU when it is none): the answer as JSON.
pub fn read_scan_json(text: &str, region: &str) -> String {
    let region = region.parse().unwrap_or_default();
    wire::scan_answer(&ripen_io::read_scan(text, region))
}

#[cfg(target_arch = "wasm32")]
pub mod js {
    use wasm_bindgen::prelude::*;

    /// A CSV or vCard file read as `request` (JSON) asks, answered as JSON.
    #[wasm_bindgen(js_name = readFile)]
    pub fn read_file(bytes: &[u8], request: &str) -> String {
        super::read_file_json(bytes, request)
    }

    /// Whether `bytes` are a workbook (.xlsx, .ods, .xls): what the engine asks before it
    /// sends a file of no given format to the spreadsheet reader or to `readFile`.
    #[wasm_bindgen(js_name = isWorkbook)]
    pub fn is_workbook(bytes: &[u8]) -> bool {
        ripen_io::workbook_format(bytes).is_some()
    }

    /// A camera scan's text read as a lead (`region`: where phones without their
    /// country code are), answered as JSON.
    #[wasm_bindgen(js_name = readScan)]
    pub fn read_scan(text: &str, region: &str) -> String {
        super::read_scan_json(text, region)
    }

    /// A workbook's sheet (the spreadsheet reader's JSON answer) read as `request` asks,
    /// answered as JSON.
    #[wasm_bindgen(js_name = readSheet)]
    pub fn read_sheet(sheet: &str, request: &str) -> String {
        super::read_sheet_json(sheet, request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ripen_io::wire::{parse_answer, request};
    use ripen_io::{CsvOptions, ImportFormat};

    #[test]
    fn a_file_is_read_as_the_engine_asks() {
        let options = CsvOptions { delimiter: Some(b','), ..CsvOptions::default() };
        let answer = read_file_json("Name;Phone,Email\nIvan;1,ivan@example.com\n".as_bytes(), &request(None, &options));
        let read = parse_answer(&answer).unwrap();
        assert_eq!(read.columns.iter().map(|c| c.header.as_str()).collect::<Vec<_>>(), ["Name;Phone", "Email"]);
        let refused = read_file_json(b"Name\nIvan\n", &request(Some(ImportFormat::Vcard), &CsvOptions::default()));
        assert_eq!(parse_answer(&refused).unwrap_err().kind(), "no_cards");
    }

    #[test]
    fn a_sheet_is_read_and_the_spreadsheet_readers_refusal_passed_on() {
        let sheet = r#"{"Ok":{"format":"xlsx","sheets":["Contacts"],"name":"Contacts","rows":[{"row":1,"cells":["Name","Phone"]},{"row":3,"cells":["Ivan","+7 913 000-00-01"]}]}}"#;
        let read = parse_answer(&read_sheet_json(sheet, &request(None, &CsvOptions::default()))).unwrap();
        assert_eq!((read.drafts.len(), read.drafts[0].line, read.sheet.as_deref()), (1, 3, Some("Contacts")));
        let refused = read_sheet_json(r#"{"Err":{"problem":"encrypted"}}"#, &request(None, &CsvOptions::default()));
        assert_eq!(parse_answer(&refused).unwrap_err().kind(), "encrypted");
        let garbage = read_file_json(b"Name\n", "not json");
        assert_eq!(parse_answer(&garbage).unwrap_err().kind(), "damaged");
    }

    #[test]
    fn a_scan_is_read_in_the_region_given() {
        let answer = read_scan_json("tel:020 7946 0958", "GB");
        let Ok(ripen_io::Scanned::Contact { draft, .. }) = wire::parse_scan_answer(&answer).unwrap() else {
            panic!("{answer}")
        };
        assert_eq!(draft.client.fields.phones[0].e164(), "442079460958");
        let refused = wire::parse_scan_answer(&read_scan_json("WIFI:S:x;;", "no region")).unwrap();
        assert_eq!(refused.unwrap_err().kind(), "not_a_contact");
    }
}
