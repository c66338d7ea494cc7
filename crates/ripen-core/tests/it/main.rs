//! Integration tests of ripen-core through its public API: the engine over the memory store.
// Test helpers unwrap: a panic is a test failure with a message, which is what we want.
#![allow(clippy::unwrap_used)]

mod agenda;
mod backup;
#[cfg(not(target_arch = "wasm32"))]
mod budget;
#[cfg(not(target_arch = "wasm32"))]
mod campaigns;
mod clients;
#[cfg(not(target_arch = "wasm32"))]
mod commands;
#[cfg(not(target_arch = "wasm32"))]
mod convergence;
mod desk;
mod domain;
mod engine;
#[cfg(not(target_arch = "wasm32"))]
mod event_model;
#[cfg(not(target_arch = "wasm32"))]
mod follow_ups;
#[cfg(not(target_arch = "wasm32"))]
mod funnel;
#[cfg(not(target_arch = "wasm32"))]
mod funnel_recount;
mod imports;
mod integrity;
#[cfg(not(target_arch = "wasm32"))]
mod merge;
#[cfg(not(target_arch = "wasm32"))]
mod pairs;
#[cfg(not(target_arch = "wasm32"))]
mod permissions;
#[cfg(not(target_arch = "wasm32"))]
mod policy;
#[cfg(not(target_arch = "wasm32"))]
mod policy_facts;
#[cfg(not(target_arch = "wasm32"))]
mod reports;
#[cfg(not(target_arch = "wasm32"))]
mod response;
mod revert_refusals;
mod routing;
mod search;
#[cfg(not(target_arch = "wasm32"))]
mod shows;
#[cfg(not(target_arch = "wasm32"))]
mod suggest;
mod templates;
#[cfg(not(target_arch = "wasm32"))]
mod tidy;
#[cfg(not(target_arch = "wasm32"))]
mod web_leads;

/// Reads without any limit, as before the first admin.
fn everyone() -> ripen_core::Access {
    ripen_core::Access::everything()
}
