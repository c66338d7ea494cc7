//! Probable duplicate pairs across the whole base: clients that share a phone or an
//! e-mail, or whose names read the same once transliterated and reordered. The keys come
//! from the search index (`pair_keys.rs`), so no client is read and no name folded again
//! to group them; only the pairs shown get their reasons written out.

use super::duplicates::{certainty, Reason};
use super::index::SearchIndex;
use super::pair_keys::PairKeys;
use crate::model::client::Client;
use crate::state::CrmState;
use crate::values::ids::ClientId;
use crate::values::sort;
use rustc_hash::FxHashMap;
use std::cmp::Reverse;

/// A probable duplicate pair across the base.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
pub struct Pair {
    pub a: ClientId,
    pub b: ClientId,
    pub score: u32,
    pub reasons: Vec<Reason>,
}

/// More clients than this on one key are not duplicates: a hundred clients on one
/// switchboard number are a company's.
const LARGEST_GROUP: usize = 20;

/// What a group shares, in the order a pair's reasons are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Shared {
    Phone,
    Email,
    Name,
}

/// One reason for one pair before it is written out: the group (its kind and its key:
/// a contact's number, or a name's number among the names) and the pair's two clients
/// by slot, the one earlier in the base first.
#[derive(Debug, Clone, Copy)]
struct Link {
    first: u32,
    second: u32,
    shared: Shared,
    group: u32,
}

impl Link {
    fn pair(&self) -> (u32, u32) {
        (self.first.min(self.second), self.first.max(self.second))
    }
}

/// Pairs of live clients (both visible; all when `visible` is `None`) that share a phone
/// or an email, or whose names read the same once transliterated and reordered; most
/// likely first. A group of three namesakes gives three pairs. `index` must be in step
/// with `state`.
pub fn duplicate_pairs(
    index: &SearchIndex,
    state: &CrmState,
    limit: usize,
    visible: Option<&dyn Fn(&Client) -> bool>,
) -> Vec<Pair> {
    let keys = &index.pairs;
    let client = |slot: u32| state.client(&index.clients[slot as usize]);
    let members: Vec<u32> = (0..index.clients.len() as u32)
        .filter(|slot| index.is_live(*slot))
        .filter(|slot| visible.is_none_or(|visible| client(*slot).is_some_and(visible)))
        .collect();
    let mut links = Vec::new();
    // Contacts are numbered already: a group is a number, counted in an array.
    let contacts = members.iter().flat_map(|slot| keys.contacts(*slot).iter().map(move |c| (*c, *slot)));
    let mut sizes = vec![0u32; keys.contact_count()];
    for (contact, _) in contacts.clone() {
        sizes[contact as usize] += 1;
    }
    let grouped = contacts.filter(|(contact, _)| is_group(sizes[*contact as usize] as usize));
    link(
        grouped,
        keys,
        |contact| if keys.contact(contact).contains('@') { Shared::Email } else { Shared::Phone },
        &mut links,
    );
    // Names are numbered here, by their keys.
    let mut names: FxHashMap<&[u32], u32> = FxHashMap::with_capacity_and_hasher(members.len(), Default::default());
    let mut numbered = Vec::with_capacity(members.len());
    for &slot in &members {
        let key = keys.name_key(slot);
        if !key.is_empty() {
            let next = names.len() as u32;
            numbered.push((*names.entry(key).or_insert(next), slot));
        }
    }
    let mut sizes = vec![0u32; names.len()];
    for (name, _) in &numbered {
        sizes[*name as usize] += 1;
    }
    let grouped = numbered.into_iter().filter(|(name, _)| is_group(sizes[*name as usize] as usize));
    link(grouped, keys, |_| Shared::Name, &mut links);

    sort::sort_by_key(&mut links, |l| (l.pair(), l.shared, l.group));
    let mut pairs: Vec<(u32, &[Link])> =
        links.chunk_by(|x, y| x.pair() == y.pair()).map(|links| (score(keys, links), links)).collect();
    let ids = |links: &[Link]| {
        let (a, b) = (&index.clients[links[0].first as usize], &index.clients[links[0].second as usize]);
        if a < b {
            (a, b)
        } else {
            (b, a)
        }
    };
    let order =
        |x: &(u32, &[Link]), y: &(u32, &[Link])| Reverse(x.0).cmp(&Reverse(y.0)).then_with(|| ids(x.1).cmp(&ids(y.1)));
    sort::keep_first(&mut pairs, limit, order);
    pairs
        .into_iter()
        .filter_map(|(score, links)| {
            let (a, b) = ids(links);
            let mut reasons: Vec<Reason> = Vec::new();
            for link in links {
                let reason = reason(keys, link, client(link.first)?, client(link.second)?);
                if !reasons.contains(&reason) {
                    reasons.push(reason);
                }
            }
            Some(Pair { a: a.clone(), b: b.clone(), score, reasons })
        })
        .collect()
}

fn is_group(size: usize) -> bool {
    (2..=LARGEST_GROUP).contains(&size)
}

/// Links every two clients of each group in `grouped` (a group number and a slot each).
fn link(
    grouped: impl Iterator<Item = (u32, u32)>,
    keys: &PairKeys,
    shared: impl Fn(u32) -> Shared,
    links: &mut Vec<Link>,
) {
    let mut grouped: Vec<(u32, u32, u32)> = grouped.map(|(group, slot)| (group, keys.position(slot), slot)).collect();
    // Within a group, the clients in the base's order.
    sort::sort(&mut grouped);
    for run in grouped.chunk_by(|x, y| x.0 == y.0) {
        for (i, (group, _, first)) in run.iter().enumerate() {
            for (_, _, second) in &run[i + 1..] {
                // A client with one address written twice is no pair with itself.
                if first != second {
                    links.push(Link { first: *first, second: *second, shared: shared(*group), group: *group });
                }
            }
        }
    }
}

/// Whether a name link's names are the same words (`exact`) or meet only through their
/// skeletons (`transliterated`).
fn how(keys: &PairKeys, link: &Link) -> &'static str {
    if keys.name_words(link.first) == keys.name_words(link.second) {
        "exact"
    } else {
        "transliterated"
    }
}

/// A pair's certainty from its links, without writing its reasons out.
fn score(keys: &PairKeys, links: &[Link]) -> u32 {
    let reasons: Vec<Reason> = links
        .iter()
        .map(|link| match link.shared {
            Shared::Phone => Reason::SamePhone { phone: String::new() },
            Shared::Email => Reason::SameEmail { email: String::new() },
            Shared::Name => Reason::SimilarName { name: String::new(), how: how(keys, link), share: 100 },
        })
        .collect();
    certainty(&reasons)
}

/// A link's reason as it is shown: the phone as the earlier client wrote it, the address
/// lower-cased, the later client's name.
fn reason(keys: &PairKeys, link: &Link, first: &Client, second: &Client) -> Reason {
    match link.shared {
        Shared::Phone => {
            let e164 = keys.contact(link.group);
            let phone = first.fields.phones.iter().find(|p| p.e164() == e164);
            Reason::SamePhone { phone: phone.map_or(e164, |p| p.display()).to_owned() }
        }
        Shared::Email => Reason::SameEmail { email: keys.contact(link.group).to_owned() },
        Shared::Name => Reason::SimilarName { name: second.name.to_string(), how: how(keys, link), share: 100 },
    }
}
