//! Events: the immutable facts every change is recorded as. State is a fold of them.

use crate::model::campaign::Campaign;
use crate::model::client::{Alias, AliasKind, ClientFields, ClientName, Field, Grantee};
use crate::model::import::ImportSource;
use crate::model::lead::{Consent, Lead};
use crate::model::merge::Merge;
use crate::model::people::UserProfile;
use crate::model::pipeline::{CardPosition, Pipeline, Stage};
use crate::model::policy::Rule;
use crate::model::relationship::Relationship;
use crate::model::routing::{RouteReason, Routing};
use crate::model::sales_plan::SalesPlan;
use crate::model::show::Show;
use crate::model::template::Template;
use crate::model::touch::{Touch, TouchStatus};
use crate::model::web_lead::{LeadKey, LeadOutcome, WebLead};
use crate::values::clock::Hlc;
use crate::values::ids::{
    ClientId, EventId, PipelineId, RelationshipId, RuleId, ShowId, StageId, TeamId, TemplateId, TouchId, UserId,
};
use crate::values::sort;
use chrono::NaiveDate;
use chrono::{DateTime, Utc};

pub use crate::model::client::FieldChange;

/// One recorded fact. Never edited or deleted once committed; a later event may
/// compensate it.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
pub struct Event {
    pub id: EventId,
    /// Orders events across replicas. Not a time to show: one device with a clock running
    /// ahead pushes every later timestamp forward.
    pub at: Hlc,
    /// The wall-clock time on the recording device: what the user is shown.
    #[json(rename = "t", with = "ripen_json::time::millis")]
    pub recorded_at: DateTime<Utc>,
    pub by: UserId,
    #[json(rename = "ev")]
    pub payload: EventPayload,
}

/// What happened. The serialised tags are part of the storage format: never rename
/// one; add new variants (and list them in [`EventPayload::TYPES`]). Events state facts
/// with their before-values, so that applying and reverting never re-derive anything.
// Externally tagged (`{"client_added": {…}}`): serde reads the tag first and decodes the
// body directly, where an internally tagged enum buffers every event (measured: a quarter
// of the wasm size and most of the decode time).
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "snake_case")]
pub enum EventPayload {
    ClientAdded {
        client: ClientId,
        name: ClientName,
        /// Boxed: most events are small, and the log keeps every one of them.
        #[json(default)]
        fields: Box<ClientFields>,
        #[json(default, skip_serializing_if = "Vec::is_empty")]
        aliases: Vec<Alias>,
        #[json(default, skip_serializing_if = "Option::is_none")]
        owner: Option<UserId>,
    },
    ClientUpdated {
        client: ClientId,
        changes: Vec<FieldChange>,
    },
    /// The current name changes. The old one usually stays findable as a `former` alias
    /// (`former_added`); going back to a former name makes it current again
    /// (`former_removed`).
    ClientRenamed {
        client: ClientId,
        old: ClientName,
        new: ClientName,
        #[json(default, skip_serializing_if = "Option::is_none")]
        former_added: Option<Alias>,
        #[json(default, skip_serializing_if = "Option::is_none")]
        former_removed: Option<Alias>,
    },
    AliasAdded {
        client: ClientId,
        alias: Alias,
    },
    AliasRemoved {
        client: ClientId,
        alias: Alias,
    },
    ClientRemoved {
        client: ClientId,
    },
    ClientRestored {
        client: ClientId,
    },
    /// A hand-off: the client passes from one owner to another.
    OwnerChanged {
        client: ClientId,
        old: Option<UserId>,
        new: Option<UserId>,
        #[json(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Routing chose the client's owner (`new`: `None` when nobody could take it).
    ClientRouted {
        client: ClientId,
        old: Option<UserId>,
        new: Option<UserId>,
        why: Box<RouteReason>,
    },
    /// The client was shared with a user or a team (`new: true`), or no longer is.
    ShareChanged {
        client: ClientId,
        with: Grantee,
        old: bool,
        new: bool,
    },
    /// A duplicate merged into the client it duplicates.
    ClientsMerged {
        merge: Box<Merge>,
    },
    /// A merge taken back (the compensation of `clients_merged`).
    ClientsUnmerged {
        merge: Box<Merge>,
    },
    /// The routing settings (`None`: no routing; clients stay with whoever adds them).
    RoutingSaved {
        old: Option<Box<Routing>>,
        new: Option<Box<Routing>>,
    },
    Linked {
        relationship: Box<Relationship>,
    },
    /// Only a revert of `Linked` takes a relationship off the record; people leaving is
    /// `LinkEnded`.
    Unlinked {
        relationship: Box<Relationship>,
    },
    LinkEnded {
        relationship: RelationshipId,
        between: [ClientId; 2],
        old: Option<NaiveDate>,
        new: Option<NaiveDate>,
    },
    /// Shared with the state's touch book, which copies it only when the touch changes:
    /// a million touches are kept once, not twice.
    TouchRecorded {
        touch: std::rc::Rc<Touch>,
    },
    TouchStatusChanged {
        touch: TouchId,
        client: ClientId,
        old: TouchStatus,
        new: TouchStatus,
    },
    PipelineAdded {
        pipeline: Box<Pipeline>,
    },
    PipelineRemoved {
        pipeline: Box<Pipeline>,
    },
    StageAdded {
        pipeline: PipelineId,
        stage: Stage,
        position: usize,
    },
    StageRemoved {
        pipeline: PipelineId,
        stage: Stage,
        position: usize,
    },
    StageChanged {
        pipeline: PipelineId,
        old: Stage,
        new: Stage,
    },
    StagesReordered {
        pipeline: PipelineId,
        old: Vec<StageId>,
        new: Vec<StageId>,
    },
    /// A card moves: `from`/`to` of `None` is "no card in this pipeline".
    StageMoved {
        client: ClientId,
        pipeline: PipelineId,
        from: Option<CardPosition>,
        to: Option<CardPosition>,
        /// The deal's value recorded with the move, if any.
        #[json(default, skip_serializing_if = "Option::is_none")]
        amount: Option<u64>,
        /// When the card moved, for a move recorded after it happened; the event's own
        /// time otherwise. (A build from before it reads such a move as made when recorded.)
        #[json(default, skip_serializing_if = "Option::is_none")]
        at: Option<DateTime<Utc>>,
    },
    UserSaved {
        user: UserId,
        old: Option<UserProfile>,
        new: Option<UserProfile>,
    },
    TeamSaved {
        team: TeamId,
        old: Option<String>,
        new: Option<String>,
    },
    /// A contact-policy rule added (`old` is `None`) or replaced.
    RuleSaved {
        rule: Box<Rule>,
        old: Option<Box<Rule>>,
    },
    RuleRemoved {
        rule: Box<Rule>,
    },
    /// A sales plan set (`old`: the one it replaced).
    PlanSaved {
        plan: Box<SalesPlan>,
        old: Option<Box<SalesPlan>>,
    },
    PlanRemoved {
        plan: Box<SalesPlan>,
    },
    /// The recommended next actions for a stage (empty: none).
    StimuliSaved {
        pipeline: PipelineId,
        stage: StageId,
        old: Vec<String>,
        new: Vec<String>,
    },
    /// A show created (`old` is `None`), changed or archived (`new.archived`); `new` is
    /// `None` only in a revert of its creation.
    ShowSaved {
        show: ShowId,
        old: Option<Box<Show>>,
        new: Option<Box<Show>>,
    },
    /// A lead's record: captured at a show (`old` is `None`), qualified, or taken back by
    /// a revert (`new` is `None`).
    LeadSaved {
        client: ClientId,
        old: Option<Box<Lead>>,
        new: Option<Box<Lead>>,
    },
    /// A consent recorded: the client's current one from now on (a withdrawal is a record
    /// saying no).
    ConsentRecorded {
        client: ClientId,
        consent: Consent,
        /// Who recorded it, when not the event's author: a revert putting a record back.
        #[json(default, skip_serializing_if = "Option::is_none")]
        by: Option<UserId>,
    },
    /// Only a revert of `consent_recorded` takes a record off the client's list.
    ConsentRetracted {
        client: ClientId,
        consent: Consent,
        /// Who had recorded it.
        #[json(default, skip_serializing_if = "Option::is_none")]
        by: Option<UserId>,
    },
    /// The team's lead key (docs/lead-form.md): the newest is the one pages seal to; the
    /// older ones stay, so leads sealed to them still open.
    LeadKeyCreated {
        key: Box<LeadKey>,
    },
    /// A lead from the website's inbox taken in, with what this device decided. The first
    /// of these for a lead in fold order applies; a later one (another device took the same
    /// lead in at the same time) applies nothing.
    WebLeadReceived {
        lead: Box<WebLead>,
        outcome: Box<LeadOutcome>,
    },
    /// Undoes `target` by applying `changes`, the compensation computed when it was
    /// reverted.
    Reverted {
        target: EventId,
        changes: Vec<EventPayload>,
    },
    /// Marks an import: the `events` events after it in its commit (its counters follow
    /// this one's) are the import's, and revert with it as one.
    Imported {
        source: Box<ImportSource>,
        events: u32,
    },
    /// Marks the revert of a batch (an import, or such a revert): the `events` events
    /// after it are `Reverted` events, one for each of the batch's events.
    ImportReverted {
        target: EventId,
        events: u32,
    },
    /// A message template added (`old` is `None`) or replaced.
    TemplateSaved {
        template: Box<Template>,
        old: Option<Box<Template>>,
    },
    TemplateRemoved {
        template: Box<Template>,
    },
    /// Marks a marketing campaign: the `events` events after it in its commit are its
    /// touches (`touch_recorded`, one per client), and revert with it as one (an
    /// `import_reverted` marks that revert).
    CampaignPlanned {
        campaign: Box<Campaign>,
        events: u32,
    },
}

/// A piece of state one event writes. Reverting an event is safe only while it is still
/// the last writer of each of its slots.
#[derive(Debug, Clone, PartialEq, Eq, Hash, ripen_json::ToJson, ripen_json::FromJson)]
pub enum Slot {
    Existence(ClientId),
    Name(ClientId),
    Field(ClientId, Field),
    Alias(ClientId, AliasKind, ClientName),
    Owner(ClientId),
    Share(ClientId, Grantee),
    Routing,
    Relationship(RelationshipId),
    Touch(TouchId),
    Pipeline(PipelineId),
    Stage(PipelineId, StageId),
    StageOrder(PipelineId),
    Card(ClientId, PipelineId),
    User(UserId),
    Team(TeamId),
    Rule(RuleId),
    Stimuli(PipelineId, StageId),
    /// A sales plan, by owner, metric and period.
    Plan(String),
    Show(ShowId),
    Lead(ClientId),
    Consent(ClientId),
    /// The team's lead keys.
    LeadKey,
    Template(TemplateId),
}

impl Slot {
    /// Whether the slot belongs to a client (its profile, touches, cards, links): such a
    /// slot is written only by events about that client, so its writers are found in the
    /// client's history. The others are settings.
    pub fn is_client_tied(&self) -> bool {
        match self {
            Self::Existence(_)
            | Self::Name(_)
            | Self::Field(..)
            | Self::Alias(..)
            | Self::Owner(_)
            | Self::Share(..)
            | Self::Relationship(_)
            | Self::Touch(_)
            | Self::Card(..)
            | Self::Lead(_)
            | Self::Consent(_) => true,
            Self::Routing
            | Self::Pipeline(_)
            | Self::Stage(..)
            | Self::StageOrder(_)
            | Self::User(_)
            | Self::Team(_)
            | Self::Rule(_)
            | Self::Stimuli(..)
            | Self::Plan(_)
            | Self::Show(_)
            | Self::LeadKey
            | Self::Template(_) => false,
        }
    }
}

impl EventPayload {
    /// Every serialised `type` tag this build understands. A stored event with any other
    /// tag was written by a newer build.
    pub const TYPES: &'static [&'static str] = &[
        "client_added",
        "client_updated",
        "client_renamed",
        "alias_added",
        "alias_removed",
        "client_removed",
        "client_restored",
        "owner_changed",
        "client_routed",
        "share_changed",
        "routing_saved",
        "clients_merged",
        "clients_unmerged",
        "linked",
        "unlinked",
        "link_ended",
        "touch_recorded",
        "touch_status_changed",
        "pipeline_added",
        "pipeline_removed",
        "stage_added",
        "stage_removed",
        "stage_changed",
        "stages_reordered",
        "stage_moved",
        "user_saved",
        "team_saved",
        "rule_saved",
        "rule_removed",
        "stimuli_saved",
        "plan_saved",
        "plan_removed",
        "show_saved",
        "lead_saved",
        "consent_recorded",
        "consent_retracted",
        "lead_key_created",
        "web_lead_received",
        "reverted",
        "imported",
        "import_reverted",
        "template_saved",
        "template_removed",
        "campaign_planned",
    ];

    /// The serialised `type` tag.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::ClientAdded { .. } => "client_added",
            Self::ClientUpdated { .. } => "client_updated",
            Self::ClientRenamed { .. } => "client_renamed",
            Self::AliasAdded { .. } => "alias_added",
            Self::AliasRemoved { .. } => "alias_removed",
            Self::ClientRemoved { .. } => "client_removed",
            Self::ClientRestored { .. } => "client_restored",
            Self::OwnerChanged { .. } => "owner_changed",
            Self::ClientRouted { .. } => "client_routed",
            Self::ShareChanged { .. } => "share_changed",
            Self::RoutingSaved { .. } => "routing_saved",
            Self::ClientsMerged { .. } => "clients_merged",
            Self::ClientsUnmerged { .. } => "clients_unmerged",
            Self::Linked { .. } => "linked",
            Self::Unlinked { .. } => "unlinked",
            Self::LinkEnded { .. } => "link_ended",
            Self::TouchRecorded { .. } => "touch_recorded",
            Self::TouchStatusChanged { .. } => "touch_status_changed",
            Self::PipelineAdded { .. } => "pipeline_added",
            Self::PipelineRemoved { .. } => "pipeline_removed",
            Self::StageAdded { .. } => "stage_added",
            Self::StageRemoved { .. } => "stage_removed",
            Self::StageChanged { .. } => "stage_changed",
            Self::StagesReordered { .. } => "stages_reordered",
            Self::StageMoved { .. } => "stage_moved",
            Self::UserSaved { .. } => "user_saved",
            Self::TeamSaved { .. } => "team_saved",
            Self::RuleSaved { .. } => "rule_saved",
            Self::RuleRemoved { .. } => "rule_removed",
            Self::StimuliSaved { .. } => "stimuli_saved",
            Self::PlanSaved { .. } => "plan_saved",
            Self::PlanRemoved { .. } => "plan_removed",
            Self::ShowSaved { .. } => "show_saved",
            Self::LeadSaved { .. } => "lead_saved",
            Self::ConsentRecorded { .. } => "consent_recorded",
            Self::ConsentRetracted { .. } => "consent_retracted",
            Self::LeadKeyCreated { .. } => "lead_key_created",
            Self::WebLeadReceived { .. } => "web_lead_received",
            Self::Reverted { .. } => "reverted",
            Self::Imported { .. } => "imported",
            Self::ImportReverted { .. } => "import_reverted",
            Self::TemplateSaved { .. } => "template_saved",
            Self::TemplateRemoved { .. } => "template_removed",
            Self::CampaignPlanned { .. } => "campaign_planned",
        }
    }

    /// The clients this event is about, for their histories.
    pub fn clients(&self) -> Vec<&ClientId> {
        let mut clients = match self {
            Self::ClientAdded { client, .. }
            | Self::ClientUpdated { client, .. }
            | Self::ClientRenamed { client, .. }
            | Self::AliasAdded { client, .. }
            | Self::AliasRemoved { client, .. }
            | Self::ClientRemoved { client }
            | Self::ClientRestored { client }
            | Self::OwnerChanged { client, .. }
            | Self::ClientRouted { client, .. }
            | Self::ShareChanged { client, .. }
            | Self::TouchStatusChanged { client, .. }
            | Self::StageMoved { client, .. }
            | Self::LeadSaved { client, .. }
            | Self::ConsentRecorded { client, .. }
            | Self::ConsentRetracted { client, .. } => vec![client],
            Self::Linked { relationship } | Self::Unlinked { relationship } => {
                vec![&relationship.from, &relationship.to]
            }
            Self::LinkEnded { between, .. } => between.iter().collect(),
            Self::ClientsMerged { merge } | Self::ClientsUnmerged { merge } => {
                let relinked = merge.relinked.iter().flat_map(|r| [&r.old.from, &r.old.to]);
                [&merge.keep, &merge.drop].into_iter().chain(relinked).collect()
            }
            Self::TouchRecorded { touch } => vec![&touch.client],
            Self::WebLeadReceived { outcome, .. } => vec![outcome.client()],
            Self::PipelineAdded { .. }
            | Self::PipelineRemoved { .. }
            | Self::StageAdded { .. }
            | Self::StageRemoved { .. }
            | Self::StageChanged { .. }
            | Self::StagesReordered { .. }
            | Self::UserSaved { .. }
            | Self::TeamSaved { .. }
            | Self::RoutingSaved { .. }
            | Self::RuleSaved { .. }
            | Self::RuleRemoved { .. }
            | Self::StimuliSaved { .. }
            | Self::PlanSaved { .. }
            | Self::PlanRemoved { .. }
            | Self::ShowSaved { .. }
            | Self::LeadKeyCreated { .. }
            | Self::Imported { .. }
            | Self::ImportReverted { .. }
            | Self::TemplateSaved { .. }
            | Self::TemplateRemoved { .. }
            | Self::CampaignPlanned { .. } => Vec::new(),
            Self::Reverted { changes, .. } => changes.iter().flat_map(Self::clients).collect(),
        };
        sort::sort(&mut clients);
        clients.dedup();
        clients
    }

    /// The pieces of state this event writes.
    pub fn slots(&self) -> Vec<Slot> {
        match self {
            Self::ClientAdded { client, .. } | Self::ClientRemoved { client } | Self::ClientRestored { client } => {
                vec![Slot::Existence(client.clone())]
            }
            Self::ClientUpdated { client, changes } => {
                changes.iter().map(|c| Slot::Field(client.clone(), c.new.field())).collect()
            }
            Self::ClientRenamed { client, former_added, former_removed, .. } => {
                std::iter::once(Slot::Name(client.clone()))
                    .chain(
                        former_added
                            .iter()
                            .chain(former_removed)
                            .map(|alias| Slot::Alias(client.clone(), alias.kind, alias.name.clone())),
                    )
                    .collect()
            }
            Self::AliasAdded { client, alias } | Self::AliasRemoved { client, alias } => {
                vec![Slot::Alias(client.clone(), alias.kind, alias.name.clone())]
            }
            Self::OwnerChanged { client, .. } | Self::ClientRouted { client, .. } => {
                vec![Slot::Owner(client.clone())]
            }
            Self::ShareChanged { client, with, .. } => vec![Slot::Share(client.clone(), with.clone())],
            Self::RoutingSaved { .. } => vec![Slot::Routing],
            Self::ClientsMerged { merge } | Self::ClientsUnmerged { merge } => merge_slots(merge),
            Self::Linked { relationship } | Self::Unlinked { relationship } => {
                vec![Slot::Relationship(relationship.id.clone())]
            }
            Self::LinkEnded { relationship, .. } => vec![Slot::Relationship(relationship.clone())],
            Self::TouchRecorded { touch } => vec![Slot::Touch(touch.id.clone())],
            Self::TouchStatusChanged { touch, .. } => vec![Slot::Touch(touch.clone())],
            Self::PipelineAdded { pipeline } | Self::PipelineRemoved { pipeline } => {
                let stages = pipeline.stages.iter().map(|s| Slot::Stage(pipeline.id.clone(), s.id.clone()));
                std::iter::once(Slot::Pipeline(pipeline.id.clone()))
                    .chain(stages)
                    .chain(std::iter::once(Slot::StageOrder(pipeline.id.clone())))
                    .collect()
            }
            Self::StageAdded { pipeline, stage, .. } | Self::StageRemoved { pipeline, stage, .. } => {
                vec![Slot::Stage(pipeline.clone(), stage.id.clone()), Slot::StageOrder(pipeline.clone())]
            }
            Self::StageChanged { pipeline, new, .. } => vec![Slot::Stage(pipeline.clone(), new.id.clone())],
            Self::StagesReordered { pipeline, .. } => vec![Slot::StageOrder(pipeline.clone())],
            Self::StageMoved { client, pipeline, .. } => vec![Slot::Card(client.clone(), pipeline.clone())],
            Self::UserSaved { user, .. } => vec![Slot::User(user.clone())],
            Self::TeamSaved { team, .. } => vec![Slot::Team(team.clone())],
            Self::RuleSaved { rule, .. } | Self::RuleRemoved { rule } => vec![Slot::Rule(rule.id.clone())],
            Self::StimuliSaved { pipeline, stage, .. } => vec![Slot::Stimuli(pipeline.clone(), stage.clone())],
            Self::PlanSaved { plan, .. } | Self::PlanRemoved { plan } => {
                let (owner, metric, from, to) = plan.key();
                vec![Slot::Plan(format!("{owner:?}/{metric}/{from}/{to}"))]
            }
            Self::ShowSaved { show, .. } => vec![Slot::Show(show.clone())],
            Self::LeadSaved { client, .. } => vec![Slot::Lead(client.clone())],
            Self::ConsentRecorded { client, .. } | Self::ConsentRetracted { client, .. } => {
                vec![Slot::Consent(client.clone())]
            }
            Self::LeadKeyCreated { .. } => vec![Slot::LeadKey],
            Self::WebLeadReceived { outcome, .. } => match &**outcome {
                LeadOutcome::Added { client, .. } => vec![Slot::Existence(client.clone()), Slot::Owner(client.clone())],
                LeadOutcome::Matched { touch } => vec![Slot::Touch(touch.id.clone())],
            },
            Self::Reverted { changes, .. } => changes.iter().flat_map(Self::slots).collect(),
            // The batch's own events write; the marker only ties them together.
            Self::Imported { .. } | Self::ImportReverted { .. } | Self::CampaignPlanned { .. } => Vec::new(),
            Self::TemplateSaved { template, .. } | Self::TemplateRemoved { template } => {
                vec![Slot::Template(template.id.clone())]
            }
        }
    }
}

/// What a merge writes: the dropped client's existence, the kept client's changed fields
/// and new aliases, and every touch, card and relationship that moved.
fn merge_slots(merge: &Merge) -> Vec<Slot> {
    let (keep, drop) = (&merge.keep, &merge.drop);
    std::iter::once(Slot::Existence(drop.clone()))
        .chain(merge.changes.iter().map(|c| Slot::Field(keep.clone(), c.new.field())))
        .chain(merge.aliases.iter().map(|a| Slot::Alias(keep.clone(), a.kind, a.name.clone())))
        .chain(merge.touches.iter().map(|t| Slot::Touch(t.clone())))
        .chain(
            merge.cards.iter().flat_map(|p| [Slot::Card(keep.clone(), p.clone()), Slot::Card(drop.clone(), p.clone())]),
        )
        .chain(merge.relinked.iter().map(|r| Slot::Relationship(r.old.id.clone())))
        .collect()
}

/// How many events a batch's marker says follow it (0 for any other event).
pub(crate) fn batch_size(payload: &EventPayload) -> u32 {
    match payload {
        EventPayload::Imported { events, .. }
        | EventPayload::ImportReverted { events, .. }
        | EventPayload::CampaignPlanned { events, .. } => *events,
        _ => 0,
    }
}

/// The events of a batch: the `events` that follow its marker in the same commit, whose
/// counters come right after the marker's.
pub(crate) fn members(marker: &Event) -> Option<impl Iterator<Item = EventId> + '_> {
    let count = match &marker.payload {
        EventPayload::Imported { events, .. }
        | EventPayload::ImportReverted { events, .. }
        | EventPayload::CampaignPlanned { events, .. } => *events,
        _ => return None,
    };
    let first = marker.id.counter + 1;
    Some((first..first + u64::from(count)).map(|counter| EventId { replica: marker.id.replica.clone(), counter }))
}
