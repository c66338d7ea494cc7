//! The IndexedDB schema: its version, its object stores, and the upgrade ladder's steps.
//!
//! Every released version has a dump in `tests/fixtures/schema-v<N>.json` (its stores'
//! records with their keys, as that build wrote them), which the tests write back as that
//! build would have and open with the current code. A new version adds its dump; the
//! newest one is also compared with what the current build writes, so a change to the
//! stored layout cannot slip in without a new version.
//!
//! Version history (never edit a released step; add the next one):
//! - 1: `log` — one record per chunk of a committed command (see `ripen_core::codec`),
//!   out-of-line auto-increment keys, so append order is the key order across all tabs.
//! - 2: `checkpoint` — the latest checkpoint (see `ripen_core::checkpoint`): key 0 holds
//!   its header as JSON text (`{"covers":…,"generation":…,"parts":…,"bytes":…}`), keys
//!   `[generation, i]` its parts as `Uint8Array`s. A new generation is written in small
//!   transactions and made current by the one that puts the header (see
//!   `checkpoint_store`).

/// The schema version this build writes. A database with a higher version was written by a
/// newer build and is refused, untouched.
pub const SCHEMA_VERSION: u32 = 2;

/// The append-only log of committed commands.
pub const LOG_STORE: &str = "log";

/// The latest checkpoint of the state.
pub const CHECKPOINT_STORE: &str = "checkpoint";

#[cfg(target_arch = "wasm32")]
pub(crate) mod ladder {
    use super::{CHECKPOINT_STORE, LOG_STORE};
    use indexed_db_futures::database::Database;
    use indexed_db_futures::prelude::*;

    type Step = fn(&Database) -> indexed_db_futures::Result<()>;

    /// `STEPS[n]` takes a database from version `n` to `n + 1`.
    const STEPS: [Step; super::SCHEMA_VERSION as usize] = [create_log, create_checkpoint];

    fn create_log(db: &Database) -> indexed_db_futures::Result<()> {
        db.create_object_store(LOG_STORE).with_auto_increment(true).build()?;
        Ok(())
    }

    fn create_checkpoint(db: &Database) -> indexed_db_futures::Result<()> {
        db.create_object_store(CHECKPOINT_STORE).build()?;
        Ok(())
    }

    /// Runs every step from `old` up to the current version, inside the versionchange
    /// transaction: if any step fails, the whole upgrade rolls back.
    pub(crate) fn upgrade(db: &Database, old: u32) -> indexed_db_futures::Result<()> {
        for step in STEPS.iter().skip(old as usize) {
            step(db)?;
        }
        Ok(())
    }
}
