//! Maps IndexedDB failures onto the core's storage errors.

use indexed_db_futures::error::{DomException, Error, OpenDbError};
use ripen_core::StoreError;
use wasm_bindgen::{JsCast, JsValue};

fn dom_name_and_message(exception: &DomException) -> (String, String) {
    let value: &JsValue = exception.as_ref();
    match value.dyn_ref::<web_sys::DomException>() {
        Some(dom) => (dom.name(), dom.message()),
        None => (String::new(), exception.message()),
    }
}

pub(crate) fn store_error(error: Error) -> StoreError {
    match &error {
        Error::DomException(exception) => {
            let (name, message) = dom_name_and_message(exception);
            match name.as_str() {
                // Chromium reports a full disk as QuotaExceededError on the request or as
                // the error of the aborted transaction.
                "QuotaExceededError" => StoreError::QuotaExceeded { detail: message },
                "InvalidStateError" | "UnknownError" => {
                    StoreError::Unavailable { detail: format!("{name}: {message}") }
                }
                _ => StoreError::Backend { detail: format!("{name}: {message}") },
            }
        }
        other => StoreError::Backend { detail: other.to_string() },
    }
}

pub(crate) fn open_error(error: OpenDbError) -> StoreError {
    match error {
        OpenDbError::Base(base) => store_error(base),
        other => StoreError::Unavailable { detail: other.to_string() },
    }
}

pub(crate) fn is_version_error(error: &OpenDbError) -> bool {
    match error {
        OpenDbError::Base(Error::DomException(exception)) => dom_name_and_message(exception).0 == "VersionError",
        _ => false,
    }
}
