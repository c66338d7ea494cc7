//! Why a whole file cannot be read. Each has a stable `kind` the page says in its language.

use crate::sheet::WorkbookError;
use ripen_json::{FromJson, ToJson};
use std::borrow::Cow;

/// A file refused as a whole: nothing of it is imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, ToJson, FromJson)]
pub enum ReadError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {bytes} bytes; at most {limit} bytes are read at once — split it into smaller files")]
    TooLarge { bytes: usize, limit: usize },
    #[error("this is {what}, not a text file: save it as CSV (or vCard) first")]
    Binary { what: Cow<'static, str> },
    #[error("the file is UTF-8 broken at line {line} (byte {offset}): save it again as UTF-8, or name its encoding")]
    Encoding { line: usize, offset: usize },
    #[error("a quoted field that starts on line {line} is never closed")]
    UnclosedQuote { line: usize },
    #[error("the file has no header row")]
    NoHeader,
    #[error("no vCard in the file (it has no BEGIN:VCARD line)")]
    NoCards,
    #[error("the mapping names {field:?}, which is not a field Ripen imports")]
    UnknownField { field: String },
    #[error(transparent)]
    Workbook(#[from] WorkbookError),
    /// The file reader (a wasm module of its own) stopped on the file, most likely out of
    /// memory.
    #[error("the file reader stopped on this file ({reason}); if the file is large, split it into smaller files")]
    Stopped { reason: String },
}

impl ReadError {
    /// A stable code for the page, independent of the message's wording.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::TooLarge { .. } => "too_large",
            Self::Binary { .. } => "binary",
            Self::Encoding { .. } => "encoding",
            Self::UnclosedQuote { .. } => "unclosed_quote",
            Self::NoHeader => "no_header",
            Self::NoCards => "no_cards",
            Self::UnknownField { .. } => "unknown_field",
            Self::Workbook(error) => error.kind(),
            Self::Stopped { .. } => "reader_stopped",
        }
    }
}
