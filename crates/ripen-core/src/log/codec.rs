//! The storage encoding of committed commands: JSON chunks of events, each kept under the
//! size at which Blink moves a value out of line.
//!
//! IndexedDB costs per record, not per byte, and Blink stores values over 64 KiB as blobs;
//! so a command's events are packed into as few records as fit under
//! [`CHUNK_TARGET_BYTES`]. Every chunk names its commit, its part and the part count, so a
//! reader can tell a complete commit from a damaged one, and every chunk carries the
//! checksum of its stored bytes ([`crate::checksum`]), so damage is found, not folded in.
//!
//! A record of log format 2:
//! `{"f":2,"sum":"<32 hex digits>","commit":"…","part":0,"parts":1,"events":[…]}` — the
//! sum covers every byte after `"sum":"…",`. Records of format 1 (no sum) still read.

use crate::log::checksum::{Checksum, CHECKSUM_HEX_LEN};
use crate::model::event::{Event, EventPayload};
use crate::values::newtype::string_enum;
use crate::values::sort;
use ripen_json::{FromJson, Reader};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// The version of this encoding. Bump it, and teach [`decode_log`] the old one, whenever
/// the chunk layout changes — and whenever an event type is added, since a build that
/// meets an event tag it does not know takes it for damage (format 2 knows every tag of
/// [`EventPayload::TYPES`] as of this build).
pub const LOG_FORMAT: u32 = 2;

/// The format before records carried their checksum: read, never written.
pub const LEGACY_LOG_FORMAT: u32 = 1;

/// What every record of [`LOG_FORMAT`] starts with; its sum follows.
const SUMMED_PREFIX: &str = r#"{"f":2,"sum":""#;
/// Where the bytes the sum covers begin: after the prefix, the sum and `",`.
const SUMMED_FROM: usize = SUMMED_PREFIX.len() + CHECKSUM_HEX_LEN + 2;

/// Chunks are closed before they pass this size as the browser stores them; a single event
/// larger than this still gets a chunk of its own.
pub const CHUNK_TARGET_BYTES: usize = 60 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error("record {record} is not valid for log format {LOG_FORMAT}: {source}")]
    Json {
        record: usize,
        #[source]
        source: ripen_json::Error,
    },
    #[error("record {record} uses log format {found}, which this build does not know (it writes {LOG_FORMAT})")]
    UnknownFormat { record: usize, found: u32 },
    #[error("record {record} holds an event of type {kind:?}, which log format {LOG_FORMAT} never had")]
    UnknownEventType { record: usize, kind: String },
    #[error("record {record} does not match its checksum: it was changed after it was written")]
    Checksum { record: usize },
    #[error("record {record} is part {part} of {parts} of commit {commit}, which is impossible")]
    BadPart { record: usize, commit: String, part: u32, parts: u32 },
    #[error("commit {commit} has {found} of its {expected} parts")]
    IncompleteCommit { commit: String, found: usize, expected: u32 },
}

impl CodecError {
    /// Whether the log was written by a newer build (rather than damaged): only a format
    /// marker above this build's says so.
    pub fn is_from_newer_build(&self) -> bool {
        matches!(self, Self::UnknownFormat { found, .. } if *found > LOG_FORMAT)
    }

    /// What is wrong with the record, as a stable code.
    pub fn problem(&self) -> SkipProblem {
        match self {
            Self::Json { .. } => SkipProblem::Unreadable,
            Self::UnknownFormat { .. } => SkipProblem::Format,
            Self::UnknownEventType { .. } => SkipProblem::UnknownEvent,
            Self::Checksum { .. } => SkipProblem::Checksum,
            Self::BadPart { .. } => SkipProblem::Part,
            Self::IncompleteCommit { .. } => SkipProblem::Incomplete,
        }
    }
}

string_enum! {
    /// Why a record was left out of a log read, as a stable code.
    SkipProblem in "problem" {
        /// Its bytes do not match the checksum written with them.
        Checksum = "checksum",
        /// The stored value is not text.
        NotText = "not_text",
        /// It is stored under a key that is not a log position.
        Key = "key",
        /// Not a record of any format (bad JSON, a field missing or of the wrong type).
        Unreadable = "unreadable",
        /// A format marker this build never wrote and that is not newer than its own.
        Format = "format",
        /// An event tag the format never had.
        UnknownEvent = "unknown_event",
        /// A part number or count that contradicts itself or the commit's other parts.
        Part = "part",
        /// Sound itself, but another part of its commit is damaged or missing.
        Incomplete = "incomplete",
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
        let json = ripen_json::to_string(event);
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
            let body = format!(r#""commit":"{commit}","part":{part},"parts":{parts},"events":[{events}]}}"#);
            (summed(&body), count)
        })
        .collect()
}

/// A record of [`LOG_FORMAT`]: the prefix, the sum of `body`, then `body`.
fn summed(body: &str) -> String {
    let sum = Checksum::of(body.as_bytes());
    let mut record = String::with_capacity(SUMMED_FROM + body.len());
    record.push_str(SUMMED_PREFIX);
    record.push_str(&sum.to_hex());
    record.push_str("\",");
    record.push_str(body);
    record
}

/// The checksum a record of [`LOG_FORMAT`] carries (what sync sends as its content hash),
/// or `None` for a record without one.
pub fn record_checksum(text: &str) -> Option<Checksum> {
    text.strip_prefix(SUMMED_PREFIX).and_then(|rest| rest.get(..CHECKSUM_HEX_LEN)).and_then(Checksum::from_hex)
}

/// What a record says of itself, without its events: what team sync names it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// Its log format.
    pub format: u32,
    /// Its commit's id (the commit's first event's id), as written.
    pub commit: String,
    pub part: u32,
    pub parts: u32,
    /// Its content hash: the sum it carries (checked), or for a record of the legacy
    /// format, which carries none, the sum of its whole text.
    pub sum: Checksum,
}

/// Reads a record's [`Envelope`], checking its sum and its part numbers but not decoding
/// its events. A record of a format this build does not know is refused.
pub fn envelope(text: &str) -> Result<Envelope, CodecError> {
    let summed = verify(0, text)?;
    let header = read_record(text, Reader::raw).map_err(|source| CodecError::Json { record: 0, source })?;
    let bad_part = || CodecError::BadPart {
        record: 0,
        commit: header.commit.clone().into_owned(),
        part: header.part,
        parts: header.parts,
    };
    if header.f != LOG_FORMAT && header.f != LEGACY_LOG_FORMAT {
        return Err(CodecError::UnknownFormat { record: 0, found: header.f });
    }
    if header.part >= header.parts {
        return Err(bad_part());
    }
    let sum = match (header.f, summed, record_checksum(text)) {
        (LOG_FORMAT, true, Some(sum)) => sum,
        (LEGACY_LOG_FORMAT, false, _) => Checksum::of(text.as_bytes()),
        _ => return Err(CodecError::Checksum { record: 0 }),
    };
    Ok(Envelope { format: header.f, commit: header.commit.into_owned(), part: header.part, parts: header.parts, sum })
}

/// Checks a record's sum, if it starts as a record of [`LOG_FORMAT`] does; `false` for
/// a record without one, which the JSON read judges (a legacy record, a newer format, or
/// no record at all — a record that says format 2 without its sum is refused there).
fn verify(record: usize, text: &str) -> Result<bool, CodecError> {
    if !text.starts_with(SUMMED_PREFIX) {
        return Ok(false);
    }
    let stated = record_checksum(text);
    let body = text.get(SUMMED_FROM..).filter(|_| text.get(SUMMED_FROM - 2..SUMMED_FROM) == Some("\","));
    match (stated, body) {
        (Some(stated), Some(body)) if Checksum::of(body.as_bytes()) == stated => Ok(true),
        _ => Err(CodecError::Checksum { record }),
    }
}

/// A record: its header, and its events as `E` (their text, or the events read).
struct Chunk<'a, E> {
    f: u32,
    commit: Cow<'a, str>,
    part: u32,
    parts: u32,
    events: E,
}

/// Reads a record, its events by `events`; keys in any order, others (its `sum`) passed
/// over. (A record without events reads as one with an empty `E` when `E` has one: an
/// envelope needs no events.)
fn read_record<'a, E: Absent>(
    text: &'a str,
    events: impl FnOnce(&mut Reader<'a>) -> Result<E, ripen_json::Error>,
) -> Result<Chunk<'a, E>, ripen_json::Error> {
    let mut r = Reader::new(text);
    let (mut f, mut commit, mut part, mut parts, mut read) = (None, None, None, None, Some(events));
    let mut found = None;
    r.object()?;
    while let Some(key) = r.key()? {
        let duplicate = match &*key {
            "f" => f.replace(u32::read_json(&mut r)?).is_some(),
            "commit" => commit.replace(r.str()?).is_some(),
            "part" => part.replace(u32::read_json(&mut r)?).is_some(),
            "parts" => parts.replace(u32::read_json(&mut r)?).is_some(),
            "events" => match read.take() {
                Some(read) => found.replace(read(&mut r)?).is_some(),
                None => true,
            },
            _ => {
                r.skip()?;
                false
            }
        };
        if duplicate {
            return Err(r.error(format!("duplicate field `{key}`")));
        }
    }
    r.end()?;
    let missing = |name: &str| r.error(format!("missing field `{name}`"));
    Ok(Chunk {
        f: f.ok_or_else(|| missing("f"))?,
        commit: commit.ok_or_else(|| missing("commit"))?,
        part: part.ok_or_else(|| missing("part"))?,
        parts: parts.ok_or_else(|| missing("parts"))?,
        events: match found {
            Some(events) => events,
            None => E::absent().ok_or_else(|| missing("events"))?,
        },
    })
}

/// What a record's events are when it has none: nothing for a header read (`&str`, the
/// events' text), an error for the events themselves.
trait Absent: Sized {
    fn absent() -> Option<Self>;
}

impl Absent for &str {
    fn absent() -> Option<Self> {
        Some("")
    }
}

impl Absent for Vec<Event> {
    fn absent() -> Option<Self> {
        None
    }
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
    /// Its place among the records read, from 0.
    pub record: usize,
    /// Its key in the store (a log position).
    pub position: u64,
    pub problem: SkipProblem,
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

/// The commits a reader has seen parts of: which parts (checked by the record readers),
/// what each commit holds so far, the records it came from, and the order commits were
/// first seen in — what [`LogReader`] and [`RawLogReader`] share.
struct Assembly<P> {
    parts: HashMap<String, Parts>,
    payloads: HashMap<String, P>,
    records: HashMap<String, Vec<(usize, u64)>>,
    /// Commits not yet handed out, in the order their first part was read.
    pending: VecDeque<String>,
}

impl<P> Default for Assembly<P> {
    fn default() -> Self {
        Self { parts: HashMap::new(), payloads: HashMap::new(), records: HashMap::new(), pending: VecDeque::new() }
    }
}

impl<P: Default> Assembly<P> {
    /// What `commit` holds so far, to add the part read from `record` at `position` to.
    fn add(&mut self, commit: String, record: usize, position: u64) -> &mut P {
        if !self.records.contains_key(&commit) {
            self.pending.push_back(commit.clone());
        }
        self.records.entry(commit.clone()).or_default().push((record, position));
        self.payloads.entry(commit).or_default()
    }

    fn is_whole(&self, commit: &str) -> bool {
        self.parts.get(commit).is_some_and(|p| p.seen.len() == p.expected as usize)
    }

    /// What the commits read whole so far hold, in the order they were written, up to the
    /// first one still missing a part. `forget`: drop what was known of their parts too (a
    /// part of one stored again later then reads as a new commit).
    fn drain(&mut self, forget: bool) -> Vec<P> {
        let mut out = Vec::new();
        while let Some(commit) = self.pending.front() {
            if !self.is_whole(commit) {
                break;
            }
            let commit = self.pending.pop_front().unwrap_or_default();
            out.push(self.payloads.remove(&commit).unwrap_or_default());
            self.records.remove(&commit);
            if forget {
                self.parts.remove(&commit);
            }
        }
        out
    }

    /// What every remaining whole commit holds; and for each commit missing a part, why,
    /// with the records that were read of it.
    fn finish(mut self) -> (Vec<P>, Vec<Incomplete>) {
        let (mut whole, mut incomplete) = (Vec::new(), Vec::new());
        for commit in std::mem::take(&mut self.pending) {
            let payload = self.payloads.remove(&commit).unwrap_or_default();
            if self.is_whole(&commit) {
                whole.push(payload);
                continue;
            }
            let parts = &self.parts[&commit];
            let error = CodecError::IncompleteCommit {
                commit: commit.clone(),
                found: parts.seen.len(),
                expected: parts.expected,
            };
            incomplete.push((error, self.records.remove(&commit).unwrap_or_default()));
        }
        (whole, incomplete)
    }
}

/// A commit missing a part: why, and the records (place read, log position) read of it.
type Incomplete = (CodecError, Vec<(usize, u64)>);

/// A record left out because another part of its commit is damaged or missing.
fn left_out(record: usize, position: u64, error: &CodecError) -> Skipped {
    Skipped { record, position, problem: SkipProblem::Incomplete, reason: format!("left out with its commit: {error}") }
}

/// Reads a log record by record, so that it can be loaded a page at a time: only the
/// events read so far are held, never the whole raw log. A commit's parts may arrive in
/// different pages.
#[derive(Default)]
pub struct LogReader {
    skip: bool,
    /// Rescuing: records of a newer format are left out too, not refused.
    rescue: bool,
    next_record: usize,
    commits: Assembly<Vec<(Event, u64)>>,
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

    /// A reader that gets out whatever can be read, for a rescue: every record this build
    /// cannot read — damaged, or written by a newer build — is left out and reported.
    pub fn rescuing() -> Self {
        Self { skip: true, rescue: true, ..Self::default() }
    }

    /// Reads the next record in key order, as if stored at the next position from 1.
    pub fn read(&mut self, text: &str) -> Result<(), CodecError> {
        self.read_at(self.next_record as u64 + 1, text)
    }

    /// Reads the next record in key order, stored at `position`.
    pub fn read_at(&mut self, position: u64, text: &str) -> Result<(), CodecError> {
        let record = self.next_record;
        self.next_record += 1;
        // Errors name the record by its log position, as the person reading them sees it.
        match read_chunk(usize::try_from(position).unwrap_or(usize::MAX), text, &mut self.commits.parts) {
            Ok(None) => Ok(()),
            Ok(Some((commit, batch))) => {
                self.commits.add(commit, record, position).extend(batch.into_iter().map(|e| (e, position)));
                Ok(())
            }
            Err(error) if self.skip && (self.rescue || !error.is_from_newer_build()) => {
                self.skipped.push(Skipped { record, position, problem: error.problem(), reason: error.to_string() });
                Ok(())
            }
            Err(error) => Err(error),
        }
    }

    /// Notes a record the store could not hand over as text (or that lies under a key
    /// that is no log position): it is left out like a damaged one. Its commit cannot be
    /// told, so its other parts are left out when they are found incomplete.
    pub fn unreadable(&mut self, position: u64, problem: SkipProblem, reason: String) {
        // A page boundary may hand the same stray record over twice: it is told once.
        if self.skipped.iter().any(|s| s.position == position && s.problem == problem && s.reason == reason) {
            return;
        }
        let record = self.next_record;
        self.next_record += 1;
        self.skipped.push(Skipped { record, position, problem, reason });
    }

    /// Hands out the commits read whole so far, in the order they were written, up to the
    /// first one still missing a part: their events in fold order, with their positions.
    /// A log read this way is folded a page at a time and never held whole; what comes
    /// out is forgotten (a part of it stored again later reads as a new commit).
    pub fn drain_complete(&mut self) -> Vec<(Event, u64)> {
        let mut out: Vec<(Event, u64)> = self.commits.drain(true).into_iter().flatten().collect();
        sort::sort_by(&mut out, |(a, _), (b, _)| (a.at, &a.id).cmp(&(b.at, &b.id)));
        out.dedup_by(|(a, _), (b, _)| a.id == b.id);
        out
    }

    /// The events of every complete commit, in fold order, and what was left out.
    pub fn finish(self) -> Result<Decoded, CodecError> {
        let Self { skip, commits, mut skipped, .. } = self;
        let (whole, incomplete) = commits.finish();
        let mut events: Vec<(Event, u64)> = whole.into_iter().flatten().collect();
        for (error, records) in incomplete {
            if !skip {
                return Err(error);
            }
            skipped.extend(records.into_iter().map(|(record, position)| left_out(record, position, &error)));
        }
        sort::sort_by(&mut events, |(a, _), (b, _)| (a.at, &a.id).cmp(&(b.at, &b.id)));
        events.dedup_by(|(a, _), (b, _)| a.id == b.id);
        sort::sort_by_key(&mut skipped, |s| (s.position, s.record));
        let (events, positions) = events.into_iter().unzip();
        Ok(Decoded { events, positions, skipped })
    }
}

/// Reads a log to copy it out (a backup): the events of each whole commit as the JSON text
/// they were stored in, never decoded — a record whose checksum holds is copied as it is,
/// so a backup of a big base costs little more than reading it. A record without a sum
/// (log format 1) is decoded and written again, so nothing unchecked is copied. Damage is
/// left out with its commit and reported, as [`LogReader`] does.
#[derive(Default)]
pub struct RawLogReader {
    /// Each commit's parts' events, by part number.
    commits: Assembly<BTreeMap<u32, String>>,
    skipped: Vec<Skipped>,
    next_record: usize,
}

impl std::fmt::Debug for RawLogReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawLogReader").field("records", &self.next_record).field("skipped", &self.skipped).finish()
    }
}

impl RawLogReader {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the next record in key order, stored at `position`; a record of a newer
    /// format is refused (a backup of this build could not hold it).
    pub fn read_at(&mut self, position: u64, text: &str) -> Result<(), CodecError> {
        let record = self.next_record;
        self.next_record += 1;
        let named = usize::try_from(position).unwrap_or(usize::MAX);
        match raw_chunk(named, text, &mut self.commits.parts) {
            Ok(None) => Ok(()),
            Ok(Some((commit, part, events))) => {
                self.commits.add(commit, record, position).insert(part, events);
                Ok(())
            }
            Err(error) if !error.is_from_newer_build() => {
                self.skipped.push(Skipped { record, position, problem: error.problem(), reason: error.to_string() });
                Ok(())
            }
            Err(error) => Err(error),
        }
    }

    /// As [`LogReader::unreadable`].
    pub fn unreadable(&mut self, position: u64, problem: SkipProblem, reason: String) {
        let record = self.next_record;
        self.next_record += 1;
        self.skipped.push(Skipped { record, position, problem, reason });
    }

    /// The events of the commits read whole so far, in the order they were written, up to
    /// the first one still missing a part: each commit's events as comma-separated JSON.
    pub fn drain_complete(&mut self) -> Vec<String> {
        // The parts stay known: one stored again later is not copied twice.
        self.commits.drain(false).into_iter().filter_map(joined).collect()
    }

    /// The events of the rest of the whole commits, and what was left out.
    pub fn finish(mut self) -> (Vec<String>, Vec<Skipped>) {
        let (whole, incomplete) = self.commits.finish();
        for (error, records) in incomplete {
            self.skipped.extend(records.into_iter().map(|(record, position)| left_out(record, position, &error)));
        }
        sort::sort_by_key(&mut self.skipped, |s| (s.position, s.record));
        (whole.into_iter().filter_map(joined).collect(), self.skipped)
    }
}

/// A commit's parts' events, in part order, as one comma-separated text (`None` if empty).
fn joined(parts: BTreeMap<u32, String>) -> Option<String> {
    let texts: Vec<String> = parts.into_values().filter(|t| !t.is_empty()).collect();
    (!texts.is_empty()).then(|| texts.join(","))
}

/// One record for copying: its commit, its part and its events as comma-separated JSON;
/// `None` for a part already read.
fn raw_chunk(
    record: usize,
    text: &str,
    commits: &mut HashMap<String, Parts>,
) -> Result<Option<(String, u32, String)>, CodecError> {
    if verify(record, text)? {
        let chunk = read_record(text, Reader::raw).map_err(|source| unreadable(record, text, source))?;
        if !check_part(record, (chunk.f, true), &chunk.commit, chunk.part, chunk.parts, commits)? {
            return Ok(None);
        }
        mark_seen(commits, &chunk.commit, chunk.part);
        let inside = chunk.events.trim();
        let inside = inside.strip_prefix('[').and_then(|t| t.strip_suffix(']')).unwrap_or_default().trim();
        return Ok(Some((chunk.commit.into_owned(), chunk.part, inside.to_owned())));
    }
    // Unchecked: read as the engine reads it, and written out again.
    let part = read_record(text, Reader::raw).map(|c| c.part).unwrap_or_default();
    Ok(read_chunk(record, text, commits)?.map(|(commit, events)| {
        let texts: Vec<String> = events.iter().map(ripen_json::to_string).collect();
        (commit, part, texts.join(","))
    }))
}

/// One record: its commit and events, `None` for a part already read, or why it cannot be
/// read. A damaged part still counts against its commit (as not seen).
fn read_chunk(
    record: usize,
    text: &str,
    commits: &mut HashMap<String, Parts>,
) -> Result<Option<(String, Vec<Event>)>, CodecError> {
    let summed = verify(record, text)?;
    // One pass over the text for a sound record (nearly all of them); the two-step read
    // below only runs to say exactly what is wrong with the events of one that is not.
    if let Ok(chunk) = read_record(text, Vec::<Event>::read_json) {
        if !check_part(record, (chunk.f, summed), &chunk.commit, chunk.part, chunk.parts, commits)? {
            return Ok(None);
        }
        mark_seen(commits, &chunk.commit, chunk.part);
        return Ok(Some((chunk.commit.into_owned(), chunk.events)));
    }
    let chunk = read_record(text, Reader::raw).map_err(|source| unreadable(record, text, source))?;
    if !check_part(record, (chunk.f, summed), &chunk.commit, chunk.part, chunk.parts, commits)? {
        return Ok(None);
    }
    let batch: Vec<Event> =
        ripen_json::from_str(chunk.events).map_err(|source| explain(record, chunk.events, source))?;
    mark_seen(commits, &chunk.commit, chunk.part);
    Ok(Some((chunk.commit.into_owned(), batch)))
}

/// Checks a record's header against the other parts of its commit: the log format (and
/// that a record of the current one carried its sum), the part number, the part count
/// they agree on. `Ok(false)` for a part already read.
fn check_part(
    record: usize,
    (format, summed): (u32, bool),
    commit: &str,
    part: u32,
    parts: u32,
    commits: &mut HashMap<String, Parts>,
) -> Result<bool, CodecError> {
    if format != LOG_FORMAT && format != LEGACY_LOG_FORMAT {
        return Err(CodecError::UnknownFormat { record, found: format });
    }
    if format == LOG_FORMAT && !summed {
        return Err(CodecError::Checksum { record });
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

/// A record that is no chunk of any format this build knows: one of a newer format (whose
/// layout may differ in anything but its `f`), or damage.
fn unreadable(record: usize, text: &str, source: ripen_json::Error) -> CodecError {
    let format = || -> Result<Option<u32>, ripen_json::Error> {
        let mut r = Reader::new(text);
        r.object()?;
        while let Some(key) = r.key()? {
            if key == "f" {
                return u32::read_json(&mut r).map(Some);
            }
            r.skip()?;
        }
        Ok(None)
    };
    match format() {
        Ok(Some(found)) if found > LOG_FORMAT => CodecError::UnknownFormat { record, found },
        _ => CodecError::Json { record, source },
    }
}

/// On the failure path only: tells an event type from a newer build apart from damage.
fn explain(record: usize, events: &str, source: ripen_json::Error) -> CodecError {
    match first_unknown_type(events) {
        Some(kind) => CodecError::UnknownEventType { record, kind },
        None => CodecError::Json { record, source },
    }
}

/// The first event type in an array of events (the key inside each one's `ev`) that this
/// build does not know, as far as the text can be read.
pub(crate) fn first_unknown_type(events: &str) -> Option<String> {
    let mut r = Reader::new(events);
    r.array().ok()?;
    while r.item().ok()? {
        r.object().ok()?;
        while let Some(key) = r.key().ok()? {
            if key != "ev" {
                r.skip().ok()?;
                continue;
            }
            r.object().ok()?;
            while let Some(tag) = r.key().ok()? {
                if !EventPayload::TYPES.contains(&&*tag) {
                    return Some(tag.into_owned());
                }
                r.skip().ok()?;
            }
        }
    }
    None
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
    fn an_envelope_names_the_commit_and_part_and_carries_the_checked_sum() {
        let events = many(3_000);
        let records = encode_commit(&events);
        let second = envelope(&records[1]).unwrap();
        assert_eq!((second.format, second.part, second.parts as usize), (LOG_FORMAT, 1, records.len()));
        assert_eq!(second.commit, events[0].id.to_string());
        assert_eq!(Some(second.sum), record_checksum(&records[1]));
        let flipped = records[1].replacen("Клиент", "Кли3нт", 1);
        assert!(matches!(envelope(&flipped), Err(CodecError::Checksum { .. })));
        let legacy = r#"{"f":1,"commit":"a.1","part":0,"parts":1,"events":[]}"#;
        assert_eq!(envelope(legacy).unwrap().sum, Checksum::of(legacy.as_bytes()));
        let newer = r#"{"f":9,"commit":"a.1","part":0,"parts":1,"events":[]}"#;
        assert!(envelope(newer).unwrap_err().is_from_newer_build());
        assert!(matches!(envelope(r#"{"f":1,"commit":"a.1","part":2,"parts":2}"#), Err(CodecError::BadPart { .. })));
    }

    #[test]
    fn stored_size_counts_two_bytes_a_unit_for_non_latin_text() {
        assert_eq!(stored_size("abc"), 3);
        assert_eq!(stored_size("ябл"), 6);
        assert_eq!(stored_size("a\u{1F4DE}"), 6);
    }

    /// A record edited by hand and given a matching sum: what gets past the checksum.
    fn resummed(record: &str) -> String {
        summed(&record[SUMMED_FROM..])
    }

    #[test]
    fn damaged_logs_are_refused_with_the_reason() {
        let records = encode_commit(&many(3_000));
        assert!(records.len() >= 3);
        let flipped = {
            let mut bytes = records[1].clone().into_bytes();
            let middle = bytes.len() / 2;
            bytes[middle] ^= 0x01;
            String::from_utf8(bytes).unwrap()
        };
        let foreign_sum = records[0].replacen(&records[0][14..46], &records[1][14..46], 1);
        type Case<'a> = (&'a str, Vec<String>, SkipProblem);
        let cases: Vec<Case<'_>> = vec![
            ("a missing part", vec![records[0].clone(), records[2].clone()], SkipProblem::Incomplete),
            (
                "a duplicated part hiding a missing one",
                vec![records[0].clone(), records[0].clone(), records[2].clone()],
                SkipProblem::Incomplete,
            ),
            ("a flipped bit", vec![records[0].clone(), flipped], SkipProblem::Checksum),
            ("a truncated record", vec![records[0][..records[0].len() - 9].to_owned()], SkipProblem::Checksum),
            ("the sum of another record", vec![foreign_sum], SkipProblem::Checksum),
            (
                "format 2 without its sum",
                vec![format!(r#"{{"f":2,{}"#, &records[0][SUMMED_FROM..])],
                SkipProblem::Checksum,
            ),
            (
                "a part beyond the count",
                vec![resummed(&records[0].replace(r#""part":0"#, r#""part":99"#))],
                SkipProblem::Part,
            ),
            (
                "parts disagreeing on the count",
                vec![records[0].clone(), resummed(&records[1].replace(r#""parts":"#, r#""parts":1"#))],
                SkipProblem::Part,
            ),
            ("format zero", vec![records[0].replace(r#"{"f":2,"sum":"#, r#"{"f":0,"sum":"#)], SkipProblem::Format),
            ("not JSON", vec!["{ not json".into()], SkipProblem::Unreadable),
            ("JSON but no record", vec!["[1,2,3]".into()], SkipProblem::Unreadable),
            (
                "an event tag the format never had",
                vec![resummed(&encode_commit(&many(1))[0].replace("client_added", "client_levitated"))],
                SkipProblem::UnknownEvent,
            ),
        ];
        for (what, damaged, problem) in cases {
            let error = decode_log(&damaged).expect_err(what);
            assert_eq!(error.problem(), problem, "{what}: got {error}");
            assert!(!error.is_from_newer_build(), "{what}");
            // Read past: nothing of a damaged commit comes through, and each record is told.
            let decoded = decode_log_skipping(&damaged).unwrap();
            assert!(decoded.events.is_empty(), "{what}");
            // (a part stored twice is read once, so it is not told twice)
            let distinct: std::collections::BTreeSet<&String> = damaged.iter().collect();
            assert_eq!(decoded.skipped.len(), distinct.len(), "{what}: {:?}", decoded.skipped);
            assert!(decoded.skipped.iter().any(|s| s.problem == problem), "{what}: {:?}", decoded.skipped);
        }
    }

    #[test]
    fn a_damaged_commit_leaves_the_others_whole() {
        let good = encode_commit(&many(2));
        let bad = encode_commit(&[event(10, "X")]).remove(0).replacen("X\"", "Y\"", 1);
        let decoded = decode_log_skipping([good[0].as_str(), bad.as_str()]).unwrap();
        assert_eq!(decoded.events, many(2));
        assert_eq!(decoded.skipped.len(), 1);
        assert_eq!((decoded.skipped[0].record, decoded.skipped[0].position), (1, 2));
        assert_eq!(decoded.skipped[0].problem, SkipProblem::Checksum);
    }

    #[test]
    fn the_sum_covers_every_byte_after_it() {
        let record = encode_commit(&many(1)).remove(0);
        assert!(record.starts_with(SUMMED_PREFIX));
        assert_eq!(record_checksum(&record), Some(Checksum::of(&record.as_bytes()[SUMMED_FROM..])));
        for i in SUMMED_FROM..record.len() {
            let mut bytes = record.clone().into_bytes();
            bytes[i] ^= 0x20;
            let Ok(text) = String::from_utf8(bytes) else { continue };
            assert!(decode_log(&[text]).is_err(), "a change at byte {i} went unnoticed");
        }
    }

    #[test]
    fn a_log_copied_raw_holds_what_decoding_it_gives() {
        let summed = encode_commit(&many(3_000));
        let legacy: Vec<String> = encode_commit(&[event(9_001, "Старый"), event(9_002, "Формат")])
            .iter()
            .map(|r| format!(r#"{{"f":1,{}"#, &r[SUMMED_FROM..]))
            .collect();
        let damaged = encode_commit(&[event(9_100, "X")]).remove(0).replacen("X\"", "Y\"", 1);
        let mut records: Vec<String> = summed.clone();
        records.insert(1, summed[0].clone()); // a part stored twice
        records.extend(legacy);
        records.push(damaged);
        let mut raw = RawLogReader::new();
        let mut copied = Vec::new();
        for (i, record) in records.iter().enumerate() {
            raw.read_at(i as u64 + 1, record).unwrap();
            copied.extend(raw.drain_complete());
        }
        let (rest, skipped) = raw.finish();
        copied.extend(rest);
        let copied: Vec<Event> = ripen_json::from_str(&format!("[{}]", copied.join(","))).unwrap();
        let decoded = decode_log_skipping(&records).unwrap();
        assert_eq!(copied, decoded.events, "the same events (both in fold order here)");
        assert_eq!(
            skipped.iter().map(|s| (s.position, s.problem)).collect::<Vec<_>>(),
            decoded.skipped.iter().map(|s| (s.position, s.problem)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn records_of_the_format_before_sums_still_read() {
        let legacy = format!(r#"{{"f":1,{}"#, &encode_commit(&many(2))[0][SUMMED_FROM..]);
        assert_eq!(decode_log(&[legacy]).unwrap(), many(2));
    }

    #[test]
    fn a_commit_stored_twice_is_read_once() {
        let records = encode_commit(&many(3));
        let twice = [records.clone(), records].concat();
        assert_eq!(decode_log(&twice).unwrap(), many(3));
    }

    #[test]
    fn only_a_newer_format_marker_means_a_newer_build() {
        for newer_format in [r#"{"f":3,"commit":"x.1","part":0,"parts":1,"events":[]}"#, r#"{"f":3,"new":"shape"}"#] {
            assert!(decode_log(&[newer_format]).unwrap_err().is_from_newer_build(), "{newer_format}");
            assert!(decode_log_skipping([newer_format]).unwrap_err().is_from_newer_build(), "{newer_format}");
        }
        let strange_tag = resummed(&encode_commit(&many(1))[0].replace("client_added", "touch_planned"));
        let error = decode_log(&[strange_tag]).unwrap_err();
        assert!(matches!(&error, CodecError::UnknownEventType { kind, .. } if kind == "touch_planned"), "{error}");
        assert!(!error.is_from_newer_build());
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
        let json = serde_json::from_str::<serde_json::Value>(&ripen_json::to_string(&event(1, "A"))).unwrap();
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
