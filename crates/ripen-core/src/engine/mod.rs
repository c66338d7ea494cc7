//! The engine: runs commands against the state and a store, in the order that keeps
//! invariant 3 — validate, encode, commit, and only then apply.

#[cfg(any(test, feature = "conformance"))]
pub mod conformance;
mod history;
mod pulled;
pub use pulled::{PullMode, TakenIn};
mod replay;
mod write_queue;

use crate::decide::command::{Command, Stamper};
use crate::engine::write_queue::WriteQueue;
use crate::error::Error;
use crate::log::checkpoint::{self, CheckpointWriter};
use crate::log::codec;
use crate::log::store::{EventStore, StoreError};
use crate::model::campaign::CampaignRequest;
use crate::model::client::{ClientFields, ClientName};
use crate::model::event::Event;
use crate::model::follow_up::FollowUpRequest;
use crate::model::touch::Touch;
use crate::read::access::Access;
use crate::read::campaigns::CampaignPlan;
use crate::read::follow_ups::FollowUpPlan;
use crate::read::listing::{self, ListingPage, ListingQuery, NameKeys};
use crate::read::search::{Duplicate, Pair, SearchFilter, SearchHit, SearchIndex};
use crate::read::view::View;
use crate::state::applied::Gap;
use crate::state::rights::Setting;
use crate::state::CrmState;
use crate::values::clock::HybridClock;
use crate::values::ids::{ClientId, EventId, ReplicaId, TouchId, UserId};
use chrono::{DateTime, Utc};
use std::cell::{Cell, Ref, RefCell};

/// One user's view of one CRM database.
///
/// Reads are synchronous and see only what is durable. Writes are queued first come,
/// first served: a command is decided against the state left by every command called
/// before it, so calls JS fires without awaiting never validate against stale state.
#[derive(Debug)]
pub struct Engine<S> {
    store: S,
    replica: ReplicaId,
    user: RefCell<UserId>,
    state: RefCell<CrmState>,
    clock: RefCell<HybridClock>,
    counter: Cell<u64>,
    writes: WriteQueue,
    /// Built on the first search, kept in step with the state after.
    search: RefCell<SearchIndex>,
    /// Clients' names folded for the list by name, kept in step with the state.
    name_keys: RefCell<NameKeys>,
    /// Damaged records left out when the log was read.
    skipped: RefCell<Vec<codec::Skipped>>,
    /// The store position read up to: what [`Engine::refresh`] reads after.
    read_up_to: Cell<u64>,
    checkpoint: RefCell<CheckpointStatus>,
    /// How many times the state was folded afresh since the open (another tab's commit
    /// that belongs before ones applied): a checkpoint under way starts over.
    refolds: Cell<u64>,
    /// A first sync's pulled events, stored and decoded, waiting to be folded at once.
    staged: RefCell<Option<pulled::Staged>>,
    /// The last campaign previewed through the engine: its commit writes it as it is if the
    /// base has not changed since (see [`Engine::plan_campaign`]).
    campaign_preview: RefCell<Option<crate::decide::campaigns::Previewed>>,
}

/// The state a database holds, folded from its checkpoint and log as an open folds it.
struct Opened {
    state: CrmState,
    replayed: replay::Replayed,
    covers: u64,
    problem: Option<String>,
    /// Events the checkpoint held (none when the log had to be folded from its start).
    checkpointed: usize,
}

impl Opened {
    async fn fold<S: EventStore>(store: &S) -> Result<Self, Error> {
        let (base, covers, mut problem) = from_checkpoint(store).await?;
        let mut checkpointed = base.event_count();
        let state = RefCell::new(base);
        let (state, replayed) = match replay::stream(store, covers, &state).await? {
            Some(replayed) => (state.into_inner(), replayed),
            None => {
                let (base, covers, _) = from_checkpoint(store).await?;
                let (state, replayed, rewound) = replay::sorted(store, covers, base).await?;
                if rewound {
                    (problem, checkpointed) = (Some(LATE_EVENTS.into()), 0);
                }
                (state, replayed)
            }
        };
        Ok(Self { state, replayed, covers, problem, checkpointed })
    }
}

/// Marks the checkpoint status as being written while alive, however writing ends.
struct Writing<'a>(&'a RefCell<CheckpointStatus>);

impl<'a> Writing<'a> {
    fn start(status: &'a RefCell<CheckpointStatus>) -> Self {
        status.borrow_mut().writing = true;
        Self(status)
    }
}

impl Drop for Writing<'_> {
    fn drop(&mut self) {
        self.0.borrow_mut().writing = false;
    }
}

/// Why the checkpoint was passed over when events that belong before its newest arrived
/// after it.
const LATE_EVENTS: &str =
    "events older than its newest arrived after it was written; the log was folded from its start";

/// Catch-up steps a checkpoint takes beyond twice its pieces before it finishes in one
/// turn whatever keeps changing (a stream of writes never lets every piece stand).
const CATCH_UP_STEPS: usize = 16;

/// Where the checkpoint stands: what it covers, how many events were applied since (what
/// the next open folds from the log), and what was wrong with it if it could not be used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckpointStatus {
    pub covers: u64,
    pub events_since: usize,
    pub problem: Option<String>,
    /// Whether one is being written now.
    pub writing: bool,
}

impl<S: EventStore> Engine<S> {
    /// Loads the whole log from `store` and folds it. `replica` must be fresh for every
    /// open (the host draws it from a CSPRNG). A damaged record is left out with its
    /// commit and reported by [`Engine::skipped`]; a log from a newer build is refused.
    pub async fn open(store: S, replica: ReplicaId, user: UserId) -> Result<Self, Error> {
        let Opened { state, replayed, covers, problem, checkpointed } = Opened::fold(&store).await?;
        let since = state.event_count().saturating_sub(checkpointed);
        let mut clock = HybridClock::default();
        if let Some((at, _)) = state.newest() {
            clock.observe(*at);
        }
        Access::of(&state.people, &user).check_member()?;
        let mut skipped = replayed.skipped;
        skipped.extend(store.stray_keys().await?.into_iter().map(|stray| codec::Skipped {
            record: 0,
            position: stray.position,
            problem: stray.problem,
            reason: stray.detail,
        }));
        Ok(Self {
            store,
            replica,
            user: RefCell::new(user),
            state: RefCell::new(state),
            clock: RefCell::new(clock),
            counter: Cell::new(0),
            writes: WriteQueue::default(),
            search: RefCell::new(SearchIndex::default()),
            name_keys: RefCell::default(),
            skipped: RefCell::new(skipped),
            read_up_to: Cell::new(replayed.last),
            checkpoint: RefCell::new(CheckpointStatus { covers, events_since: since, problem, writing: false }),
            refolds: Cell::new(0),
            staged: RefCell::default(),
            campaign_preview: RefCell::default(),
        })
    }

    /// Runs one command as one transaction. On success the returned events are durable
    /// and already applied; on any error nothing is stored and the state is unchanged.
    pub async fn execute(&self, command: Command, now: DateTime<Utc>) -> Result<Vec<Event>, Error> {
        let _turn = self.writes.acquire().await;
        let loaded = match &command {
            Command::Revert { event, .. } => Some(history::revert_context(&self.store, &self.state, event).await?),
            _ => None,
        };
        let (events, ()) = self
            .decide_and_commit(now, |state, stamper| Ok((command.decide(state, stamper, loaded.as_ref())?, ())))
            .await?;
        Ok(events)
    }

    /// Plans a follow-up for every lead of `request` and writes the touches as one commit
    /// (see [`crate::read::follow_ups`]): planned against the state at commit time, so a
    /// lead the preview placed may be refused now (it is listed with the refused). Each
    /// touch is a `touch_recorded` event of its own, reverted one by one.
    pub async fn plan_follow_ups(&self, request: &FollowUpRequest, now: DateTime<Utc>) -> Result<FollowUpPlan, Error> {
        let _turn = self.writes.acquire().await;
        let (_, plan) = self
            .decide_and_commit(now, |state, stamper| crate::decide::follow_ups::decide(state, stamper, request))
            .await?;
        Ok(plan)
    }

    /// A campaign as the current user would plan it at `now` (see
    /// [`crate::read::campaigns::plan`]); nothing is written. Kept, so that committing the
    /// same request on the same base writes it without planning it again.
    pub fn preview_campaign(&self, request: &CampaignRequest, now: DateTime<Utc>) -> Result<CampaignPlan, Error> {
        let state = self.state.borrow();
        let user = self.user.borrow();
        let access = crate::read::access::Access::of(&state.people, &user);
        let plan = crate::read::campaigns::plan(&state, &access, request, now)?;
        *self.campaign_preview.borrow_mut() =
            Some(crate::decide::campaigns::Previewed::of(&state, &user, request, now, plan.clone()));
        Ok(plan)
    }

    /// Plans a campaign and writes it as one commit (see [`crate::read::campaigns`]): a
    /// `campaign_planned` marker and one `touch_recorded` per client, planned against the
    /// state at commit time — so equal to the preview when nothing changed between; the
    /// plan of [`Engine::preview_campaign`] is written as it is when the base, the user,
    /// the request and the window's start are all still the same (planning again would
    /// check the same touches against the same state). Reverting the marker retracts its
    /// touches still planned; done ones stay.
    pub async fn plan_campaign(
        &self,
        request: &CampaignRequest,
        now: DateTime<Utc>,
    ) -> Result<(EventId, CampaignPlan), Error> {
        let _turn = self.writes.acquire().await;
        let previewed = self.campaign_preview.borrow_mut().take();
        let (events, plan) = self
            .decide_and_commit(now, |state, stamper| {
                crate::decide::campaigns::decide(state, stamper, request, previewed)
            })
            .await?;
        let marker = events
            .first()
            .map(|e| e.id.clone())
            .ok_or_else(|| Error::NotFound { what: "campaign", id: String::new() })?;
        Ok((marker, plan))
    }

    /// Decides events against the state (the caller holds the write turn), commits them
    /// and applies them; `decide` may answer something besides its events.
    async fn decide_and_commit<R>(
        &self,
        now: DateTime<Utc>,
        decide: impl FnOnce(&CrmState, &mut Stamper<'_>) -> Result<(Vec<Event>, R), Error>,
    ) -> Result<(Vec<Event>, R), Error> {
        let (events, answer, counter) = {
            let state = self.state.borrow();
            let mut clock = self.clock.borrow_mut();
            let mut counter = self.counter.get();
            let author = self.user.borrow();
            let mut stamper =
                Stamper { replica: &self.replica, counter: &mut counter, clock: &mut clock, author: &author, now };
            let (events, answer) = decide(&state, &mut stamper)?;
            (events, answer, counter)
        };
        if events.is_empty() {
            return Ok((events, answer));
        }
        self.commit(&events).await?;
        // Counters are taken only once committed: a store that fails a commit has stored
        // none of it (the store contract), so the next command reuses them, and a hole in a
        // replica's counters always means a lost record (see [`Engine::gaps`]).
        self.counter.set(counter);
        Ok((events, answer))
    }

    /// Stores `events` as one transaction, then applies them.
    async fn commit(&self, events: &[Event]) -> Result<(), Error> {
        // An import's commit is tens of megabytes of JSON: the texts go to the store
        // without a copy kept beside them.
        let (texts, counts): (Vec<String>, Vec<usize>) = codec::encode_commit_counted(events).into_iter().unzip();
        let positions = self.store.append(&texts).await?;
        drop(texts);
        // Written right after what was read: the state holds the log up to these too, so
        // the next refresh (or pulled records folded in memory) starts after them.
        if positions.first() == Some(&(self.read_up_to.get() + 1)) {
            if let Some(&last) = positions.last() {
                self.read_up_to.set(last);
            }
        }
        self.checkpoint.borrow_mut().events_since += events.len();
        let mut state = self.state.borrow_mut();
        let mut events = events.iter();
        for (count, position) in counts.iter().zip(positions) {
            for event in events.by_ref().take(*count) {
                state.apply(event, position);
            }
        }
        Ok(())
    }

    /// Restores a backup into this engine's database, which must be empty: every event in
    /// one transaction, then applied. Heads of sales and admins only (and anyone before
    /// the first admin).
    pub async fn import_backup(&self, text: &str) -> Result<usize, Error> {
        self.restore(crate::log::backup::read_backup(text)?).await
    }

    /// Restores the events of a backup read and checked already (see
    /// [`crate::backup::read_backup_whole`]), as [`Engine::import_backup`] does.
    pub async fn restore(&self, events: Vec<Event>) -> Result<usize, Error> {
        let _turn = self.writes.acquire().await;
        self.check_restorable()?;
        self.commit(&events).await?;
        if let Some((at, _)) = self.state.borrow().newest() {
            self.clock.borrow_mut().observe(*at);
        }
        Ok(events.len())
    }

    /// Refuses a restore now: from a user who may not restore, or into a database that
    /// holds data.
    pub fn check_restorable(&self) -> Result<(), Error> {
        let state = self.state.borrow();
        Access::of(&state.people, &self.user.borrow()).check_configures(Setting::Backups)?;
        if state.event_count() > 0 {
            return Err(Error::Conflict {
                reason: "a backup is restored into an empty database; this one already holds data".into(),
                later: None,
            });
        }
        Ok(())
    }

    /// Resolves once every write called before this has finished, e.g. before closing.
    pub async fn settled(&self) {
        drop(self.writes.acquire().await);
    }

    /// The current durable state, unchecked: for answering the caller's own writes and
    /// for tests. Reads for the user go through [`Engine::view`]. Do not hold the guard
    /// across an `await`.
    pub fn state(&self) -> Ref<'_, CrmState> {
        self.state.borrow()
    }

    /// The state as the current user may read it. Do not hold it across an `await`.
    pub fn view(&self) -> View<Ref<'_, CrmState>> {
        View::of(self.state.borrow(), &self.user.borrow())
    }

    /// The client's history (its own events and those of the duplicates merged into it),
    /// newest first, read from the store: `not_found`, or `forbidden` when the client is
    /// not the user's to see.
    pub async fn history(&self, client: &ClientId) -> Result<Vec<Event>, Error> {
        let clients = self.view().history_clients(client)?;
        history::newest_first(&self.store, &self.state, &clients).await
    }

    /// As [`Engine::history`] without the permission check, like [`Engine::state`]: for
    /// tests and the engine's own use.
    pub async fn history_unchecked(&self, client: &ClientId) -> Result<Vec<Event>, Error> {
        let clients = self.state.borrow().history_clients(client);
        history::newest_first(&self.store, &self.state, &clients).await
    }

    /// The client's touches, oldest first, texts and all: the facts the state keeps, with
    /// the texts read from the client's history in the store.
    pub async fn touches(&self, client: &ClientId) -> Result<Vec<Touch>, Error> {
        let (clients, order) = {
            let view = self.view();
            let order: Vec<TouchId> = view.touches(client)?.map(|t| t.id()).collect();
            (self.state.borrow().history_clients(client), order)
        };
        if order.is_empty() {
            return Ok(Vec::new());
        }
        let events = history::events_about(&self.store, &self.state, &clients).await?;
        let mut full = history::full_touches(&events);
        Ok(order
            .iter()
            .filter_map(|id| full.remove(id))
            .map(|touch| Touch { client: client.clone(), ..touch })
            .collect())
    }

    /// One touch, texts and all (see [`Engine::touches`]).
    pub async fn touch(&self, id: &TouchId) -> Result<Touch, Error> {
        let not_found = || Error::NotFound { what: "touch", id: id.to_string() };
        let client = self.state.borrow().touches.get(id).map(|t| t.client.clone()).ok_or_else(not_found)?;
        self.touches(&client).await?.into_iter().find(|t| t.id == *id).ok_or_else(not_found)
    }

    /// The whole database as one backup document (see [`crate::backup`]): the log as it
    /// stands once every write called before has finished. Heads of sales and admins only.
    pub async fn backup(&self, now: DateTime<Utc>) -> Result<String, Error> {
        let mut document = String::new();
        self.backup_in_pieces(now, |piece| document.push_str(piece), || async {}).await?;
        Ok(document)
    }

    /// As [`Engine::backup`], handed to `sink` a piece at a time (a page of records' or a
    /// slice of a big commit's events) as the log is read, awaiting `pause()` after each:
    /// the document is never whole in memory here, events are copied as stored (their
    /// checksums checked, never decoded), and the write queue is held only to find where
    /// the log ends — writes called meanwhile go on and land after that point, outside the
    /// backup.
    pub async fn backup_in_pieces<P: std::future::Future<Output = ()>>(
        &self,
        now: DateTime<Utc>,
        mut sink: impl FnMut(&str),
        pause: impl FnMut() -> P,
    ) -> Result<(), Error> {
        let backup = self.backup_events_in_pieces(now, false, &mut sink, pause).await?;
        sink(&backup.tail());
        Ok(())
    }

    /// The head and the events of [`Engine::backup_in_pieces`], for a caller that adds
    /// photos after them (`with_photos`) and the tail, through the pieces given back.
    pub async fn backup_events_in_pieces<P: std::future::Future<Output = ()>>(
        &self,
        now: DateTime<Utc>,
        with_photos: bool,
        mut sink: impl FnMut(&str),
        pause: impl FnMut() -> P,
    ) -> Result<crate::log::backup::BackupPieces, Error> {
        let (up_to, clients) = {
            let _turn = self.writes.acquire().await;
            self.view().access().check_configures(Setting::Backups)?;
            let up_to = self.store.log_end().await?;
            (up_to, self.state.borrow().all_clients().count())
        };
        let mut backup = crate::log::backup::BackupPieces::with_photos(clients, now, with_photos);
        sink(&backup.head());
        replay::copy_commits_up_to(&self.store, up_to, |events, continues| sink(&backup.raw(events, continues)), pause)
            .await?;
        Ok(backup)
    }

    /// A page of the clients the current user sees (see [`crate::read::listing`]).
    pub fn clients_page<R>(&self, query: &ListingQuery, read: impl FnOnce(ListingPage<'_>) -> R) -> Result<R, Error> {
        let view = self.view();
        let page = listing::page(&view, &mut self.name_keys.borrow_mut(), query)?;
        Ok(read(page))
    }

    /// The owners, regions and tags of the clients the current user sees.
    pub fn client_facets<R>(&self, read: impl FnOnce(listing::Facets<'_>) -> R) -> R {
        read(listing::facets(&self.view()))
    }

    /// Searches the clients the current user sees (see [`View::search`]).
    pub fn search(&self, query: &str, limit: usize, filter: &SearchFilter) -> Vec<SearchHit> {
        self.view().search(&mut self.search.borrow_mut(), query, limit, filter)
    }

    /// Searches without waiting for the index's build under way (see [`View::search_now`]).
    pub fn search_now(
        &self,
        query: &str,
        limit: usize,
        filter: &SearchFilter,
    ) -> (Vec<SearchHit>, Option<(usize, usize)>) {
        self.view().search_now(&mut self.search.borrow_mut(), query, limit, filter)
    }

    /// Runs `read` with the user's view and the search index: for work that looks up
    /// many drafts at once, such as an import's preview.
    pub fn with_search<R>(&self, read: impl FnOnce(&View<Ref<'_, CrmState>>, &mut SearchIndex) -> R) -> R {
        read(&self.view(), &mut self.search.borrow_mut())
    }

    /// Clients the current user sees that may be the same as a draft.
    pub fn find_duplicates(&self, name: Option<&ClientName>, fields: &ClientFields, limit: usize) -> Vec<Duplicate> {
        self.view().find_duplicates(&mut self.search.borrow_mut(), name, fields, limit, 0)
    }

    /// Builds or updates the search index by at most `clients` clients; whether it is up to
    /// date. Called a slice at a time after opening, so the first search need not build it.
    pub fn prepare_search(&self, clients: usize) -> bool {
        self.search.borrow_mut().step(&self.state.borrow(), clients)
    }

    /// Whether a write is under way or waiting for its turn: background work (the search
    /// index's build) yields the main thread to it, so a rep's write is not held up
    /// behind a slice of it.
    pub fn writing(&self) -> bool {
        self.writes.busy()
    }

    /// While the search index is built from scratch: how many clients it holds of how many.
    pub fn search_coverage(&self) -> Option<(usize, usize)> {
        self.search.borrow().coverage(&self.state.borrow())
    }

    /// Whether the search index is up to date: a search would not wait for it.
    pub fn search_ready(&self) -> bool {
        self.search.borrow().is_ready(&self.state.borrow())
    }

    /// The client a web lead is from, if the base holds one: a live client — any, not only
    /// those the current user sees, so that every device decides alike — with the lead's
    /// phone (as E.164) or e-mail. A similar name alone is no match ("Иван" wrote twice is
    /// not one person); of several, the surest (a name agreeing too), then the smallest
    /// id. Through the duplicate search, at its contact score (90).
    pub fn web_lead_match(&self, lead: &crate::model::web_lead::WebLead) -> Option<ClientId> {
        let state = self.state.borrow();
        let mut index = self.search.borrow_mut();
        index.sync(&state);
        let fields = lead.client_fields();
        let found = crate::read::search::find_duplicates(&index, &state, Some(&lead.name), &fields, 8, 90, &|_| true);
        found
            .into_iter()
            .find(|d| {
                d.reasons.iter().any(|r| {
                    matches!(
                        r,
                        crate::read::search::Reason::SamePhone { .. } | crate::read::search::Reason::SameEmail { .. }
                    )
                })
            })
            .map(|d| d.client)
    }

    /// Probable duplicate pairs among the clients the current user sees.
    pub fn duplicate_pairs(&self, limit: usize) -> Vec<Pair> {
        self.view().duplicate_pairs(&mut self.search.borrow_mut(), limit)
    }

    /// Makes `user` the current user once every write called before has finished (those
    /// stay recorded for the previous user). Refused with `forbidden` when `user` is not
    /// registered in a CRM that has an admin.
    /// The users registered in the database `store` holds, read without logging in: a
    /// device whose user is not let in (an admin was added, or their profile removed)
    /// asks who is using it from these. Empty while the CRM has no admin.
    pub async fn users_of(store: &S) -> Result<Vec<(UserId, crate::model::people::UserProfile)>, Error> {
        let Opened { state, .. } = Opened::fold(store).await?;
        if !state.people.has_admin() {
            return Ok(Vec::new());
        }
        Ok(state.people.users().map(|(id, profile)| (id.clone(), profile.clone())).collect())
    }

    pub async fn switch_user(&self, user: UserId) -> Result<(), Error> {
        let _turn = self.writes.acquire().await;
        Access::of(&self.state.borrow().people, &user).check_member()?;
        *self.user.borrow_mut() = user;
        Ok(())
    }

    /// The damaged records left out (with the rest of their commits), and why: the page
    /// should tell the user.
    pub fn skipped(&self) -> Vec<codec::Skipped> {
        self.skipped.borrow().clone()
    }

    /// Events missing from the log: holes in a replica's counters, each a record lost
    /// (deleted, or left out as damaged) — or, with team sync, not arrived yet.
    pub fn gaps(&self) -> Vec<Gap> {
        self.state.borrow().applied.gaps()
    }

    /// Reads what other connections (another tab) committed since the last read and
    /// applies it; returns how many new events there were. Runs in the write queue, so a
    /// command called after it is decided against the news. Events that belong before
    /// ones already applied (another tab's clock behind) make the state fold afresh, so it
    /// always equals the fold of the whole log.
    pub async fn refresh(&self) -> Result<usize, Error> {
        let _turn = self.writes.acquire().await;
        self.refresh_in_turn().await
    }

    async fn refresh_in_turn(&self) -> Result<usize, Error> {
        let before = self.state.borrow().event_count();
        let mut rewound = false;
        let replayed = match replay::stream(&self.store, self.read_up_to.get(), &self.state).await? {
            Some(replayed) => replayed,
            None => {
                let (base, covers, _) = from_checkpoint(&self.store).await?;
                let (state, replayed, from_start) = replay::sorted(&self.store, covers, base).await?;
                rewound = from_start;
                *self.state.borrow_mut() = state;
                self.refolds.set(self.refolds.get() + 1);
                *self.search.borrow_mut() = SearchIndex::default();
                *self.name_keys.borrow_mut() = NameKeys::default();
                *self.skipped.borrow_mut() = Vec::new();
                replayed
            }
        };
        self.read_up_to.set(replayed.last);
        self.skipped.borrow_mut().extend(replayed.skipped);
        let fresh = self.state.borrow().event_count().saturating_sub(before);
        let mut status = self.checkpoint.borrow_mut();
        status.events_since += fresh;
        if rewound {
            // The checkpoint holds a fold these events belong inside: every open would
            // fold the log from its start until a new one is written.
            (status.problem, status.events_since) = (Some(LATE_EVENTS.into()), self.state.borrow().event_count());
        }
        drop(status);
        if let Some((at, _)) = self.state.borrow().newest() {
            self.clock.borrow_mut().observe(*at);
        }
        Ok(fresh)
    }

    /// Writes a checkpoint of the state (see [`crate::checkpoint`]) and saves it; returns
    /// the log position it covers. It is written a piece at a time, each in a turn of the
    /// write queue of its own, awaiting `pause()` between turns: writes called meanwhile
    /// go between the pieces (they wait for one piece, never for the checkpoint), and the
    /// pieces they changed are written again. Once every piece stands — or after a bounded
    /// number of catch-up steps under a stream of writes — a turn reads other tabs' writes
    /// (so the checkpoint covers them), and the next one writes what changed since and the
    /// small pieces, and takes the checkpoint of the state as it is then. Reads go on as
    /// usual.
    pub async fn write_checkpoint<P: std::future::Future<Output = ()>>(
        &self,
        mut pause: impl FnMut() -> P,
    ) -> Result<u64, Error> {
        let _writing = Writing::start(&self.checkpoint);
        let mut writer = CheckpointWriter::new();
        let mut epoch = self.refolds.get();
        let (mut steps, mut refreshed) = (0usize, false);
        let (checkpoint, applied) = loop {
            let turn = self.writes.acquire().await;
            if self.refolds.get() != epoch {
                // The state was folded afresh: nothing written so far describes it.
                (writer, epoch, steps, refreshed) = (CheckpointWriter::new(), self.refolds.get(), 0, false);
            }
            let clean = writer.step(&self.state.borrow());
            steps += 1;
            let pieces_now = writer.pieces_written();
            if clean || steps > 2 * pieces_now + CATCH_UP_STEPS {
                if refreshed {
                    // The state holds every record up to `read_up_to` (and this tab's own
                    // writes since, which an open after it recognises as applied).
                    let state = self.state.borrow();
                    let checkpoint = std::mem::take(&mut writer).finish(&state, self.read_up_to.get());
                    break (checkpoint, self.checkpoint.borrow().events_since);
                }
                // Other tabs' writes read in a turn of their own: the last turn then does
                // no reading, only what changed since and the small pieces.
                self.refresh_in_turn().await?;
                refreshed = true;
            }
            drop(turn);
            pause().await;
        };
        // Saving needs no turn: the bytes are taken, and writes meanwhile land after `covers`.
        self.store.save_checkpoint(&checkpoint).await?;
        let mut status = self.checkpoint.borrow_mut();
        let since = status.events_since.saturating_sub(applied);
        *status = CheckpointStatus { covers: checkpoint.covers, events_since: since, problem: None, writing: true };
        Ok(checkpoint.covers)
    }

    /// A name for what the state holds: equal on any two devices holding the same events,
    /// whatever order they arrived in (see [`crate::digest`]).
    pub fn digest(&self) -> String {
        crate::log::digest::digest(&self.state.borrow())
    }

    /// The device (replica) whose clock stamped the newest event known more than
    /// [`crate::values::clock::MAX_AHEAD_MILLIS`] ahead of `now`, and by how many
    /// milliseconds: every device follows it to keep changes in order (see
    /// [`crate::values::clock::HybridClock`]); someone should set that device's clock right.
    pub fn clock_ahead(&self, now: DateTime<Utc>) -> Option<(ReplicaId, i64)> {
        let state = self.state.borrow();
        let (at, id) = state.newest()?;
        let ahead = at.millis.saturating_sub(now.timestamp_millis());
        (ahead > crate::values::clock::MAX_AHEAD_MILLIS).then(|| (id.replica.clone(), ahead))
    }

    /// Where the checkpoint stands.
    pub fn checkpoint_status(&self) -> CheckpointStatus {
        self.checkpoint.borrow().clone()
    }

    pub fn store(&self) -> &S {
        &self.store
    }

    /// The user every change is recorded for.
    pub fn user(&self) -> UserId {
        self.user.borrow().clone()
    }

    pub fn replica(&self) -> &ReplicaId {
        &self.replica
    }

    /// Gives the store back, e.g. to close it.
    pub fn into_store(self) -> S {
        self.store
    }
}

/// The state the saved checkpoint holds, the log position it covers, and why it could not
/// be used if it could not (then the log is read from its start, and the page writes a
/// new checkpoint). A checkpoint is a cache: only an unavailable store stops the open.
async fn from_checkpoint<S: EventStore>(store: &S) -> Result<(CrmState, u64, Option<String>), Error> {
    let mut reader = checkpoint::CheckpointReader::new();
    let dropped = |problem: String| (CrmState::default(), 0, Some(problem));
    let (state, covers) = match store.load_checkpoint(&mut reader).await {
        Ok(true) => match reader.finish() {
            Ok(read) => read,
            Err(error) => return Ok(dropped(error.to_string())),
        },
        Ok(false) => return Ok((CrmState::default(), 0, None)),
        Err(error @ StoreError::Unavailable { .. }) => return Err(error.into()),
        Err(error) => return Ok(dropped(error.to_string())),
    };
    // A checkpoint covering records the log does not hold would hide the writes that
    // take those positions next; it disagrees with the log, which is the truth.
    let end = store.log_end().await?;
    if covers > end {
        return Ok(dropped(format!("it covers the log up to position {covers}, but the log ends at {end}")));
    }
    Ok((state, covers, None))
}
