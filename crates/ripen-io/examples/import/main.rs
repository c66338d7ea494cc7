//! Times each step of importing a 100,000-row CSV or 100,000-card vCard file natively (the
//! browser bench's files): reading, the preview, the plan and the commit into a memory
//! store. `cargo run --release -p ripen-io --example import -- csv|vcard 100000 [base clients]`
//! Run by `cargo xtask bench` beside the same imports in wasm. A failure here is a
//! benchmark that cannot run: it stops with the reason.

mod files;

use chrono::{TimeZone, Utc};
use futures_executor::block_on;
use ripen_core::search::SearchIndex;
use ripen_core::{Command, Engine, MemoryStore, ReplicaId};
use ripen_io::{plan, preview, read, CsvOptions, ImportFormat, ViewBase};
use std::collections::HashMap;
use std::time::Instant;

/// An engine on a memory store holding `base` clients, none of whom the file's people are.
fn engine_with(base: usize) -> Engine<MemoryStore> {
    let engine = block_on(Engine::open(
        MemoryStore::new(),
        ReplicaId::from_random(1),
        "bench".parse().expect("the benchmark's own data is valid"),
    ))
    .expect("the benchmark's own data is valid");
    if base > 0 {
        let existing = (0..base)
            .map(|i| {
                let mut client = ripen_core::NewClient::named(
                    ripen_core::ClientKind::Person,
                    format!("Клиент Базы {i}").parse().expect("the benchmark's own data is valid"),
                );
                client.fields.phones = vec![ripen_core::values::Phone::parse(
                    &format!("+7 383 {:07}", i),
                    ripen_core::values::CountryCode::RUSSIA,
                )
                .expect("the benchmark's own data is valid")];
                client
            })
            .collect();
        block_on(engine.execute(
            Command::AddClients(existing),
            Utc.timestamp_millis_opt(1_750_000_000_000).single().expect("a valid time"),
        ))
        .expect("the benchmark's own data is valid");
    }
    engine
}

/// What `work` returns, and how long it took in milliseconds.
fn timed<T>(work: impl FnOnce() -> T) -> (T, f64) {
    let started = Instant::now();
    let value = work();
    (value, started.elapsed().as_secs_f64() * 1e3)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let format = match args.next().as_deref() {
        Some("csv") => ImportFormat::Csv,
        Some("vcard") => ImportFormat::Vcard,
        other => panic!("the first argument is the file's format, csv or vcard, not {other:?}"),
    };
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    // The base imported into: empty, unless a third argument gives its clients.
    let base: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(0);
    let bytes = match format {
        ImportFormat::Vcard => files::contacts_vcard(n),
        _ => files::contacts_csv(n),
    };
    let engine = engine_with(base);
    let mut index = SearchIndex::default();

    // The format is found from the bytes, as the page finds it: a file told wrongly fails
    // here rather than timing the wrong reader.
    let (file, read_ms) = timed(|| read(&bytes, None, &CsvOptions::default()));
    let file = file.expect("the benchmark's own data is valid");
    assert_eq!(file.format, format, "the file was read as the other format");

    let (shown, preview_ms) = timed(|| {
        let view = engine.view();
        preview(&file, &mut ViewBase::new(&view, &mut index))
    });
    // Every row reads whole: a value lost on the way (a fold, an escape) would warn.
    assert_eq!((shown.ready, shown.issue_count, shown.warning_count), (n, 0, 0), "{:?}", shown.warnings);

    let (batch, plan_ms) = timed(|| {
        let view = engine.view();
        plan(file, None, &HashMap::new(), &mut ViewBase::new(&view, &mut index))
    });

    let (events, commit_ms) = timed(|| {
        block_on(engine.execute(
            Command::Import(Box::new(batch)),
            Utc.timestamp_millis_opt(1_760_000_000_000).single().expect("a valid time"),
        ))
        .expect("the benchmark's own data is valid")
    });
    println!(
        "{{\"format\":\"{}\",\"base\":{base},\"rows\":{n},\"bytes\":{},\"readMs\":{read_ms:.0},\"previewMs\":{preview_ms:.0},\"planMs\":{plan_ms:.0},\"commitMs\":{commit_ms:.0},\"events\":{}}}",
        format.as_str(),
        bytes.len(),
        events.len()
    );
}
