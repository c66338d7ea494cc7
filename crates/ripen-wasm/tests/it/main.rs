//! The `Crm` facade in headless Chromium: what JS callers see, end to end through IndexedDB.
// Test helpers unwrap: a panic is a test failure with a message, which is what we want.
#![allow(clippy::unwrap_used)]
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect};
use ripen_wasm::Crm;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test_configure;

wasm_bindgen_test_configure!(run_in_browser);

mod clients;
mod domain;
mod follow_ups;
mod lead_keys;
mod lifecycle;
mod normalize;
mod permissions;
mod photos;
mod response;
mod shows;
mod templates;
mod zones;

pub(crate) fn fresh_name(test: &str) -> String {
    format!("ripen-wasm-test-{test}-{}", js_sys::Math::random().to_bits())
}

pub(crate) fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("test JSON")
}

pub(crate) fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).expect("property")
}

pub(crate) fn get_str(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_else(|| panic!("{key} is not a string"))
}

pub(crate) async fn open(name: &str, user: &str) -> Crm {
    Crm::open(JsValue::from(name.to_owned()), json(&format!(r#"{{"user":"{user}"}}"#))).await.expect("open")
}

pub(crate) fn names(crm: &Crm) -> Vec<String> {
    crm.list_clients().unwrap().unchecked_into::<Array>().iter().map(|c| get_str(&c, "name")).collect()
}

pub(crate) async fn expect_rejection(promise: js_sys::Promise) -> JsValue {
    let error = JsFuture::from(promise).await.expect_err("the call must be refused");
    assert!(error.is_instance_of::<js_sys::Error>(), "rejections are Error objects");
    assert_eq!(get_str(&error, "name"), "RipenError");
    error
}
