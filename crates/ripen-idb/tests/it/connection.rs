//! The connection's manners: it never blocks another tab's upgrade or a deletion, and says
//! so clearly on the next use.

use ripen_core::{ErrorKind, EventStore, StoreError};
use ripen_idb::IdbStore;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn an_open_store_steps_aside_for_a_deletion_and_says_so() {
    let name = crate::fresh_name("steps-aside");
    let store = IdbStore::open(&name).await.expect("open");
    store.append(&["one".into()]).await.expect("append");

    // Would wait forever if the open connection did not close on versionchange.
    IdbStore::delete(&name).await.expect("the deletion is not blocked");

    let error = store.append(&["two".into()]).await.expect_err("the store knows it was closed");
    assert_eq!(error.kind(), ErrorKind::Storage);
    assert!(matches!(&error, StoreError::Unavailable { detail } if detail.contains("reload")), "{error}");

    let reopened = IdbStore::open(&name).await.expect("a new database under the same name");
    assert!(reopened.load().await.expect("load").is_empty());
}

#[wasm_bindgen_test]
async fn dropping_a_store_closes_its_connection() {
    let name = crate::fresh_name("drop-closes");
    drop(IdbStore::open(&name).await.expect("open"));
    IdbStore::delete(&name).await.expect("nothing holds the database open");
}

#[wasm_bindgen_test]
async fn a_connection_the_browser_closed_opens_again_and_nothing_is_lost() {
    let name = crate::fresh_name("browser-closed");
    let store = IdbStore::open(&name).await.expect("open");
    store.append(&["before".into()]).await.expect("append");
    store.simulate_browser_close();
    store.append(&["after".into()]).await.expect("the next write opens the database again");
    assert_eq!(store.load().await.expect("load"), ["before", "after"]);
    store.simulate_browser_close();
    assert_eq!(store.load().await.expect("a read opens it again too"), ["before", "after"]);
}

#[wasm_bindgen_test]
async fn stepping_aside_for_another_tab_is_announced() {
    let name = crate::fresh_name("announced");
    let store = IdbStore::open(&name).await.expect("open");
    let told = std::rc::Rc::new(std::cell::Cell::new(0));
    let counter = std::rc::Rc::clone(&told);
    store.on_stepped_aside(move || counter.set(counter.get() + 1));
    IdbStore::delete(&name).await.expect("the deletion is not blocked");
    assert_eq!(told.get(), 1, "the page is told to reload");
}
