//! Benchmark: opening the storage issue's standard dataset natively (encode it as the
//! store holds it, then decode and fold, as `Engine::open` does); prints
//! `{"records":…,"recordBytes":…,"decodeMs":…,"foldMs":…,"events":…}`. Run by
//! `cargo xtask bench`, beside the cold open of the same dataset in the browser.
use ripen_core::{codec, synthetic, CrmState};
use std::time::Instant;

fn main() {
    let events = synthetic::standard(100_000, 1_000_000, 400_000);
    let records: Vec<String> = events.chunks(10_000).flat_map(codec::encode_commit).collect();
    drop(events);
    let bytes: usize = records.iter().map(String::len).sum();
    let started = Instant::now();
    let decoded = codec::decode_log_skipping(&records).unwrap_or_else(|e| panic!("{e}"));
    let decode_ms = started.elapsed().as_secs_f64() * 1_000.0;
    let started = Instant::now();
    let state = CrmState::fold(decoded.events);
    let fold_ms = started.elapsed().as_secs_f64() * 1_000.0;
    println!(
        r#"{{"records":{},"recordBytes":{bytes},"decodeMs":{decode_ms:.0},"foldMs":{fold_ms:.0},"events":{}}}"#,
        records.len(),
        state.event_count()
    );
}
