//! The facade's errors and the stable `kind` each one shows to JS.

use ripen_core::{ErrorKind, ValidationError};

#[derive(Debug, thiserror::Error)]
pub enum FacadeError {
    #[error(transparent)]
    Core(#[from] ripen_core::Error),
    #[error("invalid input: {0}")]
    Validation(#[from] ValidationError),
    /// The JS value does not have the expected shape (wrong type, unknown field).
    #[error("invalid input: {what}: {message}")]
    Shape { what: &'static str, message: String },
    #[error("this CRM was closed; open it again to go on")]
    Closed,
    /// A file an import cannot read as a whole.
    #[error("the file cannot be imported: {0}")]
    File(#[from] ripen_io::ReadError),
}

impl FacadeError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Core(core) => core.kind(),
            Self::Validation(_) | Self::Shape { .. } | Self::File(_) => ErrorKind::Validation,
            Self::Closed => ErrorKind::Closed,
        }
    }

    /// The invalid field's path, where there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Validation(error) | Self::Core(ripen_core::Error::Validation(error)) => Some(&error.field),
            Self::File(_) => Some("file"),
            _ => None,
        }
    }

    /// A stable code for the validation problem, where there is one.
    pub fn problem(&self) -> Option<&'static str> {
        match self {
            Self::Validation(error) | Self::Core(ripen_core::Error::Validation(error)) => Some(error.problem.code()),
            Self::Shape { .. } => Some("shape"),
            Self::File(error) => Some(error.kind()),
            Self::Core(_) | Self::Closed => None,
        }
    }
}

impl FacadeError {
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
    use ripen_core::error::Problem;
    use ripen_core::StoreError;

    #[test]
    fn every_error_has_the_kind_js_expects() {
        let cases: Vec<(FacadeError, &str, Option<&str>)> = vec![
            (ValidationError::new("name", Problem::Empty).into(), "validation", Some("name")),
            (FacadeError::Shape { what: "client", message: "expected an object".into() }, "validation", None),
            (StoreError::QuotaExceeded { detail: "full".into() }.into(), "quota_exceeded", None),
            (StoreError::SchemaTooNew { database: "d".into(), found: 2, supported: 1 }.into(), "schema_too_new", None),
            (StoreError::Backend { detail: "x".into() }.into(), "storage", None),
            (FacadeError::Closed, "closed", None),
            (ripen_io::ReadError::Binary { what: "a PDF document" }.into(), "validation", Some("file")),
        ];
        for (error, kind, field) in cases {
            assert_eq!(error.kind().as_str(), kind, "{error}");
            assert_eq!(error.field(), field, "{error}");
        }
    }
}
