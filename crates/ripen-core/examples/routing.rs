//! Benchmark: routing 10,000 new leads across 50 users (rules, two skills-matrix teams,
//! three taxi queues, caps); prints `{"leads":…,"users":…,"decideMs":…,"addMs":…,
//! "addUnroutedMs":…}`: the routing decisions alone, and a routed batch add through the
//! engine (memory store) beside the same batch with owners given. Run by `cargo xtask
//! bench`, beside the same in wasm.

use futures_executor::block_on;
use ripen_core::routing::Router;
use ripen_core::{codec, synthetic, ClientKind, Command, CrmState, Engine, EventStore, MemoryStore, NewClient};
use std::time::Instant;

fn leads(profiles: &[ripen_core::ClientFields], owner: Option<&str>) -> Vec<NewClient> {
    profiles
        .iter()
        .enumerate()
        .map(|(i, fields)| {
            let name = format!("Лид {i}").parse().unwrap_or_else(|_| unreachable!());
            let mut new = NewClient::named(ClientKind::Company, name);
            new.fields = fields.clone();
            new.owner = owner.map(|o| o.parse().unwrap_or_else(|_| unreachable!()));
            new
        })
        .collect()
}

/// Milliseconds to add `batch` to a fresh engine holding `setup`.
fn add(setup: &[ripen_core::Event], batch: Vec<NewClient>) -> f64 {
    let store = MemoryStore::new();
    block_on(store.append(&codec::encode_commit(setup))).unwrap_or_else(|e| panic!("{e}"));
    let engine = block_on(Engine::open(
        store,
        ripen_core::ReplicaId::from_random(1),
        "rep00".parse().unwrap_or_else(|_| unreachable!()),
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let now = chrono::DateTime::from_timestamp_millis(1_770_000_000_000).unwrap_or_default();
    let started = Instant::now();
    block_on(engine.execute(Command::AddClients(batch), now)).unwrap_or_else(|e| panic!("{e}"));
    started.elapsed().as_secs_f64() * 1_000.0
}

fn main() {
    let (users, count) = (50, 10_000);
    let (setup, profiles) = synthetic::routing_office(users, count);
    let state = CrmState::fold(setup.clone());
    let runs = 5;
    let started = Instant::now();
    let mut routed = 0;
    for _ in 0..runs {
        let mut router = Router::new(&state);
        routed = profiles.iter().filter(|p| router.route(p, None).is_some_and(|r| r.owner.is_some())).count();
    }
    let decide_ms = started.elapsed().as_secs_f64() * 1_000.0 / f64::from(runs);
    assert_eq!(routed, count, "every lead finds an owner");
    let add_ms = add(&setup, leads(&profiles, None));
    let unrouted_ms = add(&setup, leads(&profiles, Some("rep01")));
    println!(
        r#"{{"leads":{count},"users":{users},"decideMs":{decide_ms:.1},"addMs":{add_ms:.1},"addUnroutedMs":{unrouted_ms:.1}}}"#
    );
}
