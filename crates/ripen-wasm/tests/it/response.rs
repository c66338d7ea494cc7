//! `waiting` and `responseTimes` as JS calls them: a web lead waits until touched, on the
//! agenda too; the report counts it per source; options that belong elsewhere are refused.

use crate::{fresh_name, get_str, json, open};
use serde_json::Value;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

fn to_json(value: &JsValue) -> Value {
    serde_json::from_str(&js_sys::JSON::stringify(value).unwrap().as_string().unwrap()).unwrap()
}

#[wasm_bindgen_test]
async fn a_web_lead_waits_until_touched_and_is_counted_per_source() {
    let crm = open(&fresh_name("response"), "anna").await;
    let lead = to_json(&JsFuture::from(crm.add_client(json(r#"{"name": "С сайта", "source": "web"}"#))).await.unwrap());
    JsFuture::from(crm.add_client(json(r#"{"name": "С выставки", "source": "expo"}"#))).await.unwrap();
    let id = lead["id"].as_str().unwrap();
    let later = r#"{"now": "2100-01-01T00:00:00Z"}"#;
    let waiting = to_json(&crm.waiting(Some(json(later))).unwrap());
    assert_eq!(waiting.as_array().unwrap().len(), 1);
    assert_eq!((waiting[0]["client"].as_str(), waiting[0]["source"].as_str()), (Some(id), Some("web")));
    assert!(waiting[0]["waitingMs"].as_f64().unwrap() > 1e9);
    let agenda = to_json(&crm.agenda(Some(json(later))).unwrap());
    let kinds: Vec<&str> = agenda.as_array().unwrap().iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["waiting"]);

    let touch = format!(r#"{{"clientId": "{id}", "channel": "email", "direction": "inbound", "summary": "Вопрос"}}"#);
    JsFuture::from(crm.log_touch(json(&touch))).await.unwrap();
    assert_eq!(to_json(&crm.waiting(Some(json(later))).unwrap()), serde_json::json!([]));
    let report = to_json(&crm.response_times(None).unwrap());
    assert_eq!((report["overall"]["leads"].as_u64(), report["overall"]["touched"].as_u64()), (Some(2), Some(1)));
    let web = report["sources"].as_array().unwrap().iter().find(|s| s["source"] == "web").unwrap();
    assert!(web["medianMs"].as_f64().unwrap() >= 0.0);
    let expo = report["sources"].as_array().unwrap().iter().find(|s| s["source"] == "expo").unwrap();
    assert_eq!((expo["untouched"].as_u64(), expo["medianMs"].clone()), (Some(1), Value::Null));

    let error = crm.response_times(Some(json(r#"{"by": "owner"}"#))).unwrap_err();
    assert_eq!((get_str(&error, "kind"), get_str(&error, "field")), ("validation".into(), "by".into()));
    let error = crm.waiting(Some(json(r#"{"days": 3}"#))).unwrap_err();
    assert_eq!(get_str(&error, "field"), "days");
    JsFuture::from(crm.close()).await.unwrap();
}
