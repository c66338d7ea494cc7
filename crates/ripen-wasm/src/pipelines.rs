//! `Crm` calls about pipelines: list and edit them, move cards.

use crate::boundary::{self, caps, Size};
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

/// A stage order: every stage id of a pipeline, up to [`caps::STAGES`].
const ORDER: Size = Size { units: caps::OBJECT_JSON_UNITS, items: caps::STAGES };

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
        let input = boundary::object::<PipelineInput>("input", &input, Size::OBJECT);
        self.write(
            move |_| input?.into_command(),
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
        #[wasm_bindgen(unchecked_param_type = "string")] pipeline: JsValue,
        #[wasm_bindgen(unchecked_param_type = "StageInput")] stage: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number")] position: Option<JsValue>,
    ) -> js_sys::Promise {
        let stage = boundary::object::<StageInput>("stage", &stage, Size::OBJECT);
        let position = boundary::optional_whole("position", position.as_ref(), 0..=caps::STAGES as u32);
        self.pipeline_write(&pipeline, move |pipeline| {
            let stage = Stage::try_from(stage?)?;
            Ok(Command::AddStage { pipeline, stage, position: position?.map(|p| p as usize) })
        })
    }

    /// Renames, re-kinds, re-times or retires a stage: `{ id, …only what changes }`.
    #[wasm_bindgen(js_name = changeStage, unchecked_return_type = "Promise<Pipeline>")]
    pub fn change_stage(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] pipeline: JsValue,
        #[wasm_bindgen(unchecked_param_type = "StagePatch")] patch: JsValue,
    ) -> js_sys::Promise {
        let patch = boundary::object::<StagePatch>("patch", &patch, Size::OBJECT);
        self.pipeline_write_with(&pipeline, move |engine, pipeline| {
            let patch = patch?;
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
        })
    }

    /// Puts the stages in the given order (every stage id, once).
    #[wasm_bindgen(js_name = reorderStages, unchecked_return_type = "Promise<Pipeline>")]
    pub fn reorder_stages(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] pipeline: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[]")] order: JsValue,
    ) -> js_sys::Promise {
        let order = boundary::list::<String>("order", &order, ORDER);
        self.pipeline_write(&pipeline, move |pipeline| {
            let order = order?
                .iter()
                .enumerate()
                .map(|(i, id)| dto::parse_id::<StageId>(&format!("order[{i}]"), id))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Command::ReorderStages { pipeline, order })
        })
    }

    /// Moves the client's card to a stage (`{ pipeline, stage }`) or into lost
    /// (`{ pipeline, lost: reason }`) at `at` (now, unless given: a move recorded later
    /// names when it happened); creates the card on the first move. Resolves to the card as
    /// it is afterwards (also when it was already there).
    #[wasm_bindgen(js_name = moveStage, unchecked_return_type = "Promise<Card>")]
    pub fn move_stage(
        &self,
        #[wasm_bindgen(js_name = "clientId", unchecked_param_type = "string")] client_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "MoveStageInput")] input: JsValue,
    ) -> js_sys::Promise {
        let client = boundary::id::<ClientId>("clientId", &client_id);
        let input = boundary::object::<MoveInput>("input", &input, Size::OBJECT);
        let target = std::rc::Rc::new(std::cell::RefCell::new(None));
        let answer = std::rc::Rc::clone(&target);
        self.write(
            move |_| {
                let client = client?;
                let command = input?.into_command(client.clone())?;
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
    pub fn cards(
        &self,
        #[wasm_bindgen(js_name = "clientId", unchecked_param_type = "string")] client_id: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let client: ClientId = boundary::id("clientId", &client_id)?;
            let view = engine.view();
            let views: Vec<CardView<'_>> =
                view.cards(&client)?.into_iter().map(|card| CardView::new(card, view.stimuli())).collect();
            Ok(js::to_js(&views))
        })
    }
}

impl Crm {
    /// A write to the pipeline named by `pipeline` that resolves to the pipeline as it is
    /// afterwards.
    fn pipeline_write(
        &self,
        pipeline: &JsValue,
        command: impl FnOnce(PipelineId) -> Result<Command, FacadeError> + 'static,
    ) -> js_sys::Promise {
        self.pipeline_write_with(pipeline, move |_, pipeline| command(pipeline))
    }

    /// As [`Crm::pipeline_write`], for a command that reads the state to be built.
    fn pipeline_write_with(
        &self,
        pipeline: &JsValue,
        command: impl FnOnce(&SharedEngine, PipelineId) -> Result<Command, FacadeError> + 'static,
    ) -> js_sys::Promise {
        let pipeline = boundary::id::<PipelineId>("pipeline", pipeline);
        let answer_id = pipeline.as_ref().ok().cloned();
        self.write(
            move |engine| command(engine, pipeline?),
            move |engine, _| match &answer_id {
                Some(id) => pipeline_view(engine, id),
                None => Ok(JsValue::NULL),
            },
        )
    }
}
