//! The base an import is previewed and planned against: what the user sees of the CRM,
//! with the engine's search index for duplicates.

use crate::draft::Draft;
use crate::plan::{Base, Duplicate};
use ripen_core::search::fold::words;
use ripen_core::search::translit::skeleton;
use ripen_core::search::{Reason, SearchIndex};
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

    /// Clients the draft probably is. A phone alone makes a duplicate between two
    /// companies, or between two people one of whose names is part of the other's
    /// ("Пётр Ёлкин" and "Пётр Ильич Ёлкин", or "Petr Elkin"): people share their office's
    /// phone with colleagues and with the company itself, and an export lists them all.
    fn duplicates_of(&mut self, draft: &Draft) -> Vec<Duplicate> {
        let view = self.view;
        let kind = draft.client.fields.kind;
        view.find_duplicates(self.index, Some(&draft.client.name), &draft.client.fields, 5, DUPLICATE_SCORE)
            .into_iter()
            .filter_map(|d| {
                let existing = view.client(&d.client).ok()?;
                let by_phone_alone = d.reasons.iter().all(|r| matches!(r, Reason::SamePhone { .. }));
                let companies = kind == ClientKind::Company && existing.fields.kind == ClientKind::Company;
                let namesakes = kind == ClientKind::Person
                    && existing.fields.kind == ClientKind::Person
                    && one_name_within_the_other(draft.client.name.as_str(), existing.name.as_str());
                (!by_phone_alone || companies || namesakes).then(|| Duplicate {
                    client: d.client,
                    name: existing.name.to_string(),
                    score: d.score,
                    reasons: d.reasons,
                })
            })
            .take(3)
            .collect()
    }
}

/// Whether every word of the shorter name is a word of the longer one, compared folded and
/// by skeleton (so "Petr Elkin" is within "Пётр Ильич Ёлкин").
fn one_name_within_the_other(a: &str, b: &str) -> bool {
    let keys = |name: &str| -> Vec<String> { words(name).iter().map(|w| skeleton(w)).collect() };
    let (a, b) = (keys(a), keys(b));
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    !short.is_empty() && short.iter().all(|w| long.contains(w))
}

#[cfg(test)]
mod tests {
    use super::one_name_within_the_other;

    #[test]
    fn a_name_within_another_in_any_script() {
        for (a, b, within) in [
            ("Пётр Ёлкин", "Пётр Ильич Ёлкин", true),
            ("Ёлкин Пётр", "Petr Elkin", true),
            ("Анна Смирнова", "Пётр Кузнецов", false),
            ("Анна Смирнова", "Анна Кузнецова", false),
        ] {
            assert_eq!(one_name_within_the_other(a, b), within, "{a} / {b}");
        }
    }
}
