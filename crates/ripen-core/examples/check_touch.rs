//! Benchmark: `checkTouch` on a company of four clients with N touches (default 1,000;
//! then the number of checks, default 2,000), booked solid over a year and at an everyday
//! density going back N/2 days (and so with 300 people, `company300UsPerCheck`); prints
//! `{"touches":N,"checks":M,"usPerCheck":…,"blocked":…,"historyUsPerCheck":…,"historyBlocked":…,"company300UsPerCheck":…}`
//! (`usPerCheck` the booked-solid company's). Run by `cargo xtask bench`, beside the same in wasm.

use ripen_core::policy::Candidate;
use ripen_core::{synthetic, CrmState};
use std::time::Instant;

/// The mean µs of `checks` checks, and how many were blocked.
fn time((state, candidate): (CrmState, Candidate), checks: u32) -> (f64, u32) {
    // As in wasm: the zone's rules are read once per zone and year on first use, not timed.
    let _ = state.policy.check(&state, &candidate);
    let started = Instant::now();
    let blocked = (0..checks).filter(|_| !state.policy.check(&state, &candidate).allowed).count() as u32;
    (started.elapsed().as_secs_f64() * 1e6 / f64::from(checks), blocked)
}

fn main() {
    let touches: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let checks: u32 = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(2_000);
    let (us, blocked) = time(synthetic::busy_company(touches), checks);
    let (history_us, history_blocked) = time(synthetic::company_history(touches), checks);
    let (people_us, _) = time(synthetic::company_history_of(300, touches), checks);
    println!(
        r#"{{"touches":{touches},"checks":{checks},"usPerCheck":{us:.1},"blocked":{blocked},"historyUsPerCheck":{history_us:.1},"historyBlocked":{history_blocked},"company300UsPerCheck":{people_us:.1}}}"#
    );
}
