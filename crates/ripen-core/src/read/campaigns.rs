//! The campaign planner: one touch for every client of a segment (the client list's
//! filter, among the clients the user sees), each at the earliest time in the window that
//! falls in the client's own hours and that the contact policy allows with no override —
//! counting every touch on record (planned sales touches come first: the campaign works
//! around them) and the campaign's own earlier ones. The clients it leaves out are listed
//! with a typed reason. A campaign that sends a template must name one of the base's, for
//! its channel; each touch lists the template's variables its client has no value for
//! (the text is filled in when it is sent, as a marketing tool's merge fields are).
//! Nothing is written: see [`crate::Engine::plan_campaign`].

use crate::error::Error;
use crate::model::campaign::{Campaign, CampaignRequest, Segment, StageRef};
use crate::model::client::Client;
use crate::model::lead::consent_problem;
use crate::model::pipeline::{CardPosition, StageKind};
use crate::model::policy::{Action, Candidate, Limit, Pending, Policy, Scope, Window};
use crate::model::template::{Template, Variable};
use crate::model::touch::{Direction, Origin};
use crate::read::access::Access;
use crate::read::filter::{matches, ListingFilter};
use crate::read::policy::clients_in;
use crate::read::slots::{self, has_address, Hours, Wanted};
use crate::read::templates::{missing, variables};
use crate::state::touch_book::Progress;
use crate::state::CrmState;
use crate::values::error::{Problem, ValidationError};
use crate::values::ids::{ClientId, TemplateId};
use crate::values::newtype::string_enum;
use crate::values::Channel;
use chrono::{DateTime, Duration, Utc};
use rustc_hash::FxHashMap as HashMap;

string_enum! {
    /// Why a client of the segment gets no touch.
    SkipReason in "reason" {
        /// No current marketing consent (for a marketing send), or the client said no to
        /// being contacted at all: the consent rule.
        NoConsent = "no_consent",
        /// A card of the client waits in a stage of kind `waiting`: left alone by design.
        WaitingStage = "waiting_stage",
        /// The policy (with the touches on record and the campaign's own) leaves no time
        /// in the client's hours within the window.
        OverBudget = "over_budget",
        /// The client finds the channel inconvenient.
        InconvenientChannel = "inconvenient_channel",
        /// Nothing to send to on the channel (no e-mail for an e-mail, no phone for a call).
        NoAddress = "no_address",
        /// The client was removed.
        Removed = "removed",
    }
}

/// A touch the campaign plans.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct CampaignTouch {
    pub client: ClientId,
    pub name: String,
    #[json(serialize_with = "crate::values::instant::write_json")]
    pub at: DateTime<Utc>,
    /// The template's variables this client has no value for: its message would show them
    /// as `{name}` unless the client's record is filled in first.
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<Variable>,
}

/// A client of the segment the campaign leaves out, and why.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct SkippedClient {
    pub client: ClientId,
    pub name: String,
    pub reason: SkipReason,
    /// For `over_budget`: when the policy would next allow the send, if it says (past the
    /// window).
    #[json(serialize_with = "crate::values::instant::write_json_option")]
    pub next_allowed_at: Option<DateTime<Utc>>,
}

/// What a campaign plans and leaves out, each in the order the clients were added; the
/// campaign with its `skipped` counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignPlan {
    pub campaign: Campaign,
    pub planned: Vec<CampaignTouch>,
    pub skipped: Vec<SkippedClient>,
}

impl CampaignPlan {
    /// How many clients were left out for `reason`.
    pub fn skipped_for(&self, reason: SkipReason) -> usize {
        self.skipped.iter().filter(|s| s.reason == reason).count()
    }
}

/// The client list's filter a segment stands for.
pub fn filter_of(segment: &Segment) -> ListingFilter {
    ListingFilter {
        owner: segment.owner.clone(),
        region: segment.region.clone(),
        tag: segment.tag.clone(),
        stage: segment.stage.as_ref().map(|s| (s.pipeline.clone(), s.stage.clone())),
        show: segment.show.clone(),
        rating: segment.rating,
    }
}

/// The segment of a client list's filter.
pub fn segment_of(filter: &ListingFilter) -> Segment {
    Segment {
        owner: filter.owner.clone(),
        region: filter.region.clone(),
        tag: filter.tag.clone(),
        stage: filter
            .stage
            .as_ref()
            .map(|(pipeline, stage)| StageRef { pipeline: pipeline.clone(), stage: stage.clone() }),
        show: filter.show.clone(),
        rating: filter.rating,
    }
}

/// Plans `request` as the user `access` stands for, at `now`: the touches fall in the
/// window from `now` on.
pub fn plan(
    state: &CrmState,
    access: &Access,
    request: &CampaignRequest,
    now: DateTime<Utc>,
) -> Result<CampaignPlan, Error> {
    request.check()?;
    access.check_member()?;
    // Its variables found once: each client is asked only for their values.
    let template = sent_template(state, &request.campaign)?.map(|template| (template, variables(template)));
    let template = template.as_ref().map(|(template, variables)| (*template, variables.as_slice()));
    let mut campaign = request.campaign.clone();
    let filter = filter_of(&campaign.segment);
    let (channel, origin) = (campaign.channel, campaign.origin);
    let applying = || state.policy.rules.iter().filter(move |r| r.applies_to(channel, origin));
    let consent_rule = applying().any(|r| r.limit == Limit::Consent && r.action == Action::Block);
    // The campaign's own touches count only under the rules of a wider scope than the
    // person: it gives each client one.
    let widest = applying().filter(|r| r.limit != Limit::Consent).map(|r| r.scope).max_by_key(|s| match s {
        Scope::Person => 0,
        Scope::Company => 1,
        Scope::Group => 2,
    });
    let shadow = Shadow::of(&state.policy, channel, origin);
    let start = campaign.from.max(now);
    let hours = Hours { from: request.hours.0, to: request.hours.1, weekdays_only: false };
    let mut own: HashMap<ClientId, Pending> = HashMap::default();
    let mut nearby: Vec<Pending> = Vec::new();
    let mut planned = Vec::new();
    let mut skipped = Vec::new();
    // Merged duplicates live on in their keepers, which the segment finds.
    let listed =
        |c: &&Client| state.canonical(&c.id) == &c.id && matches(state, c, &filter) && access.sees(&state.people, c);
    for client in state.clients.iter().filter(listed) {
        let skip = |reason, next_allowed_at| SkippedClient {
            client: client.id.clone(),
            name: client.name.to_string(),
            reason,
            next_allowed_at,
        };
        if let Some(reason) = left_alone(state, client, &campaign, consent_rule, start) {
            skipped.push(skip(reason, None));
            continue;
        }
        nearby.clear();
        if widest.is_some_and(|s| s != Scope::Person) {
            let scope = widest.unwrap_or(Scope::Person);
            nearby.extend(clients_in(state, &client.id, scope).iter().filter_map(|c| own.get(c)).cloned());
        }
        let wanted = Wanted { client, channel, origin, hours, start, until: campaign.to };
        let held =
            |at| shadow.as_ref().and_then(|shadow| shadow.breaks_others(state, &own, client, channel, origin, at));
        match slots::earliest(state, wanted, &nearby, held) {
            Ok(at) => {
                own.insert(client.id.clone(), Pending { client: client.id.clone(), channel, origin, at });
                let missing = template.map_or_else(Vec::new, |(template, variables)| {
                    let today = at.with_timezone(&state.policy.time_zone_of(state, &client.id)).date_naive();
                    missing(state, client, variables, template.locale, today, |c| access.sees(&state.people, c))
                });
                planned.push(CampaignTouch { client: client.id.clone(), name: client.name.to_string(), at, missing });
            }
            Err(_) => {
                // When it would next be allowed: the first time past the window, in its hours.
                let later = Wanted { start: campaign.to, until: campaign.to + Duration::days(366), ..wanted };
                let next = slots::earliest(state, later, &nearby, |_| None).ok();
                skipped.push(skip(SkipReason::OverBudget, next));
            }
        }
    }
    campaign.skipped = u32::try_from(skipped.len()).unwrap_or(u32::MAX);
    Ok(CampaignPlan { campaign, planned, skipped })
}

/// The template the campaign sends, if it names one: one of the base's (a removed one is
/// not found), for the campaign's channel — a marketing send goes by e-mail, so an e-mail
/// template fits it too.
fn sent_template<'s>(state: &'s CrmState, campaign: &Campaign) -> Result<Option<&'s Template>, Error> {
    let Some(named) = &campaign.template else { return Ok(None) };
    let id: TemplateId = named.parse().map_err(|e: ValidationError| ValidationError::new("template", e.problem))?;
    let template = state.templates.get(&id).ok_or_else(|| Error::NotFound { what: "template", id: named.clone() })?;
    let fits = template.channel == campaign.channel
        || (campaign.channel == Channel::MarketingSend && template.channel == Channel::Email);
    if !fits {
        let problem = Problem::WrongChannel { template: template.channel.as_str(), sends: campaign.channel.as_str() };
        return Err(ValidationError::new("template", problem).into());
    }
    Ok(Some(template))
}

/// Why the campaign leaves the client out whatever the time: removed, no consent, in a
/// waiting stage, the channel inconvenient or without an address.
fn left_alone(
    state: &CrmState,
    client: &Client,
    campaign: &Campaign,
    consent_rule: bool,
    start: DateTime<Utc>,
) -> Option<SkipReason> {
    if client.removed {
        return Some(SkipReason::Removed);
    }
    let marketing = campaign.origin == Origin::Marketing;
    if consent_rule && consent_problem(state.consent_at(&client.id, start).map(|e| &e.consent), marketing).is_some() {
        return Some(SkipReason::NoConsent);
    }
    if waits(state, &client.id) {
        return Some(SkipReason::WaitingStage);
    }
    if client.fields.inconvenient_channels.contains(&campaign.channel) {
        return Some(SkipReason::InconvenientChannel);
    }
    if !has_address(client, campaign.channel) {
        return Some(SkipReason::NoAddress);
    }
    None
}

/// Whether a card of the client stands in a stage of kind `waiting`.
fn waits(state: &CrmState, client: &ClientId) -> bool {
    state.pipelines.cards_of(client).iter().any(|card| match &card.position {
        CardPosition::Stage { stage } => state
            .pipelines
            .get(&card.pipeline)
            .and_then(|p| p.stage(stage))
            .is_some_and(|s| s.kind == StageKind::Waiting),
        _ => false,
    })
}

/// Sales touches come first: a campaign's touch must not make a touch already planned
/// break a rule it kept. The candidate's own check sees every rule the same from both
/// ends but the counts over several clients: another client's window is of its own time
/// zone (a calendar day), its own companies. So those rules — counts of a company or a
/// holding that count the campaign's channel — are asked again from the side of each touch
/// planned nearby. A touch on record counts itself there, so each limit is one higher.
struct Shadow {
    policy: Policy,
    scope: Scope,
    /// How far from a touch a window counting it reaches.
    reach: Duration,
}

impl Shadow {
    fn of(policy: &Policy, channel: Channel, origin: Origin) -> Option<Self> {
        let rules: Vec<_> = policy
            .rules
            .iter()
            .filter(|r| r.scope != Scope::Person && r.applies_to(channel, origin))
            .filter_map(|r| match &r.limit {
                Limit::Count { max, window } => {
                    let mut rule = r.clone();
                    rule.limit = Limit::Count { max: max.saturating_add(1), window: window.clone() };
                    Some(rule)
                }
                _ => None,
            })
            .collect();
        let scope = if rules.iter().any(|r| r.scope == Scope::Group) { Scope::Group } else { Scope::Company };
        let reach = rules
            .iter()
            .map(|r| match &r.limit {
                Limit::Count { window: Window::Rolling { hours }, .. } => Duration::hours(i64::from(*hours)),
                _ => Duration::days(32),
            })
            .max()?;
        Some(Self { policy: Policy { rules, default_time_zone: policy.default_time_zone }, scope, reach })
    }

    /// If a touch to `client` at `at` makes a planned touch nearby (on record, or the
    /// campaign's own) break one of the rules more than it did: the next time to try.
    fn breaks_others(
        &self,
        state: &CrmState,
        own: &HashMap<ClientId, Pending>,
        client: &Client,
        channel: Channel,
        origin: Origin,
        at: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let new = Pending { client: client.id.clone(), channel, origin, at };
        let near = |t: DateTime<Utc>| t > at - self.reach && t < at + self.reach;
        for member in clients_in(state, &client.id, self.scope).iter().filter(|m| **m != client.id) {
            let on_record = state
                .touches_of(member)
                .filter(|t| t.status == Progress::Planned && t.direction == Direction::Outbound && !t.requested)
                .map(|t| (t.channel, t.origin, t.at));
            let planned = own.get(member).map(|p| (p.channel, p.origin, p.at));
            for (channel, origin, when) in on_record.chain(planned).filter(|(_, _, when)| near(*when)) {
                let candidate = Candidate {
                    client: member.clone(),
                    channel,
                    origin,
                    direction: Direction::Outbound,
                    requested: false,
                    overridden: true,
                    at: when,
                };
                let mut pending: Vec<Pending> =
                    clients_in(state, member, self.scope).iter().filter_map(|c| own.get(c)).cloned().collect();
                let before = self.policy.check_alongside(state, &candidate, &pending);
                pending.push(new.clone());
                let after = self.policy.check_alongside(state, &candidate, &pending);
                if after.violations.iter().any(|v| !before.violations.iter().any(|b| b.rule == v.rule)) {
                    return Some(at + Duration::hours(1));
                }
            }
        }
        None
    }
}
