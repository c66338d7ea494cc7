//! The `Crm` class JS uses: open a database for a user, add and list clients.

use crate::dto::{self, ClientInput, ClientView, OpenOptions};
use crate::error::FacadeError;
use crate::js::{self, to_js_error};
use ripen_core::{Command, CrmState, Engine, Event, EventPayload, NewClient};
use ripen_idb::IdbStore;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

/// An open Ripen CRM: one database, one current user.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Crm {
    engine: Rc<Engine<IdbStore>>,
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
        let engine = Engine::open(store, js::fresh_replica(), user).await?;
        Ok(Crm { engine: Rc::new(engine) })
    }

    /// Deletes the database `name` and everything in it. Close every `Crm` on it first.
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
        self.engine.store().name().to_owned()
    }

    /// The user every change is recorded for.
    #[wasm_bindgen(getter)]
    pub fn user(&self) -> String {
        self.engine.user().to_string()
    }

    /// Adds one client; resolves once it is durable.
    #[wasm_bindgen(js_name = addClient, unchecked_return_type = "Promise<Client>")]
    pub fn add_client(&self, #[wasm_bindgen(unchecked_param_type = "ClientInput")] input: JsValue) -> js_sys::Promise {
        let engine = Rc::clone(&self.engine);
        future_to_promise(async move {
            let run = async {
                let input: ClientInput = js::from_js_via_json("client", &input)?;
                let client = NewClient::try_from(input)?;
                let events = engine.execute(Command::AddClient(client), js::now()).await?;
                let state = engine.state();
                let added = added_clients(&state, &events);
                Ok::<_, FacadeError>(js::to_js(&added.first()))
            };
            run.await.map_err(|e| to_js_error(&e))
        })
    }

    /// Adds many clients in one transaction: all of them become durable, or none do.
    #[wasm_bindgen(js_name = addClients, unchecked_return_type = "Promise<Client[]>")]
    pub fn add_clients(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ClientInput[]")] inputs: JsValue,
    ) -> js_sys::Promise {
        let engine = Rc::clone(&self.engine);
        future_to_promise(async move {
            let run = async {
                let inputs: Vec<ClientInput> = js::from_js_via_json("clients", &inputs)?;
                let clients = dto::new_clients(inputs)?;
                let events = engine.execute(Command::AddClients(clients), js::now()).await?;
                let state = engine.state();
                Ok::<_, FacadeError>(js::to_js_via_json(&added_clients(&state, &events)))
            };
            run.await.map_err(|e| to_js_error(&e))
        })
    }

    /// Every client, in the order they were added.
    #[wasm_bindgen(js_name = listClients, unchecked_return_type = "Client[]")]
    pub fn list_clients(&self) -> JsValue {
        let state = self.engine.state();
        let views: Vec<ClientView<'_>> = state.clients().iter().map(ClientView::from).collect();
        js::to_js_via_json(&views)
    }

    /// Closes the database connection. Calls still in flight finish first; the object
    /// cannot be used afterwards.
    pub fn close(self) {
        if let Ok(engine) = Rc::try_unwrap(self.engine) {
            engine.into_store().close();
        }
    }
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
