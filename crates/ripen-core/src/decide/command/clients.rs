//! Deciding the client commands: add, update, rename, aliases, remove, restore.

use super::{live, not_found, Decision, Stamper};
use crate::decide::router::Router;
use crate::error::{Error, Problem, ValidationError};
use crate::model::client::{Alias, AliasKind, ClientName, FieldValue, NewClient};
use crate::model::event::{EventPayload, FieldChange};
use crate::state::CrmState;
use crate::values::ids::ClientId;
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// Adds clients. One without an owner goes where the routing settings send it (with a
/// `client_routed` event saying why), or, with no routing set up, to whoever adds it.
pub(super) fn add(
    state: &CrmState,
    clients: Vec<NewClient>,
    batch: bool,
    stamper: &mut Stamper<'_>,
) -> Result<Decision, Error> {
    for (i, client) in clients.iter().enumerate() {
        let within = |e: ValidationError| if batch { e.within(&format!("clients[{i}]")) } else { e };
        client.fields.check().map_err(within)?;
        // Once permissions are on, a client owned by nobody registered would be lost to
        // everyone but the heads.
        if let Some(owner) =
            client.owner.as_ref().filter(|o| state.people.has_admin() && state.people.user(o).is_none())
        {
            let problem = Problem::Malformed { reason: format!("{owner} is not a registered user") };
            return Err(within(ValidationError::new("owner", problem)).into());
        }
    }
    let author = stamper.author.clone();
    let mut router = Router::new(state);
    let mut events = Vec::with_capacity(clients.len());
    for new in clients {
        let route = if new.owner.is_none() { router.route(&new.fields, None) } else { None };
        let owner = if route.is_some() { None } else { Some(new.owner.unwrap_or_else(|| author.clone())) };
        let added = stamper.stamp(|id| EventPayload::ClientAdded {
            client: ClientId::minted_by(id),
            name: new.name,
            fields: Box::new(new.fields),
            aliases: new.aliases,
            owner,
        });
        if let Some(route) = route {
            let client = ClientId::minted_by(&added.id);
            events.push(added);
            events.push(stamper.stamp(|_| EventPayload::ClientRouted {
                client,
                old: None,
                new: route.owner,
                why: Box::new(route.reason),
            }));
        } else {
            events.push(added);
        }
    }
    Ok(Decision::Events(events))
}

pub(super) fn update(state: &CrmState, client: ClientId, values: Vec<FieldValue>) -> Result<Decision, Error> {
    let current = live(state, &client)?;
    let mut seen = BTreeSet::new();
    let mut next = current.fields.clone();
    let mut changes = Vec::new();
    for value in values {
        let field = value.field();
        if !seen.insert(field) {
            return Err(ValidationError::new(
                field.as_str(),
                Problem::Malformed { reason: "given twice in one update".into() },
            )
            .into());
        }
        let old = current.fields.get(field);
        if old != value {
            next.set(value.clone());
            changes.push(FieldChange { old, new: value });
        }
    }
    next.check()?;
    if next.kind != current.fields.kind && !state.relationships.of_client(&client).all(|r| r.ended.is_some()) {
        return Err(ValidationError::new(
            "kind",
            Problem::Malformed {
                reason: "the client has relationships that depend on its kind; end them first".into(),
            },
        )
        .into());
    }
    Ok(Decision::Payloads(if changes.is_empty() {
        Vec::new()
    } else {
        vec![EventPayload::ClientUpdated { client, changes }]
    }))
}

pub(super) fn rename(
    state: &CrmState,
    client: ClientId,
    name: ClientName,
    since: Option<NaiveDate>,
) -> Result<Decision, Error> {
    let current = live(state, &client)?;
    if current.name == name {
        return Ok(Decision::Payloads(Vec::new()));
    }
    let former = |n: &ClientName| current.aliases.iter().find(|a| a.kind == AliasKind::Former && &a.name == n).cloned();
    let former_removed = former(&name);
    let former_added = match former(&current.name) {
        Some(_) => None,
        None => Some(Alias { kind: AliasKind::Former, name: current.name.clone(), until: since }),
    };
    Ok(Decision::Payloads(vec![EventPayload::ClientRenamed {
        client,
        old: current.name.clone(),
        new: name,
        former_added,
        former_removed,
    }]))
}

pub(super) fn add_alias(state: &CrmState, client: ClientId, alias: Alias) -> Result<Decision, Error> {
    let current = live(state, &client)?;
    if current.name == alias.name {
        return Err(ValidationError::new(
            "name",
            Problem::Malformed { reason: "this is the current name, not an alias".into() },
        )
        .into());
    }
    Ok(Decision::Payloads(if current.aliases.iter().any(|a| a.kind == alias.kind && a.name == alias.name) {
        Vec::new()
    } else {
        vec![EventPayload::AliasAdded { client, alias }]
    }))
}

pub(super) fn remove_alias(
    state: &CrmState,
    client: ClientId,
    kind: AliasKind,
    name: ClientName,
) -> Result<Decision, Error> {
    let current = live(state, &client)?;
    let alias = current
        .aliases
        .iter()
        .find(|a| a.kind == kind && a.name == name)
        .ok_or_else(|| not_found("alias", &format!("{kind} {name}")))?;
    Ok(Decision::Payloads(vec![EventPayload::AliasRemoved { client, alias: alias.clone() }]))
}

pub(super) fn remove(state: &CrmState, client: ClientId) -> Result<Decision, Error> {
    live(state, &client)?;
    Ok(Decision::Payloads(vec![EventPayload::ClientRemoved { client }]))
}

pub(super) fn restore(state: &CrmState, client: ClientId) -> Result<Decision, Error> {
    let current = state.client(&client).ok_or_else(|| not_found("client", &client))?;
    if let Some(keep) = state.merged_into(&client) {
        return Err(Error::Conflict {
            reason: format!("client {client} was merged into {keep}; revert the merge to have it back"),
            later: None,
        });
    }
    Ok(Decision::Payloads(if current.removed { vec![EventPayload::ClientRestored { client }] } else { Vec::new() }))
}
