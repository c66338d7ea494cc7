//! Benchmark: folds a synthetic log of N events (default 1,000,000) natively and prints
//! `{"events":N,"ms":…,"bytes":…}` — the time to fold, and how much the process's resident
//! memory grew to hold the log and the state. Run by `cargo xtask bench`, beside the same
//! fold in wasm.

use ripen_core::{synthetic, CrmState};
use std::time::Instant;

/// Resident memory in bytes (Linux), to measure what the state holds without an unsafe
/// counting allocator.
fn resident_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let before = resident_bytes();
    let events = synthetic::events(n);
    let started = Instant::now();
    let state = CrmState::fold(events);
    let ms = started.elapsed().as_secs_f64() * 1_000.0;
    let bytes = resident_bytes().saturating_sub(before);
    println!(r#"{{"events":{n},"ms":{ms:.1},"bytes":{bytes},"clients":{}}}"#, state.clients().count());
}
