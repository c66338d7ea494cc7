//! The entries every query word matches, found by intersecting sorted posting lists, the
//! rarest query word first: the lists are read in order and an entry is looked at only
//! once every word has matched it (an entry read per posting is a cache miss each, which
//! over a million clients is most of a keystroke's time).

use super::how::How;
use super::index::{EntryId, SearchIndex, TokenId};
use crate::values::sort;
use rustc_hash::FxHashMap as HashMap;

/// One query word's matches as the postings of each word matched, with how it matched.
type Lists<'a> = Vec<(&'a [EntryId], How)>;

/// What takes the entries found.
pub(crate) trait Hits {
    /// Whether entries matched at best so, with texts at least so long, may still matter.
    fn worth(&self, how: How, shortest: usize) -> bool;
    /// An entry every set's words meet, with the weakest of the best ways each met it.
    fn hit(&mut self, entry: EntryId, how: How);
}

/// Gives `hits` each entry where every set's words meet, and the weakest of the best ways
/// each set matched it. In the order of the postings of the set with the fewest, a
/// word of it at a time (the order of its map) and its entries in order — so the first of
/// equally good entries a caller keeps does not depend on how the others were read. A word
/// of the rarest set whose entries `hits` says cannot matter (asked before its entries are
/// read) is passed over.
pub(crate) fn each_entry(index: &SearchIndex, sets: &[HashMap<TokenId, How>], hits: &mut impl Hits) {
    let mut lists: Vec<Lists<'_>> = sets
        .iter()
        .map(|set| set.iter().map(|(t, how)| (index.tokens[*t as usize].postings.as_slice(), *how)).collect())
        .collect();
    let total = |lists: &Lists<'_>| lists.iter().map(|(l, _)| l.len()).sum::<usize>();
    let Some((pivot, _)) = lists.iter().enumerate().min_by_key(|(_, l)| total(l)) else { return };
    // In the order of the set's map, as the lists are.
    let shortest = sets[pivot].keys().map(|t| index.tokens[*t as usize].shortest as usize);
    let pivot = lists.swap_remove(pivot);
    // The most selective first: the candidates shrink before the bigger lists are read.
    sort::sort_by_key(&mut lists, total);
    let (mut entries, mut hows, mut met) = (Vec::new(), Vec::new(), Vec::new());
    for ((list, how), shortest) in pivot.into_iter().zip(shortest) {
        if !hits.worth(how, shortest) {
            continue;
        }
        if lists.is_empty() {
            // One query word: all its words' entries, not copied to be narrowed.
            list.iter().for_each(|&entry| hits.hit(entry, how));
            continue;
        }
        entries.clear();
        entries.extend_from_slice(list);
        hows.clear();
        hows.resize(list.len(), how);
        for other in &lists {
            if entries.is_empty() {
                break;
            }
            narrow(&mut entries, &mut hows, other, &mut met);
        }
        for (&entry, &how) in entries.iter().zip(&hows) {
            hits.hit(entry, how);
        }
    }
}

/// Keeps the candidates (sorted `entries`, each with its weakest match so far in `hows`)
/// that one of `lists` holds, each lowered to the best way they hold it. `met` is scratch.
fn narrow(entries: &mut Vec<EntryId>, hows: &mut Vec<How>, lists: &Lists<'_>, met: &mut Vec<Option<How>>) {
    met.clear();
    met.resize(entries.len(), None);
    for &(list, how) in lists {
        each_common(entries, list, |i| met[i] = met[i].max(Some(how)));
    }
    let mut kept = 0;
    for i in 0..entries.len() {
        if let Some(how) = met[i] {
            entries[kept] = entries[i];
            hows[kept] = hows[i].min(how);
            kept += 1;
        }
    }
    entries.truncate(kept);
    hows.truncate(kept);
}

/// Calls `found` with the place in `a` of each value `b` also holds (both sorted, without
/// repeats), walking the shorter and galloping through the longer.
fn each_common(a: &[u32], b: &[u32], mut found: impl FnMut(usize)) {
    if a.len() <= b.len() {
        let mut rest = b;
        for (i, value) in a.iter().enumerate() {
            rest = &rest[gallop(rest, *value)..];
            match rest.first() {
                None => return,
                Some(first) if first == value => found(i),
                Some(_) => {}
            }
        }
    } else {
        let mut from = 0;
        for value in b {
            from += gallop(&a[from..], *value);
            match a.get(from) {
                None => return,
                Some(at) if at == value => found(from),
                Some(_) => {}
            }
        }
    }
}

/// The first place in sorted `list` whose value is not below `value`: steps doubling from
/// the start, then a binary search (near places are found in a few reads).
fn gallop(list: &[u32], value: u32) -> usize {
    if list.first().is_none_or(|first| *first >= value) {
        return 0;
    }
    // list[low] < value throughout.
    let (mut low, mut step) = (0, 1);
    while low + step < list.len() && list[low + step] < value {
        low += step;
        step *= 2;
    }
    let high = (low + step).min(list.len());
    low + 1 + list[low + 1..high].partition_point(|v| *v < value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gallop_finds_the_first_place_not_below() {
        let list = [2, 3, 5, 8, 13, 21, 34, 55, 89];
        for value in 0..100 {
            assert_eq!(gallop(&list, value), list.partition_point(|v| *v < value), "{value}");
        }
        assert_eq!(gallop(&[], 7), 0);
    }

    #[test]
    fn common_values_are_found_from_either_side() {
        // (a, b, the places in a of what both hold)
        let cases: [(&[u32], &[u32], &[usize]); 5] = [
            (&[1, 4, 9], &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], &[0, 1, 2]),
            (&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], &[1, 4, 9, 11], &[1, 4, 9]),
            (&[5, 6], &[1, 2, 3], &[]),
            (&[], &[1], &[]),
            (&[3, 7, 20, 40], &[7, 8, 40, 41], &[1, 3]),
        ];
        for (a, b, expected) in cases {
            let mut found = Vec::new();
            each_common(a, b, |i| found.push(i));
            assert_eq!(found, expected, "{a:?} ∩ {b:?}");
        }
    }
}
