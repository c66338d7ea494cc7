//! A client with everything a rep keeps in their head, round-tripped through IndexedDB,
//! with its history and a revert, as JS would call it.

use crate::{expect_rejection, fresh_name, get, get_str, json, open};
use js_sys::Array;
use serde_json::{json as j, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

fn to_json(value: &JsValue) -> Value {
    serde_json::from_str(&js_sys::JSON::stringify(value).unwrap().as_string().unwrap()).unwrap()
}

async fn ok(promise: js_sys::Promise) -> Value {
    to_json(&JsFuture::from(promise).await.expect("the call succeeds"))
}

const FULL_CLIENT: &str = r#"{
  "name": "ОАО «Моторы»", "kind": "company",
  "phones": ["8 (383) 200-00-00", "+7 913 123-45-67"], "emails": ["Info@Motors.ru"],
  "messengers": [{"network": "telegram", "handle": "@motors"}], "website": "motors.ru",
  "preferredChannel": "email", "inconvenientChannels": ["call"],
  "region": "Сибирь", "industry": "machinery", "clientType": "holding", "source": "выставка",
  "timeZone": "Asia/Novosibirsk", "tags": ["vip", "завод"], "notes": "Открывают новый завод.\nРешение до конца года.",
  "dates": [{"kind": "pet_birthday", "label": "Джек, пёс директора", "month": 4, "day": 12}],
  "wishes": [{"text": "Хотели продлить кредитную линию", "notedOn": "2026-05-14"}],
  "meetups": [{"title": "Иннопром", "place": "Екатеринбург", "startsOn": "2026-07-07", "endsOn": "2026-07-10"}],
  "aliases": [{"name": "Motory", "kind": "latin"}]
}"#;

#[wasm_bindgen_test]
async fn a_full_client_round_trips_with_its_history_through_indexed_db() {
    let name = fresh_name("full-client");
    let crm = open(&name, "anna").await;
    let added = ok(crm.add_client(json(FULL_CLIENT))).await;
    let id = added["id"].as_str().unwrap().to_owned();
    assert_eq!(
        added["phones"][0],
        j!({"e164": "73832000000", "display": "8 (383) 200-00-00", "national": "8 (383) 200-00-00", "region": "RU"})
    );
    assert_eq!(added["emails"], j!(["Info@motors.ru"]));
    assert_eq!(added["website"], "https://motors.ru");
    assert_eq!(added["timeZone"], "Asia/Novosibirsk");
    assert_eq!(added["dates"][0]["label"], "Джек, пёс директора");
    assert_eq!(added["meetups"][0]["endsOn"], "2026-07-10");
    assert_eq!(added["aliases"], j!([{"kind": "latin", "name": "Motory"}]));

    ok(crm.update_client(JsValue::from(id.clone()), json(r#"{"region": "Урал", "tags": null}"#))).await;
    ok(crm.rename(JsValue::from(id.clone()), json(r#"{"name": "АО «Сибмоторс»", "since": "2025-03-01"}"#))).await;
    let before_reopen =
        ok(crm.add_alias(JsValue::from(id.clone()), json(r#"{"name": "Sibmotors", "kind": "brand"}"#))).await;
    assert_eq!(before_reopen["name"], "АО «Сибмоторс»");
    assert_eq!(before_reopen["region"], "Урал");
    assert_eq!(before_reopen["tags"], j!([]));
    assert_eq!(
        before_reopen["aliases"],
        j!([
            {"kind": "former", "name": "ОАО «Моторы»", "until": "2025-03-01"},
            {"kind": "latin", "name": "Motory"},
            {"kind": "brand", "name": "Sibmotors"}
        ])
    );
    JsFuture::from(crm.close()).await.unwrap();

    let crm = open(&name, "boris").await;
    assert_eq!(
        to_json(&crm.get_client(JsValue::from_str(&id)).unwrap()),
        before_reopen,
        "everything survives reopening"
    );

    let history = ok(crm.history(JsValue::from(id.clone()))).await;
    let types: Vec<&str> = history.as_array().unwrap().iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["alias_added", "client_renamed", "client_updated", "client_added"]);
    let update = &history[2];
    assert_eq!(update["by"], "anna");
    assert_eq!(
        update["changes"],
        j!([
            {"field": "region", "old": "Сибирь", "new": "Урал"},
            {"field": "tags", "old": ["vip", "завод"], "new": []}
        ])
    );
    assert_eq!(history[1]["old"], "ОАО «Моторы»");
    assert_eq!(history[1]["since"], "2025-03-01");

    // Revert the rename: the old name is current again and no longer a former name.
    let rename_id = history[1]["eventId"].as_str().unwrap().to_owned();
    let entry = ok(crm.revert(JsValue::from(rename_id.clone()), None)).await;
    assert_eq!(entry["type"], "reverted");
    assert_eq!(entry["target"], rename_id.as_str());
    assert_eq!(entry["by"], "boris");
    let client = to_json(&crm.get_client(JsValue::from_str(&id)).unwrap());
    assert_eq!(client["name"], "ОАО «Моторы»");
    assert!(client["aliases"].as_array().unwrap().iter().all(|a| a["kind"] != "former"));
    let history = ok(crm.history(JsValue::from(id.clone()))).await;
    assert_eq!(history[0]["eventId"], entry["eventId"], "the revert is the newest entry");
    let renamed = history.as_array().unwrap().iter().find(|e| e["eventId"] == rename_id.as_str()).unwrap();
    assert_eq!(renamed["revertedBy"], entry["eventId"]);
}

#[wasm_bindgen_test]
async fn a_revert_that_a_later_change_overwrote_is_a_conflict_naming_it_unless_forced() {
    let crm = open(&fresh_name("conflict"), "anna").await;
    let id = ok(crm.add_client(json(r#"{"name": "ООО «Ромашка»", "region": "Сибирь"}"#))).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(crm.update_client(JsValue::from(id.clone()), json(r#"{"region": "Урал"}"#))).await;
    ok(crm.update_client(JsValue::from(id.clone()), json(r#"{"region": "Дальний Восток"}"#))).await;
    let history = ok(crm.history(JsValue::from(id.clone()))).await;
    let (later, first) = (history[0]["eventId"].as_str().unwrap(), history[1]["eventId"].as_str().unwrap());

    let error = expect_rejection(crm.revert(JsValue::from(first.to_owned()), None)).await;
    assert_eq!(get_str(&error, "kind"), "conflict");
    assert_eq!(get_str(&error, "later"), later);
    assert!(get_str(&error, "message").contains(later), "the message names the later change");
    assert_eq!(
        to_json(&crm.get_client(JsValue::from_str(&id)).unwrap())["region"],
        "Дальний Восток",
        "nothing changed"
    );

    ok(crm.revert(JsValue::from(first.to_owned()), Some(json(r#"{"force": true}"#)))).await;
    assert_eq!(to_json(&crm.get_client(JsValue::from_str(&id)).unwrap())["region"], "Сибирь");
}

#[wasm_bindgen_test]
async fn unknown_ids_and_bad_patches_are_refused_with_their_kind() {
    let crm = open(&fresh_name("refusals"), "anna").await;
    let id = ok(crm.add_client(json(r#"{"name": "ООО «Ромашка»"}"#))).await["id"].as_str().unwrap().to_owned();
    let kind = |error: &JsValue| get_str(error, "kind");

    assert_eq!(kind(&crm.get_client(JsValue::from_str("cnope.1")).unwrap_err()), "not_found");
    assert_eq!(kind(&crm.get_client(JsValue::from_str("has space")).unwrap_err()), "validation");
    assert_eq!(kind(&expect_rejection(crm.history("cnope.1".into())).await), "not_found");
    let cases = [
        (crm.update_client("cnope.1".into(), json(r#"{"region": "X"}"#)), "not_found", None),
        (crm.update_client(JsValue::from(id.clone()), json(r#"{"phones": ["12"]}"#)), "validation", Some("phones[0]")),
        (
            crm.update_client(JsValue::from(id.clone()), json(r#"{"emails": ["anna@"]}"#)),
            "validation",
            Some("emails[0]"),
        ),
        (
            crm.update_client(JsValue::from(id.clone()), json(r#"{"timeZone": "Mars/Olympus"}"#)),
            "validation",
            Some("timeZone"),
        ),
        (crm.update_client(JsValue::from(id.clone()), json(r#"{"name": "Renamed"}"#)), "validation", Some("name")),
        (crm.rename(JsValue::from(id.clone()), json(r#"{"name": "  "}"#)), "validation", Some("name")),
        (
            crm.add_alias(JsValue::from(id.clone()), json(r#"{"name": "X", "kind": "nickname"}"#)),
            "validation",
            Some("kind"),
        ),
        (crm.remove_alias(JsValue::from(id.clone()), json(r#"{"name": "X", "kind": "brand"}"#)), "not_found", None),
        (crm.revert("0000000000000.1".into(), None), "not_found", None),
        (crm.revert("not-an-event".into(), None), "validation", Some("eventId")),
    ];
    for (promise, expected_kind, field) in cases {
        let error = expect_rejection(promise).await;
        assert_eq!(kind(&error), expected_kind, "{}", get_str(&error, "message"));
        if let Some(field) = field {
            assert_eq!(get_str(&error, "field"), field);
        }
    }
    let history = JsFuture::from(crm.history(JsValue::from(id.clone()))).await.unwrap().unchecked_into::<Array>();
    assert_eq!(history.length(), 1, "nothing but the creation was recorded");
    assert!(get(&history.get(0), "type").as_string().unwrap() == "client_added");
}
