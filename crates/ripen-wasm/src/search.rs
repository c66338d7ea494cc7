//! `Crm` calls about finding clients: search by any name, phone, email or tag.

use crate::boundary::{self, Size};
use crate::crm::Crm;
use crate::dto::{self, ClientInput, ClientView, SearchOptions};
use crate::error::FacadeError;
use crate::js;
use ripen_core::search::{Matched, Reason};
use ripen_json::{FromJson, ToJson};
use wasm_bindgen::prelude::*;

/// A client a draft may be, as `findDuplicates` (and `readScan`) answer it.
#[derive(ToJson)]
pub(crate) struct DuplicateView<'a> {
    client: ClientView<'a>,
    score: u32,
    reasons: &'a [Reason],
}

/// The duplicates found, each with the client as the user sees it.
pub(crate) fn duplicate_views<'a>(
    state: &'a ripen_core::CrmState,
    found: &'a [ripen_core::search::Duplicate],
) -> Vec<DuplicateView<'a>> {
    found
        .iter()
        .filter_map(|d| {
            Some(DuplicateView { client: ClientView::from(state.client(&d.client)?), score: d.score, reasons: &d.reasons })
        })
        .collect()
}

#[derive(ToJson)]
struct PairView<'a> {
    a: ClientView<'a>,
    b: ClientView<'a>,
    score: u32,
    reasons: &'a [Reason],
}

/// `{ limit }`, between 1 and 1,000 (`default` unless given).
#[derive(Debug, Default, FromJson)]
#[json(deny_unknown_fields)]
struct LimitOptions {
    limit: Option<usize>,
}

impl LimitOptions {
    fn limit(&self, default: usize) -> Result<usize, FacadeError> {
        dto::limit(self.limit, default)
    }
}

#[derive(ToJson)]
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
    /// tags }, wait = false }`. Right after a big base opens, its search index is still
    /// being built in the background (a second or two for 100,000 clients): a search then
    /// answers at once from the clients indexed so far, and the array's `complete` is
    /// `false` (ask again shortly); `wait: true` waits for the whole index instead.
    #[wasm_bindgen(unchecked_return_type = "SearchResults")]
    pub fn search(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SearchOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let query = boundary::short_text("query", &query)?;
            let query = dto::query(&query)?;
            let options: SearchOptions = boundary::options("options", options.as_ref())?;
            let wait = options.wait;
            let (limit, filter) = options.parse()?;
            let (found, coverage) = if wait {
                (engine.search(query, limit, &filter), None)
            } else {
                crate::search_warmup::help_along(engine);
                engine.search_now(query, limit, &filter)
            };
            let state = engine.state();
            let hits: Vec<Hit<'_>> = found
                .iter()
                .filter_map(|hit| {
                    let client = state.client(&hit.client)?;
                    Some(Hit { client: ClientView::from(client), score: hit.score, matched: &hit.matched })
                })
                .collect();
            let results = js::to_js(&hits);
            let complete = coverage.is_none();
            // Not enumerable: the array still compares, spreads and serialises as the hits.
            let property = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&property, &"value".into(), &complete.into());
            if let Some(array) = results.dyn_ref::<js_sys::Object>() {
                js_sys::Object::define_property(array, &"complete".into(), &property);
            }
            Ok(results)
        })
    }

    /// Clients that may be the same as a client being typed (`{ name?, phones?, emails?,
    /// … }`): the same phone or email, or a similar name in either script; most likely
    /// first, each with a `score` (0–100) and its `reasons`. Only clients the user sees.
    #[wasm_bindgen(js_name = findDuplicates, unchecked_return_type = "Duplicate[]")]
    pub fn find_duplicates(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Partial<ClientInput>")] draft: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ limit?: number }")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let (name, fields) = boundary::object::<ClientInput>("draft", &draft, Size::OBJECT)?.in_region(self.region).into_draft()?;
            let limit = boundary::options::<LimitOptions>("options", options.as_ref())?.limit(10)?;
            let found = engine.find_duplicates(name.as_ref(), &fields, limit);
            let state = engine.state();
            Ok(js::to_js(&duplicate_views(&state, &found)))
        })
    }

    /// Probable duplicate pairs across the clients the user sees: the same phone or
    /// email, or the same name once transliterated and reordered; most likely first.
    #[wasm_bindgen(unchecked_return_type = "DuplicatePair[]")]
    pub fn duplicates(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "{ limit?: number }")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let limit = boundary::options::<LimitOptions>("options", options.as_ref())?.limit(100)?;
            let pairs = engine.duplicate_pairs(limit);
            let state = engine.state();
            let views: Vec<PairView<'_>> = pairs
                .iter()
                .filter_map(|p| {
                    Some(PairView {
                        a: ClientView::from(state.client(&p.a)?),
                        b: ClientView::from(state.client(&p.b)?),
                        score: p.score,
                        reasons: &p.reasons,
                    })
                })
                .collect();
            Ok(js::to_js(&views))
        })
    }
}
