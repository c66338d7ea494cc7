//! The `files` store: photos kept beside the log, a client's as one key range.

use crate::schema::{blob, blob_contents};
use ripen_idb::IdbStore;
use wasm_bindgen_test::wasm_bindgen_test;

fn file(key: &str, bytes: &[u8]) -> (String, String, wasm_bindgen::JsValue) {
    (key.to_owned(), format!(r#"{{"key":"{key}"}}"#), blob(bytes, "image/jpeg"))
}

#[wasm_bindgen_test]
async fn files_are_kept_listed_by_owner_and_deleted() {
    let name = crate::fresh_name("files");
    let store = IdbStore::open(&name).await.unwrap();
    assert!(store.files_under("").await.unwrap().is_empty());
    // Owners whose keys share a beginning ("c.1" and "c.10") must not see each other's.
    let files = [file("c.1/b", &[2]), file("c.1/a", &[1, 1]), file("c.10/a", &[3]), file("c.2/a", &[4])];
    store.put_files(&files).await.unwrap();

    let of_first: Vec<String> = store.files_under("c.1/").await.unwrap().into_iter().map(|f| f.key).collect();
    assert_eq!(of_first, ["c.1/a", "c.1/b"], "in key order, only the owner's");
    let all = store.files_under("").await.unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all[0].meta, r#"{"key":"c.1/a"}"#);
    assert_eq!(blob_contents(&all[0].blob).await, ("image/jpeg".to_owned(), vec![1, 1]));

    // Put again under the same key: replaced, not doubled.
    store.put_files(&[file("c.1/a", &[9])]).await.unwrap();
    let again = store.files_under("c.1/a").await.unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(blob_contents(&again[0].blob).await.1, [9]);

    assert!(store.delete_file("c.1/a").await.unwrap());
    assert!(!store.delete_file("c.1/a").await.unwrap(), "a second delete finds nothing");
    assert!(!store.delete_file("c.1/").await.unwrap(), "a prefix is not a key");
    let left: Vec<String> = store.files_under("").await.unwrap().into_iter().map(|f| f.key).collect();
    assert_eq!(left, ["c.1/b", "c.10/a", "c.2/a"]);

    // Kept across a reopen, and gone with the database.
    drop(store);
    let store = IdbStore::open(&name).await.unwrap();
    assert_eq!(store.files_under("").await.unwrap().len(), 3);
    drop(store);
    IdbStore::delete(&name).await.unwrap();
    let store = IdbStore::open(&name).await.unwrap();
    assert!(store.files_under("").await.unwrap().is_empty());
}
