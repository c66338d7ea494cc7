//! Deciding the template commands: save (add or replace) and remove a message template.

use super::{not_found, Decision};
use crate::error::Error;
use crate::model::event::EventPayload;
use crate::model::template::{Template, TemplateDraft};
use crate::state::CrmState;
use crate::values::ids::TemplateId;

pub(super) fn save(state: &CrmState, draft: TemplateDraft) -> Result<Decision, Error> {
    let pipeline = state.pipelines.get(&draft.pipeline).ok_or_else(|| not_found("pipeline", &draft.pipeline))?;
    pipeline.stage(&draft.stage).ok_or_else(|| not_found("stage", &draft.stage))?;
    let template = Template::parse(draft)?;
    let old = state.templates.get(&template.id);
    Ok(Decision::Payloads(if old == Some(&template) {
        Vec::new()
    } else {
        vec![EventPayload::TemplateSaved { template: Box::new(template), old: old.cloned().map(Box::new) }]
    }))
}

pub(super) fn remove(state: &CrmState, id: TemplateId) -> Result<Decision, Error> {
    let template = state.templates.get(&id).ok_or_else(|| not_found("template", &id))?;
    Ok(Decision::Payloads(vec![EventPayload::TemplateRemoved { template: Box::new(template.clone()) }]))
}
