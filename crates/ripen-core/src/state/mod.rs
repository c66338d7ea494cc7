//! The in-memory state: a deterministic fold of the event log, with the indexes that
//! lead history and revert to the events in the store (the events themselves stay there).

pub mod applied;
pub(crate) mod bytes;
pub(crate) mod change_marks;
pub mod conflicts;
pub mod contact_times;
pub(crate) mod growth;
pub(crate) mod interner;
pub mod moves;
pub mod rights;
pub mod touch_book;
pub(crate) mod touch_texts;

use crate::model::campaign::CampaignEntry;
use crate::model::client::{Alias, Client};
use crate::model::event::{Event, EventPayload, Slot};
use crate::model::import::ImportEntry;
use crate::model::lead::{Consent, ConsentEntry, Lead};

/// The source a web lead's consent is recorded under.
const WEB_FORM_CONSENT: &str = "web form";
use crate::model::merge::Merge;
use crate::model::people::People;
use crate::model::pipeline::PipelineBook;
use crate::model::policy::{Policy, Violation};
use crate::model::relationship::RelationshipBook;
use crate::model::routing::Routing;
use crate::model::sales_plan::SalesPlan;
use crate::model::show::Show;
use crate::model::stimuli::Stimuli;
use crate::model::template::Templates;
use crate::model::touch::{Touch, TouchStatus};
use crate::model::web_lead::{LeadId, LeadKey, LeadOutcome, TakenLead};
use crate::state::applied::AppliedEvents;
use crate::state::moves::MoveLog;
use crate::state::rights::{check_event, OpenBatch, Rights, Standing};
use crate::state::touch_book::{TouchBook, TouchFacts};
use crate::values::clock::Hlc;
use crate::values::ids::{ClientId, EventId, RelationshipId, ShowId, TeamId, TouchId, UserId};
use crate::values::sort;
use chrono::{DateTime, Utc};
// The fold's maps hold the whole base; keys are our own ids, so no hostile input can
// aim at the hash: FxHash (rustc's) is several times cheaper than SipHash here.
use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet as HashSet;

/// Everything the engine knows, rebuilt by folding events in (HLC, id) order.
/// Applying an event never fails: a log merged from several replicas must always fold.
///
/// Two states are equal when they know the same: where in a store the events lie (which
/// differs between a log and its restored backup) is left out of the comparison.
#[derive(Debug, Default, Clone)]
pub struct CrmState {
    pub policy: Policy,
    pub plans: Vec<SalesPlan>,
    pub stimuli: Stimuli,
    /// The message templates per stage and channel.
    pub templates: Templates,
    pub touches: TouchBook,
    pub pipelines: PipelineBook,
    pub relationships: RelationshipBook,
    pub people: People,
    pub routing: Option<Routing>,
    /// Every show, archived ones too, in the order they were created.
    pub(crate) shows: Vec<Show>,
    /// The lead record of each client met at a show.
    pub(crate) leads: HashMap<ClientId, Lead>,
    /// Each client's consents in fold order: the last is the current one.
    pub(crate) consents: HashMap<ClientId, Vec<ConsentEntry>>,
    pub(crate) clients: Vec<Client>,
    /// Live clients per owner: routing's load caps.
    pub(crate) loads: HashMap<UserId, u32>,
    /// The member each team's queue served last. Reverting a routing does not turn the
    /// queue back: the turn was taken, and giving it again would be unfair to the next.
    pub(crate) last_served: HashMap<TeamId, UserId>,
    /// The duplicates merged into each client, whose histories its own includes.
    pub(crate) merged: HashMap<ClientId, Vec<ClientId>>,
    /// Each merged duplicate's keeper.
    pub(crate) merged_into: HashMap<ClientId, ClientId>,
    /// The merged duplicates that are also removed in their own right: removed before the
    /// merge reached them (another device's removal folded first) or while merged (a
    /// revert's removal). A merged duplicate is removed whatever this says; an unmerge
    /// brings back only those not listed here.
    pub(crate) removed_while_merged: HashSet<ClientId>,
    pub(crate) client_index: HashMap<ClientId, usize>,
    /// Per client (same order as `clients`): the count of events applied when an event
    /// last concerned it, so the search index re-reads only what changed.
    pub(crate) revisions: Vec<usize>,
    /// Every applied event and the store record it lies in.
    pub(crate) applied: AppliedEvents,
    /// The store records holding each client's events, in the order applied. Four bytes
    /// a position: a log of more than four billion records is beyond any browser's quota.
    pub(crate) client_records: HashMap<ClientId, Vec<u32>>,
    /// The last writer of each setting (pipelines, users, rules, …). A client's slots are
    /// found in its history, read from the store when a revert needs them.
    pub(crate) settings_writers: HashMap<Slot, EventId>,
    /// Each revert event's target: history shows a revert beside what it undid.
    pub(crate) reverts: HashMap<EventId, EventId>,
    pub(crate) reverted_by: HashMap<EventId, EventId>,
    pub moves: MoveLog,
    /// Every import, oldest first (reverted ones too: `reverted_by` says which).
    pub imports: Vec<ImportEntry>,
    /// Every campaign, oldest first (reverted ones too: `reverted_by` says which).
    pub campaigns: Vec<CampaignEntry>,
    /// The last event in fold order.
    pub(crate) newest: Option<(Hlc, EventId)>,
    /// The revision (events applied) when an event naming no client was last applied: a
    /// pipeline's or a stage's change may move cards without naming their clients.
    pub(crate) settings_revision: usize,
    /// What devices decided at once that the fold could not both keep, in fold order.
    pub(crate) conflicts: Vec<conflicts::Conflict>,
    /// Batches some of whose events are still to come (see [`OpenBatch`]): none once every
    /// commit read is whole.
    pub(crate) batches: Vec<OpenBatch>,
    /// Who reverted each batch: whoever undid an import may redo it. (The imports list
    /// keeps who made each import.)
    pub(crate) batch_reverts_by: HashMap<EventId, UserId>,
    /// The team's lead keys, oldest first: the last is the one pages seal to.
    pub(crate) lead_keys: Vec<LeadKey>,
    /// Every web lead taken in, by its id: the first `web_lead_received` for a lead in
    /// fold order, whichever device recorded it.
    pub(crate) web_leads: HashMap<LeadId, TakenLead>,
    /// The rules each done touch broke when it was done (logged or completed at a time
    /// the contact policy refused), for the touches that broke any.
    pub(crate) touch_violations: HashMap<TouchId, Vec<Violation>>,
    /// The rights of the last author the fold checked, until a user's profile changes:
    /// most events come in runs by one author, and working the rights out again for each
    /// would cost a cold open a lookup and more. A cache, not state: left out of equality
    /// and of the checkpoint.
    rights: Option<(UserId, Rights)>,
}

impl PartialEq for CrmState {
    fn eq(&self, other: &Self) -> bool {
        self.policy == other.policy
            && self.plans == other.plans
            && self.stimuli == other.stimuli
            && self.templates == other.templates
            && self.touches == other.touches
            && self.pipelines == other.pipelines
            && self.relationships == other.relationships
            && self.people == other.people
            && self.routing == other.routing
            && self.shows == other.shows
            && self.leads == other.leads
            && self.consents == other.consents
            && self.clients == other.clients
            && self.loads == other.loads
            && self.last_served == other.last_served
            && self.merged == other.merged
            && self.merged_into == other.merged_into
            && self.removed_while_merged == other.removed_while_merged
            && self.conflicts == other.conflicts
            && self.batches == other.batches
            && self.batch_reverts_by == other.batch_reverts_by
            && self.lead_keys == other.lead_keys
            && self.web_leads == other.web_leads
            && self.touch_violations == other.touch_violations
            && self.client_index == other.client_index
            && self.applied.len() == other.applied.len()
            && self.settings_writers == other.settings_writers
            && self.reverts == other.reverts
            && self.reverted_by == other.reverted_by
            && self.moves == other.moves
            && self.imports == other.imports
            && self.campaigns == other.campaigns
            && self.newest == other.newest
    }
}

impl Eq for CrmState {}

impl CrmState {
    /// Folds `events` as if each lay in its own store record, numbered from 1 (the
    /// positions a fresh [`crate::MemoryStore`] gives them).
    pub fn fold(events: impl IntoIterator<Item = Event>) -> Self {
        Self::fold_stored(events.into_iter().zip(1..))
    }

    /// Folds events read from a store, each with the position of its record.
    pub fn fold_stored(events: impl IntoIterator<Item = (Event, u64)>) -> Self {
        let mut state = Self::default();
        for (event, position) in events {
            state.apply(&event, position);
        }
        state
    }

    /// Applies one event read from (or just written to) the store record at `position`.
    /// An event already applied (a replication retry) changes nothing; one whose author
    /// had no right to it by the state so far is known, and in its clients' histories,
    /// but changes nothing else (see [`conflicts::Conflict::Unauthorized`]).
    pub fn apply(&mut self, event: &Event, position: u64) {
        if !self.applied.insert(&event.id, position) {
            return;
        }
        let revision = self.applied.len();
        let record = u32::try_from(position).unwrap_or(u32::MAX);
        let clients = event.payload.clients();
        for &client in &clients {
            let records = self.client_records.entry(client.clone()).or_default();
            if records.last() != Some(&record) {
                records.push(record);
            }
        }
        if !self.refused(event, &clients) {
            self.apply_authorized(event, clients, revision);
        }
        if self.newest.as_ref().is_none_or(|(at, id)| (event.at, &event.id) > (*at, id)) {
            self.newest = Some((event.at, event.id.clone()));
        }
    }

    fn apply_authorized(&mut self, event: &Event, clients: Vec<&ClientId>, revision: usize) {
        if clients.is_empty() {
            self.settings_revision = revision;
        }
        if let Some(conflict) = self.conflict_of(event) {
            let left_out = matches!(conflict, conflicts::Conflict::MergeLeftOut { .. });
            self.conflicts.push(conflict);
            if !left_out {
                self.apply_payload(&event.payload, event);
            }
        } else {
            self.apply_payload(&event.payload, event);
        }
        for client in clients {
            if let Some(&i) = self.client_index.get(client) {
                self.revisions[i] = revision;
            }
        }
        for slot in event.payload.slots() {
            if !slot.is_client_tied() {
                self.settings_writers.insert(slot, event.id.clone());
            }
        }
        let mut is_redo = false;
        if let EventPayload::Reverted { target, .. } | EventPayload::ImportReverted { target, .. } = &event.payload {
            is_redo = self.reverts.contains_key(target);
            self.reverted_by.insert(target.clone(), event.id.clone());
            self.reverts.insert(event.id.clone(), target.clone());
            // Down the chain of reverts the target ends, each link flips: the target is now
            // undone, so what it undid stands again, so what that one undid is undone
            // again by it, and so on (a revert of a redo of an undo).
            let (mut undone, mut link) = (true, target.clone());
            while let Some(next) = self.reverts.get(&link).cloned() {
                if undone {
                    self.reverted_by.remove(&next);
                } else {
                    self.reverted_by.insert(next.clone(), link.clone());
                }
                undone = !undone;
                link = next;
            }
        }
        self.moves.record(event, &event.payload, is_redo);
    }

    /// Whether the fold leaves `event` out because its author had no right to it, by the
    /// state so far (the check its command passed, `rights::check_event`); if so, the
    /// conflict is listed. A batch's events are checked as their command was, and all
    /// left out with a marker refused.
    fn refused(&mut self, event: &Event, clients: &[&ClientId]) -> bool {
        let named = || clients.iter().map(|&c| c.clone());
        let events = crate::model::event::batch_size(&event.payload);
        // A replica writes a batch's events right after its marker, before anything else
        // of its own: at most one batch a replica is open.
        let mut batches = std::mem::take(&mut self.batches);
        let mut open = batches.iter().position(|b| b.marker.replica == event.id.replica);
        if let Some(i) = open.filter(|&i| !batches[i].holds(&event.id)) {
            if event.id.counter > batches[i].last() {
                // Past its end with events missing: the batch is over.
                batches.remove(i);
            }
            open = None;
        }
        // The conflict the event is left out at, if it is.
        let refused = match open.map(|i| &mut batches[i]) {
            Some(OpenBatch { refused: Some(at), .. }) => {
                if let Some(conflicts::Conflict::Unauthorized { clients, .. }) = self.conflicts.get_mut(*at) {
                    clients.extend(named());
                }
                Some(*at)
            }
            batch => match self.check(event, batch) {
                Ok(()) => None,
                Err(refusal) => {
                    self.conflicts.push(conflicts::Conflict::Unauthorized {
                        event: event.id.clone(),
                        author: event.by.clone(),
                        refusal,
                        clients: named().collect(),
                        events,
                    });
                    Some(self.conflicts.len() - 1)
                }
            },
        };
        if let Some(i) = open.filter(|&i| batches[i].last() == event.id.counter) {
            if let Some(at) = batches.remove(i).refused {
                if let Some(conflicts::Conflict::Unauthorized { clients, .. }) = self.conflicts.get_mut(at) {
                    sort::sort(clients);
                    clients.dedup();
                }
            }
        }
        if events > 0 {
            batches.retain(|b| b.marker.replica != event.id.replica);
            let by_maker = match &event.payload {
                EventPayload::ImportReverted { target, .. } => self.batch_maker(target) == Some(&event.by),
                _ => false,
            };
            batches.push(OpenBatch {
                marker: event.id.clone(),
                events,
                refused,
                by_maker,
                cleared: Default::default(),
            });
        }
        self.batches = batches;
        refused.is_some()
    }

    /// `event` checked by its author's rights; anything goes before the first admin.
    fn check(&mut self, event: &Event, batch: Option<&mut OpenBatch>) -> Result<(), rights::Refusal> {
        if !self.people.has_admin() {
            return Ok(());
        }
        if self.rights.as_ref().is_none_or(|(author, _)| *author != event.by) {
            self.rights = Some((event.by.clone(), Rights::of(&self.people, &event.by)));
        }
        match &self.rights {
            Some((_, rights)) => check_event(self, rights, event, batch),
            None => Ok(()),
        }
    }

    /// Who made the batch `marker` marks: an import, or the revert of a batch.
    fn batch_maker(&self, marker: &EventId) -> Option<&UserId> {
        let imported = self.imports.iter().rev().find(|import| import.event == *marker).map(|import| &import.by);
        let planned = || self.campaigns.iter().rev().find(|c| c.event == *marker).map(|c| &c.by);
        imported.or_else(planned).or_else(|| self.batch_reverts_by.get(marker))
    }

    fn apply_payload(&mut self, payload: &EventPayload, event: &Event) {
        match payload {
            EventPayload::ClientAdded { client, name, fields, aliases, owner } => {
                if self.client_index.contains_key(client) {
                    return;
                }
                self.client_index.insert(client.clone(), self.clients.len());
                self.revisions.push(0);
                let mut aliases = aliases.clone();
                sort::sort(&mut aliases);
                aliases.dedup_by(|a, b| a.kind == b.kind && a.name == b.name);
                growth::push(
                    &mut self.clients,
                    Client {
                        id: client.clone(),
                        name: name.clone(),
                        aliases,
                        fields: (**fields).clone(),
                        created_at: event.recorded_at,
                        created_by: event.by.clone(),
                        owner: owner.clone(),
                        removed: false,
                        shared_with: Default::default(),
                    },
                );
                self.count_load(owner.as_ref(), 1);
            }
            EventPayload::ClientUpdated { client, changes } => {
                if let Some(target) = self.client_mut(client) {
                    for change in changes {
                        target.fields.set(change.new.clone());
                    }
                }
            }
            EventPayload::ClientRenamed { client, new, former_added, former_removed, .. } => {
                if let Some(target) = self.client_mut(client) {
                    target.name = new.clone();
                    if let Some(gone) = former_removed {
                        target.aliases.retain(|a| !(a.kind == gone.kind && a.name == gone.name));
                    }
                    if let Some(added) = former_added {
                        insert_alias(&mut target.aliases, added.clone());
                    }
                }
            }
            EventPayload::AliasAdded { client, alias } => {
                if let Some(target) = self.client_mut(client) {
                    insert_alias(&mut target.aliases, alias.clone());
                }
            }
            EventPayload::AliasRemoved { client, alias } => {
                if let Some(target) = self.client_mut(client) {
                    target.aliases.retain(|a| !(a.kind == alias.kind && a.name == alias.name));
                }
            }
            EventPayload::ClientRemoved { client } => self.remove_in_own_right(client, true),
            EventPayload::ClientRestored { client } => self.remove_in_own_right(client, false),
            EventPayload::OwnerChanged { client, new, .. } => self.set_owner(client, new.as_ref()),
            EventPayload::ClientRouted { client, new, why, .. } => {
                self.set_owner(client, new.as_ref());
                if let (Some(team), Some(user)) = (&why.team, new) {
                    self.last_served.insert(team.clone(), user.clone());
                }
            }
            EventPayload::ShareChanged { client, with, new, .. } => {
                if let Some(target) = self.client_mut(client) {
                    if *new {
                        target.shared_with.insert(with.clone());
                    } else {
                        target.shared_with.remove(with);
                    }
                }
            }
            EventPayload::RoutingSaved { new, .. } => self.routing = new.as_deref().cloned(),
            EventPayload::ClientsMerged { merge } => self.merge(merge, true),
            EventPayload::ClientsUnmerged { merge } => self.merge(merge, false),
            EventPayload::Linked { relationship } => self.relationships.insert(relationship),
            EventPayload::Unlinked { relationship } => self.relationships.remove(&relationship.id),
            EventPayload::LinkEnded { relationship, new, .. } => self.relationships.set_ended(relationship, *new),
            EventPayload::TouchRecorded { touch } => self.record_touch(touch),
            EventPayload::TouchStatusChanged { touch, new, .. } => {
                self.touches.set_status(touch, new);
                self.note_violations(touch, new);
            }
            EventPayload::PipelineAdded { pipeline } => self.pipelines.add_pipeline(pipeline),
            EventPayload::PipelineRemoved { pipeline } => self.pipelines.remove_pipeline(&pipeline.id),
            EventPayload::StageAdded { pipeline, stage, position } => {
                self.pipelines.insert_stage(pipeline, stage, *position)
            }
            EventPayload::StageRemoved { pipeline, stage, .. } => self.pipelines.remove_stage(pipeline, &stage.id),
            EventPayload::StageChanged { pipeline, new, .. } => self.pipelines.replace_stage(pipeline, new),
            EventPayload::StagesReordered { pipeline, new, .. } => self.pipelines.reorder(pipeline, new),
            EventPayload::StageMoved { client, pipeline, to, at, .. } => {
                self.pipelines.place(client, pipeline, to.as_ref(), at.unwrap_or(event.recorded_at));
            }
            EventPayload::UserSaved { user, new, .. } => {
                self.people.set_user(user, new.as_ref());
                self.rights = None;
            }
            EventPayload::TeamSaved { team, new, .. } => self.people.set_team(team, new.as_ref()),
            EventPayload::RuleSaved { rule, .. } => self.policy.save(rule),
            EventPayload::RuleRemoved { rule } => self.policy.remove(&rule.id),
            EventPayload::StimuliSaved { pipeline, stage, new, .. } => self.stimuli.set(pipeline, stage, new),
            EventPayload::PlanSaved { plan, .. } => match self.plans.iter_mut().find(|p| p.key() == plan.key()) {
                Some(existing) => *existing = (**plan).clone(),
                None => self.plans.push((**plan).clone()),
            },
            EventPayload::PlanRemoved { plan } => self.plans.retain(|p| p.key() != plan.key()),
            EventPayload::ShowSaved { show, new, .. } => {
                let at = self.shows.iter().position(|s| s.id == *show);
                match (at, new) {
                    (Some(at), Some(new)) => self.shows[at] = (**new).clone(),
                    (None, Some(new)) => self.shows.push((**new).clone()),
                    (Some(at), None) => {
                        self.shows.remove(at);
                    }
                    (None, None) => {}
                }
            }
            EventPayload::LeadSaved { client, new, .. } => match new {
                Some(lead) => {
                    self.leads.insert(client.clone(), (**lead).clone());
                }
                None => {
                    self.leads.remove(client);
                }
            },
            EventPayload::ConsentRecorded { client, consent, by } => {
                let by = by.as_ref().unwrap_or(&event.by).clone();
                let entry = ConsentEntry { consent: consent.clone(), by };
                self.consents.entry(client.clone()).or_default().push(entry);
            }
            EventPayload::ConsentRetracted { client, consent, by } => {
                if let Some(entries) = self.consents.get_mut(client) {
                    let same = |e: &ConsentEntry| e.consent == *consent && by.as_ref().is_none_or(|by| e.by == *by);
                    if let Some(at) = entries.iter().rposition(same) {
                        entries.remove(at);
                    }
                    if entries.is_empty() {
                        self.consents.remove(client);
                    }
                }
            }
            EventPayload::LeadKeyCreated { key } => {
                if !self.lead_keys.contains(key) {
                    self.lead_keys.push((**key).clone());
                }
            }
            EventPayload::WebLeadReceived { lead, outcome } => self.take_lead(lead, outcome, event),
            EventPayload::Imported { source, .. } => self.imports.push(ImportEntry {
                event: event.id.clone(),
                at: event.recorded_at,
                by: event.by.clone(),
                source: source.as_ref().clone(),
            }),
            EventPayload::CampaignPlanned { campaign, events } => self.campaigns.push(CampaignEntry {
                event: event.id.clone(),
                at: event.recorded_at,
                by: event.by.clone(),
                campaign: campaign.as_ref().clone(),
                touches: *events,
            }),
            // The batch's own `Reverted` events undo; `apply` marks the target reverted.
            EventPayload::ImportReverted { .. } => {
                self.batch_reverts_by.insert(event.id.clone(), event.by.clone());
            }
            EventPayload::TemplateSaved { template, .. } => self.templates.save(template),
            EventPayload::TemplateRemoved { template } => self.templates.remove(&template.id),
            EventPayload::Reverted { changes, target } => {
                if self.left_out(target) {
                    return;
                }
                for change in changes {
                    self.apply_payload(change, event);
                }
            }
        }
    }

    /// The conflict `event` meets, if it was decided on a device that had not seen what the
    /// fold applied before it (see [`conflicts::Conflict`]).
    fn conflict_of(&self, event: &Event) -> Option<conflicts::Conflict> {
        use conflicts::Conflict;
        match &event.payload {
            EventPayload::ClientsMerged { merge } => {
                let (keep, drop) = (&merge.keep, &merge.drop);
                let elsewhere = self.merged_into.get(drop).filter(|into| *into != keep);
                let looped = self.canonical(keep) == drop;
                let merged_into = match (elsewhere, looped) {
                    (Some(into), _) => into.clone(),
                    (None, true) => drop.clone(),
                    (None, false) => return None,
                };
                Some(Conflict::MergeLeftOut {
                    event: event.id.clone(),
                    keep: keep.clone(),
                    drop: drop.clone(),
                    merged_into,
                })
            }
            EventPayload::ClientRouted { client, old, new, .. }
            | EventPayload::OwnerChanged { client, old, new, .. } => {
                let current = self.client(client)?.owner.clone();
                (current != *old && current != *new).then(|| Conflict::Assignment {
                    event: event.id.clone(),
                    client: client.clone(),
                    owner: new.clone(),
                    overridden: current,
                })
            }
            _ => None,
        }
    }

    /// Whether the fold left `event` out (a merge it could not apply, an event its author
    /// had no right to).
    pub fn left_out(&self, event: &EventId) -> bool {
        self.conflicts.iter().any(|c| c.leaves_out(event))
    }

    /// What devices decided at once that the fold could not both keep, in fold order.
    pub fn conflicts(&self) -> &[conflicts::Conflict] {
        &self.conflicts
    }

    /// Applies a merge forwards (`drop` into `keep`) or backwards (an unmerge).
    fn merge(&mut self, merge: &Merge, forward: bool) {
        let (keep, drop) = (&merge.keep, &merge.drop);
        let (from, to) = if forward { (drop, keep) } else { (keep, drop) };
        if let Some(target) = self.client_mut(keep) {
            for change in &merge.changes {
                target.fields.set(if forward { change.new.clone() } else { change.old.clone() });
            }
            for alias in &merge.aliases {
                if forward {
                    insert_alias(&mut target.aliases, alias.clone());
                } else {
                    target.aliases.retain(|a| !(a.kind == alias.kind && a.name == alias.name));
                }
            }
        }
        for touch in &merge.touches {
            self.touches.set_client(touch, to);
        }
        for pipeline in &merge.cards {
            self.pipelines.transfer(from, to, pipeline);
        }
        for relink in &merge.relinked {
            self.relationships.remove(&relink.old.id);
            match (forward, &relink.new) {
                (true, Some(new)) => self.relationships.insert(new),
                (true, None) => {}
                (false, _) => self.relationships.insert(&relink.old),
            }
        }
        let drops = self.merged.entry(keep.clone()).or_default();
        drops.retain(|d| d != drop);
        if forward {
            drops.push(drop.clone());
            // A duplicate already removed when the merge reaches it stays removed in its
            // own right, whatever becomes of the merge.
            let removed = self.client(drop).is_some_and(|c| c.removed);
            if self.merged_into.insert(drop.clone(), keep.clone()).is_none() && removed {
                self.removed_while_merged.insert(drop.clone());
            }
            self.set_removed(drop, true);
        } else if self.merged_into.get(drop) == Some(keep) {
            // Unmerged, the duplicate is as its own removals and restorations left it. (An
            // unmerge of a duplicate not merged into `keep` — a merge taken back twice on
            // two devices — changes neither its keeper nor whether it is removed.)
            self.merged_into.remove(drop);
            let removed = self.removed_while_merged.remove(drop);
            self.set_removed(drop, removed);
        }
    }

    /// A client removed or restored by an event of its own (not by a merge): a merged
    /// duplicate stays removed, and only what an unmerge will leave is noted.
    fn remove_in_own_right(&mut self, client: &ClientId, removed: bool) {
        if !self.merged_into.contains_key(client) {
            self.set_removed(client, removed);
        } else if removed && self.client(client).is_some() {
            self.removed_while_merged.insert(client.clone());
        } else {
            self.removed_while_merged.remove(client);
        }
    }

    /// The first take of a lead applies: a new client (added, then routed as `addClient`
    /// routes) or a touch on the client it matched. A later take of the same lead — another
    /// device pulled it at the same time — applies nothing, so every device keeps one
    /// client per lead.
    fn take_lead(&mut self, lead: &crate::model::web_lead::WebLead, outcome: &LeadOutcome, event: &Event) {
        if self.web_leads.contains_key(&lead.id) {
            return;
        }
        let matched = matches!(outcome, LeadOutcome::Matched { .. });
        let taken = TakenLead { event: event.id.clone(), client: outcome.client().clone(), matched };
        self.web_leads.insert(lead.id.clone(), taken);
        match outcome {
            LeadOutcome::Added { client, fields, owner, routed } => {
                let added = EventPayload::ClientAdded {
                    client: client.clone(),
                    name: lead.name.clone(),
                    fields: fields.clone(),
                    aliases: Vec::new(),
                    owner: if routed.is_some() { None } else { owner.clone() },
                };
                self.apply_payload(&added, event);
                if let Some(why) = routed {
                    let routed = EventPayload::ClientRouted {
                        client: client.clone(),
                        old: None,
                        new: owner.clone(),
                        why: why.clone(),
                    };
                    self.apply_payload(&routed, event);
                }
                // What the visitor agreed to on the form (its wording and time sent with
                // it) is the new client's consent, as of when the lead was taken in (the
                // visitor's own clock is not trusted). A lead that says nothing of consent
                // records none: silence is not a refusal.
                let asked = lead.consent.text.is_some() || lead.consent.at.is_some();
                if let (true, Ok(source)) = (asked, WEB_FORM_CONSENT.parse()) {
                    let consent = Consent {
                        contact: lead.consent.contact,
                        marketing: lead.consent.marketing,
                        source,
                        at: event.recorded_at,
                    };
                    let entry = ConsentEntry { consent, by: event.by.clone() };
                    self.consents.entry(client.clone()).or_default().push(entry);
                }
            }
            // A match may be another person with the same address: the client's own
            // consent stands until someone records a new one.
            LeadOutcome::Matched { touch } => self.record_touch(touch),
        }
    }

    /// A touch recorded (the first time its id is met: a repeat changes nothing).
    fn record_touch(&mut self, touch: &Touch) {
        if self.touches.get(&touch.id).is_none() {
            self.touches.record(touch);
            self.note_violations(&touch.id, &touch.status);
        }
    }

    /// Keeps the rules a touch broke when it was done, while it stays done.
    fn note_violations(&mut self, touch: &TouchId, status: &TouchStatus) {
        match status {
            TouchStatus::Done { violations, .. } if !violations.is_empty() => {
                self.touch_violations.insert(touch.clone(), violations.clone());
            }
            _ => {
                self.touch_violations.remove(touch);
            }
        }
    }

    /// The rules the done touch `touch` broke when it was done (none for most).
    pub fn violations_of(&self, touch: &TouchId) -> &[Violation] {
        self.touch_violations.get(touch).map_or(&[], Vec::as_slice)
    }

    /// The lead `id`, if the fold took it in.
    pub fn web_lead(&self, id: &LeadId) -> Option<&TakenLead> {
        self.web_leads.get(id)
    }

    /// Every lead taken in.
    pub fn web_leads(&self) -> impl Iterator<Item = (&LeadId, &TakenLead)> {
        self.web_leads.iter()
    }

    /// The team's lead keys, oldest first: the last is the current one.
    pub fn lead_keys(&self) -> &[LeadKey] {
        &self.lead_keys
    }

    fn set_owner(&mut self, client: &ClientId, new: Option<&UserId>) {
        let Some(target) = self.client_mut(client) else { return };
        let old = std::mem::replace(&mut target.owner, new.cloned());
        if !target.removed {
            self.count_load(old.as_ref(), -1);
            self.count_load(new, 1);
        }
    }

    fn set_removed(&mut self, client: &ClientId, removed: bool) {
        let Some(target) = self.client_mut(client) else { return };
        if target.removed == removed {
            return;
        }
        target.removed = removed;
        let owner = target.owner.clone();
        self.count_load(owner.as_ref(), if removed { -1 } else { 1 });
    }

    fn count_load(&mut self, owner: Option<&UserId>, by: i32) {
        if let Some(owner) = owner {
            let load = self.loads.entry(owner.clone()).or_default();
            *load = load.saturating_add_signed(by);
        }
    }

    /// How many live clients `user` owns.
    pub fn load(&self, user: &UserId) -> u32 {
        self.loads.get(user).copied().unwrap_or(0)
    }

    /// The member `team`'s queue served last.
    pub fn last_served(&self, team: &TeamId) -> Option<&UserId> {
        self.last_served.get(team)
    }

    fn client_mut(&mut self, id: &ClientId) -> Option<&mut Client> {
        self.client_index.get(id).map(|&i| &mut self.clients[i])
    }

    /// A client by id, removed or not.
    pub fn client(&self, id: &ClientId) -> Option<&Client> {
        self.client_index.get(id).map(|&i| &self.clients[i])
    }

    /// A client that exists and is not removed.
    pub fn live_client(&self, id: &ClientId) -> Option<&Client> {
        self.client(id).filter(|c| !c.removed)
    }

    /// Clients that are not removed, in the order they were created.
    pub fn clients(&self) -> impl Iterator<Item = &Client> {
        self.clients.iter().filter(|c| !c.removed)
    }

    /// Every client, removed ones included.
    pub fn all_clients(&self) -> impl Iterator<Item = &Client> {
        self.clients.iter()
    }

    /// Whether `event` has been applied.
    pub fn knows(&self, event: &EventId) -> bool {
        self.applied.contains(event)
    }

    /// The store position of the record holding `event`.
    pub fn position_of(&self, event: &EventId) -> Option<u64> {
        self.applied.position(event)
    }

    /// The clients whose events make up `client`'s history: itself and the duplicates
    /// merged into it, through any chain of merges.
    pub fn history_clients(&self, client: &ClientId) -> Vec<ClientId> {
        let mut found = vec![client.clone()];
        let mut next = 0;
        while next < found.len() {
            let drops = self.merged.get(&found[next]).into_iter().flatten();
            let fresh: Vec<ClientId> = drops.filter(|d| !found.contains(d)).cloned().collect();
            found.extend(fresh);
            next += 1;
        }
        found
    }

    /// The store records holding the events about `clients`, in store order.
    pub fn records_of(&self, clients: &[ClientId]) -> Vec<u64> {
        let mut positions: Vec<u64> = clients
            .iter()
            .flat_map(|c| self.client_records.get(c).into_iter().flatten().map(|&p| u64::from(p)))
            .collect();
        sort::sort(&mut positions);
        positions.dedup();
        positions
    }

    /// Every revert, with its target.
    pub fn reverts(&self) -> impl Iterator<Item = (&EventId, &EventId)> {
        self.reverts.iter()
    }

    /// The clients an event since `revision` concerned (see [`CrmState::revision`]).
    pub fn clients_changed_since(&self, revision: usize) -> impl Iterator<Item = &Client> {
        self.clients.iter().zip(&self.revisions).filter(move |(_, r)| **r > revision).map(|(c, _)| c)
    }

    /// A number that grows with every event applied.
    pub fn revision(&self) -> usize {
        self.applied.len()
    }

    /// The last event in fold order, and its clock.
    pub fn newest(&self) -> Option<&(Hlc, EventId)> {
        self.newest.as_ref()
    }

    /// Whether other clients were merged into `client` (its touches are theirs too).
    pub(crate) fn merged_from(&self, client: &ClientId) -> bool {
        self.merged.get(client).is_some_and(|drops| !drops.is_empty())
    }

    /// `client` and every client merged into it, through any chain of merges.
    pub fn with_merged<'a>(&'a self, client: &'a ClientId) -> Vec<&'a ClientId> {
        let mut all = vec![client];
        let mut next = 0;
        while let Some(&at) = all.get(next) {
            for drop in self.merged.get(at).into_iter().flatten() {
                // A loop (forced reverts redoing crossed merges) is walked once.
                if !all.contains(&drop) {
                    all.push(drop);
                }
            }
            next += 1;
        }
        all
    }

    /// The client's touches and those of the clients merged into it, in the order they
    /// were recorded: a touch logged on a duplicate on another device while this one
    /// merged it — which the merge could not move, not knowing it — follows the merge.
    pub fn touches_of<'a>(&'a self, client: &ClientId) -> impl Iterator<Item = TouchFacts<'a>> + use<'a> {
        // Most clients never had a duplicate merged into them: their own list, as recorded,
        // with nothing gathered, sorted or allocated (the agenda asks this of every client).
        let (own, merged) = match self.merged.get(client) {
            Some(drops) if !drops.is_empty() => (None, Some(self.touches.of_clients(&self.with_merged(client)))),
            _ => (Some(self.touches.of_client(client)), None),
        };
        own.into_iter().flatten().chain(merged.into_iter().flatten())
    }

    /// The client `client` was merged into, if it was.
    pub fn merged_into(&self, client: &ClientId) -> Option<&ClientId> {
        self.merged_into.get(client)
    }

    /// Whether `client` is removed by a removal of its own, not only merged away: what
    /// reverting its creation, removal or restoration compares (an unmerge leaves such a
    /// client removed, and brings back any other).
    pub fn removed_in_own_right(&self, client: &ClientId) -> bool {
        if self.merged_into.contains_key(client) {
            self.removed_while_merged.contains(client)
        } else {
            self.client(client).is_some_and(|c| c.removed)
        }
    }

    /// The client that stands for `client` now: itself, or the client it was merged into
    /// (through any chain of merges).
    pub fn canonical<'a>(&'a self, mut client: &'a ClientId) -> &'a ClientId {
        // A chain is at most as long as there are merges; a loop (forced reverts redoing
        // crossed merges can make one) ends where it started over.
        for _ in 0..self.merged_into.len() {
            match self.merged_into.get(client) {
                Some(keep) => client = keep,
                None => break,
            }
        }
        client
    }

    /// The event that last wrote the setting `slot` (not one tied to a client: those are
    /// found in the client's history).
    pub fn settings_writer(&self, slot: &Slot) -> Option<&EventId> {
        self.settings_writers.get(slot)
    }

    /// The event that reverted `event`, if one did.
    pub fn reverted_by(&self, event: &EventId) -> Option<&EventId> {
        self.reverted_by.get(event)
    }

    /// Every show, archived ones too, in the order they were created.
    pub fn shows(&self) -> &[Show] {
        &self.shows
    }

    pub fn show(&self, id: &ShowId) -> Option<&Show> {
        self.shows.iter().find(|s| s.id == *id)
    }

    /// The client's lead record, if it was met at a show: its own, else that of a
    /// duplicate merged into it (a lead met at the stand, merged into the client it was).
    pub fn lead(&self, client: &ClientId) -> Option<&Lead> {
        self.leads.get(client).or_else(|| {
            self.merged.get(client)?;
            self.with_merged(client).into_iter().skip(1).find_map(|d| self.leads.get(d))
        })
    }

    /// The lead record events wrote for this very client (what a revert compares).
    pub(crate) fn own_lead(&self, client: &ClientId) -> Option<&Lead> {
        self.leads.get(client)
    }

    /// Every lead record, by client, in no particular order.
    pub fn leads(&self) -> impl Iterator<Item = (&ClientId, &Lead)> {
        self.leads.iter()
    }

    /// The client's current consent: the one [`CrmState::consent_at`] the end of time.
    pub fn consent(&self, client: &ClientId) -> Option<&ConsentEntry> {
        self.consent_at(client, DateTime::<Utc>::MAX_UTC)
    }

    /// The client's consent as it stood at `at`: the last one recorded (in fold order)
    /// that was given by then. A touch planned ahead meets the current one; a touch done
    /// yesterday, the one of yesterday. With duplicates merged into the client, the one
    /// given last of theirs and its own.
    pub fn consent_at(&self, client: &ClientId, at: DateTime<Utc>) -> Option<&ConsentEntry> {
        let of =
            |id: &ClientId| self.consents.get(id).and_then(|entries| entries.iter().rev().find(|e| e.consent.at <= at));
        let own = of(client);
        if !self.merged.contains_key(client) {
            return own;
        }
        self.with_merged(client).into_iter().filter_map(of).fold(None, |best: Option<&ConsentEntry>, e| match best {
            Some(b) if b.consent.at >= e.consent.at => Some(b),
            _ => Some(e),
        })
    }

    /// Every consent recorded for the client and the duplicates merged into it, oldest
    /// first (by when given; the client's own in the order recorded).
    pub fn consents(&self, client: &ClientId) -> Vec<&ConsentEntry> {
        let mut all: Vec<&ConsentEntry> = Vec::new();
        for id in self.with_merged(client) {
            all.extend(self.consents.get(id).into_iter().flatten());
        }
        if self.merged.contains_key(client) {
            sort::sort_by_key(&mut all, |e| e.consent.at);
        }
        all
    }

    /// The consents events wrote for this very client (what a revert compares).
    pub(crate) fn own_consents(&self, client: &ClientId) -> &[ConsentEntry] {
        self.consents.get(client).map_or(&[], Vec::as_slice)
    }

    /// How many events have been applied.
    pub fn event_count(&self) -> usize {
        self.applied.len()
    }
}

impl Standing for CrmState {
    fn people(&self) -> &People {
        &self.people
    }

    fn client(&self, id: &ClientId) -> Option<&Client> {
        CrmState::client(self, id)
    }

    fn linked(&self, relationship: &RelationshipId) -> Option<[&ClientId; 2]> {
        self.relationships.get(relationship).map(|r| [&r.from, &r.to])
    }

    fn touch_client(&self, touch: &TouchId) -> Option<&ClientId> {
        self.touches.get(touch).map(|t| t.client)
    }
}

/// Keeps aliases sorted by kind and name, one of each: their order then never depends on
/// the order of the edits that made them.
fn insert_alias(aliases: &mut Vec<Alias>, alias: Alias) {
    let key = |a: &Alias| (a.kind, a.name.clone());
    if let Err(position) = aliases.binary_search_by_key(&key(&alias), key) {
        aliases.insert(position, alias);
    }
}
