//! Benchmark: the sales funnel of 100,000 cards with 400,000 stage moves, split by owner
//! (50 reps); prints `{"cards":…,"moves":…,"ms":…,"groups":…}`. Run by `cargo xtask bench`,
//! beside the same in wasm.

use chrono::{TimeZone, Utc};
use ripen_core::funnel::{report, Cohort, FunnelFilter, FunnelQuery, GroupBy};
use ripen_core::synthetic;
use std::time::Instant;

fn main() {
    let (cards, moves) = (100_000, 400_000);
    let state = synthetic::busy_funnel(cards, moves);
    let query = FunnelQuery {
        pipeline: "sales".parse().unwrap_or_else(|_| unreachable!()),
        from: Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap(),
        to: Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap(),
        cohort: Cohort::Entered,
        by: Some(GroupBy::Owner),
        filter: FunnelFilter::default(),
    };
    let runs = 5;
    let started = Instant::now();
    let mut groups = 0;
    for _ in 0..runs {
        groups = report(&state, &query, &ripen_core::Access::everything()).map_or(0, |r| r.groups.len());
    }
    let ms = started.elapsed().as_secs_f64() * 1_000.0 / f64::from(runs);
    println!(r#"{{"cards":{cards},"moves":{moves},"ms":{ms:.1},"groups":{groups}}}"#);
}
