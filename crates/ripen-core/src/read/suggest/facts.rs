//! What the suggestion needs from a client's touches: gathered in one walk of its touches
//! for one client, or for every client at once in one pass down the touch book (a list
//! of 100k clients walked client by client visits a million rows in random order). Both
//! fold the book's raw rows (numbers and milliseconds) the same way.

use crate::model::touch::{ContactGoal, KnownGoal};
use crate::state::touch_book::{millis, RawState, RawTouch, TouchBook};
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

impl Facts {
    /// One client's, its merged duplicates' touches with it.
    pub(super) fn read(state: &CrmState, client: &ClientId) -> Self {
        let goals = Goals::of(&state.touches);
        let mut raw = RawFacts::default();
        for touch in state.touches_of(client) {
            raw.add(&goals, state.touches.raw(touch.row()));
        }
        raw.facts()
    }

    /// The planned touch that stands in a suggestion's way, if any.
    pub(super) fn planned(&self, state: &CrmState) -> Option<TouchId> {
        self.planned.map(|(_, row)| state.touches.id_of_row(row))
    }

    pub(super) fn has_planned(&self) -> bool {
        self.planned.is_some()
    }
}

/// The numbers the book gives the goals that are facts.
struct Goals {
    offer: Option<u32>,
    nps: Option<u32>,
    repeat: Option<u32>,
}

impl Goals {
    fn of(book: &TouchBook) -> Self {
        let number = |goal| book.goal_number(&ContactGoal::Known(goal));
        Self {
            offer: number(KnownGoal::SendOffer),
            nps: number(KnownGoal::NpsSurvey),
            repeat: number(KnownGoal::RepeatSale),
        }
    }
}

/// [`Facts`] as a fold gathers them: times in milliseconds, the planned touch by row.
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

impl RawFacts {
    /// Takes in the client's next touch, in the order recorded: the earliest planned (of
    /// two at one time, the one recorded first), the latest done; a missed or cancelled
    /// touch counts for nothing.
    fn add(&mut self, goals: &Goals, touch: RawTouch) {
        match touch.state {
            RawState::Planned => {
                if self.planned.is_none_or(|(at, _)| touch.at < at) {
                    self.planned = Some((touch.at, touch.row));
                }
            }
            RawState::Done { done_at } => latest(&mut self.last_done, done_at),
            RawState::Closed => return,
        }
        let Some(goal) = touch.goal else { return };
        if Some(goal) == goals.offer {
            latest(&mut self.last_offer, touch.at);
        } else if Some(goal) == goals.nps {
            latest(&mut self.last_nps, touch.at);
        } else if Some(goal) == goals.repeat {
            latest(&mut self.last_repeat, touch.at);
        }
    }

    fn facts(self) -> Facts {
        let time = |slot: Option<i64>| slot.map(millis);
        Facts {
            planned: self.planned.map(|(at, row)| (millis(at), row)),
            last_done: time(self.last_done),
            last_offer: time(self.last_offer),
            last_nps: time(self.last_nps),
            last_repeat: time(self.last_repeat),
        }
    }
}

/// Every client's facts, summed up in one pass down the touch book.
#[derive(Debug)]
pub(super) struct AllFacts {
    by_number: Vec<RawFacts>,
}

impl AllFacts {
    pub(super) fn read(state: &CrmState) -> Self {
        let book = &state.touches;
        let goals = Goals::of(book);
        let mut by_number = vec![RawFacts::default(); book.client_numbers()];
        for touch in book.raw_rows() {
            by_number[touch.client as usize].add(&goals, touch);
        }
        Self { by_number }
    }

    /// `client`'s facts: its own touches' from the pass, but for a client others were
    /// merged into, whose touches are theirs too.
    pub(super) fn of(&self, state: &CrmState, client: &ClientId) -> Facts {
        if state.merged_from(client) {
            return Facts::read(state, client);
        }
        state.touches.number_of_client(client).map_or_else(Facts::default, |n| self.by_number[n as usize].facts())
    }
}
