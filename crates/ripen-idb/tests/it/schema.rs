//! Schema versioning: a database from a newer build is refused and left untouched.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use ripen_core::{ErrorKind, StoreError};
use ripen_idb::schema::SCHEMA_VERSION;
use ripen_idb::IdbStore;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn a_database_from_a_newer_build_is_refused_and_untouched() {
    let name = crate::fresh_name("newer");
    let newer = SCHEMA_VERSION + 3;
    let db = Database::open(name.as_str())
        .with_version(newer)
        .with_on_upgrade_needed(|_, db| {
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
    assert_eq!(stores, ["from_the_future"], "the stores must be untouched");
    db.close();
}

#[wasm_bindgen_test]
async fn a_new_database_gets_the_current_schema() {
    let name = crate::fresh_name("current");
    IdbStore::open(&name).await.expect("open").close();
    let db = Database::open(name.as_str()).await.expect("reopen");
    assert_eq!(db.version() as u32, SCHEMA_VERSION);
    let stores: Vec<String> = db.object_store_names().collect();
    assert_eq!(stores, [ripen_idb::schema::CHECKPOINT_STORE, ripen_idb::schema::LOG_STORE]);
    db.close();
}

/// A dump of a database written by the schema-1 build (every record with its key), kept
/// as released: each later schema must still open it with everything in it.
const SCHEMA_1: &str = include_str!("../fixtures/schema-v1.json");

/// Writes a dump as the build of its schema left it: its version, its stores, its keys.
async fn restore_dump(name: &str, dump: &str) {
    let dump: serde_json::Value = serde_json::from_str(dump).unwrap();
    let version = dump["schema"].as_u64().unwrap() as u32;
    assert_eq!(version, 1, "this writer knows schema 1's layout");
    let db = Database::open(name)
        .with_version(version)
        .with_on_upgrade_needed(|_, db| {
            db.create_object_store("log").with_auto_increment(true).build()?;
            Ok(())
        })
        .await
        .unwrap();
    let tx =
        db.transaction("log").with_mode(indexed_db_futures::transaction::TransactionMode::Readwrite).build().unwrap();
    let store = tx.object_store("log").unwrap();
    for entry in dump["stores"]["log"].as_array().unwrap() {
        let key = entry[0].as_f64().unwrap();
        store.put(entry[1].as_str().unwrap()).with_key(key).primitive().unwrap();
    }
    tx.commit().await.unwrap();
    db.close();
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
