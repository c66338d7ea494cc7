//! One funnel from a set of cards: how many reached each step, where they stand or were
//! lost and why, how long each step took, and the bottlenecks.

use super::cards::{Cards, NEVER};
use super::{percentile, share, Bottleneck, Cohort, Funnel, FunnelQuery, Step};
use crate::model::pipeline::{CardPosition, Pipeline};
use crate::values::sort;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

pub(super) fn summarize(pipeline: &Pipeline, query: &FunnelQuery, cards: &Cards<'_>, cohort: &[usize]) -> Funnel {
    let index: FxHashMap<_, usize> = pipeline.stages.iter().enumerate().map(|(i, s)| (&s.id, i)).collect();
    let furthest = |card: usize| match query.cohort {
        Cohort::Entered => cards.furthest(card),
        Cohort::Activity => cards.furthest_in_period(card),
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
    // Lost cards counted by position number first: the reason's text is copied once.
    let mut lost_at: FxHashMap<(usize, u32), u32> = FxHashMap::default();
    let mut hours_to_next: Vec<Vec<f64>> = vec![Vec::new(); steps.len()];
    let mut counted = 0;
    for &card in cohort {
        let Some(top) = furthest(card) else { continue };
        counted += 1;
        for step in steps.iter_mut().take(top + 1) {
            step.reached += 1;
        }
        // Entered: followed to wherever the card got; activity: as it stood when the
        // period ended.
        let (number, position) = cards.position(card, query.cohort == Cohort::Entered);
        match position {
            Some(CardPosition::Lost { .. }) => {
                steps[top].lost += 1;
                *lost_at.entry((top, number)).or_default() += 1;
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
            let (entered, next) = (cards.entered_at(card, i), cards.first_at(card, i + 1));
            if entered != NEVER && next != NEVER && next >= entered {
                // Whole minutes, as the step's durations have always been read.
                hours.push(((next - entered) / 60_000) as f64 / 60.0);
            }
        }
    }
    for ((step, number), count) in lost_at {
        if let Some(CardPosition::Lost { reason }) = cards.positions().get(number as usize) {
            *steps[step].lost_reasons.entry(reason.clone()).or_default() += count;
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
    Funnel { pipeline: query.pipeline.clone(), cards: counted, steps, bottlenecks }
}
