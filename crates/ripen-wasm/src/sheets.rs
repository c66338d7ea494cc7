//! Workbooks through the spreadsheet reader: a wasm module of its own (`ripen-sheets`,
//! built into `pkg/sheets/`) that `Crm.loadSpreadsheetReader()` loads, so a page that never
//! imports a workbook never downloads it. Its sheets cross as JSON.

use crate::boundary;
use crate::crm::Crm;
use crate::error::FacadeError;
use ripen_core::import::ImportFormat;
use ripen_io::{Sheet, WorkbookError};
use wasm_bindgen::prelude::*;

/// The longest address the reader is loaded from (browsers take far longer ones; no real
/// one comes near).
const URL_UNITS: usize = 4096;

#[wasm_bindgen(module = "/src/sheets_load.js")]
extern "C" {
    #[wasm_bindgen(js_name = loadSheets)]
    fn load_sheets(url: Option<String>) -> js_sys::Promise;
    #[wasm_bindgen(js_name = readWithSheets)]
    fn read_with_sheets(bytes: &[u8], sheet: Option<String>) -> Option<String>;
}

/// The sheet `wanted` of the workbook `bytes` (a `format` file).
pub(crate) fn read(bytes: &[u8], wanted: Option<&str>, format: ImportFormat) -> Result<Sheet, FacadeError> {
    let Some(json) = read_with_sheets(bytes, wanted.map(str::to_owned)) else {
        return Err(ripen_io::ReadError::from(WorkbookError::ReaderNotLoaded { format }).into());
    };
    let outcome: Result<Sheet, WorkbookError> = serde_json::from_str(&json).map_err(|e| {
        ripen_io::ReadError::from(WorkbookError::Damaged { reason: format!("the spreadsheet reader answered {e}") })
    })?;
    Ok(outcome.map_err(ripen_io::ReadError::from)?)
}

#[wasm_bindgen]
impl Crm {
    /// Loads the spreadsheet reader, after which `previewImport` and `importFile` take
    /// Excel (`.xlsx`, `.xls`) and OpenDocument (`.ods`) workbooks like any other file.
    /// It is a module of its own (about 300 KB compressed), fetched from `url`, by default
    /// `sheets/ripen_sheets.js` beside the engine's `ripen_wasm.js`. Loading again is free;
    /// after a failure (offline, not found) it is tried again.
    #[wasm_bindgen(js_name = loadSpreadsheetReader)]
    pub async fn load_spreadsheet_reader(
        #[wasm_bindgen(unchecked_optional_param_type = "string")] url: Option<JsValue>,
    ) -> Result<(), JsValue> {
        let url = match url.filter(|u| !u.is_undefined() && !u.is_null()) {
            Some(url) => Some(boundary::text("url", &url, URL_UNITS).map_err(|e| crate::js::to_js_error(&e))?),
            None => None,
        };
        wasm_bindgen_futures::JsFuture::from(load_sheets(url)).await.map(drop).map_err(|error| {
            let why = error.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| error.as_string());
            let message = format!("the spreadsheet reader could not be loaded: {}", why.unwrap_or_default());
            crate::js::to_js_error(&FacadeError::Download(message))
        })
    }
}
