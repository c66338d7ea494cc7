//! Boundary types: what JS sends and receives, and their conversion to domain values.
//! Plain Rust, tested natively.

mod client_input;
mod domain_input;
mod history;
mod import_options;
mod routing_input;
mod search_options;
mod views;

pub use client_input::{new_clients, AliasInput, AliasRef, ClientInput, RenameInput, RevertOptions};
pub use domain_input::{
    instant, AgendaOptions, CompleteInput, EndLinkInput, FunnelOptions, HandOffInput, LinkOptions, MoveInput,
    PipelineInput, ReasonInput, ReportOptions, StageInput, StagePatch, TeamInput, TouchInput, UserInput,
};
pub use history::HistoryEntry;
pub use import_options::{ExportOptions, ExportSettings, ImportOptions, ImportSettings};
pub use routing_input::{RouteOptions, RoutingInput};
pub use search_options::{limit, SearchOptions};
pub use views::{iso, CardView, ClientView, TouchView};

use crate::error::FacadeError;
use ripen_core::error::Problem;
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
        Ok(raw.parse()?)
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
/// read in devtools.
pub fn database_name(raw: &str) -> Result<String, FacadeError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(ValidationError::new("name", Problem::Empty).into());
    }
    let chars = trimmed.chars().count();
    if chars > 100 {
        return Err(ValidationError::new("name", Problem::TooLong { max: 100, actual: chars }).into());
    }
    Ok(trimmed.to_owned())
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
        assert!(database_name("").is_err());
        assert!(database_name(&"x".repeat(101)).is_err());
    }

    #[test]
    fn open_requires_a_user() {
        assert_eq!(OpenOptions { user: Some(" anna ".into()) }.user().unwrap().as_str(), "anna");
        assert!(OpenOptions { user: None }.user().is_err());
    }
}
