//! Ripen's JavaScript facade: the `Crm` class, boundary types and error mapping.
//!
//! Thin by design (invariant 5): it converts DTOs to domain types, maps errors to JS
//! `Error` objects with a stable `kind`, and calls ripen-core and ripen-idb. The DTO and
//! error modules are plain Rust and tested natively; the JS glue exists only on wasm32.

pub mod dto;
pub mod error;

#[cfg(target_arch = "wasm32")]
mod agenda;
#[cfg(target_arch = "wasm32")]
mod backup;
#[cfg(target_arch = "wasm32")]
pub mod bench;
#[cfg(target_arch = "wasm32")]
mod clients;
#[cfg(target_arch = "wasm32")]
mod crm;
#[cfg(target_arch = "wasm32")]
mod funnel;
#[cfg(target_arch = "wasm32")]
mod history;
#[cfg(target_arch = "wasm32")]
mod js;
#[cfg(target_arch = "wasm32")]
mod people;
#[cfg(target_arch = "wasm32")]
mod pipelines;
#[cfg(target_arch = "wasm32")]
mod routing;
#[cfg(target_arch = "wasm32")]
mod search;
#[cfg(target_arch = "wasm32")]
pub mod search_bench;
#[cfg(target_arch = "wasm32")]
mod storage_manager;
#[cfg(target_arch = "wasm32")]
mod tabs;
#[cfg(target_arch = "wasm32")]
mod touches;
#[cfg(target_arch = "wasm32")]
mod typings;

#[cfg(target_arch = "wasm32")]
pub use crm::Crm;
