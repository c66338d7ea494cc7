//! The `Crm` class JS uses — its lifecycle: open, close, delete; and the helpers every
//! call shares. The calls themselves live in `clients.rs` and `history.rs`.

use crate::dto::{self, OpenOptions};
use crate::error::FacadeError;
use crate::js::{self, to_js_error};
use crate::checkpoints;
use crate::tabs::{Channel, Subscribers};
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
}

#[wasm_bindgen]
impl Crm {
    /// Opens (creating if needed) the CRM database `name` for `options.user`.
    pub async fn open(
        name: String,
        #[wasm_bindgen(unchecked_param_type = "OpenOptions")] options: JsValue,
    ) -> Result<Crm, JsValue> {
        Self::open_inner(&name, options).await.map_err(|e| to_js_error(&e))
    }

    async fn open_inner(name: &str, options: JsValue) -> Result<Crm, FacadeError> {
        let name = dto::database_name(name)?;
        let user = js::from_js_via_json::<OpenOptions>("options", &options)?.user()?;
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
        let channel = {
            let (engine, subscribers) = (Rc::downgrade(&engine), Rc::clone(&subscribers));
            Channel::open(&name, move || {
                let (engine, subscribers) = (engine.clone(), Rc::clone(&subscribers));
                wasm_bindgen_futures::spawn_local(async move {
                    let Some(engine) = engine.upgrade() else { return };
                    if let Ok(news) = engine.refresh().await {
                        if news > 0 {
                            Subscribers::notify(&subscribers, "other", news);
                        }
                    }
                });
            })
        };
        let checkpointing = Rc::default();
        // A long tail read at open (or a log never checkpointed) is checkpointed now.
        checkpoints::schedule_if_due(&engine, &name, &checkpointing);
        Ok(Crm {
            engine: RefCell::new(Some(engine)),
            name,
            user: Rc::new(RefCell::new(user)),
            persistence_asked: Rc::default(),
            channel,
            subscribers,
            checkpointing,
        })
    }

    /// Deletes the database `name` and everything in it. Open `Crm`s on it are closed.
    #[wasm_bindgen(js_name = deleteDatabase)]
    pub async fn delete_database(name: String) -> Result<(), JsValue> {
        let run = async {
            let name = dto::database_name(&name)?;
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
    pub fn switch_user(&self, user: String) -> js_sys::Promise {
        let engine = self.engine();
        let current = Rc::clone(&self.user);
        promise(async move {
            let engine = engine?;
            let user: UserId = dto::parse_id("user", &user)?;
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
        #[wasm_bindgen(unchecked_param_type = "(change: Change) => void")] callback: js_sys::Function,
    ) -> u32 {
        self.subscribers.borrow_mut().add(callback)
    }

    /// Stops the callback `subscribe` returned `id` for; whether there was one.
    pub fn unsubscribe(&self, id: u32) -> bool {
        self.subscribers.borrow_mut().remove(id)
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
    /// releases the engine's memory; every call made after it is refused with kind "closed".
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn close(&self) -> js_sys::Promise {
        let engine = self.engine.borrow_mut().take();
        if let Some(channel) = &self.channel {
            channel.close();
        }
        promise(async move {
            if let Some(engine) = engine {
                engine.settled().await;
                engine.store().close();
            }
            Ok(JsValue::UNDEFINED)
        })
    }
}

impl Crm {
    /// What follows a committed change of `events` events (a write, a restore): tell the
    /// other tabs and this page's subscribers, and, the first time, ask the browser to keep
    /// the data through storage pressure (Chromium answers from site engagement, no prompt).
    pub(crate) fn announced(&self) -> impl Fn(usize) + 'static {
        let channel = self.channel.clone();
        let subscribers = Rc::clone(&self.subscribers);
        let asked = Rc::clone(&self.persistence_asked);
        let engine = self.engine.borrow().as_ref().map(Rc::downgrade);
        let (name, checkpointing) = (self.name.clone(), Rc::clone(&self.checkpointing));
        move |events| {
            if events == 0 {
                return;
            }
            if let Some(engine) = engine.as_ref().and_then(std::rc::Weak::upgrade) {
                checkpoints::schedule_if_due(&engine, &name, &checkpointing);
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
    future_to_promise(async move { work.await.map_err(|e| to_js_error(&e)) })
}
