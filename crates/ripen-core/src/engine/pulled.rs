//! Records pulled from a team hub taken in: stored with the sync state that goes with them
//! in one transaction, and decoded while the store commits (the records are in hand:
//! reading them back would double a first sync's work). A page that follows what the state
//! holds is folded at once; a first sync's pages — into a state that holds nothing, in the
//! hub's order, which is not the fold's — are staged and folded once, sorted, at its end.

use super::{replay, Engine};
use crate::error::Error;
use crate::log::codec::{Decoded, LogReader};
use crate::log::store::EventStore;
use crate::model::event::Event;
use crate::read::listing::NameKeys;
use crate::read::search::SearchIndex;
use crate::values::sort;
use std::ops::RangeInclusive;

/// What [`Engine::append_pulled`] did with a page of pulled records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakenIn {
    /// The log positions they were stored at (none for no records).
    pub positions: Option<RangeInclusive<u64>>,
    /// How many events they brought into the state, when they were folded here; `None`
    /// when they were staged, or when the state is behind the log and
    /// [`Engine::fold_pulled`] (a refresh) must fold them.
    pub applied: Option<usize>,
}

/// How a pull takes its pages in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PullMode {
    /// Each page folded as it comes, when it follows what the state holds: the page
    /// shows a team's news as it arrives.
    PageByPage,
    /// Pages staged, decoded, and folded once at the end: a first sync, into a state that
    /// holds nothing yet, whatever order the hub's pages come in.
    Staged,
}

/// A first sync's pages stored so far, decoded.
#[derive(Debug, Default)]
pub(super) struct Staged {
    events: Vec<(Event, u64)>,
    /// The log positions they cover, without a gap: another write between, or a damaged
    /// record, and they are left to a refresh.
    positions: Option<RangeInclusive<u64>>,
    spoiled: bool,
}

impl<S: EventStore> Engine<S> {
    /// The mode a pull should take its pages in now.
    pub fn pull_mode(&self) -> PullMode {
        if self.state.borrow().event_count() == 0 && self.staged.borrow().is_none() {
            PullMode::Staged
        } else {
            PullMode::PageByPage
        }
    }

    /// Appends `records` (whole commits, checked) and `sync_state` in one transaction,
    /// decoding them meanwhile. [`PullMode::PageByPage`]: their events are applied when
    /// they follow what the state holds; they do not when another tab wrote between, or
    /// when they hold an event that belongs before one already applied (written offline
    /// elsewhere). [`PullMode::Staged`]: they wait. Either way [`Engine::fold_pulled`]
    /// folds whatever was not applied.
    pub async fn append_pulled(&self, records: &[String], sync_state: &str, mode: PullMode) -> Result<TakenIn, Error> {
        let _turn = self.writes.acquire().await;
        // The store issues its requests on the first poll; the records are decoded while
        // it commits. Positions are known only then: records are read as 1, 2, … and
        // placed after.
        let write = self.store.append_pulled(records, sync_state);
        let decode = async {
            let mut reader = LogReader::new(true);
            for (index, record) in records.iter().enumerate() {
                reader.read_at(index as u64 + 1, record)?;
            }
            reader.finish()
        };
        let (positions, decoded) = futures_util::future::join(write, decode).await;
        let (positions, decoded) = (positions?, decoded?);
        let (Some(&first), Some(&last)) = (positions.first(), positions.last()) else {
            return Ok(TakenIn { positions: None, applied: Some(0) });
        };
        let behind = TakenIn { positions: Some(first..=last), applied: None };
        let Decoded { events, positions: at, skipped } = decoded;
        let placed = events.into_iter().zip(at).map(|(event, index)| {
            let position = usize::try_from(index - 1).ok().and_then(|i| positions.get(i)).copied().unwrap_or(last);
            (event, position)
        });
        if mode == PullMode::Staged {
            let mut staged = self.staged.borrow_mut();
            let staged = staged.get_or_insert_with(Staged::default);
            let follows = match &staged.positions {
                Some(before) => *before.end() + 1 == first,
                None => self.read_up_to.get() + 1 == first,
            };
            staged.spoiled |= !follows || !skipped.is_empty();
            if !staged.spoiled {
                staged.events.extend(placed);
                let start = staged.positions.as_ref().map_or(first, |p| *p.start());
                staged.positions = Some(start..=last);
            }
            return Ok(behind);
        }
        if first != self.read_up_to.get() + 1 || !skipped.is_empty() {
            // Whatever is wrong with them, a refresh reports it as it reports damage.
            return Ok(behind);
        }
        let before = self.state.borrow().event_count();
        if !replay::apply_in_order(&mut self.state.borrow_mut(), placed.collect()) {
            return Ok(behind);
        }
        self.read_up_to.set(last);
        let fresh = self.state.borrow().event_count().saturating_sub(before);
        self.caught_up(fresh);
        Ok(TakenIn { positions: behind.positions, applied: Some(fresh) })
    }

    /// Folds what a pull stored and did not fold: staged pages sorted and applied at once
    /// when nothing else came into the state or the log meanwhile, else a refresh (which
    /// folds from the log's start if need be). Resolves to how many events came in.
    pub async fn fold_pulled(&self) -> Result<usize, Error> {
        let _turn = self.writes.acquire().await;
        let staged = self.staged.borrow_mut().take();
        if let Some(Staged { mut events, positions: Some(positions), spoiled: false }) = staged {
            let untouched = self.state.borrow().event_count() == 0
                && *positions.start() == self.read_up_to.get() + 1
                && self.store.log_end().await? == *positions.end();
            if untouched {
                sort::sort_by(&mut events, |(a, _), (b, _)| (a.at, &a.id).cmp(&(b.at, &b.id)));
                events.dedup_by(|(a, _), (b, _)| a.id == b.id);
                let mut state = self.state.borrow_mut();
                for (event, position) in &events {
                    state.apply(event, *position);
                }
                let fresh = state.event_count();
                drop(state);
                self.read_up_to.set(*positions.end());
                // Built for an empty base, the indexes are built afresh in the background.
                *self.search.borrow_mut() = SearchIndex::default();
                *self.name_keys.borrow_mut() = NameKeys::default();
                self.refolds.set(self.refolds.get() + 1);
                self.caught_up(fresh);
                return Ok(fresh);
            }
        }
        self.refresh_in_turn().await
    }

    /// Events just applied: the next checkpoint covers them, and the clock follows.
    fn caught_up(&self, fresh: usize) {
        self.checkpoint.borrow_mut().events_since += fresh;
        if let Some((at, _)) = self.state.borrow().newest() {
            self.clock.borrow_mut().observe(*at);
        }
    }
}
