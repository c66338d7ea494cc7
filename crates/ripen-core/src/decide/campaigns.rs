//! Committing a campaign: planned again against the state at commit time (the preview
//! may be stale; planning is the check, each touch against the state then and the
//! campaign's earlier ones), and written as one commit — a `campaign_planned` marker and
//! its `touch_recorded` events — that reverts as a whole.

use crate::decide::command::Stamper;
use crate::error::Error;
use crate::model::campaign::CampaignRequest;
use crate::model::event::{Event, EventPayload};
use crate::model::touch::{Direction, Touch, TouchStatus};
use crate::read::access::Access;
use crate::read::campaigns::{plan, CampaignPlan};
use crate::state::touch_book::Progress;
use crate::state::CrmState;
use crate::values::clock::Hlc;
use crate::values::error::{Problem, ValidationError};
use crate::values::ids::{EventId, TouchId, UserId};
use chrono::{DateTime, Utc};
use std::rc::Rc;

/// A campaign previewed, with what it was planned against: the base (its revision and
/// last event), the user, the request and the window's start.
#[derive(Debug)]
pub(crate) struct Previewed {
    revision: usize,
    newest: Option<(Hlc, EventId)>,
    user: UserId,
    request: CampaignRequest,
    start: DateTime<Utc>,
    plan: CampaignPlan,
}

impl Previewed {
    pub(crate) fn of(
        state: &CrmState,
        user: &UserId,
        request: &CampaignRequest,
        now: DateTime<Utc>,
        plan: CampaignPlan,
    ) -> Self {
        Self {
            revision: state.revision(),
            newest: state.newest().cloned(),
            user: user.clone(),
            request: request.clone(),
            start: request.campaign.from.max(now),
            plan,
        }
    }

    /// The plan, if planning `request` now would plan it again: nothing changed since.
    fn still(
        self,
        state: &CrmState,
        user: &UserId,
        request: &CampaignRequest,
        now: DateTime<Utc>,
    ) -> Option<CampaignPlan> {
        let same = self.revision == state.revision()
            && self.newest.as_ref() == state.newest()
            && self.user == *user
            && self.request == *request
            && self.start == request.campaign.from.max(now);
        same.then_some(self.plan)
    }
}

/// The events that write the campaign, and the plan as committed: `previewed`'s when
/// nothing changed since it was planned, else planned now.
pub(crate) fn decide(
    state: &CrmState,
    stamper: &mut Stamper<'_>,
    request: &CampaignRequest,
    previewed: Option<Previewed>,
) -> Result<(Vec<Event>, CampaignPlan), Error> {
    let access = Access::of(&state.people, stamper.author);
    request.check()?;
    access.check_member()?;
    let plan = match previewed.and_then(|p| p.still(state, stamper.author, request, stamper.now)) {
        Some(plan) => plan,
        None => plan(state, &access, request, stamper.now)?,
    };
    if plan.planned.is_empty() {
        return Err(ValidationError::new(
            "segment",
            Problem::Malformed { reason: "no client of the segment can be sent to in the window".into() },
        )
        .into());
    }
    let count = u32::try_from(plan.planned.len())
        .map_err(|_| ValidationError::new("segment", Problem::Malformed { reason: "too many clients".into() }))?;
    let campaign = &plan.campaign;
    let mut events = Vec::with_capacity(plan.planned.len() + 1);
    events
        .push(stamper.stamp(|_| EventPayload::CampaignPlanned { campaign: Box::new(campaign.clone()), events: count }));
    for touch in &plan.planned {
        let author = stamper.author.clone();
        events.push(stamper.stamp(|id| EventPayload::TouchRecorded {
            touch: Rc::new(Touch {
                id: TouchId::minted_by(id),
                client: touch.client.clone(),
                channel: campaign.channel,
                direction: Direction::Outbound,
                origin: campaign.origin,
                author,
                at: touch.at,
                summary: Some(campaign.summary.clone()),
                plan: None,
                status: TouchStatus::Planned,
                requested: false,
                override_reason: None,
            }),
        }));
    }
    Ok((events, plan))
}

/// A campaign's touch as its batch holds it (or its revert): the touch, the status the
/// revert finds it in, and the status it puts. `None` for any other event.
fn touch_member(payload: &EventPayload) -> Option<(&TouchId, Progress, TouchStatus)> {
    match payload {
        EventPayload::TouchRecorded { touch } => Some((&touch.id, Progress::Planned, TouchStatus::Retracted)),
        EventPayload::Reverted { changes, .. } => match changes.as_slice() {
            [EventPayload::TouchStatusChanged {
                touch, old: TouchStatus::Planned, new: TouchStatus::Retracted, ..
            }] => Some((touch, Progress::Retracted, TouchStatus::Planned)),
            _ => None,
        },
        _ => None,
    }
}

/// Whether a batch's event is a campaign's touch (or the revert of one): reverted by
/// [`undo_touch`], not by the generic inverse.
pub(crate) fn is_touch_member(payload: &EventPayload) -> bool {
    touch_member(payload).is_some()
}

/// What reverts one of a campaign's touches (or redoes one its revert took back), read
/// off the state: a touch still planned is retracted; one done, missed or cancelled since
/// is a fact and stays (`None`: it is left out of the revert, which is no error). A
/// retracted touch comes back only where the policy still allows it (else `None` too).
pub(crate) fn undo_touch(state: &CrmState, payload: &EventPayload) -> Option<Vec<EventPayload>> {
    let (touch, from, to) = touch_member(payload)?;
    let facts = state.touches.get(touch)?;
    if facts.status != from {
        return None;
    }
    if to == TouchStatus::Planned && state.policy.refuses(state, facts, facts.at).is_some() {
        return None;
    }
    let old = if from == Progress::Planned { TouchStatus::Planned } else { TouchStatus::Retracted };
    Some(vec![EventPayload::TouchStatusChanged { touch: touch.clone(), client: facts.client.clone(), old, new: to }])
}
