//! What the suggestion needs from a client's touches: gathered in one walk of its touches
//! for one client, or for every client at once in one pass down the touch book (a list
//! of 100k clients walked client by client visits a million rows in random order).

use crate::model::touch::{ContactGoal, KnownGoal};
use crate::state::touch_book::Progress;
use crate::state::touch_book::{millis, RawState, TouchFacts};
use crate::state::CrmState;
use crate::values::ids::{ClientId, TouchId};
use chrono::{DateTime, Utc};

/// One client's touches, summed up.
#[derive(Debug, Default, Clone)]
pub(super) struct Facts {
    /// The row of a planned touch (the earliest): the client has a next step already.
    planned: Option<(DateTime<Utc>, u32)>,
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
        for touch in state.touches_of(client) {
            facts.add(&touch);
        }
        facts
    }

    /// The planned touch that stands in a suggestion's way, if any.
    pub(super) fn planned(&self, state: &CrmState) -> Option<TouchId> {
        self.planned.map(|(_, row)| state.touches.id_of_row(row))
    }

    pub(super) fn has_planned(&self) -> bool {
        self.planned.is_some()
    }

    /// Takes in the next touch of the client, in the order recorded.
    fn add(&mut self, touch: &TouchFacts<'_>) {
        match touch.status {
            Progress::Planned => {
                // The earliest; of two at one time, the one recorded first.
                if self.planned.is_none_or(|(at, _)| touch.at < at) {
                    self.planned = Some((touch.at, touch.row()));
                }
            }
            Progress::Done { done_at, .. } => later(&mut self.last_done, done_at),
            Progress::Missed | Progress::Cancelled | Progress::Retracted => return,
        }
        let slot = match touch.goal {
            Some(ContactGoal::Known(KnownGoal::SendOffer)) => &mut self.last_offer,
            Some(ContactGoal::Known(KnownGoal::NpsSurvey)) => &mut self.last_nps,
            Some(ContactGoal::Known(KnownGoal::RepeatSale)) => &mut self.last_repeat,
            _ => return,
        };
        later(slot, touch.at);
    }
}

/// Every client's facts, summed up in one pass down the touch book, in milliseconds.
#[derive(Debug)]
pub(super) struct AllFacts {
    by_number: Vec<RawFacts>,
}

/// [`Facts`] as the pass gathers them: times in milliseconds, the planned touch by row.
#[derive(Debug, Default, Clone, Copy)]
struct RawFacts {
    planned: Option<(i64, u32)>,
    last_done: Option<i64>,
    last_offer: Option<i64>,
    last_nps: Option<i64>,
    last_repeat: Option<i64>,
}

fn latest(slot: &mut Option<i64>, at: i64) {
    *slot = Some(slot.map_or(at, |t| t.max(at)));
}

impl AllFacts {
    pub(super) fn read(state: &CrmState) -> Self {
        let book = &state.touches;
        let number = |goal| book.goal_number(&ContactGoal::Known(goal));
        let (offer, nps, repeat) =
            (number(KnownGoal::SendOffer), number(KnownGoal::NpsSurvey), number(KnownGoal::RepeatSale));
        let mut by_number = vec![RawFacts::default(); book.client_numbers()];
        for touch in book.raw_rows() {
            let facts = &mut by_number[touch.client as usize];
            // As `Facts::add`: the earliest planned (the first recorded of two at one
            // time), the latest done; missed and cancelled touches count for nothing.
            match touch.state {
                RawState::Planned => {
                    if facts.planned.is_none_or(|(at, _)| touch.at < at) {
                        facts.planned = Some((touch.at, touch.row));
                    }
                }
                RawState::Done { done_at } => latest(&mut facts.last_done, done_at),
                RawState::Closed => continue,
            }
            let Some(goal) = touch.goal else { continue };
            if Some(goal) == offer {
                latest(&mut facts.last_offer, touch.at);
            } else if Some(goal) == nps {
                latest(&mut facts.last_nps, touch.at);
            } else if Some(goal) == repeat {
                latest(&mut facts.last_repeat, touch.at);
            }
        }
        Self { by_number }
    }

    /// `client`'s facts: its own touches' from the pass, but for a client others were
    /// merged into, whose touches are theirs too.
    pub(super) fn of(&self, state: &CrmState, client: &ClientId) -> Facts {
        if state.merged_from(client) {
            return Facts::read(state, client);
        }
        let Some(raw) = state.touches.number_of_client(client).map(|n| self.by_number[n as usize]) else {
            return Facts::default();
        };
        let time = |slot: Option<i64>| slot.map(millis);
        Facts {
            planned: raw.planned.map(|(at, row)| (millis(at), row)),
            last_done: time(raw.last_done),
            last_offer: time(raw.last_offer),
            last_nps: time(raw.last_nps),
            last_repeat: time(raw.last_repeat),
        }
    }
}
