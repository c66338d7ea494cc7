//! Schema versioning: a database from a newer build is refused and left untouched.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use ripen_core::{ErrorKind, StoreError};
use ripen_idb::schema::SCHEMA_VERSION;
use ripen_idb::IdbStore;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn a_database_from_a_newer_build_is_refused_and_untouched() {
    let name = crate::fresh_name("newer");
    let newer = SCHEMA_VERSION + 3;
    let db = Database::open(name.as_str())
        .with_version(newer)
        .with_on_upgrade_needed(|_, db| {
            // A newer Ripen keeps its `meta` store and marker; what else it has is its own.
            let meta = db.create_object_store("meta").build()?;
            meta.put(ripen_idb::schema::MARKER).with_key(ripen_idb::schema::MARKER_KEY).primitive()?;
            db.create_object_store("from_the_future").build()?;
            Ok(())
        })
        .await
        .expect("create a newer database");
    db.close();

    let error = IdbStore::open(&name).await.expect_err("a newer schema must be refused");
    assert_eq!(error.kind(), ErrorKind::SchemaTooNew);
    assert_eq!(error, StoreError::SchemaTooNew { database: name.clone(), found: newer, supported: SCHEMA_VERSION });

    let db = Database::open(name.as_str()).await.expect("reopen at whatever version it has");
    assert_eq!(db.version() as u32, newer, "the version must be untouched");
    let stores: Vec<String> = db.object_store_names().collect();
    assert_eq!(stores, ["from_the_future", "meta"], "the stores must be untouched");
    db.close();
}

#[wasm_bindgen_test]
async fn a_new_database_gets_the_current_schema() {
    let name = crate::fresh_name("current");
    IdbStore::open(&name).await.expect("open").close();
    let db = Database::open(name.as_str()).await.expect("reopen");
    assert_eq!(db.version() as u32, SCHEMA_VERSION);
    let stores: Vec<String> = db.object_store_names().collect();
    assert_eq!(
        stores,
        [
            ripen_idb::schema::CHECKPOINT_STORE,
            ripen_idb::schema::FILES_STORE,
            ripen_idb::schema::LOG_STORE,
            ripen_idb::schema::META_STORE,
            ripen_idb::schema::SYNC_STORE
        ]
    );
    db.close();
}

/// A dump of a database written by the schema-1 build (every record with its key), kept
/// as released: each later schema must still open it with everything in it.
const SCHEMA_1: &str = include_str!("../fixtures/schema-v1.json");

/// A dump of a database written by the schema-2 build: the schema-1 dump opened by it, a
/// checkpoint written and one more client added after it.
const SCHEMA_2: &str = include_str!("../fixtures/schema-v2.json");

/// A dump of a database written by the schema-3 build: the schema-2 dump opened by it
/// (its legacy records and checkpoint read as they are), a checkpoint with checksums
/// written, and one more client (a record with its checksum) added after it.
const SCHEMA_3: &str = include_str!("../fixtures/schema-v3.json");

/// What the schema-3 build wrote last (its checkpoint of layout `RIPENCK3`, whose client
/// ids go in pieces of their own), written as the schema-3 fixture was.
const SCHEMA_3_CK3: &str = include_str!("../fixtures/schema-v3-ck3.json");

/// What the schema-4 build wrote: as the schema-3 fixture was written, then a record
/// pulled from a team hub with the sync state that says so.
const SCHEMA_4: &str = include_str!("../fixtures/schema-v4.json");

/// What the current build writes (schema 5): as the schema-4 fixture was written, then a
/// photo of a business card kept beside the log. Its checkpoint's settings hold the
/// consent rule among the default rules and the marker saying so (issue 23).
const SCHEMA_5: &str = include_str!("../fixtures/schema-v5.json");

/// The photo the schema-5 fixture holds: its key, its description, its type and bytes
/// (the first bytes of a PNG: the store keeps whatever bytes it is given).
const PHOTO_KEY: &str = "0000000000wa8.1/photo-1";
const PHOTO_META: &str = r#"{"id":"photo-1","client":"0000000000wa8.1","type":"image/png","bytes":8}"#;
const PHOTO_BYTES: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];

/// The sync state the schema-4 fixture holds: ripen-sync's JSON, opaque to the store.
const PULLED_STATE: &str =
    r#"{"hub":"http://127.0.0.1:5984/ team","since":7,"pushed":15,"pulled":["0000000000wa8.1:0"],"synced_at":null}"#;

/// A key in a dump: a number, a string, or an array of keys.
fn key_to_json(key: &JsValue) -> serde_json::Value {
    if let Some(number) = key.as_f64() {
        return if number.fract() == 0.0 && number >= 0.0 {
            serde_json::json!(number as u64)
        } else {
            serde_json::json!(number)
        };
    }
    if let Some(text) = key.as_string() {
        return serde_json::json!({ "string": text });
    }
    js_sys::Array::from(key).iter().map(|k| key_to_json(&k)).collect()
}

fn key_from_json(key: &serde_json::Value) -> JsValue {
    if let Some(text) = key.get("string").and_then(|t| t.as_str()) {
        return JsValue::from_str(text);
    }
    match key.as_array() {
        Some(parts) => parts.iter().map(key_from_json).collect::<js_sys::Array>().into(),
        None => JsValue::from_f64(key.as_f64().unwrap()),
    }
}

/// A `Blob` made of `bytes`, of MIME type `kind`.
pub(crate) fn blob(bytes: &[u8], kind: &str) -> JsValue {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(kind);
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).unwrap().into()
}

/// A `Blob`'s type and bytes.
pub(crate) async fn blob_contents(blob: &JsValue) -> (String, Vec<u8>) {
    let blob: &web_sys::Blob = blob.dyn_ref().expect("a Blob");
    let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer()).await.unwrap();
    (blob.type_(), js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A value in a dump: text as a string, bytes as `{"bytes": [...]}`, a stored file (a
/// description and a `Blob`) as `{"file": {"meta", "type", "bytes"}}`, anything else as
/// its JSON under `"js"`.
async fn value_to_json(value: &JsValue) -> serde_json::Value {
    if let Some(text) = value.as_string() {
        return serde_json::json!(text);
    }
    let field = |name: &str| js_sys::Reflect::get(value, &name.into()).ok().filter(|v| !v.is_undefined());
    if let (Some(meta), Some(blob)) = (field("meta"), field("blob")) {
        let (kind, bytes) = blob_contents(&blob).await;
        return serde_json::json!({ "file": { "meta": meta.as_string(), "type": kind, "bytes": bytes } });
    }
    match value.dyn_ref::<js_sys::Uint8Array>() {
        Some(bytes) => serde_json::json!({ "bytes": bytes.to_vec() }),
        None => {
            let text = js_sys::JSON::stringify(value).unwrap().as_string().unwrap();
            serde_json::json!({ "js": serde_json::from_str::<serde_json::Value>(&text).unwrap() })
        }
    }
}

fn value_from_json(value: &serde_json::Value) -> JsValue {
    if let Some(file) = value.get("file") {
        let bytes: Vec<u8> = serde_json::from_value(file["bytes"].clone()).unwrap();
        let record = js_sys::Object::new();
        js_sys::Reflect::set(&record, &"meta".into(), &file["meta"].as_str().unwrap().into()).unwrap();
        js_sys::Reflect::set(&record, &"blob".into(), &blob(&bytes, file["type"].as_str().unwrap())).unwrap();
        return record.into();
    }
    match value.as_str() {
        Some(text) => JsValue::from_str(text),
        None => {
            let bytes: Vec<u8> = serde_json::from_value(value["bytes"].clone()).unwrap();
            js_sys::Uint8Array::from(bytes.as_slice()).into()
        }
    }
}

/// Writes a dump as the build of its schema left it: its version, its stores, its keys.
pub(crate) async fn restore_dump(name: &str, dump: &str) {
    let dump: serde_json::Value = serde_json::from_str(dump).unwrap();
    let version = dump["schema"].as_u64().unwrap() as u32;
    let stores: Vec<String> = dump["stores"].as_object().unwrap().keys().cloned().collect();
    let db = Database::open(name)
        .with_version(version)
        .with_on_upgrade_needed(move |_, db| {
            // As the build of the dump's schema made them: the log's keys auto-increment.
            for store in &stores {
                match store.as_str() {
                    "log" => db.create_object_store("log").with_auto_increment(true).build()?,
                    other => db.create_object_store(other).build()?,
                };
            }
            Ok(())
        })
        .await
        .unwrap();
    for (store_name, entries) in dump["stores"].as_object().unwrap() {
        let tx = db
            .transaction(store_name.as_str())
            .with_mode(indexed_db_futures::transaction::TransactionMode::Readwrite)
            .build()
            .unwrap();
        let store = tx.object_store(store_name.as_str()).unwrap();
        for entry in entries.as_array().unwrap() {
            store.put(value_from_json(&entry[1])).with_key(key_from_json(&entry[0])).primitive().unwrap();
        }
        tx.commit().await.unwrap();
    }
    db.close();
}

/// Every store's records with their keys, as a dump.
pub(crate) async fn dump(name: &str) -> serde_json::Value {
    let db = Database::open(name).await.unwrap();
    let mut stores = serde_json::Map::new();
    for store_name in db.object_store_names() {
        let tx = db.transaction(store_name.as_str()).build().unwrap();
        let store = tx.object_store(store_name.as_str()).unwrap();
        let keys: Vec<JsValue> =
            store.get_all_keys::<JsValue>().primitive().unwrap().await.unwrap().map(Result::unwrap).collect();
        let values: Vec<JsValue> =
            store.get_all::<JsValue>().primitive().unwrap().await.unwrap().map(Result::unwrap).collect();
        let mut entries = Vec::with_capacity(keys.len());
        for (key, value) in keys.iter().zip(&values) {
            entries.push(serde_json::json!([key_to_json(key), value_to_json(value).await]));
        }
        stores.insert(store_name, entries.into());
    }
    let version = db.version() as u32;
    db.close();
    serde_json::json!({ "schema": version, "stores": stores })
}

#[wasm_bindgen_test]
async fn a_database_from_the_schema_1_build_opens_with_everything_in_it() {
    use ripen_core::{ClientKind, Engine, ReplicaId};
    let name = crate::fresh_name("fixture-v1");
    restore_dump(&name, SCHEMA_1).await;
    let store = IdbStore::open(&name).await.expect("the current build opens it");
    let engine = Engine::open(store, ReplicaId::from_random(1), "anna".parse().unwrap()).await.expect("and reads it");
    assert!(engine.skipped().is_empty(), "{:?}", engine.skipped());
    let plant = {
        let state = engine.state();
        let names: Vec<(String, ClientKind)> = state.clients().map(|c| (c.name.to_string(), c.kind())).collect();
        assert_eq!(
            names,
            [
                ("ООО «Сибирские моторы»".to_owned(), ClientKind::Company),
                ("Иван Петров".to_owned(), ClientKind::Person)
            ]
        );
        let plant = state.clients().next().unwrap();
        let aliases: Vec<String> = plant.aliases.iter().map(|a| format!("{}:{}", a.kind, a.name)).collect();
        assert_eq!(aliases, ["former:ЗАО «Сибмоторс»", "duplicate:Sibirskie Motory"]);
        assert_eq!(plant.owner.as_ref().unwrap().as_str(), "boris");
        assert_eq!(plant.fields.phones[0].e164(), "73832000000");
        assert_eq!(state.touches.of_client(&plant.id).count(), 1);
        assert_eq!(state.pipelines.cards_of(&plant.id).len(), 1);
        assert_eq!(state.people.users().count(), 2);
        plant.id.clone()
    };
    // added, renamed, linked, touch planned and done, moved, handed off, merged, and the duplicate's creation.
    assert_eq!(engine.history(&plant).await.expect("history read from the store").len(), 9);
    let found = engine.search("Сибмоторс", 5, &ripen_core::search::SearchFilter::default());
    assert_eq!(found.first().map(|h| &h.client), Some(&engine.state().clients().next().unwrap().id));
}

/// What the schema-3 build writes, built as its fixture was: the schema-2 dump upgraded,
/// a checkpoint, one more client.
async fn write_as_schema_3(name: &str) {
    use ripen_core::{ClientKind, ClientName, Command, Engine, NewClient, ReplicaId};
    restore_dump(name, SCHEMA_2).await;
    let store = IdbStore::open(name).await.unwrap();
    let engine = Engine::open(store, ReplicaId::from_random(4), "anna".parse().unwrap()).await.unwrap();
    engine.write_checkpoint(|| async {}).await.unwrap();
    let now = chrono::DateTime::from_timestamp_millis(1_796_000_000_000).unwrap();
    let client = NewClient::named(ClientKind::Person, ClientName::parse("С контрольной суммой").unwrap());
    engine.execute(Command::AddClient(client), now).await.unwrap();
    engine.into_store().close();
}

/// A record another device wrote, as a pull brings it: made the same on every run.
async fn pulled_record() -> String {
    use ripen_core::{ClientKind, ClientName, Command, Engine, EventStore, MemoryStore, NewClient, ReplicaId};
    let elsewhere = MemoryStore::new();
    let engine =
        Engine::open(elsewhere.clone(), ReplicaId::from_random(29_000), "boris".parse().unwrap()).await.unwrap();
    let now = chrono::DateTime::from_timestamp_millis(1_796_100_000_000).unwrap();
    let client = NewClient::named(ClientKind::Company, ClientName::parse("С другого планшета").unwrap());
    engine.execute(Command::AddClient(client), now).await.unwrap();
    elsewhere.load().await.unwrap().remove(0)
}

/// What the schema-4 build writes, built as its fixture was.
async fn write_as_schema_4(name: &str) {
    use ripen_core::EventStore;
    write_as_schema_3(name).await;
    let store = IdbStore::open(name).await.unwrap();
    store.append_pulled(&[pulled_record().await], PULLED_STATE).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_current_build_still_writes_what_the_schema_5_fixture_holds() {
    let name = crate::fresh_name("layout-v5");
    write_as_schema_4(&name).await;
    let store = IdbStore::open(&name).await.unwrap();
    let photo = (PHOTO_KEY.to_owned(), PHOTO_META.to_owned(), blob(&PHOTO_BYTES, "image/png"));
    store.put_files(&[photo]).await.unwrap();
    drop(store);
    let written = dump(&name).await;
    let fixture: serde_json::Value = serde_json::from_str(SCHEMA_5).unwrap_or_default();
    // A change here changes the stored format: add schema 6 with an upgrade step (or, for
    // a new checkpoint layout, which older layouts still read beside, a fixture of its
    // own); released fixtures are never rewritten.
    assert!(written == fixture, "the stored layout changed; the database now holds:\n{written}");
}

#[wasm_bindgen_test]
async fn a_database_from_the_schema_5_build_opens_with_its_photo() {
    use ripen_core::{Engine, ReplicaId};
    let name = crate::fresh_name("fixture-v5");
    restore_dump(&name, SCHEMA_5).await;
    let store = IdbStore::open(&name).await.expect("the current build opens it");
    let files = store.files_under("0000000000wa8.1/").await.unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!((files[0].key.as_str(), files[0].meta.as_str()), (PHOTO_KEY, PHOTO_META));
    assert_eq!(blob_contents(&files[0].blob).await, ("image/png".to_owned(), PHOTO_BYTES.to_vec()));
    let engine = Engine::open(store, ReplicaId::from_random(8), "anna".parse().unwrap()).await.expect("and reads it");
    assert!(engine.state().clients().any(|c| c.name.as_str() == "С другого планшета"));
}

#[wasm_bindgen_test]
async fn a_database_from_the_last_schema_3_build_opens_upgraded_with_no_sync_state() {
    use ripen_core::{Engine, EventStore, ReplicaId};
    let name = crate::fresh_name("fixture-v3-ck3");
    restore_dump(&name, SCHEMA_3_CK3).await;
    let store = IdbStore::open(&name).await.expect("the current build opens it");
    assert_eq!(store.load_sync_state().await.unwrap(), None);
    let engine = Engine::open(store, ReplicaId::from_random(6), "anna".parse().unwrap()).await.expect("and reads it");
    let status = engine.checkpoint_status();
    assert_eq!((status.covers, status.events_since, status.problem), (14, 1, None));
    assert_eq!(engine.state().clients().count(), 4);
    engine.into_store().close();
    assert_eq!(dump(&name).await["schema"], ripen_idb::schema::SCHEMA_VERSION);
}

#[wasm_bindgen_test]
async fn a_database_from_the_schema_4_build_opens_with_its_pulled_record_and_sync_state() {
    use ripen_core::{Engine, EventStore, ReplicaId};
    let name = crate::fresh_name("fixture-v4");
    restore_dump(&name, SCHEMA_4).await;
    let store = IdbStore::open(&name).await.expect("the current build opens it");
    assert_eq!(store.load_sync_state().await.unwrap().as_deref(), Some(PULLED_STATE));
    let engine = Engine::open(store, ReplicaId::from_random(7), "anna".parse().unwrap()).await.expect("and reads it");
    let names: Vec<String> = engine.state().clients().map(|c| c.name.to_string()).collect();
    assert!(names.iter().any(|n| n == "С другого планшета"), "{names:?}");
    // Its checkpoint, written before the consent rule, is read with the rule where a fold
    // of the log from the defaults has it.
    assert_eq!(engine.checkpoint_status().problem, None);
    let rules: Vec<String> = engine.state().policy.rules.iter().map(|r| r.id.to_string()).collect();
    assert_eq!(rules.last().map(String::as_str), Some("marketing_consent"), "{rules:?}");
}

#[wasm_bindgen_test]
async fn a_database_from_the_schema_3_build_opens_from_its_checkpoint_with_sums() {
    use ripen_core::{Engine, ReplicaId};
    let name = crate::fresh_name("fixture-v3");
    restore_dump(&name, SCHEMA_3).await;
    let store = IdbStore::open(&name).await.expect("the current build opens it");
    let engine = Engine::open(store, ReplicaId::from_random(5), "anna".parse().unwrap()).await.expect("and reads it");
    let status = engine.checkpoint_status();
    assert_eq!(
        (status.covers, status.events_since, status.problem),
        (14, 1, None),
        "from the checkpoint and one record"
    );
    assert!(engine.skipped().is_empty(), "{:?}", engine.skipped());
    assert!(engine.gaps().is_empty(), "{:?}", engine.gaps());
    let names: Vec<String> = engine.state().clients().map(|c| c.name.to_string()).collect();
    assert_eq!(names, ["ООО «Сибирские моторы»", "Иван Петров", "После снимка", "С контрольной суммой"]);
}

#[wasm_bindgen_test]
async fn a_database_from_the_schema_2_build_opens_from_its_checkpoint() {
    use ripen_core::{Engine, ReplicaId};
    let name = crate::fresh_name("fixture-v2");
    restore_dump(&name, SCHEMA_2).await;
    let store = IdbStore::open(&name).await.expect("the current build opens it");
    let engine = Engine::open(store, ReplicaId::from_random(3), "anna".parse().unwrap()).await.expect("and reads it");
    let status = engine.checkpoint_status();
    assert_eq!(
        (status.covers, status.events_since, status.problem),
        (13, 1, None),
        "from the checkpoint and one record"
    );
    assert!(engine.skipped().is_empty(), "{:?}", engine.skipped());
    let names: Vec<String> = engine.state().clients().map(|c| c.name.to_string()).collect();
    assert_eq!(names, ["ООО «Сибирские моторы»", "Иван Петров", "После снимка"]);
    let plant = engine.state().clients().next().unwrap().id.clone();
    assert_eq!(engine.history(&plant).await.expect("history from the log").len(), 9);
}
