//! The conformance suite of a zone source: [`Zone`], reading the installed source through
//! its tables, against the tz database's own answers (chrono-tz's, which the caller
//! brings) — natively with chrono-tz installed, in headless Chromium with `Intl`.
//!
//! Every change of offset the reference knows in the years compared is found (a reading
//! every 6 hours, bisected to the second) and checked to the second on both sides, with
//! the wall times around it: the gap's and the repeat's edges, and every quarter hour
//! across them. Between changes, instants and wall times are compared every 7 h 13 min
//! (so every time of day comes up).

use super::id::Zone;
use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use std::ops::RangeInclusive;

/// Zones east and west, half and quarter hours, the southern hemisphere, a 30-minute DST
/// (Lord Howe), Russia's changes of 2011 and 2014, Kyiv by both names.
pub const ZONES: &[&str] = &[
    "Europe/Moscow",
    "Asia/Novosibirsk",
    "Asia/Vladivostok",
    "Europe/Kaliningrad",
    "Europe/Samara",
    "Europe/Minsk",
    "Europe/Kyiv",
    "Europe/Kiev",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Tehran",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "Australia/Lord_Howe",
    "UTC",
];

/// What the zones are compared with: the tz database's answers.
pub trait Reference {
    /// Seconds east of UTC that `zone` keeps at `at` (seconds since the Unix epoch).
    fn offset_at(&self, zone: &str, at: i64) -> i32;
    /// The instants at which `zone`'s clocks read `wall`, earliest first.
    fn instants_at(&self, zone: &str, wall: NaiveDateTime) -> LocalResult<DateTime<Utc>>;
}

/// What a run compared, so that a test can tell a comparison from an empty one.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    pub changes: usize,
    pub instants: usize,
    pub wall_times: usize,
    /// Wall times the reference says do not exist (clocks forward)…
    pub in_gaps: usize,
    /// …and that exist twice (clocks back).
    pub in_repeats: usize,
}

const SCAN: i64 = 6 * 3600;
const STRIDE: i64 = 7 * 3600 + 13 * 60;
const QUARTER: i64 = 15 * 60;

/// The suite: [`ZONES`] from 2000 to 2040, and an error too if the comparison was thin (few
/// changes, gaps or repeats), so that it cannot pass by comparing nothing.
pub fn run(reference: &dyn Reference) -> Result<Coverage, String> {
    let coverage = compare(reference, ZONES, 2000..=2040)?;
    // Berlin alone changes twice a year; a comparison every 7 h 13 min is 48,000 a zone.
    let thorough = coverage.changes > 80 * 6
        && coverage.in_gaps > 1000
        && coverage.in_repeats > 1000
        && coverage.instants > 48_000 * ZONES.len();
    if thorough {
        Ok(coverage)
    } else {
        Err(format!("the comparison was thin: {coverage:?}"))
    }
}

/// Compares `zones` over `years` (UTC, whole years) with `reference`; every difference
/// found (the first 20 of them, described) is the error.
pub fn compare(reference: &dyn Reference, zones: &[&str], years: RangeInclusive<i32>) -> Result<Coverage, String> {
    let mut run = Run { reference, coverage: Coverage::default(), differences: Vec::new(), count: 0 };
    let start = year_start(*years.start());
    let end = year_start(years.end() + 1);
    for name in zones {
        let zone = Zone::named(name).ok_or_else(|| format!("{name} is not a zone the engine accepts"))?;
        for at in (start..end).step_by(STRIDE as usize) {
            run.instant(zone, at);
            run.wall(zone, at);
        }
        for (change, before, after) in changes(reference, name, start, end) {
            run.coverage.changes += 1;
            for at in [change - 60, change - 1, change, change + 1, change + 60] {
                run.instant(zone, at);
            }
            // The walls on both clocks at the change, a second either side of each, and
            // every quarter hour from an hour before the earlier to an hour after the later.
            let (early, late) = (change + i64::from(before.min(after)), change + i64::from(before.max(after)));
            for wall in [early - 1, early, early + 1, late - 1, late, late + 1] {
                run.wall(zone, wall);
            }
            for wall in (early - 3600..=late + 3600).step_by(QUARTER as usize) {
                run.wall(zone, wall);
            }
        }
    }
    if run.count == 0 {
        Ok(run.coverage)
    } else {
        Err(format!("{} differences from the tz database:\n{}", run.count, run.differences.join("\n")))
    }
}

struct Run<'r> {
    reference: &'r dyn Reference,
    coverage: Coverage,
    differences: Vec<String>,
    count: usize,
}

impl Run<'_> {
    fn differ(&mut self, text: String) {
        self.count += 1;
        if self.differences.len() < 20 {
            self.differences.push(text);
        }
    }

    fn instant(&mut self, zone: Zone, at: i64) {
        self.coverage.instants += 1;
        let Some(instant) = DateTime::from_timestamp(at, 0) else { return };
        let ours = instant.with_timezone(&zone).offset().fix().local_minus_utc();
        let theirs = self.reference.offset_at(zone.name(), at);
        if ours != theirs {
            self.differ(format!("{zone} at {instant}: offset {ours} s, the database's {theirs} s"));
        }
    }

    fn wall(&mut self, zone: Zone, wall: i64) {
        self.coverage.wall_times += 1;
        let Some(wall) = DateTime::from_timestamp(wall, 0).map(|wall| wall.naive_utc()) else { return };
        let ours = zone.from_local_datetime(&wall).map(|t| t.with_timezone(&Utc));
        let theirs = self.reference.instants_at(zone.name(), wall);
        match theirs {
            LocalResult::None => self.coverage.in_gaps += 1,
            LocalResult::Ambiguous(..) => self.coverage.in_repeats += 1,
            LocalResult::Single(_) => {}
        }
        if ours != theirs {
            self.differ(format!("{zone} wall time {wall}: {ours:?}, the database's {theirs:?}"));
        }
    }
}

fn year_start(year: i32) -> i64 {
    NaiveDate::from_ymd_opt(year, 1, 1).map_or(0, |day| day.and_time(Default::default()).and_utc().timestamp())
}

/// Every change of `zone`'s offset in `[start, end)` by the reference: its first second,
/// the offset before and after.
fn changes(reference: &dyn Reference, zone: &str, start: i64, end: i64) -> Vec<(i64, i32, i32)> {
    let mut found = Vec::new();
    let mut current = reference.offset_at(zone, start);
    let mut at = start;
    while at < end {
        let next = at + SCAN;
        if reference.offset_at(zone, next) == current {
            at = next;
            continue;
        }
        let (mut same, mut other) = (at, next);
        while other - same > 1 {
            let middle = same + (other - same) / 2;
            if reference.offset_at(zone, middle) == current {
                same = middle;
            } else {
                other = middle;
            }
        }
        let after = reference.offset_at(zone, other);
        found.push((other, current, after));
        (at, current) = (other, after);
    }
    found
}
