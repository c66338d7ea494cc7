//! Integration tests of ripen-io: every fixture read into its golden result, the vCard
//! and encoding fixtures by class, imports through the engine, the export–import round
//! trip, and no panic on any bytes.
// Test helpers unwrap: a panic is a test failure with a message, which is what we want.
#![allow(clippy::unwrap_used)]

mod fixtures;
mod imports;
#[cfg(not(target_arch = "wasm32"))]
mod no_panic;
mod round_trip;
mod vcard_files;
#[cfg(not(target_arch = "wasm32"))]
mod vcard_property;
