//! Reverting one event: the compensating changes, and the check that nothing later
//! depends on what it wrote.

use crate::client::{Alias, Client};
use crate::error::Error;
use crate::event::{EventPayload, FieldChange, Slot};
use crate::ids::EventId;
use crate::state::CrmState;

/// The `Reverted` event that undoes `target` in the current state.
pub(crate) fn compensate(state: &CrmState, target: &EventId, force: bool) -> Result<EventPayload, Error> {
    let event = state.event(target).ok_or_else(|| Error::NotFound { what: "event", id: target.to_string() })?;
    if let Some(by) = state.reverted_by(target) {
        return Err(Error::Conflict {
            target: target.clone(),
            later: Some(by.clone()),
            reason: format!("it was already reverted by {by}"),
        });
    }
    if !force {
        for slot in event.payload.slots() {
            match state.last_writer(&slot) {
                Some(writer) if writer != target => {
                    return Err(Error::Conflict {
                        target: target.clone(),
                        later: Some(writer.clone()),
                        reason: format!("{} was changed later by {writer}", describe(&slot)),
                    });
                }
                _ => {}
            }
        }
    }
    Ok(EventPayload::Reverted { target: target.clone(), changes: inverse(state, &event.payload)? })
}

/// The payloads that undo `payload`, computed against the current state: only what still
/// differs is changed back, so a forced revert restores the old values over whatever is
/// there now, and reverting that revert is exact.
fn inverse(state: &CrmState, payload: &EventPayload) -> Result<Vec<EventPayload>, Error> {
    let client_of = |id| state.client(id).ok_or_else(|| Error::NotFound { what: "client", id: id.to_string() });
    let has_alias =
        |client: &Client, alias: &Alias| client.aliases.iter().any(|a| a.kind == alias.kind && a.name == alias.name);
    Ok(match payload {
        EventPayload::ClientAdded { client, .. } | EventPayload::ClientRestored { client } => {
            if client_of(client)?.removed {
                Vec::new()
            } else {
                vec![EventPayload::ClientRemoved { client: client.clone() }]
            }
        }
        EventPayload::ClientRemoved { client } => {
            if client_of(client)?.removed {
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
        EventPayload::Reverted { changes, .. } => {
            let mut undo = Vec::new();
            for change in changes.iter().rev() {
                undo.extend(inverse(state, change)?);
            }
            undo
        }
    })
}

fn describe(slot: &Slot) -> String {
    match slot {
        Slot::Existence(client) => format!("whether client {client} exists"),
        Slot::Name(client) => format!("the name of client {client}"),
        Slot::Field(client, field) => format!("{field} of client {client}"),
        Slot::Alias(client, kind, name) => format!("the {kind} alias {name:?} of client {client}"),
    }
}
