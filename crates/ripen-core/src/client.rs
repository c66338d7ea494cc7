//! Clients — the people and companies a team sells to — and their validated parts.

use crate::error::{Problem, ValidationError};
use crate::ids::{ClientId, UserId};
use crate::newtype::string_newtype;
use crate::text::clean_line;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// A client's display name: trimmed, whitespace folded, no control characters,
/// at most [`ClientName::MAX_CHARS`] characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClientName(String);

impl ClientName {
    /// Long enough for the longest Russian legal names with their legal form spelled out.
    pub const MAX_CHARS: usize = 300;

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        clean_line("name", raw, Self::MAX_CHARS).map(Self)
    }
}

impl FromStr for ClientName {
    type Err = ValidationError;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Self::parse(raw)
    }
}

string_newtype!(ClientName);

/// Whether the client is a person or a company (контрагент).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientKind {
    Person,
    Company,
}

impl ClientKind {
    pub const NAMES: &'static [&'static str] = &["person", "company"];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Company => "company",
        }
    }
}

impl FromStr for ClientKind {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "person" => Ok(Self::Person),
            "company" => Ok(Self::Company),
            other => {
                Err(ValidationError::new("kind", Problem::NotOneOf { value: other.to_owned(), expected: Self::NAMES }))
            }
        }
    }
}

/// A client as the user describes it before it exists: already parsed and valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewClient {
    pub kind: ClientKind,
    pub name: ClientName,
}

/// A client as the folded state holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Client {
    pub id: ClientId,
    pub kind: ClientKind,
    pub name: ClientName,
    pub created_at: DateTime<Utc>,
    pub created_by: UserId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_validated_at_the_edge() {
        assert_eq!(ClientName::parse("  ООО «Сибирские моторы» ").unwrap().as_str(), "ООО «Сибирские моторы»");
        assert_eq!(ClientName::parse("").unwrap_err().problem, Problem::Empty);
        assert!(ClientName::parse(&"Щ".repeat(ClientName::MAX_CHARS)).is_ok());
        assert!(matches!(
            ClientName::parse(&"Щ".repeat(ClientName::MAX_CHARS + 1)).unwrap_err().problem,
            Problem::TooLong { .. }
        ));
    }

    #[test]
    fn stored_names_are_revalidated_when_read() {
        assert!(serde_json::from_str::<ClientName>("\"  \"").is_err());
    }

    #[test]
    fn kinds_parse_their_own_names_only() {
        for name in ClientKind::NAMES {
            assert_eq!(name.parse::<ClientKind>().unwrap().as_str(), *name);
        }
        let error = "Company".parse::<ClientKind>().unwrap_err();
        assert_eq!(error.to_string(), "kind: \"Company\" is not one of: person, company");
    }
}
