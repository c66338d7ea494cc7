//! The funnel read from the packed move log equals a plain recount over the standing
//! moves (every `StageMoved` not undone, a merged duplicate's moves on its keeper), after
//! any sequence of moves, losses, reverts, redos and merges, in both cohorts and split by
//! owner and by month.

use crate::everyone;
use crate::funnel::SALES;
use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};
use futures_executor::block_on;
use proptest::prelude::*;
use ripen_core::funnel::{report, Cohort, FunnelFilter, FunnelQuery, GroupBy};
use ripen_core::pipeline::CardPosition;
use ripen_core::{ClientId, ClientKind, Command, CrmState, Engine, EventId, MemoryStore, NewClient, ReplicaId};
use std::collections::BTreeMap;

fn day(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap() + Duration::days(n)
}

/// One card's path, as the recount keeps it.
#[derive(Default)]
struct Path {
    entered: Option<DateTime<Utc>>,
    first_at: BTreeMap<usize, DateTime<Utc>>,
    entered_at: BTreeMap<usize, DateTime<Utc>>,
    in_period: Vec<usize>,
    current: Option<CardPosition>,
    as_of_end: Option<CardPosition>,
}

/// One card: the furthest step (by cohort), where it stands, and the steps' durations in
/// minutes — what every figure of the funnel is made of.
type Card = (usize, Option<CardPosition>, Vec<Option<i64>>);
type Recount = BTreeMap<(Option<String>, ClientId), Card>;
/// Per step: reached, waiting, lost, why, the median and 90th percentile of hours to next.
type Figures = Vec<(u32, u32, u32, BTreeMap<String, u32>, Option<f64>, Option<f64>)>;

fn recount(state: &CrmState, query: &FunnelQuery) -> Recount {
    let pipeline = state.pipelines.get(&query.pipeline).unwrap();
    let index = |stage: &ripen_core::StageId| pipeline.stages.iter().position(|s| &s.id == stage);
    let mut paths: BTreeMap<ClientId, Path> = BTreeMap::new();
    for m in state.moves.all().filter(|m| state.reverted_by(&m.event).is_none()) {
        if m.pipeline != &query.pipeline {
            continue;
        }
        let path = paths.entry(state.canonical(m.client).clone()).or_default();
        path.entered = Some(path.entered.map_or(m.at, |e| e.min(m.at)));
        let reached = match m.to {
            Some(CardPosition::Stage { stage }) => index(stage),
            Some(CardPosition::Lost { .. }) if path.first_at.is_empty() => Some(0),
            _ => None,
        };
        if let Some(reached) = reached {
            for i in 0..=reached {
                let first = path.first_at.entry(i).or_insert(m.at);
                *first = (*first).min(m.at);
            }
            if matches!(m.to, Some(CardPosition::Stage { .. })) {
                let entered = path.entered_at.entry(reached).or_insert(m.at);
                *entered = (*entered).min(m.at);
            }
            if m.at >= query.from && m.at < query.to {
                path.in_period.push(reached);
            }
        }
        if m.at < query.to {
            path.as_of_end = m.to.cloned();
        }
        path.current = m.to.cloned();
    }
    let mut out = Recount::new();
    for (client, path) in paths {
        let (furthest, position) = match query.cohort {
            Cohort::Entered if path.entered.is_some_and(|e| e >= query.from && e < query.to) => {
                (path.first_at.keys().next_back().copied(), path.current.clone())
            }
            Cohort::Entered => continue,
            Cohort::Activity => (path.in_period.iter().max().copied(), path.as_of_end.clone()),
        };
        let Some(top) = furthest else { continue };
        let key = match query.by {
            Some(GroupBy::Owner) => state.client(&client).and_then(|c| c.owner.as_ref()).map(ToString::to_string),
            Some(GroupBy::Month) => path.entered.map(|e| format!("{:04}-{:02}", e.year(), e.month())),
            _ => None,
        };
        let hours = (0..top)
            .map(|i| match (path.entered_at.get(&i), path.first_at.get(&(i + 1))) {
                (Some(entered), Some(next)) if next >= entered => Some((*next - *entered).num_minutes()),
                _ => None,
            })
            .collect();
        out.insert((key, client), (top, position, hours));
    }
    out
}

/// What the report says, in the recount's terms: per group, how many reached each step,
/// waited, were lost (and why), and the durations.
fn figures(report: &ripen_core::funnel::Funnel) -> Figures {
    report
        .steps
        .iter()
        .map(|s| (s.reached, s.waiting, s.lost, s.lost_reasons.clone(), s.median_hours_to_next, s.p90_hours_to_next))
        .collect()
}

fn summarize(cards: &[&Card]) -> Figures {
    type Tally = (u32, u32, u32, BTreeMap<String, u32>, Vec<f64>);
    let mut steps: Vec<Tally> = (0..SALES.len()).map(|_| (0, 0, 0, BTreeMap::new(), Vec::new())).collect();
    for (top, position, hours) in cards {
        for step in steps.iter_mut().take(top + 1) {
            step.0 += 1;
        }
        match position {
            Some(CardPosition::Lost { reason }) => {
                steps[*top].2 += 1;
                *steps[*top].3.entry(reason.clone()).or_default() += 1;
            }
            Some(CardPosition::Stage { stage }) => {
                if let Some(at) = SALES.iter().position(|s| *s == stage.as_str()) {
                    steps[at.min(*top)].1 += 1;
                }
            }
            None => {}
        }
        for (i, minutes) in hours.iter().enumerate() {
            if let Some(minutes) = minutes {
                steps[i].4.push(*minutes as f64 / 60.0);
            }
        }
    }
    let pct = |sorted: &[f64], p: f64| -> Option<f64> {
        let last = sorted.len().checked_sub(1)?;
        let rank = p * last as f64;
        let (low, high) = (rank.floor() as usize, rank.ceil() as usize);
        Some(sorted[low] + (sorted[high.min(last)] - sorted[low]) * (rank - low as f64))
    };
    steps
        .into_iter()
        .map(|(reached, waiting, lost, reasons, mut hours)| {
            hours.sort_by(f64::total_cmp);
            (reached, waiting, lost, reasons, pct(&hours, 0.5), pct(&hours, 0.9))
        })
        .collect()
}

#[derive(Debug, Clone)]
enum Step {
    Move { client: usize, stage: Option<usize>, day: i64 },
    Revert { nth_back: usize },
    Merge { keep: usize, drop: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0usize..8, prop::option::weighted(0.85, 0usize..8), 0i64..90).prop_map(|(client, stage, day)| Step::Move { client, stage, day }),
        1 => (0usize..6).prop_map(|nth_back| Step::Revert { nth_back }),
        1 => (0usize..8, 0usize..8).prop_map(|(keep, drop)| Step::Merge { keep, drop }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_packed_funnel_equals_a_recount_of_the_standing_moves(steps in prop::collection::vec(step(), 1..50)) {
        let engine = block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(5), "anna".parse().unwrap())).unwrap();
        let run = |command: Command, at: DateTime<Utc>| block_on(engine.execute(command, at));
        let owners = ["anna", "boris", "vera"];
        let clients: Vec<ClientId> = (0..8)
            .map(|i| {
                let mut new = NewClient::named(ClientKind::Company, format!("Клиент {i}").parse().unwrap());
                new.owner = Some(owners[i % 3].parse().unwrap());
                run(Command::AddClient(new), day(0)).unwrap()[0].payload.clients()[0].clone()
            })
            .collect();
        let mut events: Vec<EventId> = Vec::new();
        let mut clock = 0;
        for step in steps {
            clock += 1;
            let now = day(clock);
            match step {
                Step::Move { client, stage, day: when } => {
                    let to = match stage {
                        Some(stage) => CardPosition::Stage { stage: SALES[stage].parse().unwrap() },
                        None => CardPosition::Lost { reason: ["дорого", "ушли к другим"][when as usize % 2].into() },
                    };
                    let command = Command::MoveStage { client: clients[client].clone(), pipeline: "sales".parse().unwrap(), to, amount: None, at: Some(day(when).min(now)) };
                    if let Ok(written) = run(command, now) {
                        events.extend(written.iter().map(|e| e.id.clone()));
                    }
                }
                Step::Revert { nth_back } => {
                    if let Some(target) = events.iter().rev().nth(nth_back).cloned() {
                        if let Ok(written) = run(Command::Revert { event: target, force: false }, now) {
                            events.extend(written.iter().map(|e| e.id.clone()));
                        }
                    }
                }
                Step::Merge { keep, drop } => {
                    let _ = run(Command::Merge { keep: clients[keep].clone(), drop: clients[drop].clone() }, now);
                }
            }
        }
        let state = engine.state();
        for cohort in [Cohort::Entered, Cohort::Activity] {
            for by in [None, Some(GroupBy::Owner), Some(GroupBy::Month)] {
                let query = FunnelQuery { pipeline: "sales".parse().unwrap(), from: day(10), to: day(70), cohort, by, filter: FunnelFilter::default() };
                let fast = report(&state, &query, &everyone()).unwrap();
                let counted = recount(&state, &query);
                let all: Vec<_> = counted.values().collect();
                prop_assert_eq!(figures(&fast.overall), summarize(&all), "{:?} overall", query.cohort);
                prop_assert_eq!(fast.overall.cards as usize, all.len());
                if by.is_some() {
                    let mut groups: BTreeMap<Option<String>, Vec<_>> = BTreeMap::new();
                    for ((key, _), card) in &counted {
                        groups.entry(key.clone()).or_default().push(card);
                    }
                    let keys: Vec<_> = fast.groups.iter().map(|g| g.key.clone()).collect();

                    prop_assert_eq!(keys, groups.keys().cloned().collect::<Vec<_>>());
                    for group in &fast.groups {
                        prop_assert_eq!(figures(&group.funnel), summarize(&groups[&group.key]), "group {:?}", group.key);
                    }
                }
            }
        }
    }
}
