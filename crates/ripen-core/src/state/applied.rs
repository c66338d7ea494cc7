//! Which events the state has applied and in which store record each one lies, kept as
//! runs of counters: replays are recognised and an event's text can be fetched on demand,
//! without the events themselves staying in memory.

use crate::state::bytes::{CheckpointError, Reader, Writer};
use crate::values::ids::{EventId, ReplicaId};
use crate::values::sort;
use rustc_hash::FxHashMap as HashMap;

/// The applied events, by replica: sorted, disjoint runs of consecutive counters stored in
/// one record. A command's events are consecutive counters of one replica in one record, so
/// a log holds about one run per record.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct AppliedEvents {
    by_replica: HashMap<ReplicaId, Vec<Run>>,
    count: usize,
}

/// Events of one replica that are missing: counters `first..=last`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Gap {
    pub replica: ReplicaId,
    pub first: u64,
    pub last: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    first: u64,
    last: u64,
    position: u64,
}

impl AppliedEvents {
    /// Notes `id` as applied from the record at `position`; `false` if it already was.
    pub fn insert(&mut self, id: &EventId, position: u64) -> bool {
        let counter = id.counter;
        let runs = match self.by_replica.get_mut(&id.replica) {
            Some(runs) => runs,
            None => self.by_replica.entry(id.replica.clone()).or_default(),
        };
        let at = runs.partition_point(|run| run.last < counter);
        if runs.get(at).is_some_and(|run| run.first <= counter) {
            return false;
        }
        self.count += 1;
        let joins_before = at > 0 && runs[at - 1].last + 1 == counter && runs[at - 1].position == position;
        let joins_after = runs.get(at).is_some_and(|run| run.first == counter + 1 && run.position == position);
        match (joins_before, joins_after) {
            (true, true) => {
                runs[at - 1].last = runs[at].last;
                runs.remove(at);
            }
            (true, false) => runs[at - 1].last = counter,
            (false, true) => runs[at].first = counter,
            (false, false) => runs.insert(at, Run { first: counter, last: counter, position }),
        }
        true
    }

    pub fn contains(&self, id: &EventId) -> bool {
        self.run(id).is_some()
    }

    /// The store position of the record holding `id`.
    pub fn position(&self, id: &EventId) -> Option<u64> {
        self.run(id).map(|run| run.position)
    }

    fn run(&self, id: &EventId) -> Option<&Run> {
        let runs = self.by_replica.get(&id.replica)?;
        let at = runs.partition_point(|run| run.last < id.counter);
        runs.get(at).filter(|run| run.first <= id.counter)
    }

    /// The counters missing between the events applied from each replica, replica by
    /// replica: a replica numbers its events 1, 2, 3, … and never skips one, so a hole
    /// is a record that was lost (or has not arrived yet from another device).
    pub fn gaps(&self) -> Vec<Gap> {
        let mut gaps: Vec<Gap> = self
            .by_replica
            .iter()
            .flat_map(|(replica, runs)| {
                let starts = std::iter::once(0).chain(runs.iter().map(|run| run.last));
                starts.zip(runs).filter(|(before, run)| run.first > before + 1).map(|(before, run)| Gap {
                    replica: replica.clone(),
                    first: before + 1,
                    last: run.first - 1,
                })
            })
            .collect();
        sort::sort(&mut gaps);
        gaps
    }

    /// How many events were applied.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

/// A checkpoint of what was applied: each replica's runs.
impl AppliedEvents {
    pub(crate) fn write(&self, w: &mut Writer) {
        w.u64(self.count as u64);
        let mut replicas: Vec<_> = self.by_replica.iter().collect();
        sort::sort_by(&mut replicas, |a, b| a.0.cmp(b.0));
        w.len(replicas.len());
        for (replica, runs) in replicas {
            w.str(replica.as_str());
            w.len(runs.len());
            for run in runs {
                w.u64(run.first);
                w.u64(run.last);
                w.u64(run.position);
            }
        }
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Self, CheckpointError> {
        let count = usize::try_from(r.u64()?).map_err(|_| CheckpointError::Damaged("an event count".into()))?;
        let mut by_replica = HashMap::default();
        for _ in 0..r.len()? {
            let replica: ReplicaId = r.str()?.parse().map_err(|_| CheckpointError::Damaged("a replica id".into()))?;
            let runs = (0..r.len()?)
                .map(|_| Ok(Run { first: r.u64()?, last: r.u64()?, position: r.u64()? }))
                .collect::<Result<Vec<Run>, CheckpointError>>()?;
            if runs.windows(2).any(|w| w[0].last >= w[1].first) || runs.iter().any(|r| r.first > r.last) {
                return Err(CheckpointError::Damaged("runs of event counters out of order".into()));
            }
            by_replica.insert(replica, runs);
        }
        Ok(Self { by_replica, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(replica: &str, counter: u64) -> EventId {
        EventId { replica: replica.parse().unwrap(), counter }
    }

    #[test]
    fn holes_in_a_replicas_counters_are_gaps() {
        let mut applied = AppliedEvents::default();
        for (counter, position) in [(1, 1), (2, 1), (3, 2), (7, 5), (8, 6), (12, 9)] {
            applied.insert(&id("a", counter), position);
        }
        for (counter, position) in [(4, 3), (5, 3)] {
            applied.insert(&id("b", counter), position);
        }
        let gaps: Vec<(String, u64, u64)> =
            applied.gaps().into_iter().map(|g| (g.replica.to_string(), g.first, g.last)).collect();
        let a = id("a", 1).replica.to_string();
        let b = id("b", 1).replica.to_string();
        let mut expected = vec![(a.clone(), 4, 6), (a, 9, 11), (b, 1, 3)];
        expected.sort();
        let mut gaps = gaps;
        gaps.sort();
        assert_eq!(gaps, expected);
        assert!(AppliedEvents::default().gaps().is_empty());
    }

    #[test]
    fn runs_join_within_a_record_and_stay_apart_across_records() {
        let mut applied = AppliedEvents::default();
        for (counter, position) in [(1, 10), (2, 10), (3, 10), (5, 11), (4, 11), (7, 12), (6, 11)] {
            assert!(applied.insert(&id("aa", counter), position));
        }
        assert!(!applied.insert(&id("aa", 2), 99), "a replay is recognised");
        assert_eq!(applied.len(), 7);
        let positions: Vec<_> = (0..=8).map(|c| applied.position(&id("aa", c))).collect();
        let expected = [None, Some(10), Some(10), Some(10), Some(11), Some(11), Some(11), Some(12), None];
        assert_eq!(positions, expected);
        assert_eq!(applied.by_replica[&"aa".parse::<ReplicaId>().unwrap()].len(), 3, "4–6 joined into one run");
        assert!(!applied.contains(&id("bb", 1)));
    }

    #[test]
    fn a_run_filled_from_both_sides_becomes_one() {
        let mut applied = AppliedEvents::default();
        for counter in [1, 3, 2] {
            applied.insert(&id("aa", counter), 5);
        }
        assert_eq!(
            applied.by_replica[&"aa".parse::<ReplicaId>().unwrap()],
            vec![Run { first: 1, last: 3, position: 5 }]
        );
    }
}
