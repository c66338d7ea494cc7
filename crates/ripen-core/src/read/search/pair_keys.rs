//! What the base's duplicate pairs group each client by, kept beside the search index
//! (which folds every name once anyway): the client's place in the base, its contacts
//! as numbers, its name as words and skeletons. Grouping a base then reads a few small
//! arrays instead of every client.

use crate::model::client::Client;
use crate::values::sort;
use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;

/// Per slot of the index.
#[derive(Debug, Default)]
pub(crate) struct PairKeys {
    /// The client's place in the state's list of clients: the base's order.
    positions: Vec<u32>,
    /// Its phones (E.164 digits) and e-mails (lower-cased), numbered in `numbers`.
    contacts: Vec<Box<[u32]>>,
    /// Its name's words, then their skeletons sorted: as many of each.
    names: Vec<Box<[u32]>>,
    numbers: HashMap<Rc<str>, u32>,
    /// The text of each contact number: digits for a phone, an address (with its `@`)
    /// for an e-mail.
    texts: Vec<Rc<str>>,
}

impl PairKeys {
    /// Keeps `client`'s keys in `slot` (a new slot is the next one); `name` is its name's
    /// words as written, each with its skeleton — no hyphenated word joined, so that
    /// "Северо Западная" groups with "Северо-Западная".
    pub(crate) fn set(&mut self, slot: u32, position: u32, client: &Client, name: impl Iterator<Item = (u32, u32)>) {
        let slot = slot as usize;
        if slot == self.positions.len() {
            self.positions.push(position);
            self.contacts.push(Box::default());
            self.names.push(Box::default());
        }
        self.positions[slot] = position;
        let phones = client.fields.phones.iter().map(|p| p.e164().to_owned());
        let emails = client.fields.emails.iter().map(|e| e.as_str().to_lowercase());
        self.contacts[slot] = phones.chain(emails).map(|text| self.number(text)).collect();
        let (mut words, mut skeletons): (Vec<u32>, Vec<u32>) = name.unzip();
        sort::sort(&mut skeletons);
        words.extend(skeletons);
        self.names[slot] = words.into();
    }

    fn number(&mut self, text: String) -> u32 {
        if let Some(&number) = self.numbers.get(text.as_str()) {
            return number;
        }
        let text: Rc<str> = text.into();
        let number = self.texts.len() as u32;
        self.numbers.insert(Rc::clone(&text), number);
        self.texts.push(text);
        number
    }

    pub(crate) fn position(&self, slot: u32) -> u32 {
        self.positions[slot as usize]
    }

    pub(crate) fn contacts(&self, slot: u32) -> &[u32] {
        &self.contacts[slot as usize]
    }

    /// How many contact numbers there are.
    pub(crate) fn contact_count(&self) -> usize {
        self.texts.len()
    }

    pub(crate) fn contact(&self, number: u32) -> &str {
        &self.texts[number as usize]
    }

    /// The name's words, in order.
    pub(crate) fn name_words(&self, slot: u32) -> &[u32] {
        let name = &self.names[slot as usize];
        &name[..name.len() / 2]
    }

    /// The name's skeletons, sorted: the words in any order and script.
    pub(crate) fn name_key(&self, slot: u32) -> &[u32] {
        let name = &self.names[slot as usize];
        &name[name.len() / 2..]
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.positions.capacity() * 4
            + self.contacts.iter().chain(&self.names).map(|k| size_of::<Box<[u32]>>() + k.len() * 4).sum::<usize>()
            + self.numbers.capacity() * (size_of::<(Rc<str>, u32)>() + 1)
            + self.texts.iter().map(|t| size_of::<Rc<str>>() + t.len() + 2 * size_of::<usize>()).sum::<usize>()
    }
}
