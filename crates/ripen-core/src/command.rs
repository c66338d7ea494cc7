//! Commands: what a user asks for. Validated against the state, they become events.

use crate::client::{Alias, AliasKind, ClientName, FieldValue, NewClient};
use crate::clock::{Hlc, HybridClock};
use crate::error::{Error, Problem, ValidationError};
use crate::event::{Event, EventPayload, FieldChange};
use crate::ids::{ClientId, EventId, ReplicaId, UserId};
use crate::revert;
use crate::state::CrmState;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeSet;

/// A request to change the CRM. One command is committed in one transaction: all of its
/// events become durable and visible together, or none do.
#[derive(Debug, Clone, PartialEq, Eq)]
// A command lives for one call; boxing its largest variant would only add noise.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    AddClient(NewClient),
    /// Many clients at once (imports, quick demos): one transaction, one history entry each.
    AddClients(Vec<NewClient>),
    /// Sets each given profile field to its new value; unchanged fields are left out of
    /// the history.
    UpdateClient {
        client: ClientId,
        values: Vec<FieldValue>,
    },
    /// Renames; the old name stays findable as a `former` alias changed on `since`.
    RenameClient {
        client: ClientId,
        name: ClientName,
        since: Option<NaiveDate>,
    },
    AddAlias {
        client: ClientId,
        alias: Alias,
    },
    RemoveAlias {
        client: ClientId,
        kind: AliasKind,
        name: ClientName,
    },
    RemoveClient {
        client: ClientId,
    },
    RestoreClient {
        client: ClientId,
    },
    /// Undoes one event with a compensating one. Refused with a conflict when a later
    /// change overwrote what it wrote, unless `force`.
    Revert {
        event: EventId,
        force: bool,
    },
}

fn not_found(what: &'static str, id: &impl ToString) -> Error {
    Error::NotFound { what, id: id.to_string() }
}

fn live<'a>(state: &'a CrmState, client: &ClientId) -> Result<&'a crate::client::Client, Error> {
    state.live_client(client).ok_or_else(|| not_found("client", client))
}

impl Command {
    pub(crate) fn decide(self, state: &CrmState, stamper: &mut Stamper<'_>) -> Result<Vec<Event>, Error> {
        let payloads = match self {
            Self::AddClient(client) => {
                return added(vec![client], stamper);
            }
            Self::AddClients(clients) => {
                return added(clients, stamper);
            }
            Self::UpdateClient { client, values } => {
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
                if changes.is_empty() {
                    Vec::new()
                } else {
                    vec![EventPayload::ClientUpdated { client, changes }]
                }
            }
            Self::RenameClient { client, name, since } => {
                let current = live(state, &client)?;
                if current.name == name {
                    Vec::new()
                } else {
                    let former = |n: &ClientName| {
                        current.aliases.iter().find(|a| a.kind == AliasKind::Former && &a.name == n).cloned()
                    };
                    let former_removed = former(&name);
                    let former_added = match former(&current.name) {
                        Some(_) => None,
                        None => Some(Alias { kind: AliasKind::Former, name: current.name.clone(), until: since }),
                    };
                    vec![EventPayload::ClientRenamed {
                        client,
                        old: current.name.clone(),
                        new: name,
                        former_added,
                        former_removed,
                    }]
                }
            }
            Self::AddAlias { client, alias } => {
                let current = live(state, &client)?;
                if current.name == alias.name {
                    return Err(ValidationError::new(
                        "name",
                        Problem::Malformed { reason: "this is the current name, not an alias".into() },
                    )
                    .into());
                }
                if current.aliases.iter().any(|a| a.kind == alias.kind && a.name == alias.name) {
                    Vec::new()
                } else {
                    vec![EventPayload::AliasAdded { client, alias }]
                }
            }
            Self::RemoveAlias { client, kind, name } => {
                let current = live(state, &client)?;
                let alias = current
                    .aliases
                    .iter()
                    .find(|a| a.kind == kind && a.name == name)
                    .ok_or_else(|| not_found("alias", &format!("{kind} {name}")))?;
                vec![EventPayload::AliasRemoved { client, alias: alias.clone() }]
            }
            Self::RemoveClient { client } => {
                live(state, &client)?;
                vec![EventPayload::ClientRemoved { client }]
            }
            Self::RestoreClient { client } => {
                let current = state.client(&client).ok_or_else(|| not_found("client", &client))?;
                if current.removed {
                    vec![EventPayload::ClientRestored { client }]
                } else {
                    Vec::new()
                }
            }
            Self::Revert { event, force } => vec![revert::compensate(state, &event, force)?],
        };
        Ok(payloads.into_iter().map(|payload| stamper.stamp(|_| payload)).collect())
    }
}

fn added(clients: Vec<NewClient>, stamper: &mut Stamper<'_>) -> Result<Vec<Event>, Error> {
    for (i, client) in clients.iter().enumerate() {
        client.fields.check().map_err(|e| e.within(&format!("clients[{i}]")))?;
    }
    Ok(clients
        .into_iter()
        .map(|new| {
            stamper.stamp(|id| EventPayload::ClientAdded {
                client: ClientId::minted_by(id),
                name: new.name,
                fields: Box::new(new.fields),
                aliases: new.aliases,
            })
        })
        .collect())
}

/// Gives each new event its id, timestamp and author.
#[derive(Debug)]
pub(crate) struct Stamper<'a> {
    pub(crate) replica: &'a ReplicaId,
    pub(crate) counter: &'a mut u64,
    pub(crate) clock: &'a mut HybridClock,
    pub(crate) author: &'a UserId,
    pub(crate) now: DateTime<Utc>,
}

impl Stamper<'_> {
    pub(crate) fn stamp(&mut self, payload: impl FnOnce(&EventId) -> EventPayload) -> Event {
        *self.counter += 1;
        let id = EventId { replica: self.replica.clone(), counter: *self.counter };
        let at: Hlc = self.clock.tick(self.now);
        let payload = payload(&id);
        Event { id, at, recorded_at: self.now, by: self.author.clone(), payload }
    }
}
