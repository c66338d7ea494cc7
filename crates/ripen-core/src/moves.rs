//! The stage moves the funnel and the plans count, kept packed as they are applied (about
//! forty bytes a move), so that neither needs the event log in memory.

use crate::event::{Event, EventPayload};
use crate::ids::{ClientId, EventId, PipelineId, ReplicaId};
use crate::interner::Interner;
use crate::pipeline::CardPosition;
use chrono::{DateTime, Utc};

/// One stage move and the event that carried it: a `StageMoved`, or the redo (a revert of
/// a revert) that put it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageMove<'a> {
    pub event: EventId,
    pub at: DateTime<Utc>,
    pub client: &'a ClientId,
    pub pipeline: &'a PipelineId,
    pub to: Option<&'a CardPosition>,
    pub amount: Option<u64>,
}

const NOWHERE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Row {
    at: i64,
    counter: u64,
    amount: Option<u64>,
    replica: u32,
    client: u32,
    pipeline: u32,
    to: u32,
}

/// Every stage move applied, in fold order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MoveLog {
    rows: Vec<Row>,
    replicas: Interner<ReplicaId>,
    clients: Interner<ClientId>,
    pipelines: Interner<PipelineId>,
    positions: Interner<CardPosition>,
}

impl MoveLog {
    /// Keeps the moves `payload` makes as carried by `event`. A revert's compensating moves
    /// are not kept (the undone move and its undoing cancel out), a redo's are.
    pub(crate) fn record(&mut self, event: &Event, payload: &EventPayload, is_redo: bool) {
        match payload {
            EventPayload::StageMoved { client, pipeline, to, amount, .. } => {
                let row = Row {
                    at: event.recorded_at.timestamp_millis(),
                    counter: event.id.counter,
                    amount: *amount,
                    replica: self.replicas.number(&event.id.replica),
                    client: self.clients.number(client),
                    pipeline: self.pipelines.number(pipeline),
                    to: to.as_ref().map_or(NOWHERE, |to| self.positions.number(to)),
                };
                self.rows.push(row);
            }
            EventPayload::Reverted { changes, .. } if is_redo => {
                for change in changes {
                    self.record(event, change, false);
                }
            }
            _ => {}
        }
    }

    /// Every move, in fold order.
    pub fn all(&self) -> impl Iterator<Item = StageMove<'_>> {
        self.rows.iter().map(|row| StageMove {
            event: EventId { replica: self.replicas.get(row.replica).clone(), counter: row.counter },
            at: DateTime::from_timestamp_millis(row.at).unwrap_or_default(),
            client: self.clients.get(row.client),
            pipeline: self.pipelines.get(row.pipeline),
            to: (row.to != NOWHERE).then(|| self.positions.get(row.to)),
            amount: row.amount,
        })
    }
}
