//! A zone as a chrono `TimeZone`: the offset at an instant, and the instants of a wall
//! time, read from the installed source's tables.

use super::id::Zone;
use super::installed;
use chrono::{FixedOffset, LocalResult, MappedLocalTime, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use std::fmt;

/// The offset a [`Zone`] keeps at some instant, and the zone, as chrono needs to go back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZoneOffset {
    zone: Zone,
    fixed: FixedOffset,
}

impl Offset for ZoneOffset {
    fn fix(&self) -> FixedOffset {
        self.fixed
    }
}

impl fmt::Display for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.fixed, f)
    }
}

impl TimeZone for Zone {
    type Offset = ZoneOffset;

    fn from_offset(offset: &ZoneOffset) -> Self {
        offset.zone
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> ZoneOffset {
        let at = utc.and_utc().timestamp();
        offset(*self, installed::tables().map_or(0, |tables| tables.offset_at(*self, at)))
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> ZoneOffset {
        self.offset_from_utc_datetime(&utc.and_time(NaiveTime::MIN))
    }

    /// In a gap (clocks forward) no offset, in a repeat (clocks back) both, earlier
    /// instant first: as chrono-tz answers.
    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<ZoneOffset> {
        let wall = local.and_utc().timestamp();
        let instants = installed::tables().map_or(LocalResult::Single(wall), |tables| tables.instants_at(*self, wall));
        // The offset is what separates the wall time from the instant, within a day.
        instants.map(|at| offset(*self, i32::try_from(wall - at).unwrap_or(0)))
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<ZoneOffset> {
        self.offset_from_local_datetime(&local.and_time(NaiveTime::MIN))
    }
}

fn offset(zone: Zone, seconds: i32) -> ZoneOffset {
    ZoneOffset { zone, fixed: FixedOffset::east_opt(seconds).unwrap_or_else(|| Utc.fix()) }
}
