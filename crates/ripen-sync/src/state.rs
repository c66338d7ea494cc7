//! What a device remembers of its sync between runs, stored beside the log (ripen-idb's
//! `sync` store) and written in the same transaction as the records a pull brings, so a
//! tab killed mid-pull neither loses nor doubles anything.

use ripen_json::{FromJson, Json, ToJson};
use std::collections::BTreeSet;

/// Where a pull resumes: the hub's `last_seq`, kept exactly as the hub gave it — opaque
/// text on CouchDB, a number on PouchDB Server.
#[derive(Debug, Clone, PartialEq, ToJson, FromJson)]
#[json(transparent)]
pub struct Since(Json);

impl Since {
    /// A `last_seq` as a hub gave it; `None` for anything that is neither text nor a number.
    pub fn from_hub(value: Json) -> Option<Self> {
        (value.is_string() || value.is_number()).then_some(Self(value))
    }

    /// As the `since` query parameter says it (before URL encoding).
    pub fn as_query(&self) -> String {
        match &self.0 {
            Json::String(text) => text.clone(),
            other => other.to_string(),
        }
    }
}

/// The sync state of one database toward one hub.
#[derive(Debug, Clone, PartialEq, Default, ToJson, FromJson)]
pub struct SyncState {
    /// The hub and database this state is about (`<url> <database>`): connecting to
    /// another starts afresh.
    pub hub: String,
    /// Where the next pull starts; `None` before the first.
    pub since: Option<Since>,
    /// Every record up to this log position is on the hub, or came from it.
    pub pushed: u64,
    /// The records (`<commit>:<part>`) pulled and appended after `pushed`: they are
    /// another device's documents, never pushed back. The push walks past them and
    /// forgets them.
    pub pulled: BTreeSet<String>,
    /// When a sync last completed (milliseconds since the epoch).
    pub synced_at: Option<f64>,
    /// Where the next pull of the website leads' inbox starts (`<database>-inbox`);
    /// `None` before the first, and in states stored before the inbox was pulled.
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub inbox_since: Option<Since>,
    /// What this device's inbox pulls met: leads added, matched, refused and why.
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub inbox: Option<crate::inbox_tally::InboxTally>,
}

#[derive(Debug, thiserror::Error)]
#[error("the stored sync state is unreadable ({0}); sync starts afresh")]
pub struct StateError(#[from] ripen_json::Error);

impl SyncState {
    /// The state for `hub`: the stored one if it is about that hub, else a fresh one.
    pub fn for_hub(stored: Option<&str>, hub: &str) -> Result<Self, StateError> {
        let stored = stored.map(ripen_json::from_str::<Self>).transpose()?;
        Ok(stored.filter(|state| state.hub == hub).unwrap_or_else(|| Self { hub: hub.to_owned(), ..Self::default() }))
    }

    pub fn to_json(&self) -> String {
        ripen_json::to_string(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_stored_before_the_inbox_reads_and_the_inbox_since_round_trips() {
        let old = r#"{"hub":"h d","since":12,"pushed":3,"pulled":[],"synced_at":null}"#;
        let state = SyncState::for_hub(Some(old), "h d").unwrap();
        assert_eq!((state.pushed, state.inbox_since.clone()), (3, None));
        assert_eq!(state.to_json(), old, "written back as before while no inbox was pulled");
        let since = Since::from_hub(ripen_json::Json::parse("\"7-g1\"").unwrap());
        let state = SyncState { inbox_since: since.clone(), ..state };
        assert_eq!(SyncState::for_hub(Some(&state.to_json()), "h d").unwrap().inbox_since, since);
    }

    #[test]
    fn since_is_kept_as_the_hub_gave_it() {
        let couch =
            Since::from_hub(ripen_json::Json::parse(&serde_json::json!("12-g1AAAA").to_string()).unwrap()).unwrap();
        let pouch = Since::from_hub(ripen_json::Json::parse(&serde_json::json!(12).to_string()).unwrap()).unwrap();
        assert_eq!((couch.as_query(), pouch.as_query()), ("12-g1AAAA".to_owned(), "12".to_owned()));
        assert_eq!(Since::from_hub(ripen_json::Json::parse(&serde_json::json!([1]).to_string()).unwrap()), None);
        let state = SyncState { since: Some(pouch.clone()), ..SyncState::default() };
        let back = SyncState::for_hub(Some(&state.to_json()), "").unwrap();
        assert_eq!(back.since, Some(pouch));
        assert!(back.to_json().contains(r#""since":12"#), "a number stays a number");
    }

    #[test]
    fn another_hub_starts_afresh_and_damage_is_said() {
        let state = SyncState { hub: "h1".into(), pushed: 7, ..SyncState::default() };
        assert_eq!(SyncState::for_hub(Some(&state.to_json()), "h1").unwrap().pushed, 7);
        assert_eq!(SyncState::for_hub(Some(&state.to_json()), "h2").unwrap().pushed, 0);
        assert_eq!(SyncState::for_hub(None, "h2").unwrap().hub, "h2");
        assert!(SyncState::for_hub(Some("{"), "h1").is_err());
    }
}
