//! A plain search, for tests: every entry of the rarest word's postings read and its
//! words looked up in each query word's matches, and a place for every client — what
//! search did before the posting lists were intersected and hopeless clients dropped. The
//! property below holds the fast search to it, hit for hit.

use super::*;
use crate::model::client::{Alias, AliasKind, ClientFields, ClientName};
use crate::model::event::{Event, EventPayload};
use crate::values::clock::Hlc;
use crate::values::ids::{EventId, ReplicaId};
use proptest::prelude::*;

#[derive(Debug)]
struct PlainBest {
    by_slot: Vec<Option<(u32, EntryId, How)>>,
}

impl PlainBest {
    fn offer(&mut self, slot: u32, score: u32, entry: EntryId, how: How, index: &SearchIndex) {
        let current = &mut self.by_slot[slot as usize];
        let length = |entry: EntryId| index.entries[entry as usize].text.len();
        let better = current
            .is_none_or(|(best, best_entry, _)| score > best || (score == best && length(entry) < length(best_entry)));
        if better {
            *current = Some((score, entry, how));
        }
    }
}

fn plain_entry_hits(index: &SearchIndex, sets: &[HashMap<TokenId, How>], best: &mut PlainBest) {
    let postings =
        |set: &HashMap<TokenId, How>| set.keys().map(|t| index.tokens[*t as usize].postings.len()).sum::<usize>();
    let Some((pivot, _)) = sets.iter().enumerate().min_by_key(|(_, set)| postings(set)) else { return };
    for (&token, &pivot_how) in &sets[pivot] {
        for &entry_id in &index.tokens[token as usize].postings {
            let entry = &index.entries[entry_id as usize];
            if !entry.alive {
                continue;
            }
            let mut weakest = pivot_how;
            let all = sets.iter().enumerate().filter(|(i, _)| *i != pivot).all(|(_, set)| {
                let how = index.entry_tokens(entry).iter().filter_map(|t| set.get(t)).max();
                if let Some(&how) = how {
                    weakest = weakest.min(how);
                }
                how.is_some()
            });
            let free_text = matches!(entry.source, Source::Note | Source::Wish | Source::Answer);
            if all && !(free_text && weakest == How::Typo) {
                best.offer(entry.slot, score(entry.source.rank(), weakest), entry_id, weakest, index);
            }
        }
    }
}

/// [`search`] the plain way (without phones: the book has none).
fn plain_search(
    index: &SearchIndex,
    state: &CrmState,
    query: &str,
    limit: usize,
    filter: &SearchFilter,
) -> Vec<SearchHit> {
    let admit = |slot: u32| state.live_client(&index.clients[slot as usize]).is_some_and(|c| filter.passes(state, c));
    let mut best = PlainBest { by_slot: vec![None; index.clients.len()] };
    let query_words = QueryWords::of(query);
    let words = &query_words.parts;
    if !words.is_empty() {
        let mut sets = query_words.matches(index);
        plain_entry_hits(index, &sets, &mut best);
        let admitted = best.by_slot.iter().enumerate().filter(|(slot, b)| b.is_some() && admit(*slot as u32)).count();
        if admitted < limit {
            query_words.add_typos(index, &mut sets);
            plain_entry_hits(index, &sets, &mut best);
        }
    }
    let mut found: Vec<Found> = (0..best.by_slot.len() as u32)
        .filter_map(|slot| best.by_slot[slot as usize].map(|b| (slot, b)))
        .filter(|(slot, _)| admit(*slot))
        .map(|(slot, (score, entry, how))| Found {
            score,
            length: index.entries[entry as usize].text.len(),
            slot,
            entry,
            how,
            employer: None,
        })
        .collect();
    rank(&mut found, limit.max(EMPLOYER_SOURCES));
    employees(index, state, &mut found, &admit);
    rank(&mut found, limit);
    // The book has no employees: no hit is through an employer.
    found
        .into_iter()
        .map(|f| SearchHit {
            client: index.clients[f.slot as usize].clone(),
            score: f.score,
            matched: matched(index, f.entry, f.how, words),
        })
        .collect()
}

// Few words, so that a word finds many clients (more than a search keeps) and ties abound.
const WORDS: &[&str] = &[
    "Сибирские",
    "Сибирь",
    "Северные",
    "Север",
    "моторы",
    "мотор",
    "мастерские",
    "машины",
    "Омск",
    "Томск",
    "Sibirskie",
    "Motory",
    "Severnye",
    "Групп",
    "Grupp",
    "Алексей",
    "Александр",
    "Aleksei",
    "Смирнов",
    "Смирнова",
    "заводы",
    "завод",
];

fn name() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 1..=3).prop_map(|words| words.join(" "))
}

/// A client: its name, aliases, lines of notes, whether a person, and a new name given
/// after the index is built (its old entries then dead).
fn client() -> impl Strategy<Value = (String, Vec<String>, Vec<String>, bool, Option<String>)> {
    (
        name(),
        prop::collection::vec(name(), 0..=2),
        prop::collection::vec(name(), 0..=2),
        any::<bool>(),
        prop::option::weighted(0.1, name()),
    )
}

fn query() -> impl Strategy<Value = String> {
    // A name cut anywhere (typed so far) or after a few letters (where most clients match),
    // sometimes with a letter dropped (a typo).
    (name(), any::<prop::sample::Index>(), 2usize..5, any::<bool>(), any::<prop::sample::Index>(), any::<bool>())
        .prop_map(|(name, cut, short, early, drop, typo)| {
            let mut chars: Vec<char> = name.chars().collect();
            chars.truncate(if early { short } else { cut.index(chars.len()) + 1 });
            if typo && chars.len() > 3 {
                chars.remove(drop.index(chars.len()));
            }
            chars.into_iter().collect()
        })
}

fn event(counter: u64, payload: EventPayload) -> Event {
    let millis = 1_760_000_000_000 + counter as i64;
    Event {
        id: EventId { replica: ReplicaId::from_random(7), counter },
        at: Hlc { millis, counter: 0 },
        recorded_at: chrono::DateTime::from_timestamp_millis(millis).unwrap_or_default(),
        by: "tester".parse().unwrap_or_else(|_| unreachable!()),
        payload,
    }
}

fn parse(name: &str) -> ClientName {
    ClientName::parse(name).unwrap_or_else(|_| unreachable!("the words make valid names"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    #[test]
    fn the_fast_search_finds_what_the_plain_one_does_in_the_same_order(
        clients in prop::collection::vec(client(), 300..1_200),
        queries in prop::collection::vec(query(), 8),
        limit in 1usize..80,
        people_only in any::<bool>(),
    ) {
        let mut events = Vec::new();
        for (name, aliases, notes, person, _) in &clients {
            let kind = if *person { ClientKind::Person } else { ClientKind::Company };
            let notes = (!notes.is_empty()).then(|| notes.join("\n").parse().unwrap_or_else(|_| unreachable!()));
            let fields = ClientFields { kind, notes, ..ClientFields::default() };
            let aliases =
                aliases.iter().map(|a| Alias { kind: AliasKind::Latin, name: parse(a), until: None }).collect();
            let id = EventId { replica: ReplicaId::from_random(7), counter: events.len() as u64 + 1 };
            let client = ClientId::minted_by(&id);
            let payload =
                EventPayload::ClientAdded { client, name: parse(name), fields: Box::new(fields), aliases, owner: None };
            events.push(event(id.counter, payload));
        }
        let mut state = CrmState::fold(events.clone());
        let mut index = SearchIndex::default();
        index.sync(&state);
        // Renamed after the build: their old entries stay in the index, dead.
        for (added, (name, _, _, _, renamed)) in events.clone().iter().zip(&clients) {
            if let Some(new) = renamed.as_ref().filter(|new| *new != name) {
                let client = added.payload.clients()[0].clone();
                let payload = EventPayload::ClientRenamed {
                    client, old: parse(name), new: parse(new), former_added: None, former_removed: None,
                };
                events.push(event(events.len() as u64 + 1, payload));
            }
        }
        state = CrmState::fold(events);
        index.sync(&state);
        let filter = SearchFilter { kind: people_only.then_some(ClientKind::Person), ..SearchFilter::default() };
        for query in &queries {
            let fast = search(&index, &state, query, limit, &filter, None);
            prop_assert_eq!(fast, plain_search(&index, &state, query, limit, &filter), "{}", query);
        }
    }
}
