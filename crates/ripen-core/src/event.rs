//! Events: the immutable facts every change is recorded as. State is a fold of them.

use crate::client::{Alias, AliasKind, ClientFields, ClientName, Field, FieldValue};
use crate::clock::Hlc;
use crate::ids::{ClientId, EventId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One recorded fact. Never edited or deleted once committed; a later event may
/// compensate it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: EventId,
    /// Orders events across replicas. Not a time to show: one device with a clock running
    /// ahead pushes every later timestamp forward.
    pub at: Hlc,
    /// The wall-clock time on the recording device: what the user is shown.
    #[serde(rename = "t", with = "chrono::serde::ts_milliseconds")]
    pub recorded_at: DateTime<Utc>,
    pub by: UserId,
    #[serde(rename = "ev")]
    pub payload: EventPayload,
}

/// One field's change, with the value before it: history shows both, revert restores
/// `old`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub old: FieldValue,
    pub new: FieldValue,
}

/// What happened. The serialised `type` tags are part of the storage format: never rename
/// one; add new variants (and list them in [`EventPayload::TYPES`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventPayload {
    ClientAdded {
        client: ClientId,
        name: ClientName,
        /// Boxed: most events are small, and the log keeps every one of them.
        #[serde(default)]
        fields: Box<ClientFields>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        aliases: Vec<Alias>,
    },
    ClientUpdated {
        client: ClientId,
        changes: Vec<FieldChange>,
    },
    /// The current name changes. The old one usually stays findable as a `former` alias
    /// (`former_added`); going back to a former name makes it current again
    /// (`former_removed`). Both are spelt out so that applying and reverting never guess.
    ClientRenamed {
        client: ClientId,
        old: ClientName,
        new: ClientName,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        former_added: Option<Alias>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        former_removed: Option<Alias>,
    },
    AliasAdded {
        client: ClientId,
        alias: Alias,
    },
    AliasRemoved {
        client: ClientId,
        alias: Alias,
    },
    ClientRemoved {
        client: ClientId,
    },
    ClientRestored {
        client: ClientId,
    },
    /// Undoes `target` by applying `changes`, the compensation computed when it was
    /// reverted.
    Reverted {
        target: EventId,
        changes: Vec<EventPayload>,
    },
}

/// A piece of state one event writes. Reverting an event is safe only while it is still
/// the last writer of each of its slots.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Slot {
    Existence(ClientId),
    Name(ClientId),
    Field(ClientId, Field),
    Alias(ClientId, AliasKind, ClientName),
}

impl EventPayload {
    /// Every serialised `type` tag this build understands. A stored event with any other
    /// tag was written by a newer build.
    pub const TYPES: &'static [&'static str] = &[
        "client_added",
        "client_updated",
        "client_renamed",
        "alias_added",
        "alias_removed",
        "client_removed",
        "client_restored",
        "reverted",
    ];

    /// The clients this event is about, for their histories.
    pub fn clients(&self) -> Vec<&ClientId> {
        match self {
            Self::ClientAdded { client, .. }
            | Self::ClientUpdated { client, .. }
            | Self::ClientRenamed { client, .. }
            | Self::AliasAdded { client, .. }
            | Self::AliasRemoved { client, .. }
            | Self::ClientRemoved { client }
            | Self::ClientRestored { client } => vec![client],
            Self::Reverted { changes, .. } => {
                let mut clients: Vec<&ClientId> = changes.iter().flat_map(Self::clients).collect();
                clients.dedup();
                clients
            }
        }
    }

    /// The pieces of state this event writes.
    pub fn slots(&self) -> Vec<Slot> {
        match self {
            Self::ClientAdded { client, .. } | Self::ClientRemoved { client } | Self::ClientRestored { client } => {
                vec![Slot::Existence(client.clone())]
            }
            Self::ClientUpdated { client, changes } => {
                changes.iter().map(|c| Slot::Field(client.clone(), c.new.field())).collect()
            }
            Self::ClientRenamed { client, former_added, former_removed, .. } => {
                std::iter::once(Slot::Name(client.clone()))
                    .chain(
                        former_added
                            .iter()
                            .chain(former_removed)
                            .map(|alias| Slot::Alias(client.clone(), alias.kind, alias.name.clone())),
                    )
                    .collect()
            }
            Self::AliasAdded { client, alias } | Self::AliasRemoved { client, alias } => {
                vec![Slot::Alias(client.clone(), alias.kind, alias.name.clone())]
            }
            Self::Reverted { changes, .. } => changes.iter().flat_map(Self::slots).collect(),
        }
    }

    /// The serialised `type` tag.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::ClientAdded { .. } => "client_added",
            Self::ClientUpdated { .. } => "client_updated",
            Self::ClientRenamed { .. } => "client_renamed",
            Self::AliasAdded { .. } => "alias_added",
            Self::AliasRemoved { .. } => "alias_removed",
            Self::ClientRemoved { .. } => "client_removed",
            Self::ClientRestored { .. } => "client_restored",
            Self::Reverted { .. } => "reverted",
        }
    }
}
