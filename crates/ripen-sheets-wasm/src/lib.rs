//! The spreadsheet reader's JavaScript face: `readWorkbook(bytes, sheet?)`, answering in
//! JSON (`{"Ok": sheet}` or `{"Err": problem}`) that the engine's module parses into the
//! same `ripen_io` types. The engine loads this module only when a workbook is imported
//! (`Crm.loadSpreadsheetReader`).

use ripen_io::{Sheet, WorkbookError};

/// The sheet `sheet` (or the first that holds anything) of the workbook `bytes`, as JSON.
pub fn read_workbook_json(bytes: &[u8], sheet: Option<&str>) -> String {
    let outcome: Result<Sheet, WorkbookError> = ripen_sheets::read_workbook(bytes, sheet);
    ripen_json::to_string(&outcome)
}

#[cfg(target_arch = "wasm32")]
pub mod js {
    use wasm_bindgen::prelude::*;

    /// The sheet `sheet` (or the first that holds anything) of the workbook `bytes`, as JSON.
    #[wasm_bindgen(js_name = readWorkbook)]
    pub fn read_workbook(bytes: &[u8], sheet: Option<String>) -> String {
        super::read_workbook_json(bytes, sheet.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_is_the_json_the_engine_reads() {
        let answer = read_workbook_json(b"Name;Phone\n", None);
        let parsed: Result<Sheet, WorkbookError> =
            ripen_json::from_str(&answer).unwrap_or_else(|e| panic!("{e}: {answer}"));
        assert_eq!(parsed, Err(WorkbookError::NotAWorkbook { what: "no workbook".into() }));
    }
}
