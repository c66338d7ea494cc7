//! Committing a follow-up plan: planned again against the state at commit time (the
//! preview may be stale), each touch checked once more with the plan's earlier ones, and
//! written as `touch_recorded` events of one commit. A touch the policy now refuses moves
//! to the refused, never silently dropped.

use crate::decide::command::Stamper;
use crate::error::Error;
use crate::model::event::{Event, EventPayload};
use crate::model::follow_up::FollowUpRequest;
use crate::model::policy::{Candidate, Pending};
use crate::model::touch::{Direction, Plan, Touch, TouchStatus};
use crate::read::access::Access;
use crate::read::follow_ups::{plan, FollowUpPlan, RefusalReason, RefusedFollowUp};
use crate::state::CrmState;
use crate::values::ids::TouchId;

/// The events that write the plan, and the plan as committed (its touches with their ids).
pub(crate) fn decide(
    state: &CrmState,
    stamper: &mut Stamper<'_>,
    request: &FollowUpRequest,
) -> Result<(Vec<Event>, FollowUpPlan), Error> {
    let access = Access::of(&state.people, stamper.author);
    let FollowUpPlan { planned, mut refused, until } = plan(state, &access, stamper.author, request)?;
    let mut pending: Vec<Pending> = Vec::new();
    let mut events = Vec::new();
    let mut kept = Vec::new();
    for mut follow_up in planned {
        let candidate = Candidate {
            client: follow_up.client.clone(),
            channel: follow_up.channel,
            origin: request.origin,
            direction: Direction::Outbound,
            requested: false,
            overridden: false,
            at: follow_up.at,
        };
        let verdict = state.policy.check_alongside(state, &candidate, &pending);
        if !verdict.allowed {
            refused.push(RefusedFollowUp {
                client: follow_up.client,
                priority: follow_up.priority,
                reason: RefusalReason::Policy,
                detail: "the contact policy refuses it as the base stands now".into(),
                violations: verdict.violations,
                next_allowed_at: verdict.next_clear_at,
            });
            continue;
        }
        pending.push(Pending {
            client: follow_up.client.clone(),
            channel: follow_up.channel,
            origin: request.origin,
            at: follow_up.at,
        });
        let author = stamper.author.clone();
        let event = stamper.stamp(|id| EventPayload::TouchRecorded {
            touch: std::rc::Rc::new(Touch {
                id: TouchId::minted_by(id),
                client: follow_up.client.clone(),
                channel: follow_up.channel,
                direction: Direction::Outbound,
                origin: request.origin,
                author,
                at: follow_up.at,
                summary: None,
                plan: Some(Plan {
                    goal: follow_up.goal.clone(),
                    approach: follow_up.approach.clone(),
                    planned_result: follow_up.planned_result.clone(),
                }),
                status: TouchStatus::Planned,
                requested: false,
                override_reason: None,
            }),
        });
        follow_up.touch = Some(TouchId::minted_by(&event.id));
        events.push(event);
        kept.push(follow_up);
    }
    Ok((events, FollowUpPlan { planned: kept, refused, until }))
}
