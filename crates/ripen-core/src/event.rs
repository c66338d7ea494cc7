//! Events: the immutable facts every change is recorded as. State is a fold of them.

use crate::client::{ClientKind, ClientName};
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

/// What happened. The serialised `type` tags are part of the storage format: never rename
/// one; add new variants instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventPayload {
    ClientAdded { client: ClientId, kind: ClientKind, name: ClientName },
}

impl EventPayload {
    /// Every serialised `type` tag this build understands. A stored event with any other
    /// tag was written by a newer build.
    pub const TYPES: &'static [&'static str] = &["client_added"];

    /// The client this event is about, for the per-client history.
    pub fn client(&self) -> &ClientId {
        match self {
            Self::ClientAdded { client, .. } => client,
        }
    }
}
