//! Imports as one change: the clients a file brings (people linked to their companies),
//! the existing clients it fills in, and the marker event that ties them together so the
//! import shows in the list of imports and is reverted as a whole.

use crate::model::client::{Alias, ClientKind, FieldValue, NewClient};
use crate::values::error::{Problem, ValidationError};
use crate::values::ids::{ClientId, EventId, UserId};
use crate::values::newtype::string_enum;
use crate::values::sort;
use chrono::{DateTime, Utc};

string_enum! {
    /// The kind of file an import read.
    ImportFormat in "format" {
        Csv = "csv",
        Vcard = "vcard",
        /// An Excel workbook (Office Open XML).
        Xlsx = "xlsx",
        /// An OpenDocument spreadsheet (LibreOffice, Google Sheets' download).
        Ods = "ods",
        /// An Excel 97–2003 workbook.
        Xls = "xls",
    }
}

/// What the import was: the file and what became of its rows. Kept on the marker event.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase")]
pub struct ImportSource {
    pub format: ImportFormat,
    /// The file's name, as the user picked it.
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Rows (or cards) the file held.
    pub rows: u32,
    /// New clients added, companies created for people included.
    pub added: u32,
    /// Existing clients the file filled in.
    pub merged: u32,
    /// Rows left out: probable duplicates skipped, and rows with errors.
    pub skipped: u32,
}

/// A company a new person works at: another client of the same import (by its index), or
/// one already in the CRM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmployerRef {
    New(usize),
    Existing(ClientId),
}

/// One new client of an import, with the company it works at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedClient {
    pub client: NewClient,
    pub employer: Option<(EmployerRef, Option<String>)>,
}

/// An existing client the import fills in: the fields to set, the names to add, and for
/// a person the company they work at (linked unless it already is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportMerge {
    pub into: ClientId,
    pub values: Vec<FieldValue>,
    pub aliases: Vec<Alias>,
    pub employer: Option<(EmployerRef, Option<String>)>,
}

/// What `Command::Import` carries: decided by a reader (CSV, vCard) and the user's choices
/// in the preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportBatch {
    pub source: ImportSource,
    pub clients: Vec<ImportedClient>,
    pub merges: Vec<ImportMerge>,
}

impl ImportBatch {
    /// Refuses a batch that contradicts itself: an employer index out of range or not a
    /// company, a person's employer that is itself, two merges into one client.
    pub(crate) fn check(&self) -> Result<(), ValidationError> {
        if self.clients.is_empty() && self.merges.is_empty() {
            return Err(ValidationError::new(
                "clients",
                Problem::Malformed { reason: "nothing to import: no row adds or fills in a client".into() },
            ));
        }
        let new_employers =
            self.clients.iter().enumerate().map(|(i, c)| (format!("clients[{i}].employer"), Some(i), &c.employer));
        let merge_employers =
            self.merges.iter().enumerate().map(|(i, m)| (format!("merges[{i}].employer"), None, &m.employer));
        for (field, own, employer) in new_employers.chain(merge_employers) {
            let Some((EmployerRef::New(employer), _)) = employer else { continue };
            let company = self.clients.get(*employer).filter(|_| Some(*employer) != own);
            if company.is_none_or(|c| c.client.fields.kind != ClientKind::Company) {
                return Err(ValidationError::new(
                    field,
                    Problem::Malformed { reason: "names no company of this import".into() },
                ));
            }
        }
        let mut targets: Vec<&ClientId> = self.merges.iter().map(|m| &m.into).collect();
        sort::sort(&mut targets);
        if let Some(twice) = targets.windows(2).find(|w| w[0] == w[1]) {
            return Err(ValidationError::new(
                "merges",
                Problem::Malformed { reason: format!("{} is filled in twice by one import", twice[0]) },
            ));
        }
        Ok(())
    }
}

/// An import as the state lists it.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase")]
pub struct ImportEntry {
    /// The marker event: revert it to revert the import.
    pub event: EventId,
    pub at: DateTime<Utc>,
    pub by: UserId,
    pub source: ImportSource,
}
