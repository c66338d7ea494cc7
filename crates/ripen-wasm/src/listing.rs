//! `Crm.clients`: the client list a page at a time, so a page never materialises every
//! client on a redraw.

use crate::boundary;
use crate::crm::Crm;
use crate::dto::{self, ClientView};
use crate::error::FacadeError;
use crate::js;
use ripen_core::listing::{ListingFilter, ListingQuery, ListingSort};
use ripen_json::{FromJson, ToJson};
use wasm_bindgen::prelude::*;

/// A page when none is asked for.
const DEFAULT_PAGE: usize = 50;

/// `{ after?, limit?, sort?, filter? }` as JS gives it.
#[derive(Debug, Default, FromJson)]
#[json(deny_unknown_fields)]
struct ClientsOptions {
    after: Option<String>,
    limit: Option<usize>,
    sort: Option<String>,
    #[json(default)]
    filter: FilterInput,
}

/// The client list's filter as JS gives it (`clients`' `filter`, a campaign's `segment`).
#[derive(Debug, Default, FromJson)]
#[json(deny_unknown_fields)]
pub(crate) struct FilterInput {
    owner: Option<String>,
    region: Option<String>,
    tag: Option<String>,
    stage: Option<StageInput>,
    show: Option<String>,
    rating: Option<String>,
}

#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
struct StageInput {
    pipeline: String,
    stage: String,
}

impl ClientsOptions {
    fn parse(self) -> Result<ListingQuery, FacadeError> {
        let filter = self.filter.parse()?;
        let sort = match self.sort.as_deref() {
            Some(sort) => sort.parse::<ListingSort>()?,
            None => ListingSort::Newest,
        };
        let limit = self.limit.unwrap_or(DEFAULT_PAGE);
        Ok(ListingQuery { after: self.after, limit, sort, filter })
    }
}

impl FilterInput {
    /// The filter, each bad value refused naming its field within `filter`.
    pub(crate) fn parse(self) -> Result<ListingFilter, FacadeError> {
        let within = |e: ripen_core::ValidationError| e.within("filter");
        Ok(ListingFilter {
            owner: self.owner.as_deref().map(|o| dto::parse_id("owner", o)).transpose().map_err(in_filter)?,
            region: self.region.as_deref().map(str::parse).transpose().map_err(within)?,
            tag: self.tag.as_deref().map(str::parse).transpose().map_err(within)?,
            stage: match self.stage {
                Some(s) => Some((
                    s.pipeline.parse().map_err(|e: ripen_core::ValidationError| e.within("filter.stage"))?,
                    s.stage.parse().map_err(|e: ripen_core::ValidationError| e.within("filter.stage"))?,
                )),
                None => None,
            },
            show: self.show.as_deref().map(|s| dto::parse_id("show", s)).transpose().map_err(in_filter)?,
            rating: self.rating.as_deref().map(str::parse).transpose().map_err(within)?,
        })
    }
}

fn in_filter(error: FacadeError) -> FacadeError {
    match error {
        FacadeError::Validation(e) => FacadeError::Validation(e.within("filter")),
        other => other,
    }
}

#[derive(ToJson)]
struct Page<'a> {
    items: Vec<ClientView<'a>>,
    next: Option<String>,
    total: usize,
}

#[wasm_bindgen]
impl Crm {
    /// One page of the clients the user sees (removed ones left out): `{ items, next,
    /// total }`. `sort` is "newest" (the default: the latest added first), "oldest" or
    /// "name"; `limit` 1–500 (50 unless given); `filter` `{ owner, region, tag, stage:
    /// { pipeline, stage }, show, rating }` (`show`, `rating`: leads met at a show, rated so); `after` the `next` of the page before (`null` on the last
    /// page). `total` counts every client the filter lets through. For a text query, use
    /// `search`.
    #[wasm_bindgen(unchecked_return_type = "ClientsPage")]
    pub fn clients(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ClientsOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let options: ClientsOptions = boundary::options("options", options.as_ref())?;
            let query = options.parse().map_err(|e| match e {
                FacadeError::Validation(v) => FacadeError::Validation(v.within("options")),
                other => other,
            })?;
            let page = engine.clients_page(&query, |page| {
                let items = page.items.into_iter().map(ClientView::from).collect();
                js::to_js(&Page { items, next: page.next, total: page.total })
            })?;
            Ok(page)
        })
    }
}

#[derive(ToJson)]
struct FacetsView<'a> {
    owners: Vec<&'a str>,
    regions: Vec<&'a str>,
    tags: Vec<&'a str>,
}

#[wasm_bindgen]
impl Crm {
    /// What the client list can be filtered by, among the clients the user sees:
    /// `{ owners, regions, tags }`, each sorted and once.
    #[wasm_bindgen(js_name = clientFacets, unchecked_return_type = "ClientFacets")]
    pub fn client_facets(&self) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            Ok(engine.client_facets(|f| js::to_js(&FacetsView { owners: f.owners, regions: f.regions, tags: f.tags })))
        })
    }
}
