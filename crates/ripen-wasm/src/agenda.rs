//! `Crm` calls about the rep's day: the agenda, and the stage stimuli shown with cards.

use crate::boundary::{self, caps, Size};
use crate::crm::Crm;
use crate::dto::AgendaOptions;
use crate::js;
use ripen_core::agenda::AgendaQuery;
use ripen_core::{Command, PipelineId, StageId};
use wasm_bindgen::prelude::*;

/// A stage's recommended actions: up to [`caps::STIMULI`].
const STIMULI: Size = Size { units: caps::OBJECT_JSON_UNITS, items: caps::STIMULI };

#[wasm_bindgen]
impl Crm {
    /// What to do, most urgent first: overdue and today's touches, cards going silent or
    /// with no next step, after-sale follow-ups, dates ahead — each with why and what to
    /// do. `{ user?, now?, days? }`: the clients the current user owns when `user` is left
    /// out, those `user` owns when given, and every client the current user sees (whoever
    /// owns it, or nobody) when `user: null`; now unless given, dates 14 days ahead unless
    /// given.
    #[wasm_bindgen(unchecked_return_type = "AgendaItem[]")]
    pub fn agenda(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AgendaOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let user = self.user();
        self.read(move |engine| {
            let options: AgendaOptions = boundary::options("options", options.as_ref())?;
            let query: AgendaQuery = options.query(&user, js::now())?;
            Ok(js::to_js(&engine.view().agenda(&query)))
        })
    }

    /// The web leads (clients whose `source` is "web") no one has been in touch with yet,
    /// the longest waiting first, each with how long it has waited: `{ user?, now? }` as
    /// for `agenda` (the current user's own unless `user` is given; `null`, everyone's in
    /// sight). They are on the agenda too, as items of kind "waiting".
    #[wasm_bindgen(unchecked_return_type = "WaitingLead[]")]
    pub fn waiting(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "{ user?: string | null; now?: string }")] options: Option<
            JsValue,
        >,
    ) -> Result<JsValue, JsValue> {
        let user = self.user();
        self.read(move |engine| {
            let options: AgendaOptions = boundary::options("options", options.as_ref())?;
            if options.days.is_some() {
                return Err(ripen_core::ValidationError::new(
                    "days",
                    ripen_core::error::Problem::Malformed { reason: "waiting takes only `user` and `now`".into() },
                )
                .into());
            }
            let query: AgendaQuery = options.query(&user, js::now())?;
            Ok(js::to_js(&engine.view().waiting(query.owner.as_ref(), query.now)))
        })
    }

    /// The recommended next actions for a stage.
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn stimuli(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] pipeline: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] stage: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let pipeline: PipelineId = boundary::id("pipeline", &pipeline)?;
            let stage: StageId = boundary::id("stage", &stage)?;
            Ok(js::to_js(engine.view().stimuli().for_stage(&pipeline, &stage)))
        })
    }

    /// Sets the recommended next actions for a stage (an empty list removes them).
    #[wasm_bindgen(js_name = saveStimuli, unchecked_return_type = "Promise<void>")]
    pub fn save_stimuli(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] pipeline: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] stage: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[]")] actions: JsValue,
    ) -> js_sys::Promise {
        let pipeline = boundary::id::<PipelineId>("pipeline", &pipeline);
        let stage = boundary::id::<StageId>("stage", &stage);
        let actions = boundary::list::<String>("actions", &actions, STIMULI);
        self.write(
            move |_| Ok(Command::SaveStimuli { pipeline: pipeline?, stage: stage?, actions: actions? }),
            |_, _| Ok(JsValue::UNDEFINED),
        )
    }
}
