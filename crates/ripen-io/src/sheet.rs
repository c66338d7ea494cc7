//! Workbooks (.xlsx, .ods, .xls) as the importer takes them: one sheet's rows of text,
//! read by the spreadsheet reader (`ripen-sheets`, a module of its own, loaded only when
//! a workbook is picked), and the reasons a workbook cannot be read.

use ripen_core::import::ImportFormat;
use ripen_json::{FromJson, ToJson};

/// One sheet of a workbook, as rows of text: what a spreadsheet reader hands the importer.
#[derive(Debug, Clone, PartialEq, Eq, ToJson, FromJson)]
#[json(rename_all = "camelCase")]
pub struct Sheet {
    /// `Xlsx`, `Ods` or `Xls`.
    pub format: ImportFormat,
    /// Every sheet's name, in the workbook's order (hidden ones included).
    pub sheets: Vec<String>,
    /// The sheet read.
    pub name: String,
    /// Its rows that hold anything, top to bottom.
    pub rows: Vec<SheetRow>,
}

/// A row of a sheet: its number as the spreadsheet shows it (1 for the first), and its
/// cells from column A as text, the way the spreadsheet shows them (a whole number without
/// a decimal point, a date as `YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Eq, ToJson, FromJson)]
pub struct SheetRow {
    pub row: usize,
    pub cells: Vec<String>,
}

/// Why a workbook cannot be read: nothing of it is imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, ToJson, FromJson)]
#[json(tag = "problem", rename_all = "snake_case")]
pub enum WorkbookError {
    /// The spreadsheet reader has not been loaded into this page.
    #[error("this is a spreadsheet ({format}); the spreadsheet reader reads it once it is loaded (Crm.loadSpreadsheetReader)")]
    ReaderNotLoaded { format: ImportFormat },
    #[error("this is {what}, not a spreadsheet")]
    NotAWorkbook { what: String },
    #[error("the workbook is protected by a password: save a copy without the password first")]
    Encrypted,
    #[error("the workbook is damaged and cannot be read ({reason}); open it in a spreadsheet and save it again")]
    Damaged { reason: String },
    #[error("the workbook has no sheets")]
    NoSheets,
    #[error("the workbook has no sheet named {name:?}; its sheets are: {}", sheets.join(", "))]
    NoSuchSheet { name: String, sheets: Vec<String> },
    #[error("the sheet holds {bytes} bytes of text; at most {limit} are read at once — split it into smaller files")]
    TooLarge { bytes: usize, limit: usize },
    #[error("the sheet has more than {limit} rows; split it into smaller files")]
    TooManyRows { limit: usize },
    #[error("the sheet spreads over more than {limit} cells (counting the empty ones between its values); delete its empty rows and columns, or split it")]
    TooManyCells { limit: usize },
}

impl WorkbookError {
    /// A stable code for the page, independent of the message's wording.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::ReaderNotLoaded { .. } => "spreadsheet_reader",
            Self::NotAWorkbook { .. } => "binary",
            Self::Encrypted => "encrypted",
            Self::Damaged { .. } => "damaged",
            Self::NoSheets => "no_sheets",
            Self::NoSuchSheet { .. } => "no_such_sheet",
            Self::TooLarge { .. } | Self::TooManyRows { .. } | Self::TooManyCells { .. } => "too_large",
        }
    }
}

/// The spreadsheet `bytes` are, by their signature: a ZIP archive holding an Excel
/// workbook (`xl/workbook.xml`) or an OpenDocument spreadsheet (its `mimetype`), or an
/// OLE compound file (an old `.xls`, or an `.xlsx` protected by a password). A ZIP
/// archive of anything else (a Word document) is no spreadsheet.
pub fn workbook_format(bytes: &[u8]) -> Option<ImportFormat> {
    const ODS: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
    match bytes {
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, ..] => Some(ImportFormat::Xls),
        [b'P', b'K', 3, 4, ..] => {
            // An OpenDocument file stores its `mimetype` first and uncompressed; a file
            // zipped again by hand may not, so its name is looked for anywhere.
            if contains(&bytes[..bytes.len().min(256)], ODS) || contains(bytes, ODS) {
                Some(ImportFormat::Ods)
            } else if contains(bytes, b"xl/workbook.xml") || contains(bytes, b"xl/workbook.bin") {
                Some(ImportFormat::Xlsx)
            } else {
                None
            }
        }
        _ => None,
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else { return true };
    let mut from = 0;
    while let Some(at) = haystack[from..].iter().position(|&b| b == first) {
        let start = from + at;
        if haystack[start + 1..].starts_with(rest) {
            return true;
        }
        from = start + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_is_told_by_its_signature_and_contents() {
        let ods = [&b"PK\x03\x04"[..], &[0; 26], b"mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK"].concat();
        let odt = [&b"PK\x03\x04"[..], &[0; 26], b"mimetypeapplication/vnd.oasis.opendocument.textPK"].concat();
        let xlsx = [&b"PK\x03\x04"[..], &[0; 40], b"[Content_Types].xml", &[7; 300], b"xl/workbook.xml"].concat();
        let docx = [&b"PK\x03\x04"[..], &[0; 40], b"word/document.xml"].concat();
        let cfb = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0".to_vec();
        let cases: [(&[u8], Option<ImportFormat>); 7] = [
            (&ods, Some(ImportFormat::Ods)),
            (&odt, None),
            (&xlsx, Some(ImportFormat::Xlsx)),
            (&docx, None),
            (&cfb, Some(ImportFormat::Xls)),
            (b"Name;Phone\n", None),
            (b"", None),
        ];
        for (bytes, expected) in cases {
            assert_eq!(workbook_format(bytes), expected, "{:?}", String::from_utf8_lossy(bytes));
        }
    }

    #[test]
    fn errors_cross_between_modules_as_json() {
        let errors = [
            (
                WorkbookError::ReaderNotLoaded { format: ImportFormat::Xlsx },
                r#"{"problem":"reader_not_loaded","format":"xlsx"}"#,
            ),
            (WorkbookError::Encrypted, r#"{"problem":"encrypted"}"#),
            (
                WorkbookError::NoSuchSheet { name: "Лист2".into(), sheets: vec!["Лист1".into()] },
                r#"{"problem":"no_such_sheet","name":"Лист2","sheets":["Лист1"]}"#,
            ),
        ];
        for (error, json) in errors {
            assert_eq!(ripen_json::to_string(&error), json);
            assert_eq!(ripen_json::from_str::<WorkbookError>(json).unwrap(), error);
        }
    }
}
