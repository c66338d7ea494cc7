//! Commands: what a user asks for. Validated against the state, they become events.
//! One file a domain area decides its commands; this one holds the list and the stamper.

mod authorize;
mod clients;
mod imports;
mod merge;
mod people;
mod pipelines;
mod routing;
mod shows;
mod templates;
mod touches;
mod web_leads;

pub use shows::LeadCapture;

use crate::decide::revert::{self, RevertContext};
use crate::error::{Error, Problem, ValidationError};
use crate::model::client::{Alias, AliasKind, ClientName, FieldValue, Grantee, NewClient};
use crate::model::event::{Event, EventPayload};
use crate::model::lead::{Consent, Rating, RawAnswer};
use crate::model::people::UserProfile;
use crate::model::pipeline::{CardPosition, Stage};
use crate::model::policy::Rule;
use crate::model::relationship::RelationKind;
use crate::model::routing::{Routing, Target};
use crate::model::sales_plan::SalesPlan;
use crate::model::show::ShowDraft;
use crate::model::touch::{Direction, Origin};
use crate::model::touch::{NpsScore, Outcome, Plan};
use crate::state::CrmState;
use crate::values::clock::{Hlc, HybridClock};
use crate::values::ids::{
    ClientId, EventId, PipelineId, RelationshipId, ReplicaId, RuleId, ShowId, StageId, TeamId, TouchId, UserId,
};
use crate::values::Channel;
use chrono::{DateTime, NaiveDate, Utc};

/// A touch as the user describes it: planned (with a plan) or done (with an outcome).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTouch {
    pub client: ClientId,
    pub channel: Channel,
    pub direction: Direction,
    pub origin: Origin,
    /// When it is planned for, or when it happened (now, unless said).
    pub at: Option<DateTime<Utc>>,
    pub summary: Option<String>,
    /// The client asked for it (a scheduled callback): exempt from the contact policy.
    pub requested: bool,
    /// Overrides the policy's `warn` rules, with this reason kept in the history.
    pub override_reason: Option<String>,
}

impl NewTouch {
    /// An outbound sales touch on `channel`, now, with nothing else said.
    pub fn new(client: ClientId, channel: Channel) -> Self {
        Self {
            client,
            channel,
            direction: Direction::default(),
            origin: Origin::default(),
            at: None,
            summary: None,
            requested: false,
            override_reason: None,
        }
    }
}

/// A request to change the CRM. One command is committed in one transaction: all of its
/// events become durable and visible together, or none do.
#[derive(Debug, Clone, PartialEq, Eq)]
// A command lives for one call; boxing its largest variant would only add noise.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    AddClient(NewClient),
    /// Many clients at once (imports, quick demos): one transaction, one history entry each.
    AddClients(Vec<NewClient>),
    /// Sets each given profile field to its new value; unchanged fields are left out of
    /// the history.
    UpdateClient {
        client: ClientId,
        values: Vec<FieldValue>,
    },
    /// Renames; the old name stays findable as a `former` alias changed on `since`.
    RenameClient {
        client: ClientId,
        name: ClientName,
        since: Option<NaiveDate>,
    },
    AddAlias {
        client: ClientId,
        alias: Alias,
    },
    RemoveAlias {
        client: ClientId,
        kind: AliasKind,
        name: ClientName,
    },
    RemoveClient {
        client: ClientId,
    },
    RestoreClient {
        client: ClientId,
    },
    /// Passes the client to another owner (or to nobody), with the reason.
    HandOff {
        client: ClientId,
        to: Option<UserId>,
        reason: Option<String>,
    },
    /// Routes the client again: by the routing settings, or to `to` (a user, or a
    /// team whose strategy picks the member), with the reason.
    Route {
        client: ClientId,
        to: Option<Target>,
        reason: Option<String>,
    },
    /// Merges the duplicate `drop` into `keep`: names, contacts, touches, cards,
    /// relationships and history; `drop` is removed. One event, revertible.
    Merge {
        keep: ClientId,
        drop: ClientId,
    },
    /// Shares the client with a user or a team (`shared: false` takes the share back).
    Share {
        client: ClientId,
        with: Grantee,
        shared: bool,
    },
    /// Sets the routing settings; `None` turns routing off.
    SaveRouting {
        routing: Option<Routing>,
    },
    /// `to` becomes a `kind` of `from` (a subsidiary of the holding, an employee of the company).
    Link {
        from: ClientId,
        to: ClientId,
        kind: RelationKind,
        position: Option<String>,
        since: Option<NaiveDate>,
    },
    /// The relationship ended on `on` (the employee left the company).
    EndLink {
        relationship: RelationshipId,
        on: NaiveDate,
    },
    PlanTouch {
        touch: NewTouch,
        plan: Plan,
    },
    /// A touch that already happened.
    LogTouch {
        touch: NewTouch,
        result: Option<String>,
        outcome: Option<Outcome>,
        /// The client's NPS answer, if the touch asked for one.
        nps: Option<NpsScore>,
    },
    CompleteTouch {
        touch: TouchId,
        result: Option<String>,
        outcome: Outcome,
        at: Option<DateTime<Utc>>,
        nps: Option<NpsScore>,
    },
    MissTouch {
        touch: TouchId,
    },
    CancelTouch {
        touch: TouchId,
        reason: Option<String>,
    },
    AddPipeline {
        id: PipelineId,
        name: String,
        stages: Vec<Stage>,
    },
    /// Adds a stage at `position` (the end, unless said).
    AddStage {
        pipeline: PipelineId,
        stage: Stage,
        position: Option<usize>,
    },
    /// Renames, re-kinds, re-times or retires a stage: `stage.id` says which.
    ChangeStage {
        pipeline: PipelineId,
        stage: Stage,
    },
    ReorderStages {
        pipeline: PipelineId,
        order: Vec<StageId>,
    },
    /// Puts the client's card on a stage or into "lost" (creating the card if needed).
    MoveStage {
        client: ClientId,
        pipeline: PipelineId,
        to: CardPosition,
        /// The deal's value (whole currency units), when the move records one — e.g. on
        /// reaching "paid"; plans of kind `amount` add these up.
        amount: Option<u64>,
        /// When the card moved, for a move recorded later; now, unless given.
        at: Option<DateTime<Utc>>,
    },
    SaveUser {
        user: UserId,
        profile: UserProfile,
    },
    /// Adds or replaces a contact-policy rule.
    SaveRule {
        rule: Rule,
    },
    RemoveRule {
        rule: RuleId,
    },
    /// Sets (or replaces) the plan of one owner, metric and period.
    SavePlan {
        plan: SalesPlan,
    },
    /// Removes a plan by its id ([`SalesPlan::id`]).
    RemovePlan {
        plan: String,
    },
    /// Sets the recommended next actions shown with cards on a stage.
    SaveStimuli {
        pipeline: PipelineId,
        stage: StageId,
        actions: Vec<String>,
    },
    SaveTeam {
        team: TeamId,
        name: String,
    },
    /// Adds or replaces a message template (checked by [`Template::parse`](crate::model::template::Template::parse)).
    SaveTemplate {
        draft: crate::model::template::TemplateDraft,
    },
    RemoveTemplate {
        template: crate::values::ids::TemplateId,
    },
    /// Adds and fills in clients from a file as one change, listed among the imports and
    /// reverted as a whole.
    Import(Box<crate::model::import::ImportBatch>),
    /// Creates a show (`id: None`) or replaces what the user describes of one.
    SaveShow {
        id: Option<ShowId>,
        draft: ShowDraft,
    },
    /// Archives a show (it takes no new leads), or takes it out of the archive.
    ArchiveShow {
        show: ShowId,
        archived: bool,
    },
    /// A lead met at a show: the client (routed as `AddClient` routes), its card at the
    /// show's stage, its lead record and its consent, in one commit.
    CaptureLead(Box<LeadCapture>),
    /// Changes a lead's answers (given ones replace, cleared ones go) and its rating.
    QualifyLead {
        client: ClientId,
        answers: Vec<(String, RawAnswer)>,
        rating: Option<Rating>,
    },
    /// Records the client's consent: its current one from now on.
    RecordConsent {
        client: ClientId,
        consent: Consent,
    },
    /// Makes `key` the team's lead key (the older ones stay, for leads sealed to them).
    CreateLeadKey {
        key: crate::model::web_lead::LeadKey,
    },
    /// Takes a lead from the website's inbox in: an inbound touch on `matched` (a live
    /// client with its phone or e-mail), or a new client routed by the routing settings.
    /// A lead the fold holds already decides nothing.
    ReceiveWebLead {
        lead: Box<crate::model::web_lead::WebLead>,
        matched: Option<ClientId>,
    },
    /// Undoes one event with a compensating one. Refused with a conflict when a later
    /// change overwrote what it wrote, unless `force`.
    Revert {
        event: EventId,
        force: bool,
    },
}

pub(super) fn not_found(what: &'static str, id: &impl ToString) -> Error {
    Error::NotFound { what, id: id.to_string() }
}

/// What already happened cannot be dated later than now (a few minutes of clock skew
/// between devices allowed); `reason` says what the user should do instead.
pub(super) fn not_in_future(field: &str, at: DateTime<Utc>, now: DateTime<Utc>, reason: &str) -> Result<(), Error> {
    if at > now + chrono::Duration::minutes(5) {
        return Err(ValidationError::new(field, Problem::Malformed { reason: reason.into() }).into());
    }
    Ok(())
}

pub(super) fn live<'a>(state: &'a CrmState, client: &ClientId) -> Result<&'a crate::model::client::Client, Error> {
    state.live_client(client).ok_or_else(|| not_found("client", client))
}

/// What a command decided: payloads to stamp, or events already stamped (commands whose
/// events need their own ids, such as a new client's).
pub(super) enum Decision {
    Payloads(Vec<EventPayload>),
    Events(Vec<Event>),
}

impl Command {
    /// Decides the events of the command against `state`. A revert also needs its
    /// `loaded` context, read from the store.
    pub(crate) fn decide(
        self,
        state: &CrmState,
        stamper: &mut Stamper<'_>,
        loaded: Option<&RevertContext>,
    ) -> Result<Vec<Event>, Error> {
        authorize::authorize(&self, state, stamper.author, loaded)?;
        let decision = match self {
            Self::AddClient(client) => clients::add(state, vec![client], false, stamper)?,
            Self::AddClients(clients) => clients::add(state, clients, true, stamper)?,
            Self::UpdateClient { client, values } => clients::update(state, client, values)?,
            Self::RenameClient { client, name, since } => clients::rename(state, client, name, since)?,
            Self::AddAlias { client, alias } => clients::add_alias(state, client, alias)?,
            Self::RemoveAlias { client, kind, name } => clients::remove_alias(state, client, kind, name)?,
            Self::RemoveClient { client } => clients::remove(state, client)?,
            Self::RestoreClient { client } => clients::restore(state, client)?,
            Self::HandOff { client, to, reason } => people::hand_off(state, client, to, reason)?,
            Self::Route { client, to, reason } => routing::reroute(state, client, to, reason)?,
            Self::Merge { keep, drop } => merge::merge(state, keep, drop)?,
            Self::Share { client, with, shared } => routing::share(state, client, with, shared)?,
            Self::SaveRouting { routing } => routing::save(state, routing)?,
            Self::Link { from, to, kind, position, since } => {
                people::link(state, stamper, from, to, kind, position, since)?
            }
            Self::EndLink { relationship, on } => people::end_link(state, relationship, on)?,
            Self::PlanTouch { touch, plan } => touches::record(state, stamper, touch, Some(plan), None)?,
            Self::LogTouch { touch, result, outcome, nps } => {
                touches::record(state, stamper, touch, None, Some((result, outcome.unwrap_or(Outcome::Success), nps)))?
            }
            Self::CompleteTouch { touch, result, outcome, at, nps } => {
                touches::complete(state, stamper, touch, result, outcome, at, nps)?
            }
            Self::MissTouch { touch } => touches::miss(state, touch)?,
            Self::CancelTouch { touch, reason } => touches::cancel(state, touch, reason)?,
            Self::AddPipeline { id, name, stages } => pipelines::add(state, id, name, stages)?,
            Self::AddStage { pipeline, stage, position } => pipelines::add_stage(state, pipeline, stage, position)?,
            Self::ChangeStage { pipeline, stage } => pipelines::change_stage(state, pipeline, stage)?,
            Self::ReorderStages { pipeline, order } => pipelines::reorder(state, pipeline, order)?,
            Self::MoveStage { client, pipeline, to, amount, at } => {
                pipelines::move_card(state, stamper.now, client, pipeline, to, amount, at)?
            }
            Self::SaveUser { user, profile } => people::save_user(state, user, profile)?,
            Self::SaveRule { rule } => touches::save_rule(state, rule)?,
            Self::RemoveRule { rule } => touches::remove_rule(state, rule)?,
            Self::SavePlan { plan } => people::save_plan(state, plan)?,
            Self::RemovePlan { plan } => people::remove_plan(state, plan)?,
            Self::SaveStimuli { pipeline, stage, actions } => pipelines::save_stimuli(state, pipeline, stage, actions)?,
            Self::SaveTeam { team, name } => people::save_team(state, team, name)?,
            Self::SaveTemplate { draft } => templates::save(state, draft)?,
            Self::RemoveTemplate { template } => templates::remove(state, template)?,
            Self::Import(batch) => imports::import(state, *batch, stamper)?,
            Self::SaveShow { id, draft } => shows::save(state, stamper, id, draft)?,
            Self::ArchiveShow { show, archived } => shows::archive(state, show, archived)?,
            Self::CaptureLead(capture) => shows::capture(state, stamper, *capture)?,
            Self::QualifyLead { client, answers, rating } => shows::qualify(state, client, answers, rating)?,
            Self::RecordConsent { client, consent } => shows::record_consent(state, stamper.now, client, consent)?,
            Self::CreateLeadKey { key } => web_leads::create_key(state, key)?,
            Self::ReceiveWebLead { lead, matched } => web_leads::receive(state, *lead, matched, stamper)?,
            Self::Revert { event, force } => {
                let context = loaded
                    .filter(|c| c.target.id == event)
                    .ok_or_else(|| Error::NotFound { what: "event", id: event.to_string() })?;
                if crate::model::event::members(&context.target).is_some() {
                    imports::revert_batch(state, context, force, stamper)?
                } else {
                    Decision::Payloads(vec![revert::compensate(state, context, force)?])
                }
            }
        };
        Ok(match decision {
            Decision::Events(events) => events,
            Decision::Payloads(payloads) => payloads.into_iter().map(|payload| stamper.stamp(|_| payload)).collect(),
        })
    }
}

/// Gives each new event its id, timestamp and author.
#[derive(Debug)]
pub(crate) struct Stamper<'a> {
    pub(crate) replica: &'a ReplicaId,
    pub(crate) counter: &'a mut u64,
    pub(crate) clock: &'a mut HybridClock,
    pub(crate) author: &'a UserId,
    pub(crate) now: DateTime<Utc>,
}

impl Stamper<'_> {
    pub(crate) fn stamp(&mut self, payload: impl FnOnce(&EventId) -> EventPayload) -> Event {
        *self.counter += 1;
        let id = EventId { replica: self.replica.clone(), counter: *self.counter };
        let at: Hlc = self.clock.tick(self.now);
        let payload = payload(&id);
        Event { id, at, recorded_at: self.now, by: self.author.clone(), payload }
    }
}
