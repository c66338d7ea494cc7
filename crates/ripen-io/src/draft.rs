//! What a file says about one client, before the user decides on it, and what was wrong
//! with a row that could not be read.

use ripen_core::{ClientName, NewClient};
use serde::Serialize;

/// One client as a row (or a card) describes it: parsed and valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The line the row or card starts on, counted from 1.
    pub line: usize,
    pub client: NewClient,
    /// For a person: the company they work at, by name.
    pub company: Option<ClientName>,
    /// For a person with a company: their position there.
    pub position: Option<String>,
}

/// A row left out, and why: the line it starts on, the column (as the file names it),
/// a stable code for the problem (for the page to say in its language), the value that
/// was wrong, and the message in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowIssue {
    pub line: usize,
    pub column: String,
    /// `empty`, `too_long`, `control_character`, `not_one_of`, `malformed` (a value the
    /// engine refused), `not_a_kind`, `not_a_date`, `no_name`, `too_many_cells`,
    /// `no_name_column`, `unclosed_card`.
    pub problem: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub message: String,
}

impl RowIssue {
    /// The value as the report shows it: at most 60 characters.
    pub(crate) fn value(text: &str) -> Option<String> {
        let mut shown: String = text.chars().take(60).collect();
        if shown.len() < text.len() {
            shown.push('…');
        }
        Some(shown)
    }
}
