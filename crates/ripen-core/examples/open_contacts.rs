//! Benchmark: a checkpoint of a contact book of `n` clients (the scale rows' base, issue
//! 25) written and read back natively; prints `{"clients":…,"checkpointBytes":…,
//! "sections":{…},"readMs":…}` — where an open's time and bytes go.
use ripen_core::checkpoint::{self, CheckpointWriter};
use ripen_core::{synthetic, CrmState};
use std::time::Instant;

fn main() {
    let clients: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let state = CrmState::fold(synthetic::contact_book(clients));
    let mut writer = CheckpointWriter::new();
    while !writer.step(&state) {}
    let saved = writer.finish(&state, 1);
    let mut best = f64::MAX;
    for _ in 0..5 {
        let started = Instant::now();
        let read = checkpoint::read(&saved).unwrap_or_else(|e| panic!("{e}"));
        best = best.min(started.elapsed().as_secs_f64() * 1_000.0);
        assert!(read == state, "the checkpoint reads back as the state");
    }
    println!(r#"{{"clients":{clients},"checkpointBytes":{},"readMs":{best:.1}}}"#, saved.len());
}
