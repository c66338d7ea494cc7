//! What an import would do, shown before it does it: the rows read, the rows with errors,
//! and the rows that may already be in the base, with the clients they may be.

use crate::columns::{MappedColumn, Preset};
use crate::decode::Encoding;
use crate::draft::{Draft, NameSource, Read, RowIssue};
use crate::plan::{Base, Duplicate};
use ripen_core::import::ImportFormat;
use ripen_core::values::{Email, Phone, Region};
use ripen_core::ClientKind;
use ripen_json::ToJson;

/// Rows shown as a sample, and the most duplicates and issues listed (the counts are
/// always whole).
const SAMPLE: usize = 20;
const LISTED: usize = 1_000;

/// One row as it would be imported.
#[derive(Debug, Clone, PartialEq, Eq, ToJson)]
#[json(rename_all = "camelCase")]
pub struct PreviewRow {
    pub line: usize,
    pub name: String,
    pub kind: ClientKind,
    #[json(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    /// A card without a name: what named it.
    #[json(skip_serializing_if = "Option::is_none")]
    pub named_from: Option<NameSource>,
    /// Values that did not read, kept in the notes.
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<RowIssue>,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<Duplicate>,
}

impl PreviewRow {
    fn new(draft: &Draft, duplicates: Vec<Duplicate>) -> Self {
        let fields = &draft.client.fields;
        Self {
            line: draft.line,
            name: draft.client.name.to_string(),
            kind: fields.kind,
            company: draft.company.as_ref().map(ToString::to_string),
            position: draft.position.clone(),
            phones: fields.phones.iter().map(Phone::display).map(str::to_owned).collect(),
            emails: fields.emails.iter().map(Email::as_str).map(str::to_owned).collect(),
            named_from: draft.named_from,
            warnings: draft.warnings.clone(),
            duplicates,
        }
    }
}

/// The preview of one file.
#[derive(Debug, Clone, ToJson)]
#[json(rename_all = "camelCase")]
pub struct Preview {
    pub format: ImportFormat,
    #[json(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Encoding>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub preset: Option<Preset>,
    pub columns: Vec<MappedColumn>,
    /// A CSV file's header set, the same however the file writes its headers: the key
    /// to remember the user's mapping of such files by.
    #[json(skip_serializing_if = "Option::is_none")]
    pub header_key: Option<String>,
    /// The header's line, when text stood above it (skipped, not imported).
    #[json(skip_serializing_if = "Option::is_none")]
    pub header_line: Option<usize>,
    /// The file had no header: its columns were guessed from their values
    /// (`columns[].by` is "values"), and its first row is a client.
    #[json(skip_serializing_if = "std::ops::Not::not")]
    pub headerless: bool,
    /// A workbook's sheets, in its order, and the one read (choose another with the
    /// `sheet` option).
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub sheets: Vec<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The region numbers written without their country code were read in (ISO code):
    /// the one asked for, else the one the file's numbers suggest, else RU.
    pub region: Region,
    /// Rows (or cards) in the file.
    pub rows: usize,
    /// Rows that will be imported (a card some of whose values did not read is one,
    /// with its warnings).
    pub ready: usize,
    /// The first rows that read, as they would be imported.
    pub sample: Vec<PreviewRow>,
    /// Rows that may already be in the base (skipped unless the user says otherwise).
    pub duplicates: Vec<PreviewRow>,
    pub duplicate_count: usize,
    /// Rows left out, and why.
    pub issues: Vec<RowIssue>,
    pub issue_count: usize,
    /// Values of rows that are imported but did not read (kept in the rows' notes).
    pub warnings: Vec<RowIssue>,
    pub warning_count: usize,
}

/// The preview against `base`, which finds the existing clients a draft may be.
pub fn preview(read: &Read, base: &mut dyn Base) -> Preview {
    let mut duplicates = Vec::new();
    let mut duplicate_count = 0;
    for draft in &read.drafts {
        let found = base.duplicates_of(draft);
        if !found.is_empty() {
            duplicate_count += 1;
            if duplicates.len() < LISTED {
                duplicates.push(PreviewRow::new(draft, found));
            }
        }
    }
    Preview {
        format: read.format,
        encoding: read.encoding,
        delimiter: read.delimiter.map(|d| char::from(d).to_string()),
        preset: read.preset,
        columns: read.columns.clone(),
        header_key: read.header_key.clone(),
        header_line: read.header_line,
        headerless: read.headerless,
        sheets: read.sheets.clone(),
        sheet: read.sheet.clone(),
        region: read.region,
        rows: read.rows,
        ready: read.drafts.len(),
        sample: read.drafts.iter().take(SAMPLE).map(|d| PreviewRow::new(d, Vec::new())).collect(),
        duplicates,
        duplicate_count,
        issues: read.issues.iter().take(LISTED).cloned().collect(),
        issue_count: read.issues.len(),
        warnings: read.drafts.iter().flat_map(|d| &d.warnings).take(LISTED).cloned().collect(),
        warning_count: read.drafts.iter().map(|d| d.warnings.len()).sum(),
    }
}
