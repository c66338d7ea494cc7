//! How the state's largest tables grow — the clients, the touch rows, the stage moves.
//!
//! A checkpoint read each table back allocated to its size, and the first write after
//! an open doubled it: one client more made room for a hundred thousand (25 MB in wasm,
//! both blocks held at once while it moved), one touch more for a million (80 MB). Wasm
//! memory never shrinks, so that peak stayed the page's for good. Now a table read back
//! gets room for an eighth more ([`read_back`]): a session's writes fit. A full table
//! grows by half, not by doubling: the slack stays under a third and a move holds 2.5
//! times the table, not 3. Growing by an eighth cost bulk writes a copy of every row
//! eight times over (100k clients added: 830 ms against 784, `cargo xtask bench`).

/// Appends `value` to `table`, growing it by half its length when full.
pub(crate) fn push<T>(table: &mut Vec<T>, value: T) {
    room_for_one(table);
    table.push(value);
}

/// Makes room for one more value (before an insert), growing `table` as [`push`] does.
pub(crate) fn room_for_one<T>(table: &mut Vec<T>) {
    if table.len() == table.capacity() {
        table.reserve_exact((table.len() / 2).max(MIN_GROWTH));
    }
}

/// The capacity a table of `rows` rows read back from a checkpoint is given: an eighth
/// more, so that the writes after an open (a rep's touches, a small import) do not move
/// the table, holding the old and the new block at once.
pub(crate) fn read_back(rows: usize) -> usize {
    rows + (rows / 8).max(MIN_GROWTH)
}

/// Lists of the values `entries` pairs with each key (at least `keys` lists, one more
/// past any larger key), in the entries' order, each allocated to its length: counted
/// first, then filled. A hundred thousand clients' lists grown by doubling left a third
/// of them unused after a checkpoint read.
pub(crate) fn lists_of<T, I: Iterator<Item = (u32, T)>>(keys: usize, entries: impl Fn() -> I) -> Vec<Vec<T>> {
    let mut lengths = vec![0usize; keys];
    for (key, _) in entries() {
        if key as usize >= lengths.len() {
            lengths.resize(key as usize + 1, 0);
        }
        lengths[key as usize] += 1;
    }
    let mut lists: Vec<Vec<T>> = lengths.into_iter().map(Vec::with_capacity).collect();
    for (key, value) in entries() {
        lists[key as usize].push(value);
    }
    lists
}

/// Small tables grow by this many rows at least, so that a new base does not move its
/// first rows at every append.
const MIN_GROWTH: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_table_grows_by_half_and_a_small_one_by_at_least_sixty_four_rows() {
        // (rows allocated exactly, capacity after one more)
        for (rows, grown) in [(0usize, 64usize), (10, 74), (800, 1_200), (1_000_000, 1_500_000)] {
            let mut table: Vec<u8> = vec![0; rows];
            assert_eq!(table.capacity(), rows);
            push(&mut table, 1);
            assert_eq!((table.len(), table.capacity()), (rows + 1, grown), "{rows} rows");
        }
    }

    #[test]
    fn a_table_read_back_has_the_room_growth_would_leave() {
        for (rows, capacity) in [(0usize, 64usize), (100, 164), (100_000, 112_500)] {
            assert_eq!(read_back(rows), capacity);
        }
    }

    #[test]
    fn lists_keep_the_entries_order_per_key_at_their_exact_length() {
        let entries = [(2u32, 'a'), (0, 'b'), (2, 'c'), (4, 'd')];
        let lists = lists_of(3, || entries.iter().copied());
        assert_eq!(lists, [vec!['b'], vec![], vec!['a', 'c'], vec![], vec!['d']]);
        assert!(lists.iter().all(|list| list.capacity() == list.len()));
    }

    #[test]
    fn a_table_with_room_is_not_moved() {
        let mut table: Vec<u32> = Vec::with_capacity(10);
        table.push(0);
        let before = table.as_ptr();
        push(&mut table, 1);
        assert_eq!((table.as_ptr(), table.capacity()), (before, 10));
    }
}
