//! Reverting one event: the compensating changes, and the check that nothing later
//! depends on what it wrote.

use crate::error::Error;
use crate::model::client::{Alias, Client};
use crate::model::event::{Event, EventPayload, FieldChange, Slot};
use crate::model::merge::Merge;
use crate::model::pipeline::CardPosition;
use crate::model::touch::{Touch, TouchStatus};
use crate::model::web_lead::LeadOutcome;
use crate::state::CrmState;
use crate::values::ids::StageId;
use crate::values::ids::{EventId, TouchId};

/// What a revert needs that the state does not keep: the target event, read from the
/// store, and the last writer of each of its slots that belong to a client, found in the
/// histories of its clients.
#[derive(Debug, Clone)]
pub(crate) struct RevertContext {
    pub(crate) target: Event,
    last_writers: rustc_hash::FxHashMap<Slot, EventId>,
    /// The clients' touches with their texts, which the state does not keep: a touch's
    /// status is changed back exactly, result and reason included.
    touches: rustc_hash::FxHashMap<TouchId, Touch>,
    /// When the target marks a batch (an import): the batch's events, in order.
    pub(crate) members: Vec<Event>,
}

impl RevertContext {
    /// `history`: every event about the target's clients (and their merged duplicates and
    /// keepers), in fold order.
    pub(crate) fn new(target: Event, history: &[Event]) -> Self {
        let wanted: Vec<Slot> = target.payload.slots().into_iter().filter(Slot::is_client_tied).collect();
        let mut last_writers = rustc_hash::FxHashMap::default();
        for event in history {
            for slot in event.payload.slots() {
                if wanted.contains(&slot) {
                    last_writers.insert(slot, event.id.clone());
                }
            }
        }
        Self { target, last_writers, touches: crate::state::touch_texts::full_touches(history), members: Vec::new() }
    }

    /// A batch's marker and its events. Whether a later change overwrote what the batch
    /// wrote is read off the state (the batch's fields still hold what it set), not off
    /// the histories of all its clients.
    pub(crate) fn batch(target: Event, members: Vec<Event>) -> Self {
        Self { target, last_writers: Default::default(), touches: Default::default(), members }
    }

    pub(crate) fn target(&self) -> &Event {
        &self.target
    }

    fn last_writer<'a>(&'a self, state: &'a CrmState, slot: &Slot) -> Option<&'a EventId> {
        if slot.is_client_tied() {
            self.last_writers.get(slot)
        } else {
            state.settings_writer(slot)
        }
    }
}

/// The `Reverted` event that undoes the context's target in the current state.
pub(crate) fn compensate(state: &CrmState, context: &RevertContext, force: bool) -> Result<EventPayload, Error> {
    let event = &context.target;
    let target = &event.id;
    if let Some(by) = state.reverted_by(target) {
        return Err(Error::Conflict {
            later: Some(by.clone()),
            reason: format!("cannot revert {target}: it was already reverted by {by}"),
        });
    }
    if !force {
        for slot in event.payload.slots() {
            match context.last_writer(state, &slot) {
                Some(writer) if writer != target => {
                    return Err(Error::Conflict {
                        later: Some(writer.clone()),
                        reason: format!("cannot revert {target}: {} was changed later by {writer}", describe(&slot)),
                    });
                }
                _ => {}
            }
        }
    }
    // What the fold left out (its author had no right to it, a merge it could not apply)
    // changed nothing, nor did a revert of it: there is nothing to take back, whatever
    // clients it names.
    let changed_nothing = state.left_out(target)
        || matches!(&event.payload, EventPayload::Reverted { target: undone, .. } if state.left_out(undone));
    let changes = if changed_nothing { Vec::new() } else { inverse(state, context, &event.payload)? };
    Ok(EventPayload::Reverted { target: target.clone(), changes })
}

/// The payloads that undo `payload`, computed against the current state: only what still
/// differs is changed back, so a forced revert restores the old values over whatever is
/// there now, and reverting that revert is exact.
pub(crate) fn inverse(
    state: &CrmState,
    context: &RevertContext,
    payload: &EventPayload,
) -> Result<Vec<EventPayload>, Error> {
    // A client this device does not know, named by an event that stood: the event that
    // adds it has not arrived yet, and undoing what was done to it must wait for it.
    let client_of = |id| {
        state.client(id).ok_or_else(|| Error::Conflict {
            reason: format!(
                "cannot revert {}: client {id} is not on this device yet (the change that adds it has not \
                 arrived); sync and try again",
                context.target.id
            ),
            later: None,
        })
    };
    let has_alias =
        |client: &Client, alias: &Alias| client.aliases.iter().any(|a| a.kind == alias.kind && a.name == alias.name);
    Ok(match payload {
        // A merged duplicate is removed whether or not it was removed itself: what counts
        // is its own removal, which an unmerge leaves standing.
        EventPayload::ClientAdded { client, .. } | EventPayload::ClientRestored { client } => {
            client_of(client)?;
            if state.removed_in_own_right(client) {
                Vec::new()
            } else {
                vec![EventPayload::ClientRemoved { client: client.clone() }]
            }
        }
        EventPayload::ClientRemoved { client } => {
            client_of(client)?;
            if state.removed_in_own_right(client) {
                vec![EventPayload::ClientRestored { client: client.clone() }]
            } else {
                Vec::new()
            }
        }
        EventPayload::ClientUpdated { client, changes } => {
            let current = client_of(client)?;
            let undo = changes
                .iter()
                .rev()
                .map(|change| FieldChange { old: current.fields.get(change.new.field()), new: change.old.clone() })
                .filter(|change| change.old != change.new)
                .collect::<Vec<_>>();
            let mut restored = current.fields.clone();
            for change in &undo {
                restored.set(change.new.clone());
            }
            if let Err(contradiction) = restored.check() {
                return Err(Error::Conflict {
                    reason: format!("the profile would contradict itself: {contradiction}"),
                    later: None,
                });
            }
            if undo.is_empty() {
                Vec::new()
            } else {
                vec![EventPayload::ClientUpdated { client: client.clone(), changes: undo }]
            }
        }
        EventPayload::ClientRenamed { client, old, former_added, former_removed, .. } => {
            let current = client_of(client)?;
            let former_added_back = former_removed.clone().filter(|alias| !has_alias(current, alias));
            let former_removed_back = former_added.clone().filter(|alias| has_alias(current, alias));
            if current.name == *old && former_added_back.is_none() && former_removed_back.is_none() {
                Vec::new()
            } else {
                vec![EventPayload::ClientRenamed {
                    client: client.clone(),
                    old: current.name.clone(),
                    new: old.clone(),
                    former_added: former_added_back,
                    former_removed: former_removed_back,
                }]
            }
        }
        EventPayload::AliasAdded { client, alias } => {
            if has_alias(client_of(client)?, alias) {
                vec![EventPayload::AliasRemoved { client: client.clone(), alias: alias.clone() }]
            } else {
                Vec::new()
            }
        }
        EventPayload::AliasRemoved { client, alias } => {
            if has_alias(client_of(client)?, alias) {
                Vec::new()
            } else {
                vec![EventPayload::AliasAdded { client: client.clone(), alias: alias.clone() }]
            }
        }
        EventPayload::OwnerChanged { client, old, .. } => {
            let current = &client_of(client)?.owner;
            swap(current, old, |now, back| EventPayload::OwnerChanged {
                client: client.clone(),
                old: now,
                new: back,
                reason: None,
            })
        }
        EventPayload::ClientRouted { client, old, .. } => {
            let current = &client_of(client)?.owner;
            swap(current, old, |now, back| EventPayload::OwnerChanged {
                client: client.clone(),
                old: now,
                new: back,
                reason: Some("routing reverted".into()),
            })
        }
        EventPayload::ShareChanged { client, with, old, .. } => {
            let current = client_of(client)?.shared_with.contains(with);
            swap(&current, old, |now, back| EventPayload::ShareChanged {
                client: client.clone(),
                with: with.clone(),
                old: now,
                new: back,
            })
        }
        // Only what still differs: a merge already taken back (by a revert of a redo, say)
        // is not taken back twice, nor a merge redone twice.
        EventPayload::ClientsMerged { merge } => {
            if state.merged_into(&merge.drop) == Some(&merge.keep) {
                vec![EventPayload::ClientsUnmerged { merge: Box::new(still_standing(state, merge, true)) }]
            } else {
                Vec::new()
            }
        }
        EventPayload::ClientsUnmerged { merge } => {
            if state.merged_into(&merge.drop).is_none() {
                vec![EventPayload::ClientsMerged { merge: Box::new(still_standing(state, merge, false)) }]
            } else {
                Vec::new()
            }
        }
        EventPayload::RoutingSaved { old, .. } => {
            let current = state.routing.clone().map(Box::new);
            swap(&current, old, |now, back| EventPayload::RoutingSaved { old: now, new: back })
        }
        EventPayload::Linked { relationship } => match state.relationships.get(&relationship.id) {
            Some(current) => vec![EventPayload::Unlinked { relationship: Box::new(current.clone()) }],
            None => Vec::new(),
        },
        EventPayload::Unlinked { relationship } => match state.relationships.get(&relationship.id) {
            Some(_) => Vec::new(),
            None => {
                let r = relationship;
                if r.kind.is_structural() && state.relationships.is_above(&r.to, &r.from) {
                    return Err(Error::Conflict {
                        reason: format!("{} is above {} in the group now; linking them back would loop", r.to, r.from),
                        later: None,
                    });
                }
                vec![EventPayload::Linked { relationship: relationship.clone() }]
            }
        },
        EventPayload::LinkEnded { relationship, between, old, .. } => {
            let current = state
                .relationships
                .get(relationship)
                .ok_or_else(|| Error::NotFound { what: "relationship", id: relationship.to_string() })?;
            swap(&current.ended, old, |now, back| EventPayload::LinkEnded {
                relationship: relationship.clone(),
                between: between.clone(),
                old: now,
                new: back,
            })
        }
        EventPayload::TouchRecorded { touch } => {
            let current = context.touches.get(&touch.id).map_or(TouchStatus::Retracted, |t| t.status.clone());
            swap(&current, &TouchStatus::Retracted, |now, back| EventPayload::TouchStatusChanged {
                touch: touch.id.clone(),
                client: touch.client.clone(),
                old: now,
                new: back,
            })
        }
        EventPayload::TouchStatusChanged { touch, client, old, .. } => {
            let not_found = || Error::NotFound { what: "touch", id: touch.to_string() };
            let facts = state.touches.get(touch).ok_or_else(not_found)?;
            let current = context.touches.get(touch).ok_or_else(not_found)?;
            // A touch coming back (planned or done) must keep the contact policy again.
            let back_at = match old {
                TouchStatus::Planned if current.status != TouchStatus::Planned => Some(current.at),
                TouchStatus::Done { done_at, .. } => Some(*done_at),
                _ => None,
            };
            if let Some(verdict) = back_at.and_then(|at| state.policy.refuses(state, facts, at)) {
                return Err(Error::Conflict {
                    reason: format!("touch {touch} cannot come back: {}", Error::AggressionLimit(Box::new(verdict))),
                    later: None,
                });
            }
            swap(&current.status, old, |now, back| EventPayload::TouchStatusChanged {
                touch: touch.clone(),
                client: client.clone(),
                old: now,
                new: back,
            })
        }
        EventPayload::PipelineAdded { pipeline } => match state.pipelines.get(&pipeline.id) {
            Some(current) => {
                if state.pipelines.has_cards(&current.id) {
                    return Err(Error::Conflict {
                        reason: format!("pipeline {} holds cards; move them out first", current.id),
                        later: None,
                    });
                }
                vec![EventPayload::PipelineRemoved { pipeline: Box::new(current.clone()) }]
            }
            None => Vec::new(),
        },
        EventPayload::PipelineRemoved { pipeline } => match state.pipelines.get(&pipeline.id) {
            Some(_) => Vec::new(),
            None => vec![EventPayload::PipelineAdded { pipeline: pipeline.clone() }],
        },
        EventPayload::StageAdded { pipeline, stage, .. } => {
            let current = state.pipelines.get(pipeline);
            match current.and_then(|p| p.stages.iter().position(|s| s.id == stage.id).map(|i| (i, &p.stages[i]))) {
                Some((position, current)) => {
                    if state.pipelines.cards_on(pipeline, &stage.id) > 0 {
                        return Err(Error::Conflict {
                            reason: format!("stage {} holds cards; retire it instead", stage.id),
                            later: None,
                        });
                    }
                    vec![EventPayload::StageRemoved { pipeline: pipeline.clone(), stage: current.clone(), position }]
                }
                None => Vec::new(),
            }
        }
        EventPayload::StageRemoved { pipeline, stage, position } => {
            match state.pipelines.get(pipeline).and_then(|p| p.stage(&stage.id)) {
                Some(_) => Vec::new(),
                None => vec![EventPayload::StageAdded {
                    pipeline: pipeline.clone(),
                    stage: stage.clone(),
                    position: *position,
                }],
            }
        }
        EventPayload::StageChanged { pipeline, old, .. } => {
            let current = state
                .pipelines
                .get(pipeline)
                .and_then(|p| p.stage(&old.id))
                .ok_or_else(|| Error::NotFound { what: "stage", id: old.id.to_string() })?;
            swap(current, old, |now, back| EventPayload::StageChanged {
                pipeline: pipeline.clone(),
                old: now,
                new: back,
            })
        }
        EventPayload::StagesReordered { pipeline, old, .. } => {
            let current: Vec<StageId> = state
                .pipelines
                .get(pipeline)
                .map(|p| p.stages.iter().map(|s| s.id.clone()).collect())
                .unwrap_or_default();
            swap(&current, old, |now, back| EventPayload::StagesReordered {
                pipeline: pipeline.clone(),
                old: now,
                new: back,
            })
        }
        EventPayload::StageMoved { client, pipeline, from, .. } => {
            if let Some(CardPosition::Stage { stage }) = from {
                let target = state.pipelines.get(pipeline).and_then(|p| p.stage(stage));
                if target.is_none_or(|s| s.retired) {
                    return Err(Error::Conflict {
                        reason: format!(
                            "stage {stage} of pipeline {pipeline} was retired or removed since; move the card instead"
                        ),
                        later: state.settings_writer(&Slot::Stage(pipeline.clone(), stage.clone())).cloned(),
                    });
                }
            }
            let current = state.pipelines.card(client, pipeline).map(|c| c.position.clone());
            swap(&current, from, |now, back| EventPayload::StageMoved {
                client: client.clone(),
                pipeline: pipeline.clone(),
                from: now,
                to: back,
                amount: None,
                // The card goes back when the revert is recorded.
                at: None,
            })
        }
        EventPayload::UserSaved { user, old, .. } => {
            let current = state.people.user(user).cloned();
            swap(&current, old, |now, back| EventPayload::UserSaved { user: user.clone(), old: now, new: back })
        }
        EventPayload::TeamSaved { team, old, .. } => {
            let current = state.people.team(team).cloned();
            swap(&current, old, |now, back| EventPayload::TeamSaved { team: team.clone(), old: now, new: back })
        }
        EventPayload::RuleSaved { rule, old } => {
            let current = state.policy.rule(&rule.id).cloned().map(Box::new);
            match (current, old) {
                (Some(current), Some(old)) if current != *old => {
                    vec![EventPayload::RuleSaved { rule: old.clone(), old: Some(current) }]
                }
                (Some(current), None) => vec![EventPayload::RuleRemoved { rule: current }],
                (None, Some(old)) => vec![EventPayload::RuleSaved { rule: old.clone(), old: None }],
                _ => Vec::new(),
            }
        }
        EventPayload::RuleRemoved { rule } => match state.policy.rule(&rule.id) {
            Some(_) => Vec::new(),
            None => vec![EventPayload::RuleSaved { rule: rule.clone(), old: None }],
        },
        EventPayload::StimuliSaved { pipeline, stage, old, .. } => {
            let current = state.stimuli.for_stage(pipeline, stage).to_vec();
            swap(&current, old, |now, back| EventPayload::StimuliSaved {
                pipeline: pipeline.clone(),
                stage: stage.clone(),
                old: now,
                new: back,
            })
        }
        EventPayload::PlanSaved { plan, old } => {
            let current = state.plans.iter().find(|p| p.key() == plan.key()).cloned().map(Box::new);
            match (current, old) {
                (Some(current), Some(old)) if current != *old => {
                    vec![EventPayload::PlanSaved { plan: old.clone(), old: Some(current) }]
                }
                (Some(current), None) => vec![EventPayload::PlanRemoved { plan: current }],
                (None, Some(old)) => vec![EventPayload::PlanSaved { plan: old.clone(), old: None }],
                _ => Vec::new(),
            }
        }
        EventPayload::PlanRemoved { plan } => match state.plans.iter().find(|p| p.key() == plan.key()) {
            Some(_) => Vec::new(),
            None => vec![EventPayload::PlanSaved { plan: plan.clone(), old: None }],
        },
        EventPayload::ShowSaved { show, old, .. } => {
            let current = state.show(show).cloned().map(Box::new);
            swap(&current, old, |now, back| EventPayload::ShowSaved { show: show.clone(), old: now, new: back })
        }
        EventPayload::LeadSaved { client, old, .. } => {
            let current = state.own_lead(client).cloned().map(Box::new);
            swap(&current, old, |now, back| EventPayload::LeadSaved { client: client.clone(), old: now, new: back })
        }
        EventPayload::ConsentRecorded { client, consent, by } => {
            let by = by.as_ref().unwrap_or(&context.target.by);
            match state.own_consents(client).iter().rev().find(|e| e.consent == *consent && e.by == *by) {
                Some(entry) => vec![EventPayload::ConsentRetracted {
                    client: client.clone(),
                    consent: consent.clone(),
                    by: Some(entry.by.clone()),
                }],
                None => Vec::new(),
            }
        }
        EventPayload::ConsentRetracted { client, consent, by } => vec![EventPayload::ConsentRecorded {
            client: client.clone(),
            consent: consent.clone(),
            by: Some(by.as_ref().unwrap_or(&context.target.by).clone()),
        }],
        EventPayload::Reverted { changes, .. } => {
            let mut undo = Vec::new();
            for change in changes.iter().rev() {
                undo.extend(inverse(state, context, change)?);
            }
            undo
        }
        // Leads sealed to a key must go on opening: a key is replaced, never taken back.
        EventPayload::LeadKeyCreated { .. } => {
            return Err(Error::Conflict {
                later: None,
                reason: "a lead key is not taken back (leads sealed to it must still open): create a new one".into(),
            })
        }
        // A lead is undone as what it applied: the client it added removed, or its touch
        // retracted. One that lost to another device's take of the same lead applied
        // nothing, and has nothing to undo.
        EventPayload::WebLeadReceived { lead, outcome } => {
            if state.web_lead(&lead.id).map(|taken| &taken.event) != Some(&context.target.id) {
                return Ok(Vec::new());
            }
            match &**outcome {
                LeadOutcome::Added { client, .. } => inverse(
                    state,
                    context,
                    &EventPayload::ClientAdded {
                        client: client.clone(),
                        name: lead.name.clone(),
                        fields: Box::default(),
                        aliases: Vec::new(),
                        owner: None,
                    },
                )?,
                LeadOutcome::Matched { touch } => inverse(
                    state,
                    context,
                    &EventPayload::TouchRecorded { touch: std::rc::Rc::new((**touch).clone()) },
                )?,
            }
        }
        // A batch's marker changes nothing itself; its events are reverted one by one
        // (`command::imports::revert_batch`).
        EventPayload::Imported { .. } | EventPayload::ImportReverted { .. } | EventPayload::CampaignPlanned { .. } => {
            Vec::new()
        }
        EventPayload::TemplateSaved { template, old } => {
            let current = state.templates.get(&template.id).cloned().map(Box::new);
            match (current, old) {
                (Some(current), Some(old)) if current != *old => {
                    vec![EventPayload::TemplateSaved { template: old.clone(), old: Some(current) }]
                }
                (Some(current), None) => vec![EventPayload::TemplateRemoved { template: current }],
                (None, Some(old)) => vec![EventPayload::TemplateSaved { template: old.clone(), old: None }],
                _ => Vec::new(),
            }
        }
        EventPayload::TemplateRemoved { template } => match state.templates.get(&template.id) {
            Some(_) => Vec::new(),
            None => vec![EventPayload::TemplateSaved { template: template.clone(), old: None }],
        },
    })
}

/// The part of `merge` that still stands in the current state, to be taken back (`merged`:
/// the merge is in force and is being undone) or put back (it was undone and is being
/// redone): only what a later change did not already move on.
fn still_standing(state: &CrmState, merge: &Merge, merged: bool) -> Merge {
    let (keep, drop) = (&merge.keep, &merge.drop);
    let kept = state.client(keep);
    let (now, there) = if merged { (keep, drop) } else { (drop, keep) };
    let changes = merge
        .changes
        .iter()
        .filter(|c| {
            kept.is_some_and(|k| k.fields.get(c.new.field()) == if merged { c.new.clone() } else { c.old.clone() })
        })
        .cloned()
        .collect();
    let has_alias = |a: &Alias| kept.is_some_and(|k| k.aliases.iter().any(|x| x.kind == a.kind && x.name == a.name));
    let aliases = merge.aliases.iter().filter(|a| has_alias(a) == merged).cloned().collect();
    let touches =
        merge.touches.iter().filter(|t| state.touches.get(t).is_some_and(|t| t.client == now)).cloned().collect();
    let cards = merge
        .cards
        .iter()
        .filter(|p| state.pipelines.card(now, p).is_some() && state.pipelines.card(there, p).is_none())
        .cloned()
        .collect();
    let relinked = merge
        .relinked
        .iter()
        .filter(|r| {
            let current = state.relationships.get(&r.old.id);
            if merged {
                current == r.new.as_ref()
            } else {
                current == Some(&r.old)
            }
        })
        .cloned()
        .collect();
    Merge { keep: keep.clone(), drop: drop.clone(), changes, aliases, touches, cards, relinked }
}

/// One payload that sets a value from `now` back to `back`, or none if they are equal.
fn swap<T: PartialEq + Clone>(now: &T, back: &T, payload: impl FnOnce(T, T) -> EventPayload) -> Vec<EventPayload> {
    if now == back {
        Vec::new()
    } else {
        vec![payload(now.clone(), back.clone())]
    }
}

fn describe(slot: &Slot) -> String {
    match slot {
        Slot::Owner(client) => format!("the owner of client {client}"),
        Slot::Share(client, with) => format!("whether client {client} is shared with {with}"),
        Slot::Routing => "the routing settings".into(),
        Slot::Relationship(id) => format!("relationship {id}"),
        Slot::Touch(id) => format!("touch {id}"),
        Slot::Pipeline(id) => format!("pipeline {id}"),
        Slot::Stage(pipeline, stage) => format!("stage {stage} of pipeline {pipeline}"),
        Slot::StageOrder(pipeline) => format!("the order of stages in pipeline {pipeline}"),
        Slot::Card(client, pipeline) => format!("the card of client {client} in pipeline {pipeline}"),
        Slot::User(user) => format!("user {user}"),
        Slot::Team(team) => format!("team {team}"),
        Slot::Rule(rule) => format!("contact rule {rule}"),
        Slot::Plan(key) => format!("the plan {key}"),
        Slot::Show(show) => format!("show {show}"),
        Slot::Lead(client) => format!("the lead record of client {client}"),
        Slot::Consent(client) => format!("the consent of client {client}"),
        Slot::LeadKey => "the team's lead key".into(),
        Slot::Template(id) => format!("template {id}"),
        Slot::Stimuli(pipeline, stage) => format!("the suggestions for stage {stage} of pipeline {pipeline}"),
        Slot::Existence(client) => format!("whether client {client} exists"),
        Slot::Name(client) => format!("the name of client {client}"),
        Slot::Field(client, field) => format!("{field} of client {client}"),
        Slot::Alias(client, kind, name) => format!("the {kind} alias {name:?} of client {client}"),
    }
}
