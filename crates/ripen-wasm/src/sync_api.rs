//! `connectHub`, `syncStatus`, `syncNow`, `disconnectHub`: the team hub as the page sees
//! it. Logging in is `POST _session` with the name and password (a cookie session; the
//! password goes nowhere else) or a token sent as `Authorization: Bearer`; either way the
//! hub user's name, which every pushed document carries as its author, comes from
//! `_session`.

use crate::boundary;
use crate::crm::{promise, Crm};
use crate::dto::{HubAuth, HubLogin, HubOptions, SyncStatusView};
use crate::error::FacadeError;
use crate::hub_http::{self, HubClient, NoAnswer};
use crate::hub_sync::Syncer;
use crate::js::{self, to_js_error};
use ripen_sync::backoff::Backoff;
use ripen_sync::HubUser;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Crm {
    /// Logs in to a team hub and starts syncing with it: `{ url, database, user,
    /// password }`, `{ url, database, token }`, or `{ url, database, user }` to go on
    /// with the hub's session from an earlier login. Resolves once logged in (the first
    /// sync runs on in the background; `syncNow()` waits for one). Refused with kind
    /// "unauthorized" for a wrong login, "network" when the hub cannot be reached.
    #[wasm_bindgen(js_name = connectHub, unchecked_return_type = "Promise<void>")]
    pub fn connect_hub(&self, #[wasm_bindgen(unchecked_param_type = "HubOptions")] options: JsValue) -> js_sys::Promise {
        let engine = self.engine();
        let login = boundary::object::<HubOptions>("options", &options, boundary::Size::OBJECT).and_then(HubOptions::login);
        let (slot, database, on_news) = (self.sync_slot(), self.name(), self.pulled_news());
        promise(async move {
            let (engine, login) = (engine?, login?);
            if let Some(previous) = slot.borrow_mut().take() {
                previous.stop();
            }
            let (client, author) = log_in(&login).await?;
            let syncer = Syncer::new(&engine, &database, client, author, login.key(), login.inbox_url(), on_news);
            *slot.borrow_mut() = Some(Rc::clone(&syncer));
            syncer.start();
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Where sync stands: `{ state, pending, lastSyncedAt, progress, error }`.
    #[wasm_bindgen(js_name = syncStatus, unchecked_return_type = "SyncStatus")]
    pub fn sync_status(&self) -> Result<JsValue, JsValue> {
        self.engine().map_err(|e| to_js_error(&e))?;
        let view = self.sync_slot().borrow().as_ref().map(|s| s.status()).unwrap_or(SyncStatusView {
            state: "off",
            pending: 0,
            last_synced_at: None,
            progress: None,
            error: None,
        });
        Ok(js::to_js(&view))
    }

    /// Syncs now: resolves once what was local at the call is on the hub and what was
    /// on the hub at the call is pulled and visible. Refused with kind "network" when the
    /// hub cannot be reached, "unauthorized" when the login expired, and "validation"
    /// when no hub is connected.
    #[wasm_bindgen(js_name = syncNow, unchecked_return_type = "Promise<void>")]
    pub fn sync_now(&self) -> js_sys::Promise {
        let engine = self.engine();
        let syncer = self.sync_slot().borrow().clone();
        promise(async move {
            engine?;
            let syncer = syncer.ok_or_else(|| {
                FacadeError::Validation(ripen_core::ValidationError::new(
                    "hub",
                    ripen_core::error::Problem::Malformed { reason: "no hub is connected; call connectHub first".into() },
                ))
            })?;
            syncer.cycle_in_turn().await?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Stops syncing (requests under way are aborted); everything stored stays, and the
    /// next `connectHub` to the same hub resumes where this left off.
    #[wasm_bindgen(js_name = disconnectHub, unchecked_return_type = "Promise<void>")]
    pub fn disconnect_hub(&self) -> js_sys::Promise {
        let engine = self.engine();
        let slot = self.sync_slot();
        promise(async move {
            engine?;
            if let Some(syncer) = slot.borrow_mut().take() {
                syncer.stop();
            }
            Ok(JsValue::UNDEFINED)
        })
    }
}

/// Logs in and learns the hub user's name; checks the database can be read.
async fn log_in(login: &HubLogin) -> Result<(HubClient, HubUser), FacadeError> {
    let token = match &login.auth {
        HubAuth::Token(token) => Some(token.clone()),
        HubAuth::Password { .. } | HubAuth::Session { .. } => None,
    };
    let client = HubClient {
        database_url: login.database_url(),
        token,
        abort: hub_http::new_abort(),
        backoff: Backoff::default(),
        timeout_ms: login.timeout_ms,
    };
    let session = format!("{}_session", login.server);
    let answer = match &login.auth {
        HubAuth::Password { user, password } => {
            let body = ripen_json::json_object! { "name": user, "password": password }.to_string();
            first(client.once("POST", &session, Some(body), client.timeout_ms).await)?
        }
        HubAuth::Token(_) | HubAuth::Session { .. } => first(client.once("GET", &session, None, client.timeout_ms).await)?,
    };
    if answer.status == 401 || answer.status == 403 {
        return Err(FacadeError::Unauthorized(hub_http::reason(&answer)));
    }
    if !(200..300).contains(&answer.status) {
        return Err(FacadeError::Hub(hub_http::reason(&answer)));
    }
    let name = session_name(&answer.text);
    let name = match &login.auth {
        HubAuth::Session { user } if name.as_deref() != Some(user) => {
            let message = format!("the hub's session for {user} has ended: log in with the password again");
            return Err(FacadeError::Unauthorized(message));
        }
        _ => name.ok_or_else(|| FacadeError::Unauthorized("the hub knows no user for this login".into()))?,
    };
    let author: HubUser = name.parse().map_err(|e: ripen_sync::MappingError| FacadeError::Hub(e.to_string()))?;
    let database = first(client.once("GET", &client.database_url, None, client.timeout_ms).await)?;
    match database.status {
        200..=299 => Ok((client, author)),
        401 | 403 => Err(FacadeError::Unauthorized(hub_http::reason(&database))),
        _ => Err(FacadeError::Hub(hub_http::reason(&database))),
    }
}

/// The first contact: no answer is kind `network` at once.
fn first(outcome: Result<hub_http::Answer, NoAnswer>) -> Result<hub_http::Answer, FacadeError> {
    outcome.map_err(|error| match error {
        NoAnswer::Network(message) => FacadeError::Network(message),
        NoAnswer::Aborted => FacadeError::Network("aborted".into()),
    })
}

/// The user name in a `_session` answer: `{name}` after a login, `{userCtx: {name}}`
/// from `GET`.
fn session_name(text: &str) -> Option<String> {
    let value = ripen_json::Json::parse(text).ok()?;
    let name = value.get("userCtx").and_then(|c| c.get("name")).or_else(|| value.get("name"))?;
    name.as_str().filter(|n| !n.is_empty()).map(str::to_owned)
}
