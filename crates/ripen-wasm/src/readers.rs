//! Files through the file readers: wasm modules of their own (`ripen-reader-wasm` in
//! `pkg/reader/`, `ripen-sheets-wasm` in `pkg/sheets/`) that the engine loads when a file
//! is first previewed or imported, so a page that never imports never downloads the
//! decoders, the CSV, vCard and spreadsheet readers and their tables. What they read
//! crosses as JSON (`ripen_io::wire`); the engine then looks for duplicates in the base.

use crate::boundary;
use crate::crm::Crm;
use crate::dto::ImportSettings;
use crate::error::FacadeError;
use ripen_core::import::ImportFormat::{Ods, Xls, Xlsx};
use ripen_io::{wire, Read};
use ripen_json::FromJson;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The longest address a reader is loaded from (browsers take far longer ones; no real
/// one comes near).
const URL_UNITS: usize = 4096;

#[wasm_bindgen(module = "/src/readers_load.js")]
extern "C" {
    #[wasm_bindgen(js_name = loadReaders)]
    fn load_readers(reader_url: Option<String>, sheets_url: Option<String>, workbooks: bool) -> js_sys::Promise;
    #[wasm_bindgen(js_name = readFile)]
    fn read_with_readers(
        bytes: js_sys::Uint8Array,
        request: String,
        workbook: Option<bool>,
        sheet: Option<String>,
    ) -> js_sys::Promise;
    #[wasm_bindgen(js_name = readScan)]
    fn read_scan_with_reader(text: String, region: &str) -> js_sys::Promise;
}

/// A camera scan's text read as a lead by the text reader (loaded first if need be), its
/// phones without a country code read in `region`.
pub(crate) async fn scan(text: String, region: ripen_core::values::Region) -> Result<ripen_io::Scanned, FacadeError> {
    let answer = JsFuture::from(read_scan_with_reader(text, region.as_str())).await.map_err(not_downloaded)?;
    Ok(wire::parse_scan_answer(&answer.as_string().unwrap_or_default())??)
}

/// `bytes` read as `settings` say, by the readers (loaded first if need be). The bytes
/// never enter the engine's memory: whether they are a workbook, unless the format is
/// given, the text reader says.
pub(crate) async fn read(bytes: js_sys::Uint8Array, settings: &ImportSettings) -> Result<Read, FacadeError> {
    let workbook = settings.format.map(|format| matches!(format, Xlsx | Ods | Xls));
    let request = wire::request(settings.format, &settings.csv);
    let answer = JsFuture::from(read_with_readers(bytes, request, workbook, settings.csv.sheet.clone()))
        .await
        .map_err(not_downloaded)?;
    Ok(wire::parse_answer(&answer.as_string().unwrap_or_default())?)
}

fn not_downloaded(error: JsValue) -> FacadeError {
    let why = error.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| error.as_string());
    FacadeError::Download(format!("the file reader could not be loaded: {}", why.unwrap_or_default()))
}

/// Where the readers are, and which to load now.
#[derive(Debug, Default, FromJson)]
#[json(deny_unknown_fields, rename_all = "camelCase")]
struct LoadOptions {
    reader_url: Option<String>,
    sheets_url: Option<String>,
    workbooks: Option<bool>,
}

#[wasm_bindgen]
impl Crm {
    /// Loads the file readers `previewImport` and `importFile` use — the text reader (CSV,
    /// vCard; about 100 KB compressed) and, with `workbooks: true`, the spreadsheet reader
    /// (Excel and OpenDocument; about 300 KB) — now rather than when a file is first read:
    /// before going offline, or from where a bundler put them (`readerUrl`, `sheetsUrl`;
    /// by default `reader/ripen_reader.js` and `sheets/ripen_sheets.js` beside the
    /// engine's `ripen_wasm.js`). Addresses given are kept for later loads. Loading again
    /// is free; after a failure (offline, not found) it is tried again. Rejects with kind
    /// "network" when a reader cannot be downloaded.
    #[wasm_bindgen(js_name = loadFileReaders)]
    pub async fn load_file_readers(
        #[wasm_bindgen(unchecked_optional_param_type = "LoadReadersOptions")] options: Option<JsValue>,
    ) -> Result<(), JsValue> {
        let options = boundary::options::<LoadOptions>("options", options.as_ref()).map_err(|e| crate::js::to_js_error(&e))?;
        let url = |name: &str, url: Option<String>| -> Result<Option<String>, JsValue> {
            url.map(|u| boundary::text(name, &JsValue::from_str(&u), URL_UNITS).map_err(|e| crate::js::to_js_error(&e)))
                .transpose()
        };
        let reader = url("readerUrl", options.reader_url)?;
        let sheets = url("sheetsUrl", options.sheets_url)?;
        JsFuture::from(load_readers(reader, sheets, options.workbooks.unwrap_or(false)))
            .await
            .map(drop)
            .map_err(|error| crate::js::to_js_error(&not_downloaded(error)))
    }
}
