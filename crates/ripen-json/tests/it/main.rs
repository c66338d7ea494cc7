//! ripen-json against serde_json: every shape the derive writes is serde_json's bytes, reads
//! serde_json's text back, and refuses what serde refuses with serde's message.

mod shapes;
mod text;
