//! [`IdbStore`]: the core's `EventStore` on IndexedDB.

use crate::error::{is_version_error, open_error, store_error};
use crate::schema::{ladder, LOG_STORE, SCHEMA_VERSION};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use ripen_core::{EventStore, StoreError};

/// One open connection to a Ripen database.
#[derive(Debug)]
pub struct IdbStore {
    db: Database,
    name: String,
}

impl IdbStore {
    /// Opens (creating or upgrading as needed) the database called `name`. A database
    /// written by a newer schema is refused with [`StoreError::SchemaTooNew`] and left as
    /// it is.
    pub async fn open(name: &str) -> Result<Self, StoreError> {
        let opened = Database::open(name)
            .with_version(SCHEMA_VERSION)
            .with_on_upgrade_needed(|event, db| ladder::upgrade(&db, event.old_version() as u32))
            .await;
        match opened {
            Ok(db) => Ok(Self { db, name: name.to_owned() }),
            Err(error) if is_version_error(&error) => Err(Self::too_new(name).await),
            Err(error) => Err(open_error(error)),
        }
    }

    /// Reads the version of a database that refused our version, without changing it.
    async fn too_new(name: &str) -> StoreError {
        let found = match Database::open(name).await {
            Ok(db) => {
                let version = db.version() as u32;
                db.close();
                version
            }
            Err(_) => SCHEMA_VERSION + 1,
        };
        StoreError::SchemaTooNew { database: name.to_owned(), found, supported: SCHEMA_VERSION }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Closes the connection, so that another can upgrade or delete the database.
    pub fn close(self) {
        self.db.close();
    }

    /// Deletes the database called `name` (all its data). For tests and "reset demo".
    pub async fn delete(name: &str) -> Result<(), StoreError> {
        Database::delete_by_name(name).map_err(open_error)?.await.map_err(store_error)
    }
}

impl EventStore for IdbStore {
    async fn append(&self, records: &[String]) -> Result<(), StoreError> {
        if records.is_empty() {
            return Ok(());
        }
        let tx = self.db.transaction(LOG_STORE).with_mode(TransactionMode::Readwrite).build().map_err(store_error)?;
        let log = tx.object_store(LOG_STORE).map_err(store_error)?;
        // Issue every request, then commit: awaiting anything else inside the transaction
        // would let IndexedDB auto-commit half of the work (invariant 4).
        for record in records {
            log.add(record.as_str()).primitive().map_err(store_error)?;
        }
        tx.commit().await.map_err(store_error)
    }

    async fn load(&self) -> Result<Vec<String>, StoreError> {
        let tx = self.db.transaction(LOG_STORE).build().map_err(store_error)?;
        let log = tx.object_store(LOG_STORE).map_err(store_error)?;
        let records = log.get_all::<String>().primitive().map_err(store_error)?.await.map_err(store_error)?;
        records.collect::<Result<Vec<_>, _>>().map_err(store_error)
    }
}
