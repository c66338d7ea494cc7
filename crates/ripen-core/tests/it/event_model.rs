//! Property tests of the event model: for random command sequences (with failing commits,
//! reopens and reverts), no command panics, a failed command changes nothing, folding the
//! stored log equals the incrementally maintained state, and an immediate revert restores
//! the client exactly.

use chrono::{TimeZone, Utc};
use futures_executor::block_on;
use proptest::prelude::*;
use ripen_core::values::{Channel, CountryCode, Label, Phone, Tag};
use ripen_core::{
    Alias, AliasKind, Client, ClientKind, ClientName, Command, CrmState, Engine, EventStore, FieldValue, MemoryStore,
    NewClient, ReplicaId, StoreError,
};

#[derive(Debug, Clone)]
enum Step {
    Add(String, bool),
    AddMany(Vec<String>),
    Update(usize, Vec<Patch>),
    Rename(usize, String),
    AddAlias(usize, String, usize),
    RemoveAlias(usize, usize),
    Remove(usize),
    Restore(usize),
    /// Revert the n-th most recent event, forced or not.
    Revert(usize, bool),
    FailNextCommit,
    Reopen,
}

#[derive(Debug, Clone)]
enum Patch {
    Region(Option<usize>),
    Tags(Vec<usize>),
    Phones(Vec<usize>),
    Preferred(Option<usize>),
    Kind(bool),
}

const REGIONS: [&str; 3] = ["Сибирь", "Урал", "Москва"];
const TAGS: [&str; 4] = ["vip", "выставка", "холдинг", "new"];
const PHONES: [&str; 3] = ["+7 913 123-45-67", "8 383 200-00-00", "+1 415 555 0100"];
const CHANNELS: [Channel; 3] = [Channel::Call, Channel::Email, Channel::Meeting];

fn name() -> impl Strategy<Value = String> {
    "[ a-zA-Zа-яА-Я«»\t]{0,10}"
}

fn patch() -> impl Strategy<Value = Patch> {
    prop_oneof![
        prop::option::of(0..REGIONS.len()).prop_map(Patch::Region),
        prop::collection::vec(0..TAGS.len(), 0..3).prop_map(Patch::Tags),
        prop::collection::vec(0..PHONES.len(), 0..3).prop_map(Patch::Phones),
        prop::option::of(0..CHANNELS.len()).prop_map(Patch::Preferred),
        any::<bool>().prop_map(Patch::Kind),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (name(), any::<bool>()).prop_map(|(n, p)| Step::Add(n, p)),
        1 => prop::collection::vec(name(), 0..8).prop_map(Step::AddMany),
        4 => (any::<usize>(), prop::collection::vec(patch(), 0..4)).prop_map(|(c, p)| Step::Update(c, p)),
        2 => (any::<usize>(), name()).prop_map(|(c, n)| Step::Rename(c, n)),
        2 => (any::<usize>(), name(), 0..AliasKind::NAMES.len()).prop_map(|(c, n, k)| Step::AddAlias(c, n, k)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(c, a)| Step::RemoveAlias(c, a)),
        1 => any::<usize>().prop_map(Step::Remove),
        1 => any::<usize>().prop_map(Step::Restore),
        3 => (0usize..6, any::<bool>()).prop_map(|(n, f)| Step::Revert(n, f)),
        1 => Just(Step::FailNextCommit),
        1 => Just(Step::Reopen),
    ]
}

fn to_value(patch: &Patch) -> FieldValue {
    match patch {
        Patch::Region(r) => FieldValue::Region(r.map(|i| REGIONS[i].parse::<Label>().unwrap())),
        Patch::Tags(t) => FieldValue::Tags(t.iter().map(|&i| TAGS[i].parse::<Tag>().unwrap()).collect()),
        Patch::Phones(p) => {
            FieldValue::Phones(p.iter().map(|&i| Phone::parse(PHONES[i], CountryCode::RUSSIA).unwrap()).collect())
        }
        Patch::Preferred(c) => FieldValue::PreferredChannel(c.map(|i| CHANNELS[i])),
        Patch::Kind(person) => FieldValue::Kind(if *person { ClientKind::Person } else { ClientKind::Company }),
    }
}

fn open(store: &MemoryStore, seed: u64) -> Engine<MemoryStore> {
    block_on(Engine::open(store.clone(), ReplicaId::from_random(seed), "anna".parse().unwrap())).unwrap()
}

/// What a user sees of a client: everything but bookkeeping.
fn snapshot(state: &CrmState, id: &ripen_core::ClientId) -> Option<Client> {
    state.client(id).cloned()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_event_model_holds_for_any_command_sequence(steps in prop::collection::vec(step(), 1..50), revert_right_away in prop::collection::vec(any::<bool>(), 50)) {
        let store = MemoryStore::new();
        let mut seed = 1;
        let mut engine = open(&store, seed);
        for (i, step) in steps.into_iter().enumerate() {
            let now = Utc.timestamp_millis_opt(1_700_000_000_000 + i as i64 * 1_000).unwrap();
            let state = engine.state().clone();
            let ids: Vec<_> = state.clients().map(|c| c.id.clone()).collect();
            let all_ids: Vec<_> = ids.clone();
            let pick = |n: usize| all_ids.get(n % all_ids.len().max(1)).cloned();
            let command = match step {
                Step::Add(raw, person) => ClientName::parse(&raw).ok().map(|n| {
                    Command::AddClient(NewClient::named(if person { ClientKind::Person } else { ClientKind::Company }, n))
                }),
                Step::AddMany(names) => Some(Command::AddClients(
                    names.iter().filter_map(|n| ClientName::parse(n).ok()).map(|n| NewClient::named(ClientKind::Company, n)).collect(),
                )),
                Step::Update(c, patches) => pick(c).map(|client| Command::UpdateClient { client, values: patches.iter().map(to_value).collect() }),
                Step::Rename(c, raw) => pick(c).zip(ClientName::parse(&raw).ok()).map(|(client, name)| Command::RenameClient { client, name, since: None }),
                Step::AddAlias(c, raw, k) => pick(c).zip(ClientName::parse(&raw).ok()).map(|(client, name)| Command::AddAlias {
                    client,
                    alias: Alias { kind: AliasKind::NAMES[k].parse().unwrap(), name, until: None },
                }),
                Step::RemoveAlias(c, a) => pick(c).and_then(|client| {
                    let aliases = &state.client(&client)?.aliases;
                    let alias = aliases.get(a % aliases.len().max(1))?;
                    Some(Command::RemoveAlias { client, kind: alias.kind, name: alias.name.clone() })
                }),
                Step::Remove(c) => pick(c).map(|client| Command::RemoveClient { client }),
                Step::Restore(c) => pick(c).map(|client| Command::RestoreClient { client }),
                Step::Revert(n, force) => {
                    let recent: Vec<_> = ids.iter().flat_map(|id| state.history(id).map(|e| e.id.clone())).collect();
                    recent.get(n % recent.len().max(1)).cloned().map(|event| Command::Revert { event, force })
                }
                Step::FailNextCommit => {
                    store.fail_next_append(StoreError::Backend { detail: "injected".into() });
                    None
                }
                Step::Reopen => {
                    drop(engine);
                    seed += 1;
                    engine = open(&store, seed);
                    None
                }
            };
            let Some(command) = command else { continue };
            let before = engine.state().clone();
            match block_on(engine.execute(command, now)) {
                Err(_) => prop_assert_eq!(&*engine.state(), &before, "a failed command changed the state"),
                Ok(events) => {
                    // An immediate revert of a single-client change restores that client exactly.
                    let Some(event) = events.first().filter(|_| events.len() == 1 && revert_right_away[i]) else { continue };
                    let clients: Vec<_> = event.payload.clients().into_iter().cloned().collect();
                    let reverted = block_on(engine.execute(Command::Revert { event: event.id.clone(), force: false }, now));
                    match reverted {
                        Ok(_) => {
                            for client in &clients {
                                let restored = snapshot(&engine.state(), client);
                                let original = snapshot(&before, client);
                                // A revert of a creation removes the client; otherwise the client is as before.
                                match original {
                                    Some(original) => prop_assert_eq!(restored, Some(original)),
                                    None => prop_assert!(restored.is_some_and(|c| c.removed)),
                                }
                            }
                        }
                        // Only an injected storage failure may stop an immediate revert.
                        Err(error) => prop_assert_eq!(error.kind(), ripen_core::ErrorKind::Storage, "{}", error),
                    }
                }
            }
        }
        let records = block_on(store.load()).unwrap();
        let folded = CrmState::fold(ripen_core::codec::decode_log(&records).unwrap());
        prop_assert_eq!(&folded, &*engine.state());
    }
}
