//! The `Crm` class JS uses — its lifecycle: open, close, delete; and the helpers every
//! call shares. The calls themselves live in `clients.rs` and `history.rs`.

use crate::boundary;
use crate::checkpoints;
use crate::dto::{self, OpenOptions};
use crate::error::FacadeError;
use crate::js::{self, to_js_error};
use crate::hub_sync::Syncer;
use crate::search_warmup;
use crate::tabs::{Channel, Subscribers};
use crate::{normalize, zones};
use ripen_core::values::Region;
use ripen_core::{Command, Engine, Event, UserId};
use ripen_idb::IdbStore;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

pub(crate) type SharedEngine = Rc<Engine<IdbStore>>;

/// An open Ripen CRM: one database, one current user.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Crm {
    /// `None` once closed: the state's memory goes with it.
    engine: RefCell<Option<SharedEngine>>,
    name: String,
    /// The current user, kept for after `close`.
    user: Rc<RefCell<String>>,
    /// Whether persistent storage was asked for yet (once, after the first write).
    persistence_asked: Rc<Cell<bool>>,
    /// Other tabs on the same database; `None` where there is no `BroadcastChannel`.
    channel: Option<Rc<Channel>>,
    subscribers: Rc<RefCell<Subscribers>>,
    /// Whether this page is writing a checkpoint now.
    checkpointing: Rc<Cell<bool>>,
    /// Whether this page is building the search index in the background now.
    indexing: Rc<Cell<bool>>,
    /// The team hub this page syncs with, once connected.
    sync: Rc<RefCell<Option<Rc<Syncer>>>>,
    /// Where phone numbers typed without their country code are read.
    pub(crate) region: Region,
}

#[wasm_bindgen]
impl Crm {
    /// Opens (creating if needed) the CRM database `name` for `options.user`.
    pub async fn open(
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "OpenOptions")] options: JsValue,
    ) -> Result<Crm, JsValue> {
        Self::open_inner(&name, &options).await.map_err(|e| to_js_error(&e))
    }

    async fn open_inner(name: &JsValue, options: &JsValue) -> Result<Crm, FacadeError> {
        // Every call that reads a client's zone or folds text goes through an open `Crm`.
        zones::install();
        normalize::install();
        let name = database_name(name)?;
        let (user, region) = boundary::object::<OpenOptions>("options", options, boundary::Size::OBJECT)?.user()?;
        let store = IdbStore::open(&name).await?;
        let subscribers: Rc<RefCell<Subscribers>> = Rc::default();
        {
            // Another tab upgraded or deleted the database: this page must reload.
            let subscribers = Rc::clone(&subscribers);
            store.on_stepped_aside(move || Subscribers::notify(&subscribers, "reload", 0));
        }
        // On failure the store is dropped here, which closes its connection.
        let engine = Rc::new(Engine::open(store, js::fresh_replica(), user).await?);
        let user = engine.user().to_string();
        let indexing: Rc<Cell<bool>> = Rc::default();
        let channel = {
            let (engine, subscribers) = (Rc::downgrade(&engine), Rc::clone(&subscribers));
            let indexing = Rc::clone(&indexing);
            Channel::open(&name, move || {
                let (engine, subscribers, indexing) = (engine.clone(), Rc::clone(&subscribers), Rc::clone(&indexing));
                wasm_bindgen_futures::spawn_local(async move {
                    let Some(engine) = engine.upgrade() else { return };
                    if let Ok(news) = engine.refresh().await {
                        if news > 0 {
                            // Another tab's import is indexed here too before a search asks.
                            search_warmup::schedule(&engine, &indexing);
                            Subscribers::notify(&subscribers, "other", news);
                        }
                    }
                });
            })
        };
        let checkpointing = Rc::default();
        // A long tail read at open (or a log never checkpointed) is checkpointed now.
        checkpoints::schedule_if_due(&engine, &name, &checkpointing);
        search_warmup::schedule(&engine, &indexing);
        Ok(Crm {
            engine: RefCell::new(Some(engine)),
            name,
            user: Rc::new(RefCell::new(user)),
            persistence_asked: Rc::default(),
            channel,
            subscribers,
            checkpointing,
            indexing,
            sync: Rc::default(),
            region,
        })
    }

    /// Deletes the database `name` and everything in it. Open `Crm`s on it are closed.
    #[wasm_bindgen(js_name = deleteDatabase)]
    pub async fn delete_database(#[wasm_bindgen(unchecked_param_type = "string")] name: JsValue) -> Result<(), JsValue> {
        let run = async {
            let name = database_name(&name)?;
            IdbStore::delete(&name).await?;
            Ok::<_, FacadeError>(())
        };
        run.await.map_err(|e| to_js_error(&e))
    }

    /// The database this CRM keeps its data in.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.name.clone()
    }

    /// The user every change is recorded for, and whose permissions every call has.
    #[wasm_bindgen(getter)]
    pub fn user(&self) -> String {
        self.user.borrow().clone()
    }

    /// Makes `user` the current user once every call made before has finished (those stay
    /// recorded for the previous user). Refused with kind "forbidden" when the CRM has an
    /// admin and `user` is not a registered user.
    #[wasm_bindgen(js_name = switchUser, unchecked_return_type = "Promise<void>")]
    pub fn switch_user(&self, #[wasm_bindgen(unchecked_param_type = "string")] user: JsValue) -> js_sys::Promise {
        let engine = self.engine();
        let current = Rc::clone(&self.user);
        let user = boundary::short_text("user", &user).and_then(|user| dto::new_user_id("user", &user));
        promise(async move {
            let engine = engine?;
            let user: UserId = user?;
            engine.switch_user(user.clone()).await?;
            *current.borrow_mut() = user.to_string();
            Ok(JsValue::UNDEFINED)
        })
    }

    /// What the current user may do: `{ user, sees, configures }`, where `sees` is
    /// "all", "team", "own" or "nothing" and `configures` says whether they may change
    /// the settings (users, teams, routing, pipelines, the contact policy, plans).
    #[wasm_bindgen(unchecked_return_type = "AccessInfo")]
    pub fn access(&self) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let view = engine.view();
            let access = view.access();
            Ok(js::to_js(&dto::AccessInfo {
                user: engine.user().to_string(),
                sees: access.scope_name(),
                configures: access.configures(),
            }))
        })
    }

    /// Calls `callback({ source, events })` after every change: `source` is "this" for
    /// this tab's own writes, "other" for what another tab on the same database wrote
    /// (already read in when the callback runs), and "reload" when another tab upgraded
    /// or deleted the database, so this page must reload. Returns an id for `unsubscribe`.
    pub fn subscribe(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(change: Change) => void")] callback: JsValue,
    ) -> Result<u32, JsValue> {
        let subscribed = self.engine().and_then(|_| {
            let callback = boundary::function("callback", &callback)?;
            Ok(self.subscribers.borrow_mut().add(callback))
        });
        subscribed.map_err(|e| to_js_error(&e))
    }

    /// Stops the callback `subscribe` returned `id` for; whether there was one.
    pub fn unsubscribe(&self, #[wasm_bindgen(unchecked_param_type = "number")] id: JsValue) -> Result<bool, JsValue> {
        let removed = self.engine().and_then(|_| {
            let id = boundary::whole("id", &id, 0..=u32::MAX)?;
            Ok(self.subscribers.borrow_mut().remove(id))
        });
        removed.map_err(|e| to_js_error(&e))
    }

    /// Reads in what other tabs wrote since the last read (normally done by itself on
    /// their announcement); resolves to how many changes there were.
    #[wasm_bindgen(unchecked_return_type = "Promise<number>")]
    pub fn refresh(&self) -> js_sys::Promise {
        let engine = self.engine();
        let subscribers = Rc::clone(&self.subscribers);
        promise(async move {
            let news = engine?.refresh().await?;
            if news > 0 {
                Subscribers::notify(&subscribers, "other", news);
            }
            Ok(JsValue::from_f64(news as f64))
        })
    }

    /// Closes the database connection once every call made before it has finished, and
    /// releases the engine's memory; every call made after it is refused with kind
    /// "closed". Closing again resolves at once.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn close(&self) -> js_sys::Promise {
        let closing = self.shut();
        promise(async move {
            closing.await;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Closes the CRM without a promise to wait on (also what `using` calls): its memory
    /// is released once the calls made before have finished, and every call made after it
    /// is refused with kind "closed", as after `close()`.
    // This stands in for wasm-bindgen's generated `free` (the class body defines it first;
    // the later definition wins, and `Symbol.dispose` is wired to it after the class). The
    // generated one would drop this object's Rust half at once, and every later call would
    // fail in the glue with a plain "null pointer passed to rust". The small handle left
    // here is dropped by the glue's FinalizationRegistry once the object is collected.
    #[wasm_bindgen(js_name = free)]
    pub fn release(&self) {
        wasm_bindgen_futures::spawn_local(self.shut());
    }
}

/// A database name argument: a string, checked before it is copied, then by its rules.
pub(crate) fn database_name(name: &JsValue) -> Result<String, FacadeError> {
    dto::database_name(&boundary::short_text("name", name)?)
}

impl Crm {
    /// Takes the engine out (every later call is refused with kind "closed") and stops
    /// listening to other tabs; the returned future closes the store once every call made
    /// before has finished.
    fn shut(&self) -> impl Future<Output = ()> + 'static {
        let engine = self.engine.borrow_mut().take();
        if let Some(channel) = &self.channel {
            channel.close();
        }
        if let Some(syncer) = self.sync.borrow_mut().take() {
            syncer.stop();
        }
        async move {
            if let Some(engine) = engine {
                engine.settled().await;
                engine.store().close();
            }
        }
    }

    /// What follows a committed change of `events` events (a write, a restore): tell the
    /// other tabs and this page's subscribers, and, the first time, ask the browser to keep
    /// the data through storage pressure (Chromium answers from site engagement, no prompt).
    pub(crate) fn announced(&self) -> impl Fn(usize) + 'static {
        let channel = self.channel.clone();
        let subscribers = Rc::clone(&self.subscribers);
        let asked = Rc::clone(&self.persistence_asked);
        let engine = self.engine.borrow().as_ref().map(Rc::downgrade);
        let (name, checkpointing) = (self.name.clone(), Rc::clone(&self.checkpointing));
        let indexing = Rc::clone(&self.indexing);
        let sync = Rc::clone(&self.sync);
        move |events| {
            if events == 0 {
                return;
            }
            if let Some(syncer) = sync.borrow().as_ref() {
                syncer.poke();
            }
            if let Some(engine) = engine.as_ref().and_then(std::rc::Weak::upgrade) {
                checkpoints::schedule_if_due(&engine, &name, &checkpointing);
                search_warmup::schedule(&engine, &indexing);
            }
            if let Some(channel) = &channel {
                channel.announce();
            }
            Subscribers::notify(&subscribers, "this", events);
            if !asked.replace(true) {
                wasm_bindgen_futures::spawn_local(async {
                    crate::storage_manager::persist().await;
                });
            }
        }
    }

    pub(crate) fn sync_slot(&self) -> Rc<RefCell<Option<Rc<Syncer>>>> {
        Rc::clone(&self.sync)
    }

    /// What follows records pulled from the hub and read in: as another tab's writes, the
    /// page's subscribers hear of them (source "other"), and so do the other tabs.
    pub(crate) fn pulled_news(&self) -> impl Fn(usize) + 'static {
        let channel = self.channel.clone();
        let subscribers = Rc::clone(&self.subscribers);
        let engine = self.engine.borrow().as_ref().map(Rc::downgrade);
        let (name, checkpointing, indexing) = (self.name.clone(), Rc::clone(&self.checkpointing), Rc::clone(&self.indexing));
        move |events| {
            if let Some(engine) = engine.as_ref().and_then(std::rc::Weak::upgrade) {
                checkpoints::schedule_if_due(&engine, &name, &checkpointing);
                search_warmup::schedule(&engine, &indexing);
            }
            if let Some(channel) = &channel {
                channel.announce();
            }
            Subscribers::notify(&subscribers, "other", events);
        }
    }

    pub(crate) fn engine(&self) -> Result<SharedEngine, FacadeError> {
        self.engine.borrow().as_ref().map(Rc::clone).ok_or(FacadeError::Closed)
    }

    /// Runs a synchronous read, mapping its error to a `RipenError`.
    pub(crate) fn read(
        &self,
        read: impl FnOnce(&SharedEngine) -> Result<JsValue, FacadeError>,
    ) -> Result<JsValue, JsValue> {
        self.engine().and_then(|engine| read(&engine)).map_err(|e| to_js_error(&e))
    }

    /// Runs a write: `command` builds the command (it may refuse the input), the engine
    /// commits it, and `answer` turns the committed events into the promise's value.
    pub(crate) fn write(
        &self,
        command: impl FnOnce(&SharedEngine) -> Result<Command, FacadeError> + 'static,
        answer: impl FnOnce(&SharedEngine, &[Event]) -> Result<JsValue, FacadeError> + 'static,
    ) -> js_sys::Promise {
        self.write_then(command, |engine, events| {
            let answered = answer(&engine, &events);
            async move { answered }
        })
    }

    /// As [`Crm::write`], for an answer that reads the store (a touch's texts).
    pub(crate) fn write_then<F: Future<Output = Result<JsValue, FacadeError>> + 'static>(
        &self,
        command: impl FnOnce(&SharedEngine) -> Result<Command, FacadeError> + 'static,
        answer: impl FnOnce(SharedEngine, Vec<Event>) -> F + 'static,
    ) -> js_sys::Promise {
        let engine = self.engine();
        let announce = self.announced();
        promise(async move {
            let engine = engine?;
            let command = command(&engine)?;
            let events = engine.execute(command, js::now()).await?;
            announce(events.len());
            answer(engine, events).await
        })
    }
}

/// Runs `work` as a JS promise that rejects with a `RipenError`.
pub(crate) fn promise(work: impl Future<Output = Result<JsValue, FacadeError>> + 'static) -> js_sys::Promise {
    // Boxed, so that the executor's glue is one function for every call rather than one per
    // call's future type (about 180 KB of wasm over the API's forty-odd async calls).
    let work: std::pin::Pin<Box<dyn Future<Output = Result<JsValue, FacadeError>>>> = Box::pin(work);
    future_to_promise(async move { work.await.map_err(|e| to_js_error(&e)) })
}
