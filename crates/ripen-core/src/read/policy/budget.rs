//! A client's contact budget, explained: for every rule of the policy what it counts in
//! its current window and scope (which touches, how many left), when the gap ends or the
//! hours open, what the consent says; and per channel the next slot for a sales and a
//! marketing touch. Every "may it be now, and when" comes from [`Policy::check`], so the
//! budget never disagrees with the check.

use super::scope::{clients_in, time_zone};
use super::window;
use crate::model::lead::{consent_problem, ConsentProblem};
use crate::model::policy::{Action, Candidate, Limit, Policy, Rule, Scope, Window};
use crate::model::touch::{Direction, Origin};
use crate::state::touch_book::Progress;
use crate::state::CrmState;
use crate::values::ids::{ClientId, RuleId, TouchId};
use crate::values::sort;
use crate::values::Channel;
use chrono::{DateTime, Duration, NaiveTime, Utc};

/// A client's contact budget at one moment.
#[derive(Debug, Clone, PartialEq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct ContactBudget {
    pub client: ClientId,
    /// The moment it describes.
    #[json(serialize_with = "crate::values::instant::write_json")]
    pub at: DateTime<Utc>,
    /// The client's time zone, in which calendar windows and allowed hours are read.
    pub time_zone: String,
    /// Every rule of the policy, in the policy's order.
    pub rules: Vec<RuleBudget>,
    /// Per channel the client can be reached by, the next slot.
    pub channels: Vec<ChannelSlots>,
}

/// One rule as it stands for the client.
#[derive(Debug, Clone, PartialEq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct RuleBudget {
    pub rule: RuleId,
    pub name: String,
    pub scope: Scope,
    pub action: Action,
    /// The channels it counts and applies to; empty means all.
    pub channels: Vec<Channel>,
    /// The origins it counts and applies to; empty means all.
    pub origins: Vec<Origin>,
    /// Whether an outbound touch it applies to would keep it now.
    pub open: bool,
    /// When it is not open: the earliest time this rule alone would allow such a touch
    /// (as the check's violation says); `None` when no time would (consent).
    #[json(serialize_with = "crate::values::instant::write_json_option")]
    pub opens_at: Option<DateTime<Utc>>,
    pub limit: LimitBudget,
}

/// What a rule's limit has used up.
#[derive(Debug, Clone, PartialEq, ripen_json::ToJson)]
#[json(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum LimitBudget {
    /// At most `max` counted touches in the window: `[start, end)` for a calendar one (in
    /// the client's zone), `(start, end]` — the last hours up to the moment — for a
    /// rolling one.
    Count {
        max: u32,
        used: u32,
        left: u32,
        rolling: bool,
        #[json(serialize_with = "crate::values::instant::write_json")]
        start: DateTime<Utc>,
        #[json(serialize_with = "crate::values::instant::write_json")]
        end: DateTime<Utc>,
        /// The touches it counts in the window, by time.
        touches: Vec<CountedTouch>,
    },
    /// At least `hours` between counted touches.
    MinGap {
        hours: u32,
        /// The last counted touch at or before the moment.
        last: Option<CountedTouch>,
        /// The next counted (planned) touch after it.
        next: Option<CountedTouch>,
        /// When the gap after `last` ends, if it has not yet.
        #[json(serialize_with = "crate::values::instant::write_json_option")]
        gap_ends_at: Option<DateTime<Utc>>,
    },
    /// Touches only between `from` and `to`, local time.
    AllowedHours {
        #[json(serialize_with = "write_time")]
        from: NaiveTime,
        #[json(serialize_with = "write_time")]
        to: NaiveTime,
        weekdays_only: bool,
        /// Whether the moment is inside them.
        inside: bool,
        /// When they next open, if the moment is outside.
        #[json(serialize_with = "crate::values::instant::write_json_option")]
        opens_at: Option<DateTime<Utc>>,
    },
    /// The client's current consent record.
    Consent {
        /// No record yet.
        recorded: bool,
        contact: bool,
        marketing: bool,
        /// Why a sales touch is refused, if it is.
        sales_refused: Option<ConsentProblem>,
        /// Why a marketing touch is refused, if it is.
        marketing_refused: Option<ConsentProblem>,
    },
}

fn write_time(time: &NaiveTime, w: &mut ripen_json::Writer) {
    w.str(&time.format("%H:%M").to_string());
}

/// A touch a rule counts. In a company or holding scope it may be another contact's
/// (`own` false); a contact the reader may not see has its `touch`, `client` and
/// `client_name` left out.
#[derive(Debug, Clone, PartialEq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct CountedTouch {
    pub touch: Option<TouchId>,
    pub client: Option<ClientId>,
    pub client_name: Option<String>,
    /// The client's own touch, not a colleague's.
    pub own: bool,
    pub channel: Channel,
    pub origin: Origin,
    #[json(serialize_with = "crate::values::instant::write_json")]
    pub at: DateTime<Utc>,
    /// Planned (else done).
    pub planned: bool,
    /// Inbound or asked for by the client: counted only by rules that count those.
    pub exempt: bool,
}

/// The next slot on one channel, for a sales and for a marketing touch.
#[derive(Debug, Clone, PartialEq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct ChannelSlots {
    pub channel: Channel,
    pub sales: NextSlot,
    pub marketing: NextSlot,
}

/// When an outbound touch may be: the check's answer for a touch at the moment.
#[derive(Debug, Clone, PartialEq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct NextSlot {
    /// The earliest time no rule is broken (`nextClearAt`); `None` if none within a year.
    #[json(serialize_with = "crate::values::instant::write_json_option")]
    pub clear_at: Option<DateTime<Utc>>,
    /// The earliest time no `block` rule is broken (`nextAllowedAt`): from then on with an
    /// override when `clear_at` is later.
    #[json(serialize_with = "crate::values::instant::write_json_option")]
    pub allowed_at: Option<DateTime<Utc>>,
    /// The rules a touch at the moment would break, the one holding it back longest first.
    pub held_by: Vec<RuleId>,
}

/// The channels the budget gives slots for: calls and meetings always, and those the
/// client has an address for (its own).
fn channels_of(state: &CrmState, client: &ClientId) -> Vec<Channel> {
    let mut channels = vec![Channel::Call, Channel::Meeting];
    if let Some(fields) = state.client(client).map(|c| &c.fields) {
        let reachable = !fields.emails.is_empty() || !fields.phones.is_empty() || !fields.messengers.is_empty();
        if !fields.emails.is_empty() {
            channels.push(Channel::Email);
        }
        if !fields.phones.is_empty() || !fields.messengers.is_empty() {
            channels.push(Channel::Message);
        }
        if reachable {
            channels.push(Channel::MarketingSend);
        }
    }
    sort::sort_by_key(&mut channels, |c| *c);
    channels.dedup();
    channels
}

/// The counted touches of `rule`'s scope, by time (as the check counts them). A touch of a
/// client merged into another is that client's.
fn counted(state: &CrmState, client: &ClientId, rule: &Rule) -> Vec<CountedTouch> {
    let mut counted: Vec<CountedTouch> = clients_in(state, client, rule.scope)
        .iter()
        .flat_map(|member| state.touches_of(member).map(move |t| (member, t)))
        .filter_map(|(member, t)| {
            let (at, planned) = match &t.status {
                Progress::Done { done_at, .. } => (*done_at, false),
                Progress::Planned => (t.at, true),
                _ => return None,
            };
            let exempt = t.direction == Direction::Inbound || t.requested;
            (rule.applies_to(t.channel, t.origin) && (rule.counts_exempt || !exempt)).then(|| CountedTouch {
                touch: Some(t.id()),
                client: Some(member.clone()),
                client_name: state.client(member).map(|c| c.name.to_string()),
                own: member == client,
                channel: t.channel,
                origin: t.origin,
                at,
                planned,
                exempt,
            })
        })
        .collect();
    sort::sort_by_key(&mut counted, |t| t.at);
    counted
}

impl Policy {
    /// `client`'s contact budget at `now`.
    pub fn budget(&self, state: &CrmState, client: &ClientId, now: DateTime<Utc>) -> ContactBudget {
        let zone = time_zone(state, self, client);
        let candidate = |channel: Channel, origin: Origin| Candidate {
            client: client.clone(),
            channel,
            origin,
            direction: Direction::Outbound,
            requested: false,
            overridden: false,
            at: now,
        };
        let rules = self
            .rules
            .iter()
            .map(|rule| {
                // Any channel and origin the rule applies to asks the same of it (only
                // consent tells sales from marketing, and it has its own answer below).
                let channel = rule.channels.iter().next().copied().unwrap_or(Channel::Call);
                let origin = rule.origins.iter().next().copied().unwrap_or(Origin::Sales);
                let verdict = self.check(state, &candidate(channel, origin));
                let broken = verdict.violations.iter().find(|v| v.rule == rule.id);
                let opens_at = broken.filter(|_| rule.limit != Limit::Consent).map(|v| v.allowed_from);
                RuleBudget {
                    rule: rule.id.clone(),
                    name: rule.name.clone(),
                    scope: rule.scope,
                    action: rule.action,
                    channels: rule.channels.iter().copied().collect(),
                    origins: rule.origins.iter().copied().collect(),
                    open: broken.is_none(),
                    opens_at,
                    limit: limit_budget(state, client, rule, zone, now),
                }
            })
            .collect();
        let slot = |channel: Channel, origin: Origin| {
            let verdict = self.check(state, &candidate(channel, origin));
            let mut violations = verdict.violations;
            violations.sort_by(|a, b| b.allowed_from.cmp(&a.allowed_from).then_with(|| a.rule.cmp(&b.rule)));
            NextSlot {
                clear_at: verdict.next_clear_at,
                allowed_at: verdict.next_allowed_at,
                held_by: violations.into_iter().map(|v| v.rule).collect(),
            }
        };
        let channels = channels_of(state, client)
            .into_iter()
            .map(|channel| ChannelSlots {
                channel,
                sales: slot(channel, Origin::Sales),
                marketing: slot(channel, Origin::Marketing),
            })
            .collect();
        ContactBudget { client: client.clone(), at: now, time_zone: zone.name().to_owned(), rules, channels }
    }
}

fn limit_budget(
    state: &CrmState,
    client: &ClientId,
    rule: &Rule,
    zone: crate::values::zone::Zone,
    now: DateTime<Utc>,
) -> LimitBudget {
    match &rule.limit {
        Limit::Count { max, window } => {
            let (rolling, start, end) = match window {
                Window::Rolling { hours } => (true, now - Duration::hours(i64::from(*hours)), now),
                Window::Calendar { .. } => {
                    let (start, end) = window::window_around(zone, window, now);
                    (false, start, end)
                }
            };
            let inside = |at: DateTime<Utc>| if rolling { at > start && at <= end } else { at >= start && at < end };
            let touches: Vec<CountedTouch> =
                counted(state, client, rule).into_iter().filter(|t| inside(t.at)).collect();
            let used = u32::try_from(touches.len()).unwrap_or(u32::MAX);
            LimitBudget::Count { max: *max, used, left: max.saturating_sub(used), rolling, start, end, touches }
        }
        Limit::MinGap { hours } => {
            let gap = Duration::hours(i64::from(*hours));
            let touches = counted(state, client, rule);
            let last = touches.iter().rev().find(|t| t.at <= now).cloned();
            let next = touches.iter().find(|t| t.at > now).cloned();
            let gap_ends_at = last.as_ref().map(|t| t.at + gap).filter(|end| *end > now);
            LimitBudget::MinGap { hours: *hours, last, next, gap_ends_at }
        }
        Limit::AllowedHours { from, to, weekdays_only } => {
            let opens_at = window::hours_open_from(zone, now, *from, *to, *weekdays_only);
            LimitBudget::AllowedHours {
                from: *from,
                to: *to,
                weekdays_only: *weekdays_only,
                inside: opens_at.is_none(),
                opens_at,
            }
        }
        Limit::Consent => {
            let current = state.consent_at(client, now).map(|e| &e.consent);
            LimitBudget::Consent {
                recorded: current.is_some(),
                contact: current.is_none_or(|c| c.contact),
                marketing: current.is_some_and(|c| c.marketing),
                sales_refused: consent_problem(current, false),
                marketing_refused: consent_problem(current, true),
            }
        }
    }
}
