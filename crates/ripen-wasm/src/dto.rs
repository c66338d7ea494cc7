//! Boundary types: what JS sends and receives, and their conversion to domain values.

use crate::error::FacadeError;
use ripen_core::error::Problem;
use ripen_core::{Client, ClientKind, ClientName, NewClient, UserId, ValidationError};
use serde::{Deserialize, Serialize};

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

/// `crm.addClient({ kind, name })`. Unknown fields are refused rather than dropped, so a
/// caller never believes something was saved that was not.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ClientInput {
    pub kind: Option<String>,
    pub name: Option<String>,
}

impl TryFrom<ClientInput> for NewClient {
    type Error = ValidationError;
    fn try_from(input: ClientInput) -> Result<Self, Self::Error> {
        let kind = match input.kind.as_deref() {
            None => ClientKind::Company,
            Some(raw) => raw.parse()?,
        };
        let name = ClientName::parse(input.name.as_deref().unwrap_or_default())?;
        Ok(NewClient { kind, name })
    }
}

/// Converts a batch, naming the position of the first bad entry (`clients[3].name`).
pub fn new_clients(inputs: Vec<ClientInput>) -> Result<Vec<NewClient>, ValidationError> {
    inputs
        .into_iter()
        .enumerate()
        .map(|(i, input)| NewClient::try_from(input).map_err(|e| e.within(&format!("clients[{i}]"))))
        .collect()
}

/// A client as JS sees it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientView<'a> {
    pub id: &'a str,
    pub kind: &'static str,
    pub name: &'a str,
    /// RFC 3339 in UTC, to the millisecond: `new Date(createdAt)` reads it.
    pub created_at: String,
    pub created_by: &'a str,
}

impl<'a> From<&'a Client> for ClientView<'a> {
    fn from(client: &'a Client) -> Self {
        Self {
            id: client.id.as_str(),
            kind: client.kind.as_str(),
            name: client.name.as_str(),
            created_at: client.created_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            created_by: client.created_by.as_str(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: Option<&str>, name: Option<&str>) -> ClientInput {
        ClientInput { kind: kind.map(Into::into), name: name.map(Into::into) }
    }

    #[test]
    fn client_input_converts_or_names_the_bad_field() {
        type Case<'a> = (Option<&'a str>, Option<&'a str>, Result<(&'a str, &'a str), &'a str>);
        let cases: &[Case<'_>] = &[
            (None, Some("ООО «Ромашка»"), Ok(("company", "ООО «Ромашка»"))),
            (Some("person"), Some(" Анна Петрова "), Ok(("person", "Анна Петрова"))),
            (None, None, Err("name: must not be empty")),
            (None, Some("   "), Err("name: must not be empty")),
            (Some("lead"), Some("X"), Err("kind: \"lead\" is not one of: person, company")),
        ];
        for (kind, name, expected) in cases {
            let got = NewClient::try_from(input(*kind, *name));
            match (got, expected) {
                (Ok(client), Ok((kind, name))) => {
                    assert_eq!(client.kind.as_str(), *kind);
                    assert_eq!(client.name.as_str(), *name);
                }
                (Err(error), Err(message)) => assert_eq!(error.to_string(), *message),
                (got, expected) => panic!("{kind:?}/{name:?}: got {got:?}, expected {expected:?}"),
            }
        }
    }

    #[test]
    fn batches_point_at_the_bad_entry() {
        let error = new_clients(vec![input(None, Some("A")), input(None, Some(""))]).unwrap_err();
        assert_eq!(error.field, "clients[1].name");
    }

    #[test]
    fn unknown_fields_are_refused_not_dropped() {
        let error = serde_json::from_str::<ClientInput>(r#"{"name":"A","phones":["1"]}"#).unwrap_err();
        assert!(error.to_string().contains("unknown field `phones`"), "{error}");
    }

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
