//! The storage encoding of committed commands: JSON chunks of events, each under 60 KiB.
//!
//! IndexedDB costs per record, not per byte, and Blink moves values over 64 KiB out of line
//! into blobs; so a command's events are packed into as few records as fit under
//! [`CHUNK_TARGET_BYTES`]. Every chunk names its commit and part count, so that a reader can
//! tell a complete commit from a damaged one.

use crate::event::Event;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::HashMap;

/// The version of this encoding. Bump it, and teach [`decode_log`] the old one, whenever
/// the chunk layout changes.
pub const LOG_FORMAT: u32 = 1;

/// Chunks are closed once they pass this size; a single event larger than this still gets
/// a chunk of its own.
pub const CHUNK_TARGET_BYTES: usize = 60 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error("record {record} is not valid JSON for log format {LOG_FORMAT}: {source}")]
    Json {
        record: usize,
        #[source]
        source: serde_json::Error,
    },
    #[error(
        "record {record} uses log format {found}, newer than this build understands ({LOG_FORMAT})"
    )]
    NewerFormat { record: usize, found: u32 },
    #[error("commit {commit} has {found} of its {expected} parts")]
    IncompleteCommit {
        commit: String,
        found: u32,
        expected: u32,
    },
}

/// Encodes the events of one command as storage records. Empty input gives no records.
pub fn encode_commit(events: &[Event]) -> Vec<String> {
    let Some(first) = events.first() else {
        return Vec::new();
    };
    let mut groups: Vec<String> = Vec::new();
    let mut current = String::new();
    for event in events {
        // Serialising our own plain data types cannot fail.
        let json = serde_json::to_string(event).unwrap_or_default();
        if !current.is_empty() && current.len() + json.len() > CHUNK_TARGET_BYTES {
            groups.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(',');
        }
        current.push_str(&json);
    }
    groups.push(current);
    let parts = groups.len();
    let commit = first.id.to_string();
    groups
        .into_iter()
        .enumerate()
        .map(|(part, events)| {
            format!(r#"{{"f":{LOG_FORMAT},"commit":"{commit}","part":{part},"parts":{parts},"events":[{events}]}}"#)
        })
        .collect()
}

#[derive(Deserialize)]
struct Chunk<'a> {
    f: u32,
    #[serde(borrow)]
    commit: &'a str,
    parts: u32,
    #[serde(borrow)]
    events: &'a RawValue,
}

/// Decodes every stored record back into events, sorted in fold order (HLC, then id).
/// Refuses, rather than guesses at, a damaged or newer log.
pub fn decode_log<S: AsRef<str>>(records: &[S]) -> Result<Vec<Event>, CodecError> {
    let mut events = Vec::new();
    let mut seen: HashMap<String, (u32, u32)> = HashMap::new();
    for (record, text) in records.iter().enumerate() {
        let chunk: Chunk<'_> = serde_json::from_str(text.as_ref())
            .map_err(|source| CodecError::Json { record, source })?;
        if chunk.f > LOG_FORMAT {
            return Err(CodecError::NewerFormat {
                record,
                found: chunk.f,
            });
        }
        let entry = seen
            .entry(chunk.commit.to_owned())
            .or_insert((0, chunk.parts));
        entry.0 += 1;
        let mut batch: Vec<Event> = serde_json::from_str(chunk.events.get())
            .map_err(|source| CodecError::Json { record, source })?;
        events.append(&mut batch);
    }
    if let Some((commit, &(found, expected))) =
        seen.iter().find(|(_, (found, expected))| found != expected)
    {
        return Err(CodecError::IncompleteCommit {
            commit: commit.clone(),
            found,
            expected,
        });
    }
    events.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
    Ok(events)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::{ClientKind, ClientName};
    use crate::clock::Hlc;
    use crate::event::EventPayload;
    use crate::ids::{ClientId, EventId, ReplicaId};

    fn event(counter: u64, name: &str) -> Event {
        let id = EventId {
            replica: ReplicaId::from_random(7),
            counter,
        };
        Event {
            at: Hlc {
                millis: 1_700_000_000_000,
                counter: counter as u32,
            },
            by: "anna".parse().unwrap(),
            payload: EventPayload::ClientAdded {
                client: ClientId::minted_by(&id),
                kind: ClientKind::Company,
                name: ClientName::parse(name).unwrap(),
            },
            id,
        }
    }

    #[test]
    fn a_small_commit_is_one_record_and_round_trips() {
        let events = vec![
            event(1, "ООО «Ромашка»"),
            event(2, "Anna \"quoted\" \\ slash"),
        ];
        let records = encode_commit(&events);
        assert_eq!(records.len(), 1);
        assert_eq!(decode_log(&records).unwrap(), events);
    }

    #[test]
    fn a_large_commit_is_chunked_under_the_target_size() {
        let events: Vec<Event> = (1..=5_000)
            .map(|i| event(i, &format!("Клиент номер {i}")))
            .collect();
        let records = encode_commit(&events);
        assert!(records.len() > 1);
        for record in &records {
            assert!(
                record.len() <= CHUNK_TARGET_BYTES + 512,
                "chunk of {} bytes",
                record.len()
            );
        }
        assert_eq!(decode_log(&records).unwrap(), events);
    }

    #[test]
    fn a_missing_part_is_reported_not_skipped() {
        let events: Vec<Event> = (1..=2_000)
            .map(|i| event(i, "Client with a long enough name"))
            .collect();
        let mut records = encode_commit(&events);
        records.remove(1);
        assert!(matches!(
            decode_log(&records),
            Err(CodecError::IncompleteCommit { .. })
        ));
    }

    #[test]
    fn newer_and_garbled_records_are_refused() {
        let newer = r#"{"f":99,"commit":"x.1","part":0,"parts":1,"events":[{"unknown":true}]}"#;
        assert!(matches!(
            decode_log(&[newer]),
            Err(CodecError::NewerFormat { found: 99, .. })
        ));
        assert!(matches!(
            decode_log(&["not json"]),
            Err(CodecError::Json { record: 0, .. })
        ));
    }

    #[test]
    fn decoded_events_come_out_in_fold_order() {
        let later = encode_commit(&[event(2, "B")]);
        let earlier = encode_commit(&[event(1, "A")]);
        let decoded = decode_log(&[later[0].clone(), earlier[0].clone()]).unwrap();
        assert_eq!(decoded, vec![event(1, "A"), event(2, "B")]);
    }
}
