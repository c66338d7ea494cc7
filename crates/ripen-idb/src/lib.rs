//! Ripen's IndexedDB storage backend: a versioned database holding the append-only log,
//! the latest checkpoint, team sync's state and the files kept beside the log.
//!
//! Compiles to nothing but the schema description on targets other than wasm32, so that
//! the workspace builds and lints natively.

// Used by the wasm32 store; on other targets only its tests run.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod dom_error;
pub mod schema;

#[cfg(target_arch = "wasm32")]
mod checkpoint_store;
#[cfg(target_arch = "wasm32")]
mod error;
#[cfg(target_arch = "wasm32")]
mod file_store;
#[cfg(target_arch = "wasm32")]
mod probe;
#[cfg(target_arch = "wasm32")]
mod rescue;
#[cfg(target_arch = "wasm32")]
mod store;

#[cfg(target_arch = "wasm32")]
pub use file_store::StoredFile;
#[cfg(target_arch = "wasm32")]
pub use rescue::rescue;
#[cfg(target_arch = "wasm32")]
pub use store::IdbStore;
