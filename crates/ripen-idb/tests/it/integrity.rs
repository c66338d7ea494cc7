//! Damage in a real IndexedDB, kind by kind — what opens, what is reported, what is
//! rebuilt, what a write after a reload does — and databases that are not Ripen's.

use crate::schema::{dump, restore_dump};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use ripen_core::codec::SkipProblem;
use ripen_core::{ClientKind, ClientName, Command, Engine, ErrorKind, NewClient, ReplicaId};
use ripen_idb::IdbStore;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

async fn open(name: &str, seed: u64) -> Result<Engine<IdbStore>, ripen_core::Error> {
    let store = IdbStore::open(name).await?;
    Engine::open(store, ReplicaId::from_random(seed), "anna".parse().unwrap()).await
}

async fn add(engine: &Engine<IdbStore>, name: &str) {
    let client = NewClient::named(ClientKind::Company, ClientName::parse(name).unwrap());
    let now = chrono::DateTime::from_timestamp_millis(1_790_000_000_000).unwrap();
    engine.execute(Command::AddClient(client), now).await.unwrap();
}

fn names(engine: &Engine<IdbStore>) -> Vec<String> {
    engine.state().clients().map(|c| c.name.to_string()).collect()
}

/// Five commits, "A" to "E", at log positions 1 to 5; with `checkpoint`, one written
/// after "C".
async fn five(name: &str, checkpoint: bool) {
    let engine = open(name, 1).await.unwrap();
    for client in ["A", "B", "C", "D", "E"] {
        add(&engine, client).await;
        if checkpoint && client == "C" {
            engine.write_checkpoint(|| async {}).await.unwrap();
        }
    }
    engine.into_store().close();
}

/// Runs `change` on the object store `store` of database `name`, in one transaction.
async fn edit(name: &str, store: &str, change: impl FnOnce(&indexed_db_futures::object_store::ObjectStore<'_>)) {
    let db = Database::open(name).await.unwrap();
    let tx = db.transaction(store).with_mode(TransactionMode::Readwrite).build().unwrap();
    change(&tx.object_store(store).unwrap());
    tx.commit().await.unwrap();
    db.close();
}

async fn get(name: &str, store: &str, key: JsValue) -> JsValue {
    let db = Database::open(name).await.unwrap();
    let value = {
        let tx = db.transaction(store).build().unwrap();
        let found = tx.object_store(store).unwrap().get::<JsValue, _, _>(key).primitive().unwrap().await.unwrap();
        found.unwrap()
    };
    db.close();
    value
}

fn flipped_text(value: &JsValue, at: usize) -> JsValue {
    let mut bytes = value.as_string().unwrap().into_bytes();
    bytes[at] ^= 0x02;
    JsValue::from_str(&String::from_utf8(bytes).unwrap())
}

#[derive(Clone, Copy)]
enum LogDamage {
    NotText,
    StringKey,
    FractionalKey,
    FlippedByte,
    DeletedMiddle,
    EmptyRecord,
}

#[wasm_bindgen_test]
async fn each_kind_of_log_damage_leaves_the_rest_open_reported_and_writable() {
    // (damage, problem reported, clients that open, gap reported)
    let cases: [(LogDamage, Option<SkipProblem>, &[&str], bool); 6] = [
        (LogDamage::NotText, Some(SkipProblem::NotText), &["A", "B", "D", "E"], true),
        (LogDamage::StringKey, Some(SkipProblem::Key), &["A", "B", "C", "D", "E"], false),
        (LogDamage::FractionalKey, Some(SkipProblem::Key), &["A", "B", "C", "D", "E"], false),
        (LogDamage::FlippedByte, Some(SkipProblem::Checksum), &["A", "B", "C", "E"], true),
        (LogDamage::DeletedMiddle, None, &["A", "C", "D", "E"], true),
        (LogDamage::EmptyRecord, Some(SkipProblem::Unreadable), &["B", "C", "D", "E"], true),
    ];
    for (damage, problem, opens, gap) in cases {
        let name = crate::fresh_name("log-damage");
        five(&name, false).await;
        let fourth = get(&name, "log", 4.0.into()).await;
        edit(&name, "log", |log| {
            match damage {
                LogDamage::NotText => {
                    log.put(JsValue::from_f64(3.0)).with_key(3.0).primitive().unwrap();
                }
                LogDamage::StringKey => {
                    log.put("left here by someone").with_key("not-a-position").primitive().unwrap();
                }
                LogDamage::FractionalKey => {
                    log.put("between the lines").with_key(2.5).primitive().unwrap();
                }
                LogDamage::FlippedByte => {
                    log.put(flipped_text(&fourth, 90)).with_key(4.0).primitive().unwrap();
                }
                LogDamage::DeletedMiddle => {
                    log.delete(2.0).primitive().unwrap();
                }
                LogDamage::EmptyRecord => {
                    log.put("").with_key(1.0).primitive().unwrap();
                }
            };
        })
        .await;
        let engine = open(&name, 2).await.expect("the rest opens");
        assert_eq!(names(&engine), opens, "{damage:?}", damage = damage as u8);
        let problems: Vec<SkipProblem> = engine.skipped().iter().map(|s| s.problem).collect();
        assert_eq!(problems, problem.into_iter().collect::<Vec<_>>(), "case {}: {:?}", damage as u8, engine.skipped());
        assert_eq!(!engine.gaps().is_empty(), gap, "case {}: {:?}", damage as u8, engine.gaps());
        add(&engine, "After").await;
        engine.into_store().close();
        let reopened = open(&name, 3).await.unwrap();
        assert_eq!(names(&reopened).last().map(String::as_str), Some("After"), "case {}", damage as u8);
        reopened.into_store().close();
    }
}

#[derive(Clone, Copy, Debug)]
enum CheckpointDamage {
    FlippedPart(usize),
    CoversPastEnd,
    HeaderNotJson,
    PartNotBytes,
}

#[wasm_bindgen_test]
async fn each_kind_of_checkpoint_damage_is_dropped_reported_and_rebuilt() {
    let probe = crate::fresh_name("checkpoint-parts");
    five(&probe, true).await;
    let header: serde_json::Value =
        serde_json::from_str(&get(&probe, "checkpoint", 0.0.into()).await.as_string().unwrap()).unwrap();
    let parts = header["parts"].as_u64().unwrap() as usize;
    let generation = header["generation"].as_u64().unwrap() as f64;
    assert!(parts >= 3, "{header}");
    let mut cases: Vec<CheckpointDamage> = (0..parts).map(CheckpointDamage::FlippedPart).collect();
    cases.extend([CheckpointDamage::CoversPastEnd, CheckpointDamage::HeaderNotJson, CheckpointDamage::PartNotBytes]);
    for damage in cases {
        let name = crate::fresh_name("checkpoint-damage");
        five(&name, true).await;
        let part_key = |i: usize| -> JsValue { js_sys::Array::of2(&generation.into(), &(i as f64).into()).into() };
        let part = match damage {
            CheckpointDamage::FlippedPart(i) => Some(get(&name, "checkpoint", part_key(i)).await),
            _ => None,
        };
        edit(&name, "checkpoint", |store| match damage {
            CheckpointDamage::FlippedPart(i) => {
                let bytes = js_sys::Uint8Array::new(&part.unwrap()).to_vec();
                let mut bytes = bytes.clone();
                let middle = bytes.len() / 2;
                bytes[middle] ^= 0x01;
                let bytes: JsValue = js_sys::Uint8Array::from(bytes.as_slice()).into();
                store.put(bytes).with_key(part_key(i)).primitive().unwrap();
            }
            CheckpointDamage::CoversPastEnd => {
                let mut header = header.clone();
                header["covers"] = serde_json::json!(1_000_000);
                store.put(header.to_string()).with_key(0.0).primitive().unwrap();
            }
            CheckpointDamage::HeaderNotJson => {
                store.put("{covers").with_key(0.0).primitive().unwrap();
            }
            CheckpointDamage::PartNotBytes => {
                store.put("text where bytes belong").with_key(part_key(1)).primitive().unwrap();
            }
        })
        .await;
        let engine = open(&name, 2).await.expect("opens from the log");
        let status = engine.checkpoint_status();
        assert!(status.problem.is_some(), "{damage:?}: not reported");
        assert_eq!((status.covers, status.events_since), (0, 5), "{damage:?}: the whole log read");
        assert_eq!(names(&engine), ["A", "B", "C", "D", "E"], "{damage:?}");
        add(&engine, "After").await;
        engine.write_checkpoint(|| async {}).await.unwrap();
        engine.into_store().close();
        let reopened = open(&name, 3).await.unwrap();
        assert_eq!(reopened.checkpoint_status().problem, None, "{damage:?}: rebuilt");
        assert_eq!(names(&reopened), ["A", "B", "C", "D", "E", "After"], "{damage:?}: nothing hidden after a reload");
        reopened.into_store().close();
    }
}

/// Databases other apps of the same origin keep, each as a dump.
fn foreign_dumps() -> Vec<(&'static str, serde_json::Value)> {
    vec![
        (
            "localForage's shape",
            serde_json::json!({"schema": 2, "stores": {"keyvaluepairs": [[{"string": "cart"}, "{\"items\":3}"]], "local-forage-detect-blob-support": []}}),
        ),
        (
            "a log of someone else's",
            serde_json::json!({"schema": 1, "stores": {"log": [[1, "GET /index.html 200"]], "sessions": []}}),
        ),
        (
            "Ripen's stores and one more",
            serde_json::json!({"schema": 2, "stores": {"checkpoint": [], "log": [[1, "x"]], "orders": [[1, "o"]]}}),
        ),
        (
            "Ripen's names without the marker",
            serde_json::json!({"schema": 3, "stores": {"checkpoint": [], "log": [[1, "x"]], "meta": []}}),
        ),
        (
            "a far newer version of someone else's",
            serde_json::json!({"schema": 40, "stores": {"cache": [[{"string": "k"}, "v"]]}}),
        ),
    ]
}

#[wasm_bindgen_test]
async fn a_database_that_is_not_ripens_is_refused_and_left_byte_for_byte() {
    for (what, dump_json) in foreign_dumps() {
        let name = crate::fresh_name("foreign");
        restore_dump(&name, &dump_json.to_string()).await;
        let before = dump(&name).await;
        let error = IdbStore::open(&name).await.expect_err(what);
        assert_eq!(error.kind(), ErrorKind::ForeignDatabase, "{what}: {error}");
        assert_eq!(dump(&name).await, before, "{what}: untouched");
        // A rescue reads it without touching it either.
        let _ = ripen_idb::rescue(&name).await;
        assert_eq!(dump(&name).await, before, "{what}: untouched by a rescue");
    }
}

#[wasm_bindgen_test]
async fn an_empty_database_of_any_version_becomes_ripens() {
    let name = crate::fresh_name("empty");
    restore_dump(&name, r#"{"schema": 1, "stores": {}}"#).await;
    let engine = open(&name, 1).await.expect("an empty database is nobody's");
    add(&engine, "A").await;
    assert_eq!(names(&engine), ["A"]);
}

#[wasm_bindgen_test]
async fn a_rescue_gets_the_readable_changes_out_of_a_newer_base_and_changes_nothing() {
    let name = crate::fresh_name("rescue");
    five(&name, true).await;
    // A newer build upgraded it and wrote a record this build cannot read.
    let db = Database::open(name.as_str())
        .with_version(ripen_idb::schema::SCHEMA_VERSION + 1)
        .with_on_upgrade_needed(|_, db| {
            db.create_object_store("outbox").build()?;
            Ok(())
        })
        .await
        .unwrap();
    db.close();
    edit(&name, "log", |log| {
        log.put(r#"{"f":3,"whatever":"comes next"}"#).with_key(6.0).primitive().unwrap();
        log.put(JsValue::from_f64(7.0)).with_key(7.0).primitive().unwrap();
    })
    .await;
    let before = dump(&name).await;
    assert_eq!(IdbStore::open(&name).await.unwrap_err().kind(), ErrorKind::SchemaTooNew);
    let rescued = ripen_idb::rescue(&name).await.unwrap().expect("the database is there");
    assert_eq!(rescued.events.len(), 5, "A to E");
    let problems: Vec<SkipProblem> = rescued.skipped.iter().map(|s| s.problem).collect();
    assert_eq!(problems, [SkipProblem::Format, SkipProblem::NotText]);
    assert_eq!(dump(&name).await, before, "untouched");
    // What was rescued restores into an empty base.
    let backup = ripen_core::backup::write_rescue(&rescued.events, chrono::DateTime::UNIX_EPOCH);
    let fresh = open(&crate::fresh_name("restored"), 9).await.unwrap();
    fresh.import_backup(&backup).await.unwrap();
    assert_eq!(names(&fresh), ["A", "B", "C", "D", "E"]);
}

#[wasm_bindgen_test]
async fn a_rescue_of_a_name_that_holds_nothing_creates_nothing() {
    let name = crate::fresh_name("rescue-missing");
    assert!(ripen_idb::rescue(&name).await.unwrap().is_none());
    let db = Database::open(name.as_str()).await.unwrap();
    assert_eq!((db.version() as u32, db.object_store_names().count()), (1, 0), "opened here for the first time");
    db.close();
}
