//! The conformance suite every [`EventStore`] backend runs: the same cases against memory
//! natively and against IndexedDB in headless Chromium.

use crate::decide::command::Command;
use crate::engine::Engine;
use crate::log::checkpoint::Checkpoint;
use crate::log::store::EventStore;
use crate::model::client::{ClientKind, ClientName, NewClient};
use crate::values::ids::ReplicaId;
use chrono::{TimeZone, Utc};

/// How a backend's test gives the suite stores to work on.
#[allow(async_fn_in_trait)]
pub trait StoreHarness {
    type Store: EventStore;
    /// A store with nothing in it, not shared with any earlier one.
    async fn fresh(&mut self) -> Self::Store;
    /// Closes `store` and opens the same underlying storage again.
    async fn reopen(&mut self, store: Self::Store) -> Self::Store;
    /// Makes the next write (an append or a checkpoint) to `store` fail after it has started
    /// writing, the way a full disk or a killed tab would.
    fn break_next_write(&mut self, store: &Self::Store);
}

/// Runs every case; panics naming the first one that fails.
pub async fn run_all<H: StoreHarness>(harness: &mut H) {
    empty_store_loads_nothing(harness).await;
    appends_load_back_in_order(harness).await;
    records_survive_reopen(harness).await;
    large_and_unicode_records_round_trip(harness).await;
    a_failed_append_stores_nothing(harness).await;
    engine_state_survives_reopen(harness).await;
    the_tail_after_a_position_holds_only_later_records(harness).await;
    records_are_found_again_by_position(harness).await;
    a_checkpoint_is_replaced_whole_or_not_at_all(harness).await;
    pulled_records_land_with_their_sync_state_or_not_at_all(harness).await;
}

/// A pull's records and the sync state saying they were pulled are one write: a failed
/// one leaves the state before it and no record; the engine reads pulled records in as it
/// reads another tab's.
async fn pulled_records_land_with_their_sync_state_or_not_at_all<H: StoreHarness>(harness: &mut H) {
    let what = "pulled_records_land_with_their_sync_state_or_not_at_all";
    let store = harness.fresh().await;
    assert_eq!(store.load_sync_state().await.expect("load"), None, "{what}: none at first");
    let engine =
        Engine::open(store, ReplicaId::from_random(41), "anna".parse().expect("a user id")).await.expect("open");
    let elsewhere = crate::log::store::MemoryStore::new();
    let other = Engine::open(elsewhere.clone(), ReplicaId::from_random(42), "anna".parse().expect("a user id"))
        .await
        .expect("open");
    let now = Utc.timestamp_opt(1_764_000_000, 0).unwrap();
    for name in ["Pulled One", "Pulled Two"] {
        let client = NewClient::named(ClientKind::Company, ClientName::parse(name).expect("a name"));
        other.execute(Command::AddClient(client), now).await.expect("write elsewhere");
    }
    let pulled = elsewhere.load().await.expect("load");
    let store = engine.store();
    harness.break_next_write(store);
    assert!(store.append_pulled(&pulled[..1], "state-1").await.is_err(), "{what}: the write was broken");
    assert_eq!(store.load_sync_state().await.expect("load"), None, "{what}: no state from a failed pull");
    assert_eq!(store.log_end().await.expect("end"), 0, "{what}: no record from a failed pull");
    let positions = store.append_pulled(&pulled[..1], "state-1").await.expect("pull");
    assert_eq!(positions.len(), 1, "{what}: positions");
    store.append_pulled(&pulled[1..], "state-2").await.expect("pull");
    assert_eq!(engine.refresh().await.expect("refresh"), 2, "{what}: read in like another tab's");
    assert_eq!(engine.state().clients().count(), 2, "{what}: applied");
    let store = harness.reopen(engine.into_store()).await;
    assert_eq!(store.load_sync_state().await.expect("load").as_deref(), Some("state-2"), "{what}: kept");
    store.save_sync_state("state-3").await.expect("save");
    let store = harness.reopen(store).await;
    assert_eq!(store.load_sync_state().await.expect("load").as_deref(), Some("state-3"), "{what}: replaced");
    assert_eq!(store.load().await.expect("load"), pulled, "{what}: the records as pulled");
}

async fn empty_store_loads_nothing<H: StoreHarness>(harness: &mut H) {
    let store = harness.fresh().await;
    let loaded = store.load().await.expect("load from an empty store");
    assert!(loaded.is_empty(), "empty_store_loads_nothing: got {} records", loaded.len());
}

async fn appends_load_back_in_order<H: StoreHarness>(harness: &mut H) {
    let store = harness.fresh().await;
    store.append(&["a".into(), "b".into()]).await.expect("first append");
    store.append(&["c".into()]).await.expect("second append");
    store.append(&[]).await.expect("an empty append is a no-op");
    let loaded = store.load().await.expect("load");
    assert_eq!(loaded, ["a", "b", "c"], "appends_load_back_in_order");
}

async fn the_tail_after_a_position_holds_only_later_records<H: StoreHarness>(harness: &mut H) {
    let what = "the_tail_after_a_position_holds_only_later_records";
    let store = harness.fresh().await;
    let empty = store.load_after(0).await.expect("tail of an empty store");
    assert_eq!((empty.records.len(), empty.last), (0, 0), "{what}: empty");
    store.append(&["a".into(), "b".into()]).await.expect("append");
    let first = store.load_after(0).await.expect("tail from the start");
    assert_eq!(first.records, ["a", "b"], "{what}: from the start");
    store.append(&["c".into()]).await.expect("append");
    let next = store.load_after(first.last).await.expect("tail after the first read");
    assert_eq!(next.records, ["c"], "{what}: only what came after");
    let none = store.load_after(next.last).await.expect("tail at the end");
    assert!(none.records.is_empty() && none.last == next.last, "{what}: nothing new");
    let page = store.load_page(0, 2).await.expect("a page");
    assert_eq!(page.records, ["a", "b"], "{what}: a page holds at most its size");
    let rest = store.load_page(page.last, 2).await.expect("the next page");
    assert_eq!(rest.records, ["c"], "{what}: the next page starts after the last");
}

async fn records_are_found_again_by_position<H: StoreHarness>(harness: &mut H) {
    let what = "records_are_found_again_by_position";
    let store = harness.fresh().await;
    let first = store.append(&["a".into(), "b".into()]).await.expect("append");
    let second = store.append(&["c".into()]).await.expect("append");
    assert_eq!(first.len(), 2, "{what}: one position per record");
    assert!(first[0] < first[1] && first[1] < second[0], "{what}: positions grow: {first:?} {second:?}");
    let tail = store.load_after(0).await.expect("tail");
    assert_eq!(tail.positions, [first[0], first[1], second[0]], "{what}: the tail names the same positions");
    let page = store.load_page(first[0], 1).await.expect("page");
    assert_eq!(page.positions, [first[1]], "{what}: a page names its positions");
    let store = harness.reopen(store).await;
    let found = store.load_records(&[first[0], second[0], second[0] + 1_000]).await.expect("load by position");
    assert_eq!(
        found,
        [(first[0], "a".to_owned()), (second[0], "c".to_owned())],
        "{what}: by position, missing left out"
    );
    assert!(store.load_records(&[]).await.expect("nothing asked").is_empty(), "{what}: nothing asked");
}

async fn a_checkpoint_is_replaced_whole_or_not_at_all<H: StoreHarness>(harness: &mut H) {
    let what = "a_checkpoint_is_replaced_whole_or_not_at_all";
    let store = harness.fresh().await;
    assert_eq!(loaded(&store).await.map(|c| shape(&c)), None, "{what}: none at first");
    // Parts over 64 KiB (Blink keeps those out of line), with every byte value; an empty one.
    let part = |len: u32, seed: u32| (0..len).map(|i| ((i + seed) % 251) as u8).collect::<Vec<u8>>();
    let large = Checkpoint { covers: 7, parts: vec![part(300_000, 0), Vec::new(), part(70_000, 3), part(10, 5)] };
    store.save_checkpoint(&large).await.expect("save");
    let store = harness.reopen(store).await;
    assert_eq!(loaded(&store).await.map(|c| shape(&c)), Some(shape(&large)), "{what}: read back whole, part by part");
    let small = Checkpoint { covers: 9, parts: vec![b"small".to_vec()] };
    store.save_checkpoint(&small).await.expect("replace");
    assert_eq!(loaded(&store).await.map(|c| shape(&c)), Some(shape(&small)), "{what}: replaced, no leftovers");
    harness.break_next_write(&store);
    let lost = Checkpoint { covers: 11, parts: vec![vec![1; 200_000]; 3] };
    assert!(store.save_checkpoint(&lost).await.is_err(), "{what}: the broken save must fail");
    let store = harness.reopen(store).await;
    assert_eq!(loaded(&store).await.map(|c| shape(&c)), Some(shape(&small)), "{what}: a failed save keeps the old one");
    store.save_checkpoint(&large).await.expect("save after a failed one");
    assert_eq!(loaded(&store).await.map(|c| shape(&c)), Some(shape(&large)), "{what}: no orphan of the failed one");
}

/// What a checkpoint is, in a line an assertion can print: where it covers, each part's
/// length and a checksum of its bytes.
fn shape(checkpoint: &Checkpoint) -> (u64, Vec<(usize, u64)>) {
    let sum = |part: &Vec<u8>| part.iter().enumerate().map(|(i, &b)| (i as u64 + 1) * u64::from(b)).sum::<u64>();
    (checkpoint.covers, checkpoint.parts.iter().map(|p| (p.len(), sum(p))).collect())
}

/// The stored checkpoint as the store hands it out, part by part.
async fn loaded<S: EventStore>(store: &S) -> Option<Checkpoint> {
    struct Collect(Checkpoint, usize);
    impl crate::log::checkpoint::CheckpointSink for Collect {
        fn begin(&mut self, covers: u64, bytes: usize) {
            (self.0.covers, self.1) = (covers, bytes);
        }
        fn part(&mut self, part: &[u8]) {
            self.0.parts.push(part.to_vec());
        }
    }
    let mut sink = Collect(Checkpoint { covers: 0, parts: Vec::new() }, 0);
    let found = store.load_checkpoint(&mut sink).await.expect("load the checkpoint");
    assert_eq!(sink.1, sink.0.len(), "the size announced is the size handed out");
    found.then_some(sink.0)
}

async fn records_survive_reopen<H: StoreHarness>(harness: &mut H) {
    let store = harness.fresh().await;
    store.append(&["one".into()]).await.expect("append");
    let store = harness.reopen(store).await;
    store.append(&["two".into()]).await.expect("append after reopen");
    let store = harness.reopen(store).await;
    assert_eq!(store.load().await.expect("load"), ["one", "two"], "records_survive_reopen");
}

async fn large_and_unicode_records_round_trip<H: StoreHarness>(harness: &mut H) {
    let store = harness.fresh().await;
    let large = "Сибирские моторы «ё» \u{1F4DE} ".repeat(10_000);
    let records = vec![large.clone(), "\"quotes\" and \\ backslashes".to_owned()];
    store.append(&records).await.expect("append a large record");
    let store = harness.reopen(store).await;
    assert_eq!(store.load().await.expect("load"), records, "large_and_unicode_records_round_trip");
}

async fn a_failed_append_stores_nothing<H: StoreHarness>(harness: &mut H) {
    let store = harness.fresh().await;
    store.append(&["kept".into()]).await.expect("append");
    harness.break_next_write(&store);
    let many: Vec<String> = (0..50).map(|i| format!("lost {i}")).collect();
    assert!(store.append(&many).await.is_err(), "a_failed_append_stores_nothing: the broken append must fail");
    store.append(&["after".into()]).await.expect("the next append works");
    let store = harness.reopen(store).await;
    assert_eq!(store.load().await.expect("load"), ["kept", "after"], "a_failed_append_stores_nothing");
}

async fn engine_state_survives_reopen<H: StoreHarness>(harness: &mut H) {
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
    let user = "anna".parse().expect("valid user");
    let client = |name: &str| NewClient::named(ClientKind::Company, ClientName::parse(name).expect("valid name"));

    let store = harness.fresh().await;
    let engine = Engine::open(store, ReplicaId::from_random(1), user).await.expect("open");
    engine.execute(Command::AddClient(client("ООО «Сибирские моторы»")), now).await.expect("add one");
    let many = (0..3_000).map(|i| client(&format!("Клиент {i}"))).collect();
    engine.execute(Command::AddClients(many), now).await.expect("add many");
    let before = engine.state().clone();
    let store = harness.reopen(engine.into_store()).await;

    let user = "boris".parse().expect("valid user");
    let engine = Engine::open(store, ReplicaId::from_random(2), user).await.expect("reopen");
    assert_eq!(*engine.state(), before, "engine_state_survives_reopen: state differs after reopen");
    engine.execute(Command::AddClient(client("Second replica's client")), now).await.expect("add after reopen");
    let state = engine.state();
    let clients: Vec<_> = state.clients().collect();
    assert_eq!(clients.len(), 3_002, "engine_state_survives_reopen: count");
    assert_eq!(clients[0].name.as_str(), "ООО «Сибирские моторы»");
    assert_eq!(clients[3_001].created_by.as_str(), "boris");
}
