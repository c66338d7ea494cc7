//! `Crm` calls about who answers for a client: the routing settings, re-routing, and
//! sharing a client with other users or teams.

use crate::boundary::{self, Size};
use crate::clients::written;
use crate::crm::Crm;
use crate::dto::{RouteOptions, RoutingInput};
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
        let settings = boundary::nullable_object::<RoutingInput>("settings", &settings);
        self.write(
            move |_| Ok(Command::SaveRouting { routing: settings?.map(Routing::try_from).transpose()? }),
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
        #[wasm_bindgen(js_name = "clientId", unchecked_param_type = "string")] client_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RouteOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        let options = boundary::options::<RouteOptions>("options", options.as_ref());
        self.client_routing_write(&client_id, move |client| {
            let options = options?;
            Ok(Command::Route { client, to: options.to, reason: options.reason })
        })
    }

    /// Shares the client with `{ user }` or `{ team }`: they see it and its whole history
    /// (the big client served from several cities). Resolves to the client.
    #[wasm_bindgen(unchecked_return_type = "Promise<Client>")]
    pub fn share(
        &self,
        #[wasm_bindgen(js_name = "clientId", unchecked_param_type = "string")] client_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Grantee")] grantee: JsValue,
    ) -> js_sys::Promise {
        self.share_write(&client_id, &grantee, true)
    }

    /// Takes a share back.
    #[wasm_bindgen(unchecked_return_type = "Promise<Client>")]
    pub fn unshare(
        &self,
        #[wasm_bindgen(js_name = "clientId", unchecked_param_type = "string")] client_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Grantee")] grantee: JsValue,
    ) -> js_sys::Promise {
        self.share_write(&client_id, &grantee, false)
    }
}

impl Crm {
    fn share_write(&self, client_id: &JsValue, grantee: &JsValue, shared: bool) -> js_sys::Promise {
        let with = boundary::object::<Grantee>("grantee", grantee, Size::OBJECT);
        self.client_routing_write(client_id, move |client| Ok(Command::Share { client, with: with?, shared }))
    }

    /// A write about the client `clientId` that resolves to the client as it is
    /// afterwards, wherever it went.
    fn client_routing_write(
        &self,
        client_id: &JsValue,
        command: impl FnOnce(ClientId) -> Result<Command, crate::error::FacadeError> + 'static,
    ) -> js_sys::Promise {
        let client = boundary::id::<ClientId>("clientId", client_id);
        let answer_id = client.as_ref().ok().cloned();
        self.write(
            move |_| command(client?),
            move |engine, _| match &answer_id {
                Some(id) => written(engine, id),
                None => Ok(JsValue::NULL),
            },
        )
    }
}
