//! Window arithmetic in a client's time zone: local wall times as instants (DST gaps and
//! repeated hours), and the calendar day, week or month around an instant.

use crate::model::policy::{CalendarUnit, Window};
use crate::values::zone::Zone;
use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};

/// `at` as a wall time in `zone`.
pub(super) fn local(zone: Zone, at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&zone).naive_local()
}

/// A local wall time as an instant: in a DST gap, the first minute after the gap; in a
/// repeated hour, the earlier reading (the later one where `after` demands it).
pub(super) fn instant_after(zone: Zone, local: NaiveDateTime, after: DateTime<Utc>) -> DateTime<Utc> {
    let mut probe = local;
    for _ in 0..=24 * 60 {
        match zone.from_local_datetime(&probe) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(early, late) => {
                let early = early.with_timezone(&Utc);
                return if early > after { early } else { late.with_timezone(&Utc) };
            }
            LocalResult::None => probe += Duration::minutes(1),
        }
    }
    after + Duration::days(1)
}

/// A local wall time as an instant, the earlier reading of a repeated hour.
pub(super) fn instant(zone: Zone, local: NaiveDateTime) -> DateTime<Utc> {
    instant_after(zone, local, DateTime::<Utc>::MIN_UTC)
}

/// The calendar day, week (from Monday) or month containing `at`, as instants.
pub(super) fn calendar(zone: Zone, at: DateTime<Utc>, unit: CalendarUnit) -> (DateTime<Utc>, DateTime<Utc>) {
    let day = local(zone, at).date();
    let (start, end): (NaiveDate, NaiveDate) = match unit {
        CalendarUnit::Day => (day, day + Duration::days(1)),
        CalendarUnit::Week => {
            let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
            (monday, monday + Duration::days(7))
        }
        CalendarUnit::Month => {
            let first = day.with_day(1).unwrap_or(day);
            let next = if first.month() == 12 {
                NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
            };
            (first, next.unwrap_or(first + Duration::days(31)))
        }
    };
    (instant(zone, start.and_time(Default::default())), instant(zone, end.and_time(Default::default())))
}

/// The window of a count rule around `at`, `[start, end)`: the calendar one containing
/// it, or the `hours` before it (and `at` itself).
pub(super) fn window_around(zone: Zone, window: &Window, at: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    match window {
        Window::Rolling { hours } => (at - Duration::hours(i64::from(*hours)), at + Duration::milliseconds(1)),
        Window::Calendar { unit } => calendar(zone, at, *unit),
    }
}

/// `None` if `at` is inside the allowed hours `from`–`to` (local time; Monday–Friday
/// only if `weekdays_only`); otherwise when they next open.
pub(super) fn hours_open_from(
    zone: Zone,
    at: DateTime<Utc>,
    from: NaiveTime,
    to: NaiveTime,
    weekdays_only: bool,
) -> Option<DateTime<Utc>> {
    let open_day = |day: NaiveDate| !weekdays_only || !matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
    let local = local(zone, at);
    if open_day(local.date()) && local.time() >= from && local.time() < to {
        return None;
    }
    let mut day = local.date();
    for _ in 0..8 {
        if open_day(day) {
            let opens = day.and_time(from);
            if opens > local {
                return Some(instant_after(zone, opens, at));
            }
        }
        day += Duration::days(1);
    }
    None
}
