//! IndexedDB backend tests, run in headless Chromium by wasm-bindgen-test.
#![cfg(target_arch = "wasm32")]

mod conformance;
mod schema;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// A database name no other test uses, so tests never see each other's data.
pub(crate) fn fresh_name(test: &str) -> String {
    format!("ripen-idb-test-{test}-{}", js_sys::Math::random().to_bits())
}
