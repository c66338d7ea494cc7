//! `Crm` calls about the next best touch: `nextTouch` for one client, `suggestions` for
//! every client in sight — each with the channel, the earliest time every rule allows, the
//! hook and its reason, and what `planTouch` takes to plan it in one call.

use crate::boundary;
use crate::crm::Crm;
use crate::dto::{NextTouchOptions, SuggestOptions};
use crate::js;
use ripen_core::ClientId;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Crm {
    /// The next best touch of a client: `{ clientId, suggestion, skipped, touch? }` — a
    /// suggestion, or (`suggestion: null`) why there is none: `removed`, `planned` (a touch
    /// is already planned: `touch`), `consent_refused`, `no_address`, `no_channel`,
    /// `no_time`. `{ now? }`: now unless given.
    #[wasm_bindgen(js_name = nextTouch, unchecked_return_type = "NextTouch")]
    pub fn next_touch(
        &self,
        #[wasm_bindgen(js_name = "clientId", unchecked_param_type = "string")] client_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ now?: string }")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let client: ClientId = boundary::id("clientId", &client_id)?;
            let now = boundary::options::<NextTouchOptions>("options", options.as_ref())?.now(js::now())?;
            Ok(js::to_js(&engine.view().next_touch(&client, now)?))
        })
    }

    /// The next best touch of every client the current user sees that can have one: the
    /// clients `user` owns first when given, then the most urgent, then the soonest; at
    /// most `limit` (50 unless given). `{ user?, limit?, now? }`.
    #[wasm_bindgen(unchecked_return_type = "Suggestion[]")]
    pub fn suggestions(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "SuggestOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let query = boundary::options::<SuggestOptions>("options", options.as_ref())?.query(js::now())?;
            Ok(js::to_js(&engine.view().suggestions(&query)))
        })
    }
}
