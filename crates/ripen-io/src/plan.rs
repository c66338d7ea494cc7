//! From a preview and the user's choices to the batch the engine commits: rows added,
//! skipped or merged into the client they duplicate; people linked to their companies,
//! found in the base or created once per import (with what the people's rows say of
//! them: a company's phone, website, industry).

use crate::draft::{Draft, Read};
use ripen_core::import::{EmployerRef, ImportBatch, ImportMerge, ImportSource, ImportedClient};
use ripen_core::search::Reason;
use ripen_core::values::sort;
use ripen_core::{Alias, AliasKind, Client, ClientFields, ClientId, ClientKind, ClientName, FieldValue, NewClient};
use ripen_json::ToJson;
use std::collections::HashMap;

/// What to do with a row that may duplicate an existing client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    Skip,
    Add,
    /// Fill in this client (the most probable duplicate, unless named).
    Merge(Option<ClientId>),
}

/// An existing client a row may duplicate.
#[derive(Debug, Clone, PartialEq, Eq, ToJson)]
pub struct Duplicate {
    pub client: ClientId,
    pub name: String,
    pub score: u32,
    pub reasons: Vec<Reason>,
}

/// What the plan needs of the base: a client by id, a live company by exact name (any
/// case), the duplicates of a draft.
pub trait Base {
    fn client(&self, id: &ClientId) -> Option<&Client>;
    fn company_named(&mut self, name: &str) -> Option<ClientId>;
    fn duplicates_of(&mut self, draft: &Draft) -> Vec<Duplicate>;
}

/// The batch for `read` with `choices` by line; a row with duplicates and no choice is
/// skipped.
pub fn plan(read: Read, file: Option<String>, choices: &HashMap<usize, Choice>, base: &mut dyn Base) -> ImportBatch {
    let mut clients: Vec<ImportedClient> = Vec::new();
    let mut merges: Vec<ImportMerge> = Vec::new();
    // The file's rows that were added or filled a client in; the rest were skipped.
    let (mut rows_added, mut rows_merged) = (0usize, 0usize);
    // Companies by lower-case name: in the base, or new in this batch.
    let mut companies: HashMap<String, EmployerRef> = HashMap::new();
    // New people, and people filled in, who work at a company: linked once every
    // company of the file is known.
    let mut people: Vec<(Employee, ClientName, Option<String>, ClientFields)> = Vec::new();

    for draft in read.drafts {
        let found = base.duplicates_of(&draft);
        let choice = match choices.get(&draft.line) {
            Some(choice) => choice.clone(),
            None if found.is_empty() => Choice::Add,
            None => Choice::Skip,
        };
        let key = draft.client.name.as_str().to_lowercase();
        match choice {
            Choice::Skip => {
                // A company row skipped as a duplicate still employs the file's people:
                // as the company it duplicates, if that is a company.
                let best = found
                    .first()
                    .filter(|d| base.client(&d.client).is_some_and(|c| c.fields.kind == ClientKind::Company));
                if let (ClientKind::Company, Some(best)) = (draft.client.fields.kind, best) {
                    companies.entry(key).or_insert(EmployerRef::Existing(best.client.clone()));
                }
            }
            Choice::Merge(target) => {
                let Some(into) = target.or_else(|| found.first().map(|d| d.client.clone())) else { continue };
                let Some(existing) = base.client(&into) else { continue };
                rows_merged += 1;
                if existing.fields.kind == ClientKind::Company {
                    companies.entry(key).or_insert(EmployerRef::Existing(into.clone()));
                }
                let merge = fill_in(existing, &draft.client);
                let index = match merges.iter().position(|m| m.into == into) {
                    Some(earlier) => {
                        combine(&mut merges[earlier], merge);
                        earlier
                    }
                    None => {
                        merges.push(merge);
                        merges.len() - 1
                    }
                };
                if let Some(company) = draft.company.filter(|_| existing.fields.kind == ClientKind::Person) {
                    people.push((
                        Employee::Merged(index),
                        company,
                        draft.position,
                        draft.company_fields.map(|f| *f).unwrap_or_default(),
                    ));
                }
            }
            Choice::Add => {
                rows_added += 1;
                if draft.client.fields.kind == ClientKind::Company {
                    companies.insert(key, EmployerRef::New(clients.len()));
                }
                if let Some(company) = draft.company {
                    people.push((
                        Employee::New(clients.len()),
                        company,
                        draft.position,
                        draft.company_fields.map(|f| *f).unwrap_or_default(),
                    ));
                }
                clients.push(ImportedClient { client: draft.client, employer: None });
            }
        }
    }
    for (who, company, position, facts) in people {
        let key = company.as_str().to_lowercase();
        let employer = match companies.get(&key) {
            Some(known) => {
                // What the person's row says of a company this import creates fills its
                // gaps; a company in the base is left as it is.
                if let EmployerRef::New(index) = known {
                    add_facts(&mut clients[*index].client.fields, facts);
                }
                known.clone()
            }
            None => {
                let found = base.company_named(company.as_str()).map(EmployerRef::Existing).unwrap_or_else(|| {
                    let mut client = NewClient::named(ClientKind::Company, company);
                    add_facts(&mut client.fields, facts);
                    clients.push(ImportedClient { client, employer: None });
                    EmployerRef::New(clients.len() - 1)
                });
                companies.insert(key, found.clone());
                found
            }
        };
        let slot = match who {
            Employee::New(index) => &mut clients[index].employer,
            Employee::Merged(index) => &mut merges[index].employer,
        };
        *slot = Some((employer, position));
    }
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let source = ImportSource {
        format: read.format,
        file,
        rows: count(read.rows),
        added: count(clients.len()),
        merged: count(merges.len()),
        skipped: count(read.rows.saturating_sub(rows_added + rows_merged)),
    };
    ImportBatch { source, clients, merges }
}

/// A company's facts from a person's row, where the company has none of its own.
fn add_facts(company: &mut ClientFields, facts: ClientFields) {
    for phone in facts.phones {
        if !company.phones.iter().any(|p| p.e164() == phone.e164()) {
            company.phones.push(phone);
        }
    }
    for email in facts.emails {
        if !company.emails.contains(&email) {
            company.emails.push(email);
        }
    }
    company.website = company.website.take().or(facts.website);
    company.industry = company.industry.take().or(facts.industry);
}

/// A person of the batch whose company is still to be found.
enum Employee {
    New(usize),
    Merged(usize),
}

/// What a row adds to an existing client: its phones, e-mails, tags and dates beside the
/// client's own; the fields the client leaves empty; its name as another name.
fn fill_in(existing: &Client, row: &NewClient) -> ImportMerge {
    let (have, new) = (&existing.fields, &row.fields);
    let mut values = Vec::new();
    let mut phones = have.phones.clone();
    phones.extend(new.phones.iter().filter(|p| !have.phones.iter().any(|h| h.e164() == p.e164())).cloned());
    if phones.len() > have.phones.len() {
        values.push(FieldValue::Phones(phones));
    }
    let mut emails = have.emails.clone();
    emails.extend(new.emails.iter().filter(|e| !have.emails.contains(e)).cloned());
    if emails.len() > have.emails.len() {
        values.push(FieldValue::Emails(emails));
    }
    if !new.tags.is_subset(&have.tags) {
        values.push(FieldValue::Tags(sort::set_of(have.tags.union(&new.tags).cloned())));
    }
    let mut dates = have.dates.clone();
    dates.extend(new.dates.iter().filter(|d| !have.dates.contains(d)).cloned());
    if dates.len() > have.dates.len() {
        values.push(FieldValue::Dates(dates));
    }
    let gaps = [
        (have.website.is_none() && new.website.is_some(), FieldValue::Website(new.website.clone())),
        (have.region.is_none() && new.region.is_some(), FieldValue::Region(new.region.clone())),
        (have.industry.is_none() && new.industry.is_some(), FieldValue::Industry(new.industry.clone())),
        (have.source.is_none() && new.source.is_some(), FieldValue::Source(new.source.clone())),
        (have.client_type.is_none() && new.client_type.is_some(), FieldValue::ClientType(new.client_type.clone())),
        (have.notes.is_none() && new.notes.is_some(), FieldValue::Notes(new.notes.clone())),
    ];
    values.extend(gaps.into_iter().filter(|(gap, _)| *gap).map(|(_, value)| value));
    let aliases = if row.name == existing.name {
        Vec::new()
    } else {
        vec![Alias { kind: AliasKind::Duplicate, name: row.name.clone(), until: None }]
    };
    ImportMerge { into: existing.id.clone(), values, aliases, employer: None }
}

/// Two rows filling in one client: the later row's additions on top of the earlier's.
fn combine(earlier: &mut ImportMerge, later: ImportMerge) {
    for value in later.values {
        match earlier.values.iter_mut().find(|v| v.field() == value.field()) {
            Some(slot) => merge_value(slot, value),
            None => earlier.values.push(value),
        }
    }
    for alias in later.aliases {
        if !earlier.aliases.contains(&alias) {
            earlier.aliases.push(alias);
        }
    }
}

fn merge_value(slot: &mut FieldValue, value: FieldValue) {
    match (slot, value) {
        (FieldValue::Phones(a), FieldValue::Phones(b)) => {
            for phone in b {
                if !a.iter().any(|p| p.e164() == phone.e164()) {
                    a.push(phone);
                }
            }
        }
        (FieldValue::Emails(a), FieldValue::Emails(b)) => {
            a.extend(b.into_iter().filter(|e| !a.contains(e)).collect::<Vec<_>>())
        }
        (FieldValue::Tags(a), FieldValue::Tags(b)) => a.extend(b),
        (FieldValue::Dates(a), FieldValue::Dates(b)) => {
            a.extend(b.into_iter().filter(|d| !a.contains(d)).collect::<Vec<_>>())
        }
        // A gap filled by the earlier row stays as it filled it.
        _ => {}
    }
}
