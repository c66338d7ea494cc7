//! The engine's write path: validation, durability before visibility, failures.

use chrono::{TimeZone, Utc};
use futures_executor::block_on;
use ripen_core::{
    ClientKind, ClientName, Command, Engine, ErrorKind, EventStore, MemoryStore, NewClient, ReplicaId, StoreError,
};

fn company(name: &str) -> NewClient {
    NewClient::named(ClientKind::Company, ClientName::parse(name).unwrap())
}

fn open(store: &MemoryStore, seed: u64) -> Engine<MemoryStore> {
    block_on(Engine::open(store.clone(), ReplicaId::from_random(seed), "anna".parse().unwrap())).unwrap()
}

#[test]
fn an_added_client_is_listed_with_its_author_and_time() {
    let store = MemoryStore::new();
    let engine = open(&store, 1);
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 9, 30, 0).unwrap();
    let events = block_on(engine.execute(Command::AddClient(company("АО «Сибмоторс»")), now)).unwrap();
    assert_eq!(events.len(), 1);
    let state = engine.state();
    let added = state.client(events[0].payload.clients()[0]).unwrap();
    assert_eq!(added.name.as_str(), "АО «Сибмоторс»");
    assert_eq!(added.created_by.as_str(), "anna");
    assert_eq!(added.created_at, now);
}

#[test]
fn a_failed_commit_changes_nothing_and_the_next_one_works() {
    let store = MemoryStore::new();
    let engine = open(&store, 1);
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    store.fail_next_write(StoreError::QuotaExceeded { detail: "disk full".into() });
    let error = block_on(engine.execute(Command::AddClient(company("Lost")), now)).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::QuotaExceeded);
    assert!(engine.state().clients().next().is_none());
    assert_eq!(store.record_count(), 0);

    block_on(engine.execute(Command::AddClient(company("Kept")), now)).unwrap();
    assert_eq!(engine.state().clients().count(), 1);
    drop(engine);
    let reopened = open(&store, 2);
    let names: Vec<_> = reopened.state().clients().map(|c| c.name.to_string()).collect();
    assert_eq!(names, ["Kept"]);
}

#[test]
fn an_empty_batch_writes_nothing() {
    let store = MemoryStore::new();
    let engine = open(&store, 1);
    let events =
        block_on(engine.execute(Command::AddClients(Vec::new()), Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()))
            .unwrap();
    assert!(events.is_empty());
    assert_eq!(store.record_count(), 0);
}

#[test]
fn a_damaged_record_is_left_out_with_its_commit_and_reported_and_the_rest_opens() {
    let store = MemoryStore::new();
    let engine = open(&store, 1);
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    block_on(engine.execute(Command::AddClient(company("Before")), now)).unwrap();
    drop(engine);
    // A record hand-edited in devtools, and one part of a two-part commit damaged.
    block_on(ripen_core::EventStore::append(&store, &["{ not json".to_owned()])).unwrap();
    let big: Vec<NewClient> = (0..400).map(|i| company(&format!("Большой импорт, клиент номер {i}"))).collect();
    let records = {
        let engine = open(&store, 2);
        let events = block_on(engine.execute(Command::AddClients(big), now)).unwrap();
        ripen_core::codec::encode_commit(&events)
    };
    assert!(records.len() >= 2, "a commit in several parts");
    let all = block_on(ripen_core::EventStore::load(&store)).unwrap();
    let damaged: Vec<String> = all
        .iter()
        .map(|r| if *r == records[1] { r.replacen("\"events\":[", "\"events\":[{\"oops\":1},", 1) } else { r.clone() })
        .collect();
    let store = MemoryStore::with_records(damaged);
    let engine = open(&store, 3);
    let names: Vec<String> = engine.state().clients().map(|c| c.name.to_string()).collect();
    assert_eq!(names, ["Before"], "the damaged commit is left out whole; the rest opens");
    let skipped = engine.skipped();
    assert_eq!(skipped.len(), 1 + records.len(), "{skipped:?}");
    assert!(skipped[0].reason.contains("not valid"), "{skipped:?}");
    let with_commit = skipped.iter().filter(|s| s.reason.contains("left out with its commit")).count();
    assert_eq!(with_commit, records.len() - 1, "the damaged part's sound siblings: {skipped:?}");
    block_on(engine.execute(Command::AddClient(company("After")), now)).unwrap();
}

#[test]
fn a_log_from_a_newer_build_is_refused_whole() {
    let store = MemoryStore::new();
    block_on(ripen_core::EventStore::append(
        &store,
        &[r#"{"f":9,"commit":"x.1","part":0,"parts":1,"events":[]}"#.to_owned()],
    ))
    .unwrap();
    let error = block_on(Engine::open(store, ReplicaId::from_random(1), "anna".parse().unwrap())).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::SchemaTooNew);
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
    assert_ne!(a[0].payload.clients()[0], b[0].payload.clients()[0]);
    let merged = open(&store, 3);
    assert_eq!(merged.state().clients().count(), 2);
}

/// A store whose appends take turns of the executor, as IndexedDB's do — earlier appends
/// longer than later ones, so that unserialised writes would finish in reverse order.
#[derive(Clone)]
struct SlowStore(MemoryStore, std::rc::Rc<std::cell::Cell<usize>>);

impl EventStore for SlowStore {
    async fn append(&self, records: &[String]) -> Result<Vec<u64>, StoreError> {
        let mut turns_left = 10usize.saturating_sub(self.1.replace(self.1.get() + 1));
        std::future::poll_fn(|cx| {
            if turns_left == 0 {
                std::task::Poll::Ready(())
            } else {
                turns_left -= 1;
                cx.waker().wake_by_ref();
                std::task::Poll::Pending
            }
        })
        .await;
        self.0.append(records).await
    }

    async fn load_records(&self, positions: &[u64]) -> Result<Vec<(u64, String)>, StoreError> {
        self.0.load_records(positions).await
    }

    async fn load_checkpoint(&self, sink: &mut dyn ripen_core::checkpoint::CheckpointSink) -> Result<bool, StoreError> {
        self.0.load_checkpoint(sink).await
    }

    async fn save_checkpoint(&self, checkpoint: &ripen_core::checkpoint::Checkpoint) -> Result<(), StoreError> {
        self.0.save_checkpoint(checkpoint).await
    }

    async fn load(&self) -> Result<Vec<String>, StoreError> {
        self.0.load().await
    }

    async fn load_after(&self, after: u64) -> Result<ripen_core::Tail, StoreError> {
        self.0.load_after(after).await
    }

    async fn load_page(&self, after: u64, max: u32) -> Result<ripen_core::Tail, StoreError> {
        self.0.load_page(after, max).await
    }

    async fn log_end(&self) -> Result<u64, StoreError> {
        self.0.log_end().await
    }

    async fn append_pulled(&self, records: &[String], sync_state: &str) -> Result<Vec<u64>, StoreError> {
        self.0.append_pulled(records, sync_state).await
    }

    async fn save_sync_state(&self, sync_state: &str) -> Result<(), StoreError> {
        self.0.save_sync_state(sync_state).await
    }

    async fn load_sync_state(&self) -> Result<Option<String>, StoreError> {
        self.0.load_sync_state().await
    }
}

#[test]
fn calls_fired_without_awaiting_commit_in_call_order() {
    use futures_executor::LocalPool;
    use futures_util::task::LocalSpawnExt;
    use std::rc::Rc;

    let store = MemoryStore::new();
    let engine = Rc::new(
        block_on(Engine::open(
            SlowStore(store.clone(), Default::default()),
            ReplicaId::from_random(1),
            "anna".parse().unwrap(),
        ))
        .unwrap(),
    );
    let mut pool = LocalPool::new();
    let names: Vec<String> = (0..8).map(|i| format!("Client {i}")).collect();
    for name in &names {
        let (engine, name) = (Rc::clone(&engine), name.clone());
        let command = if name.ends_with('3') {
            Command::AddClients(vec![company(&name)])
        } else {
            Command::AddClient(company(&name))
        };
        pool.spawner().spawn_local(async move { engine.execute(command, at(0)).await.map(drop).unwrap() }).unwrap();
    }
    pool.run();
    let listed: Vec<String> = engine.state().clients().map(|c| c.name.to_string()).collect();
    assert_eq!(listed, names);
    let reopened = open(&store, 2);
    let reloaded: Vec<String> = reopened.state().clients().map(|c| c.name.to_string()).collect();
    assert_eq!(reloaded, names, "the log holds them in call order too");
}

#[test]
fn created_at_is_the_recording_time_even_when_another_clock_ran_ahead() {
    let store = MemoryStore::new();
    let ahead = open(&store, 1);
    block_on(ahead.execute(Command::AddClient(company("From the future")), at(10 * 86_400_000))).unwrap();
    let honest = open(&store, 2);
    let events = block_on(honest.execute(Command::AddClient(company("Today")), at(1_000))).unwrap();
    let state = honest.state();
    let today = state.client(events[0].payload.clients()[0]).unwrap();
    assert_eq!(today.created_at, at(1_000));
    assert_eq!(state.clients().last().unwrap().name.as_str(), "Today", "still ordered after the earlier event");
}

fn at(millis: i64) -> chrono::DateTime<Utc> {
    Utc.timestamp_millis_opt(1_760_000_000_000 + millis).unwrap()
}

#[test]
fn another_tabs_writes_are_read_in_and_the_state_stays_the_fold_of_the_log() {
    let store = MemoryStore::new();
    let a = open(&store, 21);
    let b = open(&store, 22);
    let at = |minute: u32| Utc.with_ymd_and_hms(2026, 1, 1, 10, minute, 0).unwrap();
    block_on(a.execute(Command::AddClient(company("From A")), at(10))).unwrap();
    assert_eq!(block_on(b.refresh()).unwrap(), 1);
    assert_eq!(block_on(b.refresh()).unwrap(), 0, "nothing new the second time");
    // B's device clock runs behind: its event belongs before A's in the log's order.
    block_on(b.execute(Command::AddClient(company("From B")), at(1))).unwrap();
    assert_eq!(block_on(a.refresh()).unwrap(), 1);
    let folded = ripen_core::CrmState::fold(ripen_core::codec::decode_log(&block_on(store.load()).unwrap()).unwrap());
    for engine in [&a, &b] {
        assert_eq!(*engine.state(), folded, "each tab holds the fold of the whole log");
    }
    // Own writes read back are not applied twice.
    assert_eq!(block_on(b.refresh()).unwrap(), 0);
    assert_eq!(b.state().clients().count(), 2);
}

#[test]
fn a_log_written_out_of_fold_order_opens_as_the_sorted_fold() {
    let store = MemoryStore::new();
    let (a, b) = (open(&store, 31), open(&store, 32));
    let at = |minute: u32| Utc.with_ymd_and_hms(2026, 1, 1, 10, minute, 0).unwrap();
    block_on(a.execute(Command::AddClient(company("A, written first")), at(10))).unwrap();
    // B has not read A's write, and its clock runs behind: its commit belongs before A's.
    block_on(b.execute(Command::AddClient(company("B, written second")), at(1))).unwrap();
    let log = ripen_core::codec::decode_log(&block_on(store.load()).unwrap()).unwrap();
    let folded = ripen_core::CrmState::fold(log);
    let names: Vec<String> = folded.clients().map(|c| c.name.to_string()).collect();
    assert_eq!(names, ["B, written second", "A, written first"], "fold order is the clocks' order");
    assert_eq!(*open(&store, 33).state(), folded, "a fresh open sorts what it reads");
    assert_eq!(block_on(a.refresh()).unwrap(), 1);
    assert_eq!(*a.state(), folded, "a tab reading the other's earlier write folds afresh");
}

#[test]
fn a_log_of_many_pages_and_commits_in_several_parts_opens_as_its_fold() {
    let store = MemoryStore::new();
    let engine = open(&store, 41);
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    for batch in 0..6 {
        let clients =
            (0..300).map(|i| company(&format!("Партия {batch}, клиент с длинным названием номер {i}"))).collect();
        block_on(engine.execute(Command::AddClients(clients), now)).unwrap();
        for i in 0..100 {
            block_on(engine.execute(Command::AddClient(company(&format!("Single {batch}.{i}"))), now)).unwrap();
        }
    }
    assert!(store.record_count() > 600, "more than two pages of records: {}", store.record_count());
    let reopened = open(&store, 42);
    assert_eq!(*reopened.state(), *engine.state());
    assert!(reopened.skipped().is_empty());
    assert_eq!(reopened.state().clients().count(), 6 * 400);
}

#[test]
fn a_checkpoint_opens_as_the_log_would_and_history_still_reads_from_the_log() {
    let store = MemoryStore::new();
    let engine = open(&store, 51);
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let added = block_on(engine.execute(Command::AddClient(company("До снимка")), now)).unwrap();
    let client = ripen_core::ClientId::minted_by(&added[0].id);
    let rename = |name: &str| Command::RenameClient {
        client: client.clone(),
        name: ripen_core::ClientName::parse(name).unwrap(),
        since: None,
    };
    let renamed = block_on(engine.execute(rename("Переименован до снимка"), now)).unwrap();
    let covers = block_on(engine.write_checkpoint(|| async {})).unwrap();
    assert_eq!(engine.checkpoint_status().events_since, 0);
    block_on(engine.execute(Command::AddClient(company("После снимка")), now)).unwrap();
    drop(engine);

    let reopened = open(&store, 52);
    let status = reopened.checkpoint_status();
    assert_eq!(
        (status.covers, status.events_since, status.problem.as_deref()),
        (covers, 1, None),
        "only the tail was read"
    );
    let log = ripen_core::codec::decode_log(&block_on(store.load()).unwrap()).unwrap();
    assert_eq!(*reopened.state(), ripen_core::CrmState::fold(log), "the same state as folding the whole log");
    let history = block_on(reopened.history(&client)).unwrap();
    let types: Vec<&str> = history.iter().map(|e| e.payload.type_name()).collect();
    assert_eq!(types, ["client_renamed", "client_added"], "history from before the checkpoint");
    // A change from before the checkpoint is reverted, and a later one stands in its way.
    block_on(reopened.execute(rename("После снимка переименован"), now)).unwrap();
    let refused = block_on(reopened.execute(Command::Revert { event: renamed[0].id.clone(), force: false }, now));
    assert_eq!(refused.unwrap_err().kind(), ErrorKind::Conflict, "the later rename is found through the history index");
    block_on(reopened.execute(Command::Revert { event: renamed[0].id.clone(), force: true }, now)).unwrap();
    assert_eq!(reopened.state().client(&client).unwrap().name.as_str(), "До снимка");
}

#[test]
fn a_damaged_checkpoint_is_reported_and_the_log_opens_whole() {
    let store = MemoryStore::new();
    let engine = open(&store, 61);
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    block_on(engine.execute(Command::AddClient(company("Клиент")), now)).unwrap();
    block_on(engine.write_checkpoint(|| async {})).unwrap();
    let mut saved = ripen_core::checkpoint::write(&engine.state(), 1);
    saved.parts.truncate(saved.parts.len() / 2);
    block_on(store.save_checkpoint(&saved)).unwrap();
    let reopened = open(&store, 62);
    let status = reopened.checkpoint_status();
    assert!(status.problem.as_deref().is_some_and(|p| p.contains("ends too early")), "{status:?}");
    assert_eq!((status.covers, status.events_since), (0, 1), "the whole log was read");
    assert_eq!(reopened.state().clients().count(), 1);
}
