//! Benchmark: probable duplicate pairs across 100,000 clients (the contact book: a phone
//! and an e-mail each, some shared, namesakes in either script); prints
//! `{"clients":…,"pairs":…,"ms":…}`, the median of five runs. Run by `cargo xtask bench`,
//! beside the same in wasm.

use ripen_core::search::{duplicate_pairs, SearchIndex};
use ripen_core::{synthetic, CrmState};
use std::time::Instant;

fn main() {
    let clients = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let state = CrmState::fold(synthetic::contact_book(clients));
    // The index is the search's, built once and kept in step: not part of the figure.
    let mut index = SearchIndex::default();
    index.sync(&state);
    let mut times = Vec::new();
    let mut pairs = 0;
    for _ in 0..5 {
        let started = Instant::now();
        pairs = std::hint::black_box(duplicate_pairs(&index, &state, 100, None)).len();
        times.push(started.elapsed().as_secs_f64() * 1_000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(r#"{{"clients":{clients},"pairs":{pairs},"ms":{:.1}}}"#, times[times.len() / 2]);
}
