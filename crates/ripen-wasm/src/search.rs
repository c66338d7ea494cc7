//! `Crm` calls about finding clients: search by any name, phone, email or tag.

use crate::crm::Crm;
use crate::dto::{ClientView, SearchOptions};
use crate::js;
use ripen_core::search::Matched;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
struct Hit<'a> {
    client: ClientView<'a>,
    score: u32,
    matched: &'a Matched,
}

#[wasm_bindgen]
impl Crm {
    /// Finds clients by a fragment of any name they ever had (current, former, aliases,
    /// a person's name in any word order, the company a person works at), in Cyrillic or
    /// Latin under any common romanisation, with a typo or two in longer words; or by
    /// phone digits in any formatting, email or tag. Best first, each hit saying what
    /// matched; only clients the user sees. `{ limit = 20, filter: { kind, owner, region,
    /// tags } }`.
    #[wasm_bindgen(unchecked_return_type = "SearchHit[]")]
    pub fn search(
        &self,
        query: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "SearchOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let options: SearchOptions = js::options_from_js("search", options)?;
            let (limit, filter) = options.parse()?;
            let found = engine.search(query, limit, &filter);
            let state = engine.state();
            let hits: Vec<Hit<'_>> = found
                .iter()
                .filter_map(|hit| {
                    let client = state.client(&hit.client)?;
                    Some(Hit { client: ClientView::from(client), score: hit.score, matched: &hit.matched })
                })
                .collect();
            Ok(js::to_js_via_json(&hits))
        })
    }
}
