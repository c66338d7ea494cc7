//! Deciding the touch commands: plan, log, complete, miss, cancel.

use super::{live, not_found, not_in_future, Decision, NewTouch, Stamper};
use crate::error::Error;
use crate::model::event::EventPayload;
use crate::model::policy::{Action, Candidate, Rule};
use crate::model::touch::{parse_summary, NpsScore, Outcome, Plan, Touch, TouchStatus};
use crate::state::touch_book::Progress;
use crate::state::CrmState;
use crate::values::ids::RuleId;
use crate::values::ids::TouchId;
use chrono::{DateTime, Utc};

pub(super) fn record(
    state: &CrmState,
    stamper: &mut Stamper<'_>,
    new: NewTouch,
    plan: Option<Plan>,
    done: Option<(Option<String>, Outcome, Option<NpsScore>)>,
) -> Result<Decision, Error> {
    live(state, &new.client)?;
    let at = new.at.unwrap_or(stamper.now);
    if done.is_some() {
        not_in_future("at", at, stamper.now, "a touch that already happened cannot be in the future; plan it instead")?;
    }
    let override_reason = new.override_reason.map(|r| parse_summary("override", &r)).transpose()?;
    let candidate = Candidate {
        client: new.client.clone(),
        channel: new.channel,
        origin: new.origin,
        direction: new.direction,
        requested: new.requested,
        overridden: override_reason.is_some(),
        at,
    };
    let verdict = state.policy.check(state, &candidate);
    // The rules guard what is planned. What already happened is a fact: refusing it would
    // only make the record wrong (and the limits counted from it). A logged touch keeps
    // the rules it broke, which `limit_breaches` lists for the manager to see.
    if !verdict.allowed && done.is_none() {
        return Err(Error::AggressionLimit(Box::new(verdict)));
    }
    let override_reason = if verdict.warns() || verdict.blocks() { override_reason } else { None };
    let status = match done {
        Some((result, outcome, nps)) => {
            TouchStatus::Done { result, outcome, done_at: at, nps, violations: verdict.violations }
        }
        None => TouchStatus::Planned,
    };
    let author = stamper.author.clone();
    let event = stamper.stamp(|id| EventPayload::TouchRecorded {
        touch: std::rc::Rc::new(Touch {
            id: TouchId::minted_by(id),
            client: new.client,
            channel: new.channel,
            direction: new.direction,
            origin: new.origin,
            author,
            at,
            summary: new.summary,
            plan,
            status,
            requested: new.requested,
            override_reason,
        }),
    });
    Ok(Decision::Events(vec![event]))
}

/// The status change of a touch that must still be planned.
fn from_planned(state: &CrmState, touch: TouchId, new: TouchStatus) -> Result<Decision, Error> {
    let current = state.touches.get(&touch).ok_or_else(|| not_found("touch", &touch))?;
    if current.status != Progress::Planned {
        return Err(Error::Conflict {
            reason: format!(
                "touch {touch} is already {}; only a planned touch can become {}",
                current.status.name(),
                new.name()
            ),
            later: None,
        });
    }
    Ok(Decision::Payloads(vec![EventPayload::TouchStatusChanged {
        client: current.client.clone(),
        touch,
        old: TouchStatus::Planned,
        new,
    }]))
}

pub(super) fn complete(
    state: &CrmState,
    stamper: &Stamper<'_>,
    touch: TouchId,
    result: Option<String>,
    outcome: Outcome,
    at: Option<DateTime<Utc>>,
    nps: Option<NpsScore>,
) -> Result<Decision, Error> {
    let done_at = at.unwrap_or(stamper.now);
    not_in_future(
        "at",
        done_at,
        stamper.now,
        "a touch that already happened cannot be in the future; plan it instead",
    )?;
    // Done at another time than planned, even one the rules refuse, it is still done: a
    // fact is recorded, never refused. It keeps the rules it broke then (not counting
    // itself), which `limit_breaches` lists; the warnings answered when it was planned
    // (an override at that time) are not asked again.
    let violations = match state.touches.get(&touch) {
        Some(facts) if facts.status == Progress::Planned => state
            .policy
            .refuses(state, facts, done_at)
            .map(|verdict| verdict.violations.into_iter().filter(|v| v.action == Action::Block).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    from_planned(state, touch, TouchStatus::Done { result, outcome, done_at, nps, violations })
}

pub(super) fn miss(state: &CrmState, touch: TouchId) -> Result<Decision, Error> {
    from_planned(state, touch, TouchStatus::Missed)
}

pub(super) fn cancel(state: &CrmState, touch: TouchId, reason: Option<String>) -> Result<Decision, Error> {
    from_planned(state, touch, TouchStatus::Cancelled { reason })
}

pub(super) fn save_rule(state: &CrmState, rule: Rule) -> Result<Decision, Error> {
    rule.check()?;
    let old = state.policy.rule(&rule.id).cloned();
    Ok(Decision::Payloads(if old.as_ref() == Some(&rule) {
        Vec::new()
    } else {
        vec![EventPayload::RuleSaved { rule: Box::new(rule), old: old.map(Box::new) }]
    }))
}

pub(super) fn remove_rule(state: &CrmState, id: RuleId) -> Result<Decision, Error> {
    let rule = state.policy.rule(&id).ok_or_else(|| not_found("rule", &id))?;
    Ok(Decision::Payloads(vec![EventPayload::RuleRemoved { rule: Box::new(rule.clone()) }]))
}
