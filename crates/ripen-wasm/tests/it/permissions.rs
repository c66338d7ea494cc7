//! Routing and permissions through the facade and IndexedDB: a routed lead and its
//! explanation survive reopening; the current user is chosen at open and switched
//! explicitly; refused calls are `RipenError`s of kind "forbidden" (a client out of
//! sight: "not_found").

use crate::{expect_rejection, fresh_name, get_str, json, names, open};
use ripen_wasm::Crm;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

async fn done(promise: js_sys::Promise) -> wasm_bindgen::JsValue {
    JsFuture::from(promise).await.expect("the call succeeds")
}

async fn office(name: &str) -> Crm {
    let crm = open(name, "root").await;
    for team in ["msk", "nsk"] {
        done(crm.save_team(team.into(), json(&format!(r#"{{"name": "{team}"}}"#)))).await;
    }
    let users = [
        ("root", r#"{"name": "Root", "role": "admin"}"#),
        ("anna", r#"{"name": "Анна", "role": "manager", "team": "nsk"}"#),
        ("boris", r#"{"name": "Борис", "role": "manager", "team": "nsk", "cap": 1}"#),
        ("vera", r#"{"name": "Вера", "role": "manager", "team": "msk"}"#),
    ];
    for (id, profile) in users {
        done(crm.save_user(id.into(), json(profile))).await;
    }
    crm
}

#[wasm_bindgen_test]
async fn a_routed_lead_keeps_its_owner_turn_and_explanation_across_a_reopen() {
    let name = fresh_name("routing");
    let crm = office(&name).await;
    done(crm.save_routing(json(
        r#"{"rules": [{"when": {"region": "Сибирь"}, "to": {"team": "nsk"}}], "default": {"team": "msk"}}"#,
    )))
    .await;
    let first = done(crm.add_client(json(r#"{"name": "Сибмоторс", "region": "Сибирь"}"#))).await;
    assert_eq!(get_str(&first, "owner"), "anna");
    done(crm.close()).await;

    let crm = open(&name, "root").await;
    let second = done(crm.add_client(json(r#"{"name": "Сибторг", "region": "сибирь"}"#))).await;
    assert_eq!(get_str(&second, "owner"), "boris", "the turn came back from the log");
    let third = done(crm.add_client(json(r#"{"name": "Омскагро", "region": "Сибирь"}"#))).await;
    assert_eq!(get_str(&third, "owner"), "anna");
    let fourth = done(crm.add_client(json(r#"{"name": "Томскнефть", "region": "Сибирь"}"#))).await;
    assert_eq!(get_str(&fourth, "owner"), "anna", "boris is at his cap of 1");
    let history =
        wasm_bindgen_futures::JsFuture::from(crm.history(JsValue::from(get_str(&fourth, "id")))).await.unwrap();
    let routed = js_sys::Reflect::get(&history, &0.into()).unwrap();
    assert_eq!(get_str(&routed, "type"), "client_routed");
    let why = js_sys::Reflect::get(&routed, &"why".into()).unwrap();
    assert_eq!(
        get_str(&why, "text"),
        "rule 1 (region Сибирь) → team nsk; taxi queue → anna (passed over boris: at their cap of 1)"
    );
}

#[wasm_bindgen_test]
async fn each_user_sees_their_own_and_is_refused_the_rest() {
    let name = fresh_name("permissions");
    let crm = office(&name).await;
    let annas = get_str(&done(crm.add_client(json(r#"{"name": "Аннин", "owner": "anna"}"#))).await, "id");
    let veras = get_str(&done(crm.add_client(json(r#"{"name": "Верин", "owner": "vera"}"#))).await, "id");
    for client in [&annas, &veras] {
        done(crm.move_stage(JsValue::from(client.clone()), json(r#"{"pipeline": "sales", "stage": "offer_sent"}"#)))
            .await;
    }
    let reached = |crm: &Crm| {
        let report = crm.funnel(json(r#"{"pipeline": "sales"}"#)).unwrap();
        let text = js_sys::JSON::stringify(&report).unwrap().as_string().unwrap();
        let report: serde_json::Value = serde_json::from_str(&text).unwrap();
        report["overall"]["steps"][3]["reached"].as_u64().unwrap()
    };
    let agenda_clients = |crm: &Crm| {
        let items = crm.agenda(Some(json(r#"{"user": null}"#))).unwrap(); // everyone's, as far as one may see
        let text = js_sys::JSON::stringify(&items).unwrap().as_string().unwrap();
        let items: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
        let mut clients: Vec<String> = items.iter().map(|i| i["client"].as_str().unwrap().to_owned()).collect();
        clients.sort();
        clients.dedup();
        clients
    };
    assert_eq!(reached(&crm), 2);
    assert_eq!(agenda_clients(&crm).len(), 2, "both cards lack a next step");
    done(crm.close()).await;

    let refused =
        Crm::open(JsValue::from(name.clone()), json(r#"{"user": "ghost"}"#)).await.expect_err("an unknown user");
    assert_eq!(get_str(&refused, "kind"), "forbidden");

    let crm = open(&name, "anna").await;
    assert_eq!(names(&crm), ["Аннин"]);
    assert_eq!(reached(&crm), 1, "her funnel counts her card only");
    assert_eq!(agenda_clients(&crm), vec![annas], "her agenda holds her client only");
    assert_eq!(get_str(&crm.access().unwrap(), "sees"), "own");
    // Out of her sight is as good as not there.
    let error = crm.get_client(JsValue::from_str(&veras)).expect_err("not hers");
    assert_eq!(get_str(&error, "kind"), "not_found");
    let error = expect_rejection(crm.update_client(JsValue::from(veras.clone()), json(r#"{"region": "Урал"}"#))).await;
    assert_eq!(get_str(&error, "kind"), "not_found");
    let error = expect_rejection(crm.save_routing(wasm_bindgen::JsValue::NULL)).await;
    assert_eq!(get_str(&error, "kind"), "forbidden");

    done(crm.switch_user("vera".into())).await;
    assert_eq!(crm.user(), "vera");
    done(crm.share(JsValue::from(veras.clone()), json(r#"{"user": "anna"}"#))).await;
    done(crm.switch_user("anna".into())).await;
    assert_eq!(names(&crm), ["Аннин", "Верин"], "shared with her");
    let error = expect_rejection(crm.switch_user("ghost".into())).await;
    assert_eq!(get_str(&error, "kind"), "forbidden");
    assert_eq!(crm.user(), "anna");
}
