//! Benchmark hooks for the benchmark page (`cargo xtask bench`); not part of the API and
//! left out of the typings.

use ripen_core::{synthetic, CrmState};
use wasm_bindgen::prelude::*;

/// Folds the same synthetic log of `events` events as the native benchmark; returns how
/// many clients it holds, so the work cannot be optimised away.
#[wasm_bindgen(js_name = benchFold, skip_typescript)]
pub fn bench_fold(events: u32) -> u32 {
    let state = CrmState::fold(synthetic::events(events as usize));
    state.clients().count() as u32
}

/// Checks the same candidate touch as the native benchmark `checks` times on a company
/// with `touches` touches; returns how many checks blocked.
#[wasm_bindgen(js_name = benchCheckTouch, skip_typescript)]
pub fn bench_check_touch(touches: u32, checks: u32) -> u32 {
    let (state, candidate) = synthetic::busy_company(touches as usize);
    (0..checks).filter(|_| !state.policy.check(&state, &candidate).allowed).count() as u32
}

/// The agenda of the same rep as the native benchmark, `runs` times; returns its length.
#[wasm_bindgen(js_name = benchAgenda, skip_typescript)]
pub fn bench_agenda(cards: u32, runs: u32) -> u32 {
    let (state, now) = synthetic::busy_rep(cards as usize);
    let query = ripen_core::agenda::AgendaQuery { owner: "bench".parse().ok(), now, days_ahead: 14 };
    // A fold, not `last()`: `last` on a range would compute only the final run.
    (0..runs).fold(0, |_, _| ripen_core::agenda::agenda(&state, &query, &ripen_core::Access::everything()).len() as u32)
}

/// The funnel report of the same synthetic state as the native benchmark, `runs` times;
/// returns the number of groups.
#[wasm_bindgen(js_name = benchFunnel, skip_typescript)]
pub fn bench_funnel(cards: u32, moves: u32, runs: u32) -> u32 {
    use ripen_core::funnel::{report, Cohort, FunnelFilter, FunnelQuery, GroupBy};
    let state = synthetic::busy_funnel(cards as usize, moves as usize);
    let query = FunnelQuery {
        pipeline: "sales".parse().unwrap_or_else(|_| unreachable!()),
        from: chrono::DateTime::<chrono::Utc>::MIN_UTC,
        to: chrono::DateTime::<chrono::Utc>::MAX_UTC,
        cohort: Cohort::Entered,
        by: Some(GroupBy::Owner),
        filter: FunnelFilter::default(),
    };
    (0..runs)
        .fold(0, |_, _| report(&state, &query, &ripen_core::Access::everything()).map_or(0, |r| r.groups.len() as u32))
}

/// Routes the routing benchmark's `leads` across 50 users, `runs` times, with the
/// decisions alone (no storage); returns how many leads found an owner in the last run.
#[wasm_bindgen(js_name = benchRouting, skip_typescript)]
pub fn bench_routing(leads: u32, runs: u32) -> u32 {
    let (setup, profiles) = synthetic::routing_office(50, leads as usize);
    let state = ripen_core::CrmState::fold(setup);
    (0..runs).fold(0, |_, _| {
        let mut router = ripen_core::routing::Router::new(&state);
        profiles.iter().filter(|p| router.route(p, None).is_some_and(|r| r.owner.is_some())).count() as u32
    })
}

/// Writes the storage issue's standard dataset into the database `name` as the engine
/// would have (commits of 10,000 events); resolves to the number of events.
#[wasm_bindgen(js_name = benchSeedStandard, skip_typescript)]
pub async fn bench_seed_standard(name: String, clients: u32, touches: u32, moves: u32) -> Result<u32, JsValue> {
    use ripen_core::EventStore;
    let events = synthetic::standard(clients as usize, touches as usize, moves as usize);
    let store = ripen_idb::IdbStore::open(&name).await.map_err(|e| JsValue::from_str(&e.to_string()))?;
    for commit in events.chunks(10_000) {
        let records = ripen_core::codec::encode_commit(commit);
        store.append(&records).await.map_err(|e| JsValue::from_str(&e.to_string()))?;
    }
    store.close();
    Ok(events.len() as u32)
}
