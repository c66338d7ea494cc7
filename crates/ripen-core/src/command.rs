//! Commands: what a user asks for. Validated against the state, they become events.

use crate::client::NewClient;
use crate::clock::{Hlc, HybridClock};
use crate::error::Error;
use crate::event::{Event, EventPayload};
use crate::ids::{ClientId, EventId, ReplicaId, UserId};
use crate::state::CrmState;
use chrono::{DateTime, Utc};

/// A request to change the CRM. One command is committed in one transaction: all of its
/// events become durable and visible together, or none do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    AddClient(NewClient),
    /// Many clients at once (imports, quick demos): one transaction, one history entry each.
    AddClients(Vec<NewClient>),
}

impl Command {
    pub(crate) fn decide(self, _state: &CrmState, stamper: &mut Stamper<'_>) -> Result<Vec<Event>, Error> {
        let clients = match self {
            Self::AddClient(client) => vec![client],
            Self::AddClients(clients) => clients,
        };
        Ok(clients
            .into_iter()
            .map(|new| {
                stamper.stamp(|id| EventPayload::ClientAdded {
                    client: ClientId::minted_by(id),
                    kind: new.kind,
                    name: new.name,
                })
            })
            .collect())
    }
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
