//! Writing a checkpoint while the page goes on writing: the state is written a piece at a
//! time (clients, cards, touch and move rows, the history index, each a part of its own),
//! writes may land between pieces, and whatever they changed is written again — the way a
//! live migration copies memory — until one short last step, holding the write queue,
//! writes what changed since, the small pieces (settings, applied events, the books'
//! tables) and the end. The result is the checkpoint of the state as of that last step.
//!
//! What tells a piece changed: a client's revision (the events applied when an event last
//! named it) for the pieces that go client by client, plus the revision of the last event
//! that named no client for the cards (a pipeline's change may move them); the books' own
//! change marks for their rows. The state is never copied.

use crate::log::checkpoint_layout::{
    json, sealed, settings_of, write_cards, Checkpoint, APPLIED, CARDS, CLIENTS, END, MAGIC, MOVE_CLIENTS, MOVE_ROWS,
    MOVE_TABLES, RECORDS, SETTINGS, TOUCH_CLIENTS, TOUCH_ROWS, TOUCH_TABLES,
};
use crate::model::pipeline::Card;
use crate::state::bytes::{PackedRows, Writer};
use crate::state::CrmState;
use crate::values::ids::ClientId;
use crate::values::sort;
use std::collections::BTreeMap;

/// How many entries one piece holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PieceSizes {
    pub clients: usize,
    pub cards: usize,
    /// Touch rows and stage-move rows.
    pub rows: usize,
    /// Clients' history indexes.
    pub records: usize,
    /// The ids of the clients touch rows and stage-move rows name.
    pub ids: usize,
}

impl Default for PieceSizes {
    /// Each piece written in well under a frame in wasm, so a write called meanwhile waits
    /// little (`cargo xtask bench` times writes while a checkpoint is written).
    fn default() -> Self {
        Self { clients: 250, cards: 2_000, rows: 8_000, records: 2_500, ids: 10_000 }
    }
}

/// A piece of the checkpoint written on its own, in the order the parts are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Piece {
    Clients(usize),
    Cards(usize),
    TouchClients(usize),
    TouchRows(usize),
    MoveClients(usize),
    MoveRows(usize),
    Records(usize),
}

/// A piece as written: its part, and the moment it was written.
#[derive(Debug)]
struct Written {
    part: Vec<u8>,
    /// The state's revision (events applied) then.
    revision: usize,
    /// The book's change mark then (touch and move rows).
    mark: u64,
    /// Entries of the state it accounts for (cards, history entries, rows or ids), so that
    /// cards and history of clients missing from the list are looked for only when some
    /// are not accounted for, and a block of rows or ids that grew is written again.
    found: usize,
}

/// Writes a checkpoint of a state that may change between steps (see the module's text).
/// The state is passed to every step rather than held.
#[derive(Debug, Default)]
pub struct CheckpointWriter {
    sizes: PieceSizes,
    written: BTreeMap<Piece, Written>,
}

impl CheckpointWriter {
    pub fn new() -> Self {
        Self::default()
    }

    /// A writer of pieces of other sizes (tests write many small ones; every size is at
    /// least 1).
    pub fn with_sizes(sizes: PieceSizes) -> Self {
        let at_least_one = |n: usize| n.max(1);
        let sizes = PieceSizes {
            clients: at_least_one(sizes.clients),
            cards: at_least_one(sizes.cards),
            rows: at_least_one(sizes.rows),
            records: at_least_one(sizes.records),
            ids: at_least_one(sizes.ids),
        };
        Self { sizes, written: BTreeMap::new() }
    }

    /// Writes the next piece that is missing or changed since it was written; `true` when
    /// none was (every piece stands as the state is now).
    pub fn step(&mut self, state: &CrmState) -> bool {
        match pieces(state, &self.sizes).find(|piece| self.stale(*piece, state)) {
            Some(piece) => {
                let written = write_piece(piece, state, &self.sizes);
                self.written.insert(piece, written);
                false
            }
            None => true,
        }
    }

    /// How many pieces were written so far (each at most once counted).
    pub fn pieces_written(&self) -> usize {
        self.written.len()
    }

    /// The checkpoint of `state` as it is now, covering the log up to `covers`: every
    /// piece still missing or changed is written, then the small ones and the end.
    pub fn finish(mut self, state: &CrmState, covers: u64) -> Checkpoint {
        while !self.step(state) {}
        let current: Vec<Piece> = pieces(state, &self.sizes).collect();
        self.written.retain(|piece, _| current.contains(piece));
        let found = |kind: fn(&Piece) -> bool| -> usize {
            self.written.iter().filter(|(piece, _)| kind(piece)).map(|(_, w)| w.found).sum()
        };
        let cards_found = found(|p| matches!(p, Piece::Cards(_)));
        let records_found = found(|p| matches!(p, Piece::Records(_)));

        let mut parts = Vec::with_capacity(self.written.len() + 8);
        let mut first = Writer::default();
        first.bytes.extend_from_slice(MAGIC);
        first.u64(covers);
        first.block(SETTINGS, |w| json(w, &settings_of(state)));
        parts.push(sealed(&first.bytes));
        parts.push(one_block(APPLIED, |w| state.applied.write(w)));
        let mut written = std::mem::take(&mut self.written).into_iter().peekable();
        let mut take_while = |parts: &mut Vec<Vec<u8>>, kind: fn(&Piece) -> bool| {
            while let Some((_, piece)) = written.next_if(|(piece, _)| kind(piece)) {
                parts.push(piece.part);
            }
        };
        take_while(&mut parts, |p| matches!(p, Piece::Clients(_)));
        take_while(&mut parts, |p| matches!(p, Piece::Cards(_)));
        if cards_found < state.pipelines.card_count() {
            let strays = strays(state, state.pipelines.cards_unordered().map(|c| &c.client));
            parts.push(one_block(CARDS, |w| write_cards(w, &cards_of(state, strays.iter()))));
        }
        parts.push(one_block(TOUCH_TABLES, |w| state.touches.write_tables(w)));
        take_while(&mut parts, |p| matches!(p, Piece::TouchClients(_)));
        take_while(&mut parts, |p| matches!(p, Piece::TouchRows(_)));
        parts.push(one_block(MOVE_TABLES, |w| state.moves.write_tables(w)));
        take_while(&mut parts, |p| matches!(p, Piece::MoveClients(_)));
        take_while(&mut parts, |p| matches!(p, Piece::MoveRows(_)));
        take_while(&mut parts, |p| matches!(p, Piece::Records(_)));
        if records_found < state.client_records.len() {
            let strays = strays(state, state.client_records.keys());
            parts.push(one_block(RECORDS, |w| write_records(w, state, strays.iter())));
        }
        // The end states how many blocks came before it (one a part): a part lost is noticed.
        let blocks = parts.len() as u64;
        parts.push(one_block(END, |w| w.u64(blocks)));
        Checkpoint { covers, parts }
    }

    /// Whether `piece` is missing, or the state changed under it since it was written.
    fn stale(&self, piece: Piece, state: &CrmState) -> bool {
        let Some(written) = self.written.get(&piece) else { return true };
        // Clients added after a piece was written have later revisions too.
        let clients_changed =
            |range: std::ops::Range<usize>| state.revisions[range].iter().any(|&r| r > written.revision);
        let (sizes, clients) = (&self.sizes, state.clients.len());
        match piece {
            Piece::Clients(k) => clients_changed(span(k, sizes.clients, clients)),
            Piece::Cards(k) => {
                state.settings_revision > written.revision || clients_changed(span(k, sizes.cards, clients))
            }
            Piece::Records(k) => clients_changed(span(k, sizes.records, clients)),
            Piece::TouchClients(k) => written.found != span(k, sizes.ids, state.touches.client_count()).len(),
            Piece::MoveClients(k) => written.found != span(k, sizes.ids, state.moves.client_count()).len(),
            Piece::TouchRows(k) => {
                rows_changed(&state.touches, span(k, sizes.rows, state.touches.row_count()), written)
            }
            Piece::MoveRows(k) => rows_changed(&state.moves, span(k, sizes.rows, state.moves.row_count()), written),
        }
    }
}

/// Every piece the state has now, in the order its parts are stored.
fn pieces(state: &CrmState, sizes: &PieceSizes) -> impl Iterator<Item = Piece> {
    let count = |entries: usize, per: usize| entries.div_ceil(per);
    let clients = state.clients.len();
    (0..count(clients, sizes.clients))
        .map(Piece::Clients)
        .chain((0..count(clients, sizes.cards)).map(Piece::Cards))
        .chain((0..count(state.touches.client_count(), sizes.ids)).map(Piece::TouchClients))
        .chain((0..count(state.touches.row_count(), sizes.rows)).map(Piece::TouchRows))
        .chain((0..count(state.moves.client_count(), sizes.ids)).map(Piece::MoveClients))
        .chain((0..count(state.moves.row_count(), sizes.rows)).map(Piece::MoveRows))
        .chain((0..count(clients, sizes.records)).map(Piece::Records))
}

/// The `k`-th run of `per` entries out of `len`.
fn span(k: usize, per: usize, len: usize) -> std::ops::Range<usize> {
    (k * per).min(len)..((k + 1) * per).min(len)
}

fn rows_changed(book: &impl PackedRows, rows: std::ops::Range<usize>, written: &Written) -> bool {
    written.found != rows.len() || book.changes().changed_since(rows, written.mark)
}

fn write_piece(piece: Piece, state: &CrmState, sizes: &PieceSizes) -> Written {
    let (mut found, mut mark) = (0, 0);
    let part = match piece {
        Piece::Clients(k) => {
            let range = span(k, sizes.clients, state.clients.len());
            one_block(CLIENTS, |w| json(w, &state.clients[range]))
        }
        Piece::Cards(k) => {
            let range = span(k, sizes.cards, state.clients.len());
            let cards = cards_of(state, state.clients[range].iter().map(|c| &c.id));
            found = cards.len();
            one_block(CARDS, |w| write_cards(w, &cards))
        }
        Piece::TouchClients(k) => {
            let ids = span(k, sizes.ids, state.touches.client_count());
            found = ids.len();
            one_block(TOUCH_CLIENTS, |w| state.touches.write_clients(w, ids))
        }
        Piece::MoveClients(k) => {
            let ids = span(k, sizes.ids, state.moves.client_count());
            found = ids.len();
            one_block(MOVE_CLIENTS, |w| state.moves.write_clients(w, ids))
        }
        Piece::TouchRows(k) => {
            let rows = span(k, sizes.rows, state.touches.row_count());
            (found, mark) = (rows.len(), state.touches.changes().now());
            one_block(TOUCH_ROWS, |w| state.touches.write_rows(w, rows))
        }
        Piece::MoveRows(k) => {
            let rows = span(k, sizes.rows, state.moves.row_count());
            (found, mark) = (rows.len(), state.moves.changes().now());
            one_block(MOVE_ROWS, |w| state.moves.write_rows(w, rows))
        }
        Piece::Records(k) => {
            let range = span(k, sizes.records, state.clients.len());
            let clients = state.clients[range].iter().map(|c| &c.id);
            found = clients.clone().filter(|c| state.client_records.contains_key(*c)).count();
            one_block(RECORDS, |w| write_records(w, state, clients))
        }
    };
    Written { part, revision: state.applied.len(), mark, found }
}

/// One block as a sealed part.
fn one_block(tag: u8, fill: impl FnOnce(&mut Writer)) -> Vec<u8> {
    let mut w = Writer::default();
    w.block(tag, fill);
    sealed(&w.bytes)
}

/// The cards of `clients`, pipeline by pipeline.
fn cards_of<'s>(state: &'s CrmState, clients: impl Iterator<Item = &'s ClientId>) -> Vec<&'s Card> {
    clients
        .flat_map(|client| state.pipelines.all().iter().filter_map(move |p| state.pipelines.card(client, &p.id)))
        .collect()
}

/// The history index of `clients` (those that have one): per client the log positions
/// holding its events, as varint deltas.
fn write_records<'s>(w: &mut Writer, state: &'s CrmState, clients: impl Iterator<Item = &'s ClientId>) {
    let indexed: Vec<(&ClientId, &Vec<u32>)> = clients.filter_map(|c| state.client_records.get_key_value(c)).collect();
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
}

/// The clients among `ids` missing from the client list (a hand-made or merged log may
/// have cards or history of one), sorted, each once.
fn strays<'s>(state: &CrmState, ids: impl Iterator<Item = &'s ClientId>) -> Vec<ClientId> {
    let mut strays: Vec<ClientId> = ids.filter(|id| !state.client_index.contains_key(*id)).cloned().collect();
    sort::sort(&mut strays);
    strays.dedup();
    strays
}

/// Writes `state` as a checkpoint in one go (tests, and hosts that need not yield).
pub fn write(state: &CrmState, covers: u64) -> Checkpoint {
    CheckpointWriter::new().finish(state, covers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::checkpoint;
    use crate::model::event::{Event, EventPayload};
    use crate::model::touch::{Outcome, TouchStatus};
    use crate::synthetic;
    use crate::values::clock::Hlc;
    use crate::values::ids::{EventId, ReplicaId};

    const SMALL: PieceSizes = PieceSizes { clients: 7, cards: 5, rows: 9, records: 6, ids: 8 };

    /// An event of another device, after everything in `state`.
    fn later(state: &CrmState, counter: u64, payload: EventPayload) -> Event {
        let (newest, _) = state.newest.clone().unwrap();
        let id = EventId { replica: ReplicaId::from_random(77), counter };
        let millis = newest.millis + counter as i64 * 1_000;
        let recorded_at = chrono::DateTime::from_timestamp_millis(millis).unwrap();
        Event { id, at: Hlc { millis, counter: 0 }, recorded_at, by: "anna".parse().unwrap(), payload }
    }

    fn written_whole(state: &CrmState) -> CheckpointWriter {
        let mut writer = CheckpointWriter::with_sizes(SMALL);
        while !writer.step(state) {}
        writer
    }

    #[test]
    fn a_touch_row_changed_after_its_piece_was_written_is_written_again() {
        let mut state = CrmState::fold(synthetic::events(400));
        let writer = written_whole(&state);
        let first = state.touches.all().next().map(|t| (t.id(), t.client.clone())).unwrap();
        let done = TouchStatus::Done {
            result: None,
            outcome: Outcome::Success,
            done_at: chrono::DateTime::UNIX_EPOCH,
            nps: None,
            violations: Vec::new(),
        };
        let change =
            EventPayload::TouchStatusChanged { touch: first.0, client: first.1, old: TouchStatus::Planned, new: done };
        state.apply(&later(&state, 1, change), 1_000);
        let stale = writer.written.keys().filter(|piece| writer.stale(**piece, &state)).count();
        assert!(stale >= 1, "the touch's row piece, its client's pieces");
        assert_eq!(writer.finish(&state, 9), CheckpointWriter::with_sizes(SMALL).finish(&state, 9));
    }

    #[test]
    fn pieces_nothing_changed_under_are_kept_and_the_rest_written_again() {
        let mut state = CrmState::fold(synthetic::events(600));
        let writer = written_whole(&state);
        let pieces = writer.written.len();
        assert!(pieces > 40, "{pieces}");
        let client = state.clients[3].id.clone();
        let region = EventPayload::ClientUpdated {
            client,
            changes: vec![crate::model::client::FieldChange {
                old: crate::model::client::FieldValue::Region(None),
                new: crate::model::client::FieldValue::Region(Some("Урал".parse().unwrap())),
            }],
        };
        state.apply(&later(&state, 1, region), 1_000);
        let stale: Vec<Piece> = writer.written.keys().copied().filter(|piece| writer.stale(*piece, &state)).collect();
        // The client's piece of each kind that goes client by client, nothing else.
        assert_eq!(stale, [Piece::Clients(0), Piece::Cards(0), Piece::Records(0)]);
        assert_eq!(writer.finish(&state, 9), CheckpointWriter::with_sizes(SMALL).finish(&state, 9));
    }

    #[test]
    fn written_at_once_it_reads_back_as_the_state() {
        let state = CrmState::fold(synthetic::events(500));
        let small = CheckpointWriter::with_sizes(SMALL).finish(&state, 3);
        assert_eq!(checkpoint::read(&small).unwrap(), state);
        assert_eq!(checkpoint::read(&write(&state, 3)).unwrap(), state);
    }
}
