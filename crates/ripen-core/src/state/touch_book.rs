//! What the state keeps of every touch, packed: the facts the contact policy, the agenda,
//! the reports and the commands read, about fifty bytes a touch. The texts (summary, plan,
//! result, reasons) stay in the log and come back with the client's history.

use crate::model::touch::{ContactGoal, Direction, NpsScore, Origin, Outcome, Touch, TouchStatus};
use crate::state::bytes::{CheckpointError, PackedRows, Reader, Stamps, Writer};
use crate::state::change_marks::ChangeMarks;
use crate::state::contact_times::{ContactTimes, Counted};
use crate::state::growth;
use crate::state::interner::Interner;
use crate::values::ids::{ClientId, ReplicaId, TouchId, UserId};
use crate::values::sort;
use crate::values::Channel;
use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap as HashMap;

/// Where a touch stands, without the texts that came with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Planned,
    Done { outcome: Outcome, done_at: DateTime<Utc>, nps: Option<NpsScore> },
    Missed,
    Cancelled,
    Retracted,
}

impl Progress {
    pub fn of(status: &TouchStatus) -> Self {
        match status {
            TouchStatus::Planned => Self::Planned,
            TouchStatus::Done { outcome, done_at, nps, .. } => {
                Self::Done { outcome: *outcome, done_at: *done_at, nps: *nps }
            }
            TouchStatus::Missed => Self::Missed,
            TouchStatus::Cancelled { .. } => Self::Cancelled,
            TouchStatus::Retracted => Self::Retracted,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Done { .. } => "done",
            Self::Missed => "missed",
            Self::Cancelled => "cancelled",
            Self::Retracted => "retracted",
        }
    }
}

/// One touch as the state knows it, borrowed from the book.
#[derive(Clone, Copy)]
pub struct TouchFacts<'a> {
    book: &'a TouchBook,
    row: u32,
    pub client: &'a ClientId,
    pub author: &'a UserId,
    pub goal: Option<&'a ContactGoal>,
    pub channel: Channel,
    pub direction: Direction,
    pub origin: Origin,
    /// When it is planned for, or when it happened.
    pub at: DateTime<Utc>,
    pub status: Progress,
    /// The client asked for it (a scheduled callback): never blocked by the policy.
    pub requested: bool,
}

impl std::fmt::Debug for TouchFacts<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TouchFacts")
            .field("id", &self.id())
            .field("client", self.client)
            .field("author", self.author)
            .field("goal", &self.goal)
            .field("channel", &self.channel)
            .field("direction", &self.direction)
            .field("origin", &self.origin)
            .field("at", &self.at)
            .field("status", &self.status)
            .field("requested", &self.requested)
            .finish()
    }
}

impl TouchFacts<'_> {
    pub fn id(&self) -> TouchId {
        self.book.id_of(self.row)
    }

    pub fn is(&self, id: &TouchId) -> bool {
        self.book.row_of(id) == Some(self.row)
    }

    /// Its row in the book, as [`Counted::row`] names it.
    pub fn row(&self) -> u32 {
        self.row
    }
}

/// A touch id as the engine mints it: `t<replica>.<counter>`. Others (a hand-made log)
/// are kept whole, in `TouchBook::unusual`.
const UNUSUAL: u32 = u32::MAX;
const NO_GOAL: u32 = u32::MAX;
const NO_NPS: u8 = u8::MAX;

/// 40 bytes a touch, a million of them on a team's base: the counter takes 32 bits (an id
/// with a larger one is kept whole, as an unusual one is) and the kind of touch one byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Row {
    at: i64,
    done_at: i64,
    counter: u32,
    replica: u32,
    client: u32,
    author: u32,
    goal: u32,
    /// Channel, origin, direction and requested, packed as [`Row::kinds_of`] says (as a
    /// checkpoint writes them).
    kinds: u8,
    status: u8,
    outcome: u8,
    nps: u8,
}

const PLANNED: u8 = 0;
const DONE: u8 = 1;
const MISSED: u8 = 2;
const CANCELLED: u8 = 3;
const RETRACTED: u8 = 4;

impl Row {
    fn kinds_of(channel: u8, origin: u8, direction: u8, requested: bool) -> u8 {
        channel | origin << 4 | direction << 6 | u8::from(requested) << 7
    }

    fn channel(&self) -> u8 {
        self.kinds & 0x0f
    }

    fn origin(&self) -> u8 {
        self.kinds >> 4 & 0x03
    }

    fn direction(&self) -> u8 {
        self.kinds >> 6 & 1
    }

    fn requested(&self) -> bool {
        self.kinds >> 7 == 1
    }

    fn set_status(&mut self, status: &TouchStatus) {
        let (code, outcome, done_at, nps) = match Progress::of(status) {
            Progress::Planned => (PLANNED, 0, 0, NO_NPS),
            Progress::Done { outcome, done_at, nps } => {
                (DONE, outcome.index(), done_at.timestamp_millis(), nps.map_or(NO_NPS, NpsScore::value))
            }
            Progress::Missed => (MISSED, 0, 0, NO_NPS),
            Progress::Cancelled => (CANCELLED, 0, 0, NO_NPS),
            Progress::Retracted => (RETRACTED, 0, 0, NO_NPS),
        };
        (self.status, self.outcome, self.done_at, self.nps) = (code, outcome, done_at, nps);
    }

    /// The touch as the contact policy counts it, if it does (planned or done).
    fn counted(&self, row: u32) -> Option<Counted> {
        let at = match self.status {
            PLANNED => self.at,
            DONE => self.done_at,
            _ => return None,
        };
        // As `millis` reads it: out of chrono's range, the epoch.
        let at = if DateTime::from_timestamp_millis(at).is_some() { at } else { 0 };
        Some(Counted {
            at,
            row,
            channel: Channel::from_index(self.channel()).unwrap_or(Channel::ALL[0]),
            origin: Origin::from_index(self.origin()).unwrap_or_default(),
            exempt: self.direction() == Direction::Inbound.index() || self.requested(),
        })
    }

    fn progress(&self) -> Progress {
        match self.status {
            PLANNED => Progress::Planned,
            DONE => Progress::Done {
                outcome: Outcome::from_index(self.outcome).unwrap_or(Outcome::Success),
                done_at: millis(self.done_at),
                nps: (self.nps != NO_NPS).then(|| NpsScore::try_from(self.nps).ok()).flatten(),
            },
            MISSED => Progress::Missed,
            CANCELLED => Progress::Cancelled,
            _ => Progress::Retracted,
        }
    }
}

pub(crate) fn millis(value: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(value).unwrap_or_default()
}

/// A touch as [`TouchBook::raw_rows`] reads it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawTouch {
    /// The client's number in the book ([`TouchBook::number_of_client`]).
    pub client: u32,
    pub row: u32,
    /// Milliseconds since the epoch, as every time here.
    pub at: i64,
    pub state: RawState,
    /// The goal's number ([`TouchBook::goal_number`]).
    pub goal: Option<u32>,
}

/// Where a [`RawTouch`] stands.
#[derive(Debug, Clone, Copy)]
pub(crate) enum RawState {
    Planned,
    Done {
        done_at: i64,
    },
    /// Missed, cancelled or retracted.
    Closed,
}

/// The touches the state knows, by id and by client.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TouchBook {
    rows: Vec<Row>,
    replicas: Interner<ReplicaId>,
    /// Per replica, its touches' rows in counter order.
    by_counter: Vec<Vec<u32>>,
    unusual: HashMap<TouchId, u32>,
    unusual_ids: HashMap<u32, TouchId>,
    clients: Interner<ClientId>,
    authors: Interner<UserId>,
    goals: Interner<ContactGoal>,
    /// Per client number, its touches' rows in the order recorded.
    by_client: Vec<Vec<u32>>,
    /// Which rows changed when, for a checkpoint written while writes go on.
    changes: ChangeMarks,
    /// Per client number, the touches the contact policy counts, by channel then time: worked out
    /// from the rows (never written to a checkpoint).
    counted: ContactTimes,
}

impl TouchBook {
    pub(crate) fn record(&mut self, touch: &Touch) {
        if self.row_of(&touch.id).is_some() {
            return;
        }
        let row = self.rows.len() as u32;
        let (replica, counter) = match minted(&touch.id) {
            Some((replica, counter)) => {
                let replica: ReplicaId = match replica.parse() {
                    Ok(replica) => replica,
                    Err(_) => return self.record_unusual(touch, row),
                };
                let number = self.replicas.number(&replica);
                if number as usize == self.by_counter.len() {
                    self.by_counter.push(Vec::new());
                }
                let rows = &mut self.by_counter[number as usize];
                // Counters of one replica arrive in order; a merged log may interleave.
                let rows_ref = &self.rows;
                let at = rows.partition_point(|&r| rows_ref[r as usize].counter < counter);
                // A replica's list is as long as its touches (a million): grown by half.
                growth::room_for_one(rows);
                rows.insert(at, row);
                (number, counter)
            }
            None => return self.record_unusual(touch, row),
        };
        self.push_row(touch, replica, counter);
    }

    fn record_unusual(&mut self, touch: &Touch, row: u32) {
        self.unusual.insert(touch.id.clone(), row);
        self.unusual_ids.insert(row, touch.id.clone());
        self.push_row(touch, UNUSUAL, row);
    }

    fn push_row(&mut self, touch: &Touch, replica: u32, counter: u32) {
        let row = self.rows.len() as u32;
        let client = self.client_number(&touch.client);
        let mut new = Row {
            at: touch.at.timestamp_millis(),
            done_at: 0,
            counter,
            replica,
            client,
            author: self.authors.number(&touch.author),
            goal: touch.plan.as_ref().map_or(NO_GOAL, |plan| self.goals.number(&plan.goal)),
            kinds: Row::kinds_of(touch.channel.index(), touch.origin.index(), touch.direction.index(), touch.requested),
            status: PLANNED,
            outcome: 0,
            nps: NO_NPS,
        };
        new.set_status(&touch.status);
        self.changes.mark(self.rows.len());
        if let Some(counted) = new.counted(row) {
            self.counted.insert(client, counted);
        }
        growth::push(&mut self.rows, new);
        self.by_client[client as usize].push(row);
    }

    fn client_number(&mut self, client: &ClientId) -> u32 {
        let number = self.clients.number(client);
        if number as usize == self.by_client.len() {
            self.by_client.push(Vec::new());
        }
        number
    }

    pub(crate) fn set_status(&mut self, id: &TouchId, status: &TouchStatus) {
        if let Some(row) = self.row_of(id) {
            let packed = &mut self.rows[row as usize];
            if let Some(old) = packed.counted(row) {
                self.counted.remove(packed.client, &old);
            }
            packed.set_status(status);
            if let Some(new) = packed.counted(row) {
                self.counted.insert(packed.client, new);
            }
            self.changes.mark(row as usize);
        }
    }

    /// Moves a touch to another client (a merge), keeping the clients' touches in the
    /// order they were recorded.
    pub(crate) fn set_client(&mut self, id: &TouchId, client: &ClientId) {
        let Some(row) = self.row_of(id) else { return };
        let new = self.client_number(client);
        let old = std::mem::replace(&mut self.rows[row as usize].client, new);
        if let Some(counted) = self.rows[row as usize].counted(row) {
            self.counted.remove(old, &counted);
            self.counted.insert(new, counted);
        }
        self.changes.mark(row as usize);
        self.by_client[old as usize].retain(|&r| r != row);
        let rows = &mut self.by_client[new as usize];
        if let Err(at) = rows.binary_search(&row) {
            rows.insert(at, row);
        }
    }

    fn row_of(&self, id: &TouchId) -> Option<u32> {
        if let Some(&row) = self.unusual.get(id) {
            return Some(row);
        }
        let (replica, counter) = minted(id)?;
        let number = self.replicas.find(replica)?;
        let rows = &self.by_counter[number as usize];
        let at = rows.partition_point(|&r| self.rows[r as usize].counter < counter);
        rows.get(at).copied().filter(|&r| self.rows[r as usize].counter == counter)
    }

    fn id_of(&self, row: u32) -> TouchId {
        let packed = &self.rows[row as usize];
        match self.unusual_ids.get(&row) {
            Some(id) => id.clone(),
            None => {
                let event = crate::values::ids::EventId {
                    replica: self.replicas.get(packed.replica).clone(),
                    counter: u64::from(packed.counter),
                };
                TouchId::minted_by(&event)
            }
        }
    }

    fn facts(&self, row: u32) -> TouchFacts<'_> {
        let packed = &self.rows[row as usize];
        TouchFacts {
            book: self,
            row,
            client: self.clients.get(packed.client),
            author: self.authors.get(packed.author),
            goal: (packed.goal != NO_GOAL).then(|| self.goals.get(packed.goal)),
            channel: Channel::from_index(packed.channel()).unwrap_or(Channel::ALL[0]),
            direction: Direction::from_index(packed.direction()).unwrap_or_default(),
            origin: Origin::from_index(packed.origin()).unwrap_or_default(),
            at: millis(packed.at),
            status: packed.progress(),
            requested: packed.requested(),
        }
    }

    /// The touches of `client` (its own, not those of clients merged into it) the
    /// contact policy counts, by channel then time (`contact_times::by_channel` cuts them
    /// into each channel's run).
    pub fn counted_of(&self, client: &ClientId) -> &[Counted] {
        self.clients.find(client).map_or(&[], |number| self.counted.of(number))
    }

    pub fn get(&self, id: &TouchId) -> Option<TouchFacts<'_>> {
        self.row_of(id).map(|row| self.facts(row))
    }

    /// The client's touches in the order they were recorded, retracted ones left out.
    pub fn of_client<'a>(&'a self, client: &ClientId) -> impl Iterator<Item = TouchFacts<'a>> + use<'a> {
        let rows = self.clients.find(client).map_or(&[][..], |number| &self.by_client[number as usize][..]);
        rows.iter().filter(|&&row| self.rows[row as usize].status != RETRACTED).map(|&row| self.facts(row))
    }

    /// The touches of several clients (a client and those merged into it), in the order
    /// they were recorded, retracted ones left out.
    pub fn of_clients<'a>(&'a self, clients: &[&ClientId]) -> impl Iterator<Item = TouchFacts<'a>> + use<'a> {
        let mut rows: Vec<u32> = clients
            .iter()
            .filter_map(|client| self.clients.find(*client))
            .flat_map(|number| self.by_client[number as usize].iter().copied())
            .collect();
        sort::sort(&mut rows);
        rows.dedup();
        rows.into_iter().filter(|&row| self.rows[row as usize].status != RETRACTED).map(|row| self.facts(row))
    }

    /// The number `client` goes by in [`TouchBook::all_by_client_number`], if it has touches.
    pub(crate) fn number_of_client(&self, client: &ClientId) -> Option<u32> {
        self.clients.find(client)
    }

    /// How many client numbers there are.
    pub(crate) fn client_numbers(&self) -> usize {
        self.clients.values().len()
    }

    /// Every touch not retracted, in the order recorded, as a scan of the whole book reads
    /// it: numbers and milliseconds, no ids or dates made (a list of 100k clients reads a
    /// million rows).
    pub(crate) fn raw_rows(&self) -> impl Iterator<Item = RawTouch> + '_ {
        (0..self.rows.len() as u32).filter(|&row| self.rows[row as usize].status != RETRACTED).map(|row| self.raw(row))
    }

    /// The touch in `row`, as [`TouchBook::raw_rows`] reads it.
    pub(crate) fn raw(&self, row: u32) -> RawTouch {
        let packed = &self.rows[row as usize];
        RawTouch {
            client: packed.client,
            row,
            at: packed.at,
            state: match packed.status {
                PLANNED => RawState::Planned,
                DONE => RawState::Done { done_at: packed.done_at },
                _ => RawState::Closed,
            },
            goal: (packed.goal != NO_GOAL).then_some(packed.goal),
        }
    }

    /// The number [`RawTouch::goal`] gives `goal`, if any touch has it.
    pub(crate) fn goal_number(&self, goal: &ContactGoal) -> Option<u32> {
        self.goals.find(goal)
    }

    /// The id of the touch in `row`.
    pub(crate) fn id_of_row(&self, row: u32) -> TouchId {
        self.id_of(row)
    }

    /// Every touch not retracted.
    pub fn all(&self) -> impl Iterator<Item = TouchFacts<'_>> {
        (0..self.rows.len() as u32)
            .filter(|&row| self.rows[row as usize].status != RETRACTED)
            .map(|row| self.facts(row))
    }
}

/// Written into a checkpoint: its tables in one block, its rows in blocks of bounded size.
impl PackedRows for TouchBook {
    fn row_count(&self) -> usize {
        self.rows.len()
    }

    fn changes(&self) -> &ChangeMarks {
        &self.changes
    }

    fn write_tables(&self, w: &mut Writer) {
        w.strs(self.replicas.values().iter().map(ReplicaId::as_str));
        w.strs(std::iter::empty());
        w.strs(self.authors.values().iter().map(UserId::as_str));
        let goals: Vec<String> = self.goals.values().iter().map(ToString::to_string).collect();
        w.strs(goals.iter().map(String::as_str));
        w.len(self.rows.len());
        let mut unusual: Vec<(&u32, &TouchId)> = self.unusual_ids.iter().collect();
        sort::sort(&mut unusual);
        w.len(unusual.len());
        for (row, id) in unusual {
            w.u32(*row);
            w.str(id.as_str());
        }
    }

    fn client_count(&self) -> usize {
        self.clients.values().len()
    }

    fn write_clients(&self, w: &mut Writer, clients: std::ops::Range<usize>) {
        w.strs(self.clients.values()[clients].iter().map(ClientId::as_str));
    }

    /// Rows as deltas from the row before (times, counters) and small numbers, the
    /// enums packed two bytes a row: about fourteen bytes a touch.
    fn write_rows(&self, w: &mut Writer, rows: std::ops::Range<usize>) {
        w.len(rows.len());
        let mut stamps = Stamps::default();
        for row in &self.rows[rows] {
            stamps.write(w, row.at, u64::from(row.counter));
            w.u8(row.kinds);
            w.u8(row.status | row.outcome << 4);
            if row.status == DONE {
                w.zigzag(row.done_at.wrapping_sub(row.at));
                w.u8(row.nps);
            }
            for number in [row.replica, row.client, row.author, row.goal.wrapping_add(1)] {
                w.varint(u64::from(number));
            }
        }
    }
}

/// Read back from a checkpoint: the tables, then the rows block by block.
impl TouchBook {
    /// `max_rows`: what the checkpoint's size allows (a row takes at least 8 bytes), so a
    /// damaged count cannot make it reserve more.
    pub(crate) fn read_tables(
        r: &mut Reader<'_>,
        max_rows: usize,
        shared: &dyn Fn(ClientId) -> ClientId,
    ) -> Result<Self, CheckpointError> {
        let replicas = Interner::from_values(r.parsed()?);
        let mut clients = Interner::default();
        clients.read_shared(r, shared)?;
        let authors = Interner::from_values(r.parsed()?);
        let goals = Interner::from_values(r.parsed()?);
        let rows = Vec::with_capacity(growth::read_back((r.u32()? as usize).min(max_rows)));
        let mut unusual_ids = HashMap::default();
        for _ in 0..r.len()? {
            let row = r.u32()?;
            let id: TouchId = r.str()?.parse().map_err(|_| CheckpointError::Damaged("a touch id".into()))?;
            unusual_ids.insert(row, id);
        }
        let unusual = unusual_ids.iter().map(|(row, id)| (id.clone(), *row)).collect();
        let by_counter = vec![Vec::new(); replicas.values().len()];
        let by_client = vec![Vec::new(); clients.values().len()];
        Ok(Self {
            rows,
            replicas,
            by_counter,
            unusual,
            unusual_ids,
            clients,
            authors,
            goals,
            by_client,
            changes: ChangeMarks::default(),
            counted: ContactTimes::default(),
        })
    }

    /// Appends a block of client ids written by [`TouchBook::write_clients`] (checkpoints
    /// of schema 2's builds hold them all in the tables instead).
    /// `shared`: the copy of an id the state holds already, so that it is held once.
    pub(crate) fn read_clients(
        &mut self,
        r: &mut Reader<'_>,
        shared: &dyn Fn(ClientId) -> ClientId,
    ) -> Result<(), CheckpointError> {
        self.clients.read_shared(r, shared)?;
        self.by_client.resize(self.clients.values().len(), Vec::new());
        Ok(())
    }

    /// Appends a block of rows written by [`TouchBook::write_rows`].
    pub(crate) fn read_rows(&mut self, r: &mut Reader<'_>) -> Result<(), CheckpointError> {
        let count = r.len()?;
        let bad = |what: &str| CheckpointError::Damaged(format!("a touch row names an unknown {what}"));
        let mut stamps = Stamps::default();
        for _ in 0..count {
            let (at, counter) = stamps.read(r)?;
            // Written by a build that packed larger counters: read again from the log.
            let counter = u32::try_from(counter).map_err(|_| bad("counter"))?;
            let (kinds, progress) = (r.u8()?, r.u8()?);
            let read = Row { kinds, ..Row::default() };
            let (status, outcome) = (progress & 0x0f, progress >> 4);
            let (done_at, nps) = if status == DONE { (at.wrapping_add(r.zigzag()?), r.u8()?) } else { (0, NO_NPS) };
            let (replica, client, author) = (r.varint32()?, r.varint32()?, r.varint32()?);
            let goal = r.varint32()?.wrapping_sub(1);
            if Channel::from_index(read.channel()).is_none()
                || Origin::from_index(read.origin()).is_none()
                || status > RETRACTED
                || Outcome::from_index(outcome).is_none()
            {
                return Err(bad("kind"));
            }
            let row = self.rows.len() as u32;
            if replica == UNUSUAL {
                if !self.unusual_ids.contains_key(&row) {
                    return Err(bad("id"));
                }
            } else if replica as usize >= self.by_counter.len() {
                return Err(bad("replica"));
            }
            // The rows of each client and replica are listed once all are read.
            if client as usize >= self.by_client.len() {
                return Err(bad("client"));
            }
            if author as usize >= self.authors.values().len() {
                return Err(bad("author"));
            }
            if goal != NO_GOAL && goal as usize >= self.goals.values().len() {
                return Err(bad("goal"));
            }
            self.rows.push(Row { at, done_at, counter, replica, client, author, goal, kinds, status, outcome, nps });
        }
        Ok(())
    }

    /// Puts each replica's rows in counter order once every row is read, and shares the
    /// client ids' text with `shared`.
    pub(crate) fn finish_reading(&mut self) {
        let rows = &self.rows;
        self.counted = ContactTimes::from_entries(|| {
            rows.iter()
                .enumerate()
                .filter_map(|(row, packed)| packed.counted(row as u32).map(|counted| (packed.client, counted)))
        });
        let rows = &self.rows;
        self.by_client = growth::lists_of(self.by_client.len(), || {
            rows.iter().enumerate().map(|(row, packed)| (packed.client, row as u32))
        });
        self.by_counter = growth::lists_of(self.by_counter.len(), || {
            rows.iter()
                .enumerate()
                .filter(|(_, packed)| packed.replica != UNUSUAL)
                .map(|(row, packed)| (packed.replica, row as u32))
        });
        for list in &mut self.by_counter {
            sort::sort_by_key(list, |&r| rows[r as usize].counter);
        }
    }
}

/// The replica and counter of an id the engine minted (`t<replica>.<counter>`).
fn minted(id: &TouchId) -> Option<(&str, u32)> {
    let (replica, counter) = id.as_str().strip_prefix('t')?.split_once('.')?;
    // A counter past 32 bits (no device makes four billion events) is kept whole instead.
    let counter: u32 = counter.parse().ok()?;
    // Only the canonical spelling packs: "t…​.017" must come back as written.
    (counter.to_string().len() == id.as_str().len() - replica.len() - 2).then_some((replica, counter))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::touch::Plan;

    fn touch(id: &str, client: &str, status: TouchStatus) -> Touch {
        Touch {
            id: id.parse().unwrap(),
            client: client.parse().unwrap(),
            channel: Channel::Email,
            direction: Direction::Inbound,
            origin: Origin::Marketing,
            author: "anna".parse().unwrap(),
            at: millis(1_764_000_000_000),
            summary: Some("text kept in the log".into()),
            plan: Some(Plan::parse("send_offer", "a", "b").unwrap()),
            status,
            requested: true,
            override_reason: None,
        }
    }

    #[test]
    fn facts_come_back_as_recorded_for_minted_and_unusual_ids() {
        let mut book = TouchBook::default();
        let done = TouchStatus::Done {
            result: Some("x".into()),
            outcome: Outcome::Refused,
            done_at: millis(1_764_000_100_000),
            nps: Some(NpsScore::try_from(7).unwrap()),
            violations: Vec::new(),
        };
        // Counters past 32 bits are kept whole, as hand-made ids are.
        let ids = [
            "tabc.2",
            "tabc.1",
            "t-hand-made",
            "tabc.017",
            "tabc.4294967295",
            "tabc.4294967296",
            "tabc.99999999999999999999",
        ];
        for id in ids {
            book.record(&touch(id, "cx.1", done.clone()));
        }
        for id in ids {
            let facts = book.get(&id.parse().unwrap()).unwrap_or_else(|| panic!("{id} is found"));
            assert_eq!(facts.id().as_str(), id);
            assert!(facts.is(&id.parse().unwrap()));
            assert_eq!(facts.status, Progress::of(&done));
            assert_eq!(
                (facts.channel, facts.direction, facts.origin),
                (Channel::Email, Direction::Inbound, Origin::Marketing)
            );
            assert!(facts.requested);
            assert_eq!(facts.goal.map(ToString::to_string).as_deref(), Some("send_offer"));
            assert_eq!(facts.at, millis(1_764_000_000_000));
        }
        assert!(book.get(&"tabc.3".parse().unwrap()).is_none());
        assert!(book.get(&"tabc.0".parse().unwrap()).is_none(), "4294967296 does not wrap to 0");
        assert_eq!(book.of_client(&"cx.1".parse().unwrap()).count(), ids.len());
    }

    #[test]
    fn a_row_an_older_build_packed_with_a_counter_past_32_bits_is_refused_as_damage() {
        let mut book = TouchBook::default();
        book.record(&touch("tabc.1", "cx.1", TouchStatus::Planned));
        // One planned row as `write_rows` lays it out, with the counter given.
        let row_with = |counter: u64| {
            let mut w = Writer::default();
            w.len(1);
            Stamps::default().write(&mut w, 1_764_000_000_000, counter);
            w.u8(book.rows[0].kinds);
            w.u8(PLANNED);
            for number in [0u64, 0, 0, 1] {
                w.varint(number);
            }
            w.bytes
        };
        let mut back = book.clone();
        back.rows.clear();
        assert_eq!(back.read_rows(&mut Reader::new(&row_with(7))), Ok(()));
        assert_eq!(back.rows[0].counter, 7);
        let error = back.read_rows(&mut Reader::new(&row_with(1 << 32))).unwrap_err();
        assert!(matches!(&error, CheckpointError::Damaged(why) if why.contains("counter")), "{error:?}");
        assert_eq!(back.rows.len(), 1, "nothing of the refused row is kept");
    }

    #[test]
    fn a_row_takes_forty_bytes_and_keeps_the_kind_of_touch() {
        assert_eq!(std::mem::size_of::<Row>(), 40);
        for &channel in Channel::ALL {
            for &origin in Origin::ALL {
                for &direction in Direction::ALL {
                    for requested in [false, true] {
                        let row = Row {
                            kinds: Row::kinds_of(channel.index(), origin.index(), direction.index(), requested),
                            ..Row::default()
                        };
                        let back = (row.channel(), row.origin(), row.direction(), row.requested());
                        assert_eq!(back, (channel.index(), origin.index(), direction.index(), requested));
                    }
                }
            }
        }
    }

    #[test]
    fn a_touch_moves_between_clients_and_retracted_ones_are_hidden() {
        let mut book = TouchBook::default();
        for (id, client) in [("ta.1", "c1"), ("ta.2", "c2"), ("ta.3", "c1")] {
            book.record(&touch(id, client, TouchStatus::Planned));
        }
        book.set_client(&"ta.3".parse().unwrap(), &"c2".parse().unwrap());
        let ids = |book: &TouchBook, client: &str| -> Vec<String> {
            book.of_client(&client.parse().unwrap()).map(|t| t.id().to_string()).collect()
        };
        assert_eq!(ids(&book, "c2"), ["ta.2", "ta.3"]);
        assert_eq!(ids(&book, "c1"), ["ta.1"]);
        book.set_status(&"ta.2".parse().unwrap(), &TouchStatus::Retracted);
        assert_eq!(ids(&book, "c2"), ["ta.3"]);
        assert_eq!(book.all().count(), 2);
    }
}
