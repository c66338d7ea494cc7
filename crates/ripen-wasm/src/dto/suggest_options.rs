//! `nextTouch(clientId, { now? })` and `suggestions({ user?, limit?, now? })` as JS writes
//! them.

use super::instant;
use crate::error::FacadeError;
use chrono::{DateTime, Utc};
use ripen_core::error::Problem;
use ripen_core::suggest::SuggestQuery;
use ripen_core::ValidationError;
use ripen_json::FromJson;

/// At most this many suggestions in one list: every client of the largest base.
pub(super) const MAX_SUGGESTIONS: usize = 1_000_000;
/// How many unless said: a screenful and more.
pub(super) const DEFAULT_SUGGESTIONS: usize = 50;

/// `nextTouch`'s options.
#[derive(Debug, Default, FromJson)]
#[json(deny_unknown_fields)]
pub struct NextTouchOptions {
    /// RFC 3339; now, unless given.
    pub now: Option<String>,
}

impl NextTouchOptions {
    pub fn now(self, now: DateTime<Utc>) -> Result<DateTime<Utc>, FacadeError> {
        Ok(self.now.as_deref().map(|n| instant("now", n)).transpose()?.unwrap_or(now))
    }
}

/// `suggestions`' options.
#[derive(Debug, Default, FromJson)]
#[json(deny_unknown_fields)]
pub struct SuggestOptions {
    /// Whose clients come first.
    pub user: Option<String>,
    /// 1 to [`MAX_SUGGESTIONS`]; [`DEFAULT_SUGGESTIONS`] unless given.
    pub limit: Option<usize>,
    /// RFC 3339; now, unless given.
    pub now: Option<String>,
}

impl SuggestOptions {
    pub fn query(self, now: DateTime<Utc>) -> Result<SuggestQuery, FacadeError> {
        let user = self.user.as_deref().map(|u| super::parse_id("user", u)).transpose()?;
        let limit = self.limit.unwrap_or(DEFAULT_SUGGESTIONS);
        if !(1..=MAX_SUGGESTIONS).contains(&limit) {
            let reason = format!("must be between 1 and {MAX_SUGGESTIONS}");
            return Err(ValidationError::new("limit", Problem::Malformed { reason }).into());
        }
        let now = self.now.as_deref().map(|n| instant("now", n)).transpose()?.unwrap_or(now);
        Ok(SuggestQuery { user, now, limit: Some(limit) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_checked_at_the_edge() {
        let now = "2026-03-03T07:00:00Z".parse().unwrap();
        let parse = |json: &str| {
            ripen_json::from_str::<SuggestOptions>(json).map_err(|_| ()).and_then(|o| o.query(now).map_err(|_| ()))
        };
        // (the options, the query's user, limit and now — or refused)
        type Query<'a> = Option<(Option<&'a str>, usize, &'a str)>;
        let cases: &[(&str, Query)] = &[
            ("{}", Some((None, 50, "2026-03-03T07:00:00Z"))),
            (r#"{"user":"boris","limit":3}"#, Some((Some("boris"), 3, "2026-03-03T07:00:00Z"))),
            (r#"{"now":"2026-03-04T10:00:00+03:00"}"#, Some((None, 50, "2026-03-04T07:00:00Z"))),
            (r#"{"limit":0}"#, None),
            (r#"{"limit":1000001}"#, None),
            (r#"{"user":""}"#, None),
            (r#"{"now":"tomorrow"}"#, None),
            (r#"{"owner":"boris"}"#, None),
        ];
        for (json, expected) in cases {
            let got = parse(json).ok().map(|q| (q.user.map(|u| u.to_string()), q.limit.unwrap(), q.now));
            let expected = expected.map(|(u, l, n)| (u.map(str::to_owned), l, n.parse::<DateTime<Utc>>().unwrap()));
            assert_eq!(got, expected, "{json}");
        }
    }
}
