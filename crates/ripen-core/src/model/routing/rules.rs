//! Routing by rules: an ordered list of conditions on the client's profile, each sending
//! it to a user or a team; the first that matches wins, otherwise the default.

use crate::model::client::ClientFields;
use crate::values::error::{Problem, ValidationError};
use crate::values::ids::{TeamId, UserId};
use crate::values::{Label, Tag};
use std::collections::BTreeSet;

/// Where a rule sends a client: straight to a user, or to a team, whose own strategy
/// (a taxi queue, say) picks the member.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase")]
pub enum Target {
    User(UserId),
    Team(TeamId),
}

/// What a client must have for a rule to apply; every condition given must hold, and
/// `tags` holds when the client has any of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase", deny_unknown_fields)]
pub struct Conditions {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Label>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<Label>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub client_type: Option<Label>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Label>,
    #[json(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub tags: BTreeSet<Tag>,
}

/// One condition that held, for the explanation: `region = Сибирь`.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
pub struct Matched {
    pub field: &'static str,
    pub value: String,
}

impl Conditions {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The conditions that held, or `None` if any did not.
    fn check(&self, client: &ClientFields) -> Option<Vec<Matched>> {
        let mut matched = Vec::new();
        let labels = [
            ("region", &self.region, &client.region),
            ("industry", &self.industry, &client.industry),
            ("clientType", &self.client_type, &client.client_type),
            ("source", &self.source, &client.source),
        ];
        for (field, wanted, actual) in labels {
            let Some(wanted) = wanted else { continue };
            if !actual.as_ref().is_some_and(|actual| same(actual.as_str(), wanted.as_str())) {
                return None;
            }
            matched.push(Matched { field, value: wanted.to_string() });
        }
        if !self.tags.is_empty() {
            let tag = self.tags.iter().find(|w| client.tags.iter().any(|t| same(t.as_str(), w.as_str())))?;
            matched.push(Matched { field: "tags", value: tag.to_string() });
        }
        Some(matched)
    }
}

/// Rules are typed by an administrator and profiles by reps in a hurry, so "Сибирь"
/// and "сибирь" must be the same region.
fn same(a: &str, b: &str) -> bool {
    a == b || a.to_lowercase() == b.to_lowercase()
}

#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase")]
pub struct RouteRule {
    pub when: Conditions,
    pub to: Target,
}

/// The ordered rules with their default; read back through [`RuleBook::new`], so a
/// stored book is held to the same checks as a new one.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase", try_from = "RawRuleBook")]
pub struct RuleBook {
    rules: Vec<RouteRule>,
    default: Target,
}

#[derive(ripen_json::FromJson)]
#[json(deny_unknown_fields)]
struct RawRuleBook {
    rules: Vec<RouteRule>,
    default: Target,
}

impl TryFrom<RawRuleBook> for RuleBook {
    type Error = ValidationError;
    fn try_from(raw: RawRuleBook) -> Result<Self, Self::Error> {
        Self::new(raw.rules, raw.default)
    }
}

/// Which rule sent the client where, and why.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct RuleDecision {
    pub to: Target,
    /// The rule's position in the book (0-based), or `None` for the default.
    pub rule: Option<usize>,
    pub matched: Vec<Matched>,
}

impl RuleBook {
    /// Refuses a rule without conditions: it would shadow every rule after it, and the
    /// default already says where everything else goes.
    pub fn new(rules: Vec<RouteRule>, default: Target) -> Result<Self, ValidationError> {
        if let Some(index) = rules.iter().position(|rule| rule.when.is_empty()) {
            return Err(ValidationError::new(
                format!("rules[{index}].when"),
                Problem::Malformed { reason: "a rule needs at least one condition; use the default instead".into() },
            ));
        }
        Ok(Self { rules, default })
    }

    pub fn rules(&self) -> &[RouteRule] {
        &self.rules
    }

    pub fn default_target(&self) -> &Target {
        &self.default
    }

    pub fn decide(&self, client: &ClientFields) -> RuleDecision {
        self.rules
            .iter()
            .enumerate()
            .find_map(|(index, rule)| {
                rule.when.check(client).map(|matched| RuleDecision { to: rule.to.clone(), rule: Some(index), matched })
            })
            .unwrap_or_else(|| RuleDecision { to: self.default.clone(), rule: None, matched: Vec::new() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(region: Option<&str>, industry: Option<&str>, tags: &[&str]) -> ClientFields {
        ClientFields {
            region: region.map(|r| r.parse().unwrap()),
            industry: industry.map(|i| i.parse().unwrap()),
            tags: tags.iter().map(|t| t.parse().unwrap()).collect(),
            ..ClientFields::default()
        }
    }

    fn team(id: &str) -> Target {
        Target::Team(id.parse().unwrap())
    }

    fn book() -> RuleBook {
        let rule = |when: serde_json::Value, to: Target| RouteRule {
            when: ripen_json::from_str(&(when).to_string()).unwrap(),
            to,
        };
        RuleBook::new(
            vec![
                rule(serde_json::json!({"region": "Сибирь", "industry": "machinery"}), team("siberia_machinery")),
                rule(serde_json::json!({"region": "Сибирь"}), team("novosibirsk")),
                rule(serde_json::json!({"tags": ["vip", "holding"]}), Target::User("kam_olga".parse().unwrap())),
            ],
            team("moscow"),
        )
        .unwrap()
    }

    #[test]
    fn the_first_matching_rule_wins_and_says_why() {
        struct Case {
            name: &'static str,
            client: ClientFields,
            to: Target,
            rule: Option<usize>,
            matched: &'static [(&'static str, &'static str)],
        }
        let case = |name, client, to, rule, matched| Case { name, client, to, rule, matched };
        let cases = [
            case(
                "both conditions",
                client(Some("Сибирь"), Some("machinery"), &[]),
                team("siberia_machinery"),
                Some(0),
                &[("region", "Сибирь"), ("industry", "machinery")],
            ),
            case(
                "case does not matter",
                client(Some("сибирь"), Some("Retail"), &[]),
                team("novosibirsk"),
                Some(1),
                &[("region", "Сибирь")],
            ),
            case(
                "a later rule when an earlier one half-matches",
                client(Some("Сибирь"), None, &["vip"]),
                team("novosibirsk"),
                Some(1),
                &[("region", "Сибирь")],
            ),
            case(
                "any of the tags",
                client(Some("Урал"), None, &["holding"]),
                Target::User("kam_olga".parse().unwrap()),
                Some(2),
                &[("tags", "holding")],
            ),
            case(
                "nothing matches: the default",
                client(Some("Урал"), Some("machinery"), &["new"]),
                team("moscow"),
                None,
                &[],
            ),
            case("an empty profile: the default", ClientFields::default(), team("moscow"), None, &[]),
        ];
        let book = book();
        for Case { name, client, to, rule, matched } in cases {
            let decision = book.decide(&client);
            assert_eq!((decision.to, decision.rule), (to, rule), "{name}");
            let got: Vec<_> = decision.matched.iter().map(|m| (m.field, m.value.as_str())).collect();
            assert_eq!(got, matched, "{name}");
        }
    }

    #[test]
    fn a_rule_without_conditions_is_refused_also_when_read_back() {
        let catch_all = RouteRule { when: Conditions::default(), to: team("moscow") };
        let error = RuleBook::new(vec![book().rules()[0].clone(), catch_all], team("moscow")).unwrap_err();
        assert_eq!(error.field, "rules[1].when");
        let stored =
            serde_json::json!({"rules": [{"when": {}, "to": {"team": "moscow"}}], "default": {"team": "moscow"}});
        assert!(ripen_json::from_str::<RuleBook>(&(stored).to_string()).is_err());
        let round_trip: RuleBook = ripen_json::from_str(
            &(serde_json::from_str::<serde_json::Value>(&ripen_json::to_string(&book())).unwrap()).to_string(),
        )
        .unwrap();
        assert_eq!(round_trip, book());
    }

    #[test]
    fn an_unknown_condition_is_refused_rather_than_ignored() {
        let when = serde_json::json!({"regoin": "Сибирь"});
        assert!(ripen_json::from_str::<Conditions>(&(when).to_string()).is_err());
    }
}
