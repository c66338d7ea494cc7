//! `Crm` call about a client's contact budget: what each rule has counted in its window
//! and scope, and when the next slot opens per channel.

use crate::boundary;
use crate::crm::Crm;
use crate::dto::BudgetOptions;
use crate::js;
use ripen_core::ClientId;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Crm {
    /// The client's contact budget at `at` (now, unless given): per rule of the policy its
    /// current window and scope, the touches it counts there (another contact's of the
    /// company or holding too — without who, if the user may not see them), what is left,
    /// the gap, the allowed hours, the consent; per channel the next sales and marketing
    /// slot, as `checkTouch` would answer.
    #[wasm_bindgen(js_name = contactBudget, unchecked_return_type = "ContactBudget")]
    pub fn contact_budget(
        &self,
        #[wasm_bindgen(js_name = "clientId", unchecked_param_type = "string")] client_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ at?: string }")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let client: ClientId = boundary::id("clientId", &client_id)?;
            let options: BudgetOptions = boundary::options("options", options.as_ref())?;
            let at = options.at(js::now())?;
            Ok(js::to_js(&engine.view().contact_budget(&client, at)?))
        })
    }
}
