//! A name for what the state holds (`Crm.digest()`): equal on any two devices that hold
//! the same events, whatever order they arrived in and whatever checkpoint they opened
//! from; different when any datum a user can see differs.
//!
//! It hashes the state as a checkpoint would write it, less what depends on where the
//! events lie in this device's log (the log positions of the history index and of the
//! applied runs): the settings, every client, the cards, the touch book and the move log,
//! and how many events were applied. The fold runs in (HLC, id) order, so the same events
//! give these the same bytes everywhere.

use crate::log::checkpoint_layout::{json, settings_of, write_cards};
use crate::model::pipeline::Card;
use crate::state::bytes::{PackedRows, Writer};
use crate::state::CrmState;
use xxhash_rust::xxh3::Xxh3;

/// Entries written before their bytes are hashed and dropped: the state is never written
/// whole at once.
const BATCH: usize = 10_000;

/// The digest of `state`: 32 lowercase hex digits (XXH3-128).
pub fn digest(state: &CrmState) -> String {
    let mut hasher = Xxh3::new();
    let mut feed = |fill: &dyn Fn(&mut Writer)| {
        let mut w = Writer::default();
        fill(&mut w);
        hasher.update(&w.bytes);
    };
    feed(&|w| json(w, &settings_of(state)));
    for clients in state.clients.chunks(BATCH) {
        feed(&|w| json(w, clients));
    }
    let cards: Vec<&Card> = state.pipelines.cards();
    for cards in cards.chunks(BATCH) {
        feed(&|w| write_cards(w, cards));
    }
    hash_rows(&state.touches, &mut feed);
    hash_rows(&state.moves, &mut feed);
    feed(&|w| w.u64(state.applied.len() as u64));
    format!("{:032x}", hasher.digest128())
}

fn hash_rows(book: &impl PackedRows, feed: &mut impl FnMut(&dyn Fn(&mut Writer))) {
    feed(&|w| book.write_tables(w));
    for start in (0..book.client_count()).step_by(BATCH) {
        feed(&|w| book.write_clients(w, start..(start + BATCH).min(book.client_count())));
    }
    for start in (0..book.row_count()).step_by(BATCH) {
        feed(&|w| book.write_rows(w, start..(start + BATCH).min(book.row_count())));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::checkpoint;
    use crate::synthetic;

    #[test]
    fn the_same_events_give_the_same_digest_from_a_fold_or_a_checkpoint_and_any_change_another() {
        let events = synthetic::events(400);
        let state = CrmState::fold(events.clone());
        let named = digest(&state);
        assert_eq!(named.len(), 32);
        // Positions differ (one event a record), the digest does not.
        let mut spread = CrmState::default();
        for (position, event) in events.iter().enumerate() {
            spread.apply(event, 1_000 + position as u64 * 3);
        }
        assert_eq!(digest(&spread), named);
        let reread = checkpoint::read(&checkpoint::write(&state, 9)).unwrap();
        assert_eq!(digest(&reread), named);
        assert_ne!(digest(&CrmState::fold(events[..399].iter().cloned())), named, "one event fewer");
        assert_ne!(digest(&CrmState::default()), named);
    }
}
