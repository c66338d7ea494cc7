//! Property tests of the event model: for random command sequences (with failing commits,
//! reopens and reverts), no command panics, a failed command changes nothing, folding the
//! stored log equals the incrementally maintained state, and an immediate revert restores
//! the client exactly.

use crate::commands::{self, step, Step, USERS};
use chrono::{TimeZone, Utc};
use futures_executor::block_on;
use proptest::prelude::*;
use ripen_core::checkpoint;
use ripen_core::{Command, CrmState, Engine, EventStore, MemoryStore, ReplicaId, StoreError, UserId};

/// Opens as `user`, or, once an admin exists and `user` is not registered (which the
/// engine refuses), as the first registered user.
fn open(store: &MemoryStore, seed: u64, user: UserId) -> Engine<MemoryStore> {
    match block_on(Engine::open(store.clone(), ReplicaId::from_random(seed), user)) {
        Ok(engine) => engine,
        Err(error) => {
            assert_eq!(error.kind(), ripen_core::ErrorKind::Forbidden, "{error}");
            let state = CrmState::fold(ripen_core::codec::decode_log(&block_on(store.load()).unwrap()).unwrap());
            let member = state.people.users().next().map(|(id, _)| id.clone()).unwrap();
            block_on(Engine::open(store.clone(), ReplicaId::from_random(seed), member)).unwrap()
        }
    }
}

/// Everything a user can see, without bookkeeping (event log, card timestamps).
fn observable(state: &CrmState, clients: &[ripen_core::ClientId]) -> String {
    let all_clients: Vec<_> = clients.iter().filter_map(|id| state.client(id)).collect();
    let cards: Vec<_> = state.pipelines.cards().into_iter().map(|c| (&c.client, &c.pipeline, &c.position)).collect();
    let relationships: Vec<_> = state.relationships.all().collect();
    let users: Vec<_> = state.people.users().collect();
    let teams: Vec<_> = state.people.teams().collect();
    let routing = &state.routing;
    let touches: Vec<_> = state.touches.all().collect();
    let leads: Vec<_> = clients.iter().map(|id| (state.lead(id), state.consents(id))).collect();
    format!(
        "{all_clients:?}\n{cards:?}\n{:?}\n{relationships:?}\n{users:?}\n{teams:?}\n{routing:?}\n{touches:?}\n{:?}\n{leads:?}",
        state.pipelines.all(),
        state.shows(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_event_model_holds_for_any_command_sequence(
        steps in prop::collection::vec(step(), 1..50),
        revert_right_away in prop::collection::vec(any::<bool>(), 50),
        (written_first, between_pieces) in (0usize..100, 1usize..5),
    ) {
        let store = MemoryStore::new();
        let mut seed = 1;
        let mut engine = open(&store, seed, "anna".parse().unwrap());
        for (i, step) in steps.into_iter().enumerate() {
            let now = Utc.timestamp_millis_opt(1_700_000_000_000 + i as i64 * 1_000).unwrap();
            let command = match step {
                Step::SwitchUser(u) => {
                    let _ = block_on(engine.switch_user(USERS[u].parse().unwrap()));
                    None
                }
                Step::FailNextCommit => {
                    store.fail_next_write(StoreError::Backend { detail: "injected".into() });
                    None
                }
                Step::Checkpoint => {
                    // A failure injected just before falls on the checkpoint: it is a cache,
                    // and the log alone still opens.
                    let _ = block_on(engine.write_checkpoint(|| async {}));
                    None
                }
                Step::Reopen => {
                    let user = engine.user();
                    drop(engine);
                    seed += 1;
                    engine = open(&store, seed, user);
                    None
                }
                step => commands::command(&step, &engine),
            };
            let Some(command) = command else { continue };
            let before = engine.state().clone();
            match block_on(engine.execute(command, now)) {
                Err(_) => prop_assert_eq!(&*engine.state(), &before, "a failed command changed the state"),
                Ok(events) => {
                    // An immediate revert of a command restores everything a user can see.
                    // A batch (an import, or its revert) is one command of many events, reverted as one.
                    let batch = |e: &ripen_core::Event| matches!(e.payload, ripen_core::EventPayload::Imported { .. } | ripen_core::EventPayload::ImportReverted { .. });
                    let Some(event) = events.first().filter(|e| (events.len() == 1 || batch(e)) && revert_right_away[i]) else { continue };
                    let known: Vec<_> = before.all_clients().map(|c| c.id.clone()).collect();
                    let reverted = block_on(engine.execute(Command::Revert { event: event.id.clone(), force: false }, now));
                    match reverted {
                        Ok(_) => {
                            prop_assert_eq!(observable(&engine.state(), &known), observable(&before, &known));
                            // Reverting a creation removes the client rather than forgetting it.
                            if let ripen_core::EventPayload::ClientAdded { client, .. } = &event.payload {
                                prop_assert!(engine.state().client(client).is_some_and(|c| c.removed));
                            }
                            if batch(event) {
                                let live: Vec<_> = engine.state().clients().map(|c| c.id.clone()).collect();
                                let before_live: Vec<_> = before.clients().map(|c| c.id.clone()).collect();
                                prop_assert_eq!(live, before_live, "a reverted batch leaves the same clients in the lists");
                                prop_assert_eq!(engine.state().relationships.all().filter(|r| r.ended.is_none()).count(),
                                    before.relationships.all().filter(|r| r.ended.is_none()).count());
                            }
                        }
                        // An injected storage failure, or a refusal the engine explains, may stop it.
                        Err(error) => prop_assert!(
                            matches!(
                                error.kind(),
                                ripen_core::ErrorKind::Storage | ripen_core::ErrorKind::Conflict | ripen_core::ErrorKind::Forbidden
                            ),
                            "{}", error
                        ),
                    }
                }
            }
        }
        let records = block_on(store.load()).unwrap();
        let events = ripen_core::codec::decode_log(&records).unwrap();
        // Every event reads back as it was written.
        for event in &events {
            prop_assert_eq!(&ripen_json::from_str::<ripen_core::Event>(&ripen_json::to_string(event)).unwrap(), event);
        }
        let folded = CrmState::fold(events);
        prop_assert_eq!(&folded, &*engine.state());
        // One device deciding against everything it applied meets no conflict.
        prop_assert_eq!(folded.conflicts(), &[]);
        // A merged duplicate stays removed for as long as it is merged, whatever reverts
        // of its creation, removal or restoration came since.
        for client in folded.all_clients().filter(|c| folded.merged_into(&c.id).is_some()) {
            prop_assert!(client.removed, "merged duplicate {} is live", client.id);
        }
        // Routing's load counts stay true through hand-offs, removals and reverts.
        for user in USERS {
            let user: UserId = user.parse().unwrap();
            let owned = folded.clients().filter(|c| c.owner.as_ref() == Some(&user)).count();
            prop_assert_eq!(folded.load(&user) as usize, owned);
        }
        // A checkpoint written while the log's later events land between its pieces (of an
        // entry or two, so every kind has many) is the checkpoint of the state at its end,
        // byte for byte: no piece the writes changed is kept as it was.
        let stored: Vec<_> = ripen_core::codec::decode_log_skipping(&records).unwrap().stored().collect();
        let split = stored.len() * written_first / 100;
        let mut state = CrmState::default();
        for (event, position) in &stored[..split] {
            state.apply(event, *position);
        }
        let sizes = checkpoint::PieceSizes { clients: 2, cards: 1, rows: 2, records: 3, ids: 2 };
        let mut writer = checkpoint::CheckpointWriter::with_sizes(sizes);
        let mut rest = stored[split..].iter();
        loop {
            let clean = writer.step(&state);
            let mut landed = 0;
            for (event, position) in rest.by_ref().take(between_pieces) {
                state.apply(event, *position);
                landed += 1;
            }
            if clean && landed == 0 {
                break;
            }
        }
        let written = writer.finish(&state, records.len() as u64);
        prop_assert_eq!(&state, &folded);
        let at_once = checkpoint::CheckpointWriter::with_sizes(sizes).finish(&state, records.len() as u64);
        prop_assert!(written == at_once, "a changed piece was kept");
        prop_assert_eq!(&checkpoint::read(&written).unwrap(), &folded);
    }
}

/// The log's JSON as serde_json wrote it before ripen-json took over (`tests/golden/`: up
/// to 20 events of every type, from random command runs and the synthetic bases): every
/// line reads, and is written back byte for byte — older logs open, older builds read ours.
#[test]
fn the_stored_json_of_every_event_type_reads_and_writes_back_unchanged() {
    let golden = include_str!("../golden/events.jsonl");
    let mut seen = std::collections::BTreeSet::new();
    for line in golden.lines() {
        let event: ripen_core::Event = ripen_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert_eq!(ripen_json::to_string(&event), line);
        seen.insert(event.payload.type_name());
    }
    let missing: Vec<_> = ripen_core::EventPayload::TYPES.iter().filter(|t| !seen.contains(*t)).collect();
    assert!(missing.is_empty(), "the golden log has no event of type {missing:?}");
}
