//! The storage contract every backend implements, and the in-memory backend.

mod memory;

pub use memory::MemoryStore;

use crate::log::checkpoint::{Checkpoint, CheckpointSink};
use crate::log::codec::SkipProblem;
use crate::values::error::ErrorKind;

/// Durable, append-only storage of encoded commits.
///
/// The engine is single-threaded (a browser tab), so futures need not be `Send`.
#[allow(async_fn_in_trait)]
pub trait EventStore {
    /// Appends the records of one committed command atomically: when this returns `Ok`,
    /// all of them are durable; when it returns `Err`, none of them are stored. Returns the
    /// position of each record.
    async fn append(&self, records: &[String]) -> Result<Vec<u64>, StoreError>;

    /// The records stored at `positions` (ascending), each with its position; a position
    /// that holds nothing is left out. This is how a client's history is read on demand.
    async fn load_records(&self, positions: &[u64]) -> Result<Vec<(u64, String)>, StoreError>;

    /// Every record ever appended, in append order.
    async fn load(&self) -> Result<Vec<String>, StoreError>;

    /// The records appended after position `after` (0: from the start), in append order,
    /// and the position of the last of them (`after` if there are none). Positions grow
    /// with every append from any connection, so another tab's writes can be read as
    /// they land.
    async fn load_after(&self, after: u64) -> Result<Tail, StoreError>;

    /// Hands the latest checkpoint (see [`crate::checkpoint`]) to `sink` a part at a time;
    /// `false` if none was saved.
    async fn load_checkpoint(&self, sink: &mut dyn CheckpointSink) -> Result<bool, StoreError>;

    /// Replaces the checkpoint atomically: a reader finds the old one or the new one, whole.
    async fn save_checkpoint(&self, checkpoint: &Checkpoint) -> Result<(), StoreError>;

    /// As [`EventStore::load_after`], at most `max` records: a log is read a page at a
    /// time, so the raw records are never in memory whole.
    async fn load_page(&self, after: u64, max: u32) -> Result<Tail, StoreError>;

    /// The highest log position that holds a record (0 for an empty log): a checkpoint
    /// that says it covers more disagrees with the log and is not used.
    async fn log_end(&self) -> Result<u64, StoreError>;

    /// Appends records pulled from a team hub together with the sync state that says
    /// so (opaque text: ripen-sync's), atomically: both are stored or neither is, so a tab
    /// killed mid-pull neither loses a record nor takes one twice. Returns the position of
    /// each record, as [`EventStore::append`] does.
    async fn append_pulled(&self, records: &[String], sync_state: &str) -> Result<Vec<u64>, StoreError>;

    /// Replaces the sync state alone (what a push got onto the hub).
    async fn save_sync_state(&self, sync_state: &str) -> Result<(), StoreError>;

    /// The sync state last stored, `None` before the first sync.
    async fn load_sync_state(&self) -> Result<Option<String>, StoreError>;

    /// Records the log holds under keys that are no log position (someone else's writes,
    /// hand edits): they are never read as records, only reported.
    async fn stray_keys(&self) -> Result<Vec<Unreadable>, StoreError> {
        Ok(Vec::new())
    }
}

/// A record the store holds but cannot hand over as a log record, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// Its key, when it is a log position (0 otherwise; `detail` describes the key).
    pub position: u64,
    pub problem: SkipProblem,
    pub detail: String,
}

/// What [`EventStore::load_after`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tail {
    pub records: Vec<String>,
    /// The position of each record.
    pub positions: Vec<u64>,
    /// Records among these positions that could not be handed over as text.
    pub unreadable: Vec<Unreadable>,
    pub last: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("the device's storage is full; nothing of this change was saved{}", if detail.is_empty() { String::new() } else { format!(" ({detail})") })]
    QuotaExceeded { detail: String },
    #[error("database {database:?} was written by a newer version of Ripen (schema {found}; this build knows up to {supported}); reload to update the app")]
    SchemaTooNew { database: String, found: u32, supported: u32 },
    #[error("database {database:?} is not a Ripen database ({detail}); it was left as it is — open Ripen under another name")]
    Foreign { database: String, detail: String },
    #[error("storage is unavailable: {detail}")]
    Unavailable { detail: String },
    #[error("storage operation failed: {detail}")]
    Backend { detail: String },
}

impl StoreError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::QuotaExceeded { .. } => ErrorKind::QuotaExceeded,
            Self::SchemaTooNew { .. } => ErrorKind::SchemaTooNew,
            Self::Foreign { .. } => ErrorKind::ForeignDatabase,
            Self::Unavailable { .. } | Self::Backend { .. } => ErrorKind::Storage,
        }
    }
}
