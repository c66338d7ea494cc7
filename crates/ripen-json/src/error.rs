//! The one error of reading JSON: what was wrong, and where (line and column, as serde_json
//! says it, so messages read the same as before).

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    message: Box<str>,
    line: usize,
    column: usize,
}

impl Error {
    /// An error at byte `at` of `text`.
    pub(crate) fn at(text: &str, at: usize, message: String) -> Self {
        let before = &text.as_bytes()[..at.min(text.len())];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        // Columns count characters, not bytes.
        let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        Self { message: message.into(), line, column }
    }

    /// What was wrong, without the position.
    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn line(&self) -> usize {
        self.line
    }

    pub fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at line {} column {}", self.message, self.line, self.column)
    }
}

impl std::error::Error for Error {}
