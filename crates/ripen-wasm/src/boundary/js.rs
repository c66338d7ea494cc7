//! Reading JS values without copying what should be refused: strings, numbers and
//! callbacks by type and length first, objects through checked JSON text, files as bytes.

use super::caps;
use super::problem::{text_length, whole_number, ArgumentError, ArgumentProblem};
use crate::error::FacadeError;
use js_sys::{Function, JsString, Reflect, Uint8Array};
use ripen_json::FromJson;
use std::ops::RangeInclusive;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/src/boundary/checks.js")]
extern "C" {
    #[wasm_bindgen(js_name = loneSurrogateAt)]
    fn lone_surrogate_at(text: &JsString) -> i32;
    fn describe(value: &JsValue) -> String;
    #[wasm_bindgen(js_name = isPlain)]
    fn is_plain(value: &JsValue) -> bool;
    #[wasm_bindgen(js_name = isArray)]
    fn is_array(value: &JsValue) -> bool;
    #[wasm_bindgen(js_name = utf8Of)]
    fn utf8_of(text: &JsString) -> Uint8Array;
    #[wasm_bindgen(js_name = bytesOf)]
    fn bytes_of(value: &JsValue) -> Option<Uint8Array>;
    #[wasm_bindgen(catch, js_name = checkedJson)]
    fn checked_json(value: &JsValue, max_items: u32, max_units: u32) -> Result<JsString, JsValue>;
}

fn wrong_type(field: &str, expected: &'static str, value: &JsValue) -> FacadeError {
    ArgumentError::new(field, ArgumentProblem::WrongType { expected, got: describe(value) }).into()
}

/// Whether an optional argument was left out: absent, `undefined` or `null`.
fn left_out(value: Option<&JsValue>) -> bool {
    value.is_none_or(|v| v.is_undefined() || v.is_null())
}

/// A string argument of at most `max_units` UTF-16 code units, well-formed (a lone
/// surrogate would become U+FFFD on the way in, and two strings would read as one).
pub(crate) fn text(field: &str, value: &JsValue, max_units: usize) -> Result<String, FacadeError> {
    let Some(js) = value.dyn_ref::<JsString>() else {
        return Err(wrong_type(field, "a string", value));
    };
    text_length(field, js.length() as usize, max_units)?;
    if let Ok(index) = usize::try_from(lone_surrogate_at(js)) {
        return Err(ArgumentError::new(field, ArgumentProblem::LoneSurrogate { index }).into());
    }
    // Checked above: a string, so this copy always succeeds.
    Ok(js.as_string().unwrap_or_default())
}

/// A short text argument: an id, a user, a kind, a time.
pub(crate) fn short_text(field: &str, value: &JsValue) -> Result<String, FacadeError> {
    text(field, value, caps::SHORT_TEXT)
}

/// An optional short text argument: `None` when left out.
pub(crate) fn optional_short_text(field: &str, value: Option<&JsValue>) -> Result<Option<String>, FacadeError> {
    if left_out(value) {
        return Ok(None);
    }
    value.map(|v| short_text(field, v)).transpose()
}

/// An optional boolean argument: `default` when left out.
pub(crate) fn optional_bool(field: &str, value: Option<&JsValue>, default: bool) -> Result<bool, FacadeError> {
    if left_out(value) {
        return Ok(default);
    }
    value.and_then(JsValue::as_bool).ok_or_else(|| wrong_type(field, "boolean", value.unwrap_or(&JsValue::UNDEFINED)))
}

/// An id argument, parsed into its type (which names `field` when it refuses it).
pub(crate) fn id<T: std::str::FromStr<Err = ripen_core::ValidationError>>(
    field: &str,
    value: &JsValue,
) -> Result<T, FacadeError> {
    crate::dto::parse_id(field, &short_text(field, value)?)
}

/// A whole-number argument in `range`, e.g. a subscription id.
pub(crate) fn whole(field: &str, value: &JsValue, range: RangeInclusive<u32>) -> Result<u32, FacadeError> {
    let number = value.as_f64().ok_or_else(|| wrong_type(field, "a number", value))?;
    Ok(whole_number(field, number, range)?)
}

/// An optional whole-number argument: `None` when left out.
pub(crate) fn optional_whole(
    field: &str,
    value: Option<&JsValue>,
    range: RangeInclusive<u32>,
) -> Result<Option<u32>, FacadeError> {
    if left_out(value) {
        return Ok(None);
    }
    value.map(|v| whole(field, v, range)).transpose()
}

/// A function argument (a callback).
pub(crate) fn function(field: &str, value: &JsValue) -> Result<Function, FacadeError> {
    value.dyn_ref::<Function>().cloned().ok_or_else(|| wrong_type(field, "a function", value))
}

/// How big an object argument may be: its JSON text, and any list inside it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Size {
    pub(crate) units: usize,
    pub(crate) items: usize,
}

impl Size {
    /// One object: a client, options, a rule.
    pub(crate) const OBJECT: Self = Self { units: caps::OBJECT_JSON_UNITS, items: caps::NESTED_ITEMS };
}

/// A plain-object argument, crossing as checked JSON text.
pub(crate) fn object<T: FromJson>(field: &'static str, value: &JsValue, size: Size) -> Result<T, FacadeError> {
    if !is_plain(value) {
        return Err(wrong_type(field, "an object", value));
    }
    json(field, value, size)
}

/// An object argument that may be `null` (`saveRouting(null)`): `None` for null.
pub(crate) fn nullable_object<T: FromJson>(field: &'static str, value: &JsValue) -> Result<Option<T>, FacadeError> {
    if value.is_null() {
        return Ok(None);
    }
    if !is_plain(value) {
        return Err(wrong_type(field, "an object or null", value));
    }
    json(field, value, Size::OBJECT).map(Some)
}

/// An optional options argument: its defaults when left out.
pub(crate) fn options<T: FromJson + Default>(field: &'static str, value: Option<&JsValue>) -> Result<T, FacadeError> {
    options_sized(field, value, Size::OBJECT)
}

/// As [`options`], for options that may hold long lists (an export's ids).
pub(crate) fn options_sized<T: FromJson + Default>(
    field: &'static str,
    value: Option<&JsValue>,
    size: Size,
) -> Result<T, FacadeError> {
    match value {
        Some(value) if !left_out(Some(value)) => object(field, value, size),
        _ => Ok(T::default()),
    }
}

/// An array argument of at most `size.items` entries (checked before its JSON text is
/// made), crossing as checked JSON text.
pub(crate) fn list<T: FromJson>(field: &'static str, value: &JsValue, size: Size) -> Result<Vec<T>, FacadeError> {
    if !is_array(value) {
        return Err(wrong_type(field, "an array", value));
    }
    json(field, value, size)
}

fn json<T: FromJson>(field: &'static str, value: &JsValue, size: Size) -> Result<T, FacadeError> {
    let units = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let text =
        checked_json(value, units(size.items), units(size.units)).map_err(|refusal| refused(field, &refusal, size))?;
    if text.length() as usize > size.units {
        return Err(too_large(field, size.units));
    }
    let text = text.as_string().unwrap_or_default();
    ripen_json::from_str(&text).map_err(|e| FacadeError::Shape { what: field, message: e.to_string() })
}

fn too_large(field: &str, max: usize) -> FacadeError {
    ArgumentError::new(field, ArgumentProblem::TooLarge { max, unit: "UTF-16 code units as JSON" }).into()
}

/// A refusal thrown by `checkedJson`, as an error naming its path within `field`.
fn refused(field: &'static str, refusal: &JsValue, size: Size) -> FacadeError {
    let get = |key: &str| Reflect::get(refusal, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    let string = |key: &str| get(key).as_string().unwrap_or_default();
    let number = |key: &str| get(key).as_f64().map_or(0, |n| n as usize);
    let path = string("path");
    let at = match path.as_str() {
        "" => field.to_owned(),
        index if index.starts_with('[') => format!("{field}{index}"),
        inner => inner.to_owned(),
    };
    let problem = match string("problem").as_str() {
        "lone_surrogate" => ArgumentProblem::LoneSurrogate { index: number("index") },
        "out_of_range" => ArgumentProblem::OutOfRange { value: string("value"), range: "the finite numbers".into() },
        "wrong_type" => ArgumentProblem::WrongType {
            expected: "a JSON value: a plain object, an array, a string, a finite number, true, false or null",
            got: string("got"),
        },
        "invalid_date" => ArgumentProblem::InvalidDate,
        "too_many" => ArgumentProblem::TooMany { max: size.items, actual: number("actual") },
        "too_large" => return too_large(field, size.units),
        _ => return FacadeError::Shape { what: field, message: string("message") },
    };
    ArgumentError::new(at, problem).into()
}

/// A file argument as bytes: a string (its UTF-8), an `ArrayBuffer` or
/// `SharedArrayBuffer`, or any view of one (a typed array, a `DataView`), at most
/// [`caps::FILE_BYTES`]. A `Blob` or `File` is refused with how to read it: reading one
/// is asynchronous, and taking one would let calls made after an import commit before it.
///
/// The bytes stay in JS (a copy JS owns, so the caller may change its array meanwhile):
/// the file readers are modules of their own, and a file copied through the engine's
/// memory would grow it for good by the file's size.
pub(crate) fn file(field: &str, value: &JsValue) -> Result<Uint8Array, FacadeError> {
    if let Some(js) = value.dyn_ref::<JsString>() {
        text_length(field, js.length() as usize, caps::FILE_BYTES)?;
        if let Ok(index) = usize::try_from(lone_surrogate_at(js)) {
            return Err(ArgumentError::new(field, ArgumentProblem::LoneSurrogate { index }).into());
        }
        let bytes = utf8_of(js);
        if bytes.byte_length() as usize > caps::FILE_BYTES {
            return Err(
                ArgumentError::new(field, ArgumentProblem::TooLarge { max: caps::FILE_BYTES, unit: "bytes" }).into()
            );
        }
        return Ok(bytes);
    }
    let Some(bytes) = bytes_of(value) else {
        return Err(wrong_type(
            field,
            "bytes (a Uint8Array, another typed array, an ArrayBuffer) or a string; read a Blob or File first, \
             e.g. new Uint8Array(await file.arrayBuffer())",
            value,
        ));
    };
    if bytes.byte_length() as usize > caps::FILE_BYTES {
        return Err(
            ArgumentError::new(field, ArgumentProblem::TooLarge { max: caps::FILE_BYTES, unit: "bytes" }).into()
        );
    }
    Ok(bytes.slice(0, bytes.length()))
}
