//! The `Crm` class JS uses: open a database for a user, add and list clients.

use crate::dto::{self, ClientInput, ClientView, OpenOptions};
use crate::error::FacadeError;
use crate::js::{self, to_js_error};
use ripen_core::{Command, CrmState, Engine, Event, EventPayload, NewClient};
use ripen_idb::IdbStore;
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

/// An open Ripen CRM: one database, one current user.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Crm {
    /// `None` once closed: the state's memory goes with it.
    engine: RefCell<Option<Rc<Engine<IdbStore>>>>,
    name: String,
    user: String,
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
        // On failure the store is dropped here, which closes its connection.
        let engine = Engine::open(store, js::fresh_replica(), user).await?;
        let user = engine.user().to_string();
        Ok(Crm { engine: RefCell::new(Some(Rc::new(engine))), name, user })
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

    /// The user every change is recorded for.
    #[wasm_bindgen(getter)]
    pub fn user(&self) -> String {
        self.user.clone()
    }

    /// Adds one client; resolves once it is durable.
    #[wasm_bindgen(js_name = addClient, unchecked_return_type = "Promise<Client>")]
    pub fn add_client(&self, #[wasm_bindgen(unchecked_param_type = "ClientInput")] input: JsValue) -> js_sys::Promise {
        let engine = self.engine();
        promise(async move {
            let engine = engine?;
            let client = NewClient::try_from(js::from_js_via_json::<ClientInput>("client", &input)?)?;
            let events = engine.execute(Command::AddClient(client), js::now()).await?;
            let state = engine.state();
            Ok(js::to_js(&added_clients(&state, &events).first()))
        })
    }

    /// Adds many clients in one transaction: all of them become durable, or none do.
    #[wasm_bindgen(js_name = addClients, unchecked_return_type = "Promise<Client[]>")]
    pub fn add_clients(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ClientInput[]")] inputs: JsValue,
    ) -> js_sys::Promise {
        let engine = self.engine();
        promise(async move {
            let engine = engine?;
            let clients = dto::new_clients(js::from_js_via_json("clients", &inputs)?)?;
            let events = engine.execute(Command::AddClients(clients), js::now()).await?;
            let state = engine.state();
            Ok(js::to_js_via_json(&added_clients(&state, &events)))
        })
    }

    /// Every client, in the order they were added.
    #[wasm_bindgen(js_name = listClients, unchecked_return_type = "Client[]")]
    pub fn list_clients(&self) -> Result<JsValue, JsValue> {
        let engine = self.engine().map_err(|e| to_js_error(&e))?;
        let state = engine.state();
        let views: Vec<ClientView<'_>> = state.clients().iter().map(ClientView::from).collect();
        Ok(js::to_js_via_json(&views))
    }

    /// Closes the database connection once every call made before it has finished, and
    /// releases the engine's memory; every call made after it is refused with kind "closed".
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn close(&self) -> js_sys::Promise {
        let engine = self.engine.borrow_mut().take();
        promise(async move {
            if let Some(engine) = engine {
                engine.settled().await;
                engine.store().close();
            }
            Ok(JsValue::UNDEFINED)
        })
    }

    fn engine(&self) -> Result<Rc<Engine<IdbStore>>, FacadeError> {
        self.engine.borrow().as_ref().map(Rc::clone).ok_or(FacadeError::Closed)
    }
}

/// Runs `work` as a JS promise that rejects with a `RipenError`.
fn promise(work: impl Future<Output = Result<JsValue, FacadeError>> + 'static) -> js_sys::Promise {
    future_to_promise(async move { work.await.map_err(|e| to_js_error(&e)) })
}

fn added_clients<'a>(state: &'a CrmState, events: &[Event]) -> Vec<ClientView<'a>> {
    events
        .iter()
        .filter_map(|event| match &event.payload {
            EventPayload::ClientAdded { client, .. } => state.client(client),
        })
        .map(ClientView::from)
        .collect()
}
