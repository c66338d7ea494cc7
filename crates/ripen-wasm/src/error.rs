//! The facade's errors and the stable `kind` each one shows to JS.

use crate::boundary::problem::ArgumentError;
use ripen_core::backup::BackupError;
use ripen_core::{ErrorKind, ValidationError};

#[derive(Debug, thiserror::Error)]
pub enum FacadeError {
    #[error(transparent)]
    Core(#[from] ripen_core::Error),
    #[error("invalid input: {0}")]
    Validation(#[from] ValidationError),
    /// An argument refused at the boundary, before it reached wasm memory.
    #[error("invalid input: {0}")]
    Argument(#[from] ArgumentError),
    /// The JSON of an argument does not have the expected shape (unknown field, a string
    /// where a number goes); `what` is the argument's name.
    #[error("invalid input: {what}: {message}")]
    Shape { what: &'static str, message: String },
    #[error("this CRM was closed; open it again to go on")]
    Closed,
    /// A file an import cannot read as a whole.
    #[error("the file cannot be imported: {0}")]
    File(#[from] ripen_io::ReadError),
    /// A camera scan that is no lead.
    #[error(transparent)]
    Scan(#[from] ripen_io::ScanError),
    /// The team hub refused the login or the session expired.
    #[error("the team hub refused the login: {0}")]
    Unauthorized(String),
    /// The team hub cannot be reached.
    #[error("the team hub cannot be reached: {0}")]
    Network(String),
    /// The team hub answered, but not as the CouchDB protocol does, or refused a document.
    #[error("the team hub: {0}")]
    Hub(String),
    /// A module of the engine's (the spreadsheet reader) could not be fetched.
    #[error("{0}")]
    Download(String),
}

impl FacadeError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Core(core) => core.kind(),
            Self::Validation(_) | Self::Argument(_) | Self::Shape { .. } | Self::File(_) | Self::Scan(_) => {
                ErrorKind::Validation
            }
            Self::Closed => ErrorKind::Closed,
            Self::Unauthorized(_) => ErrorKind::Unauthorized,
            Self::Network(_) | Self::Download(_) => ErrorKind::Network,
            Self::Hub(_) => ErrorKind::Storage,
        }
    }

    /// The invalid field's path, where there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Validation(error) | Self::Core(ripen_core::Error::Validation(error)) => Some(&error.field),
            Self::Argument(error) => Some(&error.field),
            Self::Shape { what, .. } => Some(what),
            Self::File(_) => Some("file"),
            Self::Scan(_) => Some("text"),
            Self::Core(ripen_core::Error::Backup(error)) if !error.is_from_newer_build() => Some("backup"),
            _ => None,
        }
    }

    /// A stable code for the validation problem, where there is one.
    pub fn problem(&self) -> Option<&'static str> {
        match self {
            Self::Validation(error) | Self::Core(ripen_core::Error::Validation(error)) => Some(error.problem.code()),
            Self::Argument(error) => Some(error.problem.code()),
            Self::Shape { .. } => Some("shape"),
            Self::File(error) => Some(error.kind()),
            Self::Scan(error) => Some(error.kind()),
            Self::Core(ripen_core::Error::Backup(error)) => match error {
                BackupError::NotABackup(_) => Some("not_a_backup"),
                BackupError::Damaged { .. } | BackupError::PhotoDamaged { .. } => Some("damaged"),
                BackupError::Repeated { .. } => Some("repeated"),
                BackupError::FromNewerBuild { .. } => None,
            },
            Self::Core(_)
            | Self::Closed
            | Self::Unauthorized(_)
            | Self::Network(_)
            | Self::Hub(_)
            | Self::Download(_) => None,
        }
    }
}

impl FacadeError {
    /// Places a validation error inside a parent, e.g. `name` inside `clients[3]`.
    #[must_use]
    pub fn within(self, parent: &str) -> Self {
        match self {
            Self::Validation(error) | Self::Core(ripen_core::Error::Validation(error)) => error.within(parent).into(),
            Self::Argument(error) => error.within(parent).into(),
            other => other,
        }
    }

    /// For an aggression limit: what the policy said.
    pub fn verdict(&self) -> Option<&ripen_core::policy::Verdict> {
        match self {
            Self::Core(ripen_core::Error::AggressionLimit(verdict)) => Some(verdict),
            _ => None,
        }
    }

    /// For a conflict: the later change that stands in the way.
    pub fn later(&self) -> Option<String> {
        match self {
            Self::Core(ripen_core::Error::Conflict { later, .. }) => later.as_ref().map(ToString::to_string),
            _ => None,
        }
    }
}

impl From<ripen_core::StoreError> for FacadeError {
    fn from(error: ripen_core::StoreError) -> Self {
        Self::Core(error.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundary::problem::ArgumentProblem;
    use ripen_core::error::Problem;
    use ripen_core::StoreError;

    #[test]
    fn every_error_has_the_kind_js_expects() {
        let cases: Vec<(FacadeError, &str, Option<&str>)> = vec![
            (ValidationError::new("name", Problem::Empty).into(), "validation", Some("name")),
            (FacadeError::Shape { what: "input", message: "expected an object".into() }, "validation", Some("input")),
            (
                ArgumentError::new("id", ArgumentProblem::WrongType { expected: "a string", got: "a number".into() })
                    .into(),
                "validation",
                Some("id"),
            ),
            (StoreError::QuotaExceeded { detail: "full".into() }.into(), "quota_exceeded", None),
            (StoreError::SchemaTooNew { database: "d".into(), found: 2, supported: 1 }.into(), "schema_too_new", None),
            (StoreError::Backend { detail: "x".into() }.into(), "storage", None),
            (FacadeError::Closed, "closed", None),
            (ripen_io::ReadError::Binary { what: "a PDF document".into() }.into(), "validation", Some("file")),
            (ripen_io::ScanError::NoName.into(), "validation", Some("text")),
            (ripen_core::Error::from(BackupError::NotABackup("{}".into())).into(), "validation", Some("backup")),
            (ripen_core::Error::from(BackupError::FromNewerBuild { found: 9, log: 9 }).into(), "schema_too_new", None),
        ];
        for (error, kind, field) in cases {
            assert_eq!(error.kind().as_str(), kind, "{error}");
            assert_eq!(error.field(), field, "{error}");
        }
    }

    #[test]
    fn validation_errors_nest_under_their_parent() {
        let inner: FacadeError = ArgumentError::new("year", ArgumentProblem::InvalidDate).into();
        assert_eq!(inner.within("dates[0]").field(), Some("dates[0].year"));
        let core: FacadeError = ValidationError::new("name", Problem::Empty).into();
        assert_eq!(core.within("clients[1]").field(), Some("clients[1].name"));
        assert_eq!(FacadeError::Closed.within("x").field(), None);
    }
}
