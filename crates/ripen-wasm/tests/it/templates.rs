//! Stage templates as JS drives them, through IndexedDB: the defaults there from the
//! start, one saved (and refused with the field and problem named), filled in for a
//! client with its links, still so after reopening, and removed.

use crate::{expect_rejection, fresh_name, get_str, json, open};
use serde_json::Value;
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

fn ids(value: &Value) -> Vec<String> {
    value.as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap().to_owned()).collect()
}

#[wasm_bindgen_test]
async fn a_template_saved_filled_in_kept_and_removed_as_js_sees_it() {
    let name = fresh_name("templates");
    let crm = open(&name, "anna").await;
    let ru_offer =
        to_json(&crm.templates(Some(json(r#"{"pipeline": "sales", "stage": "offer_sent", "locale": "ru"}"#))).unwrap());
    assert_eq!(ids(&ru_offer), ["sales-offer_sent-email-ru", "sales-offer_sent-message-ru"]);

    let template = r#"{"id": "nudge", "pipeline": "sales", "stage": "offer_sent", "channel": "message",
        "locale": "ru", "name": "Напоминание", "body": "BODY"}"#;
    // (body, field, problem)
    let refused = [
        ("Привет, {nmae}", "body", "unknown_variable"),
        ("Привет, {name", "body", "unbalanced_brace"),
        ("  ", "body", "empty"),
    ];
    for (body, field, problem) in refused {
        let error = expect_rejection(crm.save_template(json(&template.replace("BODY", body)))).await;
        assert_eq!(
            (get_str(&error, "kind"), get_str(&error, "field"), get_str(&error, "problem")),
            ("validation".into(), field.into(), problem.into()),
            "{body}"
        );
    }
    let wrong = expect_rejection(crm.save_template(json(&template.replace("\"ru\"", "\"de\"")))).await;
    assert_eq!(get_str(&wrong, "field"), "locale");

    let saved =
        ok(crm.save_template(json(&template.replace("BODY", "{first_name}, как вам КП для {company}? & 100%")))).await;
    assert_eq!(saved["name"], "Напоминание");
    let company = ok(crm.add_client(json(r#"{"name": "ООО «Ромашка»"}"#))).await;
    let person =
        ok(crm.add_client(json(r#"{"name": "Пётр Иванов", "kind": "person", "phones": ["+7 913 123-45-67"]}"#))).await;
    let (company, person) = (company["id"].as_str().unwrap().to_owned(), person["id"].as_str().unwrap().to_owned());
    ok(crm.link(company.clone().into(), person.clone().into(), "employee".into(), None)).await;
    JsFuture::from(crm.close()).await.unwrap();

    let crm = open(&name, "anna").await;
    let rendered = to_json(&crm.render_template("nudge".into(), person.clone().into()).unwrap());
    assert_eq!(rendered["body"], "Пётр, как вам КП для ООО «Ромашка»? & 100%");
    assert_eq!(rendered["missing"], serde_json::json!([]));
    assert_eq!(rendered["subject"], Value::Null);
    assert_eq!(rendered["links"][0]["kind"], "sms");
    assert_eq!(rendered["links"][0]["channel"], "message");
    assert_eq!(rendered["links"][0]["label"], "+7 913 123-45-67");
    let href = rendered["links"][0]["href"].as_str().unwrap();
    let body = js_sys::decode_uri_component(href.split("body=").nth(1).unwrap()).unwrap();
    assert_eq!(body.as_string().unwrap(), rendered["body"].as_str().unwrap());

    let missing = crm.render_template("nope".into(), person.into()).unwrap_err();
    assert_eq!(get_str(&missing, "kind"), "not_found");
    JsFuture::from(crm.remove_template("nudge".into())).await.unwrap();
    let left = to_json(&crm.templates(Some(json(r#"{"stage": "offer_sent", "locale": "ru"}"#))).unwrap());
    assert!(!ids(&left).contains(&"nudge".to_owned()));
}
