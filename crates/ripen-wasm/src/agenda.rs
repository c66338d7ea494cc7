//! `Crm` calls about the rep's day: the agenda, and the stage stimuli shown with cards.

use crate::crm::Crm;
use crate::dto::{self, AgendaOptions};
use crate::js;
use ripen_core::agenda::AgendaQuery;
use ripen_core::{Command, PipelineId, StageId};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Crm {
    /// What to do, most urgent first: overdue and today's touches, cards going silent or
    /// with no next step, after-sale follow-ups, dates ahead — each with why and what to
    /// do. `{ user?, now?, days? }`: the current user's clients unless `user: null` (all),
    /// now unless given, dates 14 days ahead unless given.
    #[wasm_bindgen(unchecked_return_type = "AgendaItem[]")]
    pub fn agenda(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AgendaOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let user = self.user();
        self.read(move |engine| {
            let options: AgendaOptions = js::options_from_js("agenda", options)?;
            let query: AgendaQuery = options.query(&user, js::now())?;
            Ok(js::to_js_via_json(&engine.view().agenda(&query)))
        })
    }

    /// The recommended next actions for a stage.
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn stimuli(&self, pipeline: &str, stage: &str) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let pipeline: PipelineId = dto::parse_id("pipeline", pipeline)?;
            let stage: StageId = dto::parse_id("stage", stage)?;
            Ok(js::to_js(engine.view().stimuli().for_stage(&pipeline, &stage)))
        })
    }

    /// Sets the recommended next actions for a stage (an empty list removes them).
    #[wasm_bindgen(js_name = saveStimuli, unchecked_return_type = "Promise<void>")]
    pub fn save_stimuli(
        &self,
        pipeline: String,
        stage: String,
        #[wasm_bindgen(unchecked_param_type = "string[]")] actions: JsValue,
    ) -> js_sys::Promise {
        self.write(
            move |_| {
                Ok(Command::SaveStimuli {
                    pipeline: dto::parse_id("pipeline", &pipeline)?,
                    stage: dto::parse_id("stage", &stage)?,
                    actions: js::from_js_via_json("actions", &actions)?,
                })
            },
            |_, _| Ok(JsValue::UNDEFINED),
        )
    }
}
