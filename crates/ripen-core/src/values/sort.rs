//! Sorting without a copy of the standard library's sort per call site (issue 22).
//!
//! `slice::sort*` is generic over the element and the comparator, so every call site with
//! its own element type or closure brought its own driftsort or ipnsort into the wasm
//! module: about forty of them, 296 KB of the engine's 4.2 MB before stripping. Here one
//! merge sort that is not generic orders the elements' positions through a `dyn`
//! comparator, and a small generic step moves the elements into that order, so a call
//! site costs a few hundred bytes. Slices of up to 16 elements — a name's words, a
//! card's few rules — are sorted in place by insertion, without allocating.
//!
//! Every sort here is stable, as `slice::sort_by` is: equal elements keep their order,
//! which callers rely on (the agenda's items of one urgency and due time, events of one
//! clock reading). A stable result is also a correct `sort_unstable` one.

use std::cmp::Ordering;
use std::collections::BTreeSet;

/// Slices this short are sorted in place by insertion.
const SMALL: usize = 16;
/// Runs found shorter than this are lengthened by insertion before the merges: merging
/// runs of one or two elements would cost a pass each.
const MIN_RUN: usize = 16;

/// Sorts `items` by their order, stably.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Sorts `items` by `compare`, stably. As with `slice::sort_by`, a comparator that is not a
/// total order leaves the elements in some order, never fewer or more of them.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() <= SMALL {
        insertion(items, |a, b| compare(a, b) == Ordering::Less);
        return;
    }
    // Lists kept in order and sorted again after a read (a replica's rows, a client's
    // touches) are sorted already: a pass instead of two position lists of their length.
    if items.windows(2).all(|pair| compare(&pair[0], &pair[1]) != Ordering::Greater) {
        return;
    }
    let order = order(items.len(), &mut |a, b| compare(&items[a], &items[b]) == Ordering::Less);
    permute(items, order);
}

/// Sorts `items` by the key `key` gives each, stably; the key is computed at each
/// comparison, as `slice::sort_by_key` does, so it should be cheap.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` by the key `key` gives each, stably, computing each key once (as
/// `slice::sort_by_cached_key` does): for keys that are costly to make.
pub fn sort_by_cached_key<T, K: Ord>(items: &mut [T], key: impl FnMut(&T) -> K) {
    let keys: Vec<K> = items.iter().map(key).collect();
    let order = order(keys.len(), &mut |a, b| keys[a] < keys[b]);
    permute(items, order);
}

/// Sorts numbers by [`f64::total_cmp`]: the one use of the standard sort, for one element
/// type in the whole module. The funnel sorts hundreds of thousands of durations, where the
/// positions' `dyn` comparisons cost it a third more time in wasm and a merge sort of the
/// numbers themselves still a tenth natively (`examples/funnel.rs`: 572–588 ms before the
/// sorts moved here, 581–630 ms with this, 705–745 ms with the merge sort).
pub fn floats(items: &mut [f64]) {
    items.sort_unstable_by(f64::total_cmp);
}

/// Keeps the first `keep` of `items` in the order `compare` gives, sorted, and drops the
/// rest: `select_nth_unstable_by`, `truncate` and `sort_by` in one, without their copies
/// of the standard sort. Stable: of equal elements the earlier are kept, and first.
pub fn keep_first<T>(items: &mut Vec<T>, keep: usize, mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() <= keep {
        sort_by(items, compare);
        return;
    }
    let order = first(items.len(), keep, &mut |a, b| compare(&items[a], &items[b]) == Ordering::Less);
    permute(items, order);
    items.truncate(keep);
}

/// `items` as a set, inserted one by one: `collect` into a `BTreeSet` sorts them first,
/// with a copy of the standard sort per element type, and the sets built here are small.
pub fn set_of<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

/// Insertion sort in place: stable, as an element moves only past greater ones.
fn insertion<T>(items: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && less(&items[j], &items[j - 1]) {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// The positions `0..len` in sorted order, `less(a, b)` saying whether the element at `a`
/// goes strictly before the one at `b`. A natural merge sort: the runs the input already
/// has are found (a strictly descending one reversed, which keeps it stable), short ones
/// lengthened by insertion, and neighbours merged pairwise until one is left; an input
/// already sorted, as the log's events nearly always are, costs one pass.
fn order(len: usize, less: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    let mut from: Vec<usize> = (0..len).collect();
    // Where each run ends.
    let mut ends = Vec::new();
    let mut start = 0;
    while start < len {
        let mut end = start + 1;
        if end < len && less(end, end - 1) {
            while end < len && less(end, end - 1) {
                end += 1;
            }
            from[start..end].reverse();
        } else {
            while end < len && !less(end, end - 1) {
                end += 1;
            }
        }
        let short = (start + MIN_RUN).min(len);
        for i in end..short {
            let mut j = i;
            while j > start && less(from[j], from[j - 1]) {
                from.swap(j - 1, j);
                j -= 1;
            }
        }
        end = end.max(short);
        ends.push(end);
        start = end;
    }
    let mut into = vec![0; len];
    while ends.len() > 1 {
        let (mut start, mut kept) = (0, 0);
        for pair in 0..ends.len().div_ceil(2) {
            let end = ends[(2 * pair + 1).min(ends.len() - 1)];
            let mid = ends[2 * pair];
            merge(&from[start..mid], &from[mid..end], &mut into[start..end], &mut |a, b| less(a, b));
            ends[kept] = end;
            kept += 1;
            start = end;
        }
        ends.truncate(kept);
        std::mem::swap(&mut from, &mut into);
    }
    from
}

/// The positions `0..len` with the first `keep` in sorted order ahead of the rest (which
/// stay in position order), as [`order`] takes `less`. The best `keep` so far are kept in
/// a heap with the one that goes last on top, so most elements cost one comparison.
fn first(len: usize, keep: usize, less: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    // Whether the element at `a` goes after the one at `b`: of equal ones, the later does.
    let mut after = |a: usize, b: usize| less(b, a) || (a > b && !less(a, b));
    let mut heap: Vec<usize> = Vec::with_capacity(keep);
    for position in 0..len {
        if heap.len() < keep {
            heap.push(position);
            let mut at = heap.len() - 1;
            while at > 0 && after(heap[at], heap[(at - 1) / 2]) {
                heap.swap(at, (at - 1) / 2);
                at = (at - 1) / 2;
            }
        } else if keep > 0 && after(heap[0], position) {
            heap[0] = position;
            let mut at = 0;
            loop {
                let mut last = at;
                for child in [2 * at + 1, 2 * at + 2] {
                    if child < keep && after(heap[child], heap[last]) {
                        last = child;
                    }
                }
                if last == at {
                    break;
                }
                heap.swap(at, last);
                at = last;
            }
        }
    }
    let mut kept = vec![false; len];
    for &position in &heap {
        kept[position] = true;
    }
    let chosen: Vec<usize> = (0..len).filter(|&p| kept[p]).collect();
    let sorted = order(chosen.len(), &mut |a, b| less(chosen[a], chosen[b]));
    let mut all: Vec<usize> = sorted.into_iter().map(|i| chosen[i]).collect();
    all.extend((0..len).filter(|&p| !kept[p]));
    all
}

/// Merges the sorted runs `left` and `right` into `out`, the left one's first on ties.
fn merge<T: Copy>(left: &[T], right: &[T], out: &mut [T], less: &mut impl FnMut(T, T) -> bool) {
    // Runs already in order (a right one alone, or two of nearly sorted input) are copied.
    if right.is_empty() || left.last().is_some_and(|&last| !less(right[0], last)) {
        out[..left.len()].copy_from_slice(left);
        out[left.len()..].copy_from_slice(right);
        return;
    }
    let (mut i, mut j) = (0, 0);
    let mut at = 0;
    while i < left.len() && j < right.len() {
        if less(right[j], left[i]) {
            out[at] = right[j];
            j += 1;
        } else {
            out[at] = left[i];
            i += 1;
        }
        at += 1;
    }
    for (slot, &item) in out[at..].iter_mut().zip(left[i..].iter().chain(&right[j..])) {
        *slot = item;
    }
}

/// Moves `items` into `order` (`order[i]`: the position of the element that goes to `i`),
/// in place: each cycle of the permutation is followed by swaps, and a place done is
/// marked by pointing at itself.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sorted by the first number only, so that the second shows whether ties kept order.
    fn by_key(items: &[(u8, usize)]) -> Vec<(u8, usize)> {
        let mut sorted = items.to_vec();
        sort_by_key(&mut sorted, |p| p.0);
        sorted
    }

    fn std_by_key(items: &[(u8, usize)]) -> Vec<(u8, usize)> {
        let mut sorted = items.to_vec();
        sorted.sort_by_key(|p| p.0);
        sorted
    }

    fn numbered(keys: &[u8]) -> Vec<(u8, usize)> {
        keys.iter().enumerate().map(|(i, &k)| (k, i)).collect()
    }

    #[test]
    fn sorts_as_the_standard_library_does_and_keeps_ties_in_order() {
        let ascending: Vec<u8> = (0..=200).collect();
        let descending: Vec<u8> = (0..=200).rev().collect();
        let sawtooth: Vec<u8> = (0..300).map(|i| (i % 7) as u8).collect();
        let runs: Vec<u8> = (0..300).map(|i| ((i / 40) * 3 + i % 40) as u8).collect();
        let pseudo: Vec<u8> = (0..500u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
        let mut nearly = ascending.clone();
        nearly.swap(10, 150);
        // (name, keys): empty, one, at and around the small and run lengths, runs of
        // every shape, all equal.
        let cases: &[(&str, Vec<u8>)] = &[
            ("empty", vec![]),
            ("one", vec![5]),
            ("two descending", vec![2, 1]),
            ("small", vec![3, 1, 2, 1, 3, 0, 2]),
            ("small length", (0..SMALL as u8).rev().collect()),
            ("one past small", (0..=SMALL as u8).rev().collect()),
            ("ascending", ascending),
            ("descending", descending),
            ("descending with ties", (0..100).map(|i| (100 - i) / 3).collect()),
            ("all equal", vec![7; 100]),
            ("sawtooth", sawtooth),
            ("ascending runs", runs),
            ("nearly sorted", nearly),
            ("scattered", pseudo),
        ];
        for (name, keys) in cases {
            let items = numbered(keys);
            assert_eq!(by_key(&items), std_by_key(&items), "{name}");
        }
    }

    #[test]
    fn every_entry_point_sorts() {
        let words = ["pear", "apple", "fig", "apple", "kiwi"];
        let mut plain = words.repeat(5);
        sort(&mut plain);
        let mut expected = words.repeat(5);
        expected.sort();
        assert_eq!(plain, expected);

        let mut reversed = words.repeat(5);
        sort_by(&mut reversed, |a, b| b.cmp(a));
        expected.reverse();
        assert_eq!(reversed, expected);

        // The key is made once per element, however many comparisons there are.
        let (mut cached, mut made) = (words.repeat(5), 0);
        sort_by_cached_key(&mut cached, |w| {
            made += 1;
            w.len()
        });
        let mut by_length = words.repeat(5);
        by_length.sort_by_key(|w| w.len());
        assert_eq!((cached, made), (by_length, 25));
    }

    #[test]
    fn keeping_the_first_is_sorting_and_cutting() {
        let keys: Vec<u8> = (0..300u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 27) as u8).collect();
        let items = numbered(&keys);
        // (keep): none, one, fewer than there are, all, more than there are.
        for keep in [0, 1, 5, 20, 299, 300, 301] {
            let mut kept = items.clone();
            keep_first(&mut kept, keep, |a, b| a.0.cmp(&b.0));
            let mut expected = std_by_key(&items);
            expected.truncate(keep);
            assert_eq!(kept, expected, "{keep}");
        }
    }

    #[test]
    fn numbers_sort_as_total_cmp_orders_them() {
        let scattered = (0..1_000u32).map(|i| f64::from(i.wrapping_mul(2_654_435_761) >> 20) / 7.0 - 100.0);
        // (name, numbers): empty, short, one past a run, with NaN, zeros and infinities.
        let cases: &[(&str, Vec<f64>)] = &[
            ("empty", vec![]),
            ("short", vec![3.0, -1.0, 2.5]),
            ("one past a run", (0..=MIN_RUN).rev().map(|i| i as f64).collect()),
            ("odd", [f64::NAN, 0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, 1.0, -f64::NAN].repeat(7)),
            ("scattered", scattered.collect()),
        ];
        for (name, numbers) in cases {
            let (mut sorted, mut expected) = (numbers.clone(), numbers.clone());
            floats(&mut sorted);
            expected.sort_by(f64::total_cmp);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&sorted), bits(&expected), "{name}");
        }
    }

    #[test]
    fn a_set_holds_each_element_once_in_order() {
        let set = set_of([3, 1, 2, 3, 1]);
        assert_eq!(set.into_iter().collect::<Vec<_>>(), [1, 2, 3]);
        assert!(set_of(Vec::<u8>::new()).is_empty());
    }

    #[test]
    fn a_comparator_that_is_no_order_loses_nothing() {
        let mut items: Vec<usize> = (0..300).collect();
        let mut flip = 0u32;
        sort_by(&mut items, |_, _| {
            flip = flip.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            [Ordering::Less, Ordering::Equal, Ordering::Greater][(flip >> 16) as usize % 3]
        });
        items.sort_unstable();
        assert_eq!(items, (0..300).collect::<Vec<_>>());
    }

    // proptest draws on getrandom, which has no entropy on bare wasm32.
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn agrees_with_the_standard_stable_sort(keys in prop::collection::vec(0u8..12, 0..400)) {
                let items = numbered(&keys);
                prop_assert_eq!(by_key(&items), std_by_key(&items));
            }

            #[test]
            fn agrees_on_wide_keys(keys in prop::collection::vec(any::<u8>(), 0..2_000)) {
                let items = numbered(&keys);
                prop_assert_eq!(by_key(&items), std_by_key(&items));
                let mut cached = items.clone();
                sort_by_cached_key(&mut cached, |p| p.0);
                prop_assert_eq!(cached, std_by_key(&items));
            }

            #[test]
            fn sorts_numbers_as_total_cmp_does(numbers in prop::collection::vec(any::<f64>(), 0..600)) {
                let (mut sorted, mut expected) = (numbers.clone(), numbers);
                floats(&mut sorted);
                expected.sort_by(f64::total_cmp);
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                prop_assert_eq!(bits(&sorted), bits(&expected));
            }

            #[test]
            fn keeps_the_first_as_a_stable_sort_would(keys in prop::collection::vec(0u8..12, 0..400), keep in 0usize..420) {
                let items = numbered(&keys);
                let mut kept = items.clone();
                keep_first(&mut kept, keep, |a, b| a.0.cmp(&b.0));
                let mut expected = std_by_key(&items);
                expected.truncate(keep);
                prop_assert_eq!(kept, expected);
            }
        }
    }
}
