//! Answering a search: each query word is matched against the dictionary (exactly, as a
//! prefix, through the transliteration skeleton, with typos), every word must match the
//! same text of a client, and clients are ranked by their best text.

use super::best::{Best, Held};
use super::fold::{each_piece, fold, Piece};
use super::fuzzy::within_prefix_distance;
pub use super::how::How;
use super::index::{EntryId, SearchIndex, Source, TokenId};
use super::translit::{is_one_run, skeleton, skeleton_and_sounds, without_last_glide};
use crate::model::client::{Client, ClientKind};
use crate::model::lead::Rating;
use crate::model::relationship::RelationKind;
use crate::state::CrmState;
use crate::values::ids::{ClientId, ShowId, UserId};
use crate::values::sort;
use crate::values::{Label, Tag};
use chrono::Datelike as _;
// Looked up per word of every entry a query walks: a fast hash, not SipHash.
use rustc_hash::FxHashMap as HashMap;

/// What matched, for the result list: "former name until 2024".
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct Matched {
    /// `name`, `alias`, `phone`, `email`, `tag`, `note` (a line of the notes), `wish`, or
    /// `employer` (a person found by the company they work at).
    pub field: &'static str,
    /// For an alias: its kind.
    #[json(skip_serializing_if = "Option::is_none")]
    pub kind: Option<crate::model::client::AliasKind>,
    /// The text that matched, as the client has it (of a long note or wish, the part
    /// around the words found).
    pub text: String,
    /// `exact`, `prefix`, `transliterated`, `transliterated_prefix`, `typo` or `digits`.
    pub how: &'static str,
    /// In words: "former name until 2024", "latin alias", "works at Сибмоторс".
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
pub struct SearchHit {
    pub client: ClientId,
    /// Higher is better; only the order is meaningful.
    pub score: u32,
    pub matched: Matched,
}

/// Narrows a search to clients with these properties (all given must hold).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFilter {
    pub kind: Option<ClientKind>,
    pub owner: Option<UserId>,
    pub region: Option<Label>,
    pub tags: Vec<Tag>,
    /// Leads met at this show.
    pub show: Option<ShowId>,
    /// Leads rated so.
    pub rating: Option<Rating>,
}

impl SearchFilter {
    fn passes(&self, state: &CrmState, client: &Client) -> bool {
        crate::read::stand::lead_passes(state, &client.id, self.show.as_ref(), self.rating)
            && self.passes_fields(client)
    }

    fn passes_fields(&self, client: &Client) -> bool {
        self.kind.is_none_or(|k| client.kind() == k)
            && self.owner.as_ref().is_none_or(|o| client.owner.as_ref() == Some(o))
            && self.region.as_ref().is_none_or(|r| client.fields.region.as_ref() == Some(r))
            && (self.tags.is_empty() || self.tags.iter().any(|t| client.fields.tags.contains(t)))
    }
}

/// Each source's scores (in the order of `Source::rank`) for an exact match, a prefix,
/// a transliteration, a transliterated prefix and a typo.
const SCORES: [[u32; 5]; 8] = [
    [100, 90, 65, 60, 40], // name
    [80, 75, 58, 55, 38],  // alias
    [95, 90, 0, 0, 0],     // phone
    [70, 66, 50, 48, 30],  // email
    [50, 45, 44, 43, 28],  // tag
    // Below any name: a client named so is what a rep looks for first.
    [35, 32, 25, 24, 0], // a line of notes
    [36, 33, 26, 25, 0], // wish
    [34, 31, 24, 23, 0], // answer
];

fn score(source_rank: usize, how: How) -> u32 {
    let column = match how {
        How::Exact => 0,
        How::Prefix => 1,
        How::Transliterated => 2,
        How::TransliteratedPrefix => 3,
        How::Typo => 4,
    };
    SCORES[source_rank][column]
}

const EMPLOYER: u32 = 30;

/// The dictionary words one query word matches exactly, as a prefix or through the
/// skeleton, each with its best `How`.
pub(crate) fn matches(index: &SearchIndex, word: &str) -> HashMap<TokenId, How> {
    // "сссс" or "aaaa" is a keyboard mashed, not a name spelled: its skeleton is one
    // letter, which begins half the base. Only a word with that very run is meant.
    matches_as(index, word, is_one_run(word))
}

/// [`matches`], only as written when `literally` (exactly or as the start of a word).
fn matches_as(index: &SearchIndex, word: &str, literally: bool) -> HashMap<TokenId, How> {
    let mut found: HashMap<TokenId, How> = HashMap::default();
    let mut note = |token: TokenId, how: How| {
        let best = found.entry(token).or_insert(how);
        *best = (*best).max(how);
    };
    if let Some(token) = index.token_id(word) {
        note(token, How::Exact);
    }
    let chars = word.chars().count();
    if chars >= 2 {
        for &token in index.with_prefix(word).iter() {
            note(token, How::Prefix);
        }
    }
    if literally {
        return found;
    }
    let key = skeleton(word);
    if let Some(id) = index.skeleton_id(&key) {
        for &token in &index.skeletons[id as usize].tokens {
            note(token, How::Transliterated);
        }
    }
    if chars >= 3 {
        let shorter = without_last_glide(word);
        // The shorter key's range holds the word's own when it begins it.
        let own = shorter.as_deref().is_none_or(|shorter| !key.starts_with(shorter)).then_some(key.as_str());
        for prefix in own.into_iter().chain(shorter.as_deref()) {
            for &id in index.skeletons_with_prefix(prefix).iter() {
                for &token in &index.skeletons[id as usize].tokens {
                    note(token, How::TransliteratedPrefix);
                }
            }
        }
    }
    found
}

/// A query's words as written (a hyphenated word's parts), each to be matched, and its
/// hyphenated words joined, each with the parts it joins. Every part must match; a part
/// also matches what its word joined matches, so "Северо-Западная" finds "Северозападная"
/// as well as "Северо Западная".
pub(crate) struct QueryWords {
    pub(crate) parts: Vec<String>,
    joined: Vec<(String, std::ops::Range<usize>)>,
}

impl QueryWords {
    pub(crate) fn of(text: &str) -> Self {
        let (mut parts, mut joined) = (Vec::new(), Vec::new());
        each_piece(text, |word, piece| match piece {
            Piece::Part => parts.push(word.to_owned()),
            Piece::Joined(n) => joined.push((word.to_owned(), parts.len() - n..parts.len())),
        });
        Self { parts, joined }
    }

    /// What each part matches, by [`matches`].
    pub(crate) fn matches(&self, index: &SearchIndex) -> Vec<HashMap<TokenId, How>> {
        let mut sets: Vec<_> = self.parts.iter().map(|part| matches(index, part)).collect();
        for (word, parts) in &self.joined {
            merge(&matches_as(index, word, self.literally(word, parts)), &mut sets[parts.clone()]);
        }
        sets
    }

    /// Adds each part's typos to `sets`, by [`add_typos`].
    pub(crate) fn add_typos(&self, index: &SearchIndex, sets: &mut [HashMap<TokenId, How>]) {
        for (set, part) in sets.iter_mut().zip(&self.parts) {
            add_typos(index, part, set);
        }
        for (word, parts) in self.joined.iter().filter(|(word, parts)| !self.literally(word, parts)) {
            let mut typos = HashMap::default();
            add_typos(index, word, &mut typos);
            merge(&typos, &mut sets[parts.clone()]);
        }
    }

    /// Whether `word`, joined from `parts`, is matched only as written: a run of one letter
    /// ("сс-сс", "с-с") lends a skeleton through the parts joined no more than alone.
    fn literally(&self, word: &str, parts: &std::ops::Range<usize>) -> bool {
        is_one_run(word) || self.parts[parts.clone()].iter().any(|part| is_one_run(part))
    }
}

/// Adds what a joined word matches to what each of its parts does, keeping the better way.
fn merge(joined: &HashMap<TokenId, How>, parts: &mut [HashMap<TokenId, How>]) {
    for set in parts {
        for (&token, &how) in joined {
            let best = set.entry(token).or_insert(how);
            *best = (*best).max(how);
        }
    }
}

/// Adds to `found` the dictionary words `word` matches only with a typo or two (one from
/// five sounds of its skeleton, two from eight). A scan of every skeleton: run only when
/// the better matches leave room in the results.
pub(crate) fn add_typos(index: &SearchIndex, word: &str, found: &mut HashMap<TokenId, How>) {
    if is_one_run(word) {
        return;
    }
    let (key, sounds) = skeleton_and_sounds(word);
    if sounds < 5 {
        return;
    }
    let allowed = if sounds >= 8 { 2 } else { 1 };
    for candidate in &index.skeletons {
        if within_prefix_distance(&key, &candidate.text, allowed) {
            for &token in &candidate.tokens {
                // A typo is the weakest match: never over a better one.
                found.entry(token).or_insert(How::Typo);
            }
        }
    }
}

fn note(source: &Source, how: How, text: &str) -> String {
    let via = match how {
        How::Transliterated | How::TransliteratedPrefix => " (another script or spelling)",
        How::Typo => " (with a typo)",
        _ => "",
    };
    let what = match source {
        Source::Name => "name".to_owned(),
        Source::Alias { kind, until } => match (kind, until) {
            (crate::model::client::AliasKind::Former, Some(until)) => {
                format!("former name until {}", until.year())
            }
            (crate::model::client::AliasKind::Former, None) => "former name".to_owned(),
            (crate::model::client::AliasKind::Duplicate, _) => "name of a merged duplicate".to_owned(),
            (kind, _) => format!("{} alias", kind.as_str().replace('_', " ")),
        },
        Source::Phone => "phone".to_owned(),
        Source::Email => "email".to_owned(),
        Source::Tag => format!("tag {text}"),
        Source::Note => "notes".to_owned(),
        Source::Wish => "wish".to_owned(),
        Source::Answer => format!("answer {text}"),
    };
    format!("{what}{via}")
}

fn how_name(source: &Source, how: How) -> &'static str {
    match (source, how) {
        (Source::Phone, _) => "digits",
        (_, How::Exact) => "exact",
        (_, How::Prefix) => "prefix",
        (_, How::Transliterated) => "transliterated",
        (_, How::TransliteratedPrefix) => "transliterated_prefix",
        (_, How::Typo) => "typo",
    }
}

fn matched(index: &SearchIndex, entry: EntryId, how: How, words: &[String]) -> Matched {
    let entry = &index.entries[entry as usize];
    let (field, kind) = match &entry.source {
        Source::Name => ("name", None),
        Source::Alias { kind, .. } => ("alias", Some(*kind)),
        Source::Phone => ("phone", None),
        Source::Email => ("email", None),
        Source::Tag => ("tag", None),
        Source::Note => ("note", None),
        Source::Wish => ("wish", None),
        Source::Answer => ("answer", None),
    };
    let text = match entry.source {
        Source::Note | Source::Wish => snippet(&entry.text, words),
        _ => entry.text.to_string(),
    };
    Matched { field, kind, text, how: how_name(&entry.source, how), note: note(&entry.source, how, &entry.text) }
}

/// The part of a long text around the first word a query word begins (the start when
/// none does, as with a transliterated match), cut at words and marked "…" where cut.
fn snippet(text: &str, words: &[String]) -> String {
    const BEFORE: usize = 30;
    const WIDTH: usize = 100;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    if chars.len() <= WIDTH {
        return text.to_owned();
    }
    let starts_word = |i: usize| chars[i].1.is_alphanumeric() && (i == 0 || !chars[i - 1].1.is_alphanumeric());
    let hit = (0..chars.len()).filter(|&i| starts_word(i)).find(|&i| {
        let end = (i..chars.len()).find(|&j| !chars[j].1.is_alphanumeric()).unwrap_or(chars.len());
        let byte_end = chars.get(end).map_or(text.len(), |c| c.0);
        let word = fold(&text[chars[i].0..byte_end]);
        words.iter().any(|w| word.starts_with(w.as_str()))
    });
    let mut from = hit.map_or(0, |i| i.saturating_sub(BEFORE));
    while from > 0 && !starts_word(from) {
        from += 1;
    }
    let mut to = (from + WIDTH).min(chars.len());
    let cut = to;
    while to < chars.len() && to > from + 1 && chars[to].1.is_alphanumeric() {
        to -= 1;
    }
    if to <= from + 1 {
        to = cut;
    }
    let byte = |i: usize| chars.get(i).map_or(text.len(), |c| c.0);
    let body = text[byte(from)..byte(to)].trim();
    let (lead, tail) = (if from > 0 { "…" } else { "" }, if to < chars.len() { "…" } else { "" });
    format!("{lead}{body}{tail}")
}

/// A client found, before its explanation is written: through one of its own texts, or
/// through the company (by slot) it works at.
#[derive(Debug, Clone, Copy)]
struct Found {
    score: u32,
    length: usize,
    slot: u32,
    entry: EntryId,
    how: How,
    employer: Option<u32>,
}

fn rank(found: &mut Vec<Found>, keep: usize) {
    let order = |a: &Found, b: &Found| b.score.cmp(&a.score).then(a.length.cmp(&b.length)).then(a.slot.cmp(&b.slot));
    sort::keep_first(found, keep, order);
}

/// Runs `query` against `index` (already in step with `state`): the best `limit` clients
/// that `visible` lets through (all, when `None`) and `filter` accepts, best first.
pub fn search(
    index: &SearchIndex,
    state: &CrmState,
    query: &str,
    limit: usize,
    filter: &SearchFilter,
    visible: Option<&dyn Fn(&Client) -> bool>,
) -> Vec<SearchHit> {
    let unfiltered = visible.is_none() && *filter == SearchFilter::default();
    let admit = |slot: u32| {
        unfiltered
            || state
                .live_client(&index.clients[slot as usize])
                .is_some_and(|c| filter.passes(state, c) && visible.is_none_or(|v| v(c)))
    };
    let mut best = Best::new(limit.max(EMPLOYER_SOURCES), &admit);
    if let Some(digits) = SearchIndex::phone_query(query) {
        phone_hits(index, &digits, &mut best);
    }
    let query_words = QueryWords::of(query);
    let words = &query_words.parts;
    if !words.is_empty() {
        let mut sets = query_words.matches(index);
        entry_hits(index, &sets, &mut best);
        if best.len() < limit {
            query_words.add_typos(index, &mut sets);
            entry_hits(index, &sets, &mut best);
        }
    }
    let mut found: Vec<Found> = best
        .into_held()
        .map(|(slot, held)| Found {
            score: held.score,
            length: held.length,
            slot,
            entry: held.entry,
            how: held.how,
            employer: None,
        })
        .collect();
    rank(&mut found, limit.max(EMPLOYER_SOURCES));
    employees(index, state, &mut found, &admit);
    rank(&mut found, limit);
    found
        .into_iter()
        .map(|f| SearchHit {
            client: index.clients[f.slot as usize].clone(),
            score: f.score,
            matched: match f.employer {
                None => matched(index, f.entry, f.how, words),
                Some(company) => {
                    let company = &index.clients[company as usize];
                    let name = state.client(company).map(|c| c.name.to_string()).unwrap_or_default();
                    let how = how_name(&index.entries[f.entry as usize].source, f.how);
                    Matched { field: "employer", kind: None, note: format!("works at {name}"), text: name, how }
                }
            },
        })
        .collect()
}

/// How many of the best companies lend their employees to the results.
const EMPLOYER_SOURCES: usize = 50;

/// Entries where every query word matches a word: scored by the weakest match.
fn entry_hits(index: &SearchIndex, sets: &[HashMap<TokenId, How>], best: &mut Best<'_>) {
    super::intersect::each_entry(index, sets, &mut Offers { index, best });
}

/// The entries found, offered to a search's best.
struct Offers<'i, 'b, 'a> {
    index: &'i SearchIndex,
    best: &'b mut Best<'a>,
}

impl super::intersect::Hits for Offers<'_, '_, '_> {
    fn worth(&self, how: How, shortest: usize) -> bool {
        // No entry scores more than a name would, matched so.
        self.best.may_matter(score(Source::Name.rank(), how), shortest)
    }

    fn hit(&mut self, entry_id: EntryId, weakest: How) {
        // The entry's brief first: the entry itself only when it may make the results.
        let brief = self.index.briefs[entry_id as usize];
        let (source, score) = (brief.source_rank(), score(brief.source_rank(), weakest));
        // Free text is full of near-misses: a typo there finds noise, not the client.
        let free_text = source >= Source::Note.rank();
        if !brief.alive() || (free_text && weakest == How::Typo) || !self.best.may_matter(score, brief.length()) {
            return;
        }
        let entry = &self.index.entries[entry_id as usize];
        self.best.offer(entry.slot, Held { score, length: entry.text.len(), entry: entry_id, how: weakest });
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod reference;

/// Phones whose digits start with the query's (the Russian trunk 8 read as 7), whose
/// national part does, or (from four digits) that contain them.
fn phone_hits(index: &SearchIndex, digits: &str, best: &mut Best<'_>) {
    let trunk = digits.strip_prefix('8').filter(|rest| !rest.is_empty()).map(|rest| format!("7{rest}"));
    for (e164, entry) in &index.phones {
        let entry_ref = &index.entries[*entry as usize];
        if !entry_ref.alive {
            continue;
        }
        let full = e164.starts_with(digits) || trunk.as_deref().is_some_and(|t| e164.starts_with(t));
        let national = (1..=3).any(|i| e164.get(i..).is_some_and(|rest| rest.starts_with(digits)));
        let score = if full || national {
            if &**e164 == digits || trunk.as_deref() == Some(&**e164) {
                96
            } else {
                92
            }
        } else if digits.len() >= 4 && e164.contains(digits) {
            70
        } else {
            continue;
        };
        best.offer(entry_ref.slot, Held { score, length: entry_ref.text.len(), entry: *entry, how: How::Exact });
    }
}

/// People who work at one of the best companies found, below every direct match.
fn employees(index: &SearchIndex, state: &CrmState, found: &mut Vec<Found>, admit: &dyn Fn(u32) -> bool) {
    let mut extra = Vec::new();
    for company in found.iter().filter(|f| f.employer.is_none()).take(EMPLOYER_SOURCES) {
        let id = &index.clients[company.slot as usize];
        if state.live_client(id).is_none_or(|c| c.kind() != ClientKind::Company) {
            continue;
        }
        for link in state.relationships.of_client(id) {
            if link.kind != RelationKind::Employee || link.from != *id || link.ended.is_some() {
                continue;
            }
            let Some(person) = index.slot_of(&link.to) else { continue };
            let listed = found.iter().chain(&extra).any(|f| f.slot == person);
            if listed || !admit(person) {
                continue;
            }
            extra.push(Found { score: EMPLOYER, employer: Some(company.slot), slot: person, ..*company });
        }
    }
    found.extend(extra);
}
