//! `crm.conflicts()`: what the fold surfaced, as the manager reads it — each client named
//! by its current name, so a conflict can be settled without looking ids up.

use ripen_core::conflicts::Conflict;
use ripen_core::ClientId;
use serde::Serialize;

/// A client a conflict is about: its id and current name (`null` if the base no longer
/// holds it).
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct ClientRef<'a> {
    pub id: &'a str,
    pub name: Option<&'a str>,
}

/// One surfaced conflict: `{ kind: "merge_left_out", event, keep, drop, mergedInto }` or
/// `{ kind: "assignment", event, client, owner, overridden }`.
#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConflictView<'a> {
    MergeLeftOut {
        event: String,
        keep: ClientRef<'a>,
        drop: ClientRef<'a>,
        #[serde(rename = "mergedInto")]
        merged_into: ClientRef<'a>,
    },
    Assignment {
        event: String,
        client: ClientRef<'a>,
        owner: Option<&'a str>,
        overridden: Option<&'a str>,
    },
}

impl<'a> ConflictView<'a> {
    /// `name` gives a client's current name, if the base holds it.
    pub fn of(conflict: &'a Conflict, name: impl Fn(&ClientId) -> Option<&'a str>) -> Self {
        let client = |id: &'a ClientId| ClientRef { id: id.as_str(), name: name(id) };
        match conflict {
            Conflict::MergeLeftOut { event, keep, drop, merged_into } => Self::MergeLeftOut {
                event: event.to_string(),
                keep: client(keep),
                drop: client(drop),
                merged_into: client(merged_into),
            },
            Conflict::Assignment { event, client: id, owner, overridden } => Self::Assignment {
                event: event.to_string(),
                client: client(id),
                owner: owner.as_ref().map(|u| u.as_str()),
                overridden: overridden.as_ref().map(|u| u.as_str()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conflict_reads_as_js_sees_it() {
        let nameless = |_: &ClientId| None;
        let conflict = Conflict::Assignment {
            event: "0000000000001.7".parse().unwrap(),
            client: "0000000000001.3".parse().unwrap(),
            owner: Some("vera".parse().unwrap()),
            overridden: None,
        };
        let json = serde_json::to_value(ConflictView::of(&conflict, nameless)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "kind": "assignment", "event": "0000000000001.7",
                "client": { "id": "0000000000001.3", "name": null }, "owner": "vera", "overridden": null })
        );
        let merge = Conflict::MergeLeftOut {
            event: "0000000000001.9".parse().unwrap(),
            keep: "0000000000001.3".parse().unwrap(),
            drop: "0000000000001.4".parse().unwrap(),
            merged_into: "0000000000001.5".parse().unwrap(),
        };
        let json = serde_json::to_value(ConflictView::of(&merge, nameless)).unwrap();
        assert_eq!(json["kind"], "merge_left_out");
        assert_eq!(json["mergedInto"]["id"], "0000000000001.5");
    }
}
