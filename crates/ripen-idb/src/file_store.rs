//! The `files` object store (schema 5): files kept beside the log — photos of business
//! cards — each under `<owner>/<id>` with its description as JSON text and its bytes as a
//! `Blob`, so a client's files are one key range and the bytes never cross into wasm.

use crate::error::{commit_error, store_error};
use crate::schema::FILES_STORE;
use crate::store::IdbStore;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use indexed_db_futures::KeyRange;
use ripen_core::StoreError;
use wasm_bindgen::{JsCast, JsValue};

/// One stored file: its key, its description (JSON text the caller wrote) and its bytes.
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub key: String,
    pub meta: String,
    /// The `Blob` as stored.
    pub blob: JsValue,
}

/// The highest UTF-16 code unit: every key that starts with a prefix sorts below the
/// prefix followed by it.
const AFTER_ALL: char = '\u{ffff}';

fn dom(error: JsValue) -> StoreError {
    store_error(indexed_db_futures::error::Error::from(error))
}

fn record(meta: &str, blob: &JsValue) -> Result<JsValue, StoreError> {
    let value = js_sys::Object::new();
    js_sys::Reflect::set(&value, &"meta".into(), &JsValue::from_str(meta)).map_err(dom)?;
    js_sys::Reflect::set(&value, &"blob".into(), blob).map_err(dom)?;
    Ok(value.into())
}

fn unpack(key: JsValue, value: JsValue) -> Option<StoredFile> {
    let key = key.as_string()?;
    let meta = js_sys::Reflect::get(&value, &"meta".into()).ok()?.as_string()?;
    let blob = js_sys::Reflect::get(&value, &"blob".into()).ok()?;
    (!blob.is_undefined() && !blob.is_null()).then_some(StoredFile { key, meta, blob })
}

impl IdbStore {
    /// Puts `files` (key, description, `Blob`), replacing any under the same keys, in one
    /// strict-durability transaction: all of them are stored, or none.
    pub async fn put_files(&self, files: &[(String, String, JsValue)]) -> Result<(), StoreError> {
        self.ensure_open().await?;
        let db = self.db();
        let options = TransactionOptions::new().with_durability(TransactionDurability::Strict);
        let tx = db
            .transaction(FILES_STORE)
            .with_mode(TransactionMode::Readwrite)
            .with_options(options)
            .build()
            .map_err(store_error)?;
        let raw: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
        let store = raw.object_store(FILES_STORE).map_err(dom)?;
        for (key, meta, blob) in files {
            store.put_with_key(&record(meta, blob)?, &JsValue::from_str(key)).map_err(dom)?;
        }
        tx.commit().await.map_err(|error| commit_error(error, &raw))
    }

    /// The files whose keys start with `prefix` (all of them for `""`), in key order.
    /// A record not of this layout (damage, another build) is left out.
    pub async fn files_under(&self, prefix: &str) -> Result<Vec<StoredFile>, StoreError> {
        self.ensure_open().await?;
        let db = self.db();
        let tx = db.transaction(FILES_STORE).build().map_err(store_error)?;
        let store = tx.object_store(FILES_STORE).map_err(store_error)?;
        let range = KeyRange::Bound(
            JsValue::from_str(prefix),
            false,
            JsValue::from_str(&format!("{prefix}{AFTER_ALL}")),
            false,
        );
        // Both reads are issued before either is awaited: one transaction sees one state.
        let keys = store.get_all_keys::<JsValue>().with_query::<JsValue, _>(range.clone()).primitive();
        let values = store.get_all::<JsValue>().with_query::<JsValue, _>(range).primitive();
        let (keys, values) = (keys.map_err(store_error)?, values.map_err(store_error)?);
        let keys: Vec<JsValue> = keys.await.map_err(store_error)?.collect::<Result<_, _>>().map_err(store_error)?;
        let values: Vec<JsValue> = values.await.map_err(store_error)?.collect::<Result<_, _>>().map_err(store_error)?;
        Ok(keys.into_iter().zip(values).filter_map(|(key, value)| unpack(key, value)).collect())
    }

    /// Deletes the file under `key`; whether there was one.
    pub async fn delete_file(&self, key: &str) -> Result<bool, StoreError> {
        let existed = !self.files_under(key).await?.iter().all(|file| file.key != key);
        if !existed {
            return Ok(false);
        }
        let db = self.db();
        let tx = db.transaction(FILES_STORE).with_mode(TransactionMode::Readwrite).build().map_err(store_error)?;
        let raw: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
        let store = raw.object_store(FILES_STORE).map_err(dom)?;
        store.delete(&JsValue::from_str(key)).map_err(dom)?;
        tx.commit().await.map_err(|error| commit_error(error, &raw))?;
        Ok(true)
    }
}
