//! Choosing the time: the earliest moment every rule of the policy allows (no override
//! needed), inside the client's own hours. Where an allowed-hours rule of the policy
//! covers the channel, it sets those hours; where none does, the suggestion still keeps to
//! 9:00–20:00 on weekdays in the client's time zone — a rep's suggestion should not land
//! on a Sunday night just because nothing forbids it.

use super::Skip;
use crate::model::policy::{Candidate, Limit};
use crate::model::touch::{Direction, Origin};
use crate::state::CrmState;
use crate::values::ids::ClientId;
use crate::values::zone::Zone;
use crate::values::Channel;
use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Utc, Weekday};

/// The hours kept when no rule of the policy sets the channel's: from…
pub const DAY_START: NaiveTime = NaiveTime::from_hms_opt(9, 0, 0).expect("a valid time");
/// …until (not included), Monday to Friday.
pub const DAY_END: NaiveTime = NaiveTime::from_hms_opt(20, 0, 0).expect("a valid time");

/// How many times the policy and the hours may push the time past each other.
const ROUNDS: usize = 16;

/// What `planTouch` plans for a suggestion: an outbound sales touch, no override.
pub fn candidate(client: &ClientId, channel: Channel, at: DateTime<Utc>) -> Candidate {
    Candidate {
        client: client.clone(),
        channel,
        origin: Origin::Sales,
        direction: Direction::Outbound,
        requested: false,
        overridden: false,
        at,
    }
}

/// Whether a rule of the policy sets the hours `channel`'s sales touches may be made in.
pub fn policy_sets_hours(state: &CrmState, channel: Channel) -> bool {
    state
        .policy
        .rules
        .iter()
        .any(|r| matches!(r.limit, Limit::AllowedHours { .. }) && r.applies_to(channel, Origin::Sales))
}

fn weekend(day: chrono::NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// `at` if it falls in 9:00–20:00 of a weekday in `zone`, else the start of the next such
/// span.
pub fn in_day_hours(at: DateTime<Utc>, zone: Zone) -> DateTime<Utc> {
    let local = at.with_timezone(&zone);
    let (date, time) = (local.date_naive(), local.time());
    if !weekend(date) && time >= DAY_START && time < DAY_END {
        return at;
    }
    let mut day = if time >= DAY_END { date + Duration::days(1) } else { date };
    while weekend(day) {
        day += Duration::days(1);
    }
    let start = zone.from_local_datetime(&day.and_time(DAY_START)).earliest().map(|t| t.with_timezone(&Utc));
    // 9:00 skipped by a clock change: an hour later is inside the span all the same.
    start.unwrap_or_else(|| at + Duration::hours(1)).max(at)
}

/// The earliest time from `now` on at which the policy refuses nothing and, where it sets
/// no hours for the channel, the client's day has begun.
pub(super) fn earliest(
    state: &CrmState,
    client: &ClientId,
    channel: Channel,
    zone: Zone,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, Skip> {
    let own_hours = !policy_sets_hours(state, channel);
    let asked = candidate(client, channel, now);
    let mut search = state.policy.clear_search(state, &asked, zone);
    let mut at = now;
    for _ in 0..ROUNDS {
        let clear = search.next_clear(at).map_err(|()| Skip::ConsentRefused)?.ok_or(Skip::NoTime)?;
        let inside = if own_hours { in_day_hours(clear, zone) } else { clear };
        if inside == clear {
            return Ok(clear);
        }
        at = inside;
    }
    Err(Skip::NoTime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_hours_are_9_to_20_on_weekdays_in_the_client_s_zone() {
        let moscow: Zone = "Europe/Moscow".parse::<crate::values::TimeZoneName>().unwrap().zone();
        let at = |text: &str| text.parse::<DateTime<Utc>>().unwrap();
        // (the time, UTC; the first time in the hours) — Moscow is UTC+3; 2026-12-07 a Monday.
        let cases = [
            ("2026-12-07T10:00:00Z", "2026-12-07T10:00:00Z"),
            ("2026-12-07T05:59:00Z", "2026-12-07T06:00:00Z"),
            ("2026-12-07T17:00:00Z", "2026-12-08T06:00:00Z"),
            ("2026-12-11T16:59:59Z", "2026-12-11T16:59:59Z"),
            ("2026-12-11T17:00:00Z", "2026-12-14T06:00:00Z"),
            ("2026-12-12T12:00:00Z", "2026-12-14T06:00:00Z"),
            ("2026-12-13T22:00:00Z", "2026-12-14T06:00:00Z"),
        ];
        for (time, expected) in cases {
            assert_eq!(in_day_hours(at(time), moscow), at(expected), "{time}");
        }
    }
}
