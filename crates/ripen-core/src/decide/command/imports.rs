//! Deciding an import (its marker, the new clients, their employers' links, the existing
//! clients filled in) and the revert of a batch (an import, a campaign) as one.

use super::{clients, live, Decision, Stamper};
use crate::decide::revert::{inverse, RevertContext};
use crate::error::{Error, Problem, ValidationError};
use crate::model::client::{Client, ClientKind};
use crate::model::event::{Event, EventPayload};
use crate::model::import::{EmployerRef, ImportBatch};
use crate::model::relationship::{RelationKind, Relationship};
use crate::state::CrmState;
use crate::values::clean::clean_line;
use crate::values::ids::{ClientId, RelationshipId};

pub(super) fn import(state: &CrmState, batch: ImportBatch, stamper: &mut Stamper<'_>) -> Result<Decision, Error> {
    batch.check()?;
    let ImportBatch { source, clients: imported, merges } = batch;
    let mut events = vec![stamper.stamp(|_| EventPayload::Imported { source: Box::new(source), events: 0 })];

    let employers: Vec<_> = imported.iter().map(|c| c.employer.clone()).collect();
    let existing = employers.iter().enumerate().map(|(i, e)| (format!("clients[{i}].employer"), e));
    let of_merges = merges.iter().enumerate().map(|(i, m)| (format!("merges[{i}].employer"), &m.employer));
    for (field, employer) in existing.chain(of_merges) {
        if let Some((EmployerRef::Existing(company), _)) = employer {
            if live(state, company)?.kind() != ClientKind::Company {
                return Err(invalid(field, format!("{company} is not a company")));
            }
        }
    }
    let Decision::Events(added) = clients::add(state, imported.into_iter().map(|c| c.client).collect(), true, stamper)?
    else {
        unreachable!("adding clients stamps its own events")
    };
    let new_ids: Vec<ClientId> = added
        .iter()
        .filter_map(|e| match &e.payload {
            EventPayload::ClientAdded { client, .. } => Some(client.clone()),
            _ => None,
        })
        .collect();
    events.extend(added);

    let company_of = |employer: EmployerRef| match employer {
        EmployerRef::New(index) => new_ids[index].clone(),
        EmployerRef::Existing(id) => id,
    };
    for (i, employer) in employers.into_iter().enumerate() {
        let Some((company, position)) = employer else { continue };
        let position = position.map(|p| clean_line(&format!("clients[{i}].position"), &p, 200)).transpose()?;
        events.push(employ(stamper, company_of(company), new_ids[i].clone(), position));
    }

    for (i, merge) in merges.into_iter().enumerate() {
        let current = live(state, &merge.into)?;
        // A merge fills gaps: a person who already works somewhere keeps that job alone.
        let employed = state
            .relationships
            .of_client(&merge.into)
            .any(|r| r.kind == RelationKind::Employee && r.to == merge.into && r.ended.is_none());
        if let Some((company, position)) = merge.employer.filter(|_| current.kind() == ClientKind::Person && !employed)
        {
            let position = position.map(|p| clean_line(&format!("merges[{i}].position"), &p, 200)).transpose()?;
            events.push(employ(stamper, company_of(company), merge.into.clone(), position));
        }
        let Decision::Payloads(payloads) = clients::update(state, merge.into.clone(), merge.values)? else {
            unreachable!("an update decides payloads")
        };
        let aliases = merge
            .aliases
            .into_iter()
            .filter(|alias| alias.name != current.name && !has_alias(current, alias))
            .map(|alias| EventPayload::AliasAdded { client: merge.into.clone(), alias });
        for payload in payloads.into_iter().chain(aliases) {
            events.push(stamper.stamp(|_| payload));
        }
    }

    if events.len() == 1 {
        return Err(invalid("clients".into(), "nothing to import: the base already holds all of it".into()));
    }
    let count = u32::try_from(events.len() - 1).map_err(|_| invalid("clients".into(), "too many rows".into()))?;
    if let EventPayload::Imported { events: marked, .. } = &mut events[0].payload {
        *marked = count;
    }
    Ok(Decision::Events(events))
}

/// `person` works at `company`.
fn employ(stamper: &mut Stamper<'_>, company: ClientId, person: ClientId, position: Option<String>) -> Event {
    stamper.stamp(|id| EventPayload::Linked {
        relationship: Box::new(Relationship {
            id: RelationshipId::minted_by(id),
            kind: RelationKind::Employee,
            from: company,
            to: person,
            position,
            since: None,
            ended: None,
        }),
    })
}

/// Reverts a batch as one: a marker naming it, then a `Reverted` for each of its events
/// not already reverted on its own, last first. Without `force`, refused when a later
/// change overwrote a field the batch set.
pub(super) fn revert_batch(
    state: &CrmState,
    context: &RevertContext,
    force: bool,
    stamper: &mut Stamper<'_>,
) -> Result<Decision, Error> {
    let target = &context.target().id;
    if let Some(by) = state.reverted_by(target) {
        return Err(Error::Conflict {
            later: Some(by.clone()),
            reason: format!("cannot revert {target}: it was already reverted by {by}"),
        });
    }
    let members: Vec<&Event> =
        context.members.iter().rev().filter(|member| state.reverted_by(&member.id).is_none()).collect();
    if !force {
        for member in &members {
            if let Some(field) = overwritten(state, &member.payload) {
                return Err(Error::Conflict {
                    later: None,
                    reason: format!("cannot revert {target}: {field} was changed later"),
                });
            }
        }
    }
    let mut events = vec![stamper.stamp(|_| EventPayload::ImportReverted { target: target.clone(), events: 0 })];
    for member in members {
        // A campaign's touches: retracted while still planned; done ones are left as facts.
        let changes = if crate::decide::campaigns::is_touch_member(&member.payload) {
            match crate::decide::campaigns::undo_touch(state, &member.payload) {
                Some(changes) => changes,
                None => continue,
            }
        } else {
            inverse(state, context, &member.payload)?
        };
        events.push(stamper.stamp(|_| EventPayload::Reverted { target: member.id.clone(), changes }));
    }
    let count = u32::try_from(events.len() - 1).unwrap_or(u32::MAX);
    if let EventPayload::ImportReverted { events: marked, .. } = &mut events[0].payload {
        *marked = count;
    }
    Ok(Decision::Events(events))
}

/// The first field `payload` set that no longer holds what it set.
fn overwritten(state: &CrmState, payload: &EventPayload) -> Option<String> {
    match payload {
        EventPayload::ClientUpdated { client, changes } => {
            let current = state.client(client)?;
            changes
                .iter()
                .find(|change| current.fields.get(change.new.field()) != change.new)
                .map(|change| format!("{} of {client}", change.new.field()))
        }
        EventPayload::Reverted { changes, .. } => changes.iter().find_map(|change| overwritten(state, change)),
        _ => None,
    }
}

fn has_alias(client: &Client, alias: &crate::model::client::Alias) -> bool {
    client.aliases.iter().any(|a| a.kind == alias.kind && a.name == alias.name)
}

fn invalid(field: String, reason: String) -> Error {
    ValidationError::new(field, Problem::Malformed { reason }).into()
}
