//! Property tests of the event model: for random command sequences (with failing commits,
//! reopens and reverts), no command panics, a failed command changes nothing, folding the
//! stored log equals the incrementally maintained state, and an immediate revert restores
//! the client exactly.

use chrono::{TimeZone, Utc};
use futures_executor::block_on;
use proptest::prelude::*;
use ripen_core::checkpoint;
use ripen_core::command::NewTouch;
use ripen_core::import::{EmployerRef, ImportBatch, ImportFormat, ImportMerge, ImportSource, ImportedClient};
use ripen_core::people::{Role, UserProfile};
use ripen_core::pipeline::{CardPosition, Stage};
use ripen_core::relationship::RelationKind;
use ripen_core::routing::{Routing, Target};
use ripen_core::touch::{Outcome, Plan};
use ripen_core::values::{Channel, CountryCode, Label, Phone, Tag};
use ripen_core::{
    Alias, AliasKind, ClientKind, ClientName, Command, CrmState, Engine, EventStore, FieldValue, Grantee, MemoryStore,
    NewClient, ReplicaId, StoreError, UserId,
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
    SaveUser(usize, bool, usize, Option<usize>),
    SaveTeam(usize),
    Share(usize, bool, usize, bool),
    SaveRouting(Option<(usize, bool, bool)>),
    Route(usize, Option<usize>),
    SwitchUser(usize),
    Merge(usize, usize),
    HandOff(usize, Option<usize>),
    Link(usize, usize, usize),
    EndLink(usize, u32),
    PlanTouch(usize),
    LogTouch(usize),
    SettleTouch(usize, u8),
    MoveCard(usize, usize, Option<usize>),
    AddStage(usize, String),
    ChangeStage(usize, usize, bool, Option<u32>),
    ReorderStages(usize, usize),
    /// Import companies (the last with an employee) and fill in a client.
    Import(Vec<String>, Option<(usize, Vec<Patch>)>),
    /// Revert an import, or redo it by reverting its revert.
    RevertImport(usize, bool),
    FailNextCommit,
    Reopen,
    Checkpoint,
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
const USERS: [&str; 3] = ["anna", "boris", "vera"];
const TEAMS: [&str; 2] = ["msk", "nsk"];
const ROLES: [Role; 4] = [Role::Manager, Role::Support, Role::HeadOfSales, Role::Admin];
const PIPELINES: [&str; 2] = ["sales", "maturation"];

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
        2 => (0..USERS.len(), any::<bool>(), 0..ROLES.len(), prop::option::of(0..TEAMS.len())).prop_map(|(u, a, r, t)| Step::SaveUser(u, a, r, t)),
        1 => (0..TEAMS.len()).prop_map(Step::SaveTeam),
        1 => (any::<usize>(), any::<bool>(), 0..USERS.len(), any::<bool>()).prop_map(|(c, t, g, s)| Step::Share(c, t, g, s)),
        1 => prop::option::of((0..TEAMS.len(), any::<bool>(), any::<bool>())).prop_map(Step::SaveRouting),
        1 => (any::<usize>(), prop::option::of(0..TEAMS.len())).prop_map(|(c, t)| Step::Route(c, t)),
        1 => (0..USERS.len()).prop_map(Step::SwitchUser),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Step::Merge(a, b)),
        1 => (any::<usize>(), prop::option::of(0..USERS.len())).prop_map(|(c, u)| Step::HandOff(c, u)),
        2 => (any::<usize>(), any::<usize>(), 0..RelationKind::NAMES.len()).prop_map(|(a, b, k)| Step::Link(a, b, k)),
        1 => (any::<usize>(), 1u32..28).prop_map(|(r, d)| Step::EndLink(r, d)),
        2 => any::<usize>().prop_map(Step::PlanTouch),
        1 => any::<usize>().prop_map(Step::LogTouch),
        2 => (any::<usize>(), 0u8..3).prop_map(|(t, how)| Step::SettleTouch(t, how)),
        3 => (any::<usize>(), 0usize..2, prop::option::of(0usize..8)).prop_map(|(c, p, s)| Step::MoveCard(c, p, s)),
        1 => (0usize..2, "[a-z]{1,6}").prop_map(|(p, n)| Step::AddStage(p, n)),
        1 => (0usize..2, any::<usize>(), any::<bool>(), prop::option::of(1u32..30)).prop_map(|(p, s, r, d)| Step::ChangeStage(p, s, r, d)),
        1 => (0usize..2, any::<usize>()).prop_map(|(p, seed)| Step::ReorderStages(p, seed)),
        1 => (prop::collection::vec(name(), 0..4), prop::option::of((any::<usize>(), prop::collection::vec(patch(), 0..3))))
            .prop_map(|(names, merge)| Step::Import(names, merge)),
        2 => (any::<usize>(), any::<bool>()).prop_map(|(n, f)| Step::RevertImport(n, f)),
        1 => Just(Step::FailNextCommit),
        1 => Just(Step::Reopen),
        1 => Just(Step::Checkpoint),
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
    format!(
        "{all_clients:?}\n{cards:?}\n{:?}\n{relationships:?}\n{users:?}\n{teams:?}\n{routing:?}\n{touches:?}",
        state.pipelines.all()
    )
}

fn touch(client: ripen_core::ClientId, i: usize) -> NewTouch {
    NewTouch::new(client, CHANNELS[i % CHANNELS.len()])
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
            let state = engine.state().clone();
            let ids: Vec<_> = state.all_clients().map(|c| c.id.clone()).collect();
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
                    let recent: Vec<_> = ids.iter().flat_map(|id| block_on(engine.history_unchecked(id)).unwrap_or_default()).map(|e| e.id).collect();
                    recent.get(n % recent.len().max(1)).cloned().map(|event| Command::Revert { event, force })
                }
                Step::SaveUser(u, absent, role, team) => Some(Command::SaveUser {
                    user: USERS[u].parse().unwrap(),
                    profile: UserProfile {
                        absent,
                        cap: Some(3),
                        ..UserProfile::new(USERS[u].to_uppercase(), ROLES[role], team.map(|t| TEAMS[t].parse().unwrap()))
                    },
                }),
                Step::SaveTeam(t) => Some(Command::SaveTeam { team: TEAMS[t].parse().unwrap(), name: TEAMS[t].to_uppercase() }),
                Step::Share(c, team, g, shared) => pick(c).map(|client| Command::Share {
                    client,
                    with: if team { Grantee::Team(TEAMS[g % TEAMS.len()].parse().unwrap()) } else { Grantee::User(USERS[g].parse().unwrap()) },
                    shared,
                }),
                Step::SaveRouting(settings) => Some(Command::SaveRouting {
                    routing: settings.map(|(t, skills, won)| {
                        serde_json::from_value::<Routing>(serde_json::json!({
                            "book": { "rules": [{ "when": { "region": REGIONS[0] }, "to": { "user": USERS[0] } }], "default": { "team": TEAMS[t] } },
                            "teams": { TEAMS[t]: if skills { "skills" } else { "taxi" } },
                            "won": if won { serde_json::json!({ "team": TEAMS[1 - t] }) } else { serde_json::Value::Null },
                        }))
                        .unwrap()
                    }),
                }),
                Step::Route(c, t) => pick(c).map(|client| Command::Route {
                    client,
                    to: t.map(|t| Target::Team(TEAMS[t].parse().unwrap())),
                    reason: None,
                }),
                Step::Merge(a, b) => pick(a).zip(pick(b)).map(|(keep, drop)| Command::Merge { keep, drop }),
                Step::SwitchUser(u) => {
                    let _ = block_on(engine.switch_user(USERS[u].parse().unwrap()));
                    None
                }
                Step::HandOff(c, u) => pick(c).map(|client| Command::HandOff { client, to: u.map(|u| USERS[u].parse().unwrap()), reason: None }),
                Step::Import(names, merge) => {
                    let mut clients: Vec<ImportedClient> = names
                        .iter()
                        .filter_map(|n| ClientName::parse(n).ok())
                        .map(|n| ImportedClient { client: NewClient::named(ClientKind::Company, n), employer: None })
                        .collect();
                    if !clients.is_empty() {
                        let employer = Some((EmployerRef::New(clients.len() - 1), Some("CFO".into())));
                        clients.push(ImportedClient { client: NewClient::named(ClientKind::Person, "Иван".parse().unwrap()), employer });
                    }
                    let merges = merge
                        .and_then(|(c, patches)| pick(c).map(|into| ImportMerge { into, values: patches.iter().map(to_value).collect(), aliases: vec![], employer: None }))
                        .into_iter()
                        .collect();
                    let source = ImportSource { format: ImportFormat::Csv, file: None, rows: 0, added: 0, merged: 0, skipped: 0 };
                    Some(Command::Import(Box::new(ImportBatch { source, clients, merges })))
                }
                Step::RevertImport(n, force) => {
                    let markers: Vec<_> = state
                        .imports
                        .iter()
                        .map(|i| state.reverted_by(&i.event).cloned().unwrap_or_else(|| i.event.clone()))
                        .collect();
                    markers.get(n % markers.len().max(1)).cloned().map(|event| Command::Revert { event, force })
                }
                Step::Link(a, b, k) => pick(a).zip(pick(b)).map(|(from, to)| Command::Link {
                    from,
                    to,
                    kind: RelationKind::NAMES[k].parse().unwrap(),
                    position: None,
                    since: None,
                }),
                Step::EndLink(r, day) => {
                    let relationships: Vec<_> = state.relationships.all().map(|r| r.id.clone()).collect();
                    relationships.get(r % relationships.len().max(1)).cloned().map(|relationship| Command::EndLink {
                        relationship,
                        on: chrono::NaiveDate::from_ymd_opt(2026, 2, day).unwrap(),
                    })
                }
                Step::PlanTouch(c) => pick(c).map(|client| Command::PlanTouch {
                    touch: touch(client, c),
                    plan: Plan::parse("send_offer", "new plant", "meeting booked").unwrap(),
                }),
                Step::LogTouch(c) => pick(c).map(|client| Command::LogTouch { touch: touch(client, c), result: None, outcome: None, nps: None }),
                Step::SettleTouch(t, how) => {
                    let touches: Vec<_> = state.touches.all().map(|t| t.id()).collect();
                    touches.get(t % touches.len().max(1)).cloned().map(|touch| match how {
                        0 => Command::CompleteTouch { touch, result: Some("ok".into()), outcome: Outcome::Success, at: None, nps: None },
                        1 => Command::MissTouch { touch },
                        _ => Command::CancelTouch { touch, reason: None },
                    })
                }
                Step::MoveCard(c, p, s) => pick(c).and_then(|client| {
                    let pipeline = state.pipelines.get(&PIPELINES[p].parse().unwrap())?;
                    let to = match s {
                        Some(s) => CardPosition::Stage { stage: pipeline.stages[s % pipeline.stages.len()].id.clone() },
                        None => CardPosition::Lost { reason: "budget".into() },
                    };
                    Some(Command::MoveStage { client, pipeline: pipeline.id.clone(), to, amount: None })
                }),
                Step::AddStage(p, name) => Some(Command::AddStage {
                    pipeline: PIPELINES[p].parse().unwrap(),
                    stage: Stage::parse(&name, &name, "active", None, None).unwrap(),
                    position: None,
                }),
                Step::ChangeStage(p, s, retired, rot) => state.pipelines.get(&PIPELINES[p].parse().unwrap()).map(|pipeline| {
                    let mut stage = pipeline.stages[s % pipeline.stages.len()].clone();
                    stage.retired = retired;
                    stage.rot_days = rot;
                    Command::ChangeStage { pipeline: pipeline.id.clone(), stage }
                }),
                Step::ReorderStages(p, seed) => state.pipelines.get(&PIPELINES[p].parse().unwrap()).map(|pipeline| {
                    let mut order: Vec<_> = pipeline.stages.iter().map(|s| s.id.clone()).collect();
                    let len = order.len();
                    order.swap(seed % len, (seed / 7) % len);
                    Command::ReorderStages { pipeline: pipeline.id.clone(), order }
                }),
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
        let folded = CrmState::fold(ripen_core::codec::decode_log(&records).unwrap());
        prop_assert_eq!(&folded, &*engine.state());
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
