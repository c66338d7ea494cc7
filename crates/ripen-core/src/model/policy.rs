//! Contact-aggression policy (прогрев без выгорания): rules that keep sales and marketing
//! touches, counted together, within limits — per person, per company, per holding.

use crate::model::touch::{Direction, Origin};
pub use crate::model::violation::{Action, Violation};
use crate::values::clean::clean_line;
use crate::values::error::{Problem, ValidationError};
use crate::values::ids::{ClientId, RuleId};
use crate::values::newtype::string_enum;
use crate::values::sort;
use crate::values::{Channel, TimeZoneName};
use chrono::{DateTime, NaiveTime, Utc};
use std::collections::BTreeSet;

string_enum! {
    /// Whose touches a rule counts together.
    Scope in "scope" {
        /// The client itself.
        Person = "person",
        /// The company and all its people (a person's employer and its staff).
        Company = "company",
        /// The whole holding: every company of the group and all their people.
        Group = "group",
    }
}

string_enum! {
    /// A calendar window, in the client's time zone; weeks start on Monday.
    CalendarUnit in "unit" {
        Day = "day",
        Week = "week",
        Month = "month",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "snake_case")]
pub enum Window {
    /// The last `hours` hours, whenever the touch is.
    Rolling { hours: u32 },
    /// The calendar day, week or month the touch falls in.
    Calendar { unit: CalendarUnit },
}

/// What a rule limits.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Limit {
    /// At most `max` counted touches per window.
    Count { max: u32, window: Window },
    /// At least `hours` hours between two counted touches.
    MinGap { hours: u32 },
    /// Touches only between `from` and `to` local time (and only Monday–Friday if
    /// `weekdays_only`): the hours allowed, not the quiet ones. Stored as "quietHours", its
    /// name before it was named for what it holds: a record keeps its name, so that every
    /// build reads every log (the API calls it `allowedHours`).
    #[json(rename = "quietHours")]
    AllowedHours { from: NaiveTime, to: NaiveTime, weekdays_only: bool },
    /// The client's consent ([`crate::model::lead::consent_problem`]): a marketing touch
    /// needs a current marketing consent, and no outbound touch goes to a client whose
    /// current record says no to being contacted. No time makes it pass; a new record does.
    Consent,
}

/// One rule of the policy; all rules must hold.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase", deny_unknown_fields)]
pub struct Rule {
    pub id: RuleId,
    pub name: String,
    pub scope: Scope,
    /// The channels it counts and applies to; empty means all.
    #[json(default)]
    pub channels: BTreeSet<Channel>,
    /// The origins it counts and applies to; empty means all.
    #[json(default)]
    pub origins: BTreeSet<Origin>,
    pub limit: Limit,
    pub action: Action,
    /// Whether inbound touches and touches the client asked for still count towards it
    /// (they are never blocked themselves).
    #[json(default)]
    pub counts_exempt: bool,
}

impl Rule {
    pub fn applies_to(&self, channel: Channel, origin: Origin) -> bool {
        (self.channels.is_empty() || self.channels.contains(&channel))
            && (self.origins.is_empty() || self.origins.contains(&origin))
    }

    /// Refuses a rule that could never be met or makes no sense.
    pub fn check(&self) -> Result<(), ValidationError> {
        clean_line("name", &self.name, 100)?;
        let bad =
            |field: &str, reason: &str| Err(ValidationError::new(field, Problem::Malformed { reason: reason.into() }));
        // A year bounds every window: beyond it, time arithmetic would leave the calendar.
        const MAX_HOURS: u32 = 366 * 24;
        match &self.limit {
            Limit::Count { max: 0, .. } => bad("limit.max", "at least one touch per window"),
            Limit::Count { window: Window::Rolling { hours }, .. } if *hours > MAX_HOURS => {
                bad("limit.window.hours", "at most a year")
            }
            Limit::MinGap { hours } if *hours > MAX_HOURS => bad("limit.hours", "at most a year"),
            Limit::Count { window: Window::Rolling { hours: 0 }, .. } => bad("limit.window.hours", "at least one hour"),
            Limit::MinGap { hours: 0 } => bad("limit.hours", "at least one hour"),
            Limit::AllowedHours { from, to, .. } if from >= to => {
                bad("limit.to", "the allowed hours must end after they start")
            }
            _ => Ok(()),
        }
    }
}

/// The rules in force, and the time zone assumed for clients without one.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
pub struct Policy {
    pub rules: Vec<Rule>,
    pub default_time_zone: TimeZoneName,
}

fn time(hour: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default()
}

fn rule(
    id: &str,
    name: &str,
    scope: Scope,
    channels: &[Channel],
    origins: &[Origin],
    limit: Limit,
    action: Action,
) -> Rule {
    Rule {
        id: id.parse().unwrap_or_else(|_| unreachable!("default rule ids are valid")),
        name: name.to_owned(),
        scope,
        channels: sort::set_of(channels.iter().copied()),
        origins: sort::set_of(origins.iter().copied()),
        limit,
        action,
        counts_exempt: false,
    }
}

/// The rules every CRM starts with (issue 4's defaults). Editable through events; part of
/// the storage format like the default pipelines, so pinned by a test.
pub fn default_rules() -> Vec<Rule> {
    use Channel::{Call, MarketingSend};
    vec![
        rule(
            "sales_calls_per_company",
            "At most 2 outbound sales calls per company in 7 days",
            Scope::Company,
            &[Call],
            &[Origin::Sales],
            Limit::Count { max: 2, window: Window::Rolling { hours: 7 * 24 } },
            Action::Block,
        ),
        rule(
            "marketing_per_day",
            "At most 1 marketing send per person a day",
            Scope::Person,
            &[MarketingSend],
            &[],
            Limit::Count { max: 1, window: Window::Calendar { unit: CalendarUnit::Day } },
            Action::Block,
        ),
        rule(
            "marketing_per_week",
            "At most 3 marketing sends per person a week",
            Scope::Person,
            &[MarketingSend],
            &[],
            Limit::Count { max: 3, window: Window::Calendar { unit: CalendarUnit::Week } },
            Action::Block,
        ),
        rule(
            "gap_between_touches",
            "At least 24 hours between outbound touches to one person",
            Scope::Person,
            &[],
            &[],
            Limit::MinGap { hours: 24 },
            Action::Warn,
        ),
        rule(
            "call_hours",
            "Calls only 9:00–20:00 on weekdays, client's time",
            Scope::Person,
            &[Call],
            &[],
            Limit::AllowedHours { from: time(9), to: time(20), weekdays_only: true },
            Action::Block,
        ),
        consent_rule(),
    ]
}

/// The rule of consent (issue 23), the last of the defaults: added to the defaults after
/// the others had been stored in checkpoints, which the checkpoint reader knows
/// (ARCHITECTURE.md, "Consent and old bases").
pub fn consent_rule() -> Rule {
    rule(
        CONSENT_RULE,
        "Marketing only with consent; nothing outbound once contact is refused",
        Scope::Person,
        &[],
        &[],
        Limit::Consent,
        Action::Block,
    )
}

/// The consent rule's id.
pub const CONSENT_RULE: &str = "marketing_consent";

impl Default for Policy {
    fn default() -> Self {
        Self {
            rules: default_rules(),
            default_time_zone: "Europe/Moscow".parse().unwrap_or_else(|_| unreachable!("a valid zone")),
        }
    }
}

impl Policy {
    pub fn rule(&self, id: &RuleId) -> Option<&Rule> {
        self.rules.iter().find(|r| &r.id == id)
    }

    pub(crate) fn save(&mut self, rule: &Rule) {
        match self.rules.iter_mut().find(|r| r.id == rule.id) {
            Some(existing) => *existing = rule.clone(),
            None => self.rules.push(rule.clone()),
        }
    }

    pub(crate) fn remove(&mut self, id: &RuleId) {
        self.rules.retain(|r| &r.id != id);
    }
}

/// A touch about to be planned or logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub client: ClientId,
    pub channel: Channel,
    pub origin: Origin,
    pub direction: Direction,
    /// The client asked for it (a scheduled callback).
    pub requested: bool,
    /// It comes with an override reason: `warn` rules do not hold it back.
    pub overridden: bool,
    pub at: DateTime<Utc>,
}

impl Candidate {
    /// Inbound touches and touches the client asked for are never blocked.
    pub fn is_exempt(&self) -> bool {
        self.direction == Direction::Inbound || self.requested
    }
}

/// An outbound touch about to be planned in the same commit as the one checked (a
/// follow-up plan's earlier touches): counted as if it were already planned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub client: ClientId,
    pub channel: Channel,
    pub origin: Origin,
    pub at: DateTime<Utc>,
}

/// The answer to "may I make this touch?". A `block` rule refuses a touch outright; a
/// `warn` rule refuses it unless it comes with an override reason.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct Verdict {
    /// Planning it as it is would be accepted: no `block` rule is broken, and no `warn`
    /// rule either unless the touch is overridden.
    pub allowed: bool,
    /// Not allowed, but only `warn` rules stand in the way: with an override reason it is.
    pub overridable: bool,
    /// Every rule broken, blocking or warning.
    pub violations: Vec<Violation>,
    /// The earliest time, from the asked one on, at which no `block` rule is broken (the
    /// asked time itself when none is): it may be planned then, with an override if
    /// `next_clear_at` is later. `None` when no time within a year would do.
    #[json(serialize_with = "crate::values::instant::write_json_option")]
    pub next_allowed_at: Option<DateTime<Utc>>,
    /// The earliest time, from the asked one on, at which no rule at all is broken: it
    /// needs no override then. `None` when no time within a year would do.
    #[json(serialize_with = "crate::values::instant::write_json_option")]
    pub next_clear_at: Option<DateTime<Utc>>,
}

impl Verdict {
    /// A touch the rules leave alone at `at` (an exempt one, or one that breaks none).
    pub fn clear(at: DateTime<Utc>) -> Self {
        Self {
            allowed: true,
            overridable: false,
            violations: Vec::new(),
            next_allowed_at: Some(at),
            next_clear_at: Some(at),
        }
    }

    pub fn blocks(&self) -> bool {
        self.violations.iter().any(|v| v.action == Action::Block)
    }

    pub fn warns(&self) -> bool {
        self.violations.iter().any(|v| v.action == Action::Warn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_rules_are_pinned() {
        // Part of the storage format: every log folds onto them. Change them by an event.
        let pinned = r#"[{"id":"sales_calls_per_company","name":"At most 2 outbound sales calls per company in 7 days","scope":"company","channels":["call"],"origins":["sales"],"limit":{"count":{"max":2,"window":{"rolling":{"hours":168}}}},"action":"block","countsExempt":false},{"id":"marketing_per_day","name":"At most 1 marketing send per person a day","scope":"person","channels":["marketing_send"],"origins":[],"limit":{"count":{"max":1,"window":{"calendar":{"unit":"day"}}}},"action":"block","countsExempt":false},{"id":"marketing_per_week","name":"At most 3 marketing sends per person a week","scope":"person","channels":["marketing_send"],"origins":[],"limit":{"count":{"max":3,"window":{"calendar":{"unit":"week"}}}},"action":"block","countsExempt":false},{"id":"gap_between_touches","name":"At least 24 hours between outbound touches to one person","scope":"person","channels":[],"origins":[],"limit":{"minGap":{"hours":24}},"action":"warn","countsExempt":false},{"id":"call_hours","name":"Calls only 9:00–20:00 on weekdays, client's time","scope":"person","channels":["call"],"origins":[],"limit":{"quietHours":{"from":"09:00:00","to":"20:00:00","weekdaysOnly":true}},"action":"block","countsExempt":false},{"id":"marketing_consent","name":"Marketing only with consent; nothing outbound once contact is refused","scope":"person","channels":[],"origins":[],"limit":"consent","action":"block","countsExempt":false}]"#;
        assert_eq!(ripen_json::to_string(&default_rules()), pinned);
        for rule in default_rules() {
            rule.check().unwrap();
        }
    }

    #[test]
    fn rules_that_could_never_be_met_are_refused() {
        let mut rule = default_rules().remove(0);
        for (limit, field) in [
            (Limit::Count { max: 0, window: Window::Rolling { hours: 1 } }, "limit.max"),
            (Limit::Count { max: 1, window: Window::Rolling { hours: 0 } }, "limit.window.hours"),
            (Limit::MinGap { hours: 0 }, "limit.hours"),
            (Limit::MinGap { hours: u32::MAX }, "limit.hours"),
            (Limit::Count { max: 1, window: Window::Rolling { hours: 9_000_000 } }, "limit.window.hours"),
            (Limit::AllowedHours { from: time(20), to: time(9), weekdays_only: false }, "limit.to"),
        ] {
            rule.limit = limit;
            assert_eq!(rule.check().unwrap_err().field, field);
        }
    }
}
