//! Funnel analytics (воронка продаж): how many cards reached each stage, the conversion
//! between stages, where clients are lost and why, how long each step takes, and the
//! bottlenecks — the steps where most clients are lost.

use crate::model::client::ClientKind;
use crate::model::lead::Rating;
use crate::read::access::Access;
use crate::state::moves::StageMove;
use crate::state::CrmState;
use crate::values::ids::{ClientId, PipelineId, ShowId, StageId, TeamId, UserId};
use crate::values::newtype::string_enum;
use crate::values::sort;
use crate::values::{Label, Tag};
use chrono::Datelike as _;
use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

mod cards;
mod summary;

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
    let cards = cards::cards(state, query, pipeline, access);
    let cohort: Vec<usize> = (0..cards.len()).filter(|card| in_cohort(&cards, *card, query)).collect();
    let overall = summary::summarize(pipeline, query, &cards, &cohort);
    let Some(by) = query.by else { return Some(FunnelReport { overall, groups: Vec::new() }) };
    let mut grouped: FxHashMap<GroupKey<'_>, Vec<usize>> = FxHashMap::default();
    for card in cohort {
        grouped.entry(group_key(state, &cards, card, by)).or_default().push(card);
    }
    let mut groups: Vec<Group> = grouped
        .into_iter()
        .map(|(key, members)| Group { key: key.text(), funnel: summary::summarize(pipeline, query, &cards, &members) })
        .collect();
    sort::sort_by(&mut groups, |a, b| a.key.cmp(&b.key));
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

/// A group a card falls in, borrowed from the client (no text copied per card).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum GroupKey<'s> {
    None,
    Text(&'s str),
    Month(i32, u32),
}

impl GroupKey<'_> {
    fn text(self) -> Option<String> {
        match self {
            Self::None => None,
            Self::Text(text) => Some(text.to_owned()),
            // Written out rather than by `format("%Y-%m")`: chrono's format strings bring
            // their parser into the module.
            Self::Month(year, month) => Some(format!("{year:04}-{month:02}")),
        }
    }
}

fn group_key<'s>(state: &'s CrmState, cards: &cards::Cards<'s>, card: usize, by: GroupBy) -> GroupKey<'s> {
    let Some(client) = state.client(cards.clients[card]) else { return GroupKey::None };
    let f = &client.fields;
    let text = |value: Option<&'s str>| value.map_or(GroupKey::None, GroupKey::Text);
    match by {
        GroupBy::Owner => text(client.owner.as_ref().map(|o| o.as_str())),
        GroupBy::Team => text(
            client.owner.as_ref().and_then(|o| state.people.user(o)).and_then(|u| u.team.as_ref()).map(|t| t.as_str()),
        ),
        GroupBy::Region => text(f.region.as_ref().map(|r| r.as_str())),
        GroupBy::Industry => text(f.industry.as_ref().map(|i| i.as_str())),
        GroupBy::Source => text(f.source.as_ref().map(|s| s.as_str())),
        GroupBy::Month => match DateTime::<Utc>::from_timestamp_millis(cards.entered(card)) {
            Some(at) if cards.entered(card) != cards::NEVER => GroupKey::Month(at.year(), at.month()),
            _ => GroupKey::None,
        },
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

/// Whether the card is followed: it entered the pipeline in the period and reached a step
/// (a card whose only standing move took it out reached none: a group of such cards is no
/// group), or it entered a stage in the period.
fn in_cohort(cards: &cards::Cards<'_>, card: usize, query: &FunnelQuery) -> bool {
    match query.cohort {
        Cohort::Entered => {
            let entered = cards.entered(card);
            entered >= query.from.timestamp_millis()
                && entered < query.to.timestamp_millis()
                && cards.furthest(card).is_some()
        }
        Cohort::Activity => cards.furthest_in_period(card).is_some(),
    }
}
