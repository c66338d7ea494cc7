//! The in-memory state: a deterministic fold of the event log.

use crate::client::Client;
use crate::event::{Event, EventPayload};
use crate::ids::ClientId;
use std::collections::HashMap;

/// Everything the engine knows, rebuilt by folding events in (HLC, id) order.
/// Applying an event never fails: a log merged from several replicas must always fold.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CrmState {
    clients: Vec<Client>,
    index: HashMap<ClientId, usize>,
}

impl CrmState {
    pub fn fold<'a>(events: impl IntoIterator<Item = &'a Event>) -> Self {
        let mut state = Self::default();
        for event in events {
            state.apply(event);
        }
        state
    }

    pub fn apply(&mut self, event: &Event) {
        match &event.payload {
            EventPayload::ClientAdded { client, kind, name } => {
                // Ids are minted from unique event ids, so a repeat can only be the same
                // event delivered twice (a replication retry): keep the first.
                if self.index.contains_key(client) {
                    return;
                }
                self.index.insert(client.clone(), self.clients.len());
                self.clients.push(Client {
                    id: client.clone(),
                    kind: *kind,
                    name: name.clone(),
                    created_at: event.recorded_at,
                    created_by: event.by.clone(),
                });
            }
        }
    }

    pub fn client(&self, id: &ClientId) -> Option<&Client> {
        self.index.get(id).map(|&i| &self.clients[i])
    }

    /// Clients in the order they were created.
    pub fn clients(&self) -> &[Client] {
        &self.clients
    }
}
