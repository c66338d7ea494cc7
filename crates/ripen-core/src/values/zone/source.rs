//! What the engine asks its host about time zones.

/// What offset from UTC a zone keeps at an instant, as the host knows it. Asked only
/// while a zone's table is built, a few hundred times for a year of one zone: an answer
/// may be slow (the browser's take microseconds), a lookup in the table is not.
pub trait ZoneSource: Send + Sync {
    /// Seconds east of UTC that `zone` (an IANA name the engine accepts) keeps at `at`
    /// (seconds since the Unix epoch); `None` if the host does not know the zone.
    fn offset_at(&self, zone: &str, at: i64) -> Option<i32>;
}
