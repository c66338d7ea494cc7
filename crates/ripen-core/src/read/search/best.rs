//! A search's scratch space: the best entry of each client found so far, holding only the
//! clients that can still be among the first few (a word of two letters finds a hundred
//! thousand clients of a million, of which a page shows twenty).

use super::how::How;
use super::index::EntryId;
use crate::values::sort;
use rustc_hash::FxHashMap as HashMap;
use std::cmp::Reverse;

/// How many clients past twice `keep` are held before tightening (none in tests, which
/// have few clients: the floor then rises in all of them).
const SLACK: usize = if cfg!(test) { 0 } else { 64 };

/// How good an entry is for its client: its score, then the shorter text.
type Key = (u32, Reverse<usize>);

/// A client's best entry so far.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Held {
    pub(crate) score: u32,
    pub(crate) length: usize,
    pub(crate) entry: EntryId,
    pub(crate) how: How,
}

impl Held {
    fn key(&self) -> Key {
        (self.score, Reverse(self.length))
    }
}

/// The clients found (those `admit` lets through), each with its best entry: the better
/// score, then the shorter text, then the first offered. Once more than twice `keep` are
/// held, only those whose best is as good as the `keep`-th best are kept, and an entry
/// below that is not looked at again: no client below can overtake `keep` clients above.
pub(crate) struct Best<'a> {
    by_slot: HashMap<u32, Held>,
    keep: usize,
    /// What an entry must reach to matter (`None` until the first tightening).
    floor: Option<Key>,
    admit: &'a dyn Fn(u32) -> bool,
}

impl<'a> Best<'a> {
    pub(crate) fn new(keep: usize, admit: &'a dyn Fn(u32) -> bool) -> Self {
        Self { by_slot: HashMap::default(), keep: keep.max(1), floor: None, admit }
    }

    /// Whether an entry of `score` and at most `length` long could still matter.
    pub(crate) fn may_matter(&self, score: u32, length: usize) -> bool {
        self.floor.is_none_or(|floor| (score, Reverse(length)) >= floor)
    }

    /// Offers `entry` of client `slot`, kept when it is the client's best so far.
    pub(crate) fn offer(&mut self, slot: u32, offered: Held) {
        if !self.may_matter(offered.score, offered.length) {
            return;
        }
        match self.by_slot.entry(slot) {
            std::collections::hash_map::Entry::Vacant(place) => {
                if (self.admit)(slot) {
                    place.insert(offered);
                }
            }
            std::collections::hash_map::Entry::Occupied(mut place) => {
                if offered.key() > place.get().key() {
                    place.insert(offered);
                }
            }
        }
        if self.by_slot.len() > 2 * self.keep + SLACK {
            self.tighten();
        }
    }

    /// Raises the floor to the `keep`-th best held and drops the clients below it.
    fn tighten(&mut self) {
        if self.by_slot.len() <= self.keep {
            return;
        }
        let mut keys: Vec<Key> = self.by_slot.values().map(Held::key).collect();
        sort::keep_first(&mut keys, self.keep, |a, b| b.cmp(a));
        let floor = keys[self.keep - 1];
        self.floor = Some(floor);
        self.by_slot.retain(|_, held| held.key() >= floor);
    }

    /// How many clients are held: all found, or at least `keep` once tightened.
    pub(crate) fn len(&self) -> usize {
        self.by_slot.len()
    }

    /// The clients held and their best entries: among them every client among the first
    /// `keep` of all found, with the entry it would have had were none dropped (no entry
    /// passed over was as good as the floor, and every client held since reached it).
    pub(crate) fn into_held(self) -> impl Iterator<Item = (u32, Held)> {
        self.by_slot.into_iter()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The first `keep` clients, best first (then by slot), with their entries.
    fn first(held: impl Iterator<Item = (u32, Held)>, keep: usize) -> Vec<(u32, u32, usize, EntryId)> {
        let mut held: Vec<_> = held.map(|(slot, h)| (slot, h.score, h.length, h.entry)).collect();
        sort::sort_by(&mut held, |a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)).then(a.0.cmp(&b.0)));
        held.truncate(keep);
        held
    }

    proptest! {
        #[test]
        fn the_first_clients_are_those_every_offer_kept_would_give(
            // Few scores and lengths: ties everywhere, at the floor too.
            offers in prop::collection::vec((0u32..400, prop::sample::select(vec![90u32, 80, 75]), 5usize..9), 0..3_000),
            keep in 1usize..80,
        ) {
            let admit = |slot: u32| slot % 7 != 0;
            let held = |offers: &[(u32, u32, usize)], keep: usize| {
                let mut best = Best::new(keep, &admit);
                for (entry, &(slot, score, length)) in offers.iter().enumerate() {
                    best.offer(slot, Held { score, length, entry: entry as EntryId, how: How::Exact });
                }
                first(best.into_held(), keep)
            };
            // Keeping more than there are clients never drops one.
            prop_assert_eq!(held(&offers, keep), first(held(&offers, 10_000).into_iter().map(|(slot, score, length, entry)| {
                (slot, Held { score, length, entry, how: How::Exact })
            }), keep));
        }
    }
}
