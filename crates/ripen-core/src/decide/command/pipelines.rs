//! Deciding the pipeline commands: add pipelines and stages, change and reorder stages,
//! move cards.

use super::{live, not_found, not_in_future, Decision};
use crate::error::{Error, Problem, ValidationError};
use crate::model::event::EventPayload;
use crate::model::pipeline::{CardPosition, Pipeline, Stage};
use crate::state::CrmState;
use crate::values::clean::clean_line;
use crate::values::ids::{ClientId, PipelineId, StageId};
use crate::values::instant::iso;
use crate::values::sort;
use chrono::{DateTime, Utc};
use std::collections::BTreeSet;

fn pipeline<'a>(state: &'a CrmState, id: &PipelineId) -> Result<&'a Pipeline, Error> {
    state.pipelines.get(id).ok_or_else(|| not_found("pipeline", id))
}

fn invalid(field: &str, reason: impl Into<String>) -> Error {
    ValidationError::new(field, Problem::Malformed { reason: reason.into() }).into()
}

pub(super) fn add(state: &CrmState, id: PipelineId, name: String, stages: Vec<Stage>) -> Result<Decision, Error> {
    if state.pipelines.get(&id).is_some() {
        return Err(invalid("pipeline", format!("a pipeline {id} already exists")));
    }
    let name = clean_line("name", &name, 100)?;
    if stages.is_empty() {
        return Err(invalid("stages", "a pipeline needs at least one stage"));
    }
    let mut ids = BTreeSet::new();
    for (i, stage) in stages.iter().enumerate() {
        if !ids.insert(&stage.id) {
            return Err(invalid(&format!("stages[{i}].id"), format!("stage {} is listed twice", stage.id)));
        }
    }
    Ok(Decision::Payloads(vec![EventPayload::PipelineAdded { pipeline: Box::new(Pipeline { id, name, stages }) }]))
}

pub(super) fn add_stage(
    state: &CrmState,
    id: PipelineId,
    stage: Stage,
    position: Option<usize>,
) -> Result<Decision, Error> {
    let current = pipeline(state, &id)?;
    if current.stage(&stage.id).is_some() {
        return Err(invalid("stage", format!("pipeline {id} already has a stage {}", stage.id)));
    }
    let position = position.unwrap_or(current.stages.len());
    if position > current.stages.len() {
        return Err(invalid("position", format!("the pipeline has {} stages", current.stages.len())));
    }
    Ok(Decision::Payloads(vec![EventPayload::StageAdded { pipeline: id, stage, position }]))
}

pub(super) fn change_stage(state: &CrmState, id: PipelineId, stage: Stage) -> Result<Decision, Error> {
    let old = pipeline(state, &id)?.stage(&stage.id).ok_or_else(|| not_found("stage", &stage.id))?;
    Ok(Decision::Payloads(if *old == stage {
        Vec::new()
    } else {
        vec![EventPayload::StageChanged { pipeline: id, old: old.clone(), new: stage }]
    }))
}

pub(super) fn reorder(state: &CrmState, id: PipelineId, order: Vec<StageId>) -> Result<Decision, Error> {
    let old: Vec<StageId> = pipeline(state, &id)?.stages.iter().map(|s| s.id.clone()).collect();
    let same_set = old.len() == order.len() && sort::set_of(&old) == sort::set_of(&order);
    if !same_set {
        return Err(invalid("order", "name every stage of the pipeline exactly once"));
    }
    Ok(Decision::Payloads(if old == order {
        Vec::new()
    } else {
        vec![EventPayload::StagesReordered { pipeline: id, old, new: order }]
    }))
}

pub(super) fn move_card(
    state: &CrmState,
    now: DateTime<Utc>,
    client: ClientId,
    id: PipelineId,
    to: CardPosition,
    amount: Option<u64>,
    at: Option<DateTime<Utc>>,
) -> Result<Decision, Error> {
    live(state, &client)?;
    let current = pipeline(state, &id)?;
    if let CardPosition::Stage { stage } = &to {
        let target = current.stage(stage).ok_or_else(|| not_found("stage", stage))?;
        if target.retired {
            return Err(invalid("stage", format!("stage {stage} is retired and takes no new cards")));
        }
    }
    let card = state.pipelines.card(&client, &id);
    if let Some(at) = at {
        not_in_future("at", at, now, "a move is recorded once it happened: it cannot be in the future")?;
        // The card's position is the last move's in log order: one dated before the move
        // it follows would leave the funnel counting time backwards.
        if let Some(card) = card.filter(|card| at < card.since) {
            return Err(invalid(
                "at",
                format!("the card moved last at {}; a later move cannot be dated before it", iso(&card.since)),
            ));
        }
    }
    let from = card.map(|card| card.position.clone());
    if from.as_ref() == Some(&to) && amount.is_none() {
        return Ok(Decision::Payloads(Vec::new()));
    }
    let won = if from.as_ref() == Some(&to) { None } else { super::routing::after_won(state, &client, &id, &to) };
    Ok(Decision::Payloads(
        std::iter::once(EventPayload::StageMoved { client, pipeline: id, from, to: Some(to), amount, at })
            .chain(won)
            .collect(),
    ))
}

pub(super) fn save_stimuli(
    state: &CrmState,
    id: PipelineId,
    stage: StageId,
    actions: Vec<String>,
) -> Result<Decision, Error> {
    pipeline(state, &id)?.stage(&stage).ok_or_else(|| not_found("stage", &stage))?;
    let actions = actions
        .iter()
        .enumerate()
        .map(|(i, a)| clean_line(&format!("actions[{i}]"), a, 300))
        .collect::<Result<Vec<_>, _>>()?;
    let old = state.stimuli.for_stage(&id, &stage).to_vec();
    Ok(Decision::Payloads(if old == actions {
        Vec::new()
    } else {
        vec![EventPayload::StimuliSaved { pipeline: id, stage, old, new: actions }]
    }))
}
