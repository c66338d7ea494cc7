//! Property tests of the event model: folding the log equals the incremental state, and
//! no sequence of commands panics or leaves a partial write behind.

use chrono::{TimeZone, Utc};
use futures_executor::block_on;
use proptest::prelude::*;
use ripen_core::{
    ClientKind, ClientName, Command, CrmState, Engine, EventStore, MemoryStore, NewClient, ReplicaId, StoreError,
};

#[derive(Debug, Clone)]
enum Step {
    Add(String, bool),
    AddMany(Vec<String>),
    FailNextCommit,
    Reopen,
}

fn step() -> impl Strategy<Value = Step> {
    let name = "[ a-zA-Zа-яА-Я«»\t]{0,12}";
    prop_oneof![
        4 => (name, any::<bool>()).prop_map(|(n, p)| Step::Add(n, p)),
        2 => prop::collection::vec(name, 0..30).prop_map(Step::AddMany),
        1 => Just(Step::FailNextCommit),
        1 => Just(Step::Reopen),
    ]
}

fn new_client(raw: &str, person: bool) -> Option<NewClient> {
    let kind = if person { ClientKind::Person } else { ClientKind::Company };
    ClientName::parse(raw).ok().map(|name| NewClient { kind, name })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn fold_of_the_log_equals_the_incremental_state(steps in prop::collection::vec(step(), 1..40)) {
        let store = MemoryStore::new();
        let mut seed = 1;
        let mut engine = block_on(Engine::open(store.clone(), ReplicaId::from_random(seed), "anna".parse().unwrap())).unwrap();
        let mut expected_clients = 0usize;
        for (i, step) in steps.into_iter().enumerate() {
            let now = Utc.timestamp_millis_opt(1_700_000_000_000 + i as i64 * 1_000).unwrap();
            let command = match step {
                Step::Add(raw, person) => new_client(&raw, person).map(Command::AddClient),
                Step::AddMany(names) => Some(Command::AddClients(names.iter().filter_map(|n| new_client(n, false)).collect())),
                Step::FailNextCommit => {
                    store.fail_next_append(StoreError::Backend { detail: "injected".into() });
                    None
                }
                Step::Reopen => {
                    drop(engine);
                    seed += 1;
                    engine = block_on(Engine::open(store.clone(), ReplicaId::from_random(seed), "anna".parse().unwrap())).unwrap();
                    None
                }
            };
            let Some(command) = command else { continue };
            let adds = match &command { Command::AddClient(_) => 1, Command::AddClients(v) => v.len() };
            let before = engine.state().clone();
            match block_on(engine.execute(command, now)) {
                Ok(_) => expected_clients += adds,
                Err(_) => prop_assert_eq!(&*engine.state(), &before, "a failed command changed the state"),
            }
        }
        prop_assert_eq!(engine.state().clients().len(), expected_clients);
        let records = block_on(store.load()).unwrap();
        let folded = CrmState::fold(&ripen_core::codec::decode_log(&records).unwrap());
        prop_assert_eq!(&folded, &*engine.state());
    }
}
