//! Benchmark: the heap a cold open of the standard dataset takes natively — the state read
//! back from its checkpoint, the live bytes after and the peak during, and what each kind of
//! block adds; prints a table, then `{"liveBytes":…,"peakBytes":…}`. Wasm linear memory
//! only grows, so its size after an open is this peak plus the allocator's slack.
use peak_alloc::PeakAlloc;
use ripen_core::checkpoint::{Checkpoint, CheckpointReader, CheckpointSink};
use ripen_core::{codec, synthetic, CrmState};

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

fn live_bytes() -> usize {
    ALLOCATOR.current_usage()
}

/// The block tags of `checkpoint_layout.rs`, by number.
const BLOCK_NAMES: [&str; 12] = [
    "end",
    "settings",
    "clients",
    "cards",
    "touch tables",
    "touch rows",
    "move tables",
    "move rows",
    "records",
    "applied",
    "touch clients",
    "move clients",
];

fn mib(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
}

fn main() {
    // `--save PATH` also keeps the checkpoint in a file, `--load PATH` reads it from there
    // (to run this under a heap profiler without folding the dataset there).
    let args: Vec<String> = std::env::args().collect();
    let path_after = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let saved = match path_after("--load") {
        Some(path) => load(&path),
        None => {
            let saved = standard_checkpoint();
            if let Some(path) = path_after("--save") {
                save(&saved, &path);
            }
            saved
        }
    };
    if args.iter().any(|a| a == "--engine") {
        return open_engine(saved);
    }
    let before = live_bytes();
    ALLOCATOR.reset_peak_usage();
    let mut by_block = [0isize; BLOCK_NAMES.len()];
    let mut reader = CheckpointReader::new();
    reader.begin(saved.covers, saved.len());
    for (index, part) in saved.parts.iter().enumerate() {
        // The checksum, then (first part) the magic and `covers`, then the first block's tag.
        let tag = part.get(16 + if index == 0 { 16 } else { 0 }).copied().unwrap_or(0) as usize;
        let live = live_bytes() as isize;
        reader.part(part);
        by_block[tag.min(BLOCK_NAMES.len() - 1)] += live_bytes() as isize - live;
    }
    let live = live_bytes() as isize;
    let state = reader.finish().map(|(state, _)| state).unwrap_or_else(|e| panic!("{e}"));
    let finish = live_bytes() as isize - live;
    let (live, peak) = (live_bytes() - before, ALLOCATOR.peak_usage() - before);
    println!("checkpoint {} in {} parts", mib(saved.len()), saved.parts.len());
    for (name, bytes) in BLOCK_NAMES.iter().zip(by_block).filter(|(_, b)| *b != 0) {
        println!("  parts starting with {name}: {}", mib(bytes.max(0) as usize));
    }
    println!("  finish (sharing ids, policy times, settings): {}", mib(finish.max(0) as usize));
    println!("live after the open {}, peak during it {}", mib(live), mib(peak));
    std::hint::black_box(&state);
    println!(r#"{{"liveBytes":{live},"peakBytes":{peak}}}"#);
}

fn standard_checkpoint() -> Checkpoint {
    // As the browser's first open: records decoded, folded with their log positions.
    let events = synthetic::standard(100_000, 1_000_000, 400_000);
    let records: Vec<String> = events.chunks(10_000).flat_map(codec::encode_commit).collect();
    drop(events);
    let decoded = codec::decode_log_skipping(&records).unwrap_or_else(|e| panic!("{e}"));
    let state = CrmState::fold_stored(decoded.stored());
    ripen_core::checkpoint::write(&state, records.len() as u64)
}

/// The checkpoint as `covers`, then each part as its length and bytes.
fn save(saved: &Checkpoint, path: &str) {
    let mut bytes = saved.covers.to_le_bytes().to_vec();
    for part in &saved.parts {
        bytes.extend((part.len() as u64).to_le_bytes());
        bytes.extend(part);
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
}

fn load(path: &str) -> Checkpoint {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let number = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or_default());
    let mut saved = Checkpoint { covers: number(0), parts: Vec::new() };
    let mut at = 8;
    while at < bytes.len() {
        let len = number(at) as usize;
        saved.parts.push(bytes[at + 8..at + 8 + len].to_vec());
        at += 8 + len;
    }
    saved
}

/// `--engine`: the open as the page makes it, through `Engine::open` on a store holding
/// the checkpoint (and as many empty records as it covers, none read).
fn open_engine(saved: Checkpoint) {
    use ripen_core::{Engine, MemoryStore, ReplicaId};
    let store = MemoryStore::with_records(vec![String::new(); saved.covers as usize]);
    store.put_checkpoint(saved);
    let before = live_bytes();
    ALLOCATOR.reset_peak_usage();
    let user = "rep0".parse().unwrap_or_else(|_| unreachable!());
    let engine = futures_executor::block_on(Engine::open(store, ReplicaId::from_random(7), user));
    let engine = engine.unwrap_or_else(|e| panic!("{e}"));
    let (live, peak) = (live_bytes() - before, ALLOCATOR.peak_usage() - before);
    println!("Engine::open: live after {}, peak during {}", mib(live), mib(peak));
    std::hint::black_box(&engine);
}
