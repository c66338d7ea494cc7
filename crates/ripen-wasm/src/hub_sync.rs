//! The sync loop of one connected hub: a cycle pushes this device's records not yet on
//! the hub, then pulls the hub's changes until it has caught up, each page of them
//! appended with the new `since` in one transaction and read in like another tab's
//! writes. Cycles run under the Web Lock `ripen-sync:<database>`, so one tab of a device
//! syncs at a time; between cycles a longpoll waits for the hub's news (cut short by a
//! local write or a disconnect), with backoff while the hub cannot be reached. After the
//! team database's pull, each cycle takes in the website leads' inbox (`hub_inbox`), and
//! pushes the leads it took in; the longpoll watches the inbox too.

use crate::dto::{Progress, SyncErrorView, SyncStatusView};
use crate::error::FacadeError;
use crate::hub_http::{self, abort_now, with_lock, HubClient};
use crate::hub_inbox::{self, InboxPhase};
use ripen_core::{Engine, ErrorKind, EventStore};
use ripen_idb::IdbStore;
use ripen_sync::backoff::{verdict, Verdict};
use ripen_sync::changes::{ChangesReply, Waiting};
use ripen_sync::push::{self, MAX_REQUEST_BYTES};
use ripen_sync::status::SyncPhase;
use ripen_sync::{HubDocument, HubUser, Since, SyncState};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Log records read per push page.
const PUSH_PAGE: u32 = 500;
/// Changes asked for per pull page.
const PULL_LIMIT: usize = 200;
/// How long a longpoll waits before asking again (PouchDB Server never ends one itself).
const LONGPOLL_MS: u32 = 50_000;

/// Where sync stands, as `syncStatus()` tells it.
#[derive(Debug, Clone)]
struct Status {
    phase: SyncPhase,
    pending: u64,
    synced_at: Option<f64>,
    progress: Option<Progress>,
    error: Option<(ErrorKind, String)>,
}

/// One connected hub.
pub(crate) struct Syncer {
    engine: Weak<Engine<IdbStore>>,
    lock: String,
    client: HubClient,
    author: HubUser,
    /// What the stored sync state is about.
    key: String,
    status: RefCell<Status>,
    stopped: Cell<bool>,
    /// A local write came since the last push began.
    dirty: Cell<bool>,
    /// The longpoll under way, to cut it short.
    poll: RefCell<Option<JsValue>>,
    /// Called with how many events a pull brought in.
    on_news: Box<dyn Fn(usize)>,
    /// The website leads' inbox beside the team database.
    inbox_url: String,
    inbox_phase: Cell<InboxPhase>,
    /// What the inbox pulls met, as last stored.
    inbox_tally: RefCell<ripen_sync::inbox::InboxTally>,
}

impl std::fmt::Debug for Syncer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Syncer").field("key", &self.key).field("status", &self.status).finish()
    }
}

impl Syncer {
    pub(crate) fn new(
        engine: &Rc<Engine<IdbStore>>,
        database: &str,
        client: HubClient,
        author: HubUser,
        key: String,
        inbox_url: String,
        on_news: impl Fn(usize) + 'static,
    ) -> Rc<Self> {
        Rc::new(Self {
            engine: Rc::downgrade(engine),
            lock: format!("ripen-sync:{database}"),
            client,
            author,
            key,
            // The first cycle starts at once: "idle" before it would say "synced" too soon.
            status: RefCell::new(Status {
                phase: SyncPhase::Syncing,
                pending: 0,
                synced_at: None,
                progress: None,
                error: None,
            }),
            stopped: Cell::new(false),
            dirty: Cell::new(true),
            poll: RefCell::new(None),
            on_news: Box::new(on_news),
            inbox_url,
            inbox_phase: Cell::new(InboxPhase::Waiting),
            inbox_tally: RefCell::default(),
        })
    }

    /// Where the inbox pull stands and what it met.
    pub(crate) fn inbox_status(&self) -> crate::dto::InboxStatusView {
        crate::dto::InboxStatusView::of(self.inbox_phase.get().as_str(), &self.inbox_tally.borrow())
    }

    pub(crate) fn status(&self) -> SyncStatusView {
        let status = self.status.borrow();
        SyncStatusView {
            state: status.phase.as_str(),
            pending: status.pending,
            last_synced_at: status.synced_at.map(iso),
            progress: status.progress,
            error: status.error.as_ref().map(|(kind, message)| SyncErrorView { kind: kind.as_str(), message: message.clone() }),
        }
    }

    /// A local write: push it soon (the longpoll under way is cut short).
    pub(crate) fn poke(&self) {
        self.dirty.set(true);
        self.status.borrow_mut().pending += 1;
        if let Some(controller) = self.poll.borrow_mut().take() {
            abort_now(&controller);
        }
    }

    /// Stops the loop and every request under way; what is stored stays.
    pub(crate) fn stop(&self) {
        self.stopped.set(true);
        abort_now(&self.client.abort);
        if let Some(controller) = self.poll.borrow_mut().take() {
            abort_now(&controller);
        }
        let mut status = self.status.borrow_mut();
        (status.phase, status.progress) = (SyncPhase::Off, None);
    }

    /// Runs the live loop until stopped or logged out.
    pub(crate) fn start(self: &Rc<Self>) {
        let this = Rc::clone(self);
        wasm_bindgen_futures::spawn_local(async move {
            let mut failures = 0;
            while !this.stopped.get() {
                match this.cycle_in_turn().await {
                    Ok(()) => {
                        failures = 0;
                        this.wait_for_news().await;
                    }
                    Err(FacadeError::Unauthorized(_) | FacadeError::Closed) => break,
                    Err(_) => {
                        hub_http::sleep(this.client.backoff.delay_ms(failures, hub_http::jitter())).await;
                        failures = failures.saturating_add(1).min(16);
                    }
                }
            }
        });
    }

    /// One cycle, holding the device's sync lock; the status says how it went.
    pub(crate) async fn cycle_in_turn(self: &Rc<Self>) -> Result<(), FacadeError> {
        let outcome: Rc<RefCell<Option<Result<(), FacadeError>>>> = Rc::default();
        let run = {
            let (this, outcome) = (Rc::clone(self), Rc::clone(&outcome));
            Closure::once_into_js(move || {
                wasm_bindgen_futures::future_to_promise(async move {
                    let result = this.cycle().await;
                    *outcome.borrow_mut() = Some(result);
                    Ok(JsValue::UNDEFINED)
                })
            })
        };
        let _ = JsFuture::from(with_lock(&self.lock, &run)).await;
        let result = outcome.borrow_mut().take().unwrap_or(Err(FacadeError::Closed));
        let mut status = self.status.borrow_mut();
        status.progress = None;
        match &result {
            Ok(()) => (status.phase, status.error) = (SyncPhase::Idle, None),
            Err(error) => {
                status.phase = match error {
                    _ if self.stopped.get() => SyncPhase::Off,
                    FacadeError::Unauthorized(_) => SyncPhase::Unauthorized,
                    FacadeError::Network(_) => SyncPhase::Offline,
                    _ => SyncPhase::Error,
                };
                status.error = Some((error.kind(), error.to_string()));
            }
        }
        result
    }

    async fn cycle(&self) -> Result<(), FacadeError> {
        if self.stopped.get() {
            return Err(FacadeError::Network("disconnected".into()));
        }
        let engine = self.engine.upgrade().ok_or(FacadeError::Closed)?;
        self.status.borrow_mut().phase = SyncPhase::Syncing;
        self.dirty.set(false);
        // Another tab may have pulled or written since: start from what is stored.
        engine.refresh().await?;
        let store = engine.store();
        let stored = store.load_sync_state().await?;
        let state = SyncState::for_hub(stored.as_deref(), &self.key)
            .unwrap_or_else(|_| SyncState { hub: self.key.clone(), ..SyncState::default() });
        let state = self.push(&engine, state).await?;
        let mut state = self.pull(&engine, state).await?;
        // After the team's records: a lead another device took in is known by now, and
        // skipped without a second event.
        let (phase, written) = match hub_inbox::pull(&engine, &self.client, &self.inbox_url, &mut state).await {
            Ok(outcome) => outcome,
            Err(FacadeError::Hub(message)) => {
                web_log(&format!("ripen sync: the leads' inbox: {message}"));
                (InboxPhase::Error, 0)
            }
            Err(error) => return Err(error),
        };
        self.inbox_phase.set(phase);
        if let Some(tally) = &state.inbox {
            self.inbox_tally.borrow_mut().clone_from(tally);
        }
        if written > 0 {
            (self.on_news)(written);
            state = self.push(&engine, state).await?;
        }
        state.synced_at = Some(js_sys::Date::now());
        engine.store().save_sync_state(&state.to_json()).await?;
        let mut status = self.status.borrow_mut();
        status.synced_at = state.synced_at;
        if !self.dirty.get() {
            status.pending = 0;
        }
        Ok(())
    }

    /// Pushes every record of this device after `state.pushed`, a page at a time, the
    /// state stored after each page.
    async fn push(&self, engine: &Engine<IdbStore>, mut state: SyncState) -> Result<SyncState, FacadeError> {
        let store = engine.store();
        let end = store.log_end().await?;
        let (from, total) = (state.pushed, end.saturating_sub(state.pushed));
        self.status.borrow_mut().pending = total.saturating_sub(state.pulled.len() as u64);
        loop {
            let page = store.load_page(state.pushed, PUSH_PAGE).await?;
            if page.last <= state.pushed {
                return Ok(state);
            }
            let plan = push::plan(&self.author, &page, &state);
            for batch in push::batches(plan.docs, MAX_REQUEST_BYTES) {
                self.push_batch(batch).await?;
            }
            store.save_sync_state(&plan.state.to_json()).await?;
            state = plan.state;
            let done = state.pushed.saturating_sub(from).min(total);
            self.status.borrow_mut().progress = Some(Progress { done, total });
        }
    }

    /// One `_bulk_docs` request, halved while the hub says it is too large.
    async fn push_batch(&self, batch: Vec<HubDocument>) -> Result<(), FacadeError> {
        let url = format!("{}_bulk_docs", self.client.database_url);
        let mut queue = vec![batch];
        while let Some(batch) = queue.pop() {
            let answer = self.client.send("POST", &url, Some(push::body(&batch))).await?;
            if answer.status == 413 {
                let (left, right) = push::halve(batch)
                    .ok_or_else(|| FacadeError::Hub("a document is larger than the hub takes".into()))?;
                queue.push(right);
                queue.push(left);
                continue;
            }
            if !(200..300).contains(&answer.status) {
                return Err(FacadeError::Hub(hub_http::reason(&answer)));
            }
            let refusals = push::refusals(&answer.text).map_err(|e| FacadeError::Hub(e.to_string()))?;
            if let Some(refused) = refusals.first() {
                let message = format!("{} of the documents were refused, {}: {} {}", refusals.len(), refused.id, refused.error, refused.reason);
                return Err(FacadeError::Hub(message));
            }
        }
        Ok(())
    }

    /// Pulls the hub's changes after `state.since` until a page comes back short. The next
    /// page is asked for as soon as a page's `last_seq` is read, so the hub works on it
    /// while this one is checked, stored with the new `since` in one transaction and
    /// decoded; each page folded from memory when it follows what is held, a first sync's
    /// pages all at once at its end (`Engine::fold_pulled` folds whatever was not).
    async fn pull(&self, engine: &Engine<IdbStore>, mut state: SyncState) -> Result<SyncState, FacadeError> {
        let mut waiting = Waiting::default();
        let (mut pulled, mut behind) = (0usize, false);
        // A first sync stages its pages and folds them once; later pulls fold each page.
        let mode = engine.pull_mode();
        // Where each page's records went, and their keys.
        let mut stored: Vec<(std::ops::RangeInclusive<u64>, Vec<String>)> = Vec::new();
        let mut asked_since = state.since.clone();
        let mut asked = self.ask_changes(asked_since.as_ref());
        loop {
            let answer = match self.client.answer(JsFuture::from(asked).await) {
                Ok(answer) if !matches!(verdict(answer.status), Verdict::Retry | Verdict::Unauthorized) => answer,
                // A page lost or refused is asked for again from where it started: with
                // backoff, a refused login turned into kind `unauthorized`.
                _ => self.client.send("GET", &self.changes_url(asked_since.as_ref()), None).await?,
            };
            if !(200..300).contains(&answer.status) {
                return Err(FacadeError::Hub(hub_http::reason(&answer)));
            }
            let reply = ChangesReply::parse(&answer.text).map_err(|e| FacadeError::Hub(e.to_string()))?;
            drop(answer);
            let (pending, last_page) = (reply.pending, reply.results.len() < PULL_LIMIT);
            let next = (!last_page).then(|| Since::from_hub(reply.last_seq.clone())).flatten();
            // The hub starts on the next page while this one is taken in.
            asked = match &next {
                Some(since) => self.ask_changes(Some(since)),
                None => js_sys::Promise::resolve(&JsValue::NULL),
            };
            asked_since.clone_from(&next);
            let page = {
                let held = engine.state();
                reply.sort_out(&state, &mut waiting, |id| held.knows(&id.commit)).map_err(|e| FacadeError::Hub(e.to_string()))?
            };
            if let Some(refused) = page.refused.first() {
                // Tampering and damage are reported, never applied; sync goes on.
                web_log(&format!("ripen sync: {} document(s) refused; first: {refused}", page.refused.len()));
                self.status.borrow_mut().error = Some((ErrorKind::Corrupt, refused.to_string()));
            }
            let keys: Vec<String> = page.records.iter().map(|r| r.id.record_key()).collect();
            let records: Vec<String> = page.records.into_iter().map(|r| r.record).collect();
            let taken = engine.append_pulled(&records, &page.state.to_json(), mode).await?;
            pulled += records.len();
            state = page.state;
            match taken.applied {
                Some(applied) if !behind => {
                    if applied > 0 {
                        (self.on_news)(applied);
                    }
                }
                _ => behind = true,
            }
            if let Some(positions) = taken.positions {
                stored.push((positions, keys));
            }
            let done = pulled as u64;
            self.status.borrow_mut().progress = Some(Progress { done, total: done + pending.unwrap_or(0) });
            if next.is_none() {
                break;
            }
        }
        if behind {
            let news = engine.fold_pulled().await?;
            if news > 0 {
                (self.on_news)(news);
            }
        }
        // Records stored right after everything pushed, and folded by now: the push need
        // not walk past them (reading them all back) to find they are not this device's.
        let before = state.pushed;
        for (positions, keys) in stored {
            if *positions.start() != state.pushed + 1 {
                break;
            }
            state.pushed = *positions.end();
            for key in &keys {
                state.pulled.remove(key);
            }
        }
        if state.pushed != before {
            engine.store().save_sync_state(&state.to_json()).await?;
        }
        Ok(state)
    }

    fn changes_url(&self, since: Option<&Since>) -> String {
        let since = since.map(|s| format!("&since={}", encode(&s.as_query()))).unwrap_or_default();
        format!("{}_changes?style=all_docs&include_docs=true&limit={PULL_LIMIT}{since}", self.client.database_url)
    }

    /// Asks for a page of changes without waiting for it.
    fn ask_changes(&self, since: Option<&Since>) -> js_sys::Promise {
        self.client.start("GET", &self.changes_url(since), None, self.client.timeout_ms)
    }

    /// Waits until the hub has news after the stored `since`, a local write comes, the
    /// longpoll times out, or sync is stopped.
    async fn wait_for_news(&self) {
        if self.dirty.get() || self.stopped.get() {
            return;
        }
        let Some(engine) = self.engine.upgrade() else { return };
        let stored = engine.store().load_sync_state().await.ok().flatten();
        drop(engine);
        let stored = SyncState::for_hub(stored.as_deref(), &self.key).ok();
        let query = |since: Option<&Since>| since.map(|s| format!("&since={}", encode(&s.as_query()))).unwrap_or_default();
        let since = query(stored.as_ref().and_then(|s| s.since.as_ref()));
        let url = format!("{}_changes?feed=longpoll&style=all_docs&limit=1{since}", self.client.database_url);
        let controller = hub_http::new_abort();
        *self.poll.borrow_mut() = Some(controller.clone());
        let poller = HubClient { abort: controller.clone(), ..self.client.clone() };
        let polls = js_sys::Array::of1(&poller.start("GET", &url, None, LONGPOLL_MS));
        // A new lead in the inbox ends the wait too, once the inbox has answered a pull.
        if self.inbox_phase.get() == InboxPhase::Idle {
            let since = query(stored.as_ref().and_then(|s| s.inbox_since.as_ref()));
            let url = format!("{}_changes?feed=longpoll&limit=1{since}", self.inbox_url);
            polls.push(&poller.start("GET", &url, None, LONGPOLL_MS));
        }
        // An answer, a timeout or a lost network: the next cycle finds out which.
        let _ = JsFuture::from(js_sys::Promise::race(&polls)).await;
        abort_now(&controller);
        self.poll.borrow_mut().take();
    }
}

/// A query value percent-encoded.
fn encode(value: &str) -> String {
    js_sys::encode_uri_component(value).as_string().unwrap_or_default()
}

fn iso(millis: f64) -> String {
    chrono::DateTime::from_timestamp_millis(millis as i64).map(|t| crate::dto::iso(&t)).unwrap_or_default()
}

fn web_log(message: &str) {
    let console = js_sys::Reflect::get(&js_sys::global(), &"console".into()).ok();
    let warn = console.as_ref().and_then(|c| js_sys::Reflect::get(c, &"warn".into()).ok());
    if let (Some(console), Some(warn)) = (console, warn.and_then(|w| w.dyn_into::<js_sys::Function>().ok())) {
        let _ = warn.call1(&console, &message.into());
    }
}
