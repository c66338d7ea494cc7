//! The browser's storage manager (`navigator.storage`): how much the origin uses and may
//! use, and asking for persistent storage so the browser does not evict the CRM under
//! pressure. Absent in some contexts (insecure pages, old browsers): then nothing is known.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn storage() -> Option<JsValue> {
    let navigator = Reflect::get(&js_sys::global(), &"navigator".into()).ok()?;
    Reflect::get(&navigator, &"storage".into()).ok().filter(|s| !s.is_undefined() && !s.is_null())
}

/// Calls `navigator.storage.<method>()` and awaits its promise.
async fn call(method: &str) -> Option<JsValue> {
    let storage = storage()?;
    let function: Function = Reflect::get(&storage, &method.into()).ok()?.dyn_into().ok()?;
    let promise: Promise = function.call0(&storage).ok()?.into();
    JsFuture::from(promise).await.ok()
}

/// Bytes used and available to the origin, as the browser estimates them.
pub(crate) async fn estimate() -> (Option<f64>, Option<f64>) {
    let Some(estimate) = call("estimate").await else { return (None, None) };
    let number = |key: &str| Reflect::get(&estimate, &key.into()).ok().and_then(|v| v.as_f64());
    (number("usage"), number("quota"))
}

/// Whether the browser already keeps the origin's storage through storage pressure.
pub(crate) async fn persisted() -> Option<bool> {
    call("persisted").await.and_then(|v| v.as_bool())
}

/// Asks the browser to keep the origin's storage; whether it agreed.
pub(crate) async fn persist() -> Option<bool> {
    call("persist").await.and_then(|v| v.as_bool())
}
