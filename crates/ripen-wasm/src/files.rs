//! Files crossing the boundary: what an import is given (bytes, text, or a `Blob` or
//! `File`, read here), and what an export gives back (always a `Blob`).

use crate::boundary::problem::{ArgumentError, ArgumentProblem};
use crate::boundary::{self, caps};
use crate::error::FacadeError;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/blob.js")]
extern "C" {
    #[wasm_bindgen(js_name = blobOf)]
    fn blob_of(parts: &js_sys::Array, kind: &str) -> JsValue;
    #[wasm_bindgen(js_name = bytesOfBlob)]
    fn bytes_of_blob(value: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = blobSize)]
    fn blob_size(value: &JsValue) -> f64;
    #[wasm_bindgen(js_name = textOfBlob)]
    fn text_of_blob(value: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = base64OfBlob)]
    fn base64_of_blob(blob: &JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = blobOfBase64)]
    fn blob_of_base64(text: &str, kind: &str) -> JsValue;
    #[wasm_bindgen(js_name = blobType)]
    fn blob_type(value: &JsValue) -> String;
}

/// A `Blob` (or `File`) argument: its size and MIME type; `None` for anything else.
pub(crate) fn blob_facts(value: &JsValue) -> Option<(f64, String)> {
    let size = blob_size(value);
    (size >= 0.0).then(|| (size, blob_type(value)))
}

/// A stored `Blob`'s bytes as base64 text, encoded by the browser: a JS string, never
/// copied into wasm memory.
pub(crate) async fn base64_of(blob: &JsValue) -> Result<JsValue, FacadeError> {
    JsFuture::from(base64_of_blob(blob)).await.map_err(|e| unreadable("photo", &e))
}

/// A `Blob` of `kind` from base64 text; `None` when the text is not base64.
pub(crate) fn blob_of_base64_text(text: &str, kind: &str) -> Option<JsValue> {
    Some(blob_of_base64(text, kind)).filter(|blob| !blob.is_null())
}

/// The MIME types of what the exports give.
pub(crate) const CSV: &str = "text/csv;charset=utf-8";
pub(crate) const VCARD: &str = "text/vcard;charset=utf-8";
pub(crate) const JSON: &str = "application/json";

/// A `Blob` of `kind` holding `parts` in order.
pub(crate) fn blob(parts: &js_sys::Array, kind: &str) -> JsValue {
    blob_of(parts, kind)
}

/// A `Blob` of `kind` holding `bytes`.
pub(crate) fn blob_of_bytes(bytes: &[u8], kind: &str) -> JsValue {
    blob(&js_sys::Array::of1(&js_sys::Uint8Array::from(bytes)), kind)
}

/// An import's file: bytes (any typed array, an `ArrayBuffer`), text, or a `Blob` or
/// `File`, which is read first. Checked before anything is read: its type and its size.
pub(crate) async fn file(field: &'static str, value: JsValue) -> Result<js_sys::Uint8Array, FacadeError> {
    let size = blob_size(&value);
    if size < 0.0 {
        return boundary::file(field, &value);
    }
    if size > caps::FILE_BYTES as f64 {
        return Err(ArgumentError::new(field, ArgumentProblem::TooLarge { max: caps::FILE_BYTES, unit: "bytes" }).into());
    }
    let read = JsFuture::from(js_sys::Promise::from(bytes_of_blob(&value))).await.map_err(|e| unreadable(field, &e))?;
    // A fresh array of the blob's bytes, JS's own: no copy needed.
    read.dyn_into::<js_sys::Uint8Array>().map_err(|e| unreadable(field, &e))
}

/// A text argument that may also be given as a `Blob` or `File` (read as UTF-8): at most
/// `max_units` UTF-16 code units, as any text.
pub(crate) async fn text(field: &'static str, value: JsValue, max_units: usize) -> Result<String, FacadeError> {
    let size = blob_size(&value);
    if size < 0.0 {
        return boundary::text(field, &value, max_units);
    }
    // A UTF-8 byte is at most one UTF-16 unit and a unit at most three bytes: a larger
    // file cannot hold a text within the cap, and is refused before it is read.
    if size > 3.0 * max_units as f64 {
        return Err(ArgumentError::new(field, ArgumentProblem::TooLarge { max: 3 * max_units, unit: "bytes" }).into());
    }
    let read = JsFuture::from(js_sys::Promise::from(text_of_blob(&value))).await.map_err(|e| unreadable(field, &e))?;
    boundary::text(field, &read, max_units)
}

fn unreadable(field: &str, error: &JsValue) -> FacadeError {
    let reason = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_default();
    ArgumentError::new(field, ArgumentProblem::Unreadable { reason }).into()
}
