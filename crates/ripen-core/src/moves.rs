//! The stage moves the funnel and the plans count, kept packed as they are applied (about
//! forty bytes a move), so that neither needs the event log in memory.

use crate::checkpoint::bytes::{Reader, Writer};
use crate::checkpoint::CheckpointError;
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

/// A checkpoint of the log: its tables in one block, its rows in blocks of bounded size.
impl MoveLog {
    pub(crate) fn row_count(&self) -> usize {
        self.rows.len()
    }

    pub(crate) fn write_tables(&self, w: &mut Writer) {
        w.strs(self.replicas.values().iter().map(ReplicaId::as_str));
        w.strs(self.clients.values().iter().map(ClientId::as_str));
        w.strs(self.pipelines.values().iter().map(PipelineId::as_str));
        let positions: Vec<String> =
            self.positions.values().iter().map(|p| serde_json::to_string(p).unwrap_or_default()).collect();
        w.strs(positions.iter().map(String::as_str));
    }

    pub(crate) fn write_rows(&self, w: &mut Writer, rows: std::ops::Range<usize>) {
        w.len(rows.len());
        for row in &self.rows[rows] {
            w.i64(row.at);
            w.u64(row.counter);
            w.u8(u8::from(row.amount.is_some()));
            w.u64(row.amount.unwrap_or_default());
            for number in [row.replica, row.client, row.pipeline, row.to] {
                w.u32(number);
            }
        }
    }

    pub(crate) fn read_tables(r: &mut Reader<'_>) -> Result<Self, CheckpointError> {
        let replicas = Interner::from_values(r.parsed()?);
        let clients = Interner::from_values(r.parsed()?);
        let pipelines = Interner::from_values(r.parsed()?);
        let count = r.len()?;
        let positions = (0..count)
            .map(|_| {
                serde_json::from_str(r.str()?).map_err(|e| CheckpointError::Damaged(format!("a card position: {e}")))
            })
            .collect::<Result<Vec<CardPosition>, _>>()?;
        Ok(Self { rows: Vec::new(), replicas, clients, pipelines, positions: Interner::from_values(positions) })
    }

    /// Appends a block of rows written by [`MoveLog::write_rows`].
    pub(crate) fn read_rows(&mut self, r: &mut Reader<'_>) -> Result<(), CheckpointError> {
        let count = r.len()?;
        self.rows.reserve_exact(count);
        for _ in 0..count {
            let (at, counter, has_amount, amount) = (r.i64()?, r.u64()?, r.u8()?, r.u64()?);
            let (replica, client, pipeline, to) = (r.u32()?, r.u32()?, r.u32()?, r.u32()?);
            let known = |number: u32, count: usize| (number as usize) < count;
            if !known(replica, self.replicas.values().len())
                || !known(client, self.clients.values().len())
                || !known(pipeline, self.pipelines.values().len())
                || (to != NOWHERE && !known(to, self.positions.values().len()))
            {
                return Err(CheckpointError::Damaged("a stage move names an unknown id".into()));
            }
            let amount = (has_amount != 0).then_some(amount);
            self.rows.push(Row { at, counter, amount, replica, client, pipeline, to });
        }
        Ok(())
    }
}
