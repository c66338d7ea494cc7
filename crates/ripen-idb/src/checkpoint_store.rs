//! The `checkpoint` object store: key 0 holds the header (which generation is current, how
//! many parts, how many bytes); keys `[generation, i]` hold the parts. A new checkpoint is
//! written as a new generation in several small transactions (each a few megabytes, so no
//! task clones 50 MB at once), then made current by one transaction that puts the header
//! and deletes every other generation. A tab killed midway leaves the current one whole;
//! its orphan parts are deleted by the next save.

use crate::error::{commit_error, store_error};
use crate::schema::CHECKPOINT_STORE;
use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use indexed_db_futures::KeyRange;
use ripen_core::checkpoint::{Checkpoint, CheckpointSink};
use ripen_core::StoreError;
use wasm_bindgen::{JsCast, JsValue};

/// Bytes of parts put per transaction.
const BATCH_BYTES: usize = 4 << 20;

/// What key 0 says.
#[derive(ripen_json::ToJson, ripen_json::FromJson)]
struct Header {
    covers: u64,
    generation: u32,
    parts: usize,
    bytes: usize,
}

fn key(generation: u32, part: usize) -> JsValue {
    js_sys::Array::of2(&f64::from(generation).into(), &(part as f64).into()).into()
}

fn dom(error: JsValue) -> StoreError {
    store_error(indexed_db_futures::error::Error::from(error))
}

async fn header(db: &Database) -> Result<Option<Header>, StoreError> {
    let tx = db.transaction(CHECKPOINT_STORE).build().map_err(store_error)?;
    let store = tx.object_store(CHECKPOINT_STORE).map_err(store_error)?;
    let text = store.get::<String, f64, _>(0.0).primitive().map_err(store_error)?.await.map_err(store_error)?;
    text.map(|text| {
        ripen_json::from_str(&text)
            .map_err(|_| StoreError::Backend { detail: "the stored checkpoint's header is unreadable".into() })
    })
    .transpose()
}

pub(crate) async fn load(db: &Database, sink: &mut dyn CheckpointSink) -> Result<bool, StoreError> {
    let Some(header) = header(db).await? else { return Ok(false) };
    let tx = db.transaction(CHECKPOINT_STORE).build().map_err(store_error)?;
    let store = tx.object_store(CHECKPOINT_STORE).map_err(store_error)?;
    let range = KeyRange::Bound(key(header.generation, 0), false, key(header.generation, header.parts), true);
    let values = store
        .get_all::<JsValue>()
        .with_query::<JsValue, _>(range)
        .primitive()
        .map_err(store_error)?
        .await
        .map_err(store_error)?;
    let values: Vec<JsValue> = values.collect::<Result<_, _>>().map_err(store_error)?;
    let parts: Vec<&js_sys::Uint8Array> = values.iter().filter_map(|p| p.dyn_ref()).collect();
    let total: usize = parts.iter().map(|p| p.length() as usize).sum();
    if parts.len() != header.parts || total != header.bytes {
        return Err(StoreError::Backend { detail: "the stored checkpoint is damaged: parts are missing".into() });
    }
    // One part at a time into wasm memory: the checkpoint is never one buffer there.
    sink.begin(header.covers, total);
    for part in parts {
        sink.part(&part.to_vec());
    }
    Ok(true)
}

/// Saves `checkpoint` as the next generation; `abort` (fault injection) aborts the last
/// transaction, the one that would have made it current.
pub(crate) async fn save(db: &Database, checkpoint: &Checkpoint, abort: bool) -> Result<(), StoreError> {
    // An unreadable header is replaced like any other: every generation but the new one
    // is deleted below.
    let generation = header(db).await.ok().flatten().map_or(1, |h| h.generation.wrapping_add(1));
    let mut parts = checkpoint.parts.iter().enumerate().peekable();
    while parts.peek().is_some() {
        let tx = db.transaction(CHECKPOINT_STORE).with_mode(TransactionMode::Readwrite).build().map_err(store_error)?;
        let raw: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
        let store = raw.object_store(CHECKPOINT_STORE).map_err(dom)?;
        let mut batch = 0;
        while let Some((i, part)) = parts.next_if(|_| batch < BATCH_BYTES) {
            batch += part.len().max(1);
            store.put_with_key(&js_sys::Uint8Array::from(part.as_slice()), &key(generation, i)).map_err(dom)?;
        }
        tx.commit().await.map_err(|error| commit_error(error, &raw))?;
    }
    let tx = db.transaction(CHECKPOINT_STORE).with_mode(TransactionMode::Readwrite).build().map_err(store_error)?;
    let raw: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
    let store = tx.object_store(CHECKPOINT_STORE).map_err(store_error)?;
    let header =
        Header { covers: checkpoint.covers, generation, parts: checkpoint.parts.len(), bytes: checkpoint.len() };
    let header = ripen_json::to_string(&header);
    // Every request issued, then the commit (invariant 4).
    store.put(header.as_str()).with_key(0.0).primitive().map_err(store_error)?;
    // Arrays sort after numbers: from the smallest array, so the header at 0 stays.
    let before = KeyRange::Bound(js_sys::Array::new().into(), false, key(generation, 0), true);
    let after = KeyRange::LowerBound(key(generation, checkpoint.parts.len()), false);
    for stale in [before, after] {
        store.delete::<JsValue, _>(stale).primitive().map_err(store_error)?;
    }
    if abort {
        tx.abort().await.map_err(store_error)?;
        return Err(StoreError::Backend { detail: "aborted by fault injection".into() });
    }
    tx.commit().await.map_err(|error| commit_error(error, &raw))
}
