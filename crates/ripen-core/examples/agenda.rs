//! Benchmark: the agenda of a rep with N cards (default 5,000); prints
//! `{"cards":N,"ms":…,"items":…}`. Run by `cargo xtask bench`, beside the same in wasm.

use ripen_core::agenda::{agenda, AgendaQuery};
use ripen_core::synthetic;
use std::time::Instant;

fn main() {
    let cards: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(5_000);
    let (state, now) = synthetic::busy_rep(cards);
    let query = AgendaQuery { owner: "bench".parse().ok(), now, days_ahead: 14 };
    let runs = 20;
    let started = Instant::now();
    let mut items = 0;
    for _ in 0..runs {
        items = agenda(&state, &query, &ripen_core::Access::everything()).len();
    }
    let ms = started.elapsed().as_secs_f64() * 1_000.0 / f64::from(runs);
    println!(r#"{{"cards":{cards},"ms":{ms:.2},"items":{items}}}"#);
}
