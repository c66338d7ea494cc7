//! `Crm` calls about pipelines: list and edit them, move cards.

use crate::crm::{Crm, SharedEngine};
use crate::dto::{self, CardView, MoveInput, PipelineInput, StageInput, StagePatch};
use crate::error::FacadeError;
use crate::js;
use ripen_core::pipeline::Stage;
use ripen_core::{ClientId, Command, PipelineId, StageId};
use wasm_bindgen::prelude::*;

fn pipeline_view(engine: &SharedEngine, id: &PipelineId) -> Result<JsValue, FacadeError> {
    let state = engine.state();
    let pipeline =
        state.pipelines.get(id).ok_or_else(|| ripen_core::Error::NotFound { what: "pipeline", id: id.to_string() })?;
    Ok(js::to_js(pipeline))
}

fn pipeline_id(raw: &str) -> Result<PipelineId, FacadeError> {
    dto::parse_id("pipeline", raw)
}

#[wasm_bindgen]
impl Crm {
    /// Every pipeline with its stages in order (retired stages included, marked).
    #[wasm_bindgen(unchecked_return_type = "Pipeline[]")]
    pub fn pipelines(&self) -> Result<JsValue, JsValue> {
        self.read(|engine| Ok(js::to_js(engine.view().pipelines().all())))
    }

    #[wasm_bindgen(js_name = addPipeline, unchecked_return_type = "Promise<Pipeline>")]
    pub fn add_pipeline(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PipelineInput")] input: JsValue,
    ) -> js_sys::Promise {
        self.write(
            move |_| js::from_js_via_json::<PipelineInput>("pipeline", &input)?.into_command(),
            |engine, events| match events.first().map(|e| &e.payload) {
                Some(ripen_core::EventPayload::PipelineAdded { pipeline }) => pipeline_view(engine, &pipeline.id),
                _ => Ok(JsValue::NULL),
            },
        )
    }

    /// Adds a stage at `position` (the end, unless given).
    #[wasm_bindgen(js_name = addStage, unchecked_return_type = "Promise<Pipeline>")]
    pub fn add_stage(
        &self,
        pipeline: String,
        #[wasm_bindgen(unchecked_param_type = "StageInput")] stage: JsValue,
        position: Option<u32>,
    ) -> js_sys::Promise {
        self.pipeline_write(pipeline, move |pipeline| {
            let stage = Stage::try_from(js::from_js_via_json::<StageInput>("stage", &stage)?)?;
            Ok(Command::AddStage { pipeline, stage, position: position.map(|p| p as usize) })
        })
    }

    /// Renames, re-kinds, re-times or retires a stage: `{ id, …only what changes }`.
    #[wasm_bindgen(js_name = changeStage, unchecked_return_type = "Promise<Pipeline>")]
    pub fn change_stage(
        &self,
        pipeline: String,
        #[wasm_bindgen(unchecked_param_type = "StagePatch")] patch: JsValue,
    ) -> js_sys::Promise {
        let answer_id = pipeline_id(&pipeline);
        self.write(
            move |engine| {
                let pipeline = pipeline_id(&pipeline)?;
                let patch: StagePatch = js::from_js_via_json("stage", &patch)?;
                let stage_id: StageId = dto::parse_id("id", &patch.id)?;
                let state = engine.state();
                let current = state
                    .pipelines
                    .get(&pipeline)
                    .ok_or_else(|| ripen_core::Error::NotFound { what: "pipeline", id: pipeline.to_string() })?
                    .stage(&stage_id)
                    .ok_or_else(|| ripen_core::Error::NotFound { what: "stage", id: stage_id.to_string() })?;
                let stage = patch.apply(current)?;
                Ok(Command::ChangeStage { pipeline, stage })
            },
            move |engine, _| pipeline_view(engine, &answer_id?),
        )
    }

    /// Puts the stages in the given order (every stage id, once).
    #[wasm_bindgen(js_name = reorderStages, unchecked_return_type = "Promise<Pipeline>")]
    pub fn reorder_stages(
        &self,
        pipeline: String,
        #[wasm_bindgen(unchecked_param_type = "string[]")] order: JsValue,
    ) -> js_sys::Promise {
        self.pipeline_write(pipeline, move |pipeline| {
            let order: Vec<String> = js::from_js_via_json("order", &order)?;
            let order = order
                .iter()
                .enumerate()
                .map(|(i, id)| dto::parse_id::<StageId>(&format!("order[{i}]"), id))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Command::ReorderStages { pipeline, order })
        })
    }

    /// Moves the client's card to a stage (`{ pipeline, stage }`) or into lost
    /// (`{ pipeline, lost: reason }`); creates the card on the first move. Resolves to the
    /// card as it is afterwards (also when it was already there).
    #[wasm_bindgen(js_name = moveStage, unchecked_return_type = "Promise<Card>")]
    pub fn move_stage(
        &self,
        #[wasm_bindgen(js_name = "clientId")] client_id: String,
        #[wasm_bindgen(unchecked_param_type = "MoveStageInput")] input: JsValue,
    ) -> js_sys::Promise {
        let target = std::rc::Rc::new(std::cell::RefCell::new(None));
        let answer = std::rc::Rc::clone(&target);
        self.write(
            move |_| {
                let client: ClientId = dto::parse_id("clientId", &client_id)?;
                let command = js::from_js_via_json::<MoveInput>("move", &input)?.into_command(client.clone())?;
                if let Command::MoveStage { pipeline, .. } = &command {
                    *target.borrow_mut() = Some((client, pipeline.clone()));
                }
                Ok(command)
            },
            move |engine, _| {
                let state = engine.state();
                let card =
                    answer.borrow().as_ref().and_then(|(client, pipeline)| state.pipelines.card(client, pipeline));
                Ok(card.map_or(JsValue::NULL, |card| js::to_js(&CardView::new(card, &state.stimuli))))
            },
        )
    }

    /// The client's cards, one per pipeline it is in.
    #[wasm_bindgen(unchecked_return_type = "Card[]")]
    pub fn cards(&self, #[wasm_bindgen(js_name = "clientId")] client_id: &str) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let client: ClientId = dto::parse_id("clientId", client_id)?;
            let view = engine.view();
            let views: Vec<CardView<'_>> =
                view.cards(&client)?.into_iter().map(|card| CardView::new(card, view.stimuli())).collect();
            Ok(js::to_js(&views))
        })
    }
}

impl Crm {
    fn pipeline_write(
        &self,
        pipeline: String,
        command: impl FnOnce(PipelineId) -> Result<Command, FacadeError> + 'static,
    ) -> js_sys::Promise {
        let answer_id = pipeline_id(&pipeline);
        self.write(move |_| command(pipeline_id(&pipeline)?), move |engine, _| pipeline_view(engine, &answer_id?))
    }
}
