//! What JS receives: clients, touches and cards, with times as RFC 3339 strings.

use ripen_core::agenda::Stimuli;
use ripen_core::client::AllFields;
use ripen_core::pipeline::{Card, CardPosition};
use ripen_core::policy::Violation;
use ripen_core::touch::{Direction, Origin, Outcome, Touch, TouchStatus};
use ripen_core::values::Channel;
use ripen_core::{Alias, Client};
use ripen_json::ToJson;

#[derive(Debug, ToJson)]
#[json(rename_all = "camelCase")]
pub struct ClientView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub aliases: &'a [Alias],
    #[json(flatten)]
    pub fields: AllFields<'a>,
    /// RFC 3339 in UTC, to the millisecond: `new Date(createdAt)` reads it.
    pub created_at: String,
    pub created_by: &'a str,
    pub owner: Option<&'a str>,
    /// Users and teams the client is shared with: `[{ user }, { team }]`.
    pub shared_with: &'a std::collections::BTreeSet<ripen_core::Grantee>,
    #[json(skip_serializing_if = "std::ops::Not::not")]
    pub removed: bool,
}

impl<'a> From<&'a Client> for ClientView<'a> {
    fn from(client: &'a Client) -> Self {
        Self {
            id: client.id.as_str(),
            name: client.name.as_str(),
            aliases: &client.aliases,
            fields: client.fields.all(),
            created_at: client.created_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            created_by: client.created_by.as_str(),
            owner: client.owner.as_ref().map(|o| o.as_str()),
            shared_with: &client.shared_with,
            removed: client.removed,
        }
    }
}

/// RFC 3339, UTC, millisecond precision: how every time reaches JS.
pub fn iso(time: &chrono::DateTime<chrono::Utc>) -> String {
    ripen_core::values::instant::iso(time)
}

/// A touch as JS sees it: the plan and the result side by side, times as RFC 3339.
#[derive(Debug, ToJson)]
#[json(rename_all = "camelCase")]
pub struct TouchView<'a> {
    pub id: &'a str,
    pub client_id: &'a str,
    pub channel: Channel,
    pub direction: Direction,
    pub origin: Origin,
    pub author: &'a str,
    pub at: String,
    pub summary: Option<&'a str>,
    pub goal: Option<String>,
    pub approach: Option<&'a str>,
    pub planned_result: Option<&'a str>,
    pub status: &'static str,
    pub result: Option<&'a str>,
    pub outcome: Option<Outcome>,
    pub done_at: Option<String>,
    pub cancel_reason: Option<&'a str>,
    pub nps: Option<u8>,
    pub requested: bool,
    pub override_reason: Option<&'a str>,
    /// The rules it broke when it was done (logged or completed at a time the contact
    /// policy refused); left out when none.
    #[json(skip_serializing_if = "no_violations")]
    pub violations: &'a [Violation],
}

impl<'a> From<&'a Touch> for TouchView<'a> {
    fn from(touch: &'a Touch) -> Self {
        let (result, outcome, done_at, cancel_reason, nps, violations) = match &touch.status {
            TouchStatus::Done { result, outcome, done_at, nps, violations } => {
                (result.as_deref(), Some(*outcome), Some(iso(done_at)), None, nps.map(u8::from), violations.as_slice())
            }
            TouchStatus::Cancelled { reason } => (None, None, None, reason.as_deref(), None, &[][..]),
            _ => (None, None, None, None, None, &[][..]),
        };
        Self {
            id: touch.id.as_str(),
            client_id: touch.client.as_str(),
            channel: touch.channel,
            direction: touch.direction,
            origin: touch.origin,
            author: touch.author.as_str(),
            at: iso(&touch.at),
            summary: touch.summary.as_deref(),
            goal: touch.plan.as_ref().map(|p| p.goal.to_string()),
            approach: touch.plan.as_ref().map(|p| p.approach.as_str()),
            planned_result: touch.plan.as_ref().map(|p| p.planned_result.as_str()),
            status: touch.status.name(),
            result,
            outcome,
            done_at,
            cancel_reason,
            nps,
            requested: touch.requested,
            override_reason: touch.override_reason.as_deref(),
            violations,
        }
    }
}

fn no_violations(violations: &&[Violation]) -> bool {
    violations.is_empty()
}

/// A client's card in one pipeline, with its stage's recommended next actions.
#[derive(Debug, ToJson)]
#[json(rename_all = "camelCase")]
pub struct CardView<'a> {
    pub client_id: &'a str,
    pub pipeline: &'a str,
    pub stage: Option<&'a str>,
    pub lost: Option<&'a str>,
    pub since: String,
    pub suggestions: &'a [String],
}

impl<'a> CardView<'a> {
    pub fn new(card: &'a Card, stimuli: &'a Stimuli) -> Self {
        let (stage, lost, suggestions) = match &card.position {
            CardPosition::Stage { stage } => (Some(stage.as_str()), None, stimuli.for_stage(&card.pipeline, stage)),
            CardPosition::Lost { reason } => (None, Some(reason.as_str()), &[][..]),
        };
        Self {
            client_id: card.client.as_str(),
            pipeline: card.pipeline.as_str(),
            stage,
            lost,
            since: iso(&card.since),
            suggestions,
        }
    }
}
