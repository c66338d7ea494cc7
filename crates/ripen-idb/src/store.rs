//! [`IdbStore`]: the core's `EventStore` on IndexedDB.

use crate::checkpoint_store;
use crate::error::{commit_error, is_version_error, open_error, store_error};
use crate::schema::{ladder, LOG_STORE, SCHEMA_VERSION};
use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use indexed_db_futures::KeyRange;
use ripen_core::checkpoint::{Checkpoint, CheckpointSink};
use ripen_core::{EventStore, StoreError, Tail};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// One open connection to a Ripen database. Dropping it closes the connection.
///
/// If the browser closes the connection by itself (storage cleared under pressure, a
/// crashed storage process), the next call opens it again. If another tab upgrades or
/// deletes the database, the connection steps aside and every later call says to reload.
#[derive(Debug)]
pub struct IdbStore {
    db: RefCell<Database>,
    name: String,
    /// Set when another connection asked to upgrade or delete the database and this one
    /// closed to let it.
    closed_for_other: Rc<Cell<bool>>,
    /// Set when the browser closed the connection without being asked.
    closed_by_browser: Rc<Cell<bool>>,
    /// Called once when the connection steps aside for another tab.
    on_stepped_aside: Rc<Listener>,
    abort_next_write: Cell<bool>,
    handlers: RefCell<Handlers>,
}

/// Whom to tell when the connection steps aside for another tab.
#[derive(Default)]
struct Listener(RefCell<Option<Box<dyn FnMut()>>>);

impl std::fmt::Debug for Listener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.borrow().is_some() { "Listener(set)" } else { "Listener(none)" })
    }
}

/// The connection's event handlers, kept alive as long as it is.
#[derive(Debug)]
struct Handlers {
    _on_versionchange: Closure<dyn FnMut()>,
    _on_close: Closure<dyn FnMut()>,
}

impl IdbStore {
    /// Opens (creating or upgrading as needed) the database called `name`. A database
    /// written by a newer schema is refused with [`StoreError::SchemaTooNew`] and left as
    /// it is.
    pub async fn open(name: &str) -> Result<Self, StoreError> {
        let closed_for_other = Rc::new(Cell::new(false));
        let closed_by_browser = Rc::new(Cell::new(false));
        let on_stepped_aside: Rc<Listener> = Rc::default();
        let (db, handlers) = Self::connect(name, &closed_for_other, &closed_by_browser, &on_stepped_aside).await?;
        Ok(Self {
            db: RefCell::new(db),
            name: name.to_owned(),
            closed_for_other,
            closed_by_browser,
            on_stepped_aside,
            abort_next_write: Cell::new(false),
            handlers: RefCell::new(handlers),
        })
    }

    async fn connect(
        name: &str,
        closed_for_other: &Rc<Cell<bool>>,
        closed_by_browser: &Rc<Cell<bool>>,
        on_stepped_aside: &Rc<Listener>,
    ) -> Result<(Database, Handlers), StoreError> {
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
        // on the next call and to whoever listens.
        let on_versionchange = {
            let (db, flag, listener) = (db.clone(), Rc::clone(closed_for_other), Rc::clone(on_stepped_aside));
            Closure::<dyn FnMut()>::new(move || {
                flag.set(true);
                db.as_sys().close();
                if let Some(listener) = listener.0.borrow_mut().as_mut() {
                    listener();
                }
            })
        };
        let on_close = {
            let flag = Rc::clone(closed_by_browser);
            Closure::<dyn FnMut()>::new(move || flag.set(true))
        };
        db.as_sys().set_onversionchange(Some(on_versionchange.as_ref().unchecked_ref()));
        db.as_sys().set_onclose(Some(on_close.as_ref().unchecked_ref()));
        Ok((db, Handlers { _on_versionchange: on_versionchange, _on_close: on_close }))
    }

    /// Calls `listener` when the connection steps aside for another tab's upgrade or a
    /// deletion: the page should ask the user to reload.
    pub fn on_stepped_aside(&self, listener: impl FnMut() + 'static) {
        *self.on_stepped_aside.0.borrow_mut() = Some(Box::new(listener));
    }

    /// Fault injection for tests: closes the connection as the browser does when it
    /// closes one by itself.
    pub fn simulate_browser_close(&self) {
        self.db.borrow().as_sys().close();
        self.closed_by_browser.set(true);
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
        self.db.borrow().as_sys().close();
    }

    /// Deletes the database called `name` (all its data). For tests and "reset demo".
    pub async fn delete(name: &str) -> Result<(), StoreError> {
        Database::delete_by_name(name).map_err(open_error)?.await.map_err(store_error)
    }

    /// Fault injection for tests: the next `append` issues all its requests, then aborts
    /// its transaction instead of committing it.
    pub fn abort_next_write(&self) {
        self.abort_next_write.set(true);
    }

    /// Refuses once the connection stepped aside for another tab; opens it again if the
    /// browser closed it.
    async fn ensure_open(&self) -> Result<(), StoreError> {
        if self.closed_for_other.get() {
            return Err(StoreError::Unavailable {
                detail: format!("database {:?} was upgraded or deleted by another tab; reload the page", self.name),
            });
        }
        if self.closed_by_browser.get() {
            let (db, handlers) =
                Self::connect(&self.name, &self.closed_for_other, &self.closed_by_browser, &self.on_stepped_aside)
                    .await?;
            self.db.borrow().as_sys().set_onversionchange(None);
            self.db.borrow().as_sys().set_onclose(None);
            *self.db.borrow_mut() = db;
            *self.handlers.borrow_mut() = handlers;
            self.closed_by_browser.set(false);
        }
        Ok(())
    }

    fn db(&self) -> Database {
        self.db.borrow().clone()
    }
}

impl Drop for IdbStore {
    fn drop(&mut self) {
        self.db.borrow().as_sys().set_onversionchange(None);
        self.db.borrow().as_sys().set_onclose(None);
        self.close();
    }
}

impl EventStore for IdbStore {
    async fn append(&self, records: &[String]) -> Result<Vec<u64>, StoreError> {
        if records.is_empty() {
            return Ok(Vec::new());
        }
        self.ensure_open().await?;
        let db = self.db();
        // Strict: "complete" only once the data is on disk, not merely handed to the OS —
        // a rep's tablet may lose power right after the app said "saved".
        let options = TransactionOptions::new().with_durability(TransactionDurability::Strict);
        let tx = db
            .transaction(LOG_STORE)
            .with_mode(TransactionMode::Readwrite)
            .with_options(options)
            .build()
            .map_err(store_error)?;
        let raw: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
        let log = raw.object_store(LOG_STORE).map_err(|e| store_error(indexed_db_futures::error::Error::from(e)))?;
        // Issue every request, then commit: awaiting anything else inside the transaction
        // would let IndexedDB auto-commit half of the work (invariant 4). The requests are
        // kept to read the keys they were given once the commit is done.
        let mut requests = Vec::with_capacity(records.len());
        for record in records {
            let request = log
                .add(&JsValue::from_str(record))
                .map_err(|e| store_error(indexed_db_futures::error::Error::from(e)))?;
            requests.push(request);
        }
        if self.abort_next_write.replace(false) {
            tx.abort().await.map_err(store_error)?;
            return Err(StoreError::Backend { detail: "aborted by fault injection".into() });
        }
        tx.commit().await.map_err(|error| commit_error(error, &raw))?;
        requests
            .iter()
            .map(|request| {
                request
                    .result()
                    .ok()
                    .and_then(|key| key.as_f64())
                    .map(|key| key as u64)
                    .ok_or_else(|| StoreError::Backend { detail: "the log gave a stored record no numeric key".into() })
            })
            .collect()
    }

    async fn load_records(&self, positions: &[u64]) -> Result<Vec<(u64, String)>, StoreError> {
        if positions.is_empty() {
            return Ok(Vec::new());
        }
        self.ensure_open().await?;
        let db = self.db();
        let tx = db.transaction(LOG_STORE).build().map_err(store_error)?;
        let log = tx.object_store(LOG_STORE).map_err(store_error)?;
        let requests = positions
            .iter()
            .map(|&position| log.get::<String, f64, _>(position as f64).primitive().map_err(store_error))
            .collect::<Result<Vec<_>, _>>()?;
        let mut found = Vec::with_capacity(positions.len());
        for (&position, request) in positions.iter().zip(requests) {
            if let Some(record) = request.await.map_err(store_error)? {
                found.push((position, record));
            }
        }
        Ok(found)
    }

    async fn load_after(&self, after: u64) -> Result<Tail, StoreError> {
        self.load_page(after, u32::MAX).await
    }

    async fn load_page(&self, after: u64, max: u32) -> Result<Tail, StoreError> {
        self.ensure_open().await?;
        let db = self.db();
        let tx = db.transaction(LOG_STORE).build().map_err(store_error)?;
        let log = tx.object_store(LOG_STORE).map_err(store_error)?;
        // Keys are the store's auto-increment numbers: exact in an f64 far beyond any log.
        let range = || KeyRange::LowerBound(after as f64, true);
        let records =
            log.get_all::<String>().with_query::<f64, _>(range()).with_limit(max).primitive().map_err(store_error)?;
        let keys =
            log.get_all_keys::<f64>().with_query::<f64, _>(range()).with_limit(max).primitive().map_err(store_error)?;
        let records = records.await.map_err(store_error)?;
        let keys = keys.await.map_err(store_error)?;
        let records = records
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| StoreError::Backend { detail: format!("the log holds a record that is not text: {e}") })?;
        let positions: Vec<u64> = keys
            .map(|key| key.map(|key| key as u64))
            .collect::<Result<_, _>>()
            .map_err(|e| StoreError::Backend { detail: format!("the log holds a key that is not a number: {e}") })?;
        if positions.len() != records.len() {
            return Err(StoreError::Backend { detail: "the log changed while it was read".into() });
        }
        let last = positions.last().copied().unwrap_or(after);
        Ok(Tail { records, positions, last })
    }

    async fn load_checkpoint(&self, sink: &mut dyn CheckpointSink) -> Result<bool, StoreError> {
        self.ensure_open().await?;
        checkpoint_store::load(&self.db(), sink).await
    }

    async fn save_checkpoint(&self, checkpoint: &Checkpoint) -> Result<(), StoreError> {
        self.ensure_open().await?;
        checkpoint_store::save(&self.db(), checkpoint, self.abort_next_write.replace(false)).await
    }

    async fn load(&self) -> Result<Vec<String>, StoreError> {
        self.ensure_open().await?;
        let db = self.db();
        let tx = db.transaction(LOG_STORE).build().map_err(store_error)?;
        let log = tx.object_store(LOG_STORE).map_err(store_error)?;
        let records = log.get_all::<String>().primitive().map_err(store_error)?.await.map_err(store_error)?;
        records
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| StoreError::Backend { detail: format!("the log holds a record that is not text: {e}") })
    }
}
