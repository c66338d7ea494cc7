//! `contactBudget(clientId, { at? })`'s options: the moment the budget describes.

use super::when::instant;
use crate::error::FacadeError;
use chrono::{DateTime, Utc};
use ripen_json::FromJson;

/// `{ at? }`: an RFC 3339 time; now, unless given.
#[derive(Debug, Default, FromJson)]
#[json(deny_unknown_fields)]
pub struct BudgetOptions {
    pub at: Option<String>,
}

impl BudgetOptions {
    pub fn at(&self, now: DateTime<Utc>) -> Result<DateTime<Utc>, FacadeError> {
        self.at.as_deref().map_or(Ok(now), |at| instant("at", at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_moment_is_now_unless_given_and_a_bad_one_is_refused() {
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
        let parse = |json: &str| ripen_json::from_str::<BudgetOptions>(json).map_err(|e| e.to_string());
        assert_eq!(parse("{}").unwrap().at(now).unwrap(), now);
        let given = parse(r#"{"at":"2026-03-02T10:00:00+03:00"}"#).unwrap().at(now).unwrap();
        assert_eq!(given, Utc.with_ymd_and_hms(2026, 3, 2, 7, 0, 0).unwrap());
        assert!(parse(r#"{"at":"tomorrow"}"#).unwrap().at(now).is_err());
        assert!(parse(r#"{"when":"2026-03-02T10:00:00Z"}"#).is_err());
    }
}
