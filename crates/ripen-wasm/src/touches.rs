//! `Crm` calls about touches: plan, log, complete, miss, cancel, list.

use crate::boundary::{self, Size};
use crate::crm::{promise, Crm, SharedEngine};
use crate::dto::{self, CompleteInput, ReasonInput, RuleView, TouchInput, TouchView};
use crate::error::FacadeError;
use crate::js;
use ripen_core::policy::Rule;
use ripen_core::{ClientId, Command, Event, EventPayload, RuleId, TouchId};
use wasm_bindgen::prelude::*;

/// The touch a recording event created.
fn recorded(_: &SharedEngine, events: &[Event]) -> Result<JsValue, FacadeError> {
    match events.first().map(|e| &e.payload) {
        Some(EventPayload::TouchRecorded { touch }) => Ok(js::to_js(&TouchView::from(&**touch))),
        _ => Ok(JsValue::NULL),
    }
}

#[wasm_bindgen]
impl Crm {
    /// Plans a touch: the contact type, the goal, the approach and the planned result.
    #[wasm_bindgen(js_name = planTouch, unchecked_return_type = "Promise<Touch>")]
    pub fn plan_touch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PlanTouchInput")] input: JsValue,
    ) -> js_sys::Promise {
        let input = boundary::object::<TouchInput>("input", &input, Size::OBJECT);
        self.write(move |_| input?.plan(), recorded)
    }

    /// Records a touch that already happened (an inbound e-mail, a call just made).
    #[wasm_bindgen(js_name = logTouch, unchecked_return_type = "Promise<Touch>")]
    pub fn log_touch(&self, #[wasm_bindgen(unchecked_param_type = "LogTouchInput")] input: JsValue) -> js_sys::Promise {
        let input = boundary::object::<TouchInput>("input", &input, Size::OBJECT);
        self.write(move |_| input?.log(), recorded)
    }

    /// Records the actual result of a planned touch, next to its planned result.
    #[wasm_bindgen(js_name = completeTouch, unchecked_return_type = "Promise<Touch>")]
    pub fn complete_touch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CompleteTouchInput")] input: JsValue,
    ) -> js_sys::Promise {
        let input = boundary::object::<CompleteInput>("input", &input, Size::OBJECT);
        self.touch_write(&id, move |touch| input?.into_command(touch))
    }

    /// The planned touch did not happen.
    #[wasm_bindgen(js_name = missTouch, unchecked_return_type = "Promise<Touch>")]
    pub fn miss_touch(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> js_sys::Promise {
        self.touch_write(&id, |touch| Ok(Command::MissTouch { touch }))
    }

    /// The planned touch is called off.
    #[wasm_bindgen(js_name = cancelTouch, unchecked_return_type = "Promise<Touch>")]
    pub fn cancel_touch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ reason?: string }")] input: Option<JsValue>,
    ) -> js_sys::Promise {
        let input = boundary::options::<ReasonInput>("input", input.as_ref());
        self.touch_write(&id, move |touch| Ok(Command::CancelTouch { touch, reason: input?.reason()? }))
    }

    /// Would this touch keep the contact policy? `{ allowed, overridable, violations,
    /// nextAllowedAt, nextClearAt }`: `allowed`, `planTouch` would take it as given (its
    /// `override` included); `overridable`, only warnings stand in the way; `nextAllowedAt`,
    /// the earliest time no blocking rule is broken (an override may still be needed);
    /// `nextClearAt`, the earliest time no rule at all is.
    #[wasm_bindgen(js_name = checkTouch, unchecked_return_type = "TouchCheck")]
    pub fn check_touch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CheckTouchInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let candidate = boundary::object::<TouchInput>("input", &input, Size::OBJECT)?.candidate(js::now())?;
            Ok(js::to_js(&engine.view().check_touch(&candidate)?))
        })
    }

    /// How close the client is to its contact limits at `at` (now, unless given): 0 is
    /// quiet, 1 is at a limit (more than 1 is over one, e.g. through exempt touches or
    /// overridden warnings).
    pub fn pressure(
        &self,
        #[wasm_bindgen(js_name = "clientId", unchecked_param_type = "string")] client_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] at: Option<JsValue>,
    ) -> Result<f64, JsValue> {
        let value = self.read(|engine| {
            let client: ClientId = boundary::id("clientId", &client_id)?;
            let at = match boundary::optional_short_text("at", at.as_ref())? {
                Some(at) => dto::instant("at", &at)?,
                None => js::now(),
            };
            Ok(JsValue::from_f64(engine.view().pressure(&client, at)?))
        })?;
        Ok(value.as_f64().unwrap_or_default())
    }

    /// Touches of the clients this user sees, planned from `from` on (now, unless given)
    /// or done since, that a `block` rule refuses as things stand: limits two devices of
    /// the team broke together while apart (each checked what it knew; both touches are
    /// kept), and touches logged or completed after the fact at a time the rules refuse
    /// (what happened is recorded, never refused). `[{ touch, clientId, clientName, at,
    /// violations }]`, in the order recorded.
    #[wasm_bindgen(js_name = limitBreaches, unchecked_return_type = "LimitBreach[]")]
    pub fn limit_breaches(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] from: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let from = match boundary::optional_short_text("from", from.as_ref())? {
                Some(from) => dto::instant("from", &from)?,
                None => js::now(),
            };
            let view = engine.view();
            let breaches: Vec<LimitBreach> = view
                .limit_breaches(from)
                .into_iter()
                .map(|breach| LimitBreach {
                    client_name: engine.state().client(&breach.client).map(|c| c.name.to_string()).unwrap_or_default(),
                    touch: breach.touch.to_string(),
                    client_id: breach.client.to_string(),
                    at: breach.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                    violations: breach.violations,
                    recorded: breach.recorded,
                })
                .collect();
            Ok(js::to_js(&breaches))
        })
    }

    /// The contact policy's rules.
    #[wasm_bindgen(unchecked_return_type = "Rule[]")]
    pub fn rules(&self) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let rules: Vec<RuleView> = engine.view().policy().rules.iter().map(RuleView::from).collect();
            Ok(js::to_js(&rules))
        })
    }

    /// Adds or replaces a rule (by `id`).
    #[wasm_bindgen(js_name = saveRule, unchecked_return_type = "Promise<void>")]
    pub fn save_rule(&self, #[wasm_bindgen(unchecked_param_type = "Rule")] rule: JsValue) -> js_sys::Promise {
        let rule = boundary::object::<RuleView>("rule", &rule, Size::OBJECT);
        self.write(move |_| Ok(Command::SaveRule { rule: Rule::from(rule?) }), |_, _| Ok(JsValue::UNDEFINED))
    }

    #[wasm_bindgen(js_name = removeRule, unchecked_return_type = "Promise<void>")]
    pub fn remove_rule(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> js_sys::Promise {
        let rule = boundary::id::<RuleId>("id", &id);
        self.write(move |_| Ok(Command::RemoveRule { rule: rule? }), |_, _| Ok(JsValue::UNDEFINED))
    }

    /// The client's touches, oldest first. Their texts are read from the database on
    /// demand (memory keeps only what the policy, the agenda and the reports need), so it
    /// resolves later.
    #[wasm_bindgen(unchecked_return_type = "Promise<Touch[]>")]
    pub fn touches(
        &self,
        #[wasm_bindgen(js_name = "clientId", unchecked_param_type = "string")] client_id: JsValue,
    ) -> js_sys::Promise {
        let engine = self.engine();
        let client = boundary::id::<ClientId>("clientId", &client_id);
        promise(async move {
            let engine = engine?;
            let touches = engine.touches(&client?).await?;
            let views: Vec<TouchView<'_>> = touches.iter().map(TouchView::from).collect();
            Ok(js::to_js(&views))
        })
    }
}

impl Crm {
    /// A write about the touch `id` that resolves to that touch as it is afterwards.
    fn touch_write(
        &self,
        id: &JsValue,
        command: impl FnOnce(TouchId) -> Result<Command, FacadeError> + 'static,
    ) -> js_sys::Promise {
        let touch = boundary::id::<TouchId>("id", id);
        let answer_id = touch.as_ref().ok().cloned();
        self.write_then(
            move |_| command(touch?),
            move |engine, _| async move {
                match &answer_id {
                    Some(id) => Ok(js::to_js(&TouchView::from(&engine.touch(id).await?))),
                    None => Ok(JsValue::NULL),
                }
            },
        )
    }
}

/// A touch a `block` rule refuses as things stand (see `Crm::limit_breaches`).
#[derive(ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
struct LimitBreach {
    touch: String,
    client_id: String,
    client_name: String,
    at: String,
    violations: Vec<ripen_core::policy::Violation>,
    recorded: bool,
}
