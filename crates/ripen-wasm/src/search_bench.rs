//! The wasm half of the search benchmark (`cargo xtask bench`): the synthetic book, its
//! index, and one search per call, so the page can time each keystroke. Not part of the
//! API and left out of the typings.

use ripen_core::search::{search, SearchFilter, SearchIndex};
use ripen_core::{synthetic, ClientId, CrmState};
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(skip_typescript)]
#[derive(Debug)]
pub struct SearchBench {
    state: CrmState,
    index: SearchIndex,
    book: synthetic::SearchBook,
    order: HashMap<ClientId, u32>,
}

#[wasm_bindgen]
impl SearchBench {
    /// Folds the book of `clients` clients; the index is built by `build`.
    #[wasm_bindgen(constructor)]
    pub fn new(clients: u32) -> SearchBench {
        crate::normalize::install();
        let mut book = synthetic::search_book(clients as usize);
        let state = CrmState::fold(std::mem::take(&mut book.events));
        let order = state.all_clients().enumerate().map(|(i, c)| (c.id.clone(), i as u32)).collect();
        SearchBench { state, index: SearchIndex::default(), book, order }
    }

    pub fn build(&mut self) {
        self.index.sync(&self.state);
    }

    /// `[[name, latin alias, former name], …]` as JSON, for MiniSearch.
    pub fn names(&self) -> String {
        ripen_json::to_string(&self.book.names)
    }

    /// Every keystroke, as a JSON array of strings.
    pub fn keystrokes(&self) -> String {
        ripen_json::to_string(&self.book.keystrokes)
    }

    /// `[[client number, typed name], …]` as JSON.
    pub fn targets(&self) -> String {
        ripen_json::to_string(&self.book.targets)
    }

    /// Searches `query` (20 results): the number of the first client found, or -1.
    pub fn search(&self, query: &str) -> i32 {
        let hits = search(&self.index, &self.state, query, 20, &SearchFilter::default(), None);
        hits.first().and_then(|h| self.order.get(&h.client)).map_or(-1, |&i| i as i32)
    }

    /// The index's estimated heap, in bytes.
    #[wasm_bindgen(js_name = heapBytes)]
    pub fn heap_bytes(&self) -> f64 {
        self.index.heap_bytes() as f64
    }
}
