//! The client list a page at a time: the clients a user sees, filtered, in the order asked
//! for, from a cursor — so a page that redraws its list touches one page of clients, never
//! all of them. By name, a page is the `limit` smallest names after the cursor, picked in
//! one pass over the clients (no sort of the whole base); names are folded once per change
//! of the client (kept in [`NameKeys`]).

use crate::model::client::Client;
use crate::read::filter::matches;
pub use crate::read::filter::ListingFilter;
use crate::read::search::fold::fold;
use crate::read::view::View;
use crate::state::CrmState;
use crate::values::error::{Problem, ValidationError};
use crate::values::newtype::string_enum;
use crate::values::sort;
use std::collections::BinaryHeap;
use std::ops::Deref;
use std::rc::Rc;

/// The most clients one page holds.
pub const MAX_PAGE: usize = 500;

string_enum! {
    /// The order of the list.
    ListingSort in "sort" {
        /// The latest added first.
        Newest = "newest",
        Oldest = "oldest",
        /// By name, letter case and the script's marks aside (`fold`), then by when added.
        Name = "name",
    }
}

/// What a page asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingQuery {
    /// The cursor a previous page gave (`next`), or `None` for the first page.
    pub after: Option<String>,
    pub limit: usize,
    pub sort: ListingSort,
    pub filter: ListingFilter,
}

/// One page of the list.
#[derive(Debug)]
pub struct ListingPage<'s> {
    pub items: Vec<&'s Client>,
    /// The cursor of the next page; `None` on the last.
    pub next: Option<String>,
    /// How many clients the filter lets through in all.
    pub total: usize,
}

/// Every client's name, folded for ordering, kept up to date with the state.
#[derive(Debug, Default)]
pub struct NameKeys {
    keys: Vec<Rc<str>>,
    revision: usize,
}

impl NameKeys {
    fn refresh(&mut self, state: &CrmState) {
        let (len, revision) = (state.clients.len(), state.revision());
        if self.keys.len() == len && self.revision == revision {
            return;
        }
        let old = self.keys.len();
        self.keys.extend(state.clients[old..].iter().map(|c| Rc::from(fold(c.name.as_str()))));
        for client in state.clients_changed_since(self.revision) {
            if let Some(&i) = state.client_index.get(&client.id) {
                if i < old {
                    self.keys[i] = Rc::from(fold(client.name.as_str()));
                }
            }
        }
        self.revision = revision;
    }
}

/// The page `query` asks for, of the clients `view` sees.
pub fn page<'v, S: Deref<Target = CrmState>>(
    view: &'v View<S>,
    keys: &mut NameKeys,
    query: &ListingQuery,
) -> Result<ListingPage<'v>, ValidationError> {
    if query.limit == 0 || query.limit > MAX_PAGE {
        return Err(ValidationError::new(
            "limit",
            Problem::Malformed { reason: format!("a page holds 1 to {MAX_PAGE} clients") },
        ));
    }
    let state = view.state_unchecked();
    let after =
        query.after.as_deref().map(|cursor| parse_cursor(cursor, query.sort, state.clients.len())).transpose()?;
    let listed = |i: &usize| {
        let client = &state.clients[*i];
        !client.removed && matches(state, client, &query.filter) && view.sees(client)
    };
    let indexes = 0..state.clients.len();
    let total = indexes.clone().filter(listed).count();
    let (picked, more): (Vec<usize>, bool) = match query.sort {
        ListingSort::Oldest => {
            let mut from = indexes.filter(|i| after.is_none_or(|a| *i > a)).filter(listed);
            let picked: Vec<usize> = from.by_ref().take(query.limit).collect();
            (picked, from.next().is_some())
        }
        ListingSort::Newest => {
            let mut from = indexes.rev().filter(|i| after.is_none_or(|a| *i < a)).filter(listed);
            let picked: Vec<usize> = from.by_ref().take(query.limit).collect();
            (picked, from.next().is_some())
        }
        ListingSort::Name => {
            keys.refresh(state);
            let key = |i: usize| (keys.keys[i].clone(), i);
            let after = after.map(key);
            // The `limit + 1` smallest keys past the cursor, in one pass.
            let mut heap: BinaryHeap<(Rc<str>, usize)> = BinaryHeap::with_capacity(query.limit + 2);
            for i in indexes.filter(listed) {
                let candidate = key(i);
                if after.as_ref().is_some_and(|a| candidate <= *a) {
                    continue;
                }
                if heap.len() <= query.limit {
                    heap.push(candidate);
                } else if heap.peek().is_some_and(|top| candidate < *top) {
                    heap.pop();
                    heap.push(candidate);
                }
            }
            let mut sorted = heap.into_sorted_vec();
            let more = sorted.len() > query.limit;
            sorted.truncate(query.limit);
            (sorted.into_iter().map(|(_, i)| i).collect(), more)
        }
    };
    let next = if more { picked.last().map(|&i| cursor(query.sort, i)) } else { None };
    Ok(ListingPage { items: picked.into_iter().map(|i| &state.clients[i]).collect(), next, total })
}

/// The values the list can be filtered by, among the clients the user sees: owners,
/// regions and tags, each sorted and once — for a page's filter menus, without listing
/// the clients.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Facets<'s> {
    pub owners: Vec<&'s str>,
    pub regions: Vec<&'s str>,
    pub tags: Vec<&'s str>,
}

pub fn facets<'v, S: Deref<Target = CrmState>>(view: &'v View<S>) -> Facets<'v> {
    let (mut owners, mut regions, mut tags) = (Vec::new(), Vec::new(), Vec::new());
    for client in view.state_unchecked().clients().filter(|c| view.sees(c)) {
        owners.extend(client.owner.as_ref().map(|o| o.as_str()));
        regions.extend(client.fields.region.as_ref().map(|r| r.as_str()));
        tags.extend(client.fields.tags.iter().map(|t| t.as_str()));
    }
    for values in [&mut owners, &mut regions, &mut tags] {
        sort::sort(values);
        values.dedup();
    }
    Facets { owners, regions, tags }
}

/// A cursor says the order it was made for, and where the page ended in it.
fn cursor(sort: ListingSort, index: usize) -> String {
    format!("{}.{index}", sort.as_str())
}

fn parse_cursor(cursor: &str, sort: ListingSort, clients: usize) -> Result<usize, ValidationError> {
    let bad = || {
        ValidationError::new("after", Problem::Malformed { reason: "not a cursor a page of this order gave".into() })
    };
    let (made_for, index) = cursor.split_once('.').ok_or_else(bad)?;
    let index: usize = index.parse().map_err(|_| bad())?;
    if made_for != sort.as_str() || index >= clients {
        return Err(bad());
    }
    Ok(index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::pipeline::CardPosition;
    use crate::read::access::Access;
    use crate::synthetic;
    use crate::values::Label;

    fn query(sort: ListingSort, limit: usize, filter: ListingFilter) -> ListingQuery {
        ListingQuery { after: None, limit, sort, filter }
    }

    /// Every page of `query`, followed from the first by its cursors.
    fn all_pages(view: &View<&CrmState>, keys: &mut NameKeys, mut query: ListingQuery) -> (Vec<String>, usize) {
        let (mut names, mut pages) = (Vec::new(), 0);
        let total;
        loop {
            let page = page(view, keys, &query).unwrap();
            assert!(page.items.len() <= query.limit);
            names.extend(page.items.iter().map(|c| c.id.to_string()));
            pages += 1;
            match page.next {
                Some(next) => query.after = Some(next),
                None => {
                    total = page.total;
                    break;
                }
            }
            assert!(pages < 10_000);
        }
        (names, total)
    }

    #[test]
    fn pages_followed_by_their_cursors_list_every_client_once_in_each_order() {
        let state = CrmState::fold(synthetic::events(3_000));
        let view = View::new(&state, Access::everything());
        let mut keys = NameKeys::default();
        let live: Vec<&Client> = state.clients().collect();
        assert!(live.len() > 100);
        let mut by_name: Vec<&Client> = live.clone();
        by_name.sort_by_key(|c| (fold(c.name.as_str()), state.client_index[&c.id]));
        let ids = |clients: Vec<&Client>| clients.into_iter().map(|c| c.id.to_string()).collect::<Vec<_>>();
        let expected = [
            (ListingSort::Oldest, ids(live.clone())),
            (ListingSort::Newest, ids(live.iter().rev().copied().collect())),
            (ListingSort::Name, ids(by_name)),
        ];
        for (sort, expected) in expected {
            for limit in [1, 7, 50, MAX_PAGE] {
                let (listed, total) = all_pages(&view, &mut keys, query(sort, limit, ListingFilter::default()));
                assert_eq!(listed, expected, "{sort} by {limit}");
                assert_eq!(total, expected.len());
            }
        }
    }

    #[test]
    fn filters_narrow_the_list_and_its_total() {
        let state = CrmState::fold(synthetic::events(3_000));
        let view = View::new(&state, Access::everything());
        let mut keys = NameKeys::default();
        let region: Label = "Урал".parse().unwrap();
        let filter = ListingFilter { region: Some(region.clone()), ..ListingFilter::default() };
        let (listed, total) = all_pages(&view, &mut keys, query(ListingSort::Name, 13, filter));
        let expected = state.clients().filter(|c| c.fields.region.as_ref() == Some(&region)).count();
        assert!(expected > 0 && expected < state.clients().count());
        assert_eq!((listed.len(), total), (expected, expected));
        let stage = ("sales".parse().unwrap(), "offer_sent".parse().unwrap());
        let filter = ListingFilter { stage: Some(stage), ..ListingFilter::default() };
        let (listed, _) = all_pages(&view, &mut keys, query(ListingSort::Newest, 50, filter));
        assert!(!listed.is_empty());
        for id in &listed {
            let card = state.pipelines.card(&id.parse().unwrap(), &"sales".parse().unwrap()).unwrap();
            assert_eq!(card.position, CardPosition::Stage { stage: "offer_sent".parse().unwrap() });
        }
    }

    #[test]
    fn a_name_changed_after_keys_were_kept_is_ordered_by_its_new_name() {
        let mut events = synthetic::events(300);
        let state = CrmState::fold(events.clone());
        let mut keys = NameKeys::default();
        let first = |state: &CrmState, keys: &mut NameKeys| {
            let view = View::new(state, Access::everything());
            page(&view, keys, &query(ListingSort::Name, 1, ListingFilter::default())).unwrap().items[0].name.to_string()
        };
        assert_ne!(first(&state, &mut keys), "Ааа");
        let client = state.clients().last().unwrap();
        let mut rename = events.last().unwrap().clone();
        rename.id.counter += 1;
        rename.at.millis += 1;
        rename.payload = crate::model::event::EventPayload::ClientRenamed {
            client: client.id.clone(),
            old: client.name.clone(),
            new: "Ааа".parse().unwrap(),
            former_added: None,
            former_removed: None,
        };
        events.push(rename);
        let state = CrmState::fold(events);
        assert_eq!(first(&state, &mut keys), "Ааа");
    }

    #[test]
    fn facets_name_each_owner_region_and_tag_once() {
        let state = CrmState::fold(synthetic::events(2_000));
        let view = View::new(&state, Access::everything());
        let found = facets(&view);
        let mut regions: Vec<&str> =
            state.clients().filter_map(|c| c.fields.region.as_ref().map(|r| r.as_str())).collect();
        regions.sort_unstable();
        regions.dedup();
        assert_eq!(found.regions, regions);
        assert!(!found.owners.is_empty());
        assert!(found.owners.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn wrong_limits_and_cursors_are_refused_by_name() {
        let state = CrmState::fold(synthetic::events(100));
        let view = View::new(&state, Access::everything());
        let mut keys = NameKeys::default();
        for limit in [0, MAX_PAGE + 1] {
            assert_eq!(
                page(&view, &mut keys, &query(ListingSort::Name, limit, ListingFilter::default())).unwrap_err().field,
                "limit"
            );
        }
        let first = page(&view, &mut keys, &query(ListingSort::Newest, 5, ListingFilter::default())).unwrap();
        let next = first.next.unwrap();
        for (sort, after) in [
            (ListingSort::Name, next.clone()),
            (ListingSort::Newest, "newest.x".into()),
            (ListingSort::Newest, "newest.999999".into()),
            (ListingSort::Oldest, "".into()),
        ] {
            let asked = ListingQuery { after: Some(after), ..query(sort, 5, ListingFilter::default()) };
            assert_eq!(page(&view, &mut keys, &asked).unwrap_err().field, "after", "{sort}");
        }
    }
}
