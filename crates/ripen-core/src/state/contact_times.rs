//! The touches the contact policy counts, per client, sorted by channel and then by time,
//! kept by the fold: a check finds a window's touches by binary search instead of
//! gathering and sorting the history of everyone its rule's scope covers, and a rule that
//! counts some channels (most do: calls, marketing sends) walks those touches alone.

use crate::model::touch::Origin;
use crate::state::growth;
use crate::values::sort;
use crate::values::Channel;

/// A touch the contact policy counts: a planned one at its time, a done one at when it
/// was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    /// When, in milliseconds since the epoch as the touch book keeps it (always an
    /// instant chrono can hold): a check compares and subtracts integers, not dates.
    pub at: i64,
    /// The touch's row in the book (`u32::MAX` for one about to be written).
    pub row: u32,
    pub channel: Channel,
    pub origin: Origin,
    /// Inbound, or asked for by the client: only rules that count exempt touches count it.
    pub exempt: bool,
}

/// Per client number of the touch book, its counted touches by (channel, time, row): each
/// channel's a sorted run of its own within the client's list ([`by_channel`]).
#[derive(Debug, Default, Clone)]
pub(crate) struct ContactTimes {
    by_client: Vec<Vec<Counted>>,
}

/// Equal when every client counts the same touches (however many empty lists trail).
impl PartialEq for ContactTimes {
    fn eq(&self, other: &Self) -> bool {
        let clients = self.by_client.len().max(other.by_client.len());
        (0..clients as u32).all(|client| self.of(client) == other.of(client))
    }
}

impl Eq for ContactTimes {}

impl ContactTimes {
    pub(crate) fn of(&self, client: u32) -> &[Counted] {
        self.by_client.get(client as usize).map_or(&[], Vec::as_slice)
    }

    fn list(&mut self, client: u32) -> &mut Vec<Counted> {
        if client as usize >= self.by_client.len() {
            self.by_client.resize(client as usize + 1, Vec::new());
        }
        &mut self.by_client[client as usize]
    }

    pub(crate) fn insert(&mut self, client: u32, entry: Counted) {
        let list = self.list(client);
        let at = list.partition_point(|e| key(e) < key(&entry));
        list.insert(at, entry);
    }

    /// Takes out the entry `old` as it was inserted (its channel, time and row).
    pub(crate) fn remove(&mut self, client: u32, old: &Counted) {
        let Some(list) = self.by_client.get_mut(client as usize) else { return };
        let from = list.partition_point(|e| key(e) < key(old));
        if list.get(from).is_some_and(|e| key(e) == key(old)) {
            list.remove(from);
        }
    }

    /// Built at once from every counted touch, in any order (a checkpoint's rows), each
    /// client's list allocated to its length ([`growth::lists_of`]).
    pub(crate) fn from_entries<I: Iterator<Item = (u32, Counted)>>(entries: impl Fn() -> I) -> Self {
        let mut by_client = growth::lists_of(0, entries);
        for list in &mut by_client {
            sort::sort_by_key(list, key);
        }
        Self { by_client }
    }
}

/// The order of a client's list.
fn key(e: &Counted) -> (u8, i64, u32) {
    (e.channel.index(), e.at, e.row)
}

/// A client's list cut into its channels' runs, each sorted by time, in channel order.
pub(crate) fn by_channel(list: &[Counted]) -> impl Iterator<Item = (Channel, &[Counted])> {
    let mut rest = list;
    std::iter::from_fn(move || {
        let channel = rest.first()?.channel;
        let (run, after) = rest.split_at(rest.partition_point(|e| e.channel.index() <= channel.index()));
        rest = after;
        Some((channel, run))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(at: i64, row: u32) -> Counted {
        Counted { at: at * 1000, row, channel: Channel::Call, origin: Origin::Sales, exempt: false }
    }

    fn email(at: i64, row: u32) -> Counted {
        Counted { channel: Channel::Email, ..entry(at, row) }
    }

    fn order(times: &ContactTimes, client: u32) -> Vec<(Channel, i64, u32)> {
        times.of(client).iter().map(|e| (e.channel, e.at / 1000, e.row)).collect()
    }

    #[test]
    fn entries_stay_sorted_by_channel_time_then_row_and_leave_by_all_three() {
        use Channel::{Call, Email};
        let mut times = ContactTimes::default();
        for e in [entry(5, 1), email(2, 4), entry(1, 2), entry(5, 0), email(0, 5), entry(3, 3)] {
            times.insert(2, e);
        }
        let sorted = [(Call, 1, 2), (Call, 3, 3), (Call, 5, 0), (Call, 5, 1), (Email, 0, 5), (Email, 2, 4)];
        assert_eq!(order(&times, 2), sorted);
        // Built at once from entries in any order: the same lists.
        let entries = [email(2, 4), entry(5, 1), entry(3, 3), email(0, 5), entry(5, 0), entry(1, 2)];
        assert_eq!(ContactTimes::from_entries(|| entries.iter().map(|e| (2, *e))), times);
        times.remove(2, &entry(5, 1));
        times.remove(2, &entry(4, 3)); // not there at that time: nothing leaves
        times.remove(2, &email(3, 3)); // nor on that channel
        assert_eq!(order(&times, 2), [(Call, 1, 2), (Call, 3, 3), (Call, 5, 0), (Email, 0, 5), (Email, 2, 4)]);
        assert!(times.of(0).is_empty() && times.of(9).is_empty());
    }

    #[test]
    fn built_at_once_it_equals_one_grown_entry_by_entry() {
        let entries = [(3, entry(5, 1)), (0, entry(2, 0)), (3, entry(1, 2)), (3, entry(5, 0)), (1, entry(9, 4))];
        let built = ContactTimes::from_entries(|| entries.iter().copied());
        let mut grown = ContactTimes::default();
        for (client, e) in entries {
            grown.insert(client, e);
        }
        assert_eq!(built, grown);
        assert_eq!(built.of(3).iter().map(|e| e.row).collect::<Vec<_>>(), [2, 0, 1]);
        assert!(built.by_client.iter().all(|list| list.capacity() == list.len()));
    }

    #[test]
    fn a_list_cuts_into_its_channels_runs() {
        let list = [entry(1, 0), entry(4, 1), email(0, 2), Counted { channel: Channel::Meeting, ..entry(2, 3) }];
        let runs: Vec<(Channel, usize)> = by_channel(&list).map(|(channel, run)| (channel, run.len())).collect();
        assert_eq!(runs, [(Channel::Call, 2), (Channel::Email, 1), (Channel::Meeting, 1)]);
        assert_eq!(by_channel(&[]).count(), 0);
    }
}
