//! The HTTP client of a team hub: requests through `hub_fetch.js`, retried with backoff on
//! network errors, timeouts and `5xx` (ripen-sync's policy), a refused login turned into
//! kind `unauthorized`.

use crate::error::FacadeError;
use js_sys::{Promise, Reflect};
use ripen_sync::backoff::{verdict, Backoff, Verdict};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/hub_fetch.js")]
extern "C" {
    #[wasm_bindgen(js_name = newAbort)]
    pub(crate) fn new_abort() -> JsValue;
    #[wasm_bindgen(js_name = abortNow)]
    pub(crate) fn abort_now(controller: &JsValue);
    #[wasm_bindgen(js_name = hubFetch)]
    fn hub_fetch(
        url: &str,
        method: &str,
        token: Option<String>,
        body: Option<String>,
        timeout_ms: u32,
        controller: &JsValue,
    ) -> Promise;
    #[wasm_bindgen(js_name = withLock)]
    pub(crate) fn with_lock(name: &str, run: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = sleep)]
    fn sleep_promise(ms: u32) -> Promise;
    pub(crate) fn jitter() -> f64;
}

pub(crate) async fn sleep(ms: u32) {
    let _ = JsFuture::from(sleep_promise(ms)).await;
}

/// An answer from the hub.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) text: String,
}

/// Why no answer came.
#[derive(Debug)]
pub(crate) enum NoAnswer {
    Network(String),
    /// The request was aborted on purpose (a disconnect, a local write cutting a longpoll).
    Aborted,
}

/// One hub database: its URL, its token if it has one (a cookie session otherwise), and
/// the abort handle every request shares.
#[derive(Debug, Clone)]
pub(crate) struct HubClient {
    pub(crate) database_url: String,
    pub(crate) token: Option<String>,
    pub(crate) abort: JsValue,
    pub(crate) backoff: Backoff,
    /// How long an ordinary request may take before it counts as lost.
    pub(crate) timeout_ms: u32,
}

impl HubClient {
    /// One request, no retry.
    pub(crate) async fn once(&self, method: &str, url: &str, body: Option<String>, timeout_ms: u32) -> Result<Answer, NoAnswer> {
        self.answer(JsFuture::from(self.start(method, url, body, timeout_ms)).await)
    }

    /// Sends one request and goes on: the promise of its answer, for [`HubClient::answer`].
    pub(crate) fn start(&self, method: &str, url: &str, body: Option<String>, timeout_ms: u32) -> Promise {
        hub_fetch(url, method, self.token.clone(), body, timeout_ms, &self.abort)
    }

    /// What a request [`started`](HubClient::start) came to.
    pub(crate) fn answer(&self, outcome: Result<JsValue, JsValue>) -> Result<Answer, NoAnswer> {
        match outcome {
            Ok(answer) => {
                let status = Reflect::get(&answer, &"status".into()).ok().and_then(|s| s.as_f64()).unwrap_or(0.0);
                let text = Reflect::get(&answer, &"text".into()).ok().and_then(|t| t.as_string()).unwrap_or_default();
                Ok(Answer { status: status as u16, text })
            }
            Err(error) => {
                if Reflect::get(&error, &"aborted".into()).ok().and_then(|a| a.as_bool()) == Some(true) {
                    return Err(NoAnswer::Aborted);
                }
                let message = Reflect::get(&error, &"message".into()).ok().and_then(|m| m.as_string());
                Err(NoAnswer::Network(message.unwrap_or_default()))
            }
        }
    }

    /// A request retried with backoff while the network fails or the hub answers `5xx`,
    /// `408` or `429`; a refused login is kind `unauthorized`, the network given up on
    /// kind `network`. Other answers (`2xx`, `413`, other refusals) are the caller's.
    pub(crate) async fn send(&self, method: &str, url: &str, body: Option<String>) -> Result<Answer, FacadeError> {
        let mut retry = 0;
        loop {
            let outcome = self.once(method, url, body.clone(), self.timeout_ms).await;
            let failure = match outcome {
                Ok(answer) => match verdict(answer.status) {
                    Verdict::Unauthorized => return Err(FacadeError::Unauthorized(reason(&answer))),
                    Verdict::Retry => FacadeError::Network(format!("the hub answered {}", answer.status)),
                    Verdict::Done | Verdict::TooLarge | Verdict::Fail => return Ok(answer),
                },
                Err(NoAnswer::Aborted) => return Err(FacadeError::Network("disconnected".into())),
                Err(NoAnswer::Network(message)) => FacadeError::Network(message),
            };
            if !self.backoff.allows(retry) {
                return Err(failure);
            }
            sleep(self.backoff.delay_ms(retry, jitter())).await;
            retry += 1;
        }
    }
}

/// What a refusal says: CouchDB's `{error, reason}`, or the status.
pub(crate) fn reason(answer: &Answer) -> String {
    #[derive(ripen_json::FromJson)]
    struct Refusal {
        #[json(default)]
        error: String,
        #[json(default)]
        reason: String,
    }
    match ripen_json::from_str::<Refusal>(&answer.text) {
        Ok(refusal) if !refusal.error.is_empty() => format!("{} ({}): {}", answer.status, refusal.error, refusal.reason),
        _ => format!("the hub answered {}", answer.status),
    }
}
