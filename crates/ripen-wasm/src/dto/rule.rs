//! A contact-policy rule as JS reads and writes it: the domain's rule, but for the limit
//! of allowed hours, which the API names `allowedHours` while the log keeps its older
//! name (`quietHours`, though it always held the hours touches are allowed in).

use chrono::NaiveTime;
use ripen_core::policy::{Action, Limit, Rule, Scope, Window};
use ripen_core::touch::Origin;
use ripen_core::values::Channel;
use ripen_core::RuleId;
use ripen_json::{FromJson, ToJson};
use std::collections::BTreeSet;

/// What a rule limits, as the API names it.
#[derive(Debug, Clone, PartialEq, Eq, ToJson, FromJson)]
#[json(rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum LimitView {
    Count {
        max: u32,
        window: Window,
    },
    MinGap {
        hours: u32,
    },
    /// Touches only between `from` and `to`, the client's time (and only on weekdays if
    /// `weekdays_only`).
    AllowedHours {
        from: NaiveTime,
        to: NaiveTime,
        weekdays_only: bool,
    },
    /// Marketing only with a current marketing consent; nothing outbound once the
    /// client's current record refuses contact. `"consent"`.
    Consent,
}

/// `rules()`, `saveRule(rule)`.
#[derive(Debug, Clone, PartialEq, Eq, ToJson, FromJson)]
#[json(rename_all = "camelCase", deny_unknown_fields)]
pub struct RuleView {
    pub id: RuleId,
    pub name: String,
    pub scope: Scope,
    #[json(default)]
    pub channels: BTreeSet<Channel>,
    #[json(default)]
    pub origins: BTreeSet<Origin>,
    pub limit: LimitView,
    pub action: Action,
    #[json(default)]
    pub counts_exempt: bool,
}

impl From<&Rule> for RuleView {
    fn from(rule: &Rule) -> Self {
        let limit = match rule.limit.clone() {
            Limit::Count { max, window } => LimitView::Count { max, window },
            Limit::MinGap { hours } => LimitView::MinGap { hours },
            Limit::AllowedHours { from, to, weekdays_only } => LimitView::AllowedHours { from, to, weekdays_only },
            Limit::Consent => LimitView::Consent,
        };
        Self {
            id: rule.id.clone(),
            name: rule.name.clone(),
            scope: rule.scope,
            channels: rule.channels.clone(),
            origins: rule.origins.clone(),
            limit,
            action: rule.action,
            counts_exempt: rule.counts_exempt,
        }
    }
}

impl From<RuleView> for Rule {
    fn from(view: RuleView) -> Self {
        let limit = match view.limit {
            LimitView::Count { max, window } => Limit::Count { max, window },
            LimitView::MinGap { hours } => Limit::MinGap { hours },
            LimitView::AllowedHours { from, to, weekdays_only } => Limit::AllowedHours { from, to, weekdays_only },
            LimitView::Consent => Limit::Consent,
        };
        Self {
            id: view.id,
            name: view.name,
            scope: view.scope,
            channels: view.channels,
            origins: view.origins,
            limit,
            action: view.action,
            counts_exempt: view.counts_exempt,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_names_allowed_hours_as_what_they_are_and_the_log_keeps_its_name() {
        let call_hours =
            ripen_core::policy::default_rules().into_iter().find(|r| r.id.as_str() == "call_hours").unwrap();
        // (the rule as the API writes it, as the log keeps it)
        let api = crate::tests_json(&RuleView::from(&call_hours));
        let stored = crate::tests_json(&&call_hours);
        let hours = serde_json::json!({ "from": "09:00:00", "to": "20:00:00", "weekdaysOnly": true });
        assert_eq!(api["limit"], serde_json::json!({ "allowedHours": hours }));
        assert_eq!(stored["limit"], serde_json::json!({ "quietHours": hours }));
        // What the API reads back is the rule it wrote; the old name is not an API word.
        let read: RuleView = ripen_json::from_str(&(api.clone()).to_string()).unwrap();
        assert_eq!(Rule::from(read), call_hours);
        let mut old = api;
        old["limit"] = serde_json::json!({ "quietHours": hours });
        assert!(ripen_json::from_str::<RuleView>(&(old).to_string()).is_err());
        let consent = RuleView::from(&ripen_core::policy::consent_rule());
        assert_eq!(crate::tests_json(&consent)["limit"], serde_json::json!("consent"));
        for rule in ripen_core::policy::default_rules() {
            assert_eq!(Rule::from(RuleView::from(&rule)), rule, "{}", rule.id);
        }
    }
}
