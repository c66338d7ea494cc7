//! Boundary types: what JS sends and receives, and their conversion to domain values.
//! Plain Rust, tested natively.

mod client_input;
mod conflicts;
mod domain_input;
mod history;
mod hub_options;
mod import_options;
mod routing_input;
mod search_options;
mod views;
mod when;

pub use client_input::{new_clients, AliasInput, AliasRef, ClientInput, RenameInput, RevertOptions};
pub use conflicts::{ClientRef, ConflictView};
pub use domain_input::{
    checked_plan, AgendaOptions, CompleteInput, EndLinkInput, FunnelOptions, HandOffInput, LinkOptions, MoveInput,
    PipelineInput, ReasonInput, ReportOptions, StageInput, StagePatch, TeamInput, TouchInput, UserInput,
};
pub use history::HistoryEntry;
pub use hub_options::{HubAuth, HubLogin, HubOptions, Progress, SyncErrorView, SyncStatusView};
pub use import_options::{ExportOptions, ExportSettings, ImportOptions, ImportSettings};
pub use routing_input::{RouteOptions, RoutingInput};
pub use search_options::{limit, query, SearchOptions};
pub use views::{iso, CardView, ClientView, TouchView};
pub use when::{calendar_date, instant};

use crate::boundary::caps;
use crate::error::FacadeError;
use ripen_core::error::Problem;
use ripen_core::values::refuse_invisible;
use ripen_core::{UserId, ValidationError};
use serde::Deserialize;

/// `Crm.open(name, { user })`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OpenOptions {
    pub user: Option<String>,
}

impl OpenOptions {
    pub fn user(self) -> Result<UserId, FacadeError> {
        let raw = self.user.ok_or_else(|| ValidationError::new("user", Problem::Empty))?;
        Ok(UserId::parse(&raw)?)
    }
}

/// `crm.access()`: what the current user may see and do.
#[derive(Debug, serde::Serialize)]
pub struct AccessInfo {
    pub user: String,
    pub sees: &'static str,
    pub configures: bool,
}

/// The name of a database: what IndexedDB keys it by, so kept to something a person can
/// read in devtools — at most [`caps::DATABASE_NAME_CHARS`] characters, no control or
/// invisible format characters (which would let one name pass for another). That it is
/// well-formed Unicode the boundary checked before copying it.
pub fn database_name(raw: &str) -> Result<String, FacadeError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(ValidationError::new("name", Problem::Empty).into());
    }
    let chars = trimmed.chars().count();
    if chars > caps::DATABASE_NAME_CHARS {
        let max = caps::DATABASE_NAME_CHARS;
        return Err(ValidationError::new("name", Problem::TooLong { max, actual: chars }).into());
    }
    if let Some(c) = trimmed.chars().find(|c| c.is_control()) {
        return Err(ValidationError::new("name", Problem::ControlCharacter { code: c as u32 }).into());
    }
    refuse_invisible("name", trimmed)?;
    Ok(trimmed.to_owned())
}

/// A user id named now (`Crm.open`, `switchUser`, `saveUser`): no invisible format
/// characters, so that nobody can pass for "anna" as "anna\u{202E}".
pub fn new_user_id(field: &str, raw: &str) -> Result<UserId, FacadeError> {
    UserId::parse(raw).map_err(|e| ValidationError::new(field, e.problem).into())
}

/// Parses an id or names the argument it came from.
pub fn parse_id<T: std::str::FromStr<Err = ValidationError>>(field: &str, raw: &str) -> Result<T, FacadeError> {
    raw.parse::<T>().map_err(|e| ValidationError::new(field, e.problem).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_names_are_trimmed_and_bounded() {
        assert_eq!(database_name(" acme ").unwrap(), "acme");
        assert_eq!(database_name(&"я".repeat(100)).unwrap().chars().count(), 100);
        // (name, the problem refusing it)
        let refused = [
            ("", "empty"),
            ("   ", "empty"),
            (&*"x".repeat(101), "too_long"),
            ("acme\nsales", "control_character"),
            ("acme\u{202E}", "control_character"),
            ("ac\u{200B}me", "control_character"),
        ];
        for (name, problem) in refused {
            let error = database_name(name).unwrap_err();
            assert_eq!((error.field(), error.problem()), (Some("name"), Some(problem)), "{name:?}");
        }
    }

    #[test]
    fn a_new_user_id_names_its_argument() {
        assert_eq!(new_user_id("id", "boris").unwrap().as_str(), "boris");
        let error = new_user_id("id", "boris\u{2067}").unwrap_err();
        assert_eq!((error.field(), error.problem()), (Some("id"), Some("control_character")));
    }

    #[test]
    fn open_requires_a_user() {
        assert_eq!(OpenOptions { user: Some(" anna ".into()) }.user().unwrap().as_str(), "anna");
        assert!(OpenOptions { user: None }.user().is_err());
        assert!(OpenOptions { user: Some("anna\u{202E}".into()) }.user().is_err());
    }
}
