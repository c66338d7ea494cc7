//! Crossing into JS: errors as `Error` objects with `kind`, the clock, randomness, and the
//! JSON route large results take. (What comes in from JS is read by `boundary`.)

use crate::error::FacadeError;
use chrono::{DateTime, TimeZone, Utc};
use ripen_core::ReplicaId;
use ripen_json::ToJson;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues)]
    fn get_random_values(buffer: &mut [u8]);
}

/// A JS `Error` (never a bare string) named `RipenError`, with a stable `kind`, a human
/// message, and for validation errors the `field` and `problem` at fault.
pub(crate) fn to_js_error(error: &FacadeError) -> JsValue {
    let js_error = js_sys::Error::new(&error.to_string());
    js_error.set_name("RipenError");
    let set = |key: &str, value: JsValue| {
        // Setting a property on a fresh plain Error cannot fail.
        let _ = js_sys::Reflect::set(&js_error, &JsValue::from_str(key), &value);
    };
    set("kind", error.kind().as_str().into());
    if let Some(field) = error.field() {
        set("field", field.into());
    }
    if let Some(problem) = error.problem() {
        set("problem", problem.into());
    }
    if let Some(later) = error.later() {
        set("later", later.into());
    }
    if let Some(verdict) = error.verdict() {
        // The same fields, in the same words, as `checkTouch` answers.
        set("violations", to_js(&verdict.violations));
        set("nextAllowedAt", to_js(&verdict.next_allowed_at.as_ref().map(ripen_core::values::instant::iso)));
        set("nextClearAt", to_js(&verdict.next_clear_at.as_ref().map(ripen_core::values::instant::iso)));
        set("overridable", verdict.overridable.into());
    }
    js_error.into()
}

pub(crate) fn now() -> DateTime<Utc> {
    Utc.timestamp_millis_opt(js_sys::Date::now() as i64).single().unwrap_or_default()
}

/// A fresh replica id from the platform's CSPRNG (available in windows and workers).
pub(crate) fn fresh_replica() -> ReplicaId {
    ReplicaId::from_random(u64::from_le_bytes(random_bytes::<8>()))
}

/// `N` bytes from the platform's CSPRNG.
pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    get_random_values(&mut bytes);
    bytes
}

/// A result as plain JS objects: its JSON text, parsed by the browser (one call across
/// the boundary, however large the result).
pub(crate) fn to_js<T: ToJson + ?Sized>(value: &T) -> JsValue {
    js_sys::JSON::parse(&ripen_json::to_string(value)).unwrap_or(JsValue::NULL)
}
