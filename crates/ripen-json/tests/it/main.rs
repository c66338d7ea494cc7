//! ripen-json against serde_json: every shape the derive writes is serde_json's bytes, reads
//! serde_json's text back, and refuses what serde refuses with serde's message.
// Test helpers unwrap: a panic is a test failure with a message, which is what we want.
#![allow(clippy::unwrap_used)]

#[cfg(not(target_arch = "wasm32"))]
mod shapes;
mod text;
