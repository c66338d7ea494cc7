//! Boundary types: what JS sends and receives, and their conversion to domain values.
//! Plain Rust, tested natively.

mod budget_options;
mod client_input;
mod conflicts;
mod domain_input;
mod follow_up_options;
mod history;
mod hub_options;
mod import_options;
mod inbox_status;
mod routing_input;
mod rule;
mod scan;
mod search_options;
mod show_input;
mod suggest_options;
mod template_input;
mod views;
mod when;

pub use budget_options::BudgetOptions;
pub use client_input::{new_clients, AliasInput, AliasRef, ClientInput, RenameInput, RevertOptions};
pub use conflicts::{ClientRef, ConflictView};
pub use domain_input::{
    checked_plan, AgendaOptions, CompleteInput, EndLinkInput, FunnelOptions, HandOffInput, LinkOptions, MoveInput,
    PipelineInput, ReasonInput, ReportOptions, StageInput, StagePatch, TeamInput, TouchInput, UserInput,
};
pub use follow_up_options::{time, FollowUpOptions};
pub use history::HistoryEntry;
pub use hub_options::{HubAuth, HubLogin, HubOptions, Progress, SyncErrorView, SyncStatusView};
pub use import_options::{ExportOptions, ExportSettings, ImportOptions, ImportSettings};
pub use inbox_status::{InboxStatusView, RefusalView};
pub use routing_input::{RouteOptions, RoutingInput};
pub use rule::RuleView;
pub use scan::{ScanDraft, ScanView};
pub use search_options::{limit, query, SearchOptions};
pub use show_input::{
    CaptureInput, ConsentInput, ConsentView, DashboardOptions, LeadView, QualifyInput, QuestionInput, RawAnswers,
    ShowInput, ShowView,
};
pub use suggest_options::{NextTouchOptions, SuggestOptions};
pub use template_input::{TemplateFilter, TemplateInput, TemplateMatch};
pub use views::{iso, CardView, ClientView, TouchView};
pub use when::{calendar_date, instant};

use crate::boundary::caps;
use crate::error::FacadeError;
use ripen_core::error::Problem;
use ripen_core::values::{refuse_invisible, Region};
use ripen_core::{UserId, ValidationError};
use ripen_json::FromJson;

/// `Crm.open(name, { user, defaultRegion? })`.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields, rename_all = "camelCase")]
pub struct OpenOptions {
    pub user: Option<String>,
    /// Where numbers typed without their country code are read (ISO code); RU unless given.
    pub default_region: Option<String>,
}

impl OpenOptions {
    /// The user, and the region typed numbers are read in.
    pub fn user(self) -> Result<(UserId, Region), FacadeError> {
        let region = match &self.default_region {
            Some(code) => Region::parse(code).map_err(|e| ValidationError::new("defaultRegion", e.problem))?,
            None => Region::default(),
        };
        let raw = self.user.ok_or_else(|| ValidationError::new("user", Problem::Empty))?;
        Ok((UserId::parse(&raw)?, region))
    }
}

/// `crm.access()`: what the current user may see and do.
#[derive(Debug, ripen_json::ToJson)]
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
        let open = |user: Option<&str>, region: Option<&str>| {
            OpenOptions { user: user.map(Into::into), default_region: region.map(Into::into) }.user()
        };
        let (user, region) = open(Some(" anna "), None).unwrap();
        assert_eq!((user.as_str(), region.as_str()), ("anna", "RU"));
        assert_eq!(open(Some("anna"), Some("gb")).unwrap().1.as_str(), "GB");
        assert!(open(None, None).is_err());
        assert!(open(Some("anna\u{202E}"), None).is_err());
        let error = open(Some("anna"), Some("XX")).unwrap_err().to_string();
        assert!(error.contains("defaultRegion"), "{error}");
    }
}
