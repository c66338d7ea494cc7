//! Funnel analytics (воронка продаж): how many cards reached each stage, the conversion
//! between stages, where clients are lost and why, how long each step takes, and the
//! bottlenecks — the steps where most clients are lost.

use crate::model::client::ClientKind;
use crate::model::lead::Rating;
use crate::model::pipeline::CardPosition;
use crate::read::access::Access;
use crate::state::moves::StageMove;
use crate::state::CrmState;
use crate::values::ids::{ClientId, PipelineId, ShowId, StageId, TeamId, UserId};
use crate::values::newtype::string_enum;
use crate::values::sort;
use crate::values::{Label, Tag};
use chrono::Datelike as _;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};

string_enum! {
    /// Which cards a funnel follows.
    Cohort in "cohort" {
        /// Cards that entered the pipeline in the period, followed to wherever they got.
        Entered = "entered",
        /// Every stage entry inside the period, whenever the card entered the pipeline.
        Activity = "activity",
    }
}

string_enum! {
    /// What to split a funnel by: one funnel per group, same shape.
    GroupBy in "by" {
        Owner = "owner",
        Team = "team",
        Region = "region",
        Industry = "industry",
        Source = "source",
        /// The month the card entered the pipeline (`YYYY-MM`).
        Month = "month",
    }
}

/// Which clients to count: every condition given must hold (tags: any of them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FunnelFilter {
    pub owner: Option<UserId>,
    pub team: Option<TeamId>,
    pub region: Option<Label>,
    pub industry: Option<Label>,
    pub source: Option<Label>,
    pub client_type: Option<Label>,
    pub kind: Option<ClientKind>,
    pub tags: Vec<Tag>,
    /// Leads met at this show.
    pub show: Option<ShowId>,
    /// Leads rated so at their show.
    pub rating: Option<Rating>,
}

/// What to measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunnelQuery {
    pub pipeline: PipelineId,
    /// The period, `[from, to)`.
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub cohort: Cohort,
    pub by: Option<GroupBy>,
    pub filter: FunnelFilter,
}

/// The funnel overall, and one per group when asked to split.
#[derive(Debug, Clone, PartialEq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct FunnelReport {
    pub overall: Funnel,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
}

/// One group's funnel.
#[derive(Debug, Clone, PartialEq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct Group {
    /// The owner, team, region… this group is; `None` for clients without one.
    pub key: Option<String>,
    pub funnel: Funnel,
}

/// One stage of the funnel.
#[derive(Debug, Clone, PartialEq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct Step {
    pub stage: StageId,
    pub name: String,
    /// Cards that reached this stage or a later one (a skipped stage counts as passed).
    pub reached: u32,
    /// Share of the previous step's cards that reached this one; `None` for the first step
    /// or when the previous step had none.
    pub conversion: Option<f64>,
    /// Share of the first step's cards that reached this one.
    pub from_first: Option<f64>,
    /// Cards whose furthest stage is this one and that were then lost.
    pub lost: u32,
    /// Why they were lost, with how many each.
    pub lost_reasons: BTreeMap<String, u32>,
    /// Cards standing at this stage now.
    pub waiting: u32,
    /// Hours from reaching this stage to reaching the next (median, 90th percentile).
    pub median_hours_to_next: Option<f64>,
    pub p90_hours_to_next: Option<f64>,
}

/// A step where clients are lost.
#[derive(Debug, Clone, PartialEq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct Bottleneck {
    /// The step clients fail to get past: from this stage to the next.
    pub stage: StageId,
    pub next: StageId,
    /// How many of those that reached `stage` did not reach `next`.
    pub drop: u32,
    pub conversion: Option<f64>,
    /// The expected conversion, where the stage sets one and the actual one falls short.
    pub below_expected: Option<f64>,
    /// In a report split by owner: the median conversion of this step across the team,
    /// where this group's falls short of it.
    pub below_team_median: Option<f64>,
}

/// The funnel of one pipeline over one period.
#[derive(Debug, Clone, PartialEq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct Funnel {
    pub pipeline: PipelineId,
    pub cards: u32,
    pub steps: Vec<Step>,
    /// The steps that lose the most, worst first.
    pub bottlenecks: Vec<Bottleneck>,
}

/// One card's path through the pipeline.
#[derive(Debug, Default)]
struct Path {
    client: Option<ClientId>,
    entered: Option<DateTime<Utc>>,
    /// When the card first reached each stage index or a later one.
    first_at: BTreeMap<usize, DateTime<Utc>>,
    /// When the card really entered each stage (not passed by a skip).
    entered_at: BTreeMap<usize, DateTime<Utc>>,
    /// Stage entries inside the period (for the activity cohort).
    entries_in_period: Vec<usize>,
    /// Where the card is now, and where it was at the end of the period.
    current: Option<CardPosition>,
    as_of_end: Option<CardPosition>,
}

fn share(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

/// The `p`-th percentile of sorted values, interpolating between neighbours (the median of
/// two values is their mean).
fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let rank = p * last as f64;
    let (low, high) = (rank.floor() as usize, rank.ceil() as usize);
    Some(sorted[low] + (sorted[high.min(last)] - sorted[low]) * (rank - low as f64))
}

/// Computes the funnel report from the stage moves of the clients `access` sees; `None`
/// if the pipeline does not exist.
pub fn report(state: &CrmState, query: &FunnelQuery, access: &Access) -> Option<FunnelReport> {
    let pipeline = state.pipelines.get(&query.pipeline)?;
    let paths = paths(state, query, pipeline, access);
    let cohort: Vec<&Path> = paths.values().filter(|p| in_cohort(p, query)).collect();
    let overall = summarize(pipeline, query, &cohort);
    let Some(by) = query.by else { return Some(FunnelReport { overall, groups: Vec::new() }) };
    let mut grouped: BTreeMap<Option<String>, Vec<&Path>> = BTreeMap::new();
    for path in cohort {
        grouped.entry(group_key(state, path, by)).or_default().push(path);
    }
    let mut groups: Vec<Group> =
        grouped.into_iter().map(|(key, paths)| Group { key, funnel: summarize(pipeline, query, &paths) }).collect();
    if by == GroupBy::Owner {
        flag_below_team_median(state, &mut groups);
    }
    Some(FunnelReport { overall, groups })
}

/// The funnel alone, for every client `access` sees (no split, no filter).
pub fn funnel(state: &CrmState, query: &FunnelQuery, access: &Access) -> Option<Funnel> {
    report(state, &FunnelQuery { by: None, filter: FunnelFilter::default(), ..query.clone() }, access)
        .map(|r| r.overall)
}

fn passes(state: &CrmState, client: &ClientId, filter: &FunnelFilter) -> bool {
    let Some(c) = state.client(client) else { return false };
    let f = &c.fields;
    let team = c.owner.as_ref().and_then(|o| state.people.user(o)).and_then(|u| u.team.as_ref());
    filter.owner.as_ref().is_none_or(|o| c.owner.as_ref() == Some(o))
        && filter.team.as_ref().is_none_or(|t| team == Some(t))
        && filter.region.as_ref().is_none_or(|r| f.region.as_ref() == Some(r))
        && filter.industry.as_ref().is_none_or(|i| f.industry.as_ref() == Some(i))
        && filter.source.as_ref().is_none_or(|s| f.source.as_ref() == Some(s))
        && filter.client_type.as_ref().is_none_or(|t| f.client_type.as_ref() == Some(t))
        && filter.kind.is_none_or(|k| f.kind == k)
        && (filter.tags.is_empty() || filter.tags.iter().any(|t| f.tags.contains(t)))
        && crate::read::stand::lead_passes(state, client, filter.show.as_ref(), filter.rating)
}

fn group_key(state: &CrmState, path: &Path, by: GroupBy) -> Option<String> {
    let client = path.client.as_ref().and_then(|id| state.client(id))?;
    let f = &client.fields;
    match by {
        GroupBy::Owner => client.owner.as_ref().map(ToString::to_string),
        GroupBy::Team => client
            .owner
            .as_ref()
            .and_then(|o| state.people.user(o))
            .and_then(|u| u.team.as_ref())
            .map(ToString::to_string),
        GroupBy::Region => f.region.as_ref().map(ToString::to_string),
        GroupBy::Industry => f.industry.as_ref().map(ToString::to_string),
        GroupBy::Source => f.source.as_ref().map(ToString::to_string),
        // Written out rather than by `format("%Y-%m")`: chrono's format strings bring their
        // parser into the module.
        GroupBy::Month => path.entered.map(|at| format!("{:04}-{:02}", at.year(), at.month())),
    }
}

/// Each owner's steps that convert worse than the median of the owners of the same team
/// (owners without a team form one team; clients without an owner are left out).
fn flag_below_team_median(state: &CrmState, groups: &mut [Group]) {
    let team_of = |key: &Option<String>| -> Option<Option<String>> {
        let owner: UserId = key.as_deref()?.parse().ok()?;
        Some(state.people.user(&owner).and_then(|u| u.team.as_ref()).map(ToString::to_string))
    };
    let teams: Vec<Option<Option<String>>> = groups.iter().map(|g| team_of(&g.key)).collect();
    let steps = groups.first().map_or(0, |g| g.funnel.steps.len());
    for step in 1..steps {
        for (i, team) in teams.iter().enumerate() {
            let Some(team) = team else { continue };
            let mut conversions: Vec<f64> = groups
                .iter()
                .zip(&teams)
                .filter(|(_, t)| t.as_ref() == Some(team))
                .filter_map(|(g, _)| g.funnel.steps[step].conversion)
                .collect();
            sort::floats(&mut conversions);
            let Some(median) = percentile(&conversions, 0.5) else { continue };
            let group = &mut groups[i];
            let stage = group.funnel.steps[step - 1].stage.clone();
            let conversion = group.funnel.steps[step].conversion;
            if let Some(bottleneck) = group.funnel.bottlenecks.iter_mut().find(|b| b.stage == stage) {
                bottleneck.below_team_median = conversion.filter(|c| *c < median).map(|_| median);
            }
        }
    }
}

/// The stage moves that stand: every `StageMoved` not undone since, and the moves a redo
/// (a revert of a revert) put back — in fold order. An undone move and its compensation
/// cancel out, so neither counts.
pub(crate) fn standing_moves(state: &CrmState) -> impl Iterator<Item = StageMove<'_>> {
    state.moves.all().filter(|m| state.reverted_by(&m.event).is_none())
}

fn paths(
    state: &CrmState,
    query: &FunnelQuery,
    pipeline: &crate::model::pipeline::Pipeline,
    access: &Access,
) -> HashMap<ClientId, Path> {
    let index: HashMap<&StageId, usize> = pipeline.stages.iter().enumerate().map(|(i, s)| (&s.id, i)).collect();
    let mut paths: HashMap<ClientId, Path> = HashMap::new();
    let mut admitted: HashMap<ClientId, bool> = HashMap::new();
    for StageMove { client, pipeline: moved_in, to, at, .. } in standing_moves(state) {
        // A merged duplicate's moves are its keeper's path.
        let client = state.canonical(client);
        if moved_in != &query.pipeline {
            continue;
        }
        if !*admitted
            .entry(client.clone())
            .or_insert_with(|| access.sees_id(state, client) && passes(state, client, &query.filter))
        {
            continue;
        }
        let path = paths.entry(client.clone()).or_default();
        path.client.get_or_insert_with(|| client.clone());
        path.entered = Some(path.entered.map_or(at, |e| e.min(at)));
        let reached = match to {
            Some(CardPosition::Stage { stage }) => index.get(stage).copied(),
            // A card lost before any stage was a lead lost at the first step.
            Some(CardPosition::Lost { .. }) if path.first_at.is_empty() => Some(0),
            _ => None,
        };
        if let Some(reached) = reached {
            // Reaching a stage passes every earlier one (skipped steps count as passed).
            for i in 0..=reached {
                let first = path.first_at.entry(i).or_insert(at);
                *first = (*first).min(at);
            }
            if matches!(to, Some(CardPosition::Stage { .. })) {
                let entry = path.entered_at.entry(reached).or_insert(at);
                *entry = (*entry).min(at);
            }
            if at >= query.from && at < query.to {
                path.entries_in_period.push(reached);
            }
        }
        if at < query.to {
            path.as_of_end = to.cloned();
        }
        path.current = to.cloned();
    }
    paths
}

fn in_cohort(path: &Path, query: &FunnelQuery) -> bool {
    match query.cohort {
        Cohort::Entered => path.entered.is_some_and(|at| at >= query.from && at < query.to),
        Cohort::Activity => !path.entries_in_period.is_empty(),
    }
}

fn summarize(pipeline: &crate::model::pipeline::Pipeline, query: &FunnelQuery, cohort: &[&Path]) -> Funnel {
    let index: HashMap<&StageId, usize> = pipeline.stages.iter().enumerate().map(|(i, s)| (&s.id, i)).collect();
    let furthest = |path: &Path| match query.cohort {
        Cohort::Entered => path.first_at.keys().next_back().copied(),
        Cohort::Activity => path.entries_in_period.iter().max().copied(),
    };
    let mut steps: Vec<Step> = pipeline
        .stages
        .iter()
        .map(|stage| Step {
            stage: stage.id.clone(),
            name: stage.name.clone(),
            reached: 0,
            conversion: None,
            from_first: None,
            lost: 0,
            lost_reasons: BTreeMap::new(),
            waiting: 0,
            median_hours_to_next: None,
            p90_hours_to_next: None,
        })
        .collect();
    let mut hours_to_next: Vec<Vec<f64>> = vec![Vec::new(); steps.len()];
    for path in cohort {
        let Some(top) = furthest(path) else { continue };
        for step in steps.iter_mut().take(top + 1) {
            step.reached += 1;
        }
        // Entered: followed to wherever the card got; activity: as it stood when the
        // period ended.
        let position = match query.cohort {
            Cohort::Entered => &path.current,
            Cohort::Activity => &path.as_of_end,
        };
        match position {
            Some(CardPosition::Lost { reason }) => {
                steps[top].lost += 1;
                *steps[top].lost_reasons.entry(reason.clone()).or_default() += 1;
            }
            // Waiting where the card stands now — after a move back, an earlier stage.
            Some(CardPosition::Stage { stage }) => {
                if let Some(&now_at) = index.get(stage) {
                    steps[now_at.min(top)].waiting += 1;
                }
            }
            None => {}
        }
        // Timed only from a real entry into a stage (a skip has no time of its own).
        for (i, hours) in hours_to_next.iter_mut().enumerate().take(top) {
            if let (Some(entered), Some(next)) = (path.entered_at.get(&i), path.first_at.get(&(i + 1))) {
                if next >= entered {
                    hours.push((*next - *entered).num_minutes() as f64 / 60.0);
                }
            }
        }
    }
    let first = steps.first().map_or(0, |s| s.reached);
    for i in 0..steps.len() {
        steps[i].from_first = if i == 0 { share(first, first) } else { share(steps[i].reached, first) };
        steps[i].conversion = if i == 0 { None } else { share(steps[i].reached, steps[i - 1].reached) };
        let hours = &mut hours_to_next[i];
        sort::floats(hours);
        steps[i].median_hours_to_next = percentile(hours, 0.5);
        steps[i].p90_hours_to_next = percentile(hours, 0.9);
    }
    let mut bottlenecks: Vec<Bottleneck> = steps
        .windows(2)
        .zip(&pipeline.stages)
        .filter(|(pair, _)| pair[0].reached > pair[1].reached)
        .map(|(pair, stage)| {
            let conversion = share(pair[1].reached, pair[0].reached);
            let expected = stage.expected_conversion.map(|p| f64::from(p) / 100.0);
            Bottleneck {
                stage: pair[0].stage.clone(),
                next: pair[1].stage.clone(),
                drop: pair[0].reached - pair[1].reached,
                conversion,
                below_expected: expected.filter(|e| conversion.is_some_and(|c| c < *e)),
                below_team_median: None,
            }
        })
        .collect();
    // Worst first: the largest absolute loss, then the lowest conversion.
    sort::sort_by(&mut bottlenecks, |a, b| {
        b.drop.cmp(&a.drop).then_with(|| a.conversion.unwrap_or(1.0).total_cmp(&b.conversion.unwrap_or(1.0)))
    });
    let cards = cohort.iter().filter(|p| furthest(p).is_some()).count() as u32;
    Funnel { pipeline: query.pipeline.clone(), cards, steps, bottlenecks }
}
