//! Integration tests of ripen-core through its public API: the engine over the memory store.

mod engine;
mod event_model;
