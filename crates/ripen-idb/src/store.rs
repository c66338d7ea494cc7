//! [`IdbStore`]: the core's `EventStore` on IndexedDB.

use crate::checkpoint_store;
use crate::error::{commit_error, is_version_error, open_error, store_error};
use crate::probe::probe;
use crate::schema::{self, ladder, LOG_STORE, MARKER_KEY, META_STORE, SCHEMA_VERSION, SYNC_STATE_KEY, SYNC_STORE};
use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use indexed_db_futures::KeyRange;
use ripen_core::checkpoint::{Checkpoint, CheckpointSink};
use ripen_core::codec::SkipProblem;
use ripen_core::{EventStore, StoreError, Tail, Unreadable};
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
        refuse_what_is_not_ours(name).await?;
        let refused: Rc<RefCell<Option<String>>> = Rc::default();
        let opened = Database::open(name)
            .with_version(SCHEMA_VERSION)
            .with_on_upgrade_needed({
                let refused = Rc::clone(&refused);
                move |event, db| {
                    let old = event.old_version() as u32;
                    let stores: Vec<String> = db.object_store_names().collect();
                    if let Some(why) = schema::foreign_because(old, &stores) {
                        // Only when another page made the database between the probe and
                        // this open: an error thrown from the handler aborts the upgrade
                        // before any step ran, and the database stays as it was.
                        let message = format!("not a Ripen database: {why}");
                        *refused.borrow_mut() = Some(why);
                        return Err(indexed_db_futures::error::Error::from(JsValue::from_str(&message)));
                    }
                    ladder::upgrade(&db, old)
                }
            })
            .await;
        let foreign = |detail: String| StoreError::Foreign { database: name.to_owned(), detail };
        if let Some(why) = refused.borrow_mut().take() {
            if let Ok(db) = &opened {
                db.as_sys().close();
            }
            return Err(foreign(why));
        }
        let db = match opened {
            Ok(db) => db,
            Err(error) if is_version_error(&error) => return Err(Self::too_new(name).await),
            Err(error) => return Err(open_error(error)),
        };
        if let Err(why) = check_ripen(&db).await {
            db.as_sys().close();
            return Err(foreign(why));
        }
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

    /// Reads the version of a database that refused our version, without changing it: a
    /// newer Ripen's, or someone else's.
    async fn too_new(name: &str) -> StoreError {
        let (found, stores) = match Database::open(name).await {
            Ok(db) => {
                let version = db.version() as u32;
                let stores: Vec<String> = db.object_store_names().collect();
                db.close();
                (version, stores)
            }
            Err(_) => (SCHEMA_VERSION + 1, vec![schema::META_STORE.to_owned()]),
        };
        match schema::foreign_because(found, &stores) {
            Some(detail) => StoreError::Foreign { database: name.to_owned(), detail },
            None => StoreError::SchemaTooNew { database: name.to_owned(), found, supported: SCHEMA_VERSION },
        }
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
    pub(crate) async fn ensure_open(&self) -> Result<(), StoreError> {
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

    pub(crate) fn db(&self) -> Database {
        self.db.borrow().clone()
    }

    /// Adds `records` to the log — and with `sync_state`, puts it in the sync store — in
    /// one strict-durability transaction; the keys the records got.
    async fn write_records(&self, records: &[String], sync_state: Option<&str>) -> Result<Vec<u64>, StoreError> {
        let durability =
            if sync_state.is_some() { TransactionDurability::Relaxed } else { TransactionDurability::Strict };
        self.write_records_durably(records, sync_state, durability).await
    }

    /// Strict for this device's own writes: "complete" only once the data is on disk, not
    /// merely handed to the OS — a rep's tablet may lose power right after the app said
    /// "saved". Relaxed for what a pull brings with its `since`: lost with the power, both
    /// are lost together (one transaction), and the hub still holds them for the next
    /// pull; a first sync is thousands of these writes.
    async fn write_records_durably(
        &self,
        records: &[String],
        sync_state: Option<&str>,
        durability: TransactionDurability,
    ) -> Result<Vec<u64>, StoreError> {
        self.ensure_open().await?;
        let db = self.db();
        let stores: &[&str] = if sync_state.is_some() { &[LOG_STORE, SYNC_STORE] } else { &[LOG_STORE] };
        let options = TransactionOptions::new().with_durability(durability);
        let tx = db
            .transaction(stores)
            .with_mode(TransactionMode::Readwrite)
            .with_options(options)
            .build()
            .map_err(store_error)?;
        let raw: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
        let log = raw.object_store(LOG_STORE).map_err(dom)?;
        // Issue every request, then commit: awaiting anything else inside the transaction
        // would let IndexedDB auto-commit half of the work (invariant 4). The requests are
        // kept to read the keys they were given once the commit is done.
        let mut requests = Vec::with_capacity(records.len());
        for record in records {
            requests.push(log.add(&JsValue::from_str(record)).map_err(dom)?);
        }
        if let Some(state) = sync_state {
            let sync = raw.object_store(SYNC_STORE).map_err(dom)?;
            sync.put_with_key(&JsValue::from_str(state), &JsValue::from_str(SYNC_STATE_KEY)).map_err(dom)?;
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
}

impl Drop for IdbStore {
    fn drop(&mut self) {
        self.db.borrow().as_sys().set_onversionchange(None);
        self.db.borrow().as_sys().set_onclose(None);
        self.close();
    }
}

/// Looks at the database `name` before it is opened for real, so that an upgrade never
/// starts on one that is not Ripen's (refused as `Foreign`) or that a newer Ripen wrote
/// (`SchemaTooNew`); either is left exactly as it is.
async fn refuse_what_is_not_ours(name: &str) -> Result<(), StoreError> {
    let Some(found) = probe(name).await? else { return Ok(()) };
    let foreign = |detail: String| StoreError::Foreign { database: name.to_owned(), detail };
    if let Some(why) = schema::foreign_because(found.version, &found.stores) {
        return Err(foreign(why));
    }
    let has_meta = found.stores.iter().any(|s| s == META_STORE);
    if has_meta && !found.marker.as_deref().is_some_and(is_marker) {
        return Err(foreign("its meta store holds no Ripen marker".into()));
    }
    if found.version > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew {
            database: name.to_owned(),
            found: found.version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Whether `text` is Ripen's marker (later builds may add to it).
fn is_marker(text: &str) -> bool {
    #[derive(ripen_json::FromJson)]
    struct Marker {
        app: String,
    }
    ripen_json::from_str::<Marker>(text).is_ok_and(|marker| marker.app == "ripen")
}

/// Whether an opened database of the current version is Ripen's: its stores, and the
/// marker in `meta`.
async fn check_ripen(db: &Database) -> Result<(), String> {
    let stores: Vec<String> = db.object_store_names().collect();
    if stores.is_empty() {
        // Stores are made only by an upgrade, and this one is at Ripen's version already.
        return Err(format!("it is empty at version {SCHEMA_VERSION}, where Ripen cannot make its stores"));
    }
    if let Some(why) = schema::foreign_because(SCHEMA_VERSION, &stores) {
        return Err(why);
    }
    let read = async {
        let tx = db.transaction(META_STORE).build()?;
        let meta = tx.object_store(META_STORE)?;
        meta.get::<JsValue, _, _>(MARKER_KEY).primitive()?.await
    };
    let marker = read.await.map_err(|e| format!("its marker cannot be read: {e}"))?;
    match marker.and_then(|m| m.as_string()) {
        Some(marker) if is_marker(&marker) => Ok(()),
        _ => Err("its meta store holds no Ripen marker".into()),
    }
}

fn dom(error: JsValue) -> StoreError {
    store_error(indexed_db_futures::error::Error::from(error))
}

/// Up to `max` records of the log after position `after`, each handed over as text or
/// told as unreadable (not text, a key between positions).
pub(crate) async fn read_page(db: &Database, after: u64, max: u32) -> Result<Tail, StoreError> {
    let tx = db.transaction(LOG_STORE).build().map_err(store_error)?;
    let log = tx.object_store(LOG_STORE).map_err(store_error)?;
    // Keys are the store's auto-increment numbers: exact in an f64 far beyond any log.
    // Only numbers are read as records; keys of other types are `stray_keys`.
    let range = || KeyRange::Bound(after as f64, true, f64::INFINITY, false);
    let values =
        log.get_all::<JsValue>().with_query::<f64, _>(range()).with_limit(max).primitive().map_err(store_error)?;
    let keys =
        log.get_all_keys::<f64>().with_query::<f64, _>(range()).with_limit(max).primitive().map_err(store_error)?;
    let values: Vec<JsValue> = values.await.map_err(store_error)?.collect::<Result<_, _>>().map_err(store_error)?;
    let keys: Vec<f64> = keys.await.map_err(store_error)?.collect::<Result<_, _>>().map_err(store_error)?;
    if keys.len() != values.len() {
        return Err(StoreError::Backend { detail: "the log changed while it was read".into() });
    }
    let full = keys.len() == max as usize;
    let last = match keys.last() {
        None => after,
        // A hand-put key between two positions: read past it, without skipping the
        // position after it while more may follow.
        Some(&key) if key.fract() != 0.0 && full => key.floor() as u64,
        Some(&key) => key.ceil() as u64,
    };
    let mut tail = Tail { last, ..Tail::default() };
    for (key, value) in keys.into_iter().zip(values) {
        if key.fract() != 0.0 {
            tail.unreadable.push(Unreadable {
                position: key as u64,
                problem: SkipProblem::Key,
                detail: format!("a record under the key {key}, which is no log position"),
            });
            continue;
        }
        match value.as_string() {
            Some(text) => {
                tail.records.push(text);
                tail.positions.push(key as u64);
            }
            None => tail.unreadable.push(Unreadable {
                position: key as u64,
                problem: SkipProblem::NotText,
                detail: format!("the record at position {key} is {}, not text", describe(&value)),
            }),
        }
    }
    Ok(tail)
}

/// How many records under stray keys are told one by one (of each kind).
const STRAY_KEYS_TOLD: u32 = 20;

/// What a stored value is, for a report: its JS type, or the kind of object.
fn describe(value: &JsValue) -> String {
    if value.is_null() || value.is_undefined() {
        return "empty".into();
    }
    if value.is_object() {
        let name = js_sys::Object::from(value.clone()).constructor().name();
        return format!("an object ({name})");
    }
    format!("a {}", value.js_typeof().as_string().unwrap_or_default())
}

/// A key as a person reads it: JSON where it has a JSON form.
fn describe_key(key: &JsValue) -> String {
    js_sys::JSON::stringify(key).ok().and_then(|text| text.as_string()).unwrap_or_else(|| describe(key))
}

impl EventStore for IdbStore {
    async fn append(&self, records: &[String]) -> Result<Vec<u64>, StoreError> {
        if records.is_empty() {
            return Ok(Vec::new());
        }
        self.write_records(records, None).await
    }

    async fn append_pulled(&self, records: &[String], sync_state: &str) -> Result<Vec<u64>, StoreError> {
        self.write_records(records, Some(sync_state)).await
    }

    async fn save_sync_state(&self, sync_state: &str) -> Result<(), StoreError> {
        self.write_records(&[], Some(sync_state)).await.map(drop)
    }

    async fn load_sync_state(&self) -> Result<Option<String>, StoreError> {
        self.ensure_open().await?;
        let db = self.db();
        let tx = db.transaction(SYNC_STORE).build().map_err(store_error)?;
        let sync = tx.object_store(SYNC_STORE).map_err(store_error)?;
        let state = sync.get::<JsValue, _, _>(SYNC_STATE_KEY).primitive().map_err(store_error)?.await;
        Ok(state.map_err(store_error)?.and_then(|value| value.as_string()))
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
        read_page(&self.db(), after, max).await
    }

    async fn log_end(&self) -> Result<u64, StoreError> {
        self.ensure_open().await?;
        let db = self.db();
        let tx = db.transaction(LOG_STORE).build().map_err(store_error)?;
        let raw: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
        let log = raw.object_store(LOG_STORE).map_err(dom)?;
        // The last position: one step of a key cursor from the top of the numbers.
        let positions = web_sys::IdbKeyRange::bound(&1.0.into(), &f64::INFINITY.into()).map_err(dom)?;
        let request =
            log.open_key_cursor_with_range_and_direction(&positions, web_sys::IdbCursorDirection::Prev).map_err(dom)?;
        let done = js_sys::Promise::new(&mut |resolve, reject| {
            request.set_onsuccess(Some(&resolve));
            request.set_onerror(Some(&reject));
        });
        wasm_bindgen_futures::JsFuture::from(done)
            .await
            .map_err(|_| dom(request.error().map_or(JsValue::NULL, Into::into)))?;
        let last = request
            .result()
            .ok()
            .and_then(|cursor| cursor.dyn_into::<web_sys::IdbCursor>().ok())
            .and_then(|cursor| cursor.primary_key().ok())
            .and_then(|key| key.as_f64())
            .unwrap_or(0.0);
        Ok(last.floor() as u64)
    }

    async fn stray_keys(&self) -> Result<Vec<Unreadable>, StoreError> {
        self.ensure_open().await?;
        let db = self.db();
        let tx = db.transaction(LOG_STORE).build().map_err(store_error)?;
        let log = tx.object_store(LOG_STORE).map_err(store_error)?;
        // Below the first position (zero, negatives), and past every number (dates,
        // strings, binary keys and arrays sort after numbers).
        let below = KeyRange::UpperBound(JsValue::from_f64(1.0), true);
        let beyond = KeyRange::LowerBound(JsValue::from_f64(f64::INFINITY), true);
        let mut strays = Vec::new();
        for range in [below, beyond] {
            let keys = log
                .get_all_keys::<JsValue>()
                .with_query::<JsValue, _>(range)
                .with_limit(STRAY_KEYS_TOLD)
                .primitive()
                .map_err(store_error)?
                .await
                .map_err(store_error)?;
            for key in keys {
                let key = key.map_err(store_error)?;
                strays.push(Unreadable {
                    position: 0,
                    problem: SkipProblem::Key,
                    detail: format!("a record under the key {}, which is no log position", describe_key(&key)),
                });
            }
        }
        Ok(strays)
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
