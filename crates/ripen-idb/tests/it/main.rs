//! IndexedDB backend tests, run in headless Chromium by wasm-bindgen-test.
// Test helpers unwrap: a panic is a test failure with a message, which is what we want.
#![allow(clippy::unwrap_used)]
#![cfg(target_arch = "wasm32")]

mod conformance;
mod connection;
mod files;
mod integrity;
mod schema;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// A database name no other test uses, so tests never see each other's data.
pub(crate) fn fresh_name(test: &str) -> String {
    format!("ripen-idb-test-{test}-{}", js_sys::Math::random().to_bits())
}
