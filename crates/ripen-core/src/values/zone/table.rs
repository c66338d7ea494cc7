//! A zone's rules as the engine reads them: for each stretch of about a year that is asked
//! about, the offset at its start and every instant it changes, found by asking the source
//! once a day and bisecting each change to the second. Built on first use; every later
//! answer is a hash lookup and a binary search, never a question to the host.

use super::id::Zone;
use super::source::ZoneSource;
use chrono::LocalResult;
use rustc_hash::FxHashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// A stretch is 2^25 s (about 388 days) long, so an instant's stretch is a shift.
const STRETCH_BITS: u32 = 25;

/// How far apart the source is asked. Where two readings agree the table assumes no change
/// between them: in the tz database (1900–2100) the closest pair of changes that return to
/// the earlier offset is 7 days apart (Brazil in 2000, Gaza and Hebron from 2040), and a
/// change to a third offset is found anyway.
const STEP: i64 = 86_400;

/// The widest offset there is (chrono's `FixedOffset` takes less than a day): a wall time
/// `w` is read only at instants within a day of `w` read as UTC.
const WIDEST: i64 = 86_399;

type Stretches = FxHashMap<(Zone, i64), Stretch>;

/// One stretch of one zone.
#[derive(Debug)]
struct Stretch {
    /// The offset at the stretch's first second.
    first: i32,
    /// Each change in the stretch: its first second and the offset from then on.
    changes: Vec<(i64, i32)>,
}

impl Stretch {
    fn offset_at(&self, at: i64) -> i32 {
        let after = self.changes.partition_point(|(change, _)| *change <= at);
        after.checked_sub(1).map_or(self.first, |last| self.changes[last].1)
    }
}

/// Every zone's stretches built so far, from one source.
pub(super) struct Tables {
    source: &'static dyn ZoneSource,
    stretches: Mutex<Stretches>,
}

impl Tables {
    pub(super) fn new(source: &'static dyn ZoneSource) -> Self {
        Self { source, stretches: Mutex::default() }
    }

    /// Seconds east of UTC that `zone` keeps at `at` (seconds since the Unix epoch).
    pub(super) fn offset_at(&self, zone: Zone, at: i64) -> i32 {
        self.stretch(&mut self.lock(), zone, at >> STRETCH_BITS).offset_at(at)
    }

    /// The instants at which `zone`'s clocks read `wall` (a wall time in seconds since
    /// 1970-01-01 00:00 on that clock): none in a gap, two in a repeated hour, earliest first.
    pub(super) fn instants_at(&self, zone: Zone, wall: i64) -> LocalResult<i64> {
        let (from, to) = (wall - WIDEST, wall + WIDEST);
        let spanned = (from >> STRETCH_BITS)..=(to >> STRETCH_BITS);
        let mut stretches = self.lock();
        // Every instant asked about below lies in [from, to].
        for index in spanned.clone() {
            self.stretch(&mut stretches, zone, index);
        }
        let stretches = &*stretches;
        // An offset is kept where the instant it gives reads `wall`.
        let mut found: Option<(i64, i64)> = None;
        let mut consider = |offset: i32| {
            let at = wall - i64::from(offset);
            if offset_in(stretches, zone, at) == offset {
                found = Some(found.map_or((at, at), |(earliest, latest)| (earliest.min(at), latest.max(at))));
            }
        };
        // The offsets the zone keeps within a day of `wall`: the one at the start and the
        // one after each change (rarely any).
        consider(offset_in(stretches, zone, from));
        for stretch in spanned.filter_map(|index| stretches.get(&(zone, index))) {
            stretch.changes.iter().filter(|(at, _)| *at > from && *at <= to).for_each(|(_, offset)| consider(*offset));
        }
        match found {
            None => LocalResult::None,
            Some((earliest, latest)) if earliest == latest => LocalResult::Single(earliest),
            Some((earliest, latest)) => LocalResult::Ambiguous(earliest, latest),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Stretches> {
        // A panic while building leaves at worst a stretch missing, which is built again.
        self.stretches.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Stretch `index` of `zone`, built now if it is not yet.
    fn stretch<'t>(&self, stretches: &'t mut Stretches, zone: Zone, index: i64) -> &'t Stretch {
        stretches.entry((zone, index)).or_insert_with(|| build(self.source, zone.name(), index))
    }
}

/// The offset at `at` from the stretches built (UTC if its stretch is not: never, as
/// every caller builds it first).
fn offset_in(stretches: &Stretches, zone: Zone, at: i64) -> i32 {
    stretches.get(&(zone, at >> STRETCH_BITS)).map_or(0, |stretch| stretch.offset_at(at))
}

/// Asks `source` about stretch `index` of `zone`. A zone the source does not know, or an
/// offset of a day or more, reads as UTC: the answer a zone had before it was known.
fn build(source: &dyn ZoneSource, zone: &str, index: i64) -> Stretch {
    let read =
        |at: i64| source.offset_at(zone, at).filter(|offset| offset.unsigned_abs() <= WIDEST as u32).unwrap_or(0);
    let (start, last) = (index << STRETCH_BITS, ((index + 1) << STRETCH_BITS) - 1);
    let first = read(start);
    let mut changes = Vec::new();
    let (mut at, mut current) = (start, first);
    while at < last {
        let next = (at + STEP).min(last);
        let reading = read(next);
        // Some change lies in (at, next]: the first one is where the reading first differs.
        while reading != current {
            let (mut same, mut other, mut other_offset) = (at, next, reading);
            while other - same > 1 {
                let middle = same + (other - same) / 2;
                match read(middle) {
                    offset if offset == current => same = middle,
                    offset => (other, other_offset) = (middle, offset),
                }
            }
            changes.push((other, other_offset));
            (at, current) = (other, other_offset);
        }
        at = next;
    }
    Stretch { first, changes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Offsets other than the usual one: each `(from, to, offset)` in force in `[from, to)`.
    type Spells = &'static [(i64, i64, i32)];

    /// A made-up zone: `base` seconds east but for its spells; counts the questions it is asked.
    struct Made {
        base: i32,
        spells: Spells,
        asked: AtomicUsize,
    }

    impl ZoneSource for Made {
        fn offset_at(&self, _: &str, at: i64) -> Option<i32> {
            self.asked.fetch_add(1, Ordering::Relaxed);
            let spell = self.spells.iter().find(|(from, to, _)| (*from..*to).contains(&at));
            Some(spell.map_or(self.base, |(_, _, offset)| *offset))
        }
    }

    fn made(base: i32, spells: Spells) -> &'static Made {
        Box::leak(Box::new(Made { base, spells, asked: AtomicUsize::new(0) }))
    }

    fn zone() -> Zone {
        Zone::named("Europe/Berlin").unwrap()
    }

    const H: i64 = 3600;
    const STRETCH: i64 = 1 << STRETCH_BITS;

    #[test]
    fn every_change_is_found_to_the_second_where_readings_a_day_apart_hide_it() {
        let cases: &[(&str, Spells)] = &[
            ("a summer", &[(1_000_000_007, 1_015_000_003, 7200)]),
            ("a change at a stretch's first second", &[(STRETCH * 30, STRETCH * 30 + 5 * H, 7200)]),
            ("a change at a stretch's last second", &[(STRETCH * 31 - 1, STRETCH * 31 + H, -7200)]),
            // +1 h and an hour later +2 h: readings a day apart see one change, the
            // bisection finds both.
            ("two changes in an hour", &[(1_000_000_000, 1_000_003_600, 3600), (1_000_003_600, 1_010_000_000, 7200)]),
            ("a half-hour zone's change", &[(1_700_000_000, 1_710_000_000, 19_800 + 1800)]),
        ];
        for (case, spells) in cases {
            let source = made(0, spells);
            let tables = Tables::new(source);
            for (from, to, offset) in *spells {
                for (at, expected) in [(from - 1, None), (*from, Some(*offset)), (to - 1, None), (*to, None)] {
                    let expected = expected.unwrap_or_else(|| source.offset_at("", at).unwrap_or_default());
                    assert_eq!(tables.offset_at(zone(), at), expected, "{case}: at {at}");
                }
            }
        }
    }

    #[test]
    fn a_stretch_is_built_once_and_then_answers_without_asking() {
        // Both changes in stretch 29, [973_078_528, 1_006_632_960).
        let source = made(0, &[(980_000_000, 1_000_000_000, 3600)]);
        let tables = Tables::new(source);
        tables.offset_at(zone(), 990_000_000);
        let asked = source.asked.load(Ordering::Relaxed);
        // A sample a day over the stretch, and a bisection of each of its two changes.
        assert!((388..450).contains(&asked), "{asked} questions");
        for at in (973_078_528..1_006_632_960).step_by(7 * 3600) {
            tables.offset_at(zone(), at);
        }
        assert_eq!(source.asked.load(Ordering::Relaxed), asked);
    }

    #[test]
    fn wall_times_in_gaps_and_repeats() {
        // +1 h from 1_000_000_000 to 1_010_000_000, 0 otherwise.
        let tables = Tables::new(made(0, &[(1_000_000_000, 1_010_000_000, 3600)]));
        let (spring, autumn) = (1_000_000_000, 1_010_000_000);
        let cases = [
            ("an hour before the gap", spring - H, LocalResult::Single(spring - H)),
            ("the gap's first second", spring, LocalResult::None),
            ("the gap's last second", spring + H - 1, LocalResult::None),
            ("just after the gap", spring + H, LocalResult::Single(spring)),
            ("the repeat's first second", autumn, LocalResult::Ambiguous(autumn - H, autumn)),
            ("the repeat's last second", autumn + H - 1, LocalResult::Ambiguous(autumn - 1, autumn + H - 1)),
            ("just after the repeat", autumn + H, LocalResult::Single(autumn + H)),
            ("a day after", autumn + 25 * H, LocalResult::Single(autumn + 25 * H)),
        ];
        for (case, wall, expected) in cases {
            assert_eq!(tables.instants_at(zone(), wall), expected, "{case}");
        }
    }

    #[test]
    fn a_zone_the_host_does_not_know_reads_as_utc() {
        struct Nothing;
        impl ZoneSource for Nothing {
            fn offset_at(&self, _: &str, _: i64) -> Option<i32> {
                None
            }
        }
        struct Absurd;
        impl ZoneSource for Absurd {
            fn offset_at(&self, _: &str, _: i64) -> Option<i32> {
                Some(90_000)
            }
        }
        for source in [&Nothing as &'static dyn ZoneSource, &Absurd] {
            let tables = Tables::new(source);
            assert_eq!(tables.offset_at(zone(), 1_700_000_000), 0);
            assert_eq!(tables.instants_at(zone(), 1_700_000_000), LocalResult::Single(1_700_000_000));
        }
    }
}
