//! Checkpoints: the whole state as of a log position, written so that opening reads it and
//! the log after it instead of folding the whole log. A checkpoint is a cache of the fold:
//! a damaged one is dropped and the log folded again.
//!
//! Layout: a header, then blocks (tag, length, contents). Settings, clients and cards are
//! JSON (their serde shapes, as in events); the bulk — touches, stage moves, the history
//! index and the applied-event runs — is packed binary. Writing goes a bounded slice at a
//! time ([`CheckpointWriter::step`]) so the page stays responsive.

pub(crate) mod bytes;

use crate::agenda::Stimuli;
use crate::applied::AppliedEvents;
use crate::client::Client;
use crate::clock::Hlc;
use crate::event::Slot;
use crate::ids::{ClientId, EventId, PipelineId, StageId, TeamId, UserId};
use crate::moves::MoveLog;
use crate::people::People;
use crate::pipeline::{Card, Pipeline, PipelineBook};
use crate::plans::SalesPlan;
use crate::policy::Policy;
use crate::relationship::{Relationship, RelationshipBook};
use crate::routing::Routing;
use crate::state::CrmState;
use crate::touch_book::TouchBook;
use bytes::{Reader, Writer};
use serde::{Deserialize, Serialize};

/// Marks a checkpoint, and its layout version: a checkpoint of another layout is not read
/// (the log is folded instead, and a new checkpoint written).
const MAGIC: &[u8; 8] = b"RIPENCK1";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    #[error("the checkpoint ends too early")]
    Truncated,
    #[error("this is not a checkpoint this build reads")]
    Unknown,
    #[error("the checkpoint is damaged: {0}")]
    Damaged(String),
}

/// A checkpoint as stored: the log position it covers (every record up to it is folded
/// in) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub covers: u64,
    pub bytes: Vec<u8>,
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

/// Rows or clients written per step: each step stays well within a frame.
const CLIENTS_PER_STEP: usize = 2_000;
const ROWS_PER_STEP: usize = 100_000;

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
}

fn sorted<K: Ord + Clone, V: Clone>(map: &rustc_hash::FxHashMap<K, V>) -> Vec<(K, V)> {
    let mut entries: Vec<(K, V)> = map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Settings,
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
}

impl CheckpointWriter {
    pub fn new(covers: u64) -> Self {
        let mut out = Writer::default();
        out.bytes.extend_from_slice(MAGIC);
        Self { covers, stage: Stage::Settings, cursor: 0, out }
    }

    /// Writes the next slice; `true` once the checkpoint is complete.
    pub fn step(&mut self, state: &CrmState) -> bool {
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
                };
                out.block(SETTINGS, |w| json(w, &settings));
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
                let cards: Vec<&Card> = state.pipelines.cards();
                out.block(CARDS, |w| json(w, &cards));
                self.next(Stage::Touches);
            }
            Stage::Touches => {
                let touches = &state.touches;
                if self.cursor == 0 {
                    out.block(TOUCH_TABLES, |w| touches.write_tables(w));
                }
                let end = (self.cursor + ROWS_PER_STEP).min(touches.row_count());
                out.block(TOUCH_ROWS, |w| touches.write_rows(w, self.cursor..end));
                self.cursor = end;
                if end == touches.row_count() {
                    self.next(Stage::Moves);
                }
            }
            Stage::Moves => {
                let moves = &state.moves;
                if self.cursor == 0 {
                    out.block(MOVE_TABLES, |w| moves.write_tables(w));
                }
                let end = (self.cursor + ROWS_PER_STEP).min(moves.row_count());
                out.block(MOVE_ROWS, |w| moves.write_rows(w, self.cursor..end));
                self.cursor = end;
                if end == moves.row_count() {
                    self.next(Stage::Records);
                }
            }
            Stage::Records => {
                let mut records: Vec<(&ClientId, &Vec<u32>)> = state.client_records.iter().collect();
                records.sort_by(|a, b| a.0.cmp(b.0));
                out.block(RECORDS, |w| {
                    w.len(records.len());
                    for (client, positions) in records {
                        w.str(client.as_str());
                        w.len(positions.len());
                        for &position in positions {
                            w.u32(position);
                        }
                    }
                });
                out.block(END, |_| {});
                self.next(Stage::Done);
            }
            Stage::Done => {}
        }
        self.stage == Stage::Done
    }

    fn next(&mut self, stage: Stage) {
        self.stage = stage;
        self.cursor = 0;
    }

    /// The finished checkpoint (call once [`CheckpointWriter::step`] said it is complete).
    pub fn finish(self) -> Checkpoint {
        Checkpoint { covers: self.covers, bytes: self.out.bytes }
    }
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

/// Reads a checkpoint back into the state it was written from.
pub fn read(bytes: &[u8]) -> Result<CrmState, CheckpointError> {
    let mut r = Reader::new(bytes);
    if r.take(MAGIC.len()).map_err(|_| CheckpointError::Unknown)? != MAGIC {
        return Err(CheckpointError::Unknown);
    }
    let mut state = CrmState::default();
    let mut settings: Option<Settings> = None;
    let mut cards: Vec<Card> = Vec::new();
    let mut touches: Option<TouchBook> = None;
    let mut moves: Option<MoveLog> = None;
    loop {
        let (tag, mut block) = r.block()?;
        match tag {
            END => break,
            SETTINGS => settings = Some(from_json(&block, "settings")?),
            APPLIED => state.applied = AppliedEvents::read(&mut block)?,
            CLIENTS => state.clients.extend(from_json::<Vec<Client>>(&block, "clients")?),
            CARDS => cards.extend(from_json::<Vec<Card>>(&block, "cards")?),
            TOUCH_TABLES => touches = Some(TouchBook::read_tables(&mut block)?),
            TOUCH_ROWS => touches.as_mut().ok_or_else(|| out_of_order("touch rows"))?.read_rows(&mut block)?,
            MOVE_TABLES => moves = Some(MoveLog::read_tables(&mut block)?),
            MOVE_ROWS => moves.as_mut().ok_or_else(|| out_of_order("stage moves"))?.read_rows(&mut block)?,
            RECORDS => {
                for _ in 0..block.len()? {
                    let client: ClientId =
                        block.str()?.parse().map_err(|_| CheckpointError::Damaged("a client id".into()))?;
                    let positions = (0..block.len()?).map(|_| block.u32()).collect::<Result<Vec<u32>, _>>()?;
                    state.client_records.insert(client, positions);
                }
            }
            other => return Err(CheckpointError::Damaged(format!("an unknown block {other}"))),
        }
    }
    if !r.is_empty() {
        return Err(CheckpointError::Damaged("bytes after its end".into()));
    }
    let settings = settings.ok_or_else(|| out_of_order("settings"))?;
    let mut touches = touches.ok_or_else(|| out_of_order("touches"))?;
    touches.finish_reading();
    state.touches = touches;
    state.moves = moves.ok_or_else(|| out_of_order("stage moves"))?;
    state.policy = settings.policy;
    state.plans = settings.plans;
    state.stimuli = Stimuli::from_entries(settings.stimuli);
    state.pipelines = PipelineBook::from_parts(settings.pipelines, cards);
    state.relationships = RelationshipBook::default();
    for relationship in &settings.relationships {
        state.relationships.insert(relationship);
    }
    state.people = settings.people;
    state.routing = settings.routing;
    state.loads = settings.loads.into_iter().collect();
    state.last_served = settings.last_served.into_iter().collect();
    state.merged = settings.merged.into_iter().collect();
    state.merged_into = settings.merged_into.into_iter().collect();
    state.settings_writers = settings.settings_writers.into_iter().collect();
    state.reverts = settings.reverts.into_iter().collect();
    state.reverted_by = settings.reverted_by.into_iter().collect();
    state.newest = settings.newest;
    state.client_index = state.clients.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
    state.revisions = vec![0; state.clients.len()];
    Ok(state)
}

fn out_of_order(what: &str) -> CheckpointError {
    CheckpointError::Damaged(format!("{what} missing or out of place"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic;

    #[test]
    fn a_checkpoint_reads_back_as_the_state_it_was_written_from() {
        let state = CrmState::fold(synthetic::events(3_000));
        let checkpoint = write(&state, 42);
        assert_eq!(checkpoint.covers, 42);
        let read = read(&checkpoint.bytes).unwrap();
        assert_eq!(read, state);
        assert_eq!(read.client_records, state.client_records, "the history index too");
        assert_eq!(read.applied, state.applied, "and where every event lies");
        assert_eq!(write(&read, 42), checkpoint, "written again, the same bytes");
    }

    #[test]
    fn a_damaged_or_foreign_checkpoint_is_refused_not_misread() {
        let state = CrmState::fold(synthetic::events(500));
        let bytes = write(&state, 1).bytes;
        assert_eq!(read(b"not a checkpoint").unwrap_err(), CheckpointError::Unknown);
        for cut in [8, 9, 40, bytes.len() / 2, bytes.len() - 1] {
            assert!(read(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut flipped = bytes.clone();
        let middle = flipped.len() / 2;
        for byte in &mut flipped[middle..middle + 16] {
            *byte ^= 0x5a;
        }
        // Damage in the middle is refused, or (inside a text) read as other text; never a panic.
        let _ = read(&flipped);
    }
}
