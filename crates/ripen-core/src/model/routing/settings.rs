//! The routing settings (where new clients go: the rule book, each team's strategy, where
//! won deals go) and the reason a routing decision records in the history.

use super::rules::{RuleBook, Target};
use super::taxi::Skip;
use crate::values::ids::TeamId;
use crate::values::newtype::string_enum;
use std::collections::BTreeMap;

string_enum! {
    /// How a team chooses which member gets a client the rules sent to it.
    Strategy in "strategy" {
        /// The next free member in turn, whatever the client.
        Taxi = "taxi",
        /// The member whose skills score highest; ties go round in turn.
        Skills = "skills",
    }
}

/// The routing settings: where new clients go.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase", deny_unknown_fields)]
pub struct Routing {
    pub book: RuleBook,
    /// Each team's strategy; a team not listed uses the taxi queue.
    #[json(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub teams: BTreeMap<TeamId, Strategy>,
    /// Where a client goes once a deal is won (its card reaches the last stage of the
    /// sales pipeline): the key-account managers. `None`: it stays with its owner.
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub won: Option<Target>,
}

impl Routing {
    pub fn strategy(&self, team: &TeamId) -> Strategy {
        self.teams.get(team).copied().unwrap_or(Strategy::Taxi)
    }

    /// Every user and team the settings name, to check they exist.
    pub fn targets(&self) -> impl Iterator<Item = &Target> {
        self.book.rules().iter().map(|rule| &rule.to).chain([self.book.default_target()]).chain(self.won.as_ref())
    }
}

/// Why a client went where it went, as stored in its history.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase")]
pub struct RouteReason {
    /// The rule that matched, counted from 0; `None` when the default applied.
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<u32>,
    /// The team whose strategy chose, if a team did.
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<TeamId>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<Strategy>,
    /// Members passed over, in turn order.
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skip>,
    /// The reason a person gave for routing by hand ("qualified: needs a loan").
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The decision in words: "rule 1 (region Сибирь) → team nsk; skills: industry
    /// machinery 0.6 + region Сибирь 0.3".
    pub text: String,
}
