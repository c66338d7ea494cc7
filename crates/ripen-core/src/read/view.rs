//! The read half of the permission check: what the current user may read. Every query
//! the facade answers goes through a `View`, so no list, history, report or agenda shows
//! a client the user may not see.

use crate::error::Error;
use crate::model::campaign::{CampaignEntry, CampaignRequest};
use crate::model::client::{Client, ClientFields, ClientName};
use crate::model::follow_up::FollowUpRequest;
use crate::model::lead::{ConsentEntry, Lead};
use crate::model::people::People;
use crate::model::pipeline::{Card, PipelineBook};
use crate::model::policy::{Candidate, Policy, Verdict};
use crate::model::relationship::Relationship;
use crate::model::routing::Routing;
use crate::model::show::Show;
use crate::model::template::Templates;
use crate::read::access::Access;
use crate::read::agenda::{agenda, AgendaItem, AgendaQuery, Stimuli};
use crate::read::campaigns::{self, CampaignPlan};
use crate::read::follow_ups::{self, FollowUpPlan};
use crate::read::funnel::{report, FunnelQuery, FunnelReport};
use crate::read::plans::{progress, PlanProgress};
use crate::read::policy::{ContactBudget, CountedTouch, LimitBudget};
use crate::read::reports::{activity, nps, Activity, NpsGroupBy, NpsReport};
use crate::read::response::{response_times, waiting, ResponseTimes, WaitingLead};
use crate::read::search::{
    duplicate_pairs, find_duplicates, search, Duplicate, Pair, SearchFilter, SearchHit, SearchIndex,
};
use crate::read::stand::{stand_dashboard, StandDashboard};
use crate::read::suggest::{next_touch, suggestions, NextTouch, SuggestQuery, Suggestion};
use crate::read::templates::{render, Rendered};
use crate::state::conflicts::Conflict;
use crate::state::touch_book::TouchFacts;
use crate::state::CrmState;
use crate::values::ids::{ClientId, EventId, ShowId, TemplateId, UserId};
use chrono::{DateTime, NaiveDate, Utc};
use std::ops::Deref;

/// The state as one user may read it. `S` is anything that holds the state: a plain
/// reference, or the engine's borrow guard.
#[derive(Debug)]
pub struct View<S> {
    state: S,
    access: Access,
}

impl<S: Deref<Target = CrmState>> View<S> {
    pub fn new(state: S, access: Access) -> Self {
        Self { state, access }
    }

    /// The view of `user`, by the users registered in `state`.
    pub fn of(state: S, user: &UserId) -> Self {
        let access = Access::of(&state.people, user);
        Self::new(state, access)
    }

    pub fn access(&self) -> &Access {
        &self.access
    }

    /// A client by id (a removed one too): `not_found`, or `forbidden` when it is not the
    /// user's to see.
    pub fn client(&self, id: &ClientId) -> Result<&Client, Error> {
        let client = self.state.client(id).ok_or_else(|| Error::NotFound { what: "client", id: id.to_string() })?;
        self.access.check_client(&self.state, id)?;
        Ok(client)
    }

    /// The visible clients that are not removed, in the order they were added.
    pub fn clients(&self) -> impl Iterator<Item = &Client> {
        self.state.clients().filter(|c| self.access.sees(&self.state.people, c))
    }

    /// The clients whose events make up the client's history (itself and the duplicates
    /// merged into it): what [`crate::Engine::history`] reads from the store.
    pub fn history_clients(&self, id: &ClientId) -> Result<Vec<ClientId>, Error> {
        self.client(id)?;
        Ok(self.state.history_clients(id))
    }

    /// The event that reverted `event`, if one did.
    pub fn reverted_by(&self, event: &EventId) -> Option<&EventId> {
        self.state.reverted_by(event)
    }

    /// What the state knows of the client's touches, oldest first; none for a client that
    /// does not exist. Their texts come with [`crate::Engine::touches`].
    pub fn touches(&self, id: &ClientId) -> Result<impl Iterator<Item = TouchFacts<'_>>, Error> {
        self.access.check_client(&self.state, id)?;
        Ok(self.state.touches_of(id))
    }

    /// The client's cards, one per pipeline it is in.
    pub fn cards(&self, id: &ClientId) -> Result<Vec<&Card>, Error> {
        self.access.check_client(&self.state, id)?;
        Ok(self.state.pipelines.cards_of(id))
    }

    /// The client's relationships with clients the user also sees, ended ones included.
    pub fn relationships(&self, id: &ClientId) -> Result<Vec<&Relationship>, Error> {
        self.access.check_client(&self.state, id)?;
        let other = |r: &Relationship| if &r.from == id { r.to.clone() } else { r.from.clone() };
        Ok(self.state.relationships.of_client(id).filter(|r| self.access.sees_id(&self.state, &other(r))).collect())
    }

    /// The visible members of the client's group of companies, the client first.
    pub fn group(&self, id: &ClientId) -> Result<Vec<&Client>, Error> {
        self.state.live_client(id).ok_or_else(|| Error::NotFound { what: "client", id: id.to_string() })?;
        self.client(id)?;
        Ok(self
            .state
            .relationships
            .group(id)
            .iter()
            .filter_map(|member| self.state.client(member))
            .filter(|member| self.access.sees(&self.state.people, member))
            .collect())
    }

    /// Whether a touch would keep the contact policy; the client must be live and visible.
    pub fn check_touch(&self, candidate: &Candidate) -> Result<Verdict, Error> {
        self.live(&candidate.client)?;
        Ok(self.state.policy.check(&self.state, candidate))
    }

    pub fn pressure(&self, client: &ClientId, at: DateTime<Utc>) -> Result<f64, Error> {
        self.access.check_client(&self.state, client)?;
        Ok(self.state.policy.pressure(&self.state, client, at))
    }

    /// The client's contact budget at `at` (see [`Policy::budget`]). Touches of a company
    /// or holding that a rule counts stay counted, but those of contacts the user may not
    /// see are shown without their touch, contact or name.
    pub fn contact_budget(&self, client: &ClientId, at: DateTime<Utc>) -> Result<ContactBudget, Error> {
        self.live(client)?;
        let mut budget = self.state.policy.budget(&self.state, client, at);
        let sees = |id: &ClientId| self.state.client(id).is_some_and(|c| self.access.sees(&self.state.people, c));
        let hide = |touch: &mut CountedTouch| {
            if !touch.own && !touch.client.as_ref().is_some_and(sees) {
                touch.touch = None;
                touch.client = None;
                touch.client_name = None;
            }
        };
        for rule in &mut budget.rules {
            match &mut rule.limit {
                LimitBudget::Count { touches, .. } => touches.iter_mut().for_each(hide),
                LimitBudget::MinGap { last, next, .. } => last.iter_mut().chain(next.iter_mut()).for_each(hide),
                LimitBudget::AllowedHours { .. } | LimitBudget::Consent { .. } => {}
            }
        }
        Ok(budget)
    }

    /// Finds the clients the user sees by any name they ever had, phone, email or tag,
    /// best first (`index` is brought up to date first).
    pub fn search(&self, index: &mut SearchIndex, query: &str, limit: usize, filter: &SearchFilter) -> Vec<SearchHit> {
        index.sync(&self.state);
        self.search_now(index, query, limit, filter).0
    }

    /// As [`View::search`], without waiting for a build of the index from scratch that is
    /// under way (after opening, in the background): the hits among the clients indexed so
    /// far, best first — and, while
    /// the build is under way, how many clients it has indexed out of how many. Changes
    /// since the index was up to date are caught up first, unless they start a build.
    pub fn search_now(
        &self,
        index: &mut SearchIndex,
        query: &str,
        limit: usize,
        filter: &SearchFilter,
    ) -> (Vec<SearchHit>, Option<(usize, usize)>) {
        if index.coverage(&self.state).is_none() {
            index.step(&self.state, 0);
        }
        let visible = self.visible();
        let visible: Option<&dyn Fn(&Client) -> bool> = if self.access.sees_all() { None } else { Some(&visible) };
        let hits = search(index, &self.state, query, limit, filter, visible);
        (hits, index.coverage(&self.state))
    }

    /// Clients the user sees that may be the same as a draft (see
    /// [`crate::read::search::find_duplicates`]).
    pub fn find_duplicates(
        &self,
        index: &mut SearchIndex,
        name: Option<&ClientName>,
        fields: &ClientFields,
        limit: usize,
        min_score: u32,
    ) -> Vec<Duplicate> {
        index.sync(&self.state);
        let visible = self.visible();
        find_duplicates(index, &self.state, name, fields, limit, min_score, &visible)
    }

    /// Probable duplicate pairs among the clients the user sees (`index` is brought up
    /// to date first).
    pub fn duplicate_pairs(&self, index: &mut SearchIndex, limit: usize) -> Vec<Pair> {
        index.sync(&self.state);
        let visible = self.visible();
        let visible: Option<&dyn Fn(&Client) -> bool> = if self.access.sees_all() { None } else { Some(&visible) };
        duplicate_pairs(index, &self.state, limit, visible)
    }

    pub fn funnel(&self, query: &FunnelQuery) -> Option<FunnelReport> {
        report(&self.state, query, &self.access)
    }

    pub fn agenda(&self, query: &AgendaQuery) -> Vec<AgendaItem> {
        agenda(&self.state, query, &self.access)
    }

    /// The next best touch of a client the user sees (a removed one says so).
    pub fn next_touch(&self, client: &ClientId, now: DateTime<Utc>) -> Result<NextTouch, Error> {
        Ok(next_touch(&self.state, self.client(client)?, now))
    }

    /// The next best touch of every client the user sees that can have one, ranked.
    pub fn suggestions(&self, query: &SuggestQuery) -> Vec<Suggestion> {
        suggestions(&self.state, &self.access, query)
    }

    /// A campaign as the user would plan it at `now` (see
    /// [`crate::read::campaigns::plan`]); nothing is written.
    pub fn preview_campaign(&self, request: &CampaignRequest, now: DateTime<Utc>) -> Result<CampaignPlan, Error> {
        campaigns::plan(&self.state, &self.access, request, now)
    }

    /// The campaigns planned, oldest first (a reverted one too: [`View::reverted_by`] says
    /// which): every member sees the list; each touch is the client's own to see.
    pub fn campaigns(&self) -> &[CampaignEntry] {
        &self.state.campaigns
    }

    /// A follow-up for every lead of `request`, as the user would plan them (see
    /// [`crate::read::follow_ups::plan`]); nothing is written.
    pub fn preview_follow_ups(&self, user: &UserId, request: &FollowUpRequest) -> Result<FollowUpPlan, Error> {
        follow_ups::plan(&self.state, &self.access, user, request)
    }

    /// The web leads `owner` (everyone, when `None`) has not yet been in touch with, the
    /// longest waiting first.
    pub fn waiting(&self, owner: Option<&UserId>, now: DateTime<Utc>) -> Vec<WaitingLead> {
        waiting(&self.state, owner, now, &self.access)
    }

    /// Time to first touch per source of the clients added in `[from, to)`.
    pub fn response_times(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> ResponseTimes {
        response_times(&self.state, from, to, &self.access)
    }

    pub fn nps(&self, from: DateTime<Utc>, to: DateTime<Utc>, by: Option<NpsGroupBy>) -> NpsReport {
        nps(&self.state, from, to, by, &self.access)
    }

    pub fn activity(&self, from: DateTime<Utc>, to: DateTime<Utc>, author: Option<&UserId>) -> Vec<Activity> {
        activity(&self.state, from, to, author, &self.access)
    }

    pub fn plans(&self, now: DateTime<Utc>) -> Vec<PlanProgress> {
        progress(&self.state, now, &self.access)
    }

    /// The settings everyone works with: pipelines, users and teams, the contact policy,
    /// stimuli and routing. They name no client.
    /// Every show, archived ones too (settings: every member reads them).
    pub fn shows(&self) -> &[Show] {
        self.state.shows()
    }

    pub fn show(&self, id: &ShowId) -> Option<&Show> {
        self.state.show(id)
    }

    /// The client's lead record, if it was met at a show.
    pub fn lead(&self, id: &ClientId) -> Result<Option<&Lead>, Error> {
        self.client(id)?;
        Ok(self.state.lead(id))
    }

    /// Every consent recorded for the client, oldest first (the last is current).
    pub fn consents(&self, id: &ClientId) -> Result<Vec<&ConsentEntry>, Error> {
        self.client(id)?;
        Ok(self.state.consents(id))
    }

    /// The stand dashboard of `show` at `now`, over the leads the user sees.
    pub fn stand_dashboard(&self, show: &ShowId, now: DateTime<Utc>) -> Result<StandDashboard, Error> {
        let show = self.state.show(show).ok_or_else(|| Error::NotFound { what: "show", id: show.to_string() })?;
        Ok(stand_dashboard(&self.state, show, now, |c| self.access.sees(&self.state.people, c)))
    }

    pub fn pipelines(&self) -> &PipelineBook {
        &self.state.pipelines
    }

    pub fn people(&self) -> &People {
        &self.state.people
    }

    pub fn policy(&self) -> &Policy {
        &self.state.policy
    }

    pub fn stimuli(&self) -> &Stimuli {
        &self.state.stimuli
    }

    pub fn templates(&self) -> &Templates {
        &self.state.templates
    }

    /// The template filled in for a client the user sees, on `today`.
    pub fn render_template(
        &self,
        template: &TemplateId,
        client: &ClientId,
        today: NaiveDate,
    ) -> Result<Rendered<'_>, Error> {
        let template = self
            .state
            .templates
            .get(template)
            .ok_or_else(|| Error::NotFound { what: "template", id: template.to_string() })?;
        let client = self.client(client)?;
        Ok(render(&self.state, template, client, today, |c| self.access.sees(&self.state.people, c)))
    }

    pub fn routing(&self) -> Option<&Routing> {
        self.state.routing.as_ref()
    }

    /// What devices decided at once that the fold could not both keep (a lead given two
    /// owners, a merge left out), in fold order. Settling them is a manager's work, so
    /// only heads of sales and admins (and anyone before the first admin) read them, and
    /// only those whose clients they all see: a conflict tells who owns a client.
    pub fn conflicts(&self) -> Result<Vec<&Conflict>, Error> {
        if !self.access.configures() {
            return Err(Error::Forbidden {
                reason: "only a head of sales or an admin sees the conflicts between devices".into(),
            });
        }
        let state: &CrmState = &self.state;
        // A client the state no longer holds hides nothing.
        let visible = |id: &ClientId| state.client(id).is_none_or(|client| self.access.sees(&state.people, client));
        Ok(state.conflicts().iter().filter(|conflict| conflict.clients().into_iter().all(visible)).collect())
    }

    /// Whether the user may see `client` (removed or not).
    pub fn sees(&self, client: &Client) -> bool {
        self.access.sees(&self.state.people, client)
    }

    /// The state under the view, for reads in this crate that check each client with
    /// [`View::sees`] themselves.
    pub(crate) fn state_unchecked(&self) -> &CrmState {
        &self.state
    }

    /// The permission check on one client, for the reads that take a predicate.
    /// Touches of the clients the user sees, planned for `from` on or done since, that a
    /// `block` rule of the contact policy refuses as things stand (see
    /// [`crate::read::policy::Breach`]): limits two devices broke together while apart.
    pub fn limit_breaches(&self, from: DateTime<Utc>) -> Vec<crate::read::policy::Breach> {
        self.state.policy.breaches(&self.state, from, self.visible())
    }

    fn visible(&self) -> impl Fn(&Client) -> bool + '_ {
        |client: &Client| self.access.sees(&self.state.people, client)
    }

    fn live(&self, id: &ClientId) -> Result<&Client, Error> {
        let client = self.client(id)?;
        if client.removed {
            return Err(Error::NotFound { what: "client", id: id.to_string() });
        }
        Ok(client)
    }
}
