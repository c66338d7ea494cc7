//! The native builds' source of zone rules: chrono-tz's copy of the tz database. Not in
//! the wasm build, where the database alone was a fifth of the engine's module.

use super::source::ZoneSource;
use chrono::{DateTime, Offset, TimeZone};

/// chrono-tz as a [`ZoneSource`].
#[derive(Debug, Clone, Copy)]
pub struct ChronoTz;

impl ZoneSource for ChronoTz {
    fn offset_at(&self, zone: &str, at: i64) -> Option<i32> {
        let zone: chrono_tz::Tz = zone.parse().ok()?;
        let utc = DateTime::from_timestamp(at, 0)?.naive_utc();
        Some(zone.offset_from_utc_datetime(&utc).fix().local_minus_utc())
    }
}
