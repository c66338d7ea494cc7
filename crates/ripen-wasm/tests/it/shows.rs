//! A trade show as JS drives it, through IndexedDB: a show saved, three leads captured
//! with answers, ratings and consent, the stand dashboard, search by an answer, the list
//! filtered by rating, and a marketing touch refused for the lead without consent — all
//! still so after reopening.

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

fn read(value: Result<JsValue, JsValue>) -> Value {
    to_json(&value.expect("the read succeeds"))
}

#[wasm_bindgen_test]
async fn a_show_its_leads_their_consent_and_the_stand_as_js_sees_them() {
    let name = fresh_name("shows");
    let crm = open(&name, "anna").await;
    let show = ok(crm.save_show(json(
        r#"{"name": "Иннопром 2026", "starts": "2026-07-07", "ends": "2026-07-10", "stand": "B-12",
            "timeZone": "Asia/Yekaterinburg", "team": ["anna"], "pipeline": "sales", "stage": "answered",
            "questions": [
              {"id": "interest", "text": "Интерес", "kind": "choices", "options": ["Насосы", "Сервис"]},
              {"id": "decides", "text": "Принимает решение?", "kind": "yes_no"},
              {"id": "note", "text": "Заметка", "kind": "text"}]}"#,
    )))
    .await;
    let show_id = id(&show);
    assert_eq!(show["archived"], false);
    assert_eq!(show["questions"][1]["kind"], "yes_no");

    let capture = |name: &str, at: &str, answers: &str, rating: &str, marketing: bool| {
        crm.capture_lead(json(&format!(
            r#"{{"show": "{show_id}", "client": {{"name": "{name}", "kind": "person"}}, "answers": {answers},
                "rating": "{rating}", "at": "{at}", "consent": {{"contact": true, "marketing": {marketing}}}}}"#
        )))
    };
    let ivan = id(&ok(capture(
        "Иван Петров",
        "2026-07-07T05:10:00Z",
        r#"{"interest": "насосы", "decides": true}"#,
        "hot",
        true,
    ))
    .await);
    let olga = id(&ok(capture(
        "Ольга Сидорова",
        "2026-07-07T05:40:00Z",
        r#"{"note": "нужен сервисный договор"}"#,
        "hot",
        false,
    ))
    .await);
    let petr = id(&ok(capture("Пётр Ким", "2026-07-07T07:15:00Z", r#"{"interest": "Сервис"}"#, "cold", true)).await);
    assert_eq!(read(crm.lead(JsValue::from(ivan.clone())))["answers"], j!({ "decides": "yes", "interest": "Насосы" }));

    // A bad answer, a bad rating: refused, naming the field.
    let bad =
        expect_rejection(capture("Анна", "2026-07-07T08:00:00Z", r#"{"interest": "Машины"}"#, "warm", true)).await;
    assert_eq!((get_str(&bad, "kind"), get_str(&bad, "field")), ("validation".into(), "answers.interest".into()));
    let bad = expect_rejection(capture("Анна", "2026-07-07T08:00:00Z", "{}", "tepid", true)).await;
    assert_eq!(get_str(&bad, "field"), "rating");

    // Qualifying later: Пётр turns out warm.
    let lead = ok(crm.qualify_lead(JsValue::from(petr.clone()), json(r#"{"rating": "warm"}"#))).await;
    assert_eq!(lead["rating"], "warm");

    let board =
        read(crm.stand_dashboard(JsValue::from(show_id.clone()), Some(json(r#"{"now": "2026-07-07T07:30:00Z"}"#))));
    assert_eq!((board["total"].clone(), board["today"].clone()), (j!(3), j!(3)));
    assert_eq!(
        board["perHour"],
        j!([{ "hour": "2026-07-07 10:00", "leads": 2 }, { "hour": "2026-07-07 11:00", "leads": 0 }, { "hour": "2026-07-07 12:00", "leads": 1 }])
    );
    assert_eq!(board["perRep"], j!([{ "user": "anna", "leads": 3, "hot": 2 }]));
    let hot: Vec<&str> = board["hot"].as_array().unwrap().iter().map(|l| l["name"].as_str().unwrap()).collect();
    assert_eq!(hot, ["Ольга Сидорова", "Иван Петров"]);

    // Found by an answer; listed by rating.
    let hits = read(crm.search(JsValue::from("сервисный"), None));
    assert_eq!(
        (hits[0]["client"]["id"].as_str(), hits[0]["matched"]["field"].as_str()),
        (Some(olga.as_str()), Some("answer"))
    );
    let hot = read(crm.clients(Some(json(r#"{"filter": {"rating": "hot"}}"#))));
    let listed: Vec<&str> = hot["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(listed, [olga.as_str(), ivan.as_str()]);

    // Ольга said no to marketing: a marketing e-mail to her is refused, saying why.
    let tomorrow = js_sys::Date::new(&JsValue::from(js_sys::Date::now() + 86_400_000.0)).to_iso_string();
    let mail = |client: &str| {
        json(&format!(
            r#"{{"clientId": "{client}", "channel": "email", "origin": "marketing", "at": "{}",
                "goal": "send_offer", "approach": "новый каталог", "plannedResult": "ответ"}}"#,
            String::from(tomorrow.clone())
        ))
    };
    let refused = expect_rejection(crm.plan_touch(mail(&olga))).await;
    assert_eq!(get_str(&refused, "kind"), "aggression_limit");
    let violations = to_json(&crate::get(&refused, "violations"));
    assert_eq!(
        (violations[0]["rule"].as_str(), violations[0]["reason"].as_str()),
        (Some("marketing_consent"), Some("no_marketing_consent"))
    );
    ok(crm.plan_touch(mail(&ivan))).await;
    // She agrees by the web form: the same touch goes.
    let records = ok(crm.record_consent(
        JsValue::from(olga.clone()),
        json(r#"{"contact": true, "marketing": true, "source": "web form"}"#),
    ))
    .await;
    assert_eq!(records.as_array().unwrap().len(), 2);
    assert_eq!(read(crm.check_touch(mail(&olga)))["allowed"], true);

    // All of it stands after reopening.
    crm.release();
    let crm = open(&name, "anna").await;
    assert_eq!(read(crm.shows())[0]["stand"], "B-12");
    assert_eq!(read(crm.consents(JsValue::from(olga.clone())))[1]["source"], "web form");
    let again = read(crm.stand_dashboard(JsValue::from(show_id), Some(json(r#"{"now": "2026-07-07T07:30:00Z"}"#))));
    assert_eq!(again, board);
    crm.release();
}
