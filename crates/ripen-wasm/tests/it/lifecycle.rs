//! Opening, adding, listing, closing: the facade's lifecycle as JS sees it.

use crate::{expect_rejection, fresh_name, get_str, json, names, open};
use js_sys::Array;
use ripen_wasm::Crm;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn added_clients_survive_reopening() {
    let name = fresh_name("reopen");
    let crm = open(&name, "anna").await;
    let client = JsFuture::from(crm.add_client(json(r#"{"kind":"company","name":" ООО «Сибирские моторы» "}"#)))
        .await
        .expect("add");
    assert_eq!(get_str(&client, "name"), "ООО «Сибирские моторы»");
    assert_eq!(get_str(&client, "createdBy"), "anna");
    assert_eq!(get_str(&client, "kind"), "company");
    let id = get_str(&client, "id");
    JsFuture::from(crm.close()).await.expect("close");

    let crm = open(&name, "boris").await;
    let listed = crm.list_clients().unwrap().unchecked_into::<Array>();
    assert_eq!(listed.length(), 1);
    assert_eq!(get_str(&listed.get(0), "id"), id);
    assert_eq!(get_str(&listed.get(0), "createdBy"), "anna");
    assert_eq!(crm.user(), "boris");
}

#[wasm_bindgen_test]
async fn an_empty_name_is_refused_with_kind_validation_and_nothing_is_written() {
    let name = fresh_name("empty");
    let crm = open(&name, "anna").await;
    for input in [r#"{"name":""}"#, r#"{"name":"   "}"#, r#"{}"#] {
        let error = expect_rejection(crm.add_client(json(input))).await;
        assert_eq!(get_str(&error, "kind"), "validation", "{input}");
        assert_eq!(get_str(&error, "field"), "name", "{input}");
        assert_eq!(get_str(&error, "problem"), "empty", "{input}");
    }
    assert!(names(&crm).is_empty());
    JsFuture::from(crm.close()).await.expect("close");
    assert!(names(&open(&name, "anna").await).is_empty(), "nothing reached the database");
}

#[wasm_bindgen_test]
async fn wrong_shapes_are_refused_not_guessed() {
    let crm = open(&fresh_name("shape"), "anna").await;
    for input in
        [r#"{"name":"A","telephone":"1"}"#, r#"{"name":5}"#, r#""just a string""#, r#"{"name":"A","kind":"lead"}"#]
    {
        let error = expect_rejection(crm.add_client(json(input))).await;
        assert_eq!(get_str(&error, "kind"), "validation", "{input}");
    }
    assert!(names(&crm).is_empty());
}

#[wasm_bindgen_test]
async fn a_batch_with_one_bad_entry_writes_nothing_and_names_the_entry() {
    let name = fresh_name("batch");
    let crm = open(&name, "anna").await;
    let error = expect_rejection(crm.add_clients(json(r#"[{"name":"Good"},{"name":""}]"#))).await;
    assert_eq!(get_str(&error, "field"), "clients[1].name");
    assert!(names(&crm).is_empty());

    let added = JsFuture::from(crm.add_clients(json(r#"[{"name":"A"},{"name":"B","kind":"person"}]"#)))
        .await
        .expect("a good batch");
    assert_eq!(added.unchecked_into::<Array>().length(), 2);
    JsFuture::from(crm.close()).await.expect("close");
    assert_eq!(names(&open(&name, "anna").await), ["A", "B"]);
}

#[wasm_bindgen_test]
async fn open_refuses_a_missing_user_or_name() {
    let error = Crm::open(JsValue::from(fresh_name("nouser")), json("{}")).await.expect_err("user is required");
    assert_eq!(get_str(&error, "kind"), "validation");
    assert_eq!(get_str(&error, "field"), "user");
    let error = Crm::open("  ".into(), json(r#"{"user":"anna"}"#)).await.expect_err("name is required");
    assert_eq!(get_str(&error, "field"), "name");
}

#[wasm_bindgen_test]
async fn close_lets_a_write_under_way_finish_and_refuses_later_calls() {
    let name = fresh_name("close");
    let crm = open(&name, "anna").await;
    let pending = JsFuture::from(crm.add_client(json(r#"{"name":"In flight"}"#)));
    let closing = JsFuture::from(crm.close());
    pending.await.expect("a write already under way completes");
    closing.await.expect("close");

    let error = expect_rejection(crm.add_client(json(r#"{"name":"Too late"}"#))).await;
    assert_eq!(get_str(&error, "kind"), "closed");
    let error = crm.list_clients().expect_err("reads are refused too");
    assert_eq!(get_str(&error, "kind"), "closed");

    assert_eq!(names(&open(&name, "anna").await), ["In flight"]);
}

#[wasm_bindgen_test]
async fn calls_fired_together_land_in_call_order() {
    let name = fresh_name("order");
    let crm = open(&name, "anna").await;
    let promises: Vec<JsFuture> =
        (0..10).map(|i| JsFuture::from(crm.add_client(json(&format!(r#"{{"name":"Client {i}"}}"#))))).collect();
    for promise in promises {
        promise.await.expect("add");
    }
    let expected: Vec<String> = (0..10).map(|i| format!("Client {i}")).collect();
    assert_eq!(names(&crm), expected);
    JsFuture::from(crm.close()).await.expect("close");
    assert_eq!(names(&open(&name, "anna").await), expected);
}

#[wasm_bindgen_test]
async fn a_record_damaged_in_devtools_is_reported_and_the_rest_opens() {
    let name = fresh_name("damaged");
    let crm = open(&name, "anna").await;
    JsFuture::from(crm.add_client(json(r#"{"name": "ООО «Ромашка»"}"#))).await.expect("add");
    JsFuture::from(crm.close()).await.expect("close");
    // What a person typing over a record in devtools leaves behind.
    let store = ripen_idb::IdbStore::open(&name).await.expect("raw open");
    ripen_core::EventStore::append(
        &store,
        &[r#"{"f":1,"commit":"x.1","part":0,"parts":1,"events":[{"id":"#.to_owned()],
    )
    .await
    .expect("raw append");
    store.close();

    let crm = open(&name, "anna").await;
    assert_eq!(names(&crm), ["ООО «Ромашка»"]);
    let info = JsFuture::from(crm.storage_info()).await.expect("storage info");
    let skipped = js_sys::Reflect::get(&info, &"skipped".into()).unwrap().unchecked_into::<Array>();
    assert_eq!(skipped.length(), 1);
    assert_eq!(js_sys::Reflect::get(&skipped.get(0), &"position".into()).unwrap().as_f64(), Some(2.0));
    assert_eq!(get_str(&skipped.get(0), "problem"), "unreadable");
    assert!(
        get_str(&skipped.get(0), "reason").contains("record 2 is not valid"),
        "{}",
        get_str(&skipped.get(0), "reason")
    );
    JsFuture::from(crm.add_client(json(r#"{"name": "Новый"}"#))).await.expect("writes go on");
}

#[wasm_bindgen_test]
async fn the_page_is_told_to_reload_when_another_tab_deletes_the_database() {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    let name = fresh_name("reload");
    let crm = open(&name, "anna").await;
    let sources: Rc<RefCell<Vec<String>>> = Rc::default();
    let seen = Rc::clone(&sources);
    let callback = Closure::<dyn FnMut(wasm_bindgen::JsValue)>::new(move |change| {
        seen.borrow_mut().push(get_str(&change, "source"))
    });
    crm.subscribe(callback.as_ref().clone()).expect("subscribe");
    JsFuture::from(crm.add_client(json(r#"{"name": "Ромашка"}"#))).await.expect("add");
    Crm::delete_database(JsValue::from(name.clone())).await.expect("another tab deletes it");
    assert_eq!(*sources.borrow(), ["this", "reload"]);
    let error = expect_rejection(crm.add_client(json(r#"{"name": "После"}"#))).await;
    assert_eq!(get_str(&error, "kind"), "storage");
    assert!(get_str(&error, "message").contains("reload"));
}

/// The checkpoint info `storageInfo()` reports: (covers, eventsSince, problem).
async fn checkpoint_info(crm: &Crm) -> (f64, f64, wasm_bindgen::JsValue) {
    let info = JsFuture::from(crm.storage_info()).await.expect("storage info");
    let checkpoint = js_sys::Reflect::get(&info, &"checkpoint".into()).unwrap();
    let number = |key: &str| js_sys::Reflect::get(&checkpoint, &key.into()).unwrap().as_f64().unwrap();
    (number("covers"), number("eventsSince"), js_sys::Reflect::get(&checkpoint, &"problem".into()).unwrap())
}

#[wasm_bindgen_test]
async fn a_checkpoint_is_written_in_the_background_and_the_next_open_starts_from_it() {
    let name = fresh_name("checkpoint");
    let crm = open(&name, "anna").await;
    let many: Vec<String> = (0..5_200).map(|i| format!(r#"{{"name": "Клиент {i}"}}"#)).collect();
    JsFuture::from(crm.add_clients(json(&format!("[{}]", many.join(","))))).await.expect("add many");
    // Written in the background, a slice per task: poll until it is done.
    let mut waited = 0;
    while checkpoint_info(&crm).await.1 > 0.0 {
        assert!(waited < 200, "the checkpoint was never written");
        sleep(25).await;
        waited += 1;
    }
    let (covers, _, problem) = checkpoint_info(&crm).await;
    assert!(covers >= 1.0 && problem.is_null());
    let first = names(&crm)[0].clone();
    JsFuture::from(crm.add_client(json(r#"{"name": "После снимка"}"#))).await.expect("add after");
    JsFuture::from(crm.close()).await.expect("close");

    let crm = open(&name, "anna").await;
    assert_eq!(checkpoint_info(&crm).await.0, covers, "opened from the checkpoint");
    assert_eq!(checkpoint_info(&crm).await.1, 1.0, "and read one change after it");
    let listed = names(&crm);
    assert_eq!((listed.len(), listed[0].as_str(), listed[5_200].as_str()), (5_201, first.as_str(), "После снимка"));
    let id = get_str(&js_sys::Array::from(&crm.list_clients().unwrap()).get(0), "id");
    let history = JsFuture::from(crm.history(JsValue::from(id))).await.expect("history from before the checkpoint");
    assert_eq!(history.unchecked_into::<Array>().length(), 1);
}

async fn sleep(millis: i32) {
    let tick = js_sys::Promise::new(&mut |resolve, _| {
        let set_timeout: js_sys::Function =
            js_sys::Reflect::get(&js_sys::global(), &"setTimeout".into()).unwrap().unchecked_into();
        set_timeout.call2(&wasm_bindgen::JsValue::NULL, &resolve, &millis.into()).unwrap();
    });
    JsFuture::from(tick).await.unwrap();
}

#[wasm_bindgen_test]
async fn while_another_tab_writes_a_checkpoint_this_one_does_not() {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    let name = fresh_name("lock");
    // Another tab holds the checkpoint lock of this database.
    let release: Rc<RefCell<Option<js_sys::Function>>> = Rc::default();
    let held = Rc::clone(&release);
    let hold = Closure::once_into_js(move |_lock: wasm_bindgen::JsValue| -> js_sys::Promise {
        js_sys::Promise::new(&mut |resolve, _| *held.borrow_mut() = Some(resolve))
    });
    let navigator = js_sys::Reflect::get(&js_sys::global(), &"navigator".into()).unwrap();
    let locks = js_sys::Reflect::get(&navigator, &"locks".into()).unwrap();
    let request: js_sys::Function = js_sys::Reflect::get(&locks, &"request".into()).unwrap().unchecked_into();
    let _ = request.call2(&locks, &format!("ripen-checkpoint:{name}").into(), &hold).unwrap();

    let crm = open(&name, "anna").await;
    let many: Vec<String> = (0..5_100).map(|i| format!(r#"{{"name": "Клиент {i}"}}"#)).collect();
    JsFuture::from(crm.add_clients(json(&format!("[{}]", many.join(","))))).await.expect("add many");
    sleep(1_800).await;
    assert_eq!(checkpoint_info(&crm).await.1, 5_100.0, "skipped: the other tab holds the lock");

    release.borrow_mut().take().expect("the lock was granted").call0(&wasm_bindgen::JsValue::NULL).unwrap();
    JsFuture::from(crm.add_client(json(r#"{"name": "Ещё один"}"#))).await.expect("add");
    let mut waited = 0;
    while checkpoint_info(&crm).await.1 > 0.0 {
        assert!(waited < 100, "the checkpoint was never written once the lock was free");
        sleep(50).await;
        waited += 1;
    }
}
