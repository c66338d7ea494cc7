//! Benchmark: `checkTouch` on a company whose people have N touches (default 1,000);
//! prints `{"touches":N,"checks":M,"usPerCheck":…}`. Run by `cargo xtask bench`, beside the
//! same in wasm.

use ripen_core::synthetic;
use std::time::Instant;

fn main() {
    let touches: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let checks: u32 = 2_000;
    let (state, candidate) = synthetic::busy_company(touches);
    // As in wasm: the zone's rules are read once per zone and year on first use, not timed.
    let _ = state.policy.check(&state, &candidate);
    let started = Instant::now();
    let mut blocked = 0;
    for _ in 0..checks {
        if !state.policy.check(&state, &candidate).allowed {
            blocked += 1;
        }
    }
    let us = started.elapsed().as_secs_f64() * 1e6 / f64::from(checks);
    println!(r#"{{"touches":{touches},"checks":{checks},"usPerCheck":{us:.1},"blocked":{blocked}}}"#);
}
