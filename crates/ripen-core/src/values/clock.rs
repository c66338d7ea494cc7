//! The hybrid logical clock that orders events across replicas.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A hybrid-logical-clock timestamp: wall-clock milliseconds plus a counter that breaks
/// ties and keeps order when a device's clock stands still or goes backwards.
/// Serialised compactly as `[millis, counter]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(from = "(i64, u32)", into = "(i64, u32)")]
pub struct Hlc {
    pub millis: i64,
    pub counter: u32,
}

impl Hlc {
    pub const ZERO: Self = Self { millis: 0, counter: 0 };
}

impl From<(i64, u32)> for Hlc {
    fn from((millis, counter): (i64, u32)) -> Self {
        Self { millis, counter }
    }
}

impl From<Hlc> for (i64, u32) {
    fn from(hlc: Hlc) -> Self {
        (hlc.millis, hlc.counter)
    }
}

/// Issues strictly increasing [`Hlc`] timestamps for one replica.
#[derive(Debug, Clone, Default)]
pub struct HybridClock {
    last: Option<Hlc>,
}

impl HybridClock {
    /// The next timestamp at wall time `now`: never earlier than anything issued or observed.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Hlc {
        let wall = now.timestamp_millis();
        let next = match self.last {
            Some(last) if last.millis >= wall => match last.counter.checked_add(1) {
                Some(counter) => Hlc { millis: last.millis, counter },
                None => Hlc { millis: last.millis + 1, counter: 0 },
            },
            _ => Hlc { millis: wall, counter: 0 },
        };
        self.last = Some(next);
        next
    }

    /// Takes note of a timestamp written elsewhere (a loaded or merged event), so that
    /// later ticks sort after it.
    pub fn observe(&mut self, seen: Hlc) {
        if self.last.is_none_or(|last| seen > last) {
            self.last = Some(seen);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(millis: i64) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(millis).unwrap()
    }

    #[test]
    fn ticks_increase_even_when_the_wall_clock_stalls_or_goes_back() {
        let mut clock = HybridClock::default();
        let a = clock.tick(at(1_000));
        let b = clock.tick(at(1_000));
        let c = clock.tick(at(500));
        let d = clock.tick(at(2_000));
        assert!(a < b && b < c && c < d);
        assert_eq!(b, Hlc { millis: 1_000, counter: 1 });
        assert_eq!(c, Hlc { millis: 1_000, counter: 2 });
        assert_eq!(d, Hlc { millis: 2_000, counter: 0 });
    }

    #[test]
    fn observed_timestamps_from_other_replicas_are_never_undercut() {
        let mut clock = HybridClock::default();
        clock.observe(Hlc { millis: 9_000, counter: 4 });
        assert_eq!(clock.tick(at(1_000)), Hlc { millis: 9_000, counter: 5 });
    }

    #[test]
    fn counter_overflow_moves_to_the_next_millisecond() {
        let mut clock = HybridClock::default();
        clock.observe(Hlc { millis: 7, counter: u32::MAX });
        assert_eq!(clock.tick(at(0)), Hlc { millis: 8, counter: 0 });
    }

    #[test]
    fn serialises_as_a_pair() {
        let json = serde_json::to_string(&Hlc { millis: 5, counter: 2 }).unwrap();
        assert_eq!(json, "[5,2]");
    }
}
