//! Benchmark: search as you type over 100,000 clients (or the first argument) with two
//! aliases each; prints
//! `{"clients":…,"buildMs":…,"indexBytes":…,"keystrokes":…,"p50Ms":…,"p99Ms":…,"found":…}`
//! where `found` counts the 100 typed names whose client came first. Run by `cargo xtask
//! bench`, beside the same in wasm and MiniSearch. `RIPEN_SEARCH_RUNS=3` times each
//! keystroke as the least of three runs: on a busy machine what is left is the search's.

use ripen_core::search::{search, SearchFilter, SearchIndex};
use ripen_core::{synthetic, CrmState};
use std::time::Instant;

fn main() {
    let clients: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let book = synthetic::search_book(clients);
    let state = CrmState::fold(book.events);
    let mut index = SearchIndex::default();
    let started = Instant::now();
    index.sync(&state);
    let build_ms = started.elapsed().as_secs_f64() * 1_000.0;
    let filter = SearchFilter::default();
    let mut times: Vec<f64> = Vec::with_capacity(book.keystrokes.len());
    let mut slowest: Vec<(f64, &str)> = Vec::new();
    let runs: usize = std::env::var("RIPEN_SEARCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(1).max(1);
    for keystroke in &book.keystrokes {
        let mut ms = f64::MAX;
        for _ in 0..runs {
            let started = Instant::now();
            let hits = search(&index, &state, keystroke, 20, &filter, None);
            ms = ms.min(started.elapsed().as_secs_f64() * 1_000.0);
            std::hint::black_box(hits);
        }
        times.push(ms);
        slowest.push((ms, keystroke));
    }
    if std::env::var_os("RIPEN_SLOWEST").is_some() {
        slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (ms, keystroke) in slowest.iter().take(30) {
            eprintln!("{ms:7.2} ms  {keystroke}");
        }
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    let ids: Vec<_> = state.all_clients().map(|c| c.id.clone()).collect();
    let found = book
        .targets
        .iter()
        .filter(|(target, typed)| {
            let hits = search(&index, &state, typed, 20, &filter, None);
            let name = |id: &ripen_core::ClientId| state.client(id).map(|c| c.name.clone());
            // The client, or a namesake (the book repeats names, as real ones do), first.
            hits.first().is_some_and(|h| name(&h.client) == name(&ids[*target]))
        })
        .count();
    println!(
        r#"{{"clients":{clients},"buildMs":{build_ms:.0},"indexBytes":{},"keystrokes":{},"p50Ms":{:.2},"p99Ms":{:.2},"found":{found}}}"#,
        index.heap_bytes(),
        times.len(),
        at(0.5),
        at(0.99),
    );
}
