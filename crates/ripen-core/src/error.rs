//! The core's error types and the stable error kinds the JS facade exposes.

use crate::codec::CodecError;
use crate::ids::EventId;
use crate::policy::Verdict;
use crate::store::StoreError;
use std::fmt;

/// Why a piece of input was refused. `field` names where the problem is, as a path
/// (`name`, `clients[3].name`), so that a form or an import report can point at it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct ValidationError {
    pub field: String,
    pub problem: Problem,
}

impl ValidationError {
    pub fn new(field: impl Into<String>, problem: Problem) -> Self {
        Self { field: field.into(), problem }
    }

    /// Places this error inside a parent, e.g. `name` inside `clients[3]`.
    #[must_use]
    pub fn within(mut self, parent: &str) -> Self {
        self.field = if self.field.is_empty() { parent.to_owned() } else { format!("{parent}.{}", self.field) };
        self
    }
}

/// The specific reason behind a [`ValidationError`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("must not be empty")]
    Empty,
    #[error("is {actual} characters long; at most {max} are allowed")]
    TooLong { max: usize, actual: usize },
    #[error("contains the control character U+{code:04X}")]
    ControlCharacter { code: u32 },
    #[error("{value:?} is not one of: {}", expected.join(", "))]
    NotOneOf { value: String, expected: &'static [&'static str] },
    #[error("is malformed: {reason}")]
    Malformed { reason: String },
}

impl Problem {
    /// A stable machine-readable code for this problem.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::TooLong { .. } => "too_long",
            Self::ControlCharacter { .. } => "control_character",
            Self::NotOneOf { .. } => "not_one_of",
            Self::Malformed { .. } => "malformed",
        }
    }
}

/// Everything an engine operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid input: {0}")]
    Validation(#[from] ValidationError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the stored log cannot be read: {0}")]
    Codec(#[from] CodecError),
    #[error("{what} {id:?} does not exist")]
    NotFound { what: &'static str, id: String },
    /// The change contradicts the current state: a revert that a later change overwrote
    /// (`later` names it), a touch that is already done, a stage that still holds cards.
    #[error("{reason}")]
    Conflict { reason: String, later: Option<EventId> },
    #[error(transparent)]
    Backup(#[from] crate::backup::BackupError),
    /// The current user may not see or change this.
    #[error("forbidden: {reason}")]
    Forbidden { reason: String },
    /// The touch breaks the contact policy (or needs an override for a `warn` rule).
    #[error("{}", describe_verdict(.0))]
    AggressionLimit(Box<Verdict>),
}

fn describe_verdict(verdict: &Verdict) -> String {
    let rules: Vec<String> = verdict.violations.iter().map(|v| format!("{} ({})", v.name, v.action)).collect();
    let next = verdict.next_allowed_at.map(|t| format!("; next allowed at {}", t.to_rfc3339())).unwrap_or_default();
    let lead = if verdict.blocks() {
        "the contact policy blocks this touch"
    } else {
        "the contact policy warns against this touch; override with a reason"
    };
    format!("{lead}: {}{next}", rules.join(", "))
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Validation(_) => ErrorKind::Validation,
            Self::Store(store) => store.kind(),
            Self::Codec(codec) if codec.is_from_newer_build() => ErrorKind::SchemaTooNew,
            Self::Codec(_) => ErrorKind::Corrupt,
            Self::NotFound { .. } => ErrorKind::NotFound,
            Self::Conflict { .. } => ErrorKind::Conflict,
            Self::AggressionLimit(_) => ErrorKind::AggressionLimit,
            Self::Forbidden { .. } => ErrorKind::Forbidden,
            Self::Backup(backup) if backup.is_from_newer_build() => ErrorKind::SchemaTooNew,
            Self::Backup(_) => ErrorKind::Validation,
        }
    }
}

/// The stable classification of errors that crosses the JS boundary as `error.kind`.
/// Adding a kind is fine; renaming one breaks embedders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    Validation,
    NotFound,
    Conflict,
    AggressionLimit,
    /// The current user may not see or change what was asked for.
    Forbidden,
    QuotaExceeded,
    Storage,
    SchemaTooNew,
    /// The database belongs to another app of the same origin (or is no Ripen database):
    /// it was left as it is.
    ForeignDatabase,
    Corrupt,
    /// The engine was closed by its owner; open it again to go on.
    Closed,
}

impl ErrorKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Validation => "validation",
            Self::NotFound => "not_found",
            Self::Conflict => "conflict",
            Self::AggressionLimit => "aggression_limit",
            Self::Forbidden => "forbidden",
            Self::QuotaExceeded => "quota_exceeded",
            Self::Storage => "storage",
            Self::SchemaTooNew => "schema_too_new",
            Self::ForeignDatabase => "foreign_database",
            Self::Corrupt => "corrupt",
            Self::Closed => "closed",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_field_paths_read_naturally() {
        let error = ValidationError::new("name", Problem::Empty).within("clients[3]");
        assert_eq!(error.field, "clients[3].name");
        assert_eq!(error.to_string(), "clients[3].name: must not be empty");
    }

    #[test]
    fn kinds_are_stable_strings() {
        assert_eq!(ErrorKind::QuotaExceeded.as_str(), "quota_exceeded");
        assert_eq!(ErrorKind::Validation.to_string(), "validation");
    }
}
