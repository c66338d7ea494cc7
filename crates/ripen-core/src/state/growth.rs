//! How the state's largest tables grow — the clients, the touch rows, the stage moves: by
//! an eighth at a time, not by doubling.
//!
//! A checkpoint reads each table back allocated to its size. The first write after an
//! open then doubled it: one client more made room for a hundred thousand (25 MB in
//! wasm, and both blocks held at once while it moved), one touch more for a million
//! (80 MB). Wasm memory never shrinks, so that peak stays the page's for good. Growing by
//! an eighth keeps the slack and the peak of a move to an eighth of the table; appends
//! stay amortised O(1), at about eight copies of each row instead of one.

/// Appends `value` to `table`, growing it by an eighth of its length when full.
pub(crate) fn push<T>(table: &mut Vec<T>, value: T) {
    room_for_one(table);
    table.push(value);
}

/// Makes room for one more value (before an insert), growing `table` as [`push`] does.
pub(crate) fn room_for_one<T>(table: &mut Vec<T>) {
    if table.len() == table.capacity() {
        table.reserve_exact((table.len() / 8).max(MIN_GROWTH));
    }
}

/// The capacity a table of `rows` rows read back from a checkpoint is given: the room
/// [`push`] would leave after growing it, so that the first writes after an open (a
/// rep's first touch) do not move the table, holding the old and the new block at once.
pub(crate) fn read_back(rows: usize) -> usize {
    rows + (rows / 8).max(MIN_GROWTH)
}

/// Small tables grow by this many rows at least, so that a new base does not move its
/// first rows at every append.
const MIN_GROWTH: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_table_grows_by_an_eighth_and_a_small_one_by_at_least_sixty_four_rows() {
        // (rows allocated exactly, capacity after one more)
        for (rows, grown) in [(0usize, 64usize), (10, 74), (800, 900), (1_000_000, 1_125_000)] {
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
    fn a_table_with_room_is_not_moved() {
        let mut table: Vec<u32> = Vec::with_capacity(10);
        table.push(0);
        let before = table.as_ptr();
        push(&mut table, 1);
        assert_eq!((table.as_ptr(), table.capacity()), (before, 10));
    }
}
