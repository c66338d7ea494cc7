//! Checkpoints: the whole state as of a log position, written so that opening reads it and
//! the log after it instead of folding the whole log. A checkpoint is a cache of the fold:
//! a damaged one is dropped and the log folded again.
//!
//! Layout: a header, then blocks (tag, length, contents). Settings and clients are JSON
//! (their serde shapes, as in events); the bulk — cards, touches, stage moves, the history
//! index and the applied-event runs — is packed binary: numbers as varints, times and
//! counters as deltas from the row before, repeated ids as numbers into a table. Writing goes a piece at a
//! time, with writes going on in between (`checkpoint_writer.rs`).
//!
//! Every part starts with the checksum of the rest of it ([`crate::checksum`]), and the
//! first part states the log position the checkpoint covers, under the sum: a flipped bit
//! or a header edited to say it covers more is found, and the checkpoint dropped.

use crate::log::checkpoint_layout::{
    from_json, unsealed, Settings, APPLIED, CARDS, CLIENTS, END, LEGACY_MAGIC, MAGIC, MOVE_CLIENTS, MOVE_ROWS,
    MOVE_TABLES, RECORDS, SETTINGS, SUMMED_MAGIC, TOUCH_CLIENTS, TOUCH_ROWS, TOUCH_TABLES,
};
use crate::log::checksum::CHECKSUM_BYTES;
use crate::model::client::Client;
use crate::model::pipeline::{Card, CardPosition, PipelineBook};
use crate::model::policy::{consent_rule, default_rules};
use crate::model::relationship::RelationshipBook;
use crate::model::stimuli::Stimuli;
use crate::model::template::Templates;
use crate::state::applied::AppliedEvents;
use crate::state::bytes::Reader;
use crate::state::growth;
use crate::state::moves::MoveLog;
use crate::state::touch_book::TouchBook;
use crate::state::CrmState;
use crate::values::ids::{ClientId, PipelineId, UserId};
use std::collections::HashSet;

pub use crate::log::checkpoint_layout::{Checkpoint, CheckpointSink};
pub use crate::log::checkpoint_writer::{write, CheckpointWriter, PieceSizes};
pub use crate::state::bytes::CheckpointError;

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
    /// The pipelines of the settings and the cards read so far: cards go straight into
    /// their map (a list of them first held every card twice at the open's peak).
    cards: Option<PipelineBook>,
    /// The users clients name as creator and owner, one copy each: a hundred thousand
    /// clients of fifty reps held two hundred thousand copies of fifty names.
    users: HashSet<UserId>,
    touches: Option<TouchBook>,
    moves: Option<MoveLog>,
    error: Option<CheckpointError>,
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
            let known: &[&[u8; 8]] = if self.legacy { &[LEGACY_MAGIC] } else { &[MAGIC, SUMMED_MAGIC] };
            let magic = r.take(MAGIC.len()).map_err(|_| CheckpointError::Unknown)?;
            if !known.iter().any(|known| magic == known.as_slice()) {
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
            Err(_)
                if !self.started
                    && ![MAGIC, SUMMED_MAGIC]
                        .iter()
                        .any(|m| part.get(CHECKSUM_BYTES..CHECKSUM_BYTES + MAGIC.len()) == Some(m.as_slice())) =>
            {
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
                state.clients.reserve_exact(growth::read_back(read.clients.min(self.max_rows)));
                self.settings = Some(read);
            }
            APPLIED => state.applied = AppliedEvents::read(block)?,
            CLIENTS => {
                let clients = from_json::<Vec<Client>>(block, "clients")?;
                // Grown once, not by doubling (rehashing the index each time).
                state.clients.reserve(clients.len());
                state.client_index.reserve(clients.len());
                for mut client in clients {
                    client.created_by = shared_user(&mut self.users, client.created_by);
                    client.owner = client.owner.map(|owner| shared_user(&mut self.users, owner));
                    state.client_index.insert(client.id.clone(), state.clients.len());
                    state.clients.push(client);
                }
            }
            CARDS => {
                let settings = self.settings.as_ref().ok_or_else(|| out_of_order("settings"))?;
                let book = self.cards.get_or_insert_with(|| {
                    PipelineBook::from_parts(settings.pipelines.clone(), settings.clients.min(self.max_rows))
                });
                read_cards(block, book, state)?
            }
            // Client ids as the clients hold them (the clients come first): one copy each.
            TOUCH_TABLES => self.touches = Some(TouchBook::read_tables(block, self.max_rows, &|id| share(state, id))?),
            TOUCH_CLIENTS => self
                .touches
                .as_mut()
                .ok_or_else(|| out_of_order("touch clients"))?
                .read_clients(block, &|id| share(state, id))?,
            MOVE_CLIENTS => self
                .moves
                .as_mut()
                .ok_or_else(|| out_of_order("stage move clients"))?
                .read_clients(block, &|id| share(state, id))?,
            TOUCH_ROWS => self.touches.as_mut().ok_or_else(|| out_of_order("touch rows"))?.read_rows(block)?,
            MOVE_TABLES => self.moves = Some(MoveLog::read_tables(block, self.max_rows, &|id| share(state, id))?),
            MOVE_ROWS => self.moves.as_mut().ok_or_else(|| out_of_order("stage moves"))?.read_rows(block)?,
            RECORDS => {
                let clients = block.len()?;
                state.client_records.reserve(clients.min(self.max_rows));
                for _ in 0..clients {
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
        let mut touches = self.touches.ok_or_else(|| out_of_order("touches"))?;
        touches.finish_reading();
        let moves = self.moves.ok_or_else(|| out_of_order("stage moves"))?;
        if state.clients.len() != settings.clients {
            return Err(CheckpointError::Damaged("clients are missing".into()));
        }
        (state.touches, state.moves) = (touches, moves);
        state.policy = settings.policy;
        if !settings.consent_rule_known && state.policy.rule(&consent_rule().id).is_none() {
            // Where a fold from the defaults holds it: after the default rules never removed
            // (in their order, at the front), before any rule saved since. A default rule
            // removed and saved again went to the end, which the checkpoint cannot tell
            // apart when it follows the others in order: only the order of the rules
            // would differ then.
            let defaults = default_rules();
            let place = |rule: &crate::model::policy::Rule| defaults.iter().position(|d| d.id == rule.id);
            let mut last = None;
            let at = state
                .policy
                .rules
                .iter()
                .take_while(|rule| match place(rule) {
                    Some(i) if last.is_none_or(|l| i > l) => {
                        last = Some(i);
                        true
                    }
                    _ => false,
                })
                .count();
            state.policy.rules.insert(at, consent_rule());
        }
        state.shows = settings.shows;
        state.leads = settings.leads.into_iter().collect();
        state.consents = settings.consents.into_iter().collect();
        state.plans = settings.plans;
        state.stimuli = Stimuli::from_entries(settings.stimuli);
        state.templates = settings.templates.map_or_else(Templates::default, Templates::from_list);
        state.pipelines = self.cards.unwrap_or_else(|| PipelineBook::from_parts(settings.pipelines, 0));
        state.relationships = RelationshipBook::default();
        for relationship in &settings.relationships {
            state.relationships.insert(relationship);
        }
        state.people = settings.people;
        state.routing = settings.routing;
        state.imports = settings.imports;
        state.campaigns = settings.campaigns;
        state.conflicts = settings.conflicts;
        state.batches = settings.batches;
        state.batch_reverts_by = settings.batch_reverts_by.into_iter().collect();
        state.lead_keys = settings.lead_keys;
        state.web_leads = settings.web_leads.into_iter().collect();
        state.touch_violations = settings.touch_violations.into_iter().collect();
        state.loads = settings.loads.into_iter().collect();
        state.last_served = settings.last_served.into_iter().collect();
        state.merged = settings.merged.into_iter().collect();
        state.merged_into = settings.merged_into.into_iter().collect();
        state.removed_while_merged = settings.removed_while_merged.into_iter().collect();
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
    Ok(share(state, id))
}

/// `id` as the listed client's id holds its text, if there is one.
fn share(state: &CrmState, id: ClientId) -> ClientId {
    state.client_index.get_key_value(&id).map_or(id, |(shared, _)| shared.clone())
}

/// `user` as the copy already in `users`, or kept there as the first.
fn shared_user(users: &mut HashSet<UserId>, user: UserId) -> UserId {
    match users.get(&user) {
        Some(shared) => shared.clone(),
        None => {
            users.insert(user.clone());
            user
        }
    }
}

/// Reads a whole checkpoint back (tests, tools).
pub fn read(checkpoint: &Checkpoint) -> Result<CrmState, CheckpointError> {
    let mut reader = CheckpointReader::new();
    checkpoint.feed(&mut reader);
    reader.finish().map(|(state, _)| state)
}

/// Cards: a table of their pipelines and positions, then per card its client, both
/// numbers and the time it got there (a delta from the card before).
fn read_cards(r: &mut Reader<'_>, cards: &mut PipelineBook, state: &CrmState) -> Result<(), CheckpointError> {
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
        cards.insert_read(Card { client, pipeline, position, since });
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
            at: None,
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
    fn unauthorized_changes_and_a_batch_cut_short_are_kept() {
        use crate::model::event::Event;
        use crate::model::people::{Role, UserProfile};
        use crate::state::conflicts::Conflict;
        let mut events = synthetic::events(300);
        let last = events.last().unwrap().clone();
        let client = events[0].payload.clients()[0].clone();
        let next = |n: u64, by: &str, payload| Event {
            id: crate::values::ids::EventId { replica: last.id.replica.clone(), counter: last.id.counter + n },
            at: crate::values::clock::Hlc::from((last.at.millis + n as i64, 0)),
            recorded_at: last.recorded_at,
            by: by.parse().unwrap(),
            payload,
        };
        let admin = Some(UserProfile::new("root", Role::Admin, None));
        let source = crate::model::import::ImportSource {
            format: crate::model::import::ImportFormat::Csv,
            file: None,
            rows: 3,
            added: 3,
            merged: 0,
            skipped: 0,
        };
        let region = crate::model::client::FieldValue::Region(None);
        events.extend([
            next(1, "bench", EventPayload::UserSaved { user: "root".parse().unwrap(), old: None, new: admin }),
            next(2, "bench", EventPayload::ClientRemoved { client: client.clone() }),
            // An import by no user, whose events have not all come yet.
            next(3, "bench", EventPayload::Imported { source: Box::new(source), events: 3 }),
            next(
                4,
                "bench",
                EventPayload::ClientUpdated {
                    client,
                    changes: vec![crate::model::event::FieldChange { old: region.clone(), new: region }],
                },
            ),
        ]);
        let state = CrmState::fold(events);
        assert!(matches!(state.conflicts(), [Conflict::Unauthorized { .. }, Conflict::Unauthorized { events: 3, .. }]));
        assert_eq!(state.batches.len(), 1);
        let read = read(&write(&state, 4)).unwrap();
        assert_eq!(read, state);
        assert_eq!(crate::log::digest::digest(&read), crate::log::digest::digest(&state));
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
