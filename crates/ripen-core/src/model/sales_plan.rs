//! Sales plans: a target per user or team per period (deals, amount or touches), kept in
//! the state; plan against fact is a read (`plans.rs`).

use crate::values::ids::{TeamId, UserId};
use crate::values::newtype::string_enum;
use chrono::NaiveDate;

string_enum! {
    /// What a plan counts.
    PlanMetric in "metric" {
        /// Cards reaching the last stage of the sales pipeline (paid deals), each once.
        Deals = "deals",
        /// Touches done.
        Touches = "touches",
        /// The amounts of those deals: the last amount recorded for each card.
        Amount = "amount",
    }
}

/// Whose plan it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "snake_case")]
pub enum PlanOwner {
    User(UserId),
    Team(TeamId),
}

/// A target for one user or team over `[from, to)` (calendar days, UTC).
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase", deny_unknown_fields)]
pub struct SalesPlan {
    pub owner: PlanOwner,
    pub metric: PlanMetric,
    pub target: u64,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl SalesPlan {
    /// A plan's identity: one plan per owner, metric and period.
    pub fn key(&self) -> (PlanOwner, PlanMetric, NaiveDate, NaiveDate) {
        (self.owner.clone(), self.metric, self.from, self.to)
    }

    /// The plan's id, as the API names it: its identity written out,
    /// `"deals/2026-03-01/2026-04-01/team:nsk"`. The owner comes last so that no user id,
    /// whatever it holds, can make two plans' ids alike (the parts before it have one form).
    pub fn id(&self) -> String {
        let owner = match &self.owner {
            PlanOwner::User(user) => format!("user:{user}"),
            PlanOwner::Team(team) => format!("team:{team}"),
        };
        format!("{}/{}/{}/{owner}", self.metric, self.from, self.to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plans_id_tells_its_identity_and_nothing_else() {
        let plan = |owner: PlanOwner, metric: PlanMetric, from: &str, target: u64| SalesPlan {
            owner,
            metric,
            target,
            from: from.parse().unwrap(),
            to: "2026-04-01".parse().unwrap(),
        };
        let anna = || PlanOwner::User("anna".parse().unwrap());
        let nsk = || PlanOwner::Team("nsk".parse().unwrap());
        for (plan, id) in [
            (plan(anna(), PlanMetric::Amount, "2026-03-01", 5), "amount/2026-03-01/2026-04-01/user:anna"),
            (plan(nsk(), PlanMetric::Deals, "2026-03-01", 5), "deals/2026-03-01/2026-04-01/team:nsk"),
            (plan(anna(), PlanMetric::Touches, "2026-02-01", 5), "touches/2026-02-01/2026-04-01/user:anna"),
            // The target is what a plan sets, not which plan it is.
            (plan(anna(), PlanMetric::Amount, "2026-03-01", 900), "amount/2026-03-01/2026-04-01/user:anna"),
        ] {
            assert_eq!(plan.id(), id);
        }
    }
}
