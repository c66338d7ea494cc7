//! The next best touch: for one client (`next_touch`) or every client in sight
//! (`suggestions`), the channel, the earliest time every rule allows, the hook that makes
//! the touch worth it and the plan `planTouch` takes as it is. Facts of a client are read
//! once (`facts.rs`); the hooks (`hooks.rs`), the channel (`channel.rs`) and the time
//! (`time.rs`) are chosen from them; `list.rs` ranks the clients.

mod channel;
mod facts;
mod hooks;
mod list;
pub mod time;

pub use hooks::{Hook, HookKind};
pub use list::{suggestions, SuggestQuery};

use crate::model::client::Client;
use crate::model::touch::ContactGoal;
use crate::state::CrmState;
use crate::values::ids::{ClientId, PipelineId, StageId, TouchId, UserId};
use crate::values::newtype::string_enum;
use crate::values::zone::Zone;
use crate::values::Channel;
use chrono::{DateTime, Utc};

/// How far ahead an important date or a meetup is a hook.
pub const DAYS_AHEAD: i64 = 14;

/// One touch worth making, with all `planTouch` needs: `clientId`, `channel`, `at`,
/// `goal`, `approach`, `plannedResult` (an outbound sales touch, no override needed).
#[derive(Debug, Clone, PartialEq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct Suggestion {
    pub client_id: ClientId,
    pub client_name: String,
    #[json(skip_serializing_if = "Option::is_none")]
    pub owner: Option<UserId>,
    pub channel: Channel,
    /// The earliest time every rule allows, inside the client's hours.
    #[json(serialize_with = "crate::values::instant::write_json")]
    pub at: DateTime<Utc>,
    pub goal: ContactGoal,
    pub approach: String,
    pub planned_result: String,
    /// Why now: the hook of highest priority…
    pub hook: Hook,
    /// …and the others that apply too, by priority.
    pub also: Vec<Hook>,
    /// The recommended actions of the card's stage.
    pub stimuli: Vec<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<PipelineId>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub stage: Option<StageId>,
    /// Higher is more urgent: the hook's.
    pub urgency: i64,
}

string_enum! {
    /// Why a client gets no suggestion.
    Skip in "skipped" {
        /// The client was removed.
        Removed = "removed",
        /// A touch is already planned (ahead, or overdue): it is due, not a suggestion.
        Planned = "planned",
        /// The client withdrew consent to be contacted: the consent rule refuses any
        /// outbound touch.
        ConsentRefused = "consent_refused",
        /// No phone, e-mail or messenger to reach the client by.
        NoAddress = "no_address",
        /// Addresses, but only for channels the client finds inconvenient.
        NoChannel = "no_channel",
        /// No time within a year that every rule allows.
        NoTime = "no_time",
    }
}

/// `nextTouch`'s answer: a suggestion, or why there is none (and, for a planned touch,
/// which).
#[derive(Debug, Clone, PartialEq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct NextTouch {
    pub client_id: ClientId,
    pub suggestion: Option<Suggestion>,
    pub skipped: Option<Skip>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub touch: Option<TouchId>,
}

/// The next best touch of `client` at `now`.
pub fn next_touch(state: &CrmState, client: &Client, now: DateTime<Utc>) -> NextTouch {
    let facts = facts::Facts::read(state, &client.id);
    let (suggestion, skipped, touch) = match rank(state, client, &facts, now) {
        Ok(ranked) => (Some(ranked.suggestion()), None, None),
        Err((skip, touch)) => (None, Some(skip), touch),
    };
    NextTouch { client_id: client.id.clone(), suggestion, skipped, touch }
}

/// A client's suggestion before it is worded: enough to rank it.
#[derive(Debug)]
pub(super) struct Ranked<'a> {
    client: &'a Client,
    found: hooks::Found<'a>,
    channel: Channel,
    at: DateTime<Utc>,
}

impl Ranked<'_> {
    pub(super) fn at(&self) -> DateTime<Utc> {
        self.at
    }

    /// The suggestion, worded.
    pub(super) fn suggestion(&self) -> Suggestion {
        let mut hooks = self.found.hooks.iter().map(hooks::Lite::hook);
        let hook = hooks.next().unwrap_or_else(|| unreachable!("the quiet hook is always there"));
        let plan = hook.plan();
        let card = self.found.card;
        Suggestion {
            client_id: self.client.id.clone(),
            client_name: self.client.name.to_string(),
            owner: self.client.owner.clone(),
            channel: self.channel,
            at: self.at,
            goal: plan.goal,
            approach: plan.approach,
            planned_result: plan.planned_result,
            urgency: hook.urgency,
            hook,
            also: hooks.collect(),
            stimuli: card.map(|c| c.stimuli.to_vec()).unwrap_or_default(),
            pipeline: card.map(|c| c.pipeline.clone()),
            stage: card.map(|c| c.stage.clone()),
        }
    }
}

/// The suggestion for one client, ranked but not yet worded, or why none (with the
/// planned touch that stands in its way), from the facts of its touches.
fn rank<'a>(
    state: &'a CrmState,
    client: &'a Client,
    facts: &facts::Facts,
    now: DateTime<Utc>,
) -> Result<Ranked<'a>, (Skip, Option<TouchId>)> {
    draft(state, client, facts, now)?.timed(state, now).map_err(|skip| (skip, None))
}

/// A suggestion but for its time, the costly part (the policy's search): enough to rank
/// it among others of another urgency, or of another owner.
#[derive(Debug)]
pub(super) struct Draft<'a> {
    client: &'a Client,
    found: hooks::Found<'a>,
    channel: Channel,
    zone: Zone,
}

impl<'a> Draft<'a> {
    pub(super) fn urgency(&self) -> i64 {
        self.found.main().urgency
    }

    pub(super) fn owner(&self) -> Option<&UserId> {
        self.client.owner.as_ref()
    }

    /// The draft with its time: the earliest every rule allows in the client's hours.
    pub(super) fn timed(self, state: &CrmState, now: DateTime<Utc>) -> Result<Ranked<'a>, Skip> {
        let at = time::earliest(state, &self.client.id, self.channel, self.zone, now)?;
        Ok(Ranked { client: self.client, found: self.found, channel: self.channel, at })
    }
}

/// The client's hooks and channel, or why it gets no suggestion whatever the time.
fn draft<'a>(
    state: &'a CrmState,
    client: &'a Client,
    facts: &facts::Facts,
    now: DateTime<Utc>,
) -> Result<Draft<'a>, (Skip, Option<TouchId>)> {
    if client.removed {
        return Err((Skip::Removed, None));
    }
    if facts.has_planned() {
        return Err((Skip::Planned, facts.planned(state)));
    }
    let zone = state.policy.time_zone_of_client(state, client);
    let found = hooks::find(state, client, facts, zone, now);
    let stage = found.card.map(|c| c.kind);
    let channel = channel::choose(&client.fields, found.main().kind, stage).map_err(|skip| (skip, None))?;
    Ok(Draft { client, found, channel, zone })
}
