//! Checkpoints: the whole state as of a log position, written so that opening reads it and
//! the log after it instead of folding the whole log. A checkpoint is a cache of the fold:
//! a damaged one is dropped and the log folded again.
//!
//! Layout: a header, then blocks (tag, length, contents). Settings and clients are JSON
//! (their serde shapes, as in events); the bulk — cards, touches, stage moves, the history
//! index and the applied-event runs — is packed binary: numbers as varints, times and
//! counters as deltas from the row before, repeated ids as numbers into a table. Writing goes a bounded slice at a
//! time ([`CheckpointWriter::step`]) so the page stays responsive.
//!
//! Every part starts with the checksum of the rest of it ([`crate::checksum`]), and the
//! first part states the log position the checkpoint covers, under the sum: a flipped bit
//! or a header edited to say it covers more is found, and the checkpoint dropped.

use crate::log::checksum::{Checksum, CHECKSUM_BYTES};
use crate::model::client::Client;
use crate::model::event::Slot;
use crate::model::import::ImportEntry;
use crate::model::people::People;
use crate::model::pipeline::{Card, CardPosition, Pipeline, PipelineBook};
use crate::model::policy::Policy;
use crate::model::relationship::{Relationship, RelationshipBook};
use crate::model::routing::Routing;
use crate::model::sales_plan::SalesPlan;
use crate::model::stimuli::Stimuli;
use crate::state::applied::AppliedEvents;
use crate::state::bytes::{PackedRows, Reader, Writer};
use crate::state::interner::Interner;
use crate::state::moves::MoveLog;
use crate::state::touch_book::TouchBook;
use crate::state::CrmState;
use crate::values::clock::Hlc;
use crate::values::ids::{ClientId, EventId, PipelineId, StageId, TeamId, UserId};
use serde::{Deserialize, Serialize};

pub use crate::state::bytes::CheckpointError;

/// Marks a checkpoint, and its layout version: a checkpoint of another layout is not read
/// (the log is folded instead, and a new checkpoint written).
const MAGIC: &[u8; 8] = b"RIPENCK2";

/// The layout before parts carried checksums (schema 2's builds): still read.
const LEGACY_MAGIC: &[u8; 8] = b"RIPENCK1";

/// A checkpoint as stored: the log position it covers (every record up to it is folded
/// in) and its bytes, in parts of a few hundred kilobytes at most (what one writing step
/// made), so that it is stored and read a part at a time and never needs one buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub covers: u64,
    pub parts: Vec<Vec<u8>>,
}

impl Checkpoint {
    pub fn len(&self) -> usize {
        self.parts.iter().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Hands the checkpoint to `sink` as a store does when loading it.
    pub fn feed(&self, sink: &mut dyn CheckpointSink) {
        sink.begin(self.covers, self.len());
        for part in &self.parts {
            sink.part(part);
        }
    }
}

/// Where a store hands a saved checkpoint, a part at a time.
pub trait CheckpointSink {
    /// Called first: the position it covers and its size in bytes.
    fn begin(&mut self, covers: u64, bytes: usize);
    /// Then each part, in order.
    fn part(&mut self, part: &[u8]);
}

const SETTINGS: u8 = 1;
const CLIENTS: u8 = 2;
const CARDS: u8 = 3;
const TOUCH_TABLES: u8 = 4;
const TOUCH_ROWS: u8 = 5;
const MOVE_TABLES: u8 = 6;
const MOVE_ROWS: u8 = 7;
const RECORDS: u8 = 8;
const APPLIED: u8 = 9;
const END: u8 = 0;

/// What one step writes: each stays within a frame (measured by `cargo xtask bench`).
const CLIENTS_PER_STEP: usize = 500;
const CARDS_PER_STEP: usize = 4_000;
const ROWS_PER_STEP: usize = 20_000;
const RECORDS_PER_STEP: usize = 5_000;

/// The small part of the state, as JSON.
#[derive(Serialize, Deserialize)]
struct Settings {
    policy: Policy,
    plans: Vec<SalesPlan>,
    stimuli: Vec<((PipelineId, StageId), Vec<String>)>,
    pipelines: Vec<Pipeline>,
    relationships: Vec<Relationship>,
    people: People,
    routing: Option<Routing>,
    loads: Vec<(UserId, u32)>,
    last_served: Vec<(TeamId, UserId)>,
    merged: Vec<(ClientId, Vec<ClientId>)>,
    merged_into: Vec<(ClientId, ClientId)>,
    settings_writers: Vec<(Slot, EventId)>,
    reverts: Vec<(EventId, EventId)>,
    reverted_by: Vec<(EventId, EventId)>,
    newest: Option<(Hlc, EventId)>,
    /// Left out while empty, so checkpoints of bases that never imported keep the layout
    /// schema 2 first wrote.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    imports: Vec<ImportEntry>,
    /// How many clients follow, so their list is allocated once.
    clients: usize,
}

fn sorted<K: Ord + Clone, V: Clone>(map: &rustc_hash::FxHashMap<K, V>) -> Vec<(K, V)> {
    let mut entries: Vec<(K, V)> = map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Settings,
    Applied,
    Clients,
    Cards,
    Touches,
    Moves,
    Records,
    Done,
}

/// Writes a checkpoint of a state a slice at a time. The state must not change between
/// steps (the engine holds its write queue meanwhile); it is passed to every step rather
/// than held, so it can still be read in between.
#[derive(Debug)]
pub struct CheckpointWriter {
    covers: u64,
    stage: Stage,
    cursor: usize,
    out: Writer,
    parts: Vec<Vec<u8>>,
    /// Clients that have cards or history but are not in the client list (a hand-made or
    /// merged log may have them); the rest go in the client list's order, which needs no
    /// sorting. Looked for only when the list did not account for everything.
    strays: Vec<ClientId>,
    strays_sought: bool,
    /// Entries written in this stage so far.
    found: usize,
}

impl CheckpointWriter {
    pub fn new(covers: u64) -> Self {
        let mut out = Writer::default();
        out.bytes.extend_from_slice(MAGIC);
        out.u64(covers);
        let strays = Vec::new();
        Self {
            covers,
            stage: Stage::Settings,
            cursor: 0,
            out,
            parts: Vec::new(),
            strays,
            strays_sought: false,
            found: 0,
        }
    }

    /// Writes the next slice (one part); `true` once the checkpoint is complete.
    pub fn step(&mut self, state: &CrmState) -> bool {
        self.write_slice(state);
        self.parts.push(sealed(&self.out.bytes));
        self.out.bytes.clear();
        self.stage == Stage::Done
    }

    fn write_slice(&mut self, state: &CrmState) {
        let out = &mut self.out;
        match self.stage {
            Stage::Settings => {
                let settings = Settings {
                    policy: state.policy.clone(),
                    plans: state.plans.clone(),
                    stimuli: state.stimuli.entries(),
                    pipelines: state.pipelines.all().to_vec(),
                    relationships: state.relationships.all().cloned().collect(),
                    people: state.people.clone(),
                    routing: state.routing.clone(),
                    loads: sorted(&state.loads),
                    last_served: sorted(&state.last_served),
                    merged: sorted(&state.merged),
                    merged_into: sorted(&state.merged_into),
                    settings_writers: {
                        let mut writers: Vec<(Slot, EventId)> =
                            state.settings_writers.iter().map(|(s, e)| (s.clone(), e.clone())).collect();
                        writers.sort_by(|a, b| a.1.cmp(&b.1));
                        writers
                    },
                    reverts: sorted(&state.reverts),
                    reverted_by: sorted(&state.reverted_by),
                    newest: state.newest.clone(),
                    imports: state.imports.clone(),
                    clients: state.clients.len(),
                };
                out.block(SETTINGS, |w| json(w, &settings));
                self.next(Stage::Applied);
            }
            Stage::Applied => {
                out.block(APPLIED, |w| state.applied.write(w));
                self.next(Stage::Clients);
            }
            Stage::Clients => {
                let end = (self.cursor + CLIENTS_PER_STEP).min(state.clients.len());
                out.block(CLIENTS, |w| json(w, &state.clients[self.cursor..end]));
                self.cursor = end;
                if end == state.clients.len() {
                    self.next(Stage::Cards);
                }
            }
            Stage::Cards => {
                let (clients, end) = slice(self.cursor, &self.strays, state, CARDS_PER_STEP);
                let cards: Vec<&Card> = clients
                    .iter()
                    .flat_map(|client| state.pipelines.all().iter().filter_map(|p| state.pipelines.card(client, &p.id)))
                    .collect();
                self.found += cards.len();
                out.block(CARDS, |w| write_cards(w, &cards));
                self.cursor = end;
                let all = state.pipelines.card_count();
                if self.at_end(state, all, || strays(state, state.pipelines.cards_unordered().map(|c| &c.client))) {
                    self.next(Stage::Touches);
                }
            }
            Stage::Touches => {
                if packed_step(out, &mut self.cursor, &state.touches, [TOUCH_TABLES, TOUCH_ROWS]) {
                    self.next(Stage::Moves);
                }
            }
            Stage::Moves => {
                if packed_step(out, &mut self.cursor, &state.moves, [MOVE_TABLES, MOVE_ROWS]) {
                    self.next(Stage::Records);
                }
            }
            Stage::Records => {
                let (clients, end) = slice(self.cursor, &self.strays, state, RECORDS_PER_STEP);
                let indexed: Vec<(&ClientId, &Vec<u32>)> =
                    clients.iter().filter_map(|c| state.client_records.get_key_value(*c)).collect();
                self.found += indexed.len();
                out.block(RECORDS, |w| {
                    w.len(indexed.len());
                    for (client, positions) in indexed {
                        w.str(client.as_str());
                        w.len(positions.len());
                        let mut previous = 0u32;
                        for &position in positions {
                            w.varint(u64::from(position.wrapping_sub(previous)));
                            previous = position;
                        }
                    }
                });
                self.cursor = end;
                if self.at_end(state, state.client_records.len(), || strays(state, state.client_records.keys())) {
                    // The end states how many blocks came before it: a part lost is noticed.
                    let blocks = self.out.blocks;
                    self.out.block(END, |w| w.u64(blocks));
                    self.next(Stage::Done);
                }
            }
            Stage::Done => {}
        }
    }

    fn next(&mut self, stage: Stage) {
        self.stage = stage;
        self.cursor = 0;
        self.strays = Vec::new();
        self.strays_sought = false;
        self.found = 0;
    }

    /// Whether a stage that goes client by client is done: every listed client and stray
    /// written, and `all` entries found — else the strays are sought once and written next.
    fn at_end(&mut self, state: &CrmState, all: usize, seek: impl FnOnce() -> Vec<ClientId>) -> bool {
        if self.cursor < state.clients.len() + self.strays.len() {
            return false;
        }
        if self.found < all && !self.strays_sought {
            self.strays = seek();
            self.strays_sought = true;
            return self.strays.is_empty();
        }
        true
    }

    /// The finished checkpoint (call once [`CheckpointWriter::step`] said it is complete).
    pub fn finish(self) -> Checkpoint {
        Checkpoint { covers: self.covers, parts: self.parts }
    }
}

/// A part as stored: the checksum of `bytes`, then `bytes`.
fn sealed(bytes: &[u8]) -> Vec<u8> {
    let mut part = Vec::with_capacity(CHECKSUM_BYTES + bytes.len());
    part.extend_from_slice(&Checksum::of(bytes).to_le_bytes());
    part.extend_from_slice(bytes);
    part
}

/// The bytes of a stored part, once they match their checksum.
fn unsealed(part: &[u8], index: usize) -> Result<&[u8], CheckpointError> {
    let (sum, bytes) = part.split_at_checked(CHECKSUM_BYTES).ok_or(CheckpointError::Checksum { part: index })?;
    let sum: [u8; CHECKSUM_BYTES] = sum.try_into().map_err(|_| CheckpointError::Checksum { part: index })?;
    if Checksum::from_le_bytes(sum) != Checksum::of(bytes) {
        return Err(CheckpointError::Checksum { part: index });
    }
    Ok(bytes)
}

/// Writes the next block of `table`'s rows from `cursor` (its tables before the first);
/// `true` once every row is written.
fn packed_step(out: &mut Writer, cursor: &mut usize, table: &impl PackedRows, [tables, rows]: [u8; 2]) -> bool {
    if *cursor == 0 {
        out.block(tables, |w| table.write_tables(w));
    }
    let end = (*cursor + ROWS_PER_STEP).min(table.row_count());
    out.block(rows, |w| table.write_rows(w, *cursor..end));
    *cursor = end;
    end == table.row_count()
}

/// The next `count` clients from `cursor`: the client list, then the strays.
fn slice<'s>(cursor: usize, strays: &'s [ClientId], state: &'s CrmState, count: usize) -> (Vec<&'s ClientId>, usize) {
    let end = (cursor + count).min(state.clients.len() + strays.len());
    let listed = state.clients.iter().map(|c| &c.id);
    (listed.chain(strays).skip(cursor).take(end - cursor).collect(), end)
}

/// The clients among `ids` missing from the client list, sorted, each once.
fn strays<'s>(state: &CrmState, ids: impl Iterator<Item = &'s ClientId>) -> Vec<ClientId> {
    let mut strays: Vec<ClientId> = ids.filter(|id| !state.client_index.contains_key(*id)).cloned().collect();
    strays.sort();
    strays.dedup();
    strays
}

/// Writes `state` as a checkpoint in one go (tests, and hosts that need not yield).
pub fn write(state: &CrmState, covers: u64) -> Checkpoint {
    let mut writer = CheckpointWriter::new(covers);
    while !writer.step(state) {}
    writer.finish()
}

fn json<T: Serialize + ?Sized>(w: &mut Writer, value: &T) {
    // Serialising our own plain data types into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut w.bytes, value);
}

fn from_json<'a, T: Deserialize<'a>>(block: &Reader<'a>, what: &str) -> Result<T, CheckpointError> {
    serde_json::from_slice(block.rest()).map_err(|e| CheckpointError::Damaged(format!("{what}: {e}")))
}

/// Reads a checkpoint back, a part at a time, into the state it was written from.
#[derive(Debug, Default)]
pub struct CheckpointReader {
    state: CrmState,
    covers: u64,
    /// A row of any kind takes at least 8 bytes: no damaged count reserves more than this.
    max_rows: usize,
    started: bool,
    /// Written by a build before parts carried checksums.
    legacy: bool,
    parts: usize,
    ended: bool,
    blocks: u64,
    settings: Option<Settings>,
    cards: Vec<Card>,
    touches: Option<TouchBook>,
    moves: Option<MoveLog>,
    error: Option<CheckpointError>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Settings")
    }
}

impl CheckpointSink for CheckpointReader {
    fn begin(&mut self, covers: u64, bytes: usize) {
        self.covers = covers;
        self.max_rows = bytes / 8;
    }

    fn part(&mut self, part: &[u8]) {
        if self.error.is_none() {
            if let Err(error) = self.read_part(part) {
                self.error = Some(error);
            }
        }
    }
}

impl CheckpointReader {
    pub fn new() -> Self {
        Self::default()
    }

    fn read_part(&mut self, part: &[u8]) -> Result<(), CheckpointError> {
        let index = self.parts;
        self.parts += 1;
        if !self.started && part.starts_with(LEGACY_MAGIC) {
            self.legacy = true;
        }
        let bytes = if self.legacy { part } else { self.first_unsealed(part, index)? };
        let mut r = Reader::new(bytes);
        if !self.started {
            let magic = if self.legacy { LEGACY_MAGIC } else { MAGIC };
            if r.take(magic.len()).map_err(|_| CheckpointError::Unknown)? != magic {
                return Err(CheckpointError::Unknown);
            }
            if !self.legacy {
                let contents = r.u64()?;
                if contents != self.covers {
                    return Err(CheckpointError::CoversDisagree { header: self.covers, contents });
                }
            }
            self.started = true;
        }
        while !r.is_empty() {
            if self.ended {
                return Err(CheckpointError::Damaged("bytes after its end".into()));
            }
            let (tag, mut block) = r.block()?;
            self.read_block(tag, &mut block)?;
            self.blocks += 1;
        }
        Ok(())
    }

    /// A part's bytes under its checksum; the first part of something that is no
    /// checkpoint at all is `Unknown` rather than damaged.
    fn first_unsealed<'p>(&self, part: &'p [u8], index: usize) -> Result<&'p [u8], CheckpointError> {
        match unsealed(part, index) {
            Err(_) if !self.started && part.get(CHECKSUM_BYTES..CHECKSUM_BYTES + MAGIC.len()) != Some(MAGIC) => {
                Err(CheckpointError::Unknown)
            }
            read => read,
        }
    }

    fn read_block(&mut self, tag: u8, block: &mut Reader<'_>) -> Result<(), CheckpointError> {
        let state = &mut self.state;
        match tag {
            END => {
                if block.u64()? != self.blocks {
                    return Err(CheckpointError::Damaged("blocks are missing".into()));
                }
                self.ended = true;
            }
            SETTINGS => {
                let read: Settings = from_json(block, "settings")?;
                state.clients.reserve_exact(read.clients.min(self.max_rows));
                self.settings = Some(read);
            }
            APPLIED => state.applied = AppliedEvents::read(block)?,
            CLIENTS => {
                for client in from_json::<Vec<Client>>(block, "clients")? {
                    state.client_index.insert(client.id.clone(), state.clients.len());
                    state.clients.push(client);
                }
            }
            CARDS => read_cards(block, &mut self.cards, state)?,
            TOUCH_TABLES => self.touches = Some(TouchBook::read_tables(block, self.max_rows)?),
            TOUCH_ROWS => self.touches.as_mut().ok_or_else(|| out_of_order("touch rows"))?.read_rows(block)?,
            MOVE_TABLES => self.moves = Some(MoveLog::read_tables(block, self.max_rows)?),
            MOVE_ROWS => self.moves.as_mut().ok_or_else(|| out_of_order("stage moves"))?.read_rows(block)?,
            RECORDS => {
                for _ in 0..block.len()? {
                    let client = shared_id(state, block.str()?)?;
                    let mut previous = 0u32;
                    let positions = (0..block.len()?)
                        .map(|_| {
                            previous = previous.wrapping_add(block.varint32()?);
                            Ok(previous)
                        })
                        .collect::<Result<Vec<u32>, CheckpointError>>()?;
                    state.client_records.insert(client, positions);
                }
            }
            other => return Err(CheckpointError::Damaged(format!("an unknown block {other}"))),
        }
        Ok(())
    }

    /// The state, and the log position it covers.
    pub fn finish(self) -> Result<(CrmState, u64), CheckpointError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        if !self.ended {
            return Err(CheckpointError::Truncated);
        }
        let mut state = self.state;
        let settings = self.settings.ok_or_else(|| out_of_order("settings"))?;
        let shared = |id: &ClientId| state.client_index.get_key_value(id).map(|(shared, _)| shared.clone());
        let mut touches = self.touches.ok_or_else(|| out_of_order("touches"))?;
        touches.finish_reading(shared);
        let mut moves = self.moves.ok_or_else(|| out_of_order("stage moves"))?;
        moves.finish_reading(shared);
        if state.clients.len() != settings.clients {
            return Err(CheckpointError::Damaged("clients are missing".into()));
        }
        (state.touches, state.moves) = (touches, moves);
        state.policy = settings.policy;
        state.plans = settings.plans;
        state.stimuli = Stimuli::from_entries(settings.stimuli);
        state.pipelines = PipelineBook::from_parts(settings.pipelines, self.cards);
        state.relationships = RelationshipBook::default();
        for relationship in &settings.relationships {
            state.relationships.insert(relationship);
        }
        state.people = settings.people;
        state.routing = settings.routing;
        state.imports = settings.imports;
        state.loads = settings.loads.into_iter().collect();
        state.last_served = settings.last_served.into_iter().collect();
        state.merged = settings.merged.into_iter().collect();
        state.merged_into = settings.merged_into.into_iter().collect();
        state.settings_writers = settings.settings_writers.into_iter().collect();
        state.reverts = settings.reverts.into_iter().collect();
        state.reverted_by = settings.reverted_by.into_iter().collect();
        state.newest = settings.newest;
        state.revisions = vec![0; state.clients.len()];
        Ok((state, self.covers))
    }
}

/// A client id read back, sharing the text of the listed client's id when there is one:
/// the same id held in five indexes costs one allocation, not five.
fn shared_id(state: &CrmState, text: &str) -> Result<ClientId, CheckpointError> {
    let id: ClientId = text.parse().map_err(|_| CheckpointError::Damaged("a client id".into()))?;
    Ok(state.client_index.get_key_value(&id).map_or(id, |(shared, _)| shared.clone()))
}

/// Reads a whole checkpoint back (tests, tools).
pub fn read(checkpoint: &Checkpoint) -> Result<CrmState, CheckpointError> {
    let mut reader = CheckpointReader::new();
    checkpoint.feed(&mut reader);
    reader.finish().map(|(state, _)| state)
}

/// Cards: a table of their pipelines and positions, then per card its client, both
/// numbers and the time it got there (a delta from the card before).
fn write_cards(w: &mut Writer, cards: &[&Card]) {
    let mut pipelines: Interner<PipelineId> = Interner::default();
    let mut positions: Interner<CardPosition> = Interner::default();
    let numbered: Vec<(u32, u32)> =
        cards.iter().map(|c| (pipelines.number(&c.pipeline), positions.number(&c.position))).collect();
    w.strs(pipelines.values().iter().map(PipelineId::as_str));
    w.json_strs(positions.values());
    w.len(cards.len());
    let mut since = 0i64;
    for (card, (pipeline, position)) in cards.iter().zip(numbered) {
        w.str(card.client.as_str());
        w.varint(u64::from(pipeline));
        w.varint(u64::from(position));
        let millis = card.since.timestamp_millis();
        w.zigzag(millis.wrapping_sub(since));
        since = millis;
    }
}

fn read_cards(r: &mut Reader<'_>, cards: &mut Vec<Card>, state: &CrmState) -> Result<(), CheckpointError> {
    let pipelines: Vec<PipelineId> = r.parsed()?;
    let positions: Vec<CardPosition> = r.json_strs("a card position")?;
    let mut since = 0i64;
    for _ in 0..r.len()? {
        let client = shared_id(state, r.str()?)?;
        let unknown = || CheckpointError::Damaged("a card names an unknown pipeline or position".into());
        let pipeline = pipelines.get(r.varint32()? as usize).ok_or_else(unknown)?.clone();
        let position = positions.get(r.varint32()? as usize).ok_or_else(unknown)?.clone();
        since = since.wrapping_add(r.zigzag()?);
        let since = chrono::DateTime::from_timestamp_millis(since).ok_or_else(unknown)?;
        cards.push(Card { client, pipeline, position, since });
    }
    Ok(())
}

fn out_of_order(what: &str) -> CheckpointError {
    CheckpointError::Damaged(format!("{what} missing or out of place"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::event::EventPayload;
    use crate::synthetic;

    #[test]
    fn a_checkpoint_reads_back_as_the_state_it_was_written_from() {
        let state = CrmState::fold(synthetic::events(3_000));
        let checkpoint = write(&state, 42);
        assert_eq!(checkpoint.covers, 42);
        let read = read(&checkpoint).unwrap();
        assert_eq!(read, state);
        assert_eq!(read.client_records, state.client_records, "the history index too");
        assert_eq!(read.applied, state.applied, "and where every event lies");
        assert_eq!(write(&read, 42), checkpoint, "written again, the same bytes");
    }

    #[test]
    fn cards_and_history_of_a_client_missing_from_the_list_are_kept_too() {
        // A hand-made log can move a card of a client it never added.
        let mut events = synthetic::events(300);
        let mut stray = events.last().unwrap().clone();
        stray.id.counter += 1_000;
        stray.at = crate::values::clock::Hlc::from((stray.at.millis + 1, 0));
        stray.payload = EventPayload::StageMoved {
            client: "cstray.1".parse().unwrap(),
            pipeline: "sales".parse().unwrap(),
            from: None,
            to: Some(CardPosition::Stage { stage: "answered".parse().unwrap() }),
            amount: Some(5),
        };
        events.push(stray);
        let state = CrmState::fold(events);
        assert!(state.pipelines.card(&"cstray.1".parse().unwrap(), &"sales".parse().unwrap()).is_some());
        let read = read(&write(&state, 1)).unwrap();
        assert_eq!(read, state);
        assert_eq!(read.client_records, state.client_records);
    }

    #[test]
    fn a_damaged_or_foreign_checkpoint_is_refused_not_misread() {
        let state = CrmState::fold(synthetic::events(500));
        let whole = write(&state, 1);
        assert!(whole.parts.len() > 3);
        let foreign = Checkpoint { covers: 1, parts: vec![b"not a checkpoint".to_vec()] };
        assert_eq!(read(&foreign).unwrap_err(), CheckpointError::Unknown);
        let mut missing = whole.clone();
        missing.parts.remove(2);
        assert!(read(&missing).is_err(), "a part left out");
        let mut truncated = whole.clone();
        truncated.parts.pop();
        assert_eq!(read(&truncated).unwrap_err(), CheckpointError::Truncated);
        // Every bit of every part is under a checksum.
        for (index, part) in whole.parts.iter().enumerate() {
            for at in [0, CHECKSUM_BYTES, CHECKSUM_BYTES + 9, part.len() / 2, part.len() - 1] {
                let mut damaged = whole.clone();
                damaged.parts[index][at] ^= 0x04;
                let error = read(&damaged).unwrap_err();
                // A first part whose magic is gone is no checkpoint at all.
                let unknown = index == 0 && (CHECKSUM_BYTES..CHECKSUM_BYTES + MAGIC.len()).contains(&at);
                let expected =
                    if unknown { CheckpointError::Unknown } else { CheckpointError::Checksum { part: index } };
                assert_eq!(error, expected, "part {index} byte {at}");
            }
            let mut cut = whole.clone();
            cut.parts[index].truncate(part.len() - 1);
            assert_eq!(read(&cut).unwrap_err(), CheckpointError::Checksum { part: index }, "part {index} cut");
        }
    }

    #[test]
    fn a_header_that_says_it_covers_more_than_was_written_is_refused() {
        let state = CrmState::fold(synthetic::events(50));
        let mut checkpoint = write(&state, 7);
        checkpoint.covers = 1_000_000;
        assert_eq!(read(&checkpoint).unwrap_err(), CheckpointError::CoversDisagree { header: 1_000_000, contents: 7 });
    }

    #[test]
    fn a_checkpoint_from_before_checksums_still_reads() {
        let state = CrmState::fold(synthetic::events(300));
        let summed = write(&state, 5);
        // The legacy layout: the same blocks, no sums, no covers under the magic.
        let mut parts: Vec<Vec<u8>> = summed.parts.iter().map(|p| p[CHECKSUM_BYTES..].to_vec()).collect();
        let first = [LEGACY_MAGIC.as_slice(), &parts[0][MAGIC.len() + 8..]].concat();
        parts[0] = first;
        assert_eq!(read(&Checkpoint { covers: 5, parts }).unwrap(), state);
    }
}
