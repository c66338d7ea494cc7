//! `connectHub({ url, database, user, password })`, `{ url, database, token }` or, to go
//! on with the hub's session after a reload, `{ url, database, user }`; and what
//! `syncStatus()` answers.

use crate::error::FacadeError;
use ripen_core::error::Problem;
use ripen_core::ValidationError;
use ripen_json::{FromJson, ToJson};

#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
pub struct HubOptions {
    pub url: Option<String>,
    pub database: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub token: Option<String>,
    /// How long a request may go unanswered before it counts as lost and is tried again.
    #[json(rename = "timeoutMs")]
    pub timeout_ms: Option<f64>,
}

/// How long a request may go unanswered, by default and at least / at most.
pub(crate) const DEFAULT_TIMEOUT_MS: u32 = 30_000;
const TIMEOUT_RANGE_MS: std::ops::RangeInclusive<f64> = 100.0..=600_000.0;

/// How the device logs in to the hub. The password is used once, for `_session`, and
/// never stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HubAuth {
    Password {
        user: String,
        password: String,
    },
    /// The hub's cookie session from an earlier login, if it still holds, for `user`.
    Session {
        user: String,
    },
    Token(String),
}

/// A hub to connect to, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubLogin {
    /// The server's root, ending in `/`.
    pub server: String,
    pub database: String,
    pub auth: HubAuth,
    /// How long a request may go unanswered before it is tried again.
    pub timeout_ms: u32,
}

impl HubLogin {
    /// The database's URL, ending in `/`.
    pub fn database_url(&self) -> String {
        format!("{}{}/", self.server, self.database)
    }

    /// The website leads' inbox beside the team database (`<database>-inbox`).
    pub fn inbox_url(&self) -> String {
        format!("{}{}/", self.server, ripen_sync::inbox::inbox_name(&self.database))
    }

    /// What the stored sync state is about: another server or database starts afresh.
    pub fn key(&self) -> String {
        format!("{} {}", self.server, self.database)
    }
}

fn malformed(field: &str, reason: &str) -> FacadeError {
    ValidationError::new(field, Problem::Malformed { reason: reason.into() }).into()
}

fn required(field: &str, value: Option<String>) -> Result<String, FacadeError> {
    value.filter(|v| !v.is_empty()).ok_or_else(|| ValidationError::new(field, Problem::Empty).into())
}

impl HubOptions {
    pub fn login(self) -> Result<HubLogin, FacadeError> {
        let url = required("url", self.url)?;
        let scheme_ok = url.starts_with("http://") || url.starts_with("https://");
        if !scheme_ok || url.contains(char::is_whitespace) || url.contains(['?', '#']) {
            return Err(malformed("url", "an http:// or https:// address of the server, without a query"));
        }
        let server = if url.ends_with('/') { url } else { format!("{url}/") };
        let database = required("database", self.database)?;
        // CouchDB's rule for database names; it also keeps the name safe in a URL path.
        let first_ok = database.starts_with(|c: char| c.is_ascii_lowercase());
        let rest_ok = database.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_$()+-".contains(c));
        if !first_ok || !rest_ok || database.len() > 238 {
            return Err(malformed("database", "a CouchDB database name: a lowercase letter, then a-z, 0-9, _$()+-"));
        }
        let auth = match (self.user, self.password, self.token) {
            (None, None, Some(token)) => HubAuth::Token(required("token", Some(token))?),
            (user, None, None) => HubAuth::Session { user: required("user", user)? },
            (user, password, None) => {
                HubAuth::Password { user: required("user", user)?, password: required("password", password)? }
            }
            (_, _, Some(_)) => return Err(malformed("token", "give either a token or a user and password")),
        };
        let timeout_ms = match self.timeout_ms {
            None => DEFAULT_TIMEOUT_MS,
            Some(ms) if ms.fract() == 0.0 && TIMEOUT_RANGE_MS.contains(&ms) => ms as u32,
            Some(_) => return Err(malformed("timeoutMs", "whole milliseconds from 100 to 600000")),
        };
        Ok(HubLogin { server, database, auth, timeout_ms })
    }
}

/// `syncStatus()`.
#[derive(Debug, Clone, PartialEq, ToJson)]
#[json(rename_all = "camelCase")]
pub struct SyncStatusView {
    pub state: &'static str,
    /// Local changes not yet on the hub.
    pub pending: u64,
    /// When a sync last completed, ISO 8601.
    pub last_synced_at: Option<String>,
    pub progress: Option<Progress>,
    pub error: Option<SyncErrorView>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ToJson)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, ToJson)]
pub struct SyncErrorView {
    pub kind: &'static str,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(json: &str) -> Result<HubLogin, String> {
        let options: HubOptions = ripen_json::from_str(json).map_err(|e| e.to_string())?;
        options.login().map_err(|e| e.field().unwrap_or_default().to_owned())
    }

    #[test]
    fn a_login_takes_a_password_or_a_token_never_both_or_goes_on_with_a_session() {
        let login =
            options(r#"{"url":"http://127.0.0.1:5984","database":"team","user":"anna","password":"pw"}"#).unwrap();
        assert_eq!(login.database_url(), "http://127.0.0.1:5984/team/");
        assert_eq!(login.inbox_url(), "http://127.0.0.1:5984/team-inbox/");
        assert_eq!(login.auth, HubAuth::Password { user: "anna".into(), password: "pw".into() });
        let token = options(r#"{"url":"https://hub.example/couch/","database":"team","token":"t"}"#).unwrap();
        assert_eq!((token.server.as_str(), token.auth), ("https://hub.example/couch/", HubAuth::Token("t".into())));
        let session = options(r#"{"url":"http://x","database":"team","user":"anna"}"#).unwrap();
        assert_eq!(session.auth, HubAuth::Session { user: "anna".into() });
        let refused = [
            (r#"{"database":"team","token":"t"}"#, "url"),
            (r#"{"url":"ftp://x","database":"team","token":"t"}"#, "url"),
            (r#"{"url":"http://x","database":"Team","token":"t"}"#, "database"),
            (r#"{"url":"http://x","database":"a/b","token":"t"}"#, "database"),
            (r#"{"url":"http://x","database":"team","user":"anna","password":""}"#, "password"),
            (r#"{"url":"http://x","database":"team","password":"p"}"#, "user"),
            (r#"{"url":"http://x","database":"team"}"#, "user"),
            (r#"{"url":"http://x","database":"team","user":"a","password":"p","token":"t"}"#, "token"),
            (r#"{"url":"http://x","database":"team","token":"t","timeoutMs":5}"#, "timeoutMs"),
            (r#"{"url":"http://x","database":"team","token":"t","timeoutMs":1000.5}"#, "timeoutMs"),
        ];
        for (json, field) in refused {
            assert_eq!(options(json).unwrap_err(), field, "{json}");
        }
        assert!(options(r#"{"url":"http://x","database":"team","token":"t","extra":1}"#).is_err());
        assert_eq!(token.timeout_ms, DEFAULT_TIMEOUT_MS);
        let quick = options(r#"{"url":"http://x","database":"team","token":"t","timeoutMs":2000}"#).unwrap();
        assert_eq!(quick.timeout_ms, 2000);
    }
}
