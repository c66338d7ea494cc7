//! Benchmark: opening the storage issue's standard dataset natively — decode and fold the
//! log as a first open does, then write its checkpoint (slice by slice) and read it back
//! as every later open does; prints `{"records":…,"recordBytes":…,"decodeMs":…,
//! "foldMs":…,"events":…,"checkpointBytes":…,"checkpointWriteMs":…,"longestSliceMs":…,
//! "checkpointReadMs":…}`. Run by `cargo xtask bench`, beside the same work in the browser.
use ripen_core::checkpoint::{self, CheckpointWriter};
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
    let state = CrmState::fold_stored(decoded.stored());
    let fold_ms = started.elapsed().as_secs_f64() * 1_000.0;

    let started = Instant::now();
    let mut writer = CheckpointWriter::new();
    let mut longest_slice_ms: f64 = 0.0;
    loop {
        let slice = Instant::now();
        let done = writer.step(&state);
        longest_slice_ms = longest_slice_ms.max(slice.elapsed().as_secs_f64() * 1_000.0);
        if done {
            break;
        }
    }
    let slice = Instant::now();
    let saved = writer.finish(&state, records.len() as u64);
    longest_slice_ms = longest_slice_ms.max(slice.elapsed().as_secs_f64() * 1_000.0);
    let write_ms = started.elapsed().as_secs_f64() * 1_000.0;
    let started = Instant::now();
    let read = checkpoint::read(&saved).unwrap_or_else(|e| panic!("{e}"));
    let read_ms = started.elapsed().as_secs_f64() * 1_000.0;
    assert!(read == state, "the checkpoint reads back as the state");
    println!(
        r#"{{"records":{},"recordBytes":{bytes},"decodeMs":{decode_ms:.0},"foldMs":{fold_ms:.0},"events":{},"checkpointBytes":{},"checkpointWriteMs":{write_ms:.0},"longestSliceMs":{longest_slice_ms:.1},"checkpointReadMs":{read_ms:.0}}}"#,
        records.len(),
        state.event_count(),
        saved.len()
    );
}
