//! Sales plans against fact: the share done and the forecast at the current pace. The
//! plans themselves (a target per user or team per period) are in `sales_plan.rs`.

use crate::model::pipeline::CardPosition;
use crate::read::access::Access;
use crate::state::touch_book::Progress;
use crate::state::CrmState;
use crate::values::ids::ClientId;
use crate::values::ids::UserId;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;

pub use crate::model::sales_plan::{PlanMetric, PlanOwner, SalesPlan};

/// Plan against fact.
#[derive(Debug, Clone, PartialEq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct PlanProgress {
    /// The plan's id ([`SalesPlan::id`]): what `RemovePlan` takes.
    pub id: String,
    pub plan: SalesPlan,
    pub fact: u64,
    /// `fact / target` (0 and up; above 1 when the plan is beaten).
    pub share: f64,
    /// Where the period will end at the pace so far; `None` before it starts.
    pub forecast: Option<f64>,
}

fn start(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(Default::default()).and_utc()
}

/// Whether `user` counts towards `owner`'s plan.
fn counts_for(state: &CrmState, owner: &PlanOwner, user: Option<&UserId>) -> bool {
    let Some(user) = user else { return false };
    match owner {
        PlanOwner::User(planned) => planned == user,
        PlanOwner::Team(team) => state.people.user(user).and_then(|u| u.team.as_ref()) == Some(team),
    }
}

/// Progress at `now` of the plans `access` follows (the user's own and their team's,
/// or every plan for those who see every client). The fact counts every deal and touch
/// towards the plan: a share of the team's total names no client.
pub fn progress(state: &CrmState, now: DateTime<Utc>, access: &Access) -> Vec<PlanProgress> {
    let sales = crate::model::pipeline::sales_pipeline();
    let last_sales_stage = state.pipelines.get(&sales).and_then(|p| p.stages.last().map(|s| s.id.clone()));
    // Per card: when it first reached the last stage, and the last amount recorded for it
    // (a correction replaces the figure; re-entering "paid" is not a second deal).
    let mut paid_at: HashMap<&ClientId, DateTime<Utc>> = HashMap::new();
    let mut amounts: HashMap<&ClientId, u64> = HashMap::new();
    for crate::state::moves::StageMove { client, pipeline, to, amount, at, .. } in
        crate::read::funnel::standing_moves(state)
    {
        let client = state.canonical(client);
        if pipeline != &sales || at > now {
            continue;
        }
        if let Some(amount) = amount {
            amounts.insert(client, amount);
        }
        if matches!(to, Some(CardPosition::Stage { stage }) if Some(stage) == last_sales_stage.as_ref()) {
            paid_at.entry(client).or_insert(at);
        }
    }
    state
        .plans
        .iter()
        .filter(|plan| match &plan.owner {
            PlanOwner::User(user) => access.follows(Some(user), None),
            PlanOwner::Team(team) => access.follows(None, Some(team)),
        })
        .map(|plan| {
            let (from, to) = (start(plan.from), start(plan.to));
            let in_period = |at: DateTime<Utc>| at >= from && at < to && at <= now;
            let deals = paid_at.iter().filter(|(client, at)| {
                in_period(**at) && counts_for(state, &plan.owner, state.client(client).and_then(|c| c.owner.as_ref()))
            });
            let fact: u64 = match plan.metric {
                PlanMetric::Deals => deals.count() as u64,
                PlanMetric::Amount => {
                    deals.fold(0u64, |sum, (client, _)| sum.saturating_add(amounts.get(client).copied().unwrap_or(0)))
                }
                PlanMetric::Touches => state
                    .touches
                    .all()
                    .filter(|t| match &t.status {
                        Progress::Done { done_at, .. } => {
                            in_period(*done_at) && counts_for(state, &plan.owner, Some(t.author))
                        }
                        _ => false,
                    })
                    .count() as u64,
            };
            let share = if plan.target == 0 { 1.0 } else { fact as f64 / plan.target as f64 };
            let elapsed = (now.min(to) - from).num_seconds() as f64;
            let length = (to - from).num_seconds() as f64;
            let forecast = (elapsed > 0.0 && length > 0.0).then(|| fact as f64 * length / elapsed);
            PlanProgress { id: plan.id(), plan: plan.clone(), fact, share, forecast }
        })
        .collect()
}
