//! The errors every layer shares: why a piece of input was refused ([`ValidationError`],
//! [`Problem`]), and the stable kinds of error the JS facade exposes ([`ErrorKind`]).

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
    /// A template names a variable there is none of (`{nmae}`).
    #[error("{{{name}}} is not a variable; use one of: {}", expected.join(", "))]
    UnknownVariable { name: String, expected: &'static [&'static str] },
    /// A template's `{` has no `}` (or the other way round) at character `at`; `{{` and `}}`
    /// write a brace itself.
    #[error("the brace at character {at} is not closed or not opened; write {{{{ or }}}} for a brace itself")]
    UnbalancedBrace { at: usize },
    /// A template for one channel where another is sent (an SMS text for an e-mail send).
    #[error("the template is for {template}; this sends by {sends}")]
    WrongChannel { template: &'static str, sends: &'static str },
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
            Self::UnknownVariable { .. } => "unknown_variable",
            Self::UnbalancedBrace { .. } => "unbalanced_brace",
            Self::WrongChannel { .. } => "wrong_channel",
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
    /// The team hub refused the login, or the session expired: log in again.
    Unauthorized,
    /// The team hub cannot be reached.
    Network,
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
            Self::Unauthorized => "unauthorized",
            Self::Network => "network",
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
