//! [`Error`], everything an engine operation can fail with: the errors of the layers below
//! (input, storage, the log, a backup) and the domain's refusals. The errors those layers
//! share live in `values::error` and are re-exported here.

use crate::log::codec::CodecError;
use crate::log::store::StoreError;
use crate::model::policy::Verdict;
use crate::state::rights::Refusal;
use crate::values::ids::EventId;

pub use crate::values::error::{ErrorKind, Problem, ValidationError};

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
    Backup(#[from] crate::log::backup::BackupError),
    /// The current user may not see or change this.
    #[error("forbidden: {reason}")]
    Forbidden { reason: String },
    /// The touch breaks the contact policy (or needs an override for a `warn` rule).
    #[error("{}", describe_verdict(.0))]
    AggressionLimit(Box<Verdict>),
}

fn describe_verdict(verdict: &Verdict) -> String {
    let rules: Vec<String> = verdict.violations.iter().map(|v| format!("{} ({})", v.name, v.action)).collect();
    let when = |words: &str, at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map(|t| format!("; {words} {}", crate::values::instant::iso(&t))).unwrap_or_default()
    };
    if verdict.overridable {
        let clear = when("without a reason from", verdict.next_clear_at);
        format!("the contact policy warns against this touch; override with a reason: {}{clear}", rules.join(", "))
    } else {
        let next = when("next allowed at", verdict.next_allowed_at);
        format!("the contact policy blocks this touch: {}{next}", rules.join(", "))
    }
}

/// A permission refused: `forbidden`; but a client the user may not see is `not_found`,
/// as if it were not there (saying "forbidden" would tell that it exists), and leaving
/// the CRM without an admin is a `conflict` (the current state stands in its way).
impl From<Refusal> for Error {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Client { client } => Self::NotFound { what: "client", id: client.to_string() },
            Refusal::LastAdmin { .. } => Self::Conflict { reason: refusal.to_string(), later: None },
            refusal => Self::Forbidden { reason: refusal.to_string() },
        }
    }
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
