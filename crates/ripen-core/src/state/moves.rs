//! The stage moves the funnel and the plans count, kept packed as they are applied (32
//! bytes a move, and 12 more for one with an amount), so that neither needs the event log
//! in memory.

use crate::model::event::{Event, EventPayload};
use crate::model::pipeline::CardPosition;
use crate::state::bytes::{CheckpointError, PackedRows, Reader, Stamps, Writer};
use crate::state::change_marks::ChangeMarks;
use crate::state::growth;
use crate::state::interner::Interner;
use crate::values::ids::{ClientId, EventId, PipelineId, ReplicaId};
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
    replica: u32,
    client: u32,
    pipeline: u32,
    to: u32,
}

/// Every stage move applied, in fold order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MoveLog {
    rows: Vec<Row>,
    /// The amounts moves carried, by row, in row order: most moves carry none, and an
    /// `Option<u64>` in every row made it half as large again.
    amounts: Vec<(u32, u64)>,
    replicas: Interner<ReplicaId>,
    clients: Interner<ClientId>,
    pipelines: Interner<PipelineId>,
    positions: Interner<CardPosition>,
    /// Which rows were added when, for a checkpoint written while writes go on.
    changes: ChangeMarks,
}

impl MoveLog {
    /// Keeps the moves `payload` makes as carried by `event`. A revert's compensating moves
    /// are not kept (the undone move and its undoing cancel out), a redo's are.
    pub(crate) fn record(&mut self, event: &Event, payload: &EventPayload, is_redo: bool) {
        match payload {
            EventPayload::StageMoved { client, pipeline, to, amount, at, .. } => {
                let row = Row {
                    at: at.unwrap_or(event.recorded_at).timestamp_millis(),
                    counter: event.id.counter,
                    replica: self.replicas.number(&event.id.replica),
                    client: self.clients.number(client),
                    pipeline: self.pipelines.number(pipeline),
                    to: to.as_ref().map_or(NOWHERE, |to| self.positions.number(to)),
                };
                self.changes.mark(self.rows.len());
                self.push(row, *amount);
            }
            EventPayload::Reverted { changes, .. } if is_redo => {
                for change in changes {
                    self.record(event, change, false);
                }
            }
            _ => {}
        }
    }

    fn push(&mut self, row: Row, amount: Option<u64>) {
        if let Some(amount) = amount {
            self.amounts.push((self.rows.len() as u32, amount));
        }
        growth::push(&mut self.rows, row);
    }

    /// The amounts of the moves from row `from` on, to be taken row by row with
    /// [`Amounts::of`].
    fn amounts_from(&self, from: usize) -> Amounts<'_> {
        let at = self.amounts.partition_point(|(row, _)| (*row as usize) < from);
        Amounts(self.amounts[at..].iter().peekable())
    }

    /// Every move, in fold order.
    pub fn all(&self) -> impl Iterator<Item = StageMove<'_>> {
        let mut amounts = self.amounts_from(0);
        self.rows.iter().enumerate().map(move |(number, row)| StageMove {
            event: EventId { replica: self.replicas.get(row.replica).clone(), counter: row.counter },
            at: DateTime::from_timestamp_millis(row.at).unwrap_or_default(),
            client: self.clients.get(row.client),
            pipeline: self.pipelines.get(row.pipeline),
            to: (row.to != NOWHERE).then(|| self.positions.get(row.to)),
            amount: amounts.of(number),
        })
    }
}

/// A walk through the amounts alongside the rows, in row order.
struct Amounts<'a>(std::iter::Peekable<std::slice::Iter<'a, (u32, u64)>>);

impl Amounts<'_> {
    /// The amount the move in `row` carried, if any; rows are asked in increasing order.
    fn of(&mut self, row: usize) -> Option<u64> {
        self.0.next_if(|(at, _)| *at as usize == row).map(|(_, amount)| *amount)
    }
}

/// One move as numbers into the log's tables: what a report over every move reads
/// without copying an id's text per move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NumberedMove {
    pub at_ms: i64,
    pub replica: u32,
    pub counter: u64,
    pub client: u32,
    pub pipeline: u32,
    /// The position number, `None` when the card left the pipeline.
    pub to: Option<u32>,
}

impl MoveLog {
    /// Every move, in fold order, as numbers.
    pub(crate) fn numbered(&self) -> impl Iterator<Item = NumberedMove> + '_ {
        self.rows.iter().map(|row| NumberedMove {
            at_ms: row.at,
            replica: row.replica,
            counter: row.counter,
            client: row.client,
            pipeline: row.pipeline,
            to: (row.to != NOWHERE).then_some(row.to),
        })
    }

    /// The clients the moves name, by number.
    pub(crate) fn clients(&self) -> &[ClientId] {
        self.clients.values()
    }

    pub(crate) fn client_number(&self, client: &ClientId) -> Option<u32> {
        self.clients.find(client)
    }

    pub(crate) fn pipeline_number(&self, pipeline: &PipelineId) -> Option<u32> {
        self.pipelines.find(pipeline)
    }

    pub(crate) fn replica_number(&self, replica: &ReplicaId) -> Option<u32> {
        self.replicas.find(replica)
    }

    /// The positions the moves went to, by number.
    pub(crate) fn positions(&self) -> &[CardPosition] {
        self.positions.values()
    }
}

/// Written into a checkpoint: its tables in one block, its rows in blocks of bounded size.
impl PackedRows for MoveLog {
    fn row_count(&self) -> usize {
        self.rows.len()
    }

    fn changes(&self) -> &ChangeMarks {
        &self.changes
    }

    fn write_tables(&self, w: &mut Writer) {
        w.strs(self.replicas.values().iter().map(ReplicaId::as_str));
        w.strs(std::iter::empty());
        w.strs(self.pipelines.values().iter().map(PipelineId::as_str));
        w.json_strs(self.positions.values());
        w.len(self.rows.len());
    }

    fn client_count(&self) -> usize {
        self.clients.values().len()
    }

    fn write_clients(&self, w: &mut Writer, clients: std::ops::Range<usize>) {
        w.strs(self.clients.values()[clients].iter().map(ClientId::as_str));
    }

    /// Rows as deltas from the row before and small numbers: about ten bytes a move.
    fn write_rows(&self, w: &mut Writer, rows: std::ops::Range<usize>) {
        w.len(rows.len());
        let mut stamps = Stamps::default();
        let mut amounts = self.amounts_from(rows.start);
        for (number, row) in rows.clone().zip(&self.rows[rows]) {
            stamps.write(w, row.at, row.counter);
            match amounts.of(number) {
                Some(amount) => {
                    w.u8(1);
                    w.varint(amount);
                }
                None => w.u8(0),
            }
            for number in [row.replica, row.client, row.pipeline, row.to.wrapping_add(1)] {
                w.varint(u64::from(number));
            }
        }
    }
}

/// Read back from a checkpoint: the tables, then the rows block by block.
impl MoveLog {
    /// `max_rows`: what the checkpoint's size allows, so a damaged count reserves no more.
    pub(crate) fn read_tables(
        r: &mut Reader<'_>,
        max_rows: usize,
        shared: &dyn Fn(ClientId) -> ClientId,
    ) -> Result<Self, CheckpointError> {
        let replicas = Interner::from_values(r.parsed()?);
        let mut clients = Interner::default();
        clients.read_shared(r, shared)?;
        let pipelines = Interner::from_values(r.parsed()?);
        let positions: Vec<CardPosition> = r.json_strs("a card position")?;
        let rows = Vec::with_capacity(growth::read_back((r.u32()? as usize).min(max_rows)));
        Ok(Self {
            rows,
            amounts: Vec::new(),
            replicas,
            clients,
            pipelines,
            positions: Interner::from_values(positions),
            changes: ChangeMarks::default(),
        })
    }

    /// Appends a block of client ids written by [`MoveLog::write_clients`] (checkpoints of
    /// schema 2's builds hold them all in the tables instead).
    /// `shared`: the copy of an id the state holds already, so that it is held once.
    pub(crate) fn read_clients(
        &mut self,
        r: &mut Reader<'_>,
        shared: &dyn Fn(ClientId) -> ClientId,
    ) -> Result<(), CheckpointError> {
        self.clients.read_shared(r, shared)?;
        Ok(())
    }

    /// Appends a block of rows written by [`MoveLog::write_rows`].
    pub(crate) fn read_rows(&mut self, r: &mut Reader<'_>) -> Result<(), CheckpointError> {
        let count = r.len()?;
        let mut stamps = Stamps::default();
        for _ in 0..count {
            let (at, counter) = stamps.read(r)?;
            let amount = if r.u8()? == 1 { Some(r.varint()?) } else { None };
            let (replica, client, pipeline) = (r.varint32()?, r.varint32()?, r.varint32()?);
            let to = r.varint32()?.wrapping_sub(1);
            let known = |number: u32, count: usize| (number as usize) < count;
            if !known(replica, self.replicas.values().len())
                || !known(client, self.clients.values().len())
                || !known(pipeline, self.pipelines.values().len())
                || (to != NOWHERE && !known(to, self.positions.values().len()))
            {
                return Err(CheckpointError::Damaged("a stage move names an unknown id".into()));
            }
            self.push(Row { at, counter, replica, client, pipeline, to }, amount);
        }
        Ok(())
    }
}
