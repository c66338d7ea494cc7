//! The touches a check counts, per scope: for each client the scope covers (and each
//! duplicate merged into one), its counted touches as the state keeps them, sorted by time
//! (`state::contact_times`) — a window's touches are found by binary search, nothing is
//! gathered or sorted per check — and the touches about to be written with the one asked
//! about.

use super::scope::clients_in;
use crate::model::policy::{Pending, Rule, Scope};
use crate::state::contact_times::Counted;
use crate::state::CrmState;
use crate::values::ids::{ClientId, TouchId};
use crate::values::sort;
use chrono::{DateTime, Utc};

/// Where a pending touch's row would be: it has none yet.
const NO_ROW: u32 = u32::MAX;

/// The counted touches of one scope: sorted runs, one per client, and the pending ones.
#[derive(Clone)]
pub(super) struct Sources<'s> {
    runs: Vec<&'s [Counted]>,
    pending: Vec<Counted>,
    /// The touch moving (its own row), which counts not against itself.
    itself: Option<u32>,
}

/// Which touches a rule counts, as bits: asked of every touch a check walks past.
#[derive(Clone, Copy)]
pub(super) struct Counts {
    channels: u32,
    origins: u32,
    exempt: bool,
}

impl Counts {
    pub(super) fn of(rule: &Rule) -> Self {
        let bits = |all: u32, set: &mut dyn Iterator<Item = u8>| {
            let chosen = set.fold(0u32, |bits, index| bits | 1 << index);
            if chosen == 0 {
                all
            } else {
                chosen
            }
        };
        Self {
            channels: bits(u32::MAX, &mut rule.channels.iter().map(|c| c.index())),
            origins: bits(u32::MAX, &mut rule.origins.iter().map(|o| o.index())),
            exempt: rule.counts_exempt,
        }
    }

    fn keeps(self, t: &Counted) -> bool {
        self.channels >> t.channel.index() & 1 == 1
            && self.origins >> t.origin.index() & 1 == 1
            && (self.exempt || !t.exempt)
    }
}

impl<'s> Sources<'s> {
    fn counts(&self, rule: Counts, t: &Counted) -> bool {
        Some(t.row) != self.itself && rule.keeps(t)
    }

    /// The times, sorted, of the touches in `[start, end)` that `rule` counts.
    pub(super) fn between(&self, rule: Counts, start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<DateTime<Utc>> {
        let mut times = Vec::new();
        let mut runs = 0;
        for run in self.runs.iter().copied().chain(std::iter::once(self.pending.as_slice())) {
            let from = run.partition_point(|t| t.at < start);
            let before = times.len();
            times.extend(run[from..].iter().take_while(|t| t.at < end).filter(|t| self.counts(rule, t)).map(|t| t.at));
            runs += usize::from(times.len() > before);
        }
        if runs > 1 {
            sort::sort(&mut times);
        }
        times
    }

    /// The times, in order and in nanoseconds since the epoch, of the touches after
    /// `start` that `rule` counts: the runs merged as they are walked (a check walks only
    /// as far as it needs). It ends at a touch whose time nanoseconds cannot hold (before
    /// 1677 or after 2262).
    pub(super) fn after<'v>(&'v self, rule: Counts, start: DateTime<Utc>) -> Walk<'v> {
        let mut walk = Walk { rule, itself: self.itself, heads: Vec::with_capacity(self.runs.len() + 1) };
        for run in self.runs.iter().copied().chain(std::iter::once(self.pending.as_slice())) {
            let from = run.partition_point(|t| t.at <= start);
            if let Some(head) = walk.head(&run[from..]) {
                walk.heads.push(head);
            }
        }
        walk
    }
}

/// The touches of a scope a rule counts, in time order, from a time on.
pub(super) struct Walk<'v> {
    rule: Counts,
    itself: Option<u32>,
    /// The next touch of each run that the rule counts: the touches it does not count are
    /// passed over once, not compared at every step of the merge, and each time is turned
    /// into nanoseconds once.
    heads: Vec<Head<'v>>,
}

/// A run's next counted touch, and the rest of the run after it.
struct Head<'v> {
    /// Its time in nanoseconds; `i64::MIN` or `i64::MAX` if they cannot hold it.
    at: i64,
    exact: bool,
    rest: &'v [Counted],
}

impl<'v> Walk<'v> {
    /// The first touch of `run` the rule counts, if any.
    fn head(&self, run: &'v [Counted]) -> Option<Head<'v>> {
        let (rule, itself) = (self.rule, self.itself);
        let first = run.iter().position(|t| Some(t.row) != itself && rule.keeps(t))?;
        let at = run[first].at;
        let (at, exact) = match at.timestamp_nanos_opt() {
            Some(nanos) => (nanos, true),
            None if at.timestamp() < 0 => (i64::MIN, false),
            None => (i64::MAX, false),
        };
        Some(Head { at, exact, rest: &run[first + 1..] })
    }
}

impl Iterator for Walk<'_> {
    type Item = i64;

    fn next(&mut self) -> Option<i64> {
        let index = match self.heads.len() {
            0 => return None,
            1 => 0,
            _ => self.heads.iter().enumerate().min_by_key(|(_, head)| head.at).map_or(0, |(index, _)| index),
        };
        let head = &self.heads[index];
        if !head.exact {
            self.heads.clear();
            return None;
        }
        let at = head.at;
        match self.head(head.rest) {
            Some(next) => self.heads[index] = next,
            None => {
                self.heads.swap_remove(index);
            }
        }
        Some(at)
    }
}

/// The sources of each scope a check asks about, gathered once per check.
pub(super) struct Counter<'s> {
    state: &'s CrmState,
    client: &'s ClientId,
    itself: Option<u32>,
    pending: &'s [Pending],
    by_scope: Vec<(Scope, Sources<'s>)>,
}

impl<'s> Counter<'s> {
    pub(super) fn new(
        state: &'s CrmState,
        client: &'s ClientId,
        itself: Option<&TouchId>,
        pending: &'s [Pending],
    ) -> Self {
        let itself = itself.and_then(|id| state.touches.get(id)).map(|t| t.row());
        Self { state, client, itself, pending, by_scope: Vec::new() }
    }

    pub(super) fn sources(&mut self, scope: Scope) -> Sources<'s> {
        if let Some((_, sources)) = self.by_scope.iter().find(|(s, _)| *s == scope) {
            return sources.clone();
        }
        let state = self.state;
        let members = clients_in(state, self.client, scope);
        let mut runs = Vec::with_capacity(members.len());
        for member in &members {
            if state.merged.get(member).is_some_and(|drops| !drops.is_empty()) {
                runs.extend(state.with_merged(member).into_iter().map(|c| state.touches.counted_of(c)));
            } else {
                runs.push(state.touches.counted_of(member));
            }
        }
        runs.retain(|run| !run.is_empty());
        let mut pending: Vec<Counted> = self
            .pending
            .iter()
            .filter(|p| members.contains(&p.client))
            .map(|p| Counted { at: p.at, row: NO_ROW, channel: p.channel, origin: p.origin, exempt: false })
            .collect();
        sort::sort_by_key(&mut pending, |t| t.at);
        let sources = Sources { runs, pending, itself: self.itself };
        self.by_scope.push((scope, sources.clone()));
        sources
    }
}
