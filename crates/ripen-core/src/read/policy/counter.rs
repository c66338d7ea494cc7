//! The touches a check counts, per scope: for each client the scope covers (and each
//! duplicate merged into one) and each channel, its counted touches as the state keeps
//! them, sorted by time in milliseconds (`state::contact_times`) — a window's touches are
//! found by binary search, nothing is gathered or sorted per check, and a rule walks only
//! the channels it counts — and the touches about to be written with the one asked about.

use super::scope::members_of;
use crate::model::policy::{Pending, Rule, Scope};
use crate::model::touch::Origin;
use crate::state::contact_times::{by_channel, Counted};
use crate::state::CrmState;
use crate::values::ids::{ClientId, TouchId};
use crate::values::sort;
use crate::values::Channel;
use chrono::{DateTime, Utc};
use std::rc::Rc;

/// The counted touches of one scope: sorted runs, one per client and channel, and the
/// pending ones.
pub(super) struct Sources<'s> {
    runs: Vec<(Channel, &'s [Counted])>,
    /// Sorted by time, which may be finer than a millisecond (they are not stored yet).
    pending: Vec<Planned>,
    /// The touch moving (its own row), which counts not against itself.
    itself: Option<u32>,
}

/// A touch about to be written, as the rules count it (never exempt).
#[derive(Clone, Copy)]
struct Planned {
    at: DateTime<Utc>,
    channel: Channel,
    origin: Origin,
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

    /// Whether the rule counts some touches of `channel`: a run of another is not walked.
    fn counts_channel(self, channel: Channel) -> bool {
        self.channels >> channel.index() & 1 == 1
    }

    fn keeps(self, channel: Channel, origin: Origin, exempt: bool) -> bool {
        self.channels >> channel.index() & 1 == 1 && self.origins >> origin.index() & 1 == 1 && (self.exempt || !exempt)
    }
}

/// The first whole millisecond at or after `at`: a stored touch is before `at` exactly
/// when its milliseconds are before this.
fn ms_from(at: DateTime<Utc>) -> i64 {
    let floor = at.timestamp_millis();
    if at.timestamp_subsec_nanos() % 1_000_000 == 0 {
        floor
    } else {
        floor + 1
    }
}

/// A stored touch's milliseconds as an instant.
fn instant(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// An instant in nanoseconds, and whether they hold it exactly (else `i64::MIN` or
/// `i64::MAX`, which keep it in order: before 1677 or after 2262).
fn nanos_of(at: DateTime<Utc>) -> (i64, bool) {
    match at.timestamp_nanos_opt() {
        Some(nanos) => (nanos, true),
        None if at.timestamp() < 0 => (i64::MIN, false),
        None => (i64::MAX, false),
    }
}

/// Stored milliseconds in nanoseconds, as [`nanos_of`] says.
fn nanos_of_ms(ms: i64) -> (i64, bool) {
    match ms.checked_mul(1_000_000) {
        Some(nanos) => (nanos, true),
        None if ms < 0 => (i64::MIN, false),
        None => (i64::MAX, false),
    }
}

impl<'s> Sources<'s> {
    fn counts(&self, rule: Counts, t: &Counted) -> bool {
        Some(t.row) != self.itself && rule.keeps(t.channel, t.origin, t.exempt)
    }

    /// The times, sorted, of the touches in `[start, end)` that `rule` counts.
    pub(super) fn between(&self, rule: Counts, start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<DateTime<Utc>> {
        let mut times = Vec::new();
        let mut runs = 0;
        let (start_ms, end_ms) = (ms_from(start), ms_from(end));
        for (_, run) in self.runs.iter().copied().filter(|(channel, _)| rule.counts_channel(*channel)) {
            let from = run.partition_point(|t| t.at < start_ms);
            let before = times.len();
            times.extend(
                run[from..]
                    .iter()
                    .take_while(|t| t.at < end_ms)
                    .filter(|t| self.counts(rule, t))
                    .map(|t| instant(t.at)),
            );
            runs += usize::from(times.len() > before);
        }
        let from = self.pending.partition_point(|t| t.at < start);
        let before = times.len();
        times.extend(
            self.pending[from..]
                .iter()
                .take_while(|t| t.at < end)
                .filter(|t| rule.keeps(t.channel, t.origin, false))
                .map(|t| t.at),
        );
        runs += usize::from(times.len() > before);
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
        // After `start`: from the first whole millisecond past it.
        let after_ms = start.timestamp_millis() + 1;
        for (_, run) in self.runs.iter().copied().filter(|(channel, _)| rule.counts_channel(*channel)) {
            let from = run.partition_point(|t| t.at < after_ms);
            let mut head = Head { at: 0, exact: true, run: Run::Stored(&run[from..]) };
            if head.advance(rule, self.itself) {
                walk.heads.push(head);
            }
        }
        let from = self.pending.partition_point(|t| t.at <= start);
        let mut head = Head { at: 0, exact: true, run: Run::Pending(&self.pending[from..]) };
        if head.advance(rule, self.itself) {
            walk.heads.push(head);
        }
        walk
    }
}

/// The touches of a scope a rule counts, in time order, from a time on.
pub(super) struct Walk<'v> {
    rule: Counts,
    itself: Option<u32>,
    /// The next touch of each run that the rule counts: the touches it does not count are
    /// passed over once, not compared at every step of the merge.
    heads: Vec<Head<'v>>,
}

/// A run's next counted touch, and the rest of the run after it.
struct Head<'v> {
    /// Its time in nanoseconds, as [`nanos_of`] says.
    at: i64,
    exact: bool,
    run: Run<'v>,
}

enum Run<'v> {
    Stored(&'v [Counted]),
    Pending(&'v [Planned]),
}

impl Head<'_> {
    /// Moves to the next touch of its run that `rule` counts; `false` if none is left.
    #[inline]
    fn advance(&mut self, rule: Counts, itself: Option<u32>) -> bool {
        match &mut self.run {
            Run::Stored(run) => {
                let Some(first) =
                    run.iter().position(|t| Some(t.row) != itself && rule.keeps(t.channel, t.origin, t.exempt))
                else {
                    return false;
                };
                (self.at, self.exact) = nanos_of_ms(run[first].at);
                *run = &run[first + 1..];
            }
            Run::Pending(run) => {
                let Some(first) = run.iter().position(|t| rule.keeps(t.channel, t.origin, false)) else {
                    return false;
                };
                (self.at, self.exact) = nanos_of(run[first].at);
                *run = &run[first + 1..];
            }
        }
        true
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
        let (rule, itself) = (self.rule, self.itself);
        let head = &mut self.heads[index];
        if !head.exact {
            self.heads.clear();
            return None;
        }
        let at = head.at;
        if !head.advance(rule, itself) {
            self.heads.swap_remove(index);
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
    by_scope: Vec<(Scope, Rc<Sources<'s>>)>,
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

    /// Shared by the rules of one scope (gathered once, not copied per rule).
    pub(super) fn sources(&mut self, scope: Scope) -> Rc<Sources<'s>> {
        if let Some((_, sources)) = self.by_scope.iter().find(|(s, _)| *s == scope) {
            return Rc::clone(sources);
        }
        let state = self.state;
        let members = members_of(state, self.client, scope);
        // A run per channel a member has: seldom more than a few.
        let mut runs = Vec::with_capacity(members.len() * 4);
        for member in &members {
            if state.merged.get(member).is_some_and(|drops| !drops.is_empty()) {
                for client in state.with_merged(member) {
                    runs.extend(by_channel(state.touches.counted_of(client)));
                }
            } else {
                runs.extend(by_channel(state.touches.counted_of(member)));
            }
        }
        let mut pending: Vec<Planned> = self
            .pending
            .iter()
            .filter(|p| members.contains(&p.client))
            .map(|p| Planned { at: p.at, channel: p.channel, origin: p.origin })
            .collect();
        sort::sort_by_key(&mut pending, |t| t.at);
        let sources = Rc::new(Sources { runs, pending, itself: self.itself });
        self.by_scope.push((scope, Rc::clone(&sources)));
        sources
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(ms: i64, row: u32, channel: Channel) -> Counted {
        Counted { at: ms, row, channel, origin: Origin::Sales, exempt: false }
    }

    fn calls() -> Counts {
        Counts { channels: 1 << Channel::Call.index(), origins: u32::MAX, exempt: false }
    }

    /// Each client's list cut into its channels' runs, as a scope's sources are.
    fn runs<'a>(lists: &[&'a [Counted]]) -> Vec<(Channel, &'a [Counted])> {
        lists.iter().flat_map(|list| by_channel(list)).collect()
    }

    fn ns(nanos: i64) -> DateTime<Utc> {
        DateTime::from_timestamp_nanos(nanos)
    }

    #[test]
    fn the_walk_merges_runs_in_time_order_skipping_what_the_rule_does_not_count() {
        // As the state keeps them: by channel, then time.
        let a = [stored(1, 0, Channel::Call), stored(7, 2, Channel::Call), stored(5, 1, Channel::Email)];
        let b = [stored(3, 3, Channel::Call), stored(7, 4, Channel::Call), stored(9, 5, Channel::Call)];
        let exempt = [Counted { exempt: true, ..stored(4, 6, Channel::Call) }];
        let pending = vec![
            Planned { at: ns(6_000_001), channel: Channel::Call, origin: Origin::Sales },
            Planned { at: ns(8_000_000), channel: Channel::Email, origin: Origin::Sales },
        ];
        let sources = Sources { runs: runs(&[&a, &b, &exempt]), pending, itself: Some(5) };
        // (after, expected times in ms·10⁶ or ns): row 5 is the touch itself.
        let cases: [(i64, &[i64]); 4] = [
            (0, &[1_000_000, 3_000_000, 6_000_001, 7_000_000, 7_000_000]),
            (1_000_000, &[3_000_000, 6_000_001, 7_000_000, 7_000_000]),
            // Within the millisecond of a stored touch: it is after, a touch at 1 ms is not.
            (999_999, &[1_000_000, 3_000_000, 6_000_001, 7_000_000, 7_000_000]),
            (6_000_001, &[7_000_000, 7_000_000]),
        ];
        for (after, expected) in cases {
            let walked: Vec<i64> = sources.after(calls(), ns(after)).collect();
            assert_eq!(walked, expected, "after {after} ns");
        }
    }

    #[test]
    fn between_takes_stored_touches_by_their_millisecond_and_pending_ones_exactly() {
        let a = [stored(1, 0, Channel::Call), stored(2, 1, Channel::Call), stored(3, 2, Channel::Call)];
        let pending = vec![Planned { at: ns(2_500_000), channel: Channel::Call, origin: Origin::Sales }];
        let sources = Sources { runs: runs(&[&a]), pending, itself: None };
        let cases: [(i64, i64, &[i64]); 5] = [
            (1_000_000, 3_000_000, &[1_000_000, 2_000_000, 2_500_000]),
            (1_000_001, 3_000_001, &[2_000_000, 2_500_000, 3_000_000]),
            (999_999, 2_000_000, &[1_000_000]),
            (2_000_000, 2_500_000, &[2_000_000]),
            (2_500_000, 2_500_001, &[2_500_000]),
        ];
        for (start, end, expected) in cases {
            let times: Vec<i64> =
                sources.between(calls(), ns(start), ns(end)).iter().filter_map(|t| t.timestamp_nanos_opt()).collect();
            assert_eq!(times, expected, "[{start}, {end})");
        }
    }

    #[test]
    fn the_first_whole_millisecond_at_or_after_an_instant() {
        for (nanos, ms) in [(0, 0), (1, 1), (999_999, 1), (1_000_000, 1), (-1, 0), (-1_000_000, -1), (-1_000_001, -1)] {
            assert_eq!(ms_from(ns(nanos)), ms, "{nanos} ns");
        }
    }
}
