//! Ripen's JavaScript facade: the `Crm` class, boundary types and error mapping.
//!
//! Thin by design (invariant 5): it converts DTOs to domain types, maps errors to JS
//! `Error` objects with a stable `kind`, and calls ripen-core and ripen-idb. The DTO and
//! error modules are plain Rust and tested natively; the JS glue exists only on wasm32.

pub mod boundary;
pub mod dto;
pub mod error;
// Used by `zones`; plain Rust, so tested natively.
#[cfg(any(test, target_arch = "wasm32"))]
mod gmt_offset;

/// The JS glue: every module below exists only on wasm32.
macro_rules! wasm_only {
    ($($vis:vis mod $name:ident;)+) => { $(#[cfg(target_arch = "wasm32")] $vis mod $name;)+ };
}

wasm_only! {
    mod agenda;
    mod backup;
    mod budget;
    mod checkpoints;
    mod clients;
    mod conflicts;
    mod crm;
    mod funnel;
    mod history;
    mod hub_http;
    mod hub_inbox;
    mod hub_sync;
    mod files;
    mod campaigns;
    mod follow_ups;
    mod imports;
    mod js;
    mod people;
    mod photos;
    mod pipelines;
    mod routing;
    mod listing;
    pub mod normalize;
    mod search;
    mod search_warmup;
    mod shows;
    mod readers;
    mod scan;
    mod storage_manager;
    mod suggestions;
    mod sync_api;
    mod tabs;
    mod templates;
    mod touches;
    mod typings;
    mod web_leads;
    pub mod zones;
}

// Built only with the `bench` feature (`cargo xtask bench`): not in the shipped package.
#[cfg(all(target_arch = "wasm32", feature = "bench"))]
pub mod bench;
#[cfg(all(target_arch = "wasm32", feature = "bench"))]
pub mod search_bench;

#[cfg(target_arch = "wasm32")]
pub use crm::Crm;

/// A value as serde_json's tree, for tests that compare results with `json!`.
#[cfg(test)]
pub(crate) fn tests_json(value: &impl ripen_json::ToJson) -> serde_json::Value {
    serde_json::from_str(&ripen_json::to_string(value)).unwrap_or_default()
}
