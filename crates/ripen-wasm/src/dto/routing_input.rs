//! The routing settings, a re-routing and a share as JS writes and reads them.

use crate::boundary::caps;
use crate::boundary::problem::list_length;
use crate::error::FacadeError;
use ripen_core::ids::TeamId;
use ripen_core::routing::{RouteRule, Routing, RuleBook, Strategy, Target};
use ripen_json::{FromJson, ToJson};
use std::collections::BTreeMap;

/// `saveRouting({ rules, default, teams?, won? })`: the rule book flattened, as people
/// think of it.
#[derive(Debug, ToJson, FromJson)]
#[json(deny_unknown_fields)]
pub struct RoutingInput {
    #[json(default)]
    pub rules: Vec<RouteRule>,
    pub default: Target,
    #[json(default)]
    pub teams: BTreeMap<TeamId, Strategy>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub won: Option<Target>,
}

impl TryFrom<RoutingInput> for Routing {
    type Error = FacadeError;
    fn try_from(input: RoutingInput) -> Result<Self, Self::Error> {
        list_length("rules", input.rules.len(), caps::ROUTING_RULES)?;
        list_length("teams", input.teams.len(), caps::ROUTING_RULES)?;
        for (i, rule) in input.rules.iter().enumerate() {
            list_length(&format!("rules[{i}].when.tags"), rule.when.tags.len(), caps::FILTER_TAGS)?;
        }
        Ok(Routing { book: RuleBook::new(input.rules, input.default)?, teams: input.teams, won: input.won })
    }
}

impl From<&Routing> for RoutingInput {
    fn from(routing: &Routing) -> Self {
        Self {
            rules: routing.book.rules().to_vec(),
            default: routing.book.default_target().clone(),
            teams: routing.teams.clone(),
            won: routing.won.clone(),
        }
    }
}

/// `route(clientId, { to?, reason? })`: by the rules, or to a user or a team's queue.
#[derive(Debug, Default, FromJson)]
#[json(deny_unknown_fields)]
pub struct RouteOptions {
    pub to: Option<Target>,
    pub reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn settings_round_trip_and_refuse_what_cannot_work() {
        let input = json!({
            "rules": [{ "when": { "region": "Сибирь", "tags": ["vip"] }, "to": { "team": "nsk" } }],
            "default": { "user": "anna" },
            "teams": { "nsk": "skills" },
            "won": { "team": "kam" },
        });
        let routing =
            Routing::try_from(ripen_json::from_str::<RoutingInput>(&(input.clone()).to_string()).unwrap()).unwrap();
        assert_eq!(crate::tests_json(&RoutingInput::from(&routing)), input);
        // (settings, why refused)
        let refused = [
            (json!({ "rules": [] }), "no default"),
            (
                json!({ "rules": [{ "when": {}, "to": { "team": "nsk" } }], "default": { "team": "nsk" } }),
                "a rule without conditions",
            ),
            (json!({ "default": { "team": "nsk" }, "teams": { "nsk": "lottery" } }), "an unknown strategy"),
            (json!({ "default": { "squad": "nsk" } }), "an unknown target"),
            (
                json!({ "default": { "team": "nsk" }, "rules": [{ "when": { "regoin": "x" }, "to": { "team": "nsk" } }] }),
                "a misspelt condition",
            ),
        ];
        for (settings, why) in refused {
            let parsed = ripen_json::from_str::<RoutingInput>(&(settings).to_string()).map_err(|e| e.to_string());
            assert!(parsed.and_then(|p| Routing::try_from(p).map_err(|e| e.to_string())).is_err(), "{why}");
        }
    }
}
