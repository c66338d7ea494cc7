//! Looking at a database before opening it for real: whether it exists, its version, its
//! stores and Ripen's marker — without creating, upgrading or changing anything. An open
//! that would upgrade someone else's database is refused on what this finds, before the
//! upgrade starts.

use crate::schema::{MARKER_KEY, META_STORE};
use ripen_core::StoreError;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What a database holds, as found.
#[derive(Debug)]
pub(crate) struct Found {
    pub(crate) version: u32,
    pub(crate) stores: Vec<String>,
    /// The text under the marker's key in `meta`, if it has one.
    pub(crate) marker: Option<String>,
}

fn unavailable(what: &str) -> impl Fn(JsValue) -> StoreError + '_ {
    move |error| StoreError::Unavailable { detail: format!("{what}: {}", describe(&error)) }
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<web_sys::DomException>()
        .map(|e| format!("{}: {}", e.name(), e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Resolves once `request` succeeds or fails.
async fn settled(request: &web_sys::IdbRequest) {
    let done = js_sys::Promise::new(&mut |resolve, _| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&resolve));
    });
    let _ = JsFuture::from(done).await;
    request.set_onsuccess(None);
    request.set_onerror(None);
}

/// The database `name` as it is, or `None` when there is none (then none is created).
pub(crate) async fn probe(name: &str) -> Result<Option<Found>, StoreError> {
    let factory: web_sys::IdbFactory = js_sys::Reflect::get(&js_sys::global(), &"indexedDB".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| StoreError::Unavailable { detail: "this browser has no IndexedDB".into() })?;
    let request = factory.open(name).map_err(unavailable("cannot look at the database"))?;
    // Opened without a version, only a database that does not exist needs an upgrade:
    // aborting it leaves nothing behind.
    let created = Rc::new(Cell::new(false));
    let on_upgrade = {
        let (request, created) = (request.clone(), Rc::clone(&created));
        Closure::once(move |_: JsValue| {
            created.set(true);
            if let Some(transaction) = request.transaction() {
                let _ = transaction.abort();
            }
        })
    };
    request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    settled(&request).await;
    request.set_onupgradeneeded(None);
    if created.get() {
        return Ok(None);
    }
    let db: web_sys::IdbDatabase =
        request.result().and_then(|db| db.dyn_into()).map_err(unavailable("cannot look at the database"))?;
    let names = db.object_store_names();
    let stores: Vec<String> = (0..names.length()).filter_map(|i| names.item(i)).collect();
    let marker = if stores.iter().any(|s| s == META_STORE) { read_marker(&db).await } else { None };
    let found = Found { version: db.version() as u32, stores, marker };
    db.close();
    Ok(Some(found))
}

async fn read_marker(db: &web_sys::IdbDatabase) -> Option<String> {
    let transaction = db.transaction_with_str(META_STORE).ok()?;
    let request = transaction.object_store(META_STORE).ok()?.get(&MARKER_KEY.into()).ok()?;
    settled(&request).await;
    request.result().ok()?.as_string()
}
