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

/// A row left out, and why: the line it starts on, the column (as the file names it)
/// and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowIssue {
    pub line: usize,
    pub column: String,
    pub message: String,
}
