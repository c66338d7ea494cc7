//! Rescue: every readable record of a database that cannot be opened (written by a newer
//! build, damaged beyond opening, someone else's), read without changing anything in it.

use crate::error::open_error;
use crate::probe::probe;
use crate::schema::LOG_STORE;
use crate::store::read_page;
use indexed_db_futures::database::Database;
use ripen_core::codec::{Decoded, LogReader};
use ripen_core::StoreError;

/// Records read from the log at a time.
const PAGE: u32 = 256;

/// The events of every commit of database `name` that can still be read, in fold order,
/// and what was left out. The database is opened at whatever version it has, never
/// upgraded, never created: `None` when the name holds no database.
pub async fn rescue(name: &str) -> Result<Option<Decoded>, StoreError> {
    if probe(name).await?.is_none() {
        return Ok(None);
    }
    // It exists, so opening it at whatever version it has upgrades nothing.
    let db = Database::open(name).await.map_err(open_error)?;
    let rescued = read_all(&db).await;
    db.close();
    rescued.map(Some)
}

async fn read_all(db: &Database) -> Result<Decoded, StoreError> {
    let mut reader = LogReader::rescuing();
    if !db.object_store_names().any(|store| store == LOG_STORE) {
        return reader.finish().map_err(|e| StoreError::Backend { detail: e.to_string() });
    }
    let mut after = 0;
    loop {
        let page = read_page(db, after, PAGE).await?;
        if page.records.is_empty() && page.unreadable.is_empty() {
            break;
        }
        after = page.last;
        for unreadable in page.unreadable {
            reader.unreadable(unreadable.position, unreadable.problem, unreadable.detail);
        }
        for (record, position) in page.records.iter().zip(page.positions) {
            // A rescuing reader leaves out what it cannot read instead of failing.
            reader.read_at(position, record).map_err(|e| StoreError::Backend { detail: e.to_string() })?;
        }
    }
    reader.finish().map_err(|e| StoreError::Backend { detail: e.to_string() })
}
