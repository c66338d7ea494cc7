//! Finding a touch's earliest time: from a start on, within the client's hours (its own
//! time zone), clear of a planner's own limits, and allowed by the contact policy with no
//! override, counting the touches a plan is about to write. Shared by the follow-up
//! planner and the campaign planner.

use crate::model::client::Client;
use crate::model::policy::{Candidate, Pending, Verdict};
use crate::model::touch::{Direction, Origin};
use crate::state::CrmState;
use crate::values::zone::Zone;
use crate::values::Channel;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};

/// Bounds the search for one touch's time; every step moves it strictly later.
const MAX_STEPS: usize = 100_000;

/// The hours a touch may fall in, in the client's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hours {
    pub from: NaiveTime,
    pub to: NaiveTime,
    /// Monday to Friday only.
    pub weekdays_only: bool,
}

/// What last held a touch back within the client's hours while its time was looked for
/// (the hours themselves, when nothing else did).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Blocker {
    Hours,
    /// The planner's own limit (a rep's daily cap, the spacing of a plan's touches).
    Held,
    Policy,
}

/// The touch whose time is looked for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Wanted<'a> {
    pub client: &'a Client,
    pub channel: Channel,
    pub origin: Origin,
    pub hours: Hours,
    pub start: DateTime<Utc>,
    /// The search ends before it.
    pub until: DateTime<Utc>,
}

/// The earliest time for `wanted` from its start on, before its end: in its hours, not
/// `held` (which answers the next time to try when the planner's own limits hold a time
/// back) and allowed by the policy with no override, `pending` counted as planned. Or what
/// pushed it past the end, with the policy's last verdict if the policy refused on the way.
pub(crate) fn earliest(
    state: &CrmState,
    wanted: Wanted<'_>,
    pending: &[Pending],
    mut held: impl FnMut(DateTime<Utc>) -> Option<DateTime<Utc>>,
) -> Result<DateTime<Utc>, (Blocker, Option<Verdict>)> {
    let zone = state.policy.time_zone_of(state, &wanted.client.id);
    let Hours { from, to, weekdays_only } = wanted.hours;
    let open = |day: NaiveDate| !weekdays_only || is_working(day);
    let mut at = wanted.start;
    let mut blocker = Blocker::Hours;
    let mut verdict = None;
    for _ in 0..MAX_STEPS {
        if at >= wanted.until {
            break;
        }
        let local = at.with_timezone(&zone).naive_local();
        if !open(local.date()) || local.time() >= to {
            let mut day = local.date() + Duration::days(1);
            while !open(day) {
                day += Duration::days(1);
            }
            // The day ending says nothing new: what filled it stays the reason.
            at = instant(zone, day.and_time(from), at + Duration::seconds(1));
            continue;
        }
        if local.time() < from {
            at = instant(zone, local.date().and_time(from), at + Duration::seconds(1));
            continue;
        }
        if let Some(next) = held(at) {
            (at, blocker) = (next.max(at + Duration::seconds(1)), Blocker::Held);
            continue;
        }
        let candidate = Candidate {
            client: wanted.client.id.clone(),
            channel: wanted.channel,
            origin: wanted.origin,
            direction: Direction::Outbound,
            requested: false,
            overridden: false,
            at,
        };
        let checked = state.policy.check_alongside(state, &candidate, pending);
        if checked.allowed {
            return Ok(at);
        }
        blocker = Blocker::Policy;
        let next = checked.next_clear_at.filter(|next| *next > at);
        verdict = Some(checked);
        match next {
            Some(next) => at = next,
            None => break,
        }
    }
    Err((blocker, verdict))
}

pub(crate) fn is_working(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// A wall time in `zone` as an instant: the earlier reading of a repeated hour, the first
/// minute after a DST gap; never before `after`.
pub(crate) fn instant(zone: Zone, local: NaiveDateTime, after: DateTime<Utc>) -> DateTime<Utc> {
    let mut probe = local;
    for _ in 0..=24 * 60 {
        if let Some(at) = zone.from_local_datetime(&probe).earliest() {
            return at.with_timezone(&Utc).max(after);
        }
        probe += Duration::minutes(1);
    }
    after + Duration::days(1)
}

pub(crate) fn midnight(zone: Zone, day: NaiveDate, after: DateTime<Utc>) -> DateTime<Utc> {
    instant(zone, day.and_time(Default::default()), after)
}

/// Whether `channel` has an address to reach the client by (a meeting, a visit or a
/// presentation needs none).
pub(crate) fn has_address(client: &Client, channel: Channel) -> bool {
    let fields = &client.fields;
    match channel {
        Channel::Call | Channel::Fax => !fields.phones.is_empty(),
        Channel::Email | Channel::MarketingSend => !fields.emails.is_empty(),
        Channel::Message => !fields.messengers.is_empty() || !fields.phones.is_empty(),
        Channel::Meeting | Channel::Presentation | Channel::Visit => true,
    }
}

/// Whether `channel` can reach the client: it has an address for it and does not find it
/// inconvenient.
pub(crate) fn reaches(client: &Client, channel: Channel) -> bool {
    !client.fields.inconvenient_channels.contains(&channel) && has_address(client, channel)
}
