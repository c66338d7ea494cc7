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
    assert_eq!(stores, [ripen_idb::schema::LOG_STORE]);
    db.close();
}
