//! `createLeadKey`, `leadKey`, `inboxStatus`: the team's key for the website's leads (made
//! by WebCrypto in `lead_crypto.js`, kept in the log so every device of the team holds it)
//! and what this device's pull of the leads' inbox met.

use crate::crm::{promise, Crm};
use crate::dto::InboxStatusView;
use crate::error::FacadeError;
use crate::hub_inbox::generate_lead_key;
use crate::js::{self, to_js_error};
use ripen_core::web_lead::LeadKey;
use ripen_core::Command;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
impl Crm {
    /// Makes a new lead key pair for the team (heads of sales and admins): the private
    /// half goes into the log — and so to every device of the team — and opens leads;
    /// the public half, which this resolves to, goes into the site's
    /// `<ripen-lead-form team-key=…>`. The previous keys are kept: leads sealed to them
    /// still open.
    #[wasm_bindgen(js_name = createLeadKey, unchecked_return_type = "Promise<LeadKey>")]
    pub fn create_lead_key(&self) -> js_sys::Promise {
        let engine = self.engine();
        let announce = self.announced();
        promise(async move {
            let engine = engine?;
            engine.view().access().check_configures(ripen_core::rights::Setting::LeadKeys)?;
            let jwk = JsFuture::from(generate_lead_key())
                .await
                .ok()
                .and_then(|text| text.as_string())
                .ok_or_else(|| FacadeError::Download("this browser cannot make an ECDH P-256 key".into()))?;
            let key: LeadKey =
                ripen_json::from_str(&jwk).map_err(|e| FacadeError::Shape { what: "lead key", message: e.to_string() })?;
            let events = engine.execute(Command::CreateLeadKey { key: key.clone() }, js::now()).await?;
            announce(events.len());
            Ok(js::to_js(&key.public()))
        })
    }

    /// The team's current lead key's public half (`{ kty, crv, x, y }`, what the site's
    /// form takes), or `null` before one is made.
    #[wasm_bindgen(js_name = leadKey, unchecked_return_type = "LeadKey | null")]
    pub fn lead_key(&self) -> Result<JsValue, JsValue> {
        self.read(|engine| Ok(engine.state().lead_keys().last().map_or(JsValue::NULL, |key| js::to_js(&key.public()))))
    }

    /// What this device's pull of the website leads' inbox met while connected to a hub:
    /// `{ state, received, added, matched, known, refused, refusals }`.
    #[wasm_bindgen(js_name = inboxStatus, unchecked_return_type = "InboxStatus")]
    pub fn inbox_status(&self) -> Result<JsValue, JsValue> {
        self.engine().map_err(|e| to_js_error(&e))?;
        let view = self.sync_slot().borrow().as_ref().map_or_else(InboxStatusView::off, |s| s.inbox_status());
        Ok(js::to_js(&view))
    }
}
