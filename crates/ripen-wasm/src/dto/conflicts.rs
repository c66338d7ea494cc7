//! `crm.conflicts()`: what the fold surfaced, as the manager reads it — each client named
//! by its current name, so a conflict can be settled without looking ids up.

use ripen_core::conflicts::Conflict;
use ripen_core::rights::Refusal;
use ripen_core::ClientId;
use ripen_json::ToJson;

/// A client a conflict is about: its id and current name (`null` if the base no longer
/// holds it).
#[derive(Debug, ToJson, PartialEq, Eq)]
pub struct ClientRef<'a> {
    pub id: &'a str,
    pub name: Option<&'a str>,
}

/// One surfaced conflict: `{ kind: "merge_left_out", event, keep, drop, mergedInto }`,
/// `{ kind: "assignment", event, client, owner, overridden }` or `{ kind: "unauthorized",
/// event, author, rule, client, setting, user, clients, events }`.
#[derive(Debug, ToJson, PartialEq, Eq)]
#[json(tag = "kind", rename_all = "snake_case")]
pub enum ConflictView<'a> {
    MergeLeftOut {
        event: String,
        keep: ClientRef<'a>,
        drop: ClientRef<'a>,
        #[json(rename = "mergedInto")]
        merged_into: ClientRef<'a>,
    },
    Assignment {
        event: String,
        client: ClientRef<'a>,
        owner: Option<&'a str>,
        overridden: Option<&'a str>,
    },
    /// An event left out: its author had no right to it by the events before it. `rule`
    /// says which right: `not_member`, `client` (the `client` out of their sight),
    /// `configures` (the `setting`), `admins_only`, `last_admin` (the `user`).
    Unauthorized {
        event: String,
        author: &'a str,
        rule: &'static str,
        client: Option<ClientRef<'a>>,
        setting: Option<String>,
        user: Option<&'a str>,
        clients: Vec<ClientRef<'a>>,
        /// For an import (or its revert) refused as a whole: how many events went with it.
        events: u32,
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
            Conflict::Unauthorized { event, author, refusal, clients, events } => {
                let (rule, refused, setting, user) = match refusal {
                    Refusal::NotMember => ("not_member", None, None, None),
                    Refusal::Client { client: id } => ("client", Some(client(id)), None, None),
                    Refusal::Configures { setting } => ("configures", None, Some(setting_name(*setting)), None),
                    Refusal::AdminsOnly => ("admins_only", None, None, None),
                    Refusal::LastAdmin { user } => ("last_admin", None, None, Some(user.as_str())),
                };
                Self::Unauthorized {
                    event: event.to_string(),
                    author: author.as_str(),
                    rule,
                    client: refused,
                    setting,
                    user,
                    clients: clients.iter().map(client).collect(),
                    events: *events,
                }
            }
        }
    }
}

/// A setting by its stored name (`users`, `contact_policy`, …), as the page's strings key it.
fn setting_name(setting: ripen_core::rights::Setting) -> String {
    // Its JSON text without the quotes: the name the log stores.
    ripen_json::to_string(&setting).trim_matches('"').to_owned()
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
        let json = crate::tests_json(&ConflictView::of(&conflict, nameless));
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
        let json = crate::tests_json(&ConflictView::of(&merge, nameless));
        assert_eq!(json["kind"], "merge_left_out");
        assert_eq!(json["mergedInto"]["id"], "0000000000001.5");
        let unauthorized = Conflict::Unauthorized {
            event: "0000000000002.4".parse().unwrap(),
            author: "boris".parse().unwrap(),
            refusal: Refusal::Configures { setting: ripen_core::rights::Setting::ContactPolicy },
            clients: vec![],
            events: 0,
        };
        let json = crate::tests_json(&ConflictView::of(&unauthorized, nameless));
        assert_eq!(
            json,
            serde_json::json!({ "kind": "unauthorized", "event": "0000000000002.4", "author": "boris",
                "rule": "configures", "client": null, "setting": "contact_policy", "user": null, "clients": [], "events": 0 })
        );
    }
}
