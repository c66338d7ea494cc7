//! Runs ripen-core's storage conformance suite against IndexedDB.

use ripen_core::store::conformance::{run_all, StoreHarness};
use ripen_idb::IdbStore;
use wasm_bindgen_test::wasm_bindgen_test;

struct Harness {
    opened: u32,
}

impl StoreHarness for Harness {
    type Store = IdbStore;

    async fn fresh(&mut self) -> IdbStore {
        self.opened += 1;
        let name = crate::fresh_name(&format!("conformance-{}", self.opened));
        IdbStore::open(&name).await.expect("open a fresh database")
    }

    async fn reopen(&mut self, store: IdbStore) -> IdbStore {
        let name = store.name().to_owned();
        drop(store);
        IdbStore::open(&name).await.expect("reopen the database")
    }

    fn break_next_write(&mut self, store: &IdbStore) {
        store.abort_next_write();
    }
}

#[wasm_bindgen_test]
async fn indexed_db_meets_the_storage_contract() {
    run_all(&mut Harness { opened: 0 }).await;
}
