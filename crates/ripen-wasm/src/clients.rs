//! `Crm` calls about clients: add, get, list, update, rename, aliases, remove, restore.

use crate::boundary::{self, caps, Size};
use crate::crm::{Crm, SharedEngine};
use crate::dto::{self, AliasInput, AliasRef, ClientInput, ClientView, RenameInput};
use crate::error::FacadeError;
use crate::js;
use ripen_core::{Alias, ClientId, Command, Event, EventPayload, NewClient};
use wasm_bindgen::prelude::*;

/// The client `id` as the current user may see it: `not_found`, or `forbidden`.
fn view_of(engine: &SharedEngine, id: &ClientId) -> Result<JsValue, FacadeError> {
    let view = engine.view();
    Ok(js::to_js(&ClientView::from(view.client(id)?)))
}

/// The client a write of the caller's own just produced. It may have been routed to
/// someone else, out of the caller's sight: the answer shows it once all the same.
pub(crate) fn written(engine: &SharedEngine, id: &ClientId) -> Result<JsValue, FacadeError> {
    let state = engine.state();
    let client = state.client(id).ok_or_else(|| ripen_core::Error::NotFound { what: "client", id: id.to_string() })?;
    Ok(js::to_js(&ClientView::from(client)))
}

/// `addClients`' list: up to [`caps::BATCH_ITEMS`] clients, as one JSON text.
const BATCH: Size = Size { units: caps::BATCH_JSON_UNITS, items: caps::BATCH_ITEMS };

#[wasm_bindgen]
impl Crm {
    /// Adds one client; resolves to it once it is durable.
    #[wasm_bindgen(js_name = addClient, unchecked_return_type = "Promise<Client>")]
    pub fn add_client(&self, #[wasm_bindgen(unchecked_param_type = "ClientInput")] input: JsValue) -> js_sys::Promise {
        let input = boundary::object::<ClientInput>("input", &input, Size::OBJECT);
        let region = self.region;
        self.write(
            move |_| Ok(Command::AddClient(NewClient::try_from(input?.in_region(region))?)),
            |engine, events| written(engine, events[0].payload.clients()[0]),
        )
    }

    /// Adds many clients in one transaction: all of them become durable, or none do.
    /// Resolves to their ids, in input order (fetch any with `getClient`).
    #[wasm_bindgen(js_name = addClients, unchecked_return_type = "Promise<string[]>")]
    pub fn add_clients(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ClientInput[]")] clients: JsValue,
    ) -> js_sys::Promise {
        let clients = boundary::list::<ClientInput>("clients", &clients, BATCH);
        let region = self.region;
        self.write(
            move |_| Ok(Command::AddClients(dto::new_clients(clients?, region)?)),
            |_, events| {
                let ids: Vec<&str> = events
                    .iter()
                    .filter_map(|event| match &event.payload {
                        EventPayload::ClientAdded { client, .. } => Some(client.as_str()),
                        _ => None,
                    })
                    .collect();
                Ok(js::to_js(&ids))
            },
        )
    }

    /// Merges the duplicate `dropId` into `keepId`: its name becomes an alias (kind
    /// "duplicate"), its aliases, contacts, touches, cards, relationships and history pass
    /// to the kept client, whose own values win and whose gaps it fills; the duplicate is
    /// removed. One `clients_merged` change, revertible completely. Resolves to the kept
    /// client.
    #[wasm_bindgen(unchecked_return_type = "Promise<Client>")]
    pub fn merge(
        &self,
        #[wasm_bindgen(js_name = "keepId", unchecked_param_type = "string")] keep_id: JsValue,
        #[wasm_bindgen(js_name = "dropId", unchecked_param_type = "string")] drop_id: JsValue,
    ) -> js_sys::Promise {
        let keep = boundary::id::<ClientId>("keepId", &keep_id);
        let drop = boundary::id::<ClientId>("dropId", &drop_id);
        let answer_id = keep.as_ref().ok().cloned();
        self.write(
            move |_| Ok(Command::Merge { keep: keep?, drop: drop? }),
            move |engine, _| match &answer_id {
                Some(id) => written(engine, id),
                None => Ok(JsValue::NULL),
            },
        )
    }

    /// One client by id (also a removed one, marked `removed: true`).
    #[wasm_bindgen(js_name = getClient, unchecked_return_type = "Client")]
    pub fn get_client(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> Result<JsValue, JsValue> {
        self.read(|engine| view_of(engine, &boundary::id("id", &id)?))
    }

    /// Every client the user sees that is not removed, in the order they were added.
    #[wasm_bindgen(js_name = listClients, unchecked_return_type = "Client[]")]
    pub fn list_clients(&self) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let view = engine.view();
            let views: Vec<ClientView<'_>> = view.clients().map(ClientView::from).collect();
            Ok(js::to_js(&views))
        })
    }

    /// Sets the given profile fields (`null` clears one); the history keeps old and new
    /// values. Resolves to the updated client.
    #[wasm_bindgen(js_name = updateClient, unchecked_return_type = "Promise<Client>")]
    pub fn update_client(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ClientPatch")] patch: JsValue,
    ) -> js_sys::Promise {
        let patch = boundary::object::<ClientInput>("patch", &patch, Size::OBJECT);
        let region = self.region;
        self.client_write(&id, move |client| {
            Ok(Command::UpdateClient { client, values: patch?.in_region(region).into_patch()? })
        })
    }

    /// Renames the client; the old name stays findable as a former name (changed `since`).
    #[wasm_bindgen(unchecked_return_type = "Promise<Client>")]
    pub fn rename(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "RenameInput")] input: JsValue,
    ) -> js_sys::Promise {
        let input = boundary::object::<RenameInput>("input", &input, Size::OBJECT);
        self.client_write(&id, move |client| {
            let (name, since) = input?.parse()?;
            Ok(Command::RenameClient { client, name, since })
        })
    }

    /// Adds another name the client is found by.
    #[wasm_bindgen(js_name = addAlias, unchecked_return_type = "Promise<Client>")]
    pub fn add_alias(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "AliasInput")] input: JsValue,
    ) -> js_sys::Promise {
        let input = boundary::object::<AliasInput>("input", &input, Size::OBJECT);
        self.client_write(&id, move |client| Ok(Command::AddAlias { client, alias: Alias::try_from(input?)? }))
    }

    /// Removes an alias (`{ name, kind }`).
    #[wasm_bindgen(js_name = removeAlias, unchecked_return_type = "Promise<Client>")]
    pub fn remove_alias(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "AliasRef")] alias: JsValue,
    ) -> js_sys::Promise {
        let alias = boundary::object::<AliasRef>("alias", &alias, Size::OBJECT);
        self.client_write(&id, move |client| {
            let alias = alias?;
            Ok(Command::RemoveAlias { client, kind: alias.kind.parse()?, name: alias.name.parse()? })
        })
    }

    /// Removes a client from lists; its history stays, and `restoreClient` or `revert`
    /// bring it back.
    #[wasm_bindgen(js_name = removeClient, unchecked_return_type = "Promise<Client>")]
    pub fn remove_client(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> js_sys::Promise {
        self.client_write(&id, |client| Ok(Command::RemoveClient { client }))
    }

    #[wasm_bindgen(js_name = restoreClient, unchecked_return_type = "Promise<Client>")]
    pub fn restore_client(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> js_sys::Promise {
        self.client_write(&id, |client| Ok(Command::RestoreClient { client }))
    }
}

impl Crm {
    /// A write about the client `id` that resolves to that client as it is afterwards.
    fn client_write(
        &self,
        id: &JsValue,
        command: impl FnOnce(ClientId) -> Result<Command, FacadeError> + 'static,
    ) -> js_sys::Promise {
        let client = boundary::id::<ClientId>("id", id);
        let answer_id = client.as_ref().ok().cloned();
        self.write(
            move |_| command(client?),
            move |engine, _: &[Event]| match &answer_id {
                Some(id) => written(engine, id),
                None => Ok(JsValue::NULL),
            },
        )
    }
}
