//! The follow-up planner: one touch for every lead of a list, hot leads first, each at the
//! earliest time from the start on that falls in the client's working hours (its own time
//! zone), leaves the rep's day under its cap, keeps clear of the plan's other touches and
//! that the contact policy allows — counting the touches on record and the plan's own
//! earlier ones. Leads it cannot place within the horizon are refused, with why.

use crate::error::Error;
use crate::model::client::Client;
use crate::model::follow_up::{FollowUpRequest, Lead, Priority};
use crate::model::policy::{Pending, Verdict, Violation};
use crate::model::touch::ContactGoal;
use crate::read::access::Access;
use crate::read::slots::{self, is_working, midnight, reaches, Blocker, Hours, Wanted};
use crate::state::touch_book::Progress;
use crate::state::CrmState;
use crate::values::ids::{ClientId, TouchId, UserId};
use crate::values::instant::iso;
use crate::values::newtype::string_enum;
use crate::values::sort;
use crate::values::zone::Zone;
use crate::values::Channel;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::collections::BTreeMap;

string_enum! {
    /// Why a lead got no follow-up.
    RefusalReason in "reason" {
        /// No such client, or not the user's to see (the two are not told apart).
        NotFound = "not_found",
        Removed = "removed",
        /// None of the priority's channels reaches it (no phone for a call, no e-mail for
        /// an e-mail), or the client finds them inconvenient.
        NoAddress = "no_address",
        /// A touch is already planned for it within the horizon.
        AlreadyPlanned = "already_planned",
        /// The contact policy refuses every time left in the horizon.
        Policy = "policy",
        /// The rep's days in the horizon are full (the daily cap, the spacing).
        Capacity = "capacity",
        /// No working hours of the client are left in the horizon.
        NoHours = "no_hours",
    }
}

/// A follow-up the plan makes.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct PlannedFollowUp {
    pub client: ClientId,
    pub name: String,
    pub priority: Priority,
    #[json(serialize_with = "crate::values::instant::write_json")]
    pub at: DateTime<Utc>,
    pub channel: Channel,
    pub goal: ContactGoal,
    pub approach: String,
    pub planned_result: String,
    /// The touch written, once the plan is committed.
    #[json(skip_serializing_if = "Option::is_none")]
    pub touch: Option<TouchId>,
}

/// A lead the plan leaves out, and why.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct RefusedFollowUp {
    pub client: ClientId,
    pub priority: Priority,
    pub reason: RefusalReason,
    /// The reason in a sentence.
    pub detail: String,
    /// For `policy`: the rules that refused the last time tried.
    pub violations: Vec<Violation>,
    /// For `policy`: when the policy would next allow it, if within a year.
    #[json(serialize_with = "crate::values::instant::write_json_option")]
    pub next_allowed_at: Option<DateTime<Utc>>,
}

/// What a plan makes and leaves out: `planned` in the order planned (hot leads first),
/// `refused` in the order of the leads.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct FollowUpPlan {
    pub planned: Vec<PlannedFollowUp>,
    pub refused: Vec<RefusedFollowUp>,
    /// The end of the horizon: the plan's touches all fall before it.
    #[json(serialize_with = "crate::values::instant::write_json")]
    pub until: DateTime<Utc>,
}

/// Plans a follow-up for every lead of `request` as `user` (who sees and changes what
/// `access` allows). Nothing is written: committing is [`crate::Engine::plan_follow_ups`].
pub fn plan(
    state: &CrmState,
    access: &Access,
    user: &UserId,
    request: &FollowUpRequest,
) -> Result<FollowUpPlan, Error> {
    request.check()?;
    access.check_member()?;
    let base = state.policy.default_time_zone.zone();
    let until = horizon_end(request.start, request.days, base);
    let mut order: Vec<(usize, &Lead)> = request.leads.iter().enumerate().collect();
    sort::sort_by_key(&mut order, |(i, lead)| (lead.priority, lead.captured_at.is_none(), lead.captured_at, *i));
    let mut planner =
        Planner { state, request, base, until, pending: Vec::new(), taken: Vec::new(), per_day: BTreeMap::new() };
    if request.capacity.is_some() {
        for touch in state.touches.all() {
            if touch.author == user
                && touch.status == Progress::Planned
                && touch.at >= request.start
                && touch.at < until
            {
                *planner.per_day.entry(planner.rep_day(touch.at)).or_default() += 1;
            }
        }
    }
    let mut planned = Vec::new();
    let mut refused = Vec::new();
    for (i, lead) in order {
        match planner.place(access, lead) {
            Ok(follow_up) => planned.push(follow_up),
            Err(refusal) => refused.push((i, refusal)),
        }
    }
    sort::sort_by_key(&mut refused, |(i, _)| *i);
    Ok(FollowUpPlan { planned, refused: refused.into_iter().map(|(_, r)| r).collect(), until })
}

/// The end of the `days`-th working day (Monday to Friday) from `start`'s day on, in `zone`.
fn horizon_end(start: DateTime<Utc>, days: u32, zone: Zone) -> DateTime<Utc> {
    let mut day = start.with_timezone(&zone).date_naive();
    let mut counted = 0;
    for _ in 0..days * 2 + 7 {
        if is_working(day) {
            counted += 1;
            if counted >= days {
                break;
            }
        }
        day += Duration::days(1);
    }
    midnight(zone, day + Duration::days(1), start)
}

/// The plan as it grows: the touches placed so far, their times and the rep's days.
struct Planner<'a> {
    state: &'a CrmState,
    request: &'a FollowUpRequest,
    /// The base's default time zone: the rep's days and the horizon are counted in it.
    base: Zone,
    until: DateTime<Utc>,
    pending: Vec<Pending>,
    /// The plan's touch times, sorted.
    taken: Vec<DateTime<Utc>>,
    per_day: BTreeMap<NaiveDate, u32>,
}

impl Planner<'_> {
    fn rep_day(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.base).date_naive()
    }

    fn place(&mut self, access: &Access, lead: &Lead) -> Result<PlannedFollowUp, RefusedFollowUp> {
        let refuse = |reason, detail: String| RefusedFollowUp {
            client: lead.client.clone(),
            priority: lead.priority,
            reason,
            detail,
            violations: Vec::new(),
            next_allowed_at: None,
        };
        let state = self.state;
        let Some(client) = state.client(&lead.client).filter(|c| access.sees(&state.people, c)) else {
            return Err(refuse(RefusalReason::NotFound, format!("client {} does not exist", lead.client)));
        };
        if client.removed {
            return Err(refuse(RefusalReason::Removed, "the client was removed".into()));
        }
        let approach = self.request.approach(lead.priority);
        let Some(channel) = approach.channels.iter().copied().find(|channel| reaches(client, *channel)) else {
            let tried: Vec<&str> = approach.channels.iter().map(|c| c.as_str()).collect();
            return Err(refuse(
                RefusalReason::NoAddress,
                format!("no way to reach the client by {} (no address, or inconvenient)", tried.join(" or ")),
            ));
        };
        if let Some(planned) = state
            .touches_of(&client.id)
            .find(|t| t.status == Progress::Planned && t.at >= self.request.start && t.at < self.until)
        {
            return Err(refuse(
                RefusalReason::AlreadyPlanned,
                format!("a {} is already planned for {}", planned.channel, iso(&planned.at)),
            ));
        }
        let at = self.slot(client, channel).map_err(|(blocker, verdict)| {
            let (reason, detail) = match blocker {
                Blocker::Policy => (RefusalReason::Policy, "the contact policy refuses every time left in the horizon"),
                Blocker::Held => (RefusalReason::Capacity, "the rep's days in the horizon are full"),
                Blocker::Hours => (RefusalReason::NoHours, "no working hours of the client are left in the horizon"),
            };
            let mut refusal = refuse(reason, detail.into());
            if let Some(verdict) = verdict {
                refusal.next_allowed_at = verdict.next_clear_at;
                refusal.violations = verdict.violations;
            }
            refusal
        })?;
        self.pending.push(Pending { client: client.id.clone(), channel, origin: self.request.origin, at });
        let position = self.taken.partition_point(|t| *t < at);
        self.taken.insert(position, at);
        *self.per_day.entry(self.rep_day(at)).or_default() += 1;
        Ok(PlannedFollowUp {
            client: client.id.clone(),
            name: client.name.to_string(),
            priority: lead.priority,
            at,
            channel,
            goal: approach.plan.goal.clone(),
            approach: approach.plan.approach.clone(),
            planned_result: approach.plan.planned_result.clone(),
            touch: None,
        })
    }

    /// The earliest time for a touch to `client` by `channel`; or what pushed it out of
    /// the horizon, with the policy's last verdict if the policy refused on the way.
    fn slot(&self, client: &Client, channel: Channel) -> Result<DateTime<Utc>, (Blocker, Option<Verdict>)> {
        let (from, to) = self.request.hours;
        let wanted = Wanted {
            client,
            channel,
            origin: self.request.origin,
            hours: Hours { from, to, weekdays_only: true },
            start: self.request.start,
            until: self.until,
        };
        let spacing = Duration::minutes(i64::from(self.request.spacing_minutes));
        slots::earliest(self.state, wanted, &self.pending, |at| {
            if let Some(cap) = self.request.capacity {
                let day = self.rep_day(at);
                if self.per_day.get(&day).copied().unwrap_or(0) >= cap {
                    return Some(midnight(self.base, day + Duration::days(1), at + Duration::seconds(1)));
                }
            }
            if spacing > Duration::zero() {
                let near = self.taken.partition_point(|t| *t <= at - spacing);
                if let Some(clash) = self.taken[near..].iter().take_while(|t| **t < at + spacing).last() {
                    return Some(*clash + spacing);
                }
            }
            None
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::client::{ClientKind, NewClient};

    fn moscow() -> Zone {
        "Europe/Moscow".parse::<crate::values::TimeZoneName>().unwrap().zone()
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_horizon_counts_working_days_in_the_bases_zone() {
        // (start, working days, the end of the horizon)
        let cases = [
            ("2026-03-02T06:00:00Z", 1, "2026-03-02T21:00:00Z"), // Monday: that day
            ("2026-03-01T12:00:00Z", 5, "2026-03-06T21:00:00Z"), // Sunday: Monday to Friday
            ("2026-03-06T12:00:00Z", 2, "2026-03-09T21:00:00Z"), // Friday: and Monday
            ("2026-03-06T22:30:00Z", 1, "2026-03-09T21:00:00Z"), // Saturday already in Moscow
            ("2026-03-02T06:00:00Z", 10, "2026-03-13T21:00:00Z"),
        ];
        for (start, days, end) in cases {
            assert_eq!(horizon_end(at(start), days, moscow()), at(end), "{start} + {days}");
        }
    }

    #[test]
    fn a_channel_reaches_a_client_with_an_address_it_does_not_mind() {
        let mut new = NewClient::named(ClientKind::Person, "Анна".parse().unwrap());
        new.fields.emails = vec!["anna@example.com".parse().unwrap()];
        let client = |fields: crate::model::client::ClientFields| Client {
            id: "c0000000000001.1".parse().unwrap(),
            name: new.name.clone(),
            aliases: Vec::new(),
            fields,
            created_at: at("2026-03-01T00:00:00Z"),
            created_by: "anna".parse().unwrap(),
            owner: None,
            removed: false,
            shared_with: Default::default(),
        };
        let mut minds_email = new.fields.clone();
        minds_email.inconvenient_channels.insert(Channel::Email);
        // (profile, channel, reaches)
        let cases = [
            (new.fields.clone(), Channel::Email, true),
            (new.fields.clone(), Channel::MarketingSend, true),
            (new.fields.clone(), Channel::Call, false),
            (new.fields.clone(), Channel::Message, false),
            (new.fields.clone(), Channel::Meeting, true),
            (minds_email, Channel::Email, false),
        ];
        for (fields, channel, expected) in cases {
            assert_eq!(reaches(&client(fields), channel), expected, "{channel}");
        }
    }
}
