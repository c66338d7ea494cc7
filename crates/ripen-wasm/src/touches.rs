//! `Crm` calls about touches: plan, log, complete, miss, cancel, list.

use crate::crm::{promise, Crm, SharedEngine};
use crate::dto::{self, CompleteInput, ReasonInput, TouchInput, TouchView};
use crate::error::FacadeError;
use crate::js;
use ripen_core::{ClientId, Command, Event, EventPayload, TouchId};
use wasm_bindgen::prelude::*;

/// The touch a recording event created.
fn recorded(_: &SharedEngine, events: &[Event]) -> Result<JsValue, FacadeError> {
    match events.first().map(|e| &e.payload) {
        Some(EventPayload::TouchRecorded { touch }) => Ok(js::to_js(&TouchView::from(&**touch))),
        _ => Ok(JsValue::NULL),
    }
}

fn touch_id(raw: &str) -> Result<TouchId, FacadeError> {
    dto::parse_id("touchId", raw)
}

#[wasm_bindgen]
impl Crm {
    /// Plans a touch: the contact type, the goal, the approach and the planned result.
    #[wasm_bindgen(js_name = planTouch, unchecked_return_type = "Promise<Touch>")]
    pub fn plan_touch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PlanTouchInput")] input: JsValue,
    ) -> js_sys::Promise {
        self.write(move |_| js::from_js_via_json::<TouchInput>("touch", &input)?.plan(), recorded)
    }

    /// Records a touch that already happened (an inbound e-mail, a call just made).
    #[wasm_bindgen(js_name = logTouch, unchecked_return_type = "Promise<Touch>")]
    pub fn log_touch(&self, #[wasm_bindgen(unchecked_param_type = "LogTouchInput")] input: JsValue) -> js_sys::Promise {
        self.write(move |_| js::from_js_via_json::<TouchInput>("touch", &input)?.log(), recorded)
    }

    /// Records the actual result of a planned touch, next to its planned result.
    #[wasm_bindgen(js_name = completeTouch, unchecked_return_type = "Promise<Touch>")]
    pub fn complete_touch(
        &self,
        id: String,
        #[wasm_bindgen(unchecked_param_type = "CompleteTouchInput")] input: JsValue,
    ) -> js_sys::Promise {
        self.touch_write(id, move |touch| js::from_js_via_json::<CompleteInput>("result", &input)?.into_command(touch))
    }

    /// The planned touch did not happen.
    #[wasm_bindgen(js_name = missTouch, unchecked_return_type = "Promise<Touch>")]
    pub fn miss_touch(&self, id: String) -> js_sys::Promise {
        self.touch_write(id, |touch| Ok(Command::MissTouch { touch }))
    }

    /// The planned touch is called off.
    #[wasm_bindgen(js_name = cancelTouch, unchecked_return_type = "Promise<Touch>")]
    pub fn cancel_touch(
        &self,
        id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "{ reason?: string }")] input: Option<JsValue>,
    ) -> js_sys::Promise {
        self.touch_write(id, move |touch| {
            let input: ReasonInput = js::options_from_js("cancel", input)?;
            Ok(Command::CancelTouch { touch, reason: input.reason()? })
        })
    }

    /// Would this touch keep the contact policy? `{ allowed, violations, nextAllowedAt }`,
    /// where `nextAllowedAt` is the earliest time no rule is broken.
    #[wasm_bindgen(js_name = checkTouch, unchecked_return_type = "TouchCheck")]
    pub fn check_touch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CheckTouchInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let candidate = js::from_js_via_json::<TouchInput>("touch", &input)?.candidate(js::now())?;
            Ok(js::to_js(&engine.view().check_touch(&candidate)?))
        })
    }

    /// How close the client is to its contact limits at `at` (now, unless given): 0 is
    /// quiet, 1 is at a limit (more than 1 is over one, e.g. through exempt touches or
    /// overridden warnings).
    pub fn pressure(
        &self,
        #[wasm_bindgen(js_name = "clientId")] client_id: &str,
        at: Option<String>,
    ) -> Result<f64, JsValue> {
        let value = self.read(|engine| {
            let client: ClientId = dto::parse_id("clientId", client_id)?;
            let at = match at.as_deref() {
                Some(at) => dto::instant("at", at)?,
                None => js::now(),
            };
            Ok(JsValue::from_f64(engine.view().pressure(&client, at)?))
        })?;
        Ok(value.as_f64().unwrap_or_default())
    }

    /// The contact policy's rules.
    #[wasm_bindgen(unchecked_return_type = "Rule[]")]
    pub fn rules(&self) -> Result<JsValue, JsValue> {
        self.read(|engine| Ok(js::to_js(&engine.view().policy().rules)))
    }

    /// Adds or replaces a rule (by `id`).
    #[wasm_bindgen(js_name = saveRule, unchecked_return_type = "Promise<void>")]
    pub fn save_rule(&self, #[wasm_bindgen(unchecked_param_type = "Rule")] rule: JsValue) -> js_sys::Promise {
        self.write(
            move |_| Ok(Command::SaveRule { rule: js::from_js_via_json("rule", &rule)? }),
            |_, _| Ok(JsValue::UNDEFINED),
        )
    }

    #[wasm_bindgen(js_name = removeRule, unchecked_return_type = "Promise<void>")]
    pub fn remove_rule(&self, id: String) -> js_sys::Promise {
        self.write(move |_| Ok(Command::RemoveRule { rule: dto::parse_id("id", &id)? }), |_, _| Ok(JsValue::UNDEFINED))
    }

    /// The client's touches, oldest first. Their texts are read from the database on
    /// demand (memory keeps only what the policy, the agenda and the reports need), so it
    /// resolves later.
    #[wasm_bindgen(unchecked_return_type = "Promise<Touch[]>")]
    pub fn touches(&self, #[wasm_bindgen(js_name = "clientId")] client_id: String) -> js_sys::Promise {
        let engine = self.engine();
        promise(async move {
            let engine = engine?;
            let client: ClientId = dto::parse_id("clientId", &client_id)?;
            let touches = engine.touches(&client).await?;
            let views: Vec<TouchView<'_>> = touches.iter().map(TouchView::from).collect();
            Ok(js::to_js_via_json(&views))
        })
    }
}

impl Crm {
    fn touch_write(
        &self,
        id: String,
        command: impl FnOnce(TouchId) -> Result<Command, FacadeError> + 'static,
    ) -> js_sys::Promise {
        let answer_id = touch_id(&id);
        self.write_then(
            move |_| command(touch_id(&id)?),
            move |engine, _| async move { Ok(js::to_js(&TouchView::from(&engine.touch(&answer_id?).await?))) },
        )
    }
}
