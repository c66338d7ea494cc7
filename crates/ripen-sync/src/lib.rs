//! Team sync through the CouchDB replication protocol, the part that needs no network:
//! how a log record becomes a hub document and a pulled document a record again
//! (`document`, `doc_id`), what a `_changes` page brings (`changes`; the website leads'
//! inbox's in `inbox`), which records to
//! push in which batches (`push`), the state kept between syncs (`state`), and how long
//! to wait before trying again (`backoff`). The HTTP half lives in ripen-wasm.

pub mod backoff;
pub mod changes;
pub mod doc_id;
pub mod document;
pub mod error;
pub mod inbox;
pub mod inbox_tally;
pub mod push;
pub mod state;
pub mod status;

pub use doc_id::{DocId, HubUser};
pub use document::{HubDocument, PulledRecord};
pub use error::{MappingError, VerifyError};
pub use state::{Since, SyncState};

/// A value as serde_json's tree, for tests that build a hub's answers with `json!`.
#[cfg(test)]
pub(crate) fn tests_json(value: &impl ripen_json::ToJson) -> serde_json::Value {
    serde_json::from_str(&ripen_json::to_string(value)).unwrap_or_default()
}
