//! Benchmark: a marketing campaign over the 100,000 clients of the standard dataset (each
//! given an e-mail, nine in ten a marketing consent): the preview, then the commit through
//! the engine (memory store); prints `{"clients":…,"planned":…,"skipped":…,"previewMs":…,
//! "checksMs":…,"commitMs":…,"commitUnpreviewedMs":…}` — `checksMs`: the policy's share,
//! one check per planned touch at its time; `commitMs` after the preview (written as
//! previewed: nothing changed), `commitUnpreviewedMs` with no preview (planned at commit).
//! The issue's goal: preview and commit each ≤ 2 s in wasm.

use chrono::{DateTime, Duration, Utc};
use futures_executor::block_on;
use ripen_core::campaign::{CampaignRequest, Segment};
use ripen_core::policy::Candidate;
use ripen_core::touch::Direction;
use ripen_core::{codec, synthetic, Engine, EventStore, MemoryStore};
use std::time::Instant;

fn main() {
    let clients = 100_000;
    let events = synthetic::standard_for_campaign(clients, 1_000_000, 400_000);
    let last = events.last().map(|e| e.recorded_at).unwrap_or_default();
    let store = MemoryStore::new();
    let records: Vec<String> = events.chunks(10_000).flat_map(codec::encode_commit).collect();
    drop(events);
    block_on(store.append(&records)).unwrap_or_else(|e| panic!("{e}"));
    drop(records);
    let user = "bench".parse().unwrap_or_else(|_| unreachable!());
    let engine =
        block_on(Engine::open(store, ripen_core::ReplicaId::from_random(2), user)).unwrap_or_else(|e| panic!("{e}"));
    let now: DateTime<Utc> = last + Duration::days(1);
    let request = CampaignRequest::new(Segment::default(), "Весеннее предложение", now, now + Duration::days(14));
    // Committed without a preview: planned at commit time; then taken back.
    let started = Instant::now();
    let (marker, _) = block_on(engine.plan_campaign(&request, now)).unwrap_or_else(|e| panic!("{e}"));
    let replan_ms = started.elapsed().as_secs_f64() * 1_000.0;
    let revert = ripen_core::Command::Revert { event: marker, force: false };
    block_on(engine.execute(revert, now)).unwrap_or_else(|e| panic!("{e}"));
    let started = Instant::now();
    let preview = engine.preview_campaign(&request, now).unwrap_or_else(|e| panic!("{e}"));
    let preview_ms = started.elapsed().as_secs_f64() * 1_000.0;
    // The policy's share: one check per planned touch, at its time, alone.
    let started = Instant::now();
    {
        let state = engine.state();
        for touch in &preview.planned {
            let candidate = Candidate {
                client: touch.client.clone(),
                channel: request.campaign.channel,
                origin: request.campaign.origin,
                direction: Direction::Outbound,
                requested: false,
                overridden: false,
                at: touch.at,
            };
            assert!(state.policy.check_alongside(&state, &candidate, &[]).allowed);
        }
    }
    let check_ms = started.elapsed().as_secs_f64() * 1_000.0;
    let started = Instant::now();
    let (_, committed) = block_on(engine.plan_campaign(&request, now)).unwrap_or_else(|e| panic!("{e}"));
    let commit_ms = started.elapsed().as_secs_f64() * 1_000.0;
    assert_eq!(committed.planned, preview.planned, "the commit is the preview");
    println!(
        r#"{{"clients":{clients},"planned":{},"skipped":{},"previewMs":{preview_ms:.0},"checksMs":{check_ms:.0},"commitMs":{commit_ms:.0},"commitUnpreviewedMs":{replan_ms:.0}}}"#,
        committed.planned.len(),
        committed.skipped.len()
    );
}
