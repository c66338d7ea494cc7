//! Deciding the touch commands: plan, log, complete, miss, cancel.

use super::{live, not_found, Decision, NewTouch, Stamper};
use crate::error::{Error, Problem, ValidationError};
use crate::event::EventPayload;
use crate::ids::TouchId;
use crate::state::CrmState;
use crate::touch::{Outcome, Plan, Touch, TouchStatus};
use chrono::{DateTime, Utc};

pub(super) fn record(
    state: &CrmState,
    stamper: &mut Stamper<'_>,
    new: NewTouch,
    plan: Option<Plan>,
    done: Option<(Option<String>, Outcome)>,
) -> Result<Decision, Error> {
    live(state, &new.client)?;
    let at = new.at.unwrap_or(stamper.now);
    if done.is_some() {
        not_in_future("at", at, stamper.now)?;
    }
    let status = match done {
        Some((result, outcome)) => TouchStatus::Done { result, outcome, done_at: at },
        None => TouchStatus::Planned,
    };
    let author = stamper.author.clone();
    let event = stamper.stamp(|id| EventPayload::TouchRecorded {
        touch: Box::new(Touch {
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
        }),
    });
    Ok(Decision::Events(vec![event]))
}

/// What already happened cannot be dated later than now (a few minutes of clock skew
/// between devices allowed).
fn not_in_future(field: &str, at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), Error> {
    if at > now + chrono::Duration::minutes(5) {
        return Err(ValidationError::new(
            field,
            Problem::Malformed {
                reason: "a touch that already happened cannot be in the future; plan it instead".into(),
            },
        )
        .into());
    }
    Ok(())
}

/// The status change of a touch that must still be planned.
fn from_planned(state: &CrmState, touch: TouchId, new: TouchStatus) -> Result<Decision, Error> {
    let current = state.touches.get(&touch).ok_or_else(|| not_found("touch", &touch))?;
    if current.status != TouchStatus::Planned {
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
        old: current.status.clone(),
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
) -> Result<Decision, Error> {
    let done_at = at.unwrap_or(stamper.now);
    not_in_future("at", done_at, stamper.now)?;
    from_planned(state, touch, TouchStatus::Done { result, outcome, done_at })
}

pub(super) fn miss(state: &CrmState, touch: TouchId) -> Result<Decision, Error> {
    from_planned(state, touch, TouchStatus::Missed)
}

pub(super) fn cancel(state: &CrmState, touch: TouchId, reason: Option<String>) -> Result<Decision, Error> {
    from_planned(state, touch, TouchStatus::Cancelled { reason })
}
