//! What `readScan` answers, short of the duplicates: the scanned lead as a draft in the
//! shape `addClient` takes (phones with their country code, so they read the same
//! wherever the CRM's region is), the company and position the capture form links, and
//! what kind of code it was.

use ripen_core::values::{ImportantDate, Tag};
use ripen_core::ClientKind;
use ripen_io::{Draft, RowIssue, ScanFormat, Scanned};
use ripen_json::ToJson;
use std::collections::BTreeSet;

/// A draft as `addClient` takes it; `name` absent for a lead to complete.
#[derive(Debug, Default, PartialEq, ToJson)]
#[json(rename_all = "camelCase")]
pub struct ScanDraft {
    #[json(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub kind: ClientKind,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<String>,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[json(skip_serializing_if = "BTreeSet::is_empty")]
    pub tags: BTreeSet<Tag>,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<ImportantDate>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl ScanDraft {
    fn of(draft: &Draft) -> Self {
        let fields = &draft.client.fields;
        Self {
            name: Some(draft.client.name.to_string()),
            kind: fields.kind,
            // As written when written with its country code, else in the international
            // form: the draft must read the same wherever the CRM's region is.
            phones: fields
                .phones
                .iter()
                .map(|p| match p.display().starts_with('+') {
                    true => p.display().to_owned(),
                    false => format!("+{}", p.e164()),
                })
                .collect(),
            emails: fields.emails.iter().map(|e| e.as_str().to_owned()).collect(),
            website: fields.website.as_ref().map(|w| w.as_str().to_owned()),
            region: fields.region.as_ref().map(|r| r.as_str().to_owned()),
            tags: fields.tags.clone(),
            dates: fields.dates.clone(),
            notes: fields.notes.as_ref().map(|n| n.as_str().to_owned()),
        }
    }
}

/// The scan as the page reads it (the duplicates are added beside it).
#[derive(Debug, PartialEq, ToJson)]
#[json(rename_all = "camelCase")]
pub struct ScanView {
    /// "contact", "badge" or "url".
    pub kind: &'static str,
    #[json(skip_serializing_if = "Option::is_none")]
    pub format: Option<ScanFormat>,
    pub draft: ScanDraft,
    /// For a person: the company they work at, by name.
    #[json(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// For a person with a company: their position there.
    #[json(skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    /// A badge's attendee id.
    #[json(skip_serializing_if = "Option::is_none")]
    pub badge: Option<String>,
    /// A web address scanned.
    #[json(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Values that did not read, kept in the notes.
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<RowIssue>,
}

impl ScanView {
    pub fn of(scanned: &Scanned) -> Self {
        let blank = |kind| Self {
            kind,
            format: None,
            draft: ScanDraft::default(),
            company: None,
            position: None,
            badge: None,
            url: None,
            warnings: Vec::new(),
        };
        let with_draft = |mut view: Self, draft: &Draft| {
            view.draft = ScanDraft::of(draft);
            view.company = draft.company.as_ref().map(ToString::to_string);
            view.position = draft.position.clone();
            view.warnings = draft.warnings.clone();
            view
        };
        match scanned {
            Scanned::Contact { format, draft } => with_draft(Self { format: Some(*format), ..blank("contact") }, draft),
            Scanned::Badge { id, draft: Some(draft) } => {
                with_draft(Self { badge: id.clone(), ..blank("badge") }, draft)
            }
            Scanned::Badge { id, draft: None } => {
                let mut view = Self { badge: id.clone(), ..blank("badge") };
                // A lead to complete: a person, the badge said in the notes.
                view.draft.kind = ClientKind::Person;
                view.draft.notes = id.as_ref().map(|id| format!("Badge: {id}"));
                view
            }
            Scanned::Url { url } => {
                let mut view = Self { url: Some(url.clone()), ..blank("url") };
                view.draft.website = Some(url.clone());
                view
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ripen_core::values::Region;

    /// The view as JSON, its warnings by their problem only.
    fn json(payload: &str) -> serde_json::Value {
        let scanned = ripen_io::read_scan(payload, Region::default()).unwrap();
        let mut json = crate::tests_json(&ScanView::of(&scanned));
        if let Some(warnings) = json.get_mut("warnings").and_then(|w| w.as_array_mut()) {
            for warning in warnings.iter_mut() {
                *warning = warning["problem"].clone();
            }
        }
        json
    }

    #[test]
    fn each_kind_in_the_shape_add_client_takes() {
        let cases = [
            (
                "MECARD:N:Doe,John;TEL:8 913 000-00-01;TEL:53-25;EMAIL:john@example.com;ORG:Example Inc;;",
                serde_json::json!({
                    "kind": "contact", "format": "mecard",
                    "draft": { "name": "John Doe", "kind": "person", "phones": ["+79130000001"],
                               "emails": ["john@example.com"], "notes": "unparsed TEL: 53-25" },
                    "company": "Example Inc",
                    "warnings": ["malformed"],
                }),
            ),
            (
                "100234",
                serde_json::json!({ "kind": "badge", "badge": "100234",
                                    "draft": { "kind": "person", "notes": "Badge: 100234" } }),
            ),
            (
                "https://acme.example",
                serde_json::json!({ "kind": "url", "url": "https://acme.example",
                                    "draft": { "kind": "company", "website": "https://acme.example" } }),
            ),
        ];
        for (payload, expected) in cases {
            assert_eq!(json(payload), expected, "{payload}");
        }
    }
}
