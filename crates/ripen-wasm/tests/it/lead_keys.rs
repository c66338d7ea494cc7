//! The team's lead key through the facade: `createLeadKey` makes an EC P-256 pair with
//! WebCrypto and resolves to its public half only; `leadKey` gives the current one after a
//! rotation and after reopening (the log holds it); a rep may not make one; `inboxStatus`
//! says "off" without a hub.

use crate::{expect_rejection, fresh_name, get, get_str, json, open};
use js_sys::Object;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

fn keys_of(value: &JsValue) -> Vec<String> {
    Object::keys(value.dyn_ref::<Object>().unwrap()).iter().map(|k| k.as_string().unwrap()).collect()
}

#[wasm_bindgen_test]
async fn a_lead_key_is_an_ec_p256_public_jwk_kept_through_rotation_and_reopening() {
    let name = fresh_name("lead-key");
    let crm = open(&name, "root").await;
    assert!(crm.lead_key().unwrap().is_null());
    let first = JsFuture::from(crm.create_lead_key()).await.unwrap();
    assert_eq!(keys_of(&first), ["kty", "crv", "x", "y"], "the public half only");
    assert_eq!((get_str(&first, "kty"), get_str(&first, "crv")), ("EC".into(), "P-256".into()));
    for coordinate in ["x", "y"] {
        let text = get_str(&first, coordinate);
        assert_eq!(text.len(), 43);
        assert!(text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{text}");
    }
    let second = JsFuture::from(crm.create_lead_key()).await.unwrap();
    assert_ne!(get_str(&second, "x"), get_str(&first, "x"));
    assert_eq!(get_str(&crm.lead_key().unwrap(), "x"), get_str(&second, "x"));
    assert_eq!(get_str(&crm.inbox_status().unwrap(), "state"), "off");
    for (id, profile) in
        [("root", r#"{"name": "Root", "role": "admin"}"#), ("anna", r#"{"name": "Анна", "role": "manager"}"#)]
    {
        JsFuture::from(crm.save_user(id.into(), json(profile))).await.unwrap();
    }
    JsFuture::from(crm.close()).await.unwrap();
    let crm = open(&name, "anna").await;
    assert_eq!(get_str(&crm.lead_key().unwrap(), "x"), get_str(&second, "x"), "read back from the log");
    let refused = expect_rejection(crm.create_lead_key()).await;
    assert_eq!(get_str(&refused, "kind"), "forbidden");
    let _ = get(&refused, "message");
}
