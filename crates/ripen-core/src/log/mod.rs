//! The log and what is kept beside it: events encoded into records and read back, the
//! checkpoint (the state as of a log position), backups, and the storage contract.

pub mod backup;
pub mod checkpoint;
mod checkpoint_layout;
mod checkpoint_writer;
pub mod checksum;
pub mod codec;
pub mod digest;
pub(crate) mod store;
