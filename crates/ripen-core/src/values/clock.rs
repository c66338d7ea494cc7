//! The hybrid logical clock that orders events across replicas.

use chrono::{DateTime, Utc};

/// A hybrid-logical-clock timestamp: wall-clock milliseconds plus a counter that breaks
/// ties and keeps order when a device's clock stands still or goes backwards.
/// Serialised compactly as `[millis, counter]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ripen_json::ToJson, ripen_json::FromJson)]
#[json(from = "(i64, u32)", into = "(i64, u32)")]
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

/// How far ahead of this device's wall clock another device's timestamps may be before
/// that is reported. A tablet's clock set by hand is minutes off, which is nothing to
/// report; one set a day or a year ahead drags every device of the team into its future
/// (a change made after seeing another must come after it in every device's fold, so its
/// time is followed all the same) until someone sets that device's clock right.
pub const MAX_AHEAD_MILLIS: i64 = 10 * 60 * 1_000;

/// Issues strictly increasing [`Hlc`] timestamps for one replica.
#[derive(Debug, Clone, Default)]
pub struct HybridClock {
    last: Option<Hlc>,
    /// The latest timestamp seen from other replicas (or read back from the log).
    observed: Option<Hlc>,
}

impl HybridClock {
    /// The next timestamp at wall time `now`: later than anything issued or observed.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Hlc {
        let wall = now.timestamp_millis();
        let floor = self.last.max(self.observed);
        let next = match floor {
            Some(floor) if floor.millis >= wall => match floor.counter.checked_add(1) {
                Some(counter) => Hlc { millis: floor.millis, counter },
                None => Hlc { millis: floor.millis.saturating_add(1), counter: 0 },
            },
            _ => Hlc { millis: wall, counter: 0 },
        };
        self.last = Some(next);
        next
    }

    /// Notes a timestamp seen on another replica's event (HLC receive): later ticks come
    /// after it.
    pub fn observe(&mut self, seen: Hlc) {
        if self.observed.is_none_or(|observed| seen > observed) {
            self.observed = Some(seen);
        }
    }

    /// How many milliseconds the latest observed timestamp is ahead of `now`, when that is
    /// more than [`MAX_AHEAD_MILLIS`]: a device's clock to set right.
    pub fn ahead_of(&self, now: DateTime<Utc>) -> Option<i64> {
        let ahead = self.observed?.millis.saturating_sub(now.timestamp_millis());
        (ahead > MAX_AHEAD_MILLIS).then_some(ahead)
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
    fn a_clock_far_ahead_is_followed_for_order_and_reported() {
        let now = 1_800_000_000_000;
        let mut clock = HybridClock::default();
        let minutes_ahead = Hlc { millis: now + 5 * 60_000, counter: 3 };
        clock.observe(minutes_ahead);
        assert_eq!(clock.ahead_of(at(now)), None);
        assert_eq!(clock.tick(at(now)), Hlc { millis: minutes_ahead.millis, counter: 4 });
        let day_ahead = Hlc { millis: now + 86_400_000, counter: 0 };
        clock.observe(day_ahead);
        assert_eq!(clock.ahead_of(at(now)), Some(86_400_000));
        assert_eq!(clock.tick(at(now + 1)), Hlc { millis: day_ahead.millis, counter: 1 }, "order is kept");
        // Once the wall clock catches up, nothing is reported.
        assert_eq!(clock.ahead_of(at(now + 86_000_000)), None);
        // Boundaries: exactly the window ahead is not reported; a millisecond more is.
        let mut edge = HybridClock::default();
        edge.observe(Hlc { millis: now + MAX_AHEAD_MILLIS, counter: 0 });
        assert_eq!(edge.ahead_of(at(now)), None);
        edge.observe(Hlc { millis: now + MAX_AHEAD_MILLIS + 1, counter: 0 });
        assert_eq!(edge.ahead_of(at(now)), Some(MAX_AHEAD_MILLIS + 1));
        // Extreme times do not panic (the sync client refuses events stamped beyond any
        // date the engine takes, so no such time reaches a clock).
        let mut extreme = HybridClock::default();
        extreme.observe(Hlc { millis: i64::MAX, counter: u32::MAX });
        let _ = extreme.tick(at(now));
        assert_eq!(extreme.ahead_of(at(now)), Some(i64::MAX - now));
    }

    #[test]
    fn counter_overflow_moves_to_the_next_millisecond() {
        let mut clock = HybridClock::default();
        clock.observe(Hlc { millis: 7, counter: u32::MAX });
        assert_eq!(clock.tick(at(0)), Hlc { millis: 8, counter: 0 });
    }

    #[test]
    fn serialises_as_a_pair() {
        let json = ripen_json::to_string(&Hlc { millis: 5, counter: 2 });
        assert_eq!(json, "[5,2]");
    }
}
