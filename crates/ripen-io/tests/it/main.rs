//! Integration tests of ripen-io: every fixture read into its golden result, the CSV,
//! vCard and encoding fixtures by class, one contact per CSV row with a usable value,
//! imports through the engine, the export–import round trip, workbooks' sheets read as tables, and no panic on any bytes.
// Test helpers unwrap: a panic is a test failure with a message, which is what we want.
#![allow(clippy::unwrap_used)]

mod csv_files;
#[cfg(not(target_arch = "wasm32"))]
mod csv_property;
mod fixtures;
mod imports;
#[cfg(not(target_arch = "wasm32"))]
mod no_panic;
mod round_trip;
mod sheets;
mod vcard_files;
#[cfg(not(target_arch = "wasm32"))]
mod vcard_property;
