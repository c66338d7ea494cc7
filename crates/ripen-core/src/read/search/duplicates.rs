//! Probable duplicates of a draft against the base (while a rep types a new client, and
//! for every imported row) — by the same phone or email, or a similar name in either
//! script — and the certainty a set of reasons gives (pairs across the base are in
//! `pairs.rs`).

use super::fold::fold;
use super::index::{SearchIndex, Source};
use super::query::{How, QueryWords};
use crate::model::client::{Client, ClientFields, ClientName};
use crate::state::CrmState;
use crate::values::ids::ClientId;
use crate::values::sort;
use std::collections::{BTreeMap, HashMap};

/// One reason two clients look like one.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
#[json(rename_all = "camelCase", tag = "kind")]
pub enum Reason {
    SamePhone {
        phone: String,
    },
    SameEmail {
        email: String,
    },
    /// `how`: `exact`, `transliterated` or `typo`; `share` of the words that agree, in
    /// percent.
    SimilarName {
        name: String,
        how: &'static str,
        share: u32,
    },
}

/// A client that may be the same as the draft, with how sure (0 to 100) and why.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
pub struct Duplicate {
    pub client: ClientId,
    pub score: u32,
    pub reasons: Vec<Reason>,
}

/// Below this share of agreeing words, names are not called similar.
const SIMILAR: u32 = 60;

/// The most a similar name alone scores: exactly, transliterated, with a typo.
const EXACT_SCORE: u32 = 90;
const TRANSLITERATED_SCORE: u32 = 80;
const TYPO_SCORE: u32 = 65;

/// The clients (of those `visible` lets through) that may be the same as a draft with
/// `name` (if typed yet) and `fields`, most likely first, scoring at least `min_score`.
pub fn find_duplicates(
    index: &SearchIndex,
    state: &CrmState,
    name: Option<&ClientName>,
    fields: &ClientFields,
    limit: usize,
    min_score: u32,
    visible: &dyn Fn(&Client) -> bool,
) -> Vec<Duplicate> {
    let mut found: HashMap<ClientId, Vec<Reason>> = HashMap::new();
    for phone in &fields.phones {
        for &entry in index.phone_entries.get(phone.e164()).into_iter().flatten() {
            let entry = &index.entries[entry as usize];
            if entry.alive {
                let client = index.clients[entry.slot as usize].clone();
                found.entry(client).or_default().push(Reason::SamePhone { phone: phone.display().to_owned() });
            }
        }
    }
    for email in &fields.emails {
        let Some(token) = index.token_id(&fold(email.as_str())) else { continue };
        for &entry in &index.tokens[token as usize].postings {
            let entry = &index.entries[entry as usize];
            if entry.alive && entry.source == Source::Email {
                let client = index.clients[entry.slot as usize].clone();
                found.entry(client).or_default().push(Reason::SameEmail { email: entry.text.to_string() });
            }
        }
    }
    for (client, reason) in name.map(|n| similar_names(index, n, min_score)).unwrap_or_default() {
        found.entry(client).or_default().push(reason);
    }
    let mut candidates: Vec<Duplicate> = found
        .into_iter()
        .filter(|(id, _)| state.live_client(id).is_some_and(visible))
        .map(|(client, reasons)| Duplicate { score: certainty(&reasons), client, reasons })
        .filter(|d| d.score >= min_score)
        .collect();
    sort::sort_by(&mut candidates, |a, b| b.score.cmp(&a.score).then(a.client.cmp(&b.client)));
    candidates.truncate(limit);
    candidates
}

/// A shared phone or email is near certain; a similar name counts by how much of it
/// agrees and how; both together add up.
pub(crate) fn certainty(reasons: &[Reason]) -> u32 {
    let contact = reasons.iter().any(|r| matches!(r, Reason::SamePhone { .. } | Reason::SameEmail { .. }));
    let name = reasons
        .iter()
        .filter_map(|r| match r {
            Reason::SimilarName { how, share, .. } => {
                let weight = match *how {
                    "exact" => EXACT_SCORE,
                    "transliterated" => TRANSLITERATED_SCORE,
                    _ => TYPO_SCORE,
                };
                Some(weight * share / 100)
            }
            _ => None,
        })
        .max()
        .unwrap_or(0);
    match (contact, name) {
        (true, 0) => 90,
        (true, name) => (90 + name / 10).min(100),
        (false, name) => name,
    }
}

/// Clients with a name or alias whose words mostly agree with `name`'s, in any script,
/// enough for a name alone to score `min_score`; also words a typo or two apart when a
/// typo could reach that (a scan of the dictionary, which an import's threshold spares).
///
/// Candidates come from the postings of the draft's rarest words: as few as guarantee that
/// a name sharing none of them misses too many of the draft's words to agree enough. A
/// common word ("Иван", "Петров") then seeds only when the share asked for allows it, and
/// one check never scans the base for nothing.
fn similar_names(index: &SearchIndex, name: &ClientName, min_score: u32) -> Vec<(ClientId, Reason)> {
    // The draft's words as written: a hyphen, a dash or a space between two words makes
    // no other name, and neither do quotes ("Северо-Западная", "Северо — Западная").
    let query = QueryWords::of(name.as_str());
    let wanted = &query.parts;
    if wanted.is_empty() {
        return Vec::new();
    }
    // Per draft word: the dictionary words it matches whole, and how.
    let mut matched = query.matches(index);
    if min_score <= TYPO_SCORE {
        query.add_typos(index, &mut matched);
    }
    for found in &mut matched {
        // Whole words only: a prefix is not the same word.
        found.retain(|_, how| !matches!(how, How::Prefix | How::TransliteratedPrefix));
    }
    // The share of agreeing words a name needs: the similarity bar, and enough for the
    // best weight (an exact match) to reach `min_score`.
    let needed = (SIMILAR..=100).find(|share| EXACT_SCORE * share / 100 >= min_score).unwrap_or(101);
    let n = wanted.len();
    // The most draft words a name may miss and still agree enough (its share only falls
    // when it has more words than the draft).
    let Some(may_miss) = (0..=n).rev().find(|m| ((n - m) * 100 / n) as u32 >= needed) else { return Vec::new() };
    let unmatched = matched.iter().filter(|m| m.is_empty()).count();
    if unmatched > may_miss {
        return Vec::new();
    }
    let postings =
        |m: &rustc_hash::FxHashMap<u32, How>| m.keys().map(|t| index.tokens[*t as usize].postings.len()).sum::<usize>();
    let mut by_rarity: Vec<&rustc_hash::FxHashMap<u32, How>> = matched.iter().filter(|m| !m.is_empty()).collect();
    sort::sort_by_key(&mut by_rarity, |m| postings(m));
    let seeds = &by_rarity[..(may_miss - unmatched + 1).min(by_rarity.len())];
    let mut candidates: Vec<u32> =
        seeds.iter().flat_map(|m| m.keys()).flat_map(|t| index.tokens[*t as usize].postings.iter().copied()).collect();
    sort::sort(&mut candidates);
    candidates.dedup();

    let mut best: BTreeMap<ClientId, Reason> = BTreeMap::new();
    for entry in candidates {
        let entry = &index.entries[entry as usize];
        if !entry.alive || !matches!(entry.source, Source::Name | Source::Alias { .. }) {
            continue;
        }
        // Each draft word agrees through the entry's best word for it; the name agrees as
        // weakly as its weakest agreeing word.
        let (mut count, mut how) = (0u32, How::Exact);
        for word in &matched {
            if let Some(found) = index.entry_tokens(entry).iter().filter_map(|t| word.get(t)).max() {
                count += 1;
                how = how.min(*found);
            }
        }
        let total = wanted.len().max(index.entry_parts(entry)) as u32;
        let share = count * 100 / total.max(1);
        if share < SIMILAR {
            continue;
        }
        let how = match how {
            How::Exact => "exact",
            How::Transliterated => "transliterated",
            _ => "typo",
        };
        let reason = Reason::SimilarName { name: entry.text.to_string(), how, share };
        let client = index.clients[entry.slot as usize].clone();
        let better = best
            .get(&client)
            .is_none_or(|current| certainty(std::slice::from_ref(&reason)) > certainty(std::slice::from_ref(current)));
        if better {
            best.insert(client, reason);
        }
    }
    best.into_iter().collect()
}
