//! The base an import is previewed and planned against: what the user sees of the CRM,
//! with the engine's search index for duplicates.

use crate::draft::Draft;
use crate::plan::Base;
use crate::preview::Duplicate;
use ripen_core::search::SearchIndex;
use ripen_core::view::View;
use ripen_core::{Client, ClientId, ClientKind, CrmState};
use std::collections::HashMap;
use std::ops::Deref;

/// Below this certainty a row is not called a duplicate: a shared phone or e-mail, or the
/// same name in either script, is; a name that only shares some words is not.
pub const DUPLICATE_SCORE: u32 = 80;

/// The clients the user sees, as an import's base.
#[derive(Debug)]
pub struct ViewBase<'a, S> {
    view: &'a View<S>,
    index: &'a mut SearchIndex,
    companies: Option<HashMap<String, ClientId>>,
}

impl<'a, S: Deref<Target = CrmState>> ViewBase<'a, S> {
    pub fn new(view: &'a View<S>, index: &'a mut SearchIndex) -> Self {
        Self { view, index, companies: None }
    }
}

impl<S: Deref<Target = CrmState>> Base for ViewBase<'_, S> {
    fn client(&self, id: &ClientId) -> Option<&Client> {
        self.view.client(id).ok().filter(|c| !c.removed)
    }

    fn company_named(&mut self, name: &str) -> Option<ClientId> {
        let view = self.view;
        // By lower-case name; of two companies with one name, the first added.
        let companies = self.companies.get_or_insert_with(|| {
            let mut companies = HashMap::new();
            for company in view.clients().filter(|c| c.fields.kind == ClientKind::Company) {
                companies.entry(company.name.as_str().to_lowercase()).or_insert_with(|| company.id.clone());
            }
            companies
        });
        companies.get(&name.to_lowercase()).cloned()
    }

    fn duplicates_of(&mut self, draft: &Draft) -> Vec<Duplicate> {
        self.view
            .find_duplicates(self.index, Some(&draft.client.name), &draft.client.fields, 3, DUPLICATE_SCORE)
            .into_iter()
            .filter_map(|d| {
                let name = self.view.client(&d.client).ok()?.name.to_string();
                Some(Duplicate { client: d.client, name, score: d.score, reasons: d.reasons })
            })
            .collect()
    }
}
