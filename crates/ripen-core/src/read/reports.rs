//! Reports beside the funnel: NPS (promoters − detractors) and touch activity per rep.

use crate::model::touch::Outcome;
use crate::read::access::Access;
use crate::state::touch_book::Progress;
use crate::state::CrmState;
use crate::values::ids::UserId;
use crate::values::newtype::string_enum;
use crate::values::Channel;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

string_enum! {
    /// How to split the NPS.
    NpsGroupBy in "by" {
        /// The client's owner.
        Owner = "owner",
        /// The owner's team.
        Team = "team",
    }
}

/// NPS answers of one group.
#[derive(Debug, Clone, Default, PartialEq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct Nps {
    pub answers: u32,
    pub promoters: u32,
    pub passives: u32,
    pub detractors: u32,
    /// Promoters minus detractors, in percent of the answers (−100 to 100); `None`
    /// without answers.
    pub score: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct NpsReport {
    pub overall: Nps,
    #[json(skip_serializing_if = "BTreeMap::is_empty")]
    pub groups: BTreeMap<String, Nps>,
}

impl Nps {
    fn add(&mut self, score: crate::model::touch::NpsScore) {
        self.answers += 1;
        if score.is_promoter() {
            self.promoters += 1;
        } else if score.is_detractor() {
            self.detractors += 1;
        } else {
            self.passives += 1;
        }
        let percent = |n: u32| f64::from(n) * 100.0 / f64::from(self.answers);
        self.score = Some(percent(self.promoters) - percent(self.detractors));
    }
}

/// The NPS of the answers recorded in `[from, to)`, overall and split `by`.
pub fn nps(
    state: &CrmState,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    by: Option<NpsGroupBy>,
    access: &Access,
) -> NpsReport {
    let mut report = NpsReport { overall: Nps::default(), groups: BTreeMap::new() };
    for touch in state.touches.all().filter(|t| access.sees_id(state, t.client)) {
        let Progress::Done { done_at, nps: Some(score), .. } = &touch.status else { continue };
        if *done_at < from || *done_at >= to {
            continue;
        }
        report.overall.add(*score);
        if let Some(by) = by {
            let owner = state.client(touch.client).and_then(|c| c.owner.clone());
            let key = match by {
                NpsGroupBy::Owner => owner.map(|o| o.to_string()),
                NpsGroupBy::Team => {
                    owner.and_then(|o| state.people.user(&o).and_then(|u| u.team.clone())).map(|t| t.to_string())
                }
            };
            report.groups.entry(key.unwrap_or_default()).or_default().add(*score);
        }
    }
    report
}

/// One rep's touches of one channel and goal.
#[derive(Debug, Clone, Default, PartialEq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct Activity {
    pub author: String,
    pub channel: String,
    /// The contact goal, or "" for touches logged without a plan.
    pub goal: String,
    /// Touches that were planned (whatever became of them).
    pub planned: u32,
    /// Of those, still waiting to happen.
    pub pending: u32,
    pub done: u32,
    pub missed: u32,
    pub cancelled: u32,
    /// Of the planned touches now done, the share that went as planned — reported by the
    /// rep as outcome "success"; `None` when none is done yet.
    pub as_planned: Option<f64>,
    #[json(skip)]
    as_planned_count: u32,
    #[json(skip)]
    done_from_plan: u32,
}

/// Touches of clients `access` sees whose time falls in `[from, to)`, per author, channel
/// and goal; for one rep if `author` is given.
pub fn activity(
    state: &CrmState,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    author: Option<&UserId>,
    access: &Access,
) -> Vec<Activity> {
    let mut rows: BTreeMap<(String, Channel, String), Activity> = BTreeMap::new();
    for touch in state.touches.all().filter(|t| access.sees_id(state, t.client)) {
        let at = match &touch.status {
            Progress::Done { done_at, .. } => *done_at,
            _ => touch.at,
        };
        if at < from || at >= to || author.is_some_and(|a| a != touch.author) {
            continue;
        }
        let goal = touch.goal.map(ToString::to_string).unwrap_or_default();
        let row = rows.entry((touch.author.to_string(), touch.channel, goal.clone())).or_insert_with(|| Activity {
            author: touch.author.to_string(),
            channel: touch.channel.as_str().to_owned(),
            goal,
            ..Activity::default()
        });
        row.planned += u32::from(touch.goal.is_some());
        match &touch.status {
            Progress::Planned => row.pending += 1,
            Progress::Done { outcome, .. } => {
                row.done += 1;
                if touch.goal.is_some() {
                    row.done_from_plan += 1;
                    row.as_planned_count += u32::from(*outcome == Outcome::Success);
                }
            }
            Progress::Missed => row.missed += 1,
            Progress::Cancelled => row.cancelled += 1,
            Progress::Retracted => {}
        }
    }
    rows.into_values()
        .map(|mut row| {
            row.as_planned =
                (row.done_from_plan > 0).then(|| f64::from(row.as_planned_count) / f64::from(row.done_from_plan));
            row
        })
        .collect()
}
