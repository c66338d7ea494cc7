//! Every value JS passes in is checked here before it reaches wasm memory: its type, its
//! size against the caps, its Unicode; objects cross as JSON text checked on the JS side
//! first (no NaN, invalid Date or Map silently becoming null or `{}`). Whatever is wrong
//! ends as a `RipenError` of kind "validation" naming the argument (or the path inside
//! it) and a `problem` code, before anything is copied.
//!
//! wasm-bindgen's own glue copies a `String` or `&[u8]` parameter into wasm memory by its
//! `length`, whatever the value is; so every `Crm` method takes `JsValue`s (typed for
//! TypeScript with `unchecked_param_type`) and reads them through this module.

pub mod caps;
pub mod problem;

#[cfg(target_arch = "wasm32")]
mod js;

#[cfg(target_arch = "wasm32")]
pub(crate) use js::*;
