//! The search index: every searchable text of every live client (names, aliases, phones,
//! emails, tags, the lines of its notes, its wishes) split into folded words, with a sorted dictionary of words and one of
//! their transliteration skeletons for prefix search, kept in step with the event log.

use super::fold::{each_piece, fold, phone_digits, Piece};
use super::pair_keys::PairKeys;
use super::step_sort::StepSort;
use super::translit::skeleton;
use crate::model::client::{AliasKind, Client};
use crate::model::lead::Lead;
use crate::state::CrmState;
use crate::values::ids::ClientId;
use crate::values::sort;
use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::rc::Rc;

pub(crate) type TokenId = u32;
pub(crate) type EntryId = u32;

/// Which text of a client an entry holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Name,
    Alias {
        kind: AliasKind,
        until: Option<NaiveDate>,
    },
    Phone,
    Email,
    Tag,
    /// One line of the client's notes.
    Note,
    Wish,
    /// An answer to a show's question, or the lead's rating (`hot`, `warm`, `cold`).
    Answer,
}

impl Source {
    /// Its place in the order above, for tables by source.
    pub(crate) fn rank(&self) -> usize {
        match self {
            Self::Name => 0,
            Self::Alias { .. } => 1,
            Self::Phone => 2,
            Self::Email => 3,
            Self::Tag => 4,
            Self::Note => 5,
            Self::Wish => 6,
            Self::Answer => 7,
        }
    }
}

/// What ranking reads of an entry, in four bytes: whether it is alive, its source's rank
/// and its text's length (at most [`Brief::LONGEST`], a bound below the true length).
/// Kept beside the entries, as a compact array: a search reads it for every entry every
/// query word matches, and over a million clients an entry read each is a cache miss each.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Brief(u32);

impl Brief {
    const LONGEST: usize = (1 << 28) - 1;

    fn of(entry: &Entry) -> Self {
        let length = entry.text.len().min(Self::LONGEST) as u32;
        Self(u32::from(entry.alive) << 31 | (entry.source.rank() as u32) << 28 | length)
    }

    pub(crate) fn alive(self) -> bool {
        self.0 >> 31 == 1
    }

    pub(crate) fn source_rank(self) -> usize {
        (self.0 >> 28 & 0b111) as usize
    }

    /// The text's length, or less for a text longer than [`Brief::LONGEST`].
    pub(crate) fn length(self) -> usize {
        (self.0 & Self::LONGEST as u32) as usize
    }
}

#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) slot: u32,
    pub(crate) source: Source,
    pub(crate) text: Box<str>,
    /// Where its words lie in the index's `entry_tokens`: one vector for every entry
    /// rather than an allocation each (a base has about five entries a client).
    tokens: u32,
    token_count: u32,
    /// How many of its words are its words as written, not hyphenated words joined: what
    /// a name's agreement is counted against. Two bytes, which the entry had spare; a
    /// longer text than a name (a line of notes) may hold more, and is never counted.
    parts: u16,
    pub(crate) alive: bool,
}

#[derive(Debug)]
pub(crate) struct Token {
    /// Shared with the dictionary's key: one copy of each word.
    pub(crate) text: Rc<str>,
    pub(crate) postings: Vec<EntryId>,
    /// Its transliteration skeleton.
    pub(crate) skeleton: u32,
    /// The length of the shortest text among its entries (ever: a bound, the dead kept),
    /// so a search passes over the word's entries at once when none can make its page.
    /// Four bytes the struct had spare.
    pub(crate) shortest: u32,
}

#[derive(Debug)]
pub(crate) struct Skeleton {
    pub(crate) text: Rc<str>,
    pub(crate) tokens: Vec<TokenId>,
}

/// The index of one CRM's clients. Built from scratch — at once, or a slice at a time by
/// [`SearchIndex::step`] — then brought up to date from the events folded since, client
/// by client.
#[derive(Debug, Default)]
pub struct SearchIndex {
    synced: usize,
    /// A build from scratch under way, and the state's revision when it began (what the
    /// index is up to date with once done).
    building: Option<(Build, usize)>,
    pub(crate) clients: Vec<ClientId>,
    slots: HashMap<ClientId, u32>,
    /// Each client's entries, which are added together: the first and how many (none
    /// once it is removed).
    client_entries: Vec<(EntryId, u32)>,
    /// The words of every entry, sorted and without repeats, entry after entry.
    entry_tokens: Vec<TokenId>,
    /// What the base's duplicate pairs group each client by.
    pub(crate) pairs: PairKeys,
    pub(crate) entries: Vec<Entry>,
    /// Each entry's [`Brief`], by entry.
    pub(crate) briefs: Vec<Brief>,
    pub(crate) tokens: Vec<Token>,
    by_text: HashMap<Rc<str>, TokenId>,
    /// Token ids in the order of their text, for prefix ranges.
    pub(crate) sorted: Vec<TokenId>,
    pub(crate) skeletons: Vec<Skeleton>,
    by_skeleton: HashMap<Rc<str>, u32>,
    pub(crate) sorted_skeletons: Vec<u32>,
    /// Phone digits (E.164) and their entry.
    pub(crate) phones: Vec<(Rc<str>, EntryId)>,
    /// The same, by exact number, for duplicate checks (an import checks every row); dead
    /// entries stay until the next rebuild and are skipped by whoever reads.
    pub(crate) phone_entries: HashMap<Rc<str>, Vec<EntryId>>,
    dead: usize,
    /// A build's sort of a dictionary under way (a bounded piece per step).
    sorting: Option<StepSort>,
}

/// The words of one text, as dictionary words: as written (a hyphenated word's parts),
/// and joined.
#[derive(Debug, Default)]
struct Words {
    parts: Vec<TokenId>,
    joined: Vec<TokenId>,
}

/// Where a build from scratch stands: indexing the clients from a place in the state's
/// list, then sorting the dictionary of words, then that of skeletons.
#[derive(Debug, Clone, Copy)]
enum Build {
    Clients { next: usize },
    Words,
    Skeletons,
}

/// The numbers (below `count`) of the texts that start with `prefix`, in text order.
fn scan_prefix<'a>(count: usize, prefix: &str, text: impl Fn(&u32) -> &'a str) -> Vec<u32> {
    let mut found: Vec<u32> = (0..count as u32).filter(|n| text(n).starts_with(prefix)).collect();
    sort::sort_by(&mut found, |a, b| text(a).cmp(text(b)));
    found
}

impl SearchIndex {
    /// Brings the index up to date with `state`: from scratch the first time or after a
    /// large change, otherwise re-indexing only the clients the new events touched.
    pub fn sync(&mut self, state: &CrmState) {
        while !self.step(state, usize::MAX) {}
    }

    /// Whether the index is up to date with `state` (a search would not wait for it).
    pub fn is_ready(&self, state: &CrmState) -> bool {
        self.building.is_none() && self.synced == state.revision()
    }

    /// Does part of [`SearchIndex::sync`]: a build from scratch indexes at most `clients`
    /// clients per step (the last step also sorts the dictionaries); re-indexing what
    /// changed is one step. Returns whether the index is up to date. The state may change
    /// between steps: what changed behind a build is re-indexed once it is done.
    pub fn step(&mut self, state: &CrmState, clients: usize) -> bool {
        if self.building.is_none() {
            let total = state.revision();
            if self.synced == total {
                return true;
            }
            let fresh = total - self.synced;
            if !(self.synced == 0 || fresh > 2_000.max(self.entries.len() / 10) || self.dead > self.entries.len() / 3) {
                let touched: Vec<ClientId> = state.clients_changed_since(self.synced).map(|c| c.id.clone()).collect();
                for client in &touched {
                    self.reindex(state, client);
                }
                self.synced = total;
                return true;
            }
            *self = Self { building: Some((Build::Clients { next: 0 }, total)), ..Self::default() };
            // Sized for the base at once: growing them by doubling copies them again and again.
            let clients = state.clients.len();
            self.clients.reserve(clients);
            self.client_entries.reserve(clients);
            self.slots.reserve(clients);
        }
        let Some((build, began)) = self.building else { return true };
        // Each dictionary is sorted over several steps, a bounded piece at a time.
        let then = match build {
            Build::Clients { next } => {
                let end = next.saturating_add(clients).min(state.clients.len());
                for (position, client) in state.clients[next..end].iter().enumerate() {
                    if !client.removed {
                        self.add_client(client, state.lead(&client.id), (next + position) as u32);
                    }
                }
                if end < state.clients.len() {
                    Build::Clients { next: end }
                } else {
                    Build::Words
                }
            }
            Build::Words => {
                let tokens = &self.tokens;
                let text = |n: u32| &*tokens[n as usize].text;
                match self.sorting.get_or_insert_with(|| StepSort::new(tokens.len(), text)).step(text) {
                    Some(sorted) => {
                        (self.sorted, self.sorting) = (sorted, None);
                        Build::Skeletons
                    }
                    None => Build::Words,
                }
            }
            Build::Skeletons => {
                let skeletons = &self.skeletons;
                let text = |n: u32| &*skeletons[n as usize].text;
                match self.sorting.get_or_insert_with(|| StepSort::new(skeletons.len(), text)).step(text) {
                    Some(sorted) => (self.sorted_skeletons, self.sorting) = (sorted, None),
                    None => {
                        self.building = Some((Build::Skeletons, began));
                        return false;
                    }
                }
                // Clients added or changed meanwhile are re-indexed by the next step.
                self.building = None;
                self.synced = began;
                return self.synced == state.revision();
            }
        };
        self.building = Some((then, began));
        false
    }

    fn reindex(&mut self, state: &CrmState, id: &ClientId) {
        if let Some(&slot) = self.slots.get(id) {
            let (first, count) = std::mem::take(&mut self.client_entries[slot as usize]);
            for entry in first..first + count {
                self.entries[entry as usize].alive = false;
                self.briefs[entry as usize] = Brief::of(&self.entries[entry as usize]);
                self.dead += 1;
            }
            self.phones.retain(|(_, entry)| self.entries[*entry as usize].alive);
        }
        if let (Some(client), Some(&position)) = (state.live_client(id), state.client_index.get(id)) {
            self.add_client(client, state.lead(id), position as u32);
        }
    }

    /// Whether the client in `slot` is live (indexed: every live client has its name).
    pub(crate) fn is_live(&self, slot: u32) -> bool {
        self.client_entries[slot as usize].1 > 0
    }

    /// The words of `entry`, sorted, each once.
    pub(crate) fn entry_tokens(&self, entry: &Entry) -> &[TokenId] {
        &self.entry_tokens[entry.tokens as usize..(entry.tokens + entry.token_count) as usize]
    }

    /// How many different words `entry` has as written (its hyphenated words joined are
    /// not counted: they repeat their parts).
    pub(crate) fn entry_parts(&self, entry: &Entry) -> usize {
        entry.parts as usize
    }

    fn slot(&mut self, id: &ClientId) -> u32 {
        if let Some(&slot) = self.slots.get(id) {
            return slot;
        }
        let slot = self.clients.len() as u32;
        self.clients.push(id.clone());
        self.client_entries.push((0, 0));
        self.slots.insert(id.clone(), slot);
        slot
    }

    /// Indexes `client`, which is at `position` in the state's list, with its lead record.
    fn add_client(&mut self, client: &Client, lead: Option<&Lead>, position: u32) {
        let slot = self.slot(&client.id);
        self.client_entries[slot as usize] = (self.entries.len() as EntryId, 0);
        let name = self.words_of(client.name.as_str());
        let tokens = &self.tokens;
        self.pairs.set(slot, position, client, name.parts.iter().map(|t| (*t, tokens[*t as usize].skeleton)));
        self.add_entry(slot, Source::Name, client.name.as_str(), name);
        for alias in &client.aliases {
            let source = Source::Alias { kind: alias.kind, until: alias.until };
            let words = self.words_of(alias.name.as_str());
            self.add_entry(slot, source, alias.name.as_str(), words);
        }
        for phone in &client.fields.phones {
            let entry = self.add_entry(slot, Source::Phone, phone.display(), Words::default());
            let e164 = self
                .phone_entries
                .get_key_value(phone.e164())
                .map_or_else(|| phone.e164().into(), |(k, _)| Rc::clone(k));
            self.phones.push((Rc::clone(&e164), entry));
            self.phone_entries.entry(e164).or_default().push(entry);
        }
        for email in &client.fields.emails {
            let mut words = self.words_of(email.as_str());
            // The whole address, as a hyphenated word joined: found typed whole.
            words.joined.push(self.token(&fold(email.as_str())));
            self.add_entry(slot, Source::Email, email.as_str(), words);
        }
        for tag in &client.fields.tags {
            let words = self.words_of(tag.as_str());
            self.add_entry(slot, Source::Tag, tag.as_str(), words);
        }
        // A line at a time: every word of a query must meet in one thought, not anywhere
        // in pages of notes.
        let notes = client.fields.notes.as_ref().map_or("", |n| n.as_str());
        for line in notes.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let words = self.words_of(line);
            self.add_entry(slot, Source::Note, line, words);
        }
        for wish in &client.fields.wishes {
            let words = self.words_of(&wish.text);
            self.add_entry(slot, Source::Wish, &wish.text, words);
        }
        if let Some(lead) = lead {
            // A yes or a no says nothing without its question: the list filters those.
            let texts = lead.answers.values().map(String::as_str).filter(|a| !matches!(*a, "yes" | "no"));
            for text in texts.chain(lead.rating.map(|r| r.as_str())) {
                let words = self.words_of(text);
                self.add_entry(slot, Source::Answer, text, words);
            }
        }
    }

    /// The dictionary words of `text`, added to the dictionary as needed.
    fn words_of(&mut self, text: &str) -> Words {
        let mut words = Words::default();
        each_piece(text, |word, piece| {
            let token = self.token(word);
            match piece {
                Piece::Part => words.parts.push(token),
                Piece::Joined(_) => words.joined.push(token),
            }
        });
        words
    }

    fn add_entry(&mut self, slot: u32, source: Source, text: &str, words: Words) -> EntryId {
        let entry = self.entries.len() as EntryId;
        let Words { parts: mut tokens, joined } = words;
        sort::sort(&mut tokens);
        tokens.dedup();
        let parts = u16::try_from(tokens.len()).unwrap_or(u16::MAX);
        if !joined.is_empty() {
            tokens.extend(joined);
            sort::sort(&mut tokens);
            tokens.dedup();
        }
        for &token in &tokens {
            let token = &mut self.tokens[token as usize];
            token.postings.push(entry);
            token.shortest = token.shortest.min(u32::try_from(text.len()).unwrap_or(u32::MAX));
        }
        let (at, count) = (self.entry_tokens.len() as u32, tokens.len() as u32);
        self.entry_tokens.extend_from_slice(&tokens);
        let text = text.into();
        let added = Entry { slot, source, text, tokens: at, token_count: count, parts, alive: true };
        self.briefs.push(Brief::of(&added));
        self.entries.push(added);
        // A client's entries are added one after another (see `add_client`).
        self.client_entries[slot as usize].1 += 1;
        entry
    }

    fn token(&mut self, text: &str) -> TokenId {
        if let Some(&id) = self.by_text.get(text) {
            return id;
        }
        let id = self.tokens.len() as TokenId;
        let skeleton = self.skeleton(skeleton(text), id);
        let text: Rc<str> = text.into();
        self.by_text.insert(Rc::clone(&text), id);
        self.tokens.push(Token { text, postings: Vec::new(), skeleton, shortest: u32::MAX });
        if self.building.is_none() {
            let tokens = &self.tokens;
            let at = self.sorted.partition_point(|t| tokens[*t as usize].text < tokens[id as usize].text);
            self.sorted.insert(at, id);
        }
        id
    }

    fn skeleton(&mut self, text: String, token: TokenId) -> u32 {
        if let Some(&id) = self.by_skeleton.get(text.as_str()) {
            self.skeletons[id as usize].tokens.push(token);
            return id;
        }
        let id = self.skeletons.len() as u32;
        let text: Rc<str> = text.into();
        self.by_skeleton.insert(Rc::clone(&text), id);
        self.skeletons.push(Skeleton { text, tokens: vec![token] });
        if self.building.is_none() {
            let skeletons = &self.skeletons;
            let at =
                self.sorted_skeletons.partition_point(|s| skeletons[*s as usize].text < skeletons[id as usize].text);
            self.sorted_skeletons.insert(at, id);
        }
        id
    }

    pub(crate) fn slot_of(&self, client: &ClientId) -> Option<u32> {
        self.slots.get(client).copied()
    }

    pub(crate) fn token_id(&self, text: &str) -> Option<TokenId> {
        self.by_text.get(text).copied()
    }

    pub(crate) fn skeleton_id(&self, text: &str) -> Option<u32> {
        self.by_skeleton.get(text).copied()
    }

    /// Tokens whose text starts with `prefix`, in text order. While a build is under way
    /// the dictionary is not sorted yet: its words are scanned instead (a search over the
    /// part already built, see [`SearchIndex::coverage`]).
    pub(crate) fn with_prefix(&self, prefix: &str) -> Cow<'_, [TokenId]> {
        let text = |t: &TokenId| &*self.tokens[*t as usize].text;
        if self.sorted.len() < self.tokens.len() {
            return Cow::Owned(scan_prefix(self.tokens.len(), prefix, text));
        }
        let start = self.sorted.partition_point(|t| text(t) < prefix);
        let end = start + self.sorted[start..].partition_point(|t| text(t).starts_with(prefix));
        Cow::Borrowed(&self.sorted[start..end])
    }

    /// Skeletons that start with `prefix` (scanned while a build is under way).
    pub(crate) fn skeletons_with_prefix(&self, prefix: &str) -> Cow<'_, [u32]> {
        let text = |s: &u32| &*self.skeletons[*s as usize].text;
        if self.sorted_skeletons.len() < self.skeletons.len() {
            return Cow::Owned(scan_prefix(self.skeletons.len(), prefix, text));
        }
        let start = self.sorted_skeletons.partition_point(|s| text(s) < prefix);
        let end = start + self.sorted_skeletons[start..].partition_point(|s| text(s).starts_with(prefix));
        Cow::Borrowed(&self.sorted_skeletons[start..end])
    }

    /// While a build from scratch is under way, how many of the state's clients it has
    /// indexed so far and how many there are (`None` once none is: the index holds every
    /// client, though it may still have to catch up with the latest changes).
    pub fn coverage(&self, state: &CrmState) -> Option<(usize, usize)> {
        let total = state.clients.len();
        match self.building {
            Some((Build::Clients { next }, _)) => Some((next, total)),
            Some(_) => Some((total, total)),
            None => None,
        }
    }

    /// An estimate of the heap the index holds, in bytes: what its vectors, strings and
    /// maps have reserved (hash maps counted at their capacity with one control byte; a
    /// shared text once, with its two counts).
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let map = |len: usize, entry: usize| len * (entry + 1);
        let shared = |text: &str| text.len() + 2 * size_of::<usize>();
        let entries: usize = self.entries.iter().map(|e| size_of::<Entry>() + e.text.len()).sum::<usize>()
            + self.entry_tokens.capacity() * 4
            + self.briefs.capacity() * size_of::<Brief>();
        let tokens: usize =
            self.tokens.iter().map(|t| size_of::<Token>() + shared(&t.text) + t.postings.capacity() * 4).sum();
        let skeletons: usize =
            self.skeletons.iter().map(|s| size_of::<Skeleton>() + shared(&s.text) + s.tokens.capacity() * 4).sum();
        entries
            + tokens
            + skeletons
            + map(self.by_text.capacity(), size_of::<(Rc<str>, TokenId)>())
            + map(self.by_skeleton.capacity(), size_of::<(Rc<str>, u32)>())
            + map(self.slots.capacity(), size_of::<(ClientId, u32)>())
            + self.clients.capacity() * size_of::<ClientId>()
            + self.client_entries.capacity() * size_of::<(EntryId, u32)>()
            + self.pairs.heap_bytes()
            + (self.sorted.capacity() + self.sorted_skeletons.capacity()) * 4
            + self.phones.capacity() * size_of::<(Rc<str>, EntryId)>()
            + map(self.phone_entries.capacity(), size_of::<(Rc<str>, Vec<EntryId>)>())
            + self.phone_entries.iter().map(|(k, v)| shared(k) + v.capacity() * 4).sum::<usize>()
    }

    /// How many clients, entries and distinct words the index holds.
    pub fn stats(&self) -> (usize, usize, usize) {
        (self.clients.len(), self.entries.len() - self.dead, self.tokens.len())
    }

    /// The digits of `query` if it reads as part of a phone number.
    pub(crate) fn phone_query(query: &str) -> Option<String> {
        phone_digits(query).filter(|d| d.len() >= 3)
    }
}
