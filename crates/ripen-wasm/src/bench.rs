//! Benchmark hooks for the benchmark page (`cargo xtask bench`); not part of the API and
//! left out of the typings.

use ripen_core::{synthetic, CrmState};
use wasm_bindgen::prelude::*;

/// Every allocation counted, so that the page can tell the heap the engine holds from
/// the linear memory it grew to (which never shrinks, and holds the allocator's slack).
#[global_allocator]
static ALLOCATOR: peak_alloc::PeakAlloc = peak_alloc::PeakAlloc;

/// The bytes allocated now and the most since the last call, which starts a new peak.
#[wasm_bindgen(js_name = benchHeap, skip_typescript)]
pub fn bench_heap() -> Vec<f64> {
    let figures = vec![ALLOCATOR.current_usage() as f64, ALLOCATOR.peak_usage() as f64];
    ALLOCATOR.reset_peak_usage();
    figures
}

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
    crate::zones::install();
    let (state, candidate) = synthetic::busy_company(touches as usize);
    // Part of the setup (the page times a call with no checks apart): the zone's rules
    // are asked of the browser once per zone and year, on first use (tens of ms), not
    // per check. Without it the first check's share came to about 20 µs per check.
    let _ = state.policy.check(&state, &candidate);
    (0..checks).filter(|_| !state.policy.check(&state, &candidate).allowed).count() as u32
}

/// The agenda of the same rep as the native benchmark, `runs` times; returns its length.
#[wasm_bindgen(js_name = benchAgenda, skip_typescript)]
pub fn bench_agenda(cards: u32, runs: u32) -> u32 {
    crate::zones::install();
    let (state, now) = synthetic::busy_rep(cards as usize);
    let query = ripen_core::agenda::AgendaQuery { owner: "bench".parse().ok(), now, days_ahead: 14 };
    // A fold, not `last()`: `last` on a range would compute only the final run.
    (0..runs).fold(0, |_, _| ripen_core::agenda::agenda(&state, &query, &ripen_core::Access::everything()).len() as u32)
}

/// The benchmarks' funnel: the sales pipeline over all time, entered cohort, by owner.
fn funnel_by_owner() -> ripen_core::funnel::FunnelQuery {
    use ripen_core::funnel::{Cohort, FunnelFilter, FunnelQuery, GroupBy};
    FunnelQuery {
        pipeline: "sales".parse().unwrap_or_else(|_| unreachable!()),
        from: chrono::DateTime::<chrono::Utc>::MIN_UTC,
        to: chrono::DateTime::<chrono::Utc>::MAX_UTC,
        cohort: Cohort::Entered,
        by: Some(GroupBy::Owner),
        filter: FunnelFilter::default(),
    }
}

/// The funnel report of the same synthetic state as the native benchmark, `runs` times;
/// returns the number of groups.
#[wasm_bindgen(js_name = benchFunnel, skip_typescript)]
pub fn bench_funnel(cards: u32, moves: u32, runs: u32) -> u32 {
    use ripen_core::funnel::report;
    let state = synthetic::busy_funnel(cards as usize, moves as usize);
    let query = funnel_by_owner();
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
    seed(&name, synthetic::standard(clients as usize, touches as usize, moves as usize)).await
}

/// What checking the checksums costs an open of the database `name`: hashes every part of
/// its checkpoint and every log record after it — the bytes an open reads — and resolves
/// to `[milliseconds hashing, bytes hashed]`.
#[wasm_bindgen(js_name = benchChecksums, skip_typescript)]
pub async fn bench_checksums(name: String) -> Result<js_sys::Array, JsValue> {
    use ripen_core::checkpoint::CheckpointSink;
    use ripen_core::checksum::Checksum;
    use ripen_core::EventStore;
    #[derive(Default)]
    struct Parts(u64, Vec<Vec<u8>>);
    impl CheckpointSink for Parts {
        fn begin(&mut self, covers: u64, _: usize) {
            self.0 = covers;
        }
        fn part(&mut self, part: &[u8]) {
            self.1.push(part.to_vec());
        }
    }
    let failed = |e: ripen_core::StoreError| JsValue::from_str(&e.to_string());
    let store = ripen_idb::IdbStore::open(&name).await.map_err(failed)?;
    let mut parts = Parts::default();
    store.load_checkpoint(&mut parts).await.map_err(failed)?;
    let tail = store.load_after(parts.0).await.map_err(failed)?;
    store.close();
    let now = || {
        js_sys::Reflect::get(&js_sys::global(), &"performance".into())
            .ok()
            .and_then(|p| {
                js_sys::Reflect::get(&p, &"now".into())
                    .ok()
                    .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                    .and_then(|f| f.call0(&p).ok())
            })
            .and_then(|t| t.as_f64())
            .unwrap_or_default()
    };
    let started = now();
    let mut bytes = 0usize;
    let mut folded = 0u8;
    for part in &parts.1 {
        folded ^= Checksum::of(part).to_le_bytes()[0];
        bytes += part.len();
    }
    for record in &tail.records {
        folded ^= Checksum::of(record.as_bytes()).to_le_bytes()[0];
        bytes += record.len();
    }
    let ms = now() - started;
    // `folded` keeps the hashing from being optimised away.
    Ok(js_sys::Array::of3(&ms.into(), &(bytes as f64).into(), &f64::from(folded).into()))
}

/// Writes the contact book (`clients` clients with two aliases, a phone and an e-mail each,
/// some shared) into the database `name` as the engine would have, without a checkpoint;
/// resolves to the number of events.
#[wasm_bindgen(js_name = benchSeedContacts, skip_typescript)]
pub async fn bench_seed_contacts(name: String, clients: u32) -> Result<u32, JsValue> {
    seed(&name, synthetic::contact_book(clients as usize)).await
}

/// Writes `events` into the database `name` as the engine would have, in commits of
/// 10,000 events; resolves to their number.
async fn seed(name: &str, events: Vec<ripen_core::Event>) -> Result<u32, JsValue> {
    use ripen_core::EventStore;
    let failed = |e: ripen_core::StoreError| JsValue::from_str(&e.to_string());
    let store = ripen_idb::IdbStore::open(name).await.map_err(failed)?;
    for commit in events.chunks(10_000) {
        store.append(&ripen_core::codec::encode_commit(commit)).await.map_err(failed)?;
    }
    store.close();
    Ok(events.len() as u32)
}

/// The next best touch of every client of the standard dataset of `clients` clients (each
/// given addresses), as `examples/suggestions.rs` times it natively: the first 50 (what
/// Today asks: every client ranked, timed as far as the 50 need), and every suggestion,
/// its time included, worded. Returns `[ms of
/// the first 50, ms of all, suggestions]`, each the best of `runs`, timed here (the
/// dataset's set-up is not the suggestions').
#[wasm_bindgen(js_name = benchSuggestions, skip_typescript)]
pub fn bench_suggestions(clients: u32, runs: u32) -> Vec<f64> {
    use ripen_core::suggest::{suggestions, SuggestQuery};
    crate::zones::install();
    let clients = clients as usize;
    let mut events = synthetic::standard(clients, clients * 10, clients * 4);
    synthetic::with_addresses(&mut events);
    let now = events.last().map(|e| e.recorded_at).unwrap_or_default() + chrono::Duration::hours(1);
    let state = CrmState::fold(events);
    let best = |limit: Option<usize>| {
        let query = SuggestQuery { user: "rep0".parse().ok(), now, limit };
        let (mut best, mut count) = (f64::MAX, 0);
        for _ in 0..runs.max(1) {
            let started = js_sys::Date::now();
            count = suggestions(&state, &ripen_core::Access::everything(), &query).len();
            best = best.min(js_sys::Date::now() - started);
        }
        (best, count)
    };
    let (first_page, _) = best(Some(50));
    let (all, count) = best(None);
    vec![first_page, all, count as f64]
}

/// A marketing campaign over the standard dataset of `clients` clients (each given an
/// e-mail, nine in ten a marketing consent) through the engine on a memory store: the
/// preview, then the commit of what it showed. Returns `[setup ms, preview ms, commit ms,
/// planned, skipped]`, timed here (the setup is not the campaign's).
#[wasm_bindgen(js_name = benchCampaign, skip_typescript)]
pub async fn bench_campaign(clients: u32) -> Result<Vec<f64>, JsValue> {
    use ripen_core::campaign::{CampaignRequest, Segment};
    use ripen_core::{codec, Engine, EventStore, MemoryStore};
    crate::zones::install();
    let fail = |e: &dyn std::fmt::Display| JsValue::from_str(&e.to_string());
    let started = js_sys::Date::now();
    let clients = clients as usize;
    let events = synthetic::standard_for_campaign(clients, clients * 10, clients * 4);
    let last = events.last().map(|e| e.recorded_at).unwrap_or_default();
    let store = MemoryStore::new();
    let records: Vec<String> = events.chunks(10_000).flat_map(codec::encode_commit).collect();
    drop(events);
    store.append(&records).await.map_err(|e| fail(&e))?;
    drop(records);
    let user = "bench".parse().map_err(|e| fail(&e))?;
    let engine = Engine::open(store, ripen_core::ReplicaId::from_random(2), user).await.map_err(|e| fail(&e))?;
    let now = last + chrono::Duration::days(1);
    let request =
        CampaignRequest::new(Segment::default(), "Весеннее предложение", now, now + chrono::Duration::days(14));
    let setup = js_sys::Date::now() - started;
    let started = js_sys::Date::now();
    let preview = engine.preview_campaign(&request, now).map_err(|e| fail(&e))?;
    let preview_ms = js_sys::Date::now() - started;
    let started = js_sys::Date::now();
    let (_, committed) = engine.plan_campaign(&request, now).await.map_err(|e| fail(&e))?;
    let commit_ms = js_sys::Date::now() - started;
    if committed.planned != preview.planned {
        return Err(JsValue::from_str("the commit planned other touches than the preview showed"));
    }
    Ok(vec![setup, preview_ms, commit_ms, committed.planned.len() as f64, committed.skipped.len() as f64])
}

/// The scale rows' funnel (issue 25): `runs` reports of `cards` cards with `moves` moves,
/// by owner, timed here apart from building the state; returns the mean in milliseconds.
#[wasm_bindgen(js_name = benchFunnelMs, skip_typescript)]
pub fn bench_funnel_ms(cards: u32, moves: u32, runs: u32) -> f64 {
    use ripen_core::funnel::report;
    let state = synthetic::busy_funnel(cards as usize, moves as usize);
    let query = funnel_by_owner();
    let started = js_sys::Date::now();
    let groups: usize = (0..runs)
        .map(|_| report(&state, &query, &ripen_core::Access::everything()).map_or(0, |r| r.groups.len()))
        .sum();
    // The groups are summed so the reports cannot be optimised away.
    std::hint::black_box(groups);
    (js_sys::Date::now() - started) / f64::from(runs.max(1))
}

/// The scale rows' checkTouch (issue 25): a sales call to a company with `touches`
/// touches, timed here apart from building the states. Returns `[the first check in ms,
/// the mean µs of the next `checks` (the code as the page first runs it), the mean µs once
/// warm at an everyday density (`company_history`), the same booked solid
/// (`busy_company`)]`, each warm one the least of three means over 100 ms. The first check asks the browser for the zone's rules.
#[wasm_bindgen(js_name = benchCheckTouchUs, skip_typescript)]
pub fn bench_check_touch_us(touches: u32, checks: u32) -> Vec<f64> {
    crate::zones::install();
    let history = synthetic::company_history(touches as usize);
    let booked = synthetic::busy_company(touches as usize);
    let started = js_sys::Date::now();
    std::hint::black_box(history.0.policy.check(&history.0, &history.1).allowed);
    let first_ms = js_sys::Date::now() - started;
    let started = js_sys::Date::now();
    std::hint::black_box(check_times(&history, checks.max(1)));
    let cold_us = (js_sys::Date::now() - started) * 1_000.0 / f64::from(checks.max(1));
    // The engine starts on the browser's baseline compiler and moves hot code to the
    // optimising one as it runs (about 100 ms of checks; in node the first 2,000 checks
    // cost 5× the later ones): a page that checks touches all day runs the latter.
    let warming = js_sys::Date::now();
    while js_sys::Date::now() - warming < 300.0 {
        std::hint::black_box(check_times(&history, 100) + check_times(&booked, 10));
    }
    // The least of three: what the machine's other work adds is left out.
    let best = |state| (0..3).map(|_| warm_us(state)).fold(f64::MAX, f64::min);
    vec![first_ms, cold_us, best(&history), best(&booked)]
}

/// How many of `times` checks of `state`'s candidate were blocked.
fn check_times((state, candidate): &(CrmState, ripen_core::policy::Candidate), times: u32) -> usize {
    (0..times).filter(|_| !state.policy.check(state, candidate).allowed).count()
}

/// The mean µs of checks of `state`'s candidate over at least 100 ms: the clock's
/// millisecond is then within 1 % of the figure.
fn warm_us(state: &(CrmState, ripen_core::policy::Candidate)) -> f64 {
    let started = js_sys::Date::now();
    let mut checks = 0u32;
    while js_sys::Date::now() - started < 100.0 {
        std::hint::black_box(check_times(state, 10));
        checks += 10;
    }
    (js_sys::Date::now() - started) * 1_000.0 / f64::from(checks)
}
