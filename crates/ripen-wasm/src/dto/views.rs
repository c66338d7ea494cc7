//! A client as JS sees it.

use ripen_core::{Alias, Client, ClientFields};
use serde::Serialize;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub aliases: &'a [Alias],
    #[serde(flatten)]
    pub fields: &'a ClientFields,
    /// RFC 3339 in UTC, to the millisecond: `new Date(createdAt)` reads it.
    pub created_at: String,
    pub created_by: &'a str,
    pub owner: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub removed: bool,
}

impl<'a> From<&'a Client> for ClientView<'a> {
    fn from(client: &'a Client) -> Self {
        Self {
            id: client.id.as_str(),
            name: client.name.as_str(),
            aliases: &client.aliases,
            fields: &client.fields,
            created_at: client.created_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            created_by: client.created_by.as_str(),
            owner: client.owner.as_ref().map(|o| o.as_str()),
            removed: client.removed,
        }
    }
}
