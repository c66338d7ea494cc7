//! What a file says: about each client, before the user decides on it; what was wrong
//! with a row that could not be read; and the file as a whole.

use crate::columns::{MappedColumn, Preset};
use crate::decode::Encoding;
use ripen_core::import::ImportFormat;
use ripen_core::values::Region;
use ripen_core::{ClientFields, ClientName, NewClient};
use ripen_json::{FromJson, ToJson};
use std::borrow::Cow;

/// One client as a row (or a card) describes it: parsed and valid.
#[derive(Debug, Clone, PartialEq, Eq, ToJson, FromJson)]
pub struct Draft {
    /// The line the row or card starts on, counted from 1.
    pub line: usize,
    pub client: NewClient,
    /// For a person: the company they work at, by name.
    pub company: Option<ClientName>,
    /// For a person with a company: what the row says of the company (its phone,
    /// website…), given to the company when the import creates it, never to the person.
    /// Boxed and mostly `None`: few rows give any, and every draft is moved.
    pub company_fields: Option<Box<ClientFields>>,
    /// For a person with a company: their position there.
    pub position: Option<String>,
    /// Values that did not read but did not lose the row: kept as text in the notes
    /// ("unparsed TEL: x752"), or a phone's extension there.
    pub warnings: Vec<RowIssue>,
    /// What a card without a name was named from.
    pub named_from: Option<NameSource>,
}

/// What names a client whose card gives no name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ToJson, FromJson)]
#[json(rename_all = "lowercase")]
pub enum NameSource {
    Nickname,
    #[json(rename = "org")]
    Organisation,
    Email,
    Phone,
}

/// A row left out, and why: the line it starts on, the column (as the file names it),
/// a stable code for the problem (for the page to say in its language), the value that
/// was wrong, and the message in full.
#[derive(Debug, Clone, PartialEq, Eq, ToJson, FromJson)]
pub struct RowIssue {
    pub line: usize,
    /// The column as the file names it: its header; in a table with no header, or for a
    /// cell beyond the header's, its letter ("G"); a vCard's property ("TEL"); or what of
    /// the row made its name ("name", "company") when no one column did.
    pub column: String,
    /// In a table (a CSV file, a workbook's sheet), the letter of the column the value
    /// stood in, as a spreadsheet shows it ("G").
    #[json(skip_serializing_if = "Option::is_none")]
    /// Boxed: an issue is moved in every row's `Result`, and stays small.
    pub letter: Option<Box<str>>,
    /// Of a row left out: `no_name` (nothing to name a client by), `no_name_column`. As a
    /// warning on a row that is kept: `empty`, `too_long`, `control_character`,
    /// `not_one_of`, `malformed` (a value the engine refused, kept in the notes),
    /// `too_many_cells` (cells beyond the header's, kept in the notes), `extension` (a
    /// phone's extension kept in the notes), `encoding` (bytes that were not text in the
    /// file's encoding, replaced) and `unclosed_card` (no END:VCARD: the file may be cut
    /// short).
    pub problem: Cow<'static, str>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub message: String,
}

impl RowIssue {
    /// A warning about `value` in `column` of the row or card at `line`.
    pub(crate) fn warning(line: usize, column: &str, problem: &'static str, value: &str, message: String) -> Self {
        Self {
            line,
            column: column.to_owned(),
            letter: None,
            problem: Cow::Borrowed(problem),
            value: Self::value(value),
            message,
        }
    }

    /// A value the engine's types refused, kept as a line of the notes (pushed to
    /// `notes`): the warning that says so. CSV rows and vCards keep values alike.
    pub(crate) fn kept_as_text(
        line: usize,
        column: &str,
        value: &str,
        problem: &ripen_core::error::Problem,
        notes: &mut Vec<String>,
    ) -> Self {
        notes.push(format!("unparsed {column}: {value}"));
        Self::warning(line, column, problem.code(), value, format!("{value:?}: {problem}; kept in the notes"))
    }

    /// The value as the report shows it: at most 60 characters.
    pub(crate) fn value(text: &str) -> Option<String> {
        let mut shown: String = text.chars().take(60).collect();
        if shown.len() < text.len() {
            shown.push('…');
        }
        Some(shown)
    }
}

/// What was read from a file, before the preview looks for duplicates. It crosses from
/// the reader's wasm module to the engine's as JSON ([`crate::wire`]).
#[derive(Debug, Clone, ToJson, FromJson)]
pub struct Read {
    pub format: ImportFormat,
    pub encoding: Option<Encoding>,
    pub delimiter: Option<u8>,
    pub preset: Option<Preset>,
    pub columns: Vec<MappedColumn>,
    /// A CSV file's header set, the same however the file writes it: the key the page
    /// remembers the user's mapping of such files by.
    pub header_key: Option<String>,
    /// The line of a CSV file's header, when text stood above it (LinkedIn's notes).
    pub header_line: Option<usize>,
    /// A CSV file with no header: its columns were guessed from their values.
    pub headerless: bool,
    pub rows: usize,
    pub drafts: Vec<Draft>,
    pub issues: Vec<RowIssue>,
    /// The region numbers written without their country code were read in.
    pub region: Region,
    /// A workbook's sheets, and the one read.
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
}

impl Read {
    /// Nothing read yet from a file of `format`.
    pub(crate) fn empty(format: ImportFormat, region: Region) -> Self {
        Self {
            format,
            encoding: None,
            delimiter: None,
            preset: None,
            columns: Vec::new(),
            header_key: None,
            header_line: None,
            headerless: false,
            rows: 0,
            drafts: Vec::new(),
            issues: Vec::new(),
            region,
            sheets: Vec::new(),
            sheet: None,
        }
    }
}
