//! The website leads' inbox in the sync loop: after each cycle's pull of the team database,
//! a device whose state holds the team's lead key reads `<database>-inbox`'s changes after
//! its stored `inbox_since`, opens each new lead (`lead_crypto.js`), checks it as
//! untrusted text (`WebLead::read`) and takes it in as one `web_lead_received` event —
//! matched against the base or a new client routed by the rules. A lead the fold holds
//! already (this device's, or another's pulled first) is not opened again. Leads are
//! never deleted from the inbox by devices; what was refused is counted and listed.

use crate::error::FacadeError;
use crate::hub_http::{HubClient, NoAnswer};
use ripen_core::web_lead::{LeadOutcome, LeadRefusal, WebLead};
use ripen_core::{Command, Engine, ErrorKind, EventPayload, EventStore};
use ripen_idb::IdbStore;
use ripen_sync::inbox::{InboxPage, InboxRow, InboxTally, Taken};
use ripen_sync::SyncState;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/lead_crypto.js")]
extern "C" {
    #[wasm_bindgen(js_name = generateLeadKey)]
    pub(crate) fn generate_lead_key() -> js_sys::Promise;
    #[wasm_bindgen(js_name = openLead)]
    fn open_lead(document: &str, keys: &str) -> js_sys::Promise;
}

/// Inbox changes asked for per page.
const INBOX_LIMIT: usize = 100;

/// Where the inbox pull stands, for `inboxStatus()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InboxPhase {
    /// Not pulled yet in this connection.
    Waiting,
    /// The team has no lead key yet (`createLeadKey`).
    NoKey,
    /// The hub has no inbox beside the team database.
    NoInbox,
    /// The hub does not let this user read the inbox, or the user may not write.
    Forbidden,
    Idle,
    /// The last pull failed (the next cycle tries again).
    Error,
}

impl InboxPhase {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::NoKey => "no_key",
            Self::NoInbox => "no_inbox",
            Self::Forbidden => "forbidden",
            Self::Idle => "idle",
            Self::Error => "error",
        }
    }
}

/// Pulls the inbox after `state.inbox_since`, a page at a time, taking each new lead in;
/// the sync state (its `inbox_since` and tally) is stored after each page. Returns the
/// phase and how many events were written.
pub(crate) async fn pull(
    engine: &Engine<IdbStore>,
    client: &HubClient,
    inbox_url: &str,
    state: &mut SyncState,
) -> Result<(InboxPhase, usize), FacadeError> {
    let keys: Vec<ripen_core::web_lead::Jwk> = engine.state().lead_keys().iter().rev().map(|k| k.private()).collect();
    if keys.is_empty() {
        return Ok((InboxPhase::NoKey, 0));
    }
    let keys = ripen_json::to_string(&keys);
    let mut written = 0;
    loop {
        let since = state.inbox_since.as_ref().map(|s| format!("&since={}", encode(&s.as_query()))).unwrap_or_default();
        let url = format!("{inbox_url}_changes?style=all_docs&include_docs=true&limit={INBOX_LIMIT}{since}");
        let answer = client.once("GET", &url, None, client.timeout_ms).await.map_err(|e| match e {
            NoAnswer::Network(message) => FacadeError::Network(message),
            NoAnswer::Aborted => FacadeError::Network("disconnected".into()),
        })?;
        match answer.status {
            200..=299 => {}
            404 => return Ok((InboxPhase::NoInbox, written)),
            401 | 403 => return Ok((InboxPhase::Forbidden, written)),
            _ => return Err(FacadeError::Hub(crate::hub_http::reason(&answer))),
        }
        let page = InboxPage::parse(&answer.text).map_err(|e| FacadeError::Hub(e.to_string()))?;
        drop(answer);
        let mut tally = state.inbox.take().unwrap_or_default();
        let outcome = take_page(engine, &page, &keys, &mut tally).await;
        state.inbox = Some(tally);
        let (phase, events) = outcome?;
        written += events;
        if phase == InboxPhase::Forbidden {
            // Nothing of this page was taken in: it is read again once the user may.
            return Ok((phase, written));
        }
        if let Some(last) = page.last_seq {
            state.inbox_since = Some(last);
        }
        engine.store().save_sync_state(&state.to_json()).await?;
        if page.received < INBOX_LIMIT {
            return Ok((InboxPhase::Idle, written));
        }
    }
}

async fn take_page(
    engine: &Engine<IdbStore>,
    page: &InboxPage,
    keys: &str,
    tally: &mut InboxTally,
) -> Result<(InboxPhase, usize), FacadeError> {
    let mut written = 0;
    let now = js_sys::Date::now();
    for row in &page.rows {
        let sealed = match row {
            InboxRow::Refused { id, refusal } => {
                tally.refuse(id, refusal, now);
                continue;
            }
            InboxRow::Lead(sealed) => sealed,
        };
        if engine.state().web_lead(&sealed.id).is_some() {
            tally.took(Taken::Known);
            continue;
        }
        let opened = JsFuture::from(open_lead(&sealed.document, keys)).await.ok().and_then(|p| p.as_string());
        let lead = match opened.ok_or(LeadRefusal::Sealed).and_then(|text| WebLead::read(sealed.id.clone(), &text)) {
            Ok(lead) => lead,
            Err(refusal) => {
                tally.refuse(sealed.id.as_str(), &refusal, now);
                continue;
            }
        };
        let matched = engine.web_lead_match(&lead);
        let command = Command::ReceiveWebLead { lead: Box::new(lead), matched };
        let events = match engine.execute(command, crate::js::now()).await {
            Ok(events) => events,
            Err(error) if error.kind() == ErrorKind::Forbidden => return Ok((InboxPhase::Forbidden, written)),
            Err(error) => return Err(error.into()),
        };
        written += events.len();
        tally.took(match events.first().map(|e| &e.payload) {
            Some(EventPayload::WebLeadReceived { outcome, .. }) => match **outcome {
                LeadOutcome::Added { .. } => Taken::Added,
                LeadOutcome::Matched { .. } => Taken::Matched,
            },
            _ => Taken::Known,
        });
    }
    Ok((InboxPhase::Idle, written))
}

/// A query value percent-encoded.
fn encode(value: &str) -> String {
    js_sys::encode_uri_component(value).as_string().unwrap_or_default()
}
