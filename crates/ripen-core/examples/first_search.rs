//! Benchmark: the first search over the contact book (100,000 clients with two aliases, a
//! phone and an e-mail each) right after the fold, beside the fold itself and the whole
//! index build; prints `{"clients":…,"foldMs":…,"buildMs":…,"firstSearchMs":…,"searchMs":…}`.

use ripen_core::search::{search, SearchFilter, SearchIndex};
use ripen_core::{synthetic, CrmState};
use std::time::Instant;

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1_000.0
}

fn main() {
    let clients = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let query = std::env::args().nth(2).unwrap_or_else(|| "Сибирские моторы".to_owned());
    let events = synthetic::contact_book(clients);
    let started = Instant::now();
    let state = CrmState::fold(events);
    let fold_ms = ms(started);
    let filter = SearchFilter::default();
    let mut index = SearchIndex::default();
    let started = Instant::now();
    index.sync(&state);
    let build_ms = ms(started);
    let started = Instant::now();
    let hits = search(&index, &state, &query, 20, &filter, None);
    let search_ms = ms(started);
    println!(
        r#"{{"clients":{clients},"foldMs":{fold_ms:.0},"buildMs":{build_ms:.0},"searchMs":{search_ms:.1},"hits":{},"stats":{:?},"indexBytes":{}}}"#,
        hits.len(),
        index.stats(),
        index.heap_bytes()
    );
}
