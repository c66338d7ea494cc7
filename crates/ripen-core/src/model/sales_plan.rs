//! Sales plans: a target per user or team per period (deals, amount or touches), kept in
//! the state; plan against fact is a read (`plans.rs`).

use crate::values::ids::{TeamId, UserId};
use crate::values::newtype::string_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanOwner {
    User(UserId),
    Team(TeamId),
}

/// A target for one user or team over `[from, to)` (calendar days, UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
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
}
