//! The IndexedDB schema: its version, its object stores, the upgrade ladder's steps, and
//! how a Ripen database is told from someone else's.
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
//! - 3: `meta` — key `"ripen"` holds [`MARKER`], what makes a database Ripen's. From this
//!   version log records carry checksums (log format 2) and checkpoint parts too
//!   (`RIPENCK2`); records and checkpoints written before still read.
//! - 4: `sync` — key `"state"` holds team sync's state as JSON text (ripen-sync's
//!   `SyncState`: the hub, the pull's `since`, what was pushed, what was pulled), written
//!   in the same transaction as the records a pull appends to `log`.
//! - 5: `files` — files kept beside the log (photos of business cards), key
//!   `"<client>/<file>"`, value `{ meta, blob }`: the file's description as JSON text and
//!   its bytes as a `Blob` (see `file_store`). Not in the log, not synced.
//!
//! Ripen opens only Ripen databases: one whose stores are not those a Ripen build of its
//! version made (another app of the same origin chose the same name) is refused with
//! `StoreError::Foreign` and left byte for byte as it was — an upgrade that would touch it
//! is aborted before any step runs.

/// The schema version this build writes. A database with a higher version was written by a
/// newer build and is refused, untouched.
pub const SCHEMA_VERSION: u32 = 5;

/// The append-only log of committed commands.
pub const LOG_STORE: &str = "log";

/// The latest checkpoint of the state.
pub const CHECKPOINT_STORE: &str = "checkpoint";

/// What the database is: [`MARKER`] under [`MARKER_KEY`].
pub const META_STORE: &str = "meta";

pub const MARKER_KEY: &str = "ripen";

/// Team sync's state, under [`SYNC_STATE_KEY`] (since 4).
pub const SYNC_STORE: &str = "sync";

pub const SYNC_STATE_KEY: &str = "state";

/// Files kept beside the log: photos of business cards (since 5).
pub const FILES_STORE: &str = "files";

/// The marker every Ripen database of schema 3 on holds; later schemas keep it.
pub const MARKER: &str = r#"{"app":"ripen"}"#;

/// The object stores a Ripen database of `version` has, sorted as IndexedDB lists them;
/// `None` for a version this build does not know (a newer one keeps at least [`META_STORE`]).
pub fn stores_of(version: u32) -> Option<&'static [&'static str]> {
    match version {
        0 => Some(&[]),
        1 => Some(&[LOG_STORE]),
        2 => Some(&[CHECKPOINT_STORE, LOG_STORE]),
        3 => Some(&[CHECKPOINT_STORE, LOG_STORE, META_STORE]),
        4 => Some(&[CHECKPOINT_STORE, LOG_STORE, META_STORE, SYNC_STORE]),
        5 => Some(&[CHECKPOINT_STORE, FILES_STORE, LOG_STORE, META_STORE, SYNC_STORE]),
        _ => None,
    }
}

/// Why a database of `version` holding `stores` is not a Ripen database of that version,
/// if it is not. A database with no stores at all is empty, whatever its version (another
/// page opened the name without creating anything): Ripen may make it its own.
pub fn foreign_because(version: u32, stores: &[String]) -> Option<String> {
    if stores.is_empty() {
        return None;
    }
    let listed = || stores.join(", ");
    match stores_of(version) {
        Some(expected) if stores.iter().map(String::as_str).eq(expected.iter().copied()) => None,
        Some(_) => Some(format!("version {version} with the object stores {}", listed())),
        None if stores.iter().any(|s| s == META_STORE) => None,
        None => Some(format!("version {version} with the object stores {}, without Ripen's marker", listed())),
    }
}

#[cfg(target_arch = "wasm32")]
pub(crate) mod ladder {
    use super::{CHECKPOINT_STORE, FILES_STORE, LOG_STORE, MARKER, MARKER_KEY, META_STORE, SYNC_STORE};
    use indexed_db_futures::database::Database;
    use indexed_db_futures::prelude::*;

    type Step = fn(&Database) -> indexed_db_futures::Result<()>;

    /// `STEPS[n]` takes a database from version `n` to `n + 1`.
    const STEPS: [Step; super::SCHEMA_VERSION as usize] =
        [create_log, create_checkpoint, create_meta, create_sync, create_files];

    fn create_log(db: &Database) -> indexed_db_futures::Result<()> {
        db.create_object_store(LOG_STORE).with_auto_increment(true).build()?;
        Ok(())
    }

    fn create_checkpoint(db: &Database) -> indexed_db_futures::Result<()> {
        db.create_object_store(CHECKPOINT_STORE).build()?;
        Ok(())
    }

    fn create_meta(db: &Database) -> indexed_db_futures::Result<()> {
        let meta = db.create_object_store(META_STORE).build()?;
        meta.put(MARKER).with_key(MARKER_KEY).primitive()?;
        Ok(())
    }

    fn create_sync(db: &Database) -> indexed_db_futures::Result<()> {
        db.create_object_store(SYNC_STORE).build()?;
        Ok(())
    }

    fn create_files(db: &Database) -> indexed_db_futures::Result<()> {
        db.create_object_store(FILES_STORE).build()?;
        Ok(())
    }

    /// Runs every step from `old` up to the current version, inside the versionchange
    /// transaction: if any step fails, the whole upgrade rolls back. A database without
    /// stores starts from the first step.
    pub(crate) fn upgrade(db: &Database, old: u32) -> indexed_db_futures::Result<()> {
        let from = if db.object_store_names().next().is_none() { 0 } else { old as usize };
        for step in STEPS.iter().skip(from) {
            step(db)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(stores: &[&str]) -> Vec<String> {
        stores.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn ripen_databases_of_each_version_are_told_from_foreign_ones() {
        let cases: &[(u32, &[&str], bool)] = &[
            (1, &["log"], true),
            (2, &["checkpoint", "log"], true),
            (3, &["checkpoint", "log", "meta"], true),
            (4, &["checkpoint", "log", "meta", "sync"], true),
            (4, &["checkpoint", "log", "meta"], false),
            (5, &["checkpoint", "files", "log", "meta", "sync"], true),
            (5, &["checkpoint", "log", "meta", "sync"], false),
            (4, &["checkpoint", "files", "log", "meta", "sync"], false),
            (9, &["checkpoint", "log", "meta", "sync"], true),
            (1, &[], true),
            (7, &[], true),
            (1, &["keyvaluepairs"], false),
            (2, &["log"], false),
            (2, &["checkpoint", "log", "orders"], false),
            (3, &["checkpoint", "log"], false),
            (1, &["checkpoint", "log"], false),
            (9, &["checkpoint", "log"], false),
        ];
        for (version, stores, ripen) in cases {
            let verdict = foreign_because(*version, &names(stores));
            assert_eq!(verdict.is_none(), *ripen, "version {version} {stores:?}: {verdict:?}");
        }
    }

    #[test]
    fn every_version_up_to_the_current_one_has_its_stores() {
        for version in 0..=SCHEMA_VERSION {
            let stores = stores_of(version).unwrap();
            assert!(stores.windows(2).all(|w| w[0] < w[1]), "sorted as IndexedDB lists them");
        }
        assert_eq!(stores_of(SCHEMA_VERSION + 1), None);
    }
}
