//! `previewFollowUps` and `planFollowUps` as JS calls them: a preview writes nothing, the
//! plan writes its touches (kept across a reopen), bad options are refused with a kind.

use crate::{expect_rejection, fresh_name, get_str, json, open};
use serde_json::Value;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

fn to_json(value: &JsValue) -> Value {
    serde_json::from_str(&js_sys::JSON::stringify(value).unwrap().as_string().unwrap()).unwrap()
}

async fn ok(promise: js_sys::Promise) -> Value {
    to_json(&JsFuture::from(promise).await.expect("the call succeeds"))
}

#[wasm_bindgen_test]
async fn a_preview_writes_nothing_and_the_plan_writes_every_touch_it_shows() {
    let name = fresh_name("follow-ups");
    let crm = open(&name, "anna").await;
    let hot = ok(crm.add_client(json(r#"{"name": "Анна", "phones": ["+7 913 000-00-01"]}"#))).await;
    let cold = ok(crm.add_client(json(r#"{"name": "Борис", "emails": ["boris@example.com"]}"#))).await;
    let bare = ok(crm.add_client(json(r#"{"name": "Без контактов"}"#))).await;
    let (hot, cold, bare) = (hot["id"].as_str().unwrap(), cold["id"].as_str().unwrap(), bare["id"].as_str().unwrap());
    let options = format!(
        r#"{{"clients": [{{"client": "{cold}", "priority": "cold"}}, {{"client": "{hot}", "priority": "hot"}},
            {{"client": "{bare}", "priority": "warm"}}], "start": "2026-03-02T00:00:00+03:00", "days": 2}}"#
    );
    let preview = to_json(&crm.preview_follow_ups(json(&options)).unwrap());
    let planned: Vec<(&str, &str, &str)> = preview["planned"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["client"].as_str().unwrap(), p["channel"].as_str().unwrap(), p["at"].as_str().unwrap()))
        .collect();
    assert_eq!(planned, [(hot, "call", "2026-03-02T06:00:00.000Z"), (cold, "email", "2026-03-02T06:15:00.000Z")]);
    assert_eq!(preview["refused"][0]["reason"], "no_address");
    assert_eq!(preview["until"], "2026-03-03T21:00:00.000Z");
    assert_eq!(ok(crm.touches(JsValue::from(hot))).await, serde_json::json!([]));

    let plan = ok(crm.plan_follow_ups(json(&options))).await;
    assert_eq!(plan["planned"].as_array().unwrap().len(), 2);
    let touch = plan["planned"][0]["touch"].as_str().unwrap().to_owned();
    JsFuture::from(crm.close()).await.unwrap();

    let crm = open(&name, "anna").await;
    let touches = ok(crm.touches(JsValue::from(hot))).await;
    assert_eq!((touches[0]["id"].as_str(), touches[0]["status"].as_str()), (Some(touch.as_str()), Some("planned")));
    assert_eq!(touches[0]["goal"], "offer_follow_up");
    let again = to_json(&crm.preview_follow_ups(json(&options)).unwrap());
    assert_eq!(again["refused"][0]["reason"], "already_planned");

    let error = expect_rejection(crm.plan_follow_ups(json(&options.replace(r#""days": 2"#, r#""days": 61"#)))).await;
    assert_eq!((get_str(&error, "kind"), get_str(&error, "field")), ("validation".into(), "days".into()));
    let error =
        crm.preview_follow_ups(json(&options.replace(r#""priority": "hot""#, r#""priority": "tepid""#))).unwrap_err();
    assert_eq!(
        (get_str(&error, "kind"), get_str(&error, "field")),
        ("validation".into(), "clients[1].priority".into())
    );
    let error = crm.preview_follow_ups(json(r#"{"clients": [], "colour": "red"}"#)).unwrap_err();
    assert_eq!(get_str(&error, "kind"), "validation");
    JsFuture::from(crm.close()).await.unwrap();
}
