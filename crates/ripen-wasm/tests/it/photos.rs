//! Photos of business cards through the facade: kept with a client in IndexedDB, listed
//! with their `Blob`s, counted, carried by a backup into another database, and every
//! wrong argument refused with a kind.

use crate::{expect_rejection, fresh_name, get, get_str, json, open};
use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

async fn done(promise: js_sys::Promise) -> JsValue {
    JsFuture::from(promise).await.expect("the call succeeds")
}

fn blob(bytes: &[u8], kind: &str) -> JsValue {
    let parts = Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(kind);
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).unwrap().into()
}

async fn bytes_of(blob: &JsValue) -> Vec<u8> {
    let blob: &web_sys::Blob = blob.dyn_ref().expect("a Blob");
    js_sys::Uint8Array::new(&JsFuture::from(blob.array_buffer()).await.unwrap()).to_vec()
}

fn kind_and_problem(error: &JsValue) -> (String, Option<String>) {
    (get_str(error, "kind"), get(error, "problem").as_string())
}

const JPEG: [u8; 6] = [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10];
const PNG: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];

#[wasm_bindgen_test]
async fn a_card_photo_is_kept_listed_counted_and_carried_by_a_backup() {
    let name = fresh_name("photos");
    let crm = open(&name, "anna").await;
    let client = get_str(&done(crm.add_client(json(r#"{"name": "Со стенда"}"#))).await, "id");
    let other = get_str(&done(crm.add_client(json(r#"{"name": "Без фото"}"#))).await, "id");

    let front = done(crm.add_card_photo(client.clone().into(), blob(&JPEG, "image/jpeg"))).await;
    assert_eq!(get_str(&front, "type"), "image/jpeg");
    assert_eq!(get(&front, "bytes").as_f64(), Some(6.0));
    assert_eq!(get_str(&front, "by"), "anna");
    assert_eq!(get_str(&front, "id").len(), 32);
    let back = done(crm.add_card_photo(client.clone().into(), blob(&PNG, "image/png"))).await;

    let listed: Array = done(crm.card_photos(client.clone().into())).await.unchecked_into();
    let ids: Vec<String> = listed.iter().map(|p| get_str(&p, "id")).collect();
    assert_eq!(ids, [get_str(&front, "id"), get_str(&back, "id")], "oldest first");
    assert_eq!(bytes_of(&get(&listed.get(1), "blob")).await, PNG);
    assert_eq!(Array::from(&done(crm.card_photos(other.clone().into())).await).length(), 0);

    let info = done(crm.storage_info()).await;
    assert_eq!(get(&get(&info, "photos"), "count").as_f64(), Some(2.0));
    assert_eq!(get(&get(&info, "photos"), "bytes").as_f64(), Some(14.0));

    // The backup carries both, byte for byte, into another database.
    let backup = done(crm.export_backup()).await;
    let text = JsFuture::from(backup.unchecked_ref::<web_sys::Blob>().text()).await.unwrap().as_string().unwrap();
    assert!(text.contains(r#""version":2,"#) && text.contains(r#""photos":[{"id":"#), "{}", &text[..200]);
    let copy_name = fresh_name("photos-restored");
    let copy = open(&copy_name, "anna").await;
    done(copy.import_backup(backup)).await;
    let restored: Array = done(copy.card_photos(client.clone().into())).await.unchecked_into();
    assert_eq!(restored.length(), 2);
    assert_eq!(get_str(&restored.get(0), "id"), get_str(&front, "id"));
    assert_eq!(bytes_of(&get(&restored.get(0), "blob")).await, JPEG);
    assert_eq!(bytes_of(&get(&restored.get(1), "blob")).await, PNG);
    assert_eq!(get_str(&restored.get(1), "type"), "image/png");

    // Removed from one database, still in the other.
    done(crm.remove_card_photo(client.clone().into(), get(&front, "id"))).await;
    assert_eq!(Array::from(&done(crm.card_photos(client.clone().into())).await).length(), 1);
    assert_eq!(Array::from(&done(copy.card_photos(client.clone().into())).await).length(), 2);
    let again = expect_rejection(crm.remove_card_photo(client.clone().into(), get(&front, "id"))).await;
    assert_eq!(get_str(&again, "kind"), "not_found");
    done(crm.close()).await;
    done(copy.close()).await;
}

#[wasm_bindgen_test]
async fn wrong_photos_and_clients_are_refused_with_a_kind() {
    let name = fresh_name("photos-refused");
    let crm = open(&name, "anna").await;
    let client = get_str(&done(crm.add_client(json(r#"{"name": "Клиент"}"#))).await, "id");
    let id = || JsValue::from(client.clone());
    // (photo, kind, problem)
    let cases: [(JsValue, &str, Option<&str>); 6] = [
        (blob(b"<svg onload=alert(1)>", "image/svg+xml"), "validation", Some("not_one_of")),
        (blob(b"text", "text/html"), "validation", Some("not_one_of")),
        (blob(b"", "image/jpeg"), "validation", Some("empty")),
        (JsValue::from_str("data:image/jpeg;base64,AAAA"), "validation", Some("wrong_type")),
        (JsValue::NULL, "validation", Some("wrong_type")),
        (json(r#"{"size": 3, "type": "image/jpeg"}"#), "validation", Some("wrong_type")),
    ];
    for (photo, kind, problem) in cases {
        let error = expect_rejection(crm.add_card_photo(id(), photo)).await;
        assert_eq!(kind_and_problem(&error), (kind.to_owned(), problem.map(str::to_owned)));
    }
    let unknown = expect_rejection(crm.add_card_photo("zzzzzzzzzzzzz.1".into(), blob(&JPEG, "image/jpeg"))).await;
    assert_eq!(get_str(&unknown, "kind"), "not_found");
    let traversal = expect_rejection(crm.remove_card_photo(id(), "../x".into())).await;
    assert_eq!(kind_and_problem(&traversal), ("validation".to_owned(), Some("malformed".to_owned())));

    for _ in 0..12 {
        done(crm.add_card_photo(id(), blob(&JPEG, "image/jpeg"))).await;
    }
    let thirteenth = expect_rejection(crm.add_card_photo(id(), blob(&JPEG, "image/jpeg"))).await;
    assert_eq!(kind_and_problem(&thirteenth), ("validation".to_owned(), Some("too_many".to_owned())));

    // A backup whose photo's data is not base64 restores nothing at all.
    let backup = done(crm.export_backup()).await;
    let text = JsFuture::from(backup.unchecked_ref::<web_sys::Blob>().text()).await.unwrap().as_string().unwrap();
    let damaged = text.replacen(r#","data":"/9j/4AAQ"}"#, r#","data":"/9j/4A!Q"}"#, 1);
    assert_ne!(damaged, text);
    let empty = open(&fresh_name("photos-damaged"), "anna").await;
    let refused = expect_rejection(empty.import_backup(damaged.into())).await;
    assert_eq!(kind_and_problem(&refused), ("validation".to_owned(), Some("damaged".to_owned())));
    assert_eq!(Reflect::get(&done(empty.storage_info()).await, &"events".into()).unwrap().as_f64(), Some(0.0));
    assert_eq!(get(&get(&done(empty.storage_info()).await, "photos"), "count").as_f64(), Some(0.0));
    done(crm.close()).await;
    done(empty.close()).await;
}
