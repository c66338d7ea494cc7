//! Relationships, touches, stage moves and hand-offs round-tripped through IndexedDB, as
//! JS would call them.

use crate::{expect_rejection, fresh_name, get_str, json, open};
use serde_json::{json as j, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

fn to_json(value: &JsValue) -> Value {
    match js_sys::JSON::stringify(value).ok().and_then(|text| text.as_string()) {
        Some(text) => serde_json::from_str(&text).unwrap(),
        None => Value::Null,
    }
}

async fn ok(promise: js_sys::Promise) -> Value {
    to_json(&JsFuture::from(promise).await.expect("the call succeeds"))
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

#[wasm_bindgen_test]
async fn a_holding_its_people_touches_and_funnel_survive_reopening() {
    let name = fresh_name("domain");
    let crm = open(&name, "anna").await;
    let holding = id(&ok(crm.add_client(json(r#"{"name": "ОАО «Моторы»", "timeZone": "Europe/Moscow"}"#))).await);
    let plant = id(&ok(crm.add_client(json(r#"{"name": "Завод «Моторы», Омск", "timeZone": "Asia/Omsk"}"#))).await);
    let person = id(&ok(crm.add_client(json(r#"{"name": "Иван Петров", "kind": "person"}"#))).await);

    let branch =
        ok(crm.link(JsValue::from(holding.clone()), JsValue::from(plant.clone()), "branch".into(), None)).await;
    assert_eq!(branch["kind"], "branch");
    let job = ok(crm.link(
        JsValue::from(plant.clone()),
        JsValue::from(person.clone()),
        "employee".into(),
        Some(json(r#"{"position": "директор", "since": "2021-04-01"}"#)),
    ))
    .await;
    assert_eq!(job["position"], "директор");

    let planned = ok(crm.plan_touch(json(&format!(
        r#"{{"clientId": "{plant}", "channel": "call", "at": "2026-03-02T10:00:00+06:00",
            "goal": "send_offer", "approach": "новый цех требует финансирования", "plannedResult": "встреча назначена"}}"#
    ))))
    .await;
    assert_eq!(planned["status"], "planned");
    assert_eq!(planned["at"], "2026-03-02T04:00:00.000Z");
    let done = ok(crm.complete_touch(
        JsValue::from(id(&planned)),
        json(r#"{"result": "встреча в пятницу", "outcome": "success", "at": "2026-03-02T10:30:00+06:00"}"#),
    ))
    .await;
    assert_eq!(
        (done["status"].clone(), done["plannedResult"].clone(), done["result"].clone()),
        (j!("done"), j!("встреча назначена"), j!("встреча в пятницу"))
    );
    ok(crm.log_touch(json(&format!(
        r#"{{"clientId": "{plant}", "channel": "email", "direction": "inbound", "summary": "Просят КП"}}"#
    ))))
    .await;

    ok(crm.move_stage(JsValue::from(plant.clone()), json(r#"{"pipeline": "sales", "stage": "need_identified"}"#)))
        .await;
    let card =
        ok(crm.move_stage(JsValue::from(plant.clone()), json(r#"{"pipeline": "sales", "stage": "offer_sent"}"#))).await;
    assert_eq!(card["stage"], "offer_sent");

    ok(crm.save_team("omsk".into(), json(r#"{"name": "Омск"}"#))).await;
    ok(crm.save_user("boris".into(), json(r#"{"name": "Борис", "role": "key_account_manager", "team": "omsk"}"#)))
        .await;
    let handed =
        ok(crm.hand_off(JsValue::from(plant.clone()), json(r#"{"to": "boris", "reason": "ключевой клиент"}"#))).await;
    assert_eq!(handed["owner"], "boris");
    JsFuture::from(crm.close()).await.unwrap();

    let crm = open(&name, "boris").await;
    let group: Vec<Value> = to_json(&crm.group(JsValue::from_str(&person)).unwrap_or(JsValue::NULL))
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(group.len() <= 1, "a person is not part of a group of companies");
    let group = to_json(&crm.group(JsValue::from_str(&plant)).unwrap());
    assert_eq!(group.as_array().unwrap().len(), 2, "the plant and its holding");
    let relationships = to_json(&crm.relationships(JsValue::from_str(&plant)).unwrap());
    assert_eq!(relationships.as_array().unwrap().len(), 2);
    let touches =
        to_json(&wasm_bindgen_futures::JsFuture::from(crm.touches(JsValue::from(plant.clone()))).await.unwrap());
    let statuses: Vec<&str> = touches.as_array().unwrap().iter().map(|t| t["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["done", "done"]);
    assert_eq!(touches[1]["direction"], "inbound");
    let cards = to_json(&crm.cards(JsValue::from_str(&plant)).unwrap());
    assert_eq!(cards[0]["stage"], "offer_sent");
    assert_eq!(to_json(&crm.get_client(JsValue::from_str(&plant)).unwrap())["owner"], "boris");
    assert_eq!(to_json(&crm.users().unwrap())[0]["team"], "omsk");

    let history =
        to_json(&wasm_bindgen_futures::JsFuture::from(crm.history(JsValue::from(plant.clone()))).await.unwrap());
    let types: Vec<&str> = history.as_array().unwrap().iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        [
            "owner_changed",
            "stage_moved",
            "stage_moved",
            "touch_recorded",
            "touch_status_changed",
            "touch_recorded",
            "linked",
            "linked",
            "client_added"
        ]
    );

    // Revert the last stage move: the card goes back.
    let last_move = history[1]["eventId"].as_str().unwrap().to_owned();
    ok(crm.revert(JsValue::from(last_move), None)).await;
    assert_eq!(to_json(&crm.cards(JsValue::from_str(&plant)).unwrap())[0]["stage"], "need_identified");
}

#[wasm_bindgen_test]
async fn touch_pipeline_and_relationship_mistakes_are_refused_with_their_kind() {
    let crm = open(&fresh_name("domain-refusals"), "anna").await;
    let company = id(&ok(crm.add_client(json(r#"{"name": "ООО «Ромашка»"}"#))).await);
    let planned = ok(crm.plan_touch(json(&format!(
        r#"{{"clientId": "{company}", "channel": "call", "at": "2026-03-02T10:00:00+03:00", "goal": "schedule_meeting", "approach": "a", "plannedResult": "r"}}"#
    ))))
    .await;
    ok(crm.miss_touch(JsValue::from(id(&planned)))).await;
    let cases = [
        (
            crm.plan_touch(json(&format!(
                r#"{{"clientId": "{company}", "channel": "call", "goal": "g", "approach": "a"}}"#
            ))),
            "validation",
        ),
        (
            crm.plan_touch(json(
                r#"{"clientId": "cnope.1", "channel": "call", "goal": "g", "approach": "a", "plannedResult": "r"}"#,
            )),
            "not_found",
        ),
        (crm.complete_touch(JsValue::from(id(&planned)), json(r#"{"outcome": "success"}"#)), "conflict"),
        (crm.complete_touch(JsValue::from(id(&planned)), json(r#"{"outcome": "great"}"#)), "validation"),
        (
            crm.move_stage(JsValue::from(company.clone()), json(r#"{"pipeline": "sales", "stage": "nowhere"}"#)),
            "not_found",
        ),
        (crm.move_stage(JsValue::from(company.clone()), json(r#"{"pipeline": "sales"}"#)), "validation"),
        (
            crm.link(JsValue::from(company.clone()), JsValue::from(company.clone()), "partner".into(), None),
            "validation",
        ),
        (crm.link(JsValue::from(company.clone()), "cnope.1".into(), "partner".into(), None), "not_found"),
        (crm.link(JsValue::from(company.clone()), JsValue::from(company.clone()), "friend".into(), None), "validation"),
        (crm.hand_off(JsValue::from(company.clone()), json(r#"{"to": "nobody-known"}"#)), "not_found"),
        (
            crm.add_pipeline(json(r#"{"id": "sales", "name": "Again", "stages": [{"id": "a", "name": "A"}]}"#)),
            "validation",
        ),
    ];
    for (promise, kind) in cases {
        let error = expect_rejection(promise).await;
        assert_eq!(get_str(&error, "kind"), kind, "{}", get_str(&error, "message"));
    }
    let pipeline = ok(crm.add_pipeline(json(
        r#"{"id": "events", "name": "Выставки", "stages": [{"id": "met", "name": "Познакомились"}, {"id": "followed_up", "name": "Написали", "kind": "waiting", "rotDays": 3}]}"#,
    )))
    .await;
    assert_eq!(pipeline["stages"][1]["kind"], "waiting");
    let reordered = ok(crm.reorder_stages("events".into(), json(r#"["followed_up", "met"]"#))).await;
    assert_eq!(reordered["stages"][0]["id"], "followed_up");
    let error = expect_rejection(crm.reorder_stages("events".into(), json(r#"["followed_up", 5]"#))).await;
    assert_eq!(get_str(&error, "kind"), "validation", "a wrong element type is a RipenError too");
    // A move to where the card already is resolves to the card, not null.
    ok(crm.move_stage(JsValue::from(company.clone()), json(r#"{"pipeline": "sales", "stage": "answered"}"#))).await;
    let again =
        ok(crm.move_stage(JsValue::from(company.clone()), json(r#"{"pipeline": "sales", "stage": "answered"}"#))).await;
    assert_eq!(again["stage"], "answered");
}
