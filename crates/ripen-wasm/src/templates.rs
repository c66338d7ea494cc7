//! `Crm` calls about stage templates: list, save and remove them, and fill one in for a
//! client with its send links.

use crate::boundary::{self, Size};
use crate::crm::Crm;
use crate::dto::{TemplateFilter, TemplateInput};
use crate::js;
use chrono::{Duration, NaiveDate};
use ripen_core::{ClientId, Command, EventPayload, TemplateId};
use wasm_bindgen::prelude::*;

/// The device's own date now: what "upcoming" means for the rep looking at the card.
fn today() -> NaiveDate {
    let offset_minutes = js_sys::Date::new_0().get_timezone_offset();
    (js::now() - Duration::minutes(offset_minutes as i64)).date_naive()
}

#[wasm_bindgen]
impl Crm {
    /// The templates, by id; `filter` keeps those of a pipeline, stage, channel and locale
    /// (each one given must match).
    #[wasm_bindgen(unchecked_return_type = "Template[]")]
    pub fn templates(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "TemplateFilter")] filter: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let filter = boundary::options::<TemplateFilter>("filter", filter.as_ref())?.parsed()?;
            let view = engine.view();
            let found: Vec<_> = view.templates().all().iter().filter(|t| filter.matches(t)).collect();
            Ok(js::to_js(&found))
        })
    }

    /// Adds a template, or replaces the one with its `id`: checked when saved (a known
    /// `{variable}` each, braces balanced, a body, a subject only for an e-mail). Heads of
    /// sales and admins only. Resolves to the template as saved.
    #[wasm_bindgen(js_name = saveTemplate, unchecked_return_type = "Promise<Template>")]
    pub fn save_template(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TemplateInput")] template: JsValue,
    ) -> js_sys::Promise {
        let input = boundary::object::<TemplateInput>("template", &template, Size::OBJECT);
        let id = input.as_ref().ok().and_then(|i| i.id.parse::<TemplateId>().ok());
        self.write(
            move |_| Ok(Command::SaveTemplate { draft: input?.draft()? }),
            move |engine, events| {
                let saved = match events.first().map(|e| &e.payload) {
                    Some(EventPayload::TemplateSaved { template, .. }) => Some(template.id.clone()),
                    _ => id,
                };
                let view = engine.view();
                Ok(saved.and_then(|id| view.templates().get(&id).map(js::to_js)).unwrap_or(JsValue::NULL))
            },
        )
    }

    /// Removes a template (a revert of the removal brings it back).
    #[wasm_bindgen(js_name = removeTemplate, unchecked_return_type = "Promise<void>")]
    pub fn remove_template(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> js_sys::Promise {
        let id = boundary::id::<TemplateId>("id", &id);
        self.write(move |_| Ok(Command::RemoveTemplate { template: id? }), |_, _| Ok(JsValue::UNDEFINED))
    }

    /// The template filled in for a client: its subject and body, the variables the
    /// client has no value for (`missing`, left in the text as `{name}`), the stage's
    /// stimuli, and the links that send it from the device.
    #[wasm_bindgen(js_name = renderTemplate, unchecked_return_type = "RenderedTemplate")]
    pub fn render_template(
        &self,
        #[wasm_bindgen(js_name = "templateId", unchecked_param_type = "string")] template_id: JsValue,
        #[wasm_bindgen(js_name = "clientId", unchecked_param_type = "string")] client_id: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let template = boundary::id::<TemplateId>("templateId", &template_id)?;
            let client = boundary::id::<ClientId>("clientId", &client_id)?;
            let view = engine.view();
            Ok(js::to_js(&view.render_template(&template, &client, today())?))
        })
    }
}
