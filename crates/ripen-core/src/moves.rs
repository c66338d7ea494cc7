//! The stage moves the funnel and the plans count, kept as they are applied, so that
//! neither needs the event log in memory.

use crate::event::{Event, EventPayload};
use crate::ids::{ClientId, EventId, PipelineId};
use crate::pipeline::CardPosition;
use chrono::{DateTime, Utc};

/// One stage move and the event that carried it: a `StageMoved`, or the redo (a revert of
/// a revert) that put it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageMove {
    pub event: EventId,
    pub at: DateTime<Utc>,
    pub client: ClientId,
    pub pipeline: PipelineId,
    pub to: Option<CardPosition>,
    pub amount: Option<u64>,
}

/// Every stage move applied, in fold order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MoveLog {
    moves: Vec<StageMove>,
}

impl MoveLog {
    /// Keeps the moves `payload` makes as carried by `event`. A revert's compensating moves
    /// are not kept (the undone move and its undoing cancel out), a redo's are.
    pub(crate) fn record(&mut self, event: &Event, payload: &EventPayload, is_redo: bool) {
        match payload {
            EventPayload::StageMoved { client, pipeline, to, amount, .. } => self.moves.push(StageMove {
                event: event.id.clone(),
                at: event.recorded_at,
                client: client.clone(),
                pipeline: pipeline.clone(),
                to: to.clone(),
                amount: *amount,
            }),
            EventPayload::Reverted { changes, .. } if is_redo => {
                for change in changes {
                    self.record(event, change, false);
                }
            }
            _ => {}
        }
    }

    pub fn all(&self) -> &[StageMove] {
        &self.moves
    }
}
