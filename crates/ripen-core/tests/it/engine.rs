//! The engine's write path: validation, durability before visibility, failures.

use chrono::{TimeZone, Utc};
use futures_executor::block_on;
use ripen_core::{
    ClientKind, ClientName, Command, Engine, ErrorKind, EventPayload, MemoryStore, NewClient,
    ReplicaId, StoreError,
};

fn company(name: &str) -> NewClient {
    NewClient {
        kind: ClientKind::Company,
        name: ClientName::parse(name).unwrap(),
    }
}

fn open(store: &MemoryStore, seed: u64) -> Engine<MemoryStore> {
    block_on(Engine::open(
        store.clone(),
        ReplicaId::from_random(seed),
        "anna".parse().unwrap(),
    ))
    .unwrap()
}

#[test]
fn an_added_client_is_listed_with_its_author_and_time() {
    let store = MemoryStore::new();
    let engine = open(&store, 1);
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 9, 30, 0).unwrap();
    let events =
        block_on(engine.execute(Command::AddClient(company("АО «Сибмоторс»")), now)).unwrap();
    assert_eq!(events.len(), 1);
    let EventPayload::ClientAdded { client, .. } = &events[0].payload;
    let state = engine.state();
    let added = state.client(client).unwrap();
    assert_eq!(added.name.as_str(), "АО «Сибмоторс»");
    assert_eq!(added.created_by.as_str(), "anna");
    assert_eq!(added.created_at, now);
}

#[test]
fn a_failed_commit_changes_nothing_and_the_next_one_works() {
    let store = MemoryStore::new();
    let engine = open(&store, 1);
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    store.fail_next_append(StoreError::QuotaExceeded {
        detail: "disk full".into(),
    });
    let error = block_on(engine.execute(Command::AddClient(company("Lost")), now)).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::QuotaExceeded);
    assert!(engine.state().clients().is_empty());
    assert_eq!(store.record_count(), 0);

    block_on(engine.execute(Command::AddClient(company("Kept")), now)).unwrap();
    assert_eq!(engine.state().clients().len(), 1);
    drop(engine);
    let reopened = open(&store, 2);
    let names: Vec<_> = reopened
        .state()
        .clients()
        .iter()
        .map(|c| c.name.to_string())
        .collect();
    assert_eq!(names, ["Kept"]);
}

#[test]
fn an_empty_batch_writes_nothing() {
    let store = MemoryStore::new();
    let engine = open(&store, 1);
    let events = block_on(engine.execute(
        Command::AddClients(Vec::new()),
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
    ))
    .unwrap();
    assert!(events.is_empty());
    assert_eq!(store.record_count(), 0);
}

#[test]
fn a_damaged_log_is_refused_on_open_with_kind_corrupt() {
    let store = MemoryStore::new();
    block_on(ripen_core::EventStore::append(
        &store,
        &["{ not json".to_owned()],
    ))
    .unwrap();
    let error = block_on(Engine::open(
        store,
        ReplicaId::from_random(1),
        "anna".parse().unwrap(),
    ))
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Corrupt);
}

#[test]
fn two_replicas_never_mint_the_same_ids() {
    let store = MemoryStore::new();
    let first = open(&store, 1);
    let second = open(&store, 2);
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let a = block_on(first.execute(Command::AddClient(company("A")), now)).unwrap();
    let b = block_on(second.execute(Command::AddClient(company("B")), now)).unwrap();
    assert_ne!(a[0].id, b[0].id);
    assert_ne!(a[0].payload.client(), b[0].payload.client());
    let merged = open(&store, 3);
    assert_eq!(merged.state().clients().len(), 2);
}
