//! Maps indexed_db_futures errors onto the core's storage errors.

use crate::dom_error::classify;
use indexed_db_futures::error::{DomException, Error, OpenDbError};
use ripen_core::StoreError;
use wasm_bindgen::{JsCast, JsValue};

fn name_and_message(exception: &DomException) -> (String, String) {
    let value: &JsValue = exception.as_ref();
    match value.dyn_ref::<web_sys::DomException>() {
        Some(dom) => (dom.name(), dom.message()),
        None => (String::new(), exception.message()),
    }
}

pub(crate) fn store_error(error: Error) -> StoreError {
    match &error {
        Error::DomException(exception) => {
            let (name, message) = name_and_message(exception);
            classify(&name, &message)
        }
        other => StoreError::Backend { detail: other.to_string() },
    }
}

/// The error of a transaction that did not commit. indexed_db_futures reports an abort
/// without its cause, so the cause is read from the transaction itself: that is where
/// Chromium puts `QuotaExceededError`.
pub(crate) fn commit_error(error: Error, transaction: &web_sys::IdbTransaction) -> StoreError {
    match transaction.error() {
        Some(cause) => classify(&cause.name(), &cause.message()),
        None => store_error(error),
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
        OpenDbError::Base(Error::DomException(exception)) => name_and_message(exception).0 == "VersionError",
        _ => false,
    }
}
