//! Damage and what the engine makes of it, kind by kind: what opens, what is reported,
//! what is rebuilt, and whether a write after the damage survives a reopen.

use chrono::{TimeZone, Utc};
use futures_executor::block_on;
use ripen_core::checkpoint::{self, Checkpoint};
use ripen_core::codec::SkipProblem;
use ripen_core::{ClientKind, ClientName, Command, Engine, ErrorKind, EventStore, MemoryStore, NewClient, ReplicaId};

fn open(store: &MemoryStore, seed: u64) -> Result<Engine<MemoryStore>, ripen_core::Error> {
    block_on(Engine::open(store.clone(), ReplicaId::from_random(seed), "anna".parse().unwrap()))
}

fn add(engine: &Engine<MemoryStore>, name: &str) {
    let client = NewClient::named(ClientKind::Company, ClientName::parse(name).unwrap());
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    block_on(engine.execute(Command::AddClient(client), now)).unwrap();
}

fn names(engine: &Engine<MemoryStore>) -> Vec<String> {
    engine.state().clients().map(|c| c.name.to_string()).collect()
}

/// A store of five commits, "A" to "E", one record each, by one device.
fn five() -> MemoryStore {
    let store = MemoryStore::new();
    let engine = open(&store, 1).unwrap();
    for name in ["A", "B", "C", "D", "E"] {
        add(&engine, name);
    }
    store
}

fn record(store: &MemoryStore, position: u64) -> String {
    block_on(store.load_records(&[position])).unwrap().remove(0).1
}

fn flip_byte(text: &str, at: usize) -> String {
    let mut bytes = text.as_bytes().to_vec();
    bytes[at] ^= 0x01;
    String::from_utf8(bytes).unwrap()
}

/// A record whose JSON was edited and whose sum was made to match again: what only the
/// later checks catch.
fn resummed(edited: &str) -> String {
    let body = &edited[48..];
    format!(r#"{{"f":2,"sum":"{}",{body}"#, ripen_core::checksum::Checksum::of(body.as_bytes()).to_hex())
}

struct LogDamage {
    what: &'static str,
    damage: fn(&mut MemoryStore),
    problem: Option<SkipProblem>,
    /// The clients that open afterwards.
    opens: &'static [&'static str],
    /// Whether a gap in the device's counters is reported.
    gap: bool,
}

#[test]
fn each_kind_of_log_damage_leaves_the_rest_open_and_is_reported() {
    let cases = [
        LogDamage {
            what: "a flipped bit in a record",
            damage: |s| s.overwrite_record(3, flip_byte(&record(s, 3), 70)),
            problem: Some(SkipProblem::Checksum),
            opens: &["A", "B", "D", "E"],
            gap: true,
        },
        LogDamage {
            what: "a record cut short",
            damage: |s| s.overwrite_record(2, record(s, 2)[..60].to_owned()),
            problem: Some(SkipProblem::Checksum),
            opens: &["A", "C", "D", "E"],
            gap: true,
        },
        LogDamage {
            what: "an event tag the format never had",
            damage: |s| s.overwrite_record(4, resummed(&record(s, 4).replace("client_added", "client_vanished"))),
            problem: Some(SkipProblem::UnknownEvent),
            opens: &["A", "B", "C", "E"],
            gap: true,
        },
        LogDamage {
            what: "a mangled event tag without a sum to match",
            damage: |s| s.overwrite_record(4, record(s, 4).replace("client_added", "client_addex")),
            problem: Some(SkipProblem::Checksum),
            opens: &["A", "B", "C", "E"],
            gap: true,
        },
        LogDamage {
            what: "a record that is not a record",
            damage: |s| s.overwrite_record(1, "42".into()),
            problem: Some(SkipProblem::Unreadable),
            opens: &["B", "C", "D", "E"],
            gap: true,
        },
        LogDamage {
            what: "a record of format 0",
            damage: |s| s.overwrite_record(5, record(s, 5).replacen(r#"{"f":2,"#, r#"{"f":0,"#, 1)),
            problem: Some(SkipProblem::Format),
            opens: &["A", "B", "C", "D"],
            gap: false,
        },
        LogDamage {
            what: "a record deleted from the middle",
            damage: |s| {
                let mut records = block_on(s.load()).unwrap();
                records.remove(2);
                *s = MemoryStore::with_records(records);
            },
            problem: None,
            opens: &["A", "B", "D", "E"],
            gap: true,
        },
    ];
    for case in cases {
        let mut store = five();
        (case.damage)(&mut store);
        let engine = open(&store, 2).unwrap_or_else(|e| panic!("{}: {e}", case.what));
        assert_eq!(names(&engine), case.opens, "{}", case.what);
        let problems: Vec<SkipProblem> = engine.skipped().iter().map(|s| s.problem).collect();
        assert_eq!(problems, case.problem.into_iter().collect::<Vec<_>>(), "{}", case.what);
        assert_eq!(!engine.gaps().is_empty(), case.gap, "{}: {:?}", case.what, engine.gaps());
        add(&engine, "After");
        drop(engine);
        let reopened = open(&store, 3).unwrap();
        assert_eq!(names(&reopened).last().map(String::as_str), Some("After"), "{}: a later write stays", case.what);
    }
}

#[test]
fn a_gap_names_the_device_and_the_missing_counters() {
    let mut records = block_on(five().load()).unwrap();
    records.remove(1);
    let store = MemoryStore::with_records(records);
    let engine = open(&store, 2).unwrap();
    let gaps = engine.gaps();
    assert_eq!(gaps.len(), 1);
    assert_eq!((gaps[0].replica.clone(), gaps[0].first, gaps[0].last), (ReplicaId::from_random(1), 2, 2));
}

#[test]
fn a_failed_commit_leaves_no_gap() {
    let store = MemoryStore::new();
    let engine = open(&store, 1).unwrap();
    add(&engine, "A");
    store.fail_next_write(ripen_core::StoreError::QuotaExceeded { detail: String::new() });
    let client = NewClient::named(ClientKind::Company, ClientName::parse("Lost").unwrap());
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    assert!(block_on(engine.execute(Command::AddClient(client), now)).is_err());
    add(&engine, "B");
    drop(engine);
    let reopened = open(&store, 2).unwrap();
    assert_eq!(names(&reopened), ["A", "B"]);
    assert!(reopened.gaps().is_empty(), "{:?}", reopened.gaps());
}

#[test]
fn a_log_of_a_newer_format_is_refused_as_such_and_left_alone() {
    let store = five();
    block_on(store.append(&[r#"{"f":3,"anything":"new"}"#.to_owned()])).unwrap();
    let error = open(&store, 2).expect_err("refused");
    assert_eq!(error.kind(), ErrorKind::SchemaTooNew);
    assert_eq!(store.record_count(), 6, "nothing written");
}

/// A store of five commits with a checkpoint after the third.
fn checkpointed() -> MemoryStore {
    let store = MemoryStore::new();
    let engine = open(&store, 1).unwrap();
    for name in ["A", "B", "C"] {
        add(&engine, name);
    }
    block_on(engine.write_checkpoint(|| async {})).unwrap();
    add(&engine, "D");
    add(&engine, "E");
    store
}

#[test]
fn each_kind_of_checkpoint_damage_drops_it_the_log_opens_and_later_writes_stay() {
    let whole = checkpointed().checkpoint().unwrap();
    let mut cases: Vec<(String, Checkpoint, &str)> = Vec::new();
    for part in 0..whole.parts.len() {
        for at in [0, 20, whole.parts[part].len() - 1] {
            let mut damaged = whole.clone();
            damaged.parts[part][at] ^= 0x10;
            cases.push((format!("a flipped bit in part {part} at {at}"), damaged, ""));
        }
    }
    let mut past_end = whole.clone();
    past_end.covers = 1_000;
    cases.push(("a header covering past the log's end".into(), past_end, "covers"));
    let mut rewritten = checkpoint::write(&checkpoint::read(&whole).unwrap(), 1_000);
    cases.push(("a whole checkpoint claiming more than the log holds".into(), rewritten.clone(), "ends at"));
    rewritten.parts.truncate(1);
    cases.push(("a checkpoint cut short".into(), rewritten, ""));
    for (what, damaged, says) in cases {
        let store = checkpointed();
        store.put_checkpoint(damaged);
        let engine = open(&store, 2).unwrap();
        let status = engine.checkpoint_status();
        let problem = status.problem.unwrap_or_else(|| panic!("{what}: not reported"));
        assert!(problem.contains(says), "{what}: {problem}");
        assert_eq!((status.covers, status.events_since), (0, 5), "{what}: the whole log read");
        assert_eq!(names(&engine), ["A", "B", "C", "D", "E"], "{what}");
        add(&engine, "After");
        block_on(engine.write_checkpoint(|| async {})).unwrap();
        drop(engine);
        let reopened = open(&store, 3).unwrap();
        assert_eq!(reopened.checkpoint_status().problem, None, "{what}: rebuilt");
        assert_eq!(names(&reopened), ["A", "B", "C", "D", "E", "After"], "{what}: nothing hidden after a reload");
    }
}
