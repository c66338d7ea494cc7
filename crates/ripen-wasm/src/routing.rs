//! `Crm` calls about who answers for a client: the routing settings, re-routing, and
//! sharing a client with other users or teams.

use crate::clients::written;
use crate::crm::Crm;
use crate::dto::{self, RouteOptions, RoutingInput};
use crate::js;
use ripen_core::routing::Routing;
use ripen_core::{ClientId, Command, Grantee};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsValue;

#[wasm_bindgen]
impl Crm {
    /// Sets where new clients go: `{ rules, default, teams?, won? }`; `null` turns
    /// routing off (a client then stays with whoever adds it). Heads of sales and admins
    /// only.
    #[wasm_bindgen(js_name = saveRouting, unchecked_return_type = "Promise<void>")]
    pub fn save_routing(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RoutingSettings | null")] settings: JsValue,
    ) -> js_sys::Promise {
        self.write(
            move |_| {
                let input: Option<RoutingInput> = js::from_js_via_json("routing", &settings)?;
                Ok(Command::SaveRouting { routing: input.map(Routing::try_from).transpose()? })
            },
            |_, _| Ok(JsValue::UNDEFINED),
        )
    }

    /// The routing settings, or `null` when there are none.
    #[wasm_bindgen(unchecked_return_type = "RoutingSettings | null")]
    pub fn routing(&self) -> Result<JsValue, JsValue> {
        self.read(|engine| Ok(js::to_js(&engine.view().routing().map(RoutingInput::from))))
    }

    /// Routes the client again — by the rules, or `{ to: { team } }` to a team's queue
    /// (a telemarketer passing a qualified lead on), `{ to: { user } }`, with a
    /// `reason`. The decision and its explanation go into the history. Resolves to the
    /// client, which may now be out of the caller's sight.
    #[wasm_bindgen(unchecked_return_type = "Promise<Client>")]
    pub fn route(
        &self,
        #[wasm_bindgen(js_name = "clientId")] client_id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RouteOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        let answer_id = dto::parse_id::<ClientId>("clientId", &client_id);
        self.write(
            move |_| {
                let client: ClientId = dto::parse_id("clientId", &client_id)?;
                let options: RouteOptions = js::options_from_js("route", options)?;
                Ok(Command::Route { client, to: options.to, reason: options.reason })
            },
            move |engine, _| written(engine, &answer_id?),
        )
    }

    /// Shares the client with `{ user }` or `{ team }`: they see it and its whole history
    /// (the big client served from several cities). Resolves to the client.
    #[wasm_bindgen(unchecked_return_type = "Promise<Client>")]
    pub fn share(
        &self,
        #[wasm_bindgen(js_name = "clientId")] client_id: String,
        #[wasm_bindgen(unchecked_param_type = "Grantee")] with: JsValue,
    ) -> js_sys::Promise {
        self.share_write(client_id, with, true)
    }

    /// Takes a share back.
    #[wasm_bindgen(unchecked_return_type = "Promise<Client>")]
    pub fn unshare(
        &self,
        #[wasm_bindgen(js_name = "clientId")] client_id: String,
        #[wasm_bindgen(unchecked_param_type = "Grantee")] with: JsValue,
    ) -> js_sys::Promise {
        self.share_write(client_id, with, false)
    }
}

impl Crm {
    fn share_write(&self, client_id: String, with: JsValue, shared: bool) -> js_sys::Promise {
        let answer_id = dto::parse_id::<ClientId>("clientId", &client_id);
        self.write(
            move |_| {
                let client: ClientId = dto::parse_id("clientId", &client_id)?;
                let with: Grantee = js::from_js_via_json("with", &with)?;
                Ok(Command::Share { client, with, shared })
            },
            move |engine, _| written(engine, &answer_id?),
        )
    }
}
