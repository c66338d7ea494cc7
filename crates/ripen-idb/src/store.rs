//! [`IdbStore`]: the core's `EventStore` on IndexedDB.

use crate::error::{commit_error, is_version_error, open_error, store_error};
use crate::schema::{ladder, LOG_STORE, SCHEMA_VERSION};
use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use indexed_db_futures::KeyRange;
use ripen_core::{EventStore, StoreError, Tail};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// One open connection to a Ripen database. Dropping it closes the connection.
#[derive(Debug)]
pub struct IdbStore {
    db: Database,
    name: String,
    /// Set when another connection asked to upgrade or delete the database and this one
    /// closed to let it.
    closed_for_other: Rc<Cell<bool>>,
    abort_next_append: Cell<bool>,
    _on_versionchange: Closure<dyn FnMut()>,
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
        let db = match opened {
            Ok(db) => db,
            Err(error) if is_version_error(&error) => return Err(Self::too_new(name).await),
            Err(error) => return Err(open_error(error)),
        };
        // Never stand in the way of another tab's upgrade or a deletion: close, and say so
        // on the next write.
        let closed_for_other = Rc::new(Cell::new(false));
        let on_versionchange = {
            let (db, flag) = (db.clone(), Rc::clone(&closed_for_other));
            Closure::<dyn FnMut()>::new(move || {
                flag.set(true);
                db.as_sys().close();
            })
        };
        db.as_sys().set_onversionchange(Some(on_versionchange.as_ref().unchecked_ref()));
        Ok(Self {
            db,
            name: name.to_owned(),
            closed_for_other,
            abort_next_append: Cell::new(false),
            _on_versionchange: on_versionchange,
        })
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

    /// Closes the connection. Transactions already under way still complete (IndexedDB
    /// defers the close until they do); later calls fail with a storage error.
    pub fn close(&self) {
        self.db.as_sys().close();
    }

    /// Deletes the database called `name` (all its data). For tests and "reset demo".
    pub async fn delete(name: &str) -> Result<(), StoreError> {
        Database::delete_by_name(name).map_err(open_error)?.await.map_err(store_error)
    }

    /// Fault injection for tests: the next `append` issues all its requests, then aborts
    /// its transaction instead of committing it.
    pub fn abort_next_append(&self) {
        self.abort_next_append.set(true);
    }

    fn ensure_open(&self) -> Result<(), StoreError> {
        if self.closed_for_other.get() {
            return Err(StoreError::Unavailable {
                detail: format!("database {:?} was upgraded or deleted by another tab; reload the page", self.name),
            });
        }
        Ok(())
    }
}

impl Drop for IdbStore {
    fn drop(&mut self) {
        self.db.as_sys().set_onversionchange(None);
        self.close();
    }
}

impl EventStore for IdbStore {
    async fn append(&self, records: &[String]) -> Result<(), StoreError> {
        if records.is_empty() {
            return Ok(());
        }
        self.ensure_open()?;
        // Strict: "complete" only once the data is on disk, not merely handed to the OS —
        // a rep's tablet may lose power right after the app said "saved".
        let options = TransactionOptions::new().with_durability(TransactionDurability::Strict);
        let tx = self
            .db
            .transaction(LOG_STORE)
            .with_mode(TransactionMode::Readwrite)
            .with_options(options)
            .build()
            .map_err(store_error)?;
        let raw: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
        let log = tx.object_store(LOG_STORE).map_err(store_error)?;
        // Issue every request, then commit: awaiting anything else inside the transaction
        // would let IndexedDB auto-commit half of the work (invariant 4).
        for record in records {
            log.add(record.as_str()).primitive().map_err(store_error)?;
        }
        if self.abort_next_append.replace(false) {
            tx.abort().await.map_err(store_error)?;
            return Err(StoreError::Backend { detail: "aborted by fault injection".into() });
        }
        tx.commit().await.map_err(|error| commit_error(error, &raw))
    }

    async fn load_after(&self, after: u64) -> Result<Tail, StoreError> {
        self.ensure_open()?;
        let tx = self.db.transaction(LOG_STORE).build().map_err(store_error)?;
        let log = tx.object_store(LOG_STORE).map_err(store_error)?;
        // Keys are the store's auto-increment numbers: exact in an f64 far beyond any log.
        let range = || KeyRange::LowerBound(after as f64, true);
        let records = log.get_all::<String>().with_query::<f64, _>(range()).primitive().map_err(store_error)?;
        let keys = log.get_all_keys::<f64>().with_query::<f64, _>(range()).primitive().map_err(store_error)?;
        let records = records.await.map_err(store_error)?;
        let keys = keys.await.map_err(store_error)?;
        let records = records
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| StoreError::Backend { detail: format!("the log holds a record that is not text: {e}") })?;
        let last = keys.filter_map(Result::ok).fold(after as f64, f64::max) as u64;
        Ok(Tail { records, last })
    }

    async fn load(&self) -> Result<Vec<String>, StoreError> {
        self.ensure_open()?;
        let tx = self.db.transaction(LOG_STORE).build().map_err(store_error)?;
        let log = tx.object_store(LOG_STORE).map_err(store_error)?;
        let records = log.get_all::<String>().primitive().map_err(store_error)?.await.map_err(store_error)?;
        records
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| StoreError::Backend { detail: format!("the log holds a record that is not text: {e}") })
    }
}
