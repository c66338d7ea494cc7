//! The checkpoint's layout, shared by its writer and its reader: the stored form
//! ([`Checkpoint`], parts under their checksums), the block tags, the settings block and
//! the cards block.

use crate::log::checksum::{Checksum, CHECKSUM_BYTES};
use crate::model::campaign::CampaignEntry;
use crate::model::event::Slot;
use crate::model::import::ImportEntry;
use crate::model::lead::{ConsentEntry, Lead};
use crate::model::people::People;
use crate::model::pipeline::{Card, CardPosition, Pipeline};
use crate::model::policy::{Policy, Violation};
use crate::model::relationship::Relationship;
use crate::model::routing::Routing;
use crate::model::sales_plan::SalesPlan;
use crate::model::show::Show;
use crate::model::template::Template;
use crate::model::web_lead::{LeadId, LeadKey, TakenLead};
use crate::state::bytes::{CheckpointError, Reader, Writer};
use crate::state::conflicts::Conflict;
use crate::state::interner::Interner;
use crate::state::rights::OpenBatch;
use crate::state::CrmState;
use crate::values::clock::Hlc;
use crate::values::ids::{ClientId, EventId, PipelineId, StageId, TeamId, TouchId, UserId};
use crate::values::sort;

/// Marks a checkpoint, and its layout version: a checkpoint of another layout is not read
/// (the log is folded instead, and a new checkpoint written).
pub(crate) const MAGIC: &[u8; 8] = b"RIPENCK3";

/// The layout with sums whose touch and move tables held every client id in one block
/// (before the ids went in pieces of their own): still read, the ids where they are.
pub(crate) const SUMMED_MAGIC: &[u8; 8] = b"RIPENCK2";

/// The layout before parts carried checksums (schema 2's builds): still read.
pub(crate) const LEGACY_MAGIC: &[u8; 8] = b"RIPENCK1";

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

pub(crate) const SETTINGS: u8 = 1;
pub(crate) const CLIENTS: u8 = 2;
pub(crate) const CARDS: u8 = 3;
pub(crate) const TOUCH_TABLES: u8 = 4;
pub(crate) const TOUCH_ROWS: u8 = 5;
pub(crate) const MOVE_TABLES: u8 = 6;
pub(crate) const MOVE_ROWS: u8 = 7;
pub(crate) const RECORDS: u8 = 8;
pub(crate) const APPLIED: u8 = 9;
pub(crate) const TOUCH_CLIENTS: u8 = 10;
pub(crate) const MOVE_CLIENTS: u8 = 11;
pub(crate) const END: u8 = 0;

/// The small part of the state, as JSON.
#[derive(ripen_json::ToJson, ripen_json::FromJson)]
pub(crate) struct Settings {
    pub(crate) policy: Policy,
    pub(crate) plans: Vec<SalesPlan>,
    pub(crate) stimuli: Vec<((PipelineId, StageId), Vec<String>)>,
    pub(crate) pipelines: Vec<Pipeline>,
    pub(crate) relationships: Vec<Relationship>,
    pub(crate) people: People,
    pub(crate) routing: Option<Routing>,
    pub(crate) loads: Vec<(UserId, u32)>,
    pub(crate) last_served: Vec<(TeamId, UserId)>,
    pub(crate) merged: Vec<(ClientId, Vec<ClientId>)>,
    pub(crate) merged_into: Vec<(ClientId, ClientId)>,
    pub(crate) settings_writers: Vec<(Slot, EventId)>,
    pub(crate) reverts: Vec<(EventId, EventId)>,
    pub(crate) reverted_by: Vec<(EventId, EventId)>,
    pub(crate) newest: Option<(Hlc, EventId)>,
    /// Left out while empty, so checkpoints of bases that never imported keep the layout
    /// schema 2 first wrote.
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) imports: Vec<ImportEntry>,
    /// Left out while empty, as `imports`.
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) conflicts: Vec<Conflict>,
    /// Left out while empty, as `imports` (always, but for a log whose batch is cut short).
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) batches: Vec<OpenBatch>,
    /// Left out while empty, as `imports`.
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) batch_reverts_by: Vec<(EventId, UserId)>,
    /// Left out while empty, as `imports` (issue 23's shows, leads and consents).
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) shows: Vec<Show>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) leads: Vec<(ClientId, Lead)>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) consents: Vec<(ClientId, Vec<ConsentEntry>)>,
    /// Written by the builds whose default rules hold the consent rule. A checkpoint
    /// without it was written before: its policy is the state's of a fold that started
    /// from the defaults without that rule (no event could have removed it), and the
    /// reader adds it, as folding the log afresh would (ARCHITECTURE.md, "Consent and old
    /// bases").
    #[json(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) consent_rule_known: bool,
    /// Left out while empty, as `imports`.
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) lead_keys: Vec<LeadKey>,
    /// Left out while empty, as `imports`.
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) web_leads: Vec<(LeadId, TakenLead)>,
    /// The message templates, left out while they are the defaults a fold starts from
    /// (always, in a checkpoint of a build from before templates: the reader takes the
    /// defaults then, as folding the log afresh would).
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub(crate) templates: Option<Vec<Template>>,
    /// Left out while empty, as `imports` (issue 24's campaigns).
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) campaigns: Vec<CampaignEntry>,
    /// Left out while empty, as `imports` (issue 24: the rules a done touch broke).
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) touch_violations: Vec<(TouchId, Vec<Violation>)>,
    /// Left out while empty, as `imports` (the merged duplicates removed in their own
    /// right; a checkpoint from before held none, as the fold of its day kept none).
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) removed_while_merged: Vec<ClientId>,
    /// How many clients follow, so their list is allocated once.
    pub(crate) clients: usize,
}

fn sorted<K: Ord + Clone, V: Clone>(map: &rustc_hash::FxHashMap<K, V>) -> Vec<(K, V)> {
    let mut entries: Vec<(K, V)> = map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    sort::sort_by(&mut entries, |a, b| a.0.cmp(&b.0));
    entries
}

/// The small part of the state, as the checkpoint's settings block holds it.
pub(crate) fn settings_of(state: &CrmState) -> Settings {
    Settings {
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
            // By event, then slot: one event may write several slots, and the map's order
            // depends on the order events arrived in (digests compare these bytes).
            sort::sort_by_cached_key(&mut writers, |(slot, event)| (event.clone(), ripen_json::to_string(slot)));
            writers
        },
        reverts: sorted(&state.reverts),
        reverted_by: sorted(&state.reverted_by),
        newest: state.newest.clone(),
        imports: state.imports.clone(),
        campaigns: state.campaigns.clone(),
        conflicts: state.conflicts.clone(),
        batches: state.batches.clone(),
        batch_reverts_by: sorted(&state.batch_reverts_by),
        shows: state.shows.clone(),
        leads: sorted(&state.leads),
        consents: sorted(&state.consents),
        consent_rule_known: true,
        lead_keys: state.lead_keys.clone(),
        web_leads: sorted(&state.web_leads),
        templates: (!state.templates.are_defaults()).then(|| state.templates.all().to_vec()),
        touch_violations: sorted(&state.touch_violations),
        removed_while_merged: {
            let mut removed: Vec<ClientId> = state.removed_while_merged.iter().cloned().collect();
            sort::sort(&mut removed);
            removed
        },
        clients: state.clients.len(),
    }
}

/// A part as stored: the checksum of `bytes`, then `bytes`.
pub(crate) fn sealed(bytes: &[u8]) -> Vec<u8> {
    let mut part = Vec::with_capacity(CHECKSUM_BYTES + bytes.len());
    part.extend_from_slice(&Checksum::of(bytes).to_le_bytes());
    part.extend_from_slice(bytes);
    part
}

/// The bytes of a stored part, once they match their checksum.
pub(crate) fn unsealed(part: &[u8], index: usize) -> Result<&[u8], CheckpointError> {
    let (sum, bytes) = part.split_at_checked(CHECKSUM_BYTES).ok_or(CheckpointError::Checksum { part: index })?;
    let sum: [u8; CHECKSUM_BYTES] = sum.try_into().map_err(|_| CheckpointError::Checksum { part: index })?;
    if Checksum::from_le_bytes(sum) != Checksum::of(bytes) {
        return Err(CheckpointError::Checksum { part: index });
    }
    Ok(bytes)
}

pub(crate) fn json<T: ripen_json::ToJson + ?Sized>(w: &mut Writer, value: &T) {
    w.bytes.extend_from_slice(ripen_json::to_string(value).as_bytes());
}

pub(crate) fn from_json<T: ripen_json::FromJson>(block: &Reader<'_>, what: &str) -> Result<T, CheckpointError> {
    let text = std::str::from_utf8(block.rest()).map_err(|e| CheckpointError::Damaged(format!("{what}: {e}")))?;
    ripen_json::from_str(text).map_err(|e| CheckpointError::Damaged(format!("{what}: {e}")))
}

/// Reads a checkpoint back, a part at a time, into the state it was written from.
impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Settings")
    }
}

pub(crate) fn write_cards(w: &mut Writer, cards: &[&Card]) {
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
