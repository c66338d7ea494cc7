//! The storage encoding of committed commands: JSON chunks of events, each kept under the
//! size at which Blink moves a value out of line.
//!
//! IndexedDB costs per record, not per byte, and Blink stores values over 64 KiB as blobs;
//! so a command's events are packed into as few records as fit under
//! [`CHUNK_TARGET_BYTES`]. Every chunk names its commit, its part and the part count, so a
//! reader can tell a complete commit from a damaged one.

use crate::model::event::{Event, EventPayload};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::{BTreeSet, HashMap};

/// The version of this encoding. Bump it, and teach [`decode_log`] the old one, whenever
/// the chunk layout changes.
pub const LOG_FORMAT: u32 = 1;

/// Chunks are closed before they pass this size as the browser stores them; a single event
/// larger than this still gets a chunk of its own.
pub const CHUNK_TARGET_BYTES: usize = 60 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error("record {record} is not valid for log format {LOG_FORMAT}: {source}")]
    Json {
        record: usize,
        #[source]
        source: serde_json::Error,
    },
    #[error("record {record} uses log format {found}, which this build does not know (it writes {LOG_FORMAT})")]
    UnknownFormat { record: usize, found: u32 },
    #[error("record {record} holds an event of type {kind:?}, written by a newer version of Ripen")]
    UnknownEventType { record: usize, kind: String },
    #[error("record {record} is part {part} of {parts} of commit {commit}, which is impossible")]
    BadPart { record: usize, commit: String, part: u32, parts: u32 },
    #[error("commit {commit} has {found} of its {expected} parts")]
    IncompleteCommit { commit: String, found: usize, expected: u32 },
}

impl CodecError {
    /// Whether the log was written by a newer build (rather than damaged).
    pub fn is_from_newer_build(&self) -> bool {
        match self {
            Self::UnknownFormat { found, .. } => *found > LOG_FORMAT,
            Self::UnknownEventType { .. } => true,
            _ => false,
        }
    }
}

/// The size V8 gives a string when the browser stores it: one byte a character when every
/// character is Latin-1, otherwise two bytes a UTF-16 unit (Cyrillic text is the latter).
fn stored_size(json: &str) -> usize {
    if json.bytes().all(|b| b < 0x80) {
        json.len()
    } else {
        json.encode_utf16().count() * 2
    }
}

/// Encodes the events of one command as storage records. Empty input gives no records.
pub fn encode_commit(events: &[Event]) -> Vec<String> {
    encode_commit_counted(events).into_iter().map(|(record, _)| record).collect()
}

/// As [`encode_commit`], with how many of the events (in order) each record holds.
pub fn encode_commit_counted(events: &[Event]) -> Vec<(String, usize)> {
    let Some(first) = events.first() else {
        return Vec::new();
    };
    // (text, stored size, events)
    let mut groups: Vec<(String, usize, usize)> = Vec::new();
    let mut current = (String::new(), 0usize, 0usize);
    for event in events {
        // Serialising our own plain data types cannot fail.
        let json = serde_json::to_string(event).unwrap_or_default();
        let size = stored_size(&json);
        if !current.0.is_empty() && current.1 + size > CHUNK_TARGET_BYTES {
            groups.push(std::mem::take(&mut current));
        }
        if !current.0.is_empty() {
            current.0.push(',');
        }
        current.0.push_str(&json);
        current.1 += size + 1;
        current.2 += 1;
    }
    groups.push(current);
    let parts = groups.len();
    let commit = first.id.to_string();
    groups
        .into_iter()
        .enumerate()
        .map(|(part, (events, _, count))| {
            let record = format!(
                r#"{{"f":{LOG_FORMAT},"commit":"{commit}","part":{part},"parts":{parts},"events":[{events}]}}"#
            );
            (record, count)
        })
        .collect()
}

#[derive(Deserialize)]
struct Chunk<'a> {
    f: u32,
    #[serde(borrow)]
    commit: &'a str,
    part: u32,
    parts: u32,
    #[serde(borrow)]
    events: &'a RawValue,
}

/// A record read in one pass, events and all.
#[derive(Deserialize)]
struct WholeChunk {
    f: u32,
    commit: String,
    part: u32,
    parts: u32,
    events: Vec<Event>,
}

#[derive(Deserialize)]
struct TypeOnly {
    ev: std::collections::BTreeMap<String, serde::de::IgnoredAny>,
}

/// What was seen of one commit's parts.
#[derive(Default)]
struct Parts {
    expected: u32,
    seen: BTreeSet<u32>,
}

/// Decodes every stored record back into events, in fold order (HLC, then id), each event
/// once. Refuses, rather than guesses at, a damaged log or one from a newer build. A part
/// stored twice (a replication retry) is harmless; a missing part is an error.
pub fn decode_log<S: AsRef<str>>(records: &[S]) -> Result<Vec<Event>, CodecError> {
    decode(records, false).map(|decoded| decoded.events)
}

/// A record left out of a log read with [`decode_log_skipping`], and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Its position in key order, from 0.
    pub record: usize,
    pub reason: String,
}

/// A log read past its damage.
#[derive(Debug, Default)]
pub struct Decoded {
    pub events: Vec<Event>,
    /// The store position of each event's record (same order as `events`).
    pub positions: Vec<u64>,
    pub skipped: Vec<Skipped>,
}

impl Decoded {
    /// The events with their positions, as [`crate::CrmState::fold_stored`] takes them.
    pub fn stored(self) -> impl Iterator<Item = (Event, u64)> {
        self.events.into_iter().zip(self.positions)
    }
}

/// The events of one record on its own (a record read for a client's history), whether or
/// not the rest of its commit is at hand.
pub fn decode_record(text: &str) -> Result<Vec<Event>, CodecError> {
    Ok(read_chunk(0, text, &mut HashMap::new())?.map(|(_, events)| events).unwrap_or_default())
}

/// As [`decode_log`], but a damaged record (hand-edited in devtools, say) is left out and
/// reported instead of refusing the log — with every other part of its commit, so that a
/// command stays all or nothing. A log from a newer build is still refused whole.
/// Records given by value are dropped as soon as they are read, so the raw log and its
/// events are never in memory whole at the same time.
pub fn decode_log_skipping<S: AsRef<str>>(records: impl IntoIterator<Item = S>) -> Result<Decoded, CodecError> {
    decode(records, true)
}

fn decode<S: AsRef<str>>(records: impl IntoIterator<Item = S>, skip: bool) -> Result<Decoded, CodecError> {
    let mut reader = LogReader::new(skip);
    for text in records {
        reader.read(text.as_ref())?;
    }
    reader.finish()
}

/// Reads a log record by record, so that it can be loaded a page at a time: only the
/// events read so far are held, never the whole raw log. A commit's parts may arrive in
/// different pages.
#[derive(Default)]
pub struct LogReader {
    skip: bool,
    next_record: usize,
    by_commit: HashMap<String, Vec<(Event, u64)>>,
    commits: HashMap<String, Parts>,
    /// Commits not yet handed out, in the order their first part was read.
    pending: std::collections::VecDeque<String>,
    records_of: HashMap<String, Vec<usize>>,
    skipped: Vec<Skipped>,
}

impl std::fmt::Debug for LogReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogReader").field("records", &self.next_record).field("skipped", &self.skipped).finish()
    }
}

impl LogReader {
    /// `skip`: leave damaged records out (and report them) rather than refuse the log.
    pub fn new(skip: bool) -> Self {
        Self { skip, ..Self::default() }
    }

    /// Reads the next record in key order, as if stored at the next position from 1.
    pub fn read(&mut self, text: &str) -> Result<(), CodecError> {
        self.read_at(self.next_record as u64 + 1, text)
    }

    /// Reads the next record in key order, stored at `position`.
    pub fn read_at(&mut self, position: u64, text: &str) -> Result<(), CodecError> {
        let record = self.next_record;
        self.next_record += 1;
        match read_chunk(record, text, &mut self.commits) {
            Ok(None) => Ok(()),
            Ok(Some((commit, batch))) => {
                if !self.records_of.contains_key(&commit) {
                    self.pending.push_back(commit.clone());
                }
                self.records_of.entry(commit.clone()).or_default().push(record);
                self.by_commit.entry(commit).or_default().extend(batch.into_iter().map(|e| (e, position)));
                Ok(())
            }
            Err(error) if self.skip && !error.is_from_newer_build() => {
                self.skipped.push(Skipped { record, reason: error.to_string() });
                Ok(())
            }
            Err(error) => Err(error),
        }
    }

    /// Hands out the commits read whole so far, in the order they were written, up to the
    /// first one still missing a part: their events in fold order, with their positions.
    /// A log read this way is folded a page at a time and never held whole; what comes
    /// out is forgotten (a part of it stored again later reads as a new commit).
    pub fn drain_complete(&mut self) -> Vec<(Event, u64)> {
        let mut out = Vec::new();
        while let Some(commit) = self.pending.front() {
            let complete = self.commits.get(commit).is_some_and(|p| p.seen.len() == p.expected as usize);
            if !complete {
                break;
            }
            let commit = self.pending.pop_front().unwrap_or_default();
            out.extend(self.by_commit.remove(&commit).unwrap_or_default());
            self.commits.remove(&commit);
            self.records_of.remove(&commit);
        }
        out.sort_by(|(a, _), (b, _)| (a.at, &a.id).cmp(&(b.at, &b.id)));
        out.dedup_by(|(a, _), (b, _)| a.id == b.id);
        out
    }

    /// The events of every complete commit, in fold order, and what was left out.
    pub fn finish(self) -> Result<Decoded, CodecError> {
        let Self { skip, by_commit, commits, records_of, mut skipped, .. } = self;
        let mut events = Vec::new();
        for (commit, batch) in by_commit {
            let parts = &commits[&commit];
            if parts.seen.len() == parts.expected as usize {
                events.extend(batch);
                continue;
            }
            let error = CodecError::IncompleteCommit {
                commit: commit.clone(),
                found: parts.seen.len(),
                expected: parts.expected,
            };
            if !skip {
                return Err(error);
            }
            for &record in &records_of[&commit] {
                skipped.push(Skipped { record, reason: format!("left out with its commit: {error}") });
            }
        }
        events.sort_by(|(a, _), (b, _)| (a.at, &a.id).cmp(&(b.at, &b.id)));
        events.dedup_by(|(a, _), (b, _)| a.id == b.id);
        skipped.sort_by_key(|s| s.record);
        let (events, positions) = events.into_iter().unzip();
        Ok(Decoded { events, positions, skipped })
    }
}

/// One record: its commit and events, `None` for a part already read, or why it cannot be
/// read. A damaged part still counts against its commit (as not seen).
fn read_chunk(
    record: usize,
    text: &str,
    commits: &mut HashMap<String, Parts>,
) -> Result<Option<(String, Vec<Event>)>, CodecError> {
    // One pass over the text for a sound record (nearly all of them); the two-step read
    // below only runs to say exactly what is wrong with the events of one that is not.
    if let Ok(chunk) = serde_json::from_str::<WholeChunk>(text) {
        if !check_part(record, chunk.f, &chunk.commit, chunk.part, chunk.parts, commits)? {
            return Ok(None);
        }
        mark_seen(commits, &chunk.commit, chunk.part);
        return Ok(Some((chunk.commit, chunk.events)));
    }
    let chunk: Chunk<'_> = serde_json::from_str(text).map_err(|source| CodecError::Json { record, source })?;
    if !check_part(record, chunk.f, chunk.commit, chunk.part, chunk.parts, commits)? {
        return Ok(None);
    }
    let batch: Vec<Event> =
        serde_json::from_str(chunk.events.get()).map_err(|source| explain(record, chunk.events, source))?;
    mark_seen(commits, chunk.commit, chunk.part);
    Ok(Some((chunk.commit.to_owned(), batch)))
}

/// Checks a record's header against the other parts of its commit: the log format, the
/// part number, the part count they agree on. `Ok(false)` for a part already read.
fn check_part(
    record: usize,
    format: u32,
    commit: &str,
    part: u32,
    parts: u32,
    commits: &mut HashMap<String, Parts>,
) -> Result<bool, CodecError> {
    if format != LOG_FORMAT {
        return Err(CodecError::UnknownFormat { record, found: format });
    }
    let bad_part = || CodecError::BadPart { record, commit: commit.to_owned(), part, parts };
    if part >= parts {
        return Err(bad_part());
    }
    let known = commits.entry(commit.to_owned()).or_insert(Parts { expected: parts, seen: BTreeSet::new() });
    if known.expected != parts {
        return Err(bad_part());
    }
    Ok(!known.seen.contains(&part))
}

/// A part whose events were read; a damaged one is never marked, so its commit stays
/// incomplete.
fn mark_seen(commits: &mut HashMap<String, Parts>, commit: &str, part: u32) {
    if let Some(known) = commits.get_mut(commit) {
        known.seen.insert(part);
    }
}

/// On the failure path only: tells an event type from a newer build apart from damage.
fn explain(record: usize, events: &RawValue, source: serde_json::Error) -> CodecError {
    let tags: Vec<TypeOnly> = serde_json::from_str(events.get()).unwrap_or_default();
    let unknown =
        tags.into_iter().flat_map(|t| t.ev.into_keys()).find(|tag| !EventPayload::TYPES.contains(&tag.as_str()));
    match unknown {
        Some(kind) => CodecError::UnknownEventType { record, kind },
        None => CodecError::Json { record, source },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::client::{ClientFields, ClientName};
    use crate::values::clock::Hlc;
    use crate::values::ids::{ClientId, EventId, ReplicaId};
    use chrono::{TimeZone, Utc};

    fn event(counter: u64, name: &str) -> Event {
        let id = EventId { replica: ReplicaId::from_random(7), counter };
        Event {
            at: Hlc { millis: 1_700_000_000_000, counter: counter as u32 },
            recorded_at: Utc.timestamp_millis_opt(1_700_000_000_000).unwrap(),
            by: "anna".parse().unwrap(),
            payload: EventPayload::ClientAdded {
                client: ClientId::minted_by(&id),
                name: ClientName::parse(name).unwrap(),
                fields: Box::default(),
                aliases: Vec::new(),
                owner: None,
            },
            id,
        }
    }

    fn many(n: u64) -> Vec<Event> {
        (1..=n).map(|i| event(i, &format!("ООО «Клиент номер {i}»"))).collect()
    }

    #[test]
    fn a_small_commit_is_one_record_and_round_trips() {
        let events = vec![event(1, "ООО «Ромашка»"), event(2, "Anna \"quoted\" \\ slash")];
        let records = encode_commit(&events);
        assert_eq!(records.len(), 1);
        assert_eq!(decode_log(&records).unwrap(), events);
    }

    #[test]
    fn cyrillic_chunks_stay_under_the_target_as_the_browser_stores_them() {
        let events = many(5_000);
        let records = encode_commit(&events);
        assert!(records.len() > 1);
        for record in &records {
            assert!(stored_size(record) <= CHUNK_TARGET_BYTES + 512, "chunk of {} stored bytes", stored_size(record));
        }
        assert_eq!(decode_log(&records).unwrap(), events);
    }

    #[test]
    fn stored_size_counts_two_bytes_a_unit_for_non_latin_text() {
        assert_eq!(stored_size("abc"), 3);
        assert_eq!(stored_size("ябл"), 6);
        assert_eq!(stored_size("a\u{1F4DE}"), 6);
    }

    #[test]
    fn damaged_logs_are_refused_with_the_reason() {
        let records = encode_commit(&many(3_000));
        assert!(records.len() >= 3);
        type Case<'a> = (&'a str, Vec<String>, fn(&CodecError) -> bool);
        let cases: Vec<Case<'_>> = vec![
            ("a missing part", vec![records[0].clone(), records[2].clone()], |e| {
                matches!(e, CodecError::IncompleteCommit { .. })
            }),
            (
                "a duplicated part hiding a missing one",
                vec![records[0].clone(), records[0].clone(), records[2].clone()],
                |e| matches!(e, CodecError::IncompleteCommit { .. }),
            ),
            ("a part beyond the count", vec![records[0].replace(r#""part":0"#, r#""part":99"#)], |e| {
                matches!(e, CodecError::BadPart { .. })
            }),
            (
                "parts disagreeing on the count",
                vec![records[0].clone(), records[1].replace(r#""parts":"#, r#""parts":1"#)],
                |e| matches!(e, CodecError::BadPart { .. }),
            ),
            ("format zero", vec![records[0].replace(r#""f":1"#, r#""f":0"#)], |e| {
                matches!(e, CodecError::UnknownFormat { found: 0, .. }) && !e.is_from_newer_build()
            }),
            ("not JSON", vec!["{ not json".into()], |e| matches!(e, CodecError::Json { record: 0, .. })),
        ];
        for (what, damaged, expected) in cases {
            let error = decode_log(&damaged).expect_err(what);
            assert!(expected(&error), "{what}: got {error}");
        }
    }

    #[test]
    fn a_commit_stored_twice_is_read_once() {
        let records = encode_commit(&many(3));
        let twice = [records.clone(), records].concat();
        assert_eq!(decode_log(&twice).unwrap(), many(3));
    }

    #[test]
    fn logs_from_newer_builds_are_recognised_as_such() {
        let newer_format = r#"{"f":2,"commit":"x.1","part":0,"parts":1,"events":[]}"#;
        assert!(decode_log(&[newer_format]).unwrap_err().is_from_newer_build());
        let record = encode_commit(&many(1)).remove(0).replace("client_added", "touch_planned");
        let error = decode_log(&[record]).unwrap_err();
        assert!(matches!(&error, CodecError::UnknownEventType { kind, .. } if kind == "touch_planned"), "{error}");
        assert!(error.is_from_newer_build());
    }

    #[test]
    fn events_written_before_later_fields_existed_still_read() {
        // A client_added as the first builds wrote it: no profile, no aliases, no owner.
        let old = r#"{"f":1,"commit":"0000000000007.1","part":0,"parts":1,"events":[
            {"id":"0000000000007.1","at":[1700000000000,0],"t":1700000000000,"by":"anna",
             "ev":{"client_added":{"client":"c0000000000007.1","name":"ООО «Ромашка»"}}}]}"#;
        let events = decode_log(&[old]).unwrap();
        let state = crate::state::CrmState::fold(events);
        let client = state.clients().next().unwrap();
        assert_eq!(client.name.as_str(), "ООО «Ромашка»");
        assert_eq!(client.fields, ClientFields::default());
        assert_eq!(client.owner, None);
    }

    #[test]
    fn every_event_type_tag_is_known() {
        let json = serde_json::to_value(event(1, "A")).unwrap();
        let tag = json["ev"].as_object().unwrap().keys().next().unwrap().clone();
        assert!(EventPayload::TYPES.contains(&tag.as_str()));
        assert_eq!(tag, event(1, "A").payload.type_name());
    }

    #[test]
    fn decoded_events_come_out_in_fold_order() {
        let later = encode_commit(&[event(2, "B")]);
        let earlier = encode_commit(&[event(1, "A")]);
        let decoded = decode_log(&[later[0].clone(), earlier[0].clone()]).unwrap();
        assert_eq!(decoded, vec![event(1, "A"), event(2, "B")]);
    }
}
