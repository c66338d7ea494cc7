//! What the suggestion needs from a client's touches, gathered in one walk.

use crate::model::touch::{ContactGoal, KnownGoal};
use crate::state::touch_book::Progress;
use crate::state::CrmState;
use crate::values::ids::{ClientId, TouchId};
use chrono::{DateTime, Utc};

/// One client's touches, summed up.
#[derive(Debug, Default)]
pub(super) struct Facts {
    /// A planned touch (the earliest): the client has a next step already.
    pub planned: Option<TouchId>,
    /// When the client was last in touch: the latest done touch, either way.
    pub last_done: Option<DateTime<Utc>>,
    /// The latest offer made or planned (goal `send_offer`).
    pub last_offer: Option<DateTime<Utc>>,
    /// The latest NPS survey and repeat-sale offer, done or planned.
    pub last_nps: Option<DateTime<Utc>>,
    pub last_repeat: Option<DateTime<Utc>>,
}

fn later(slot: &mut Option<DateTime<Utc>>, at: DateTime<Utc>) {
    *slot = Some(slot.map_or(at, |t| t.max(at)));
}

impl Facts {
    pub(super) fn read(state: &CrmState, client: &ClientId) -> Self {
        let mut facts = Self::default();
        let mut planned_at: Option<DateTime<Utc>> = None;
        for touch in state.touches_of(client) {
            let counts = match touch.status {
                Progress::Planned => {
                    if planned_at.is_none_or(|at| touch.at < at) {
                        planned_at = Some(touch.at);
                        facts.planned = Some(touch.id());
                    }
                    true
                }
                Progress::Done { done_at, .. } => {
                    later(&mut facts.last_done, done_at);
                    true
                }
                Progress::Missed | Progress::Cancelled | Progress::Retracted => false,
            };
            if !counts {
                continue;
            }
            let slot = match touch.goal {
                Some(ContactGoal::Known(KnownGoal::SendOffer)) => &mut facts.last_offer,
                Some(ContactGoal::Known(KnownGoal::NpsSurvey)) => &mut facts.last_nps,
                Some(ContactGoal::Known(KnownGoal::RepeatSale)) => &mut facts.last_repeat,
                _ => continue,
            };
            later(slot, touch.at);
        }
        facts
    }
}
