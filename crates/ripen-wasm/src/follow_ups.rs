//! `Crm` calls that plan a follow-up for every lead of a list (after a trade show, a
//! campaign): `previewFollowUps` reads what would be planned and what is refused and why;
//! `planFollowUps` writes the touches in one commit, planned against the state then.

use crate::boundary::{self, caps, Size};
use crate::crm::{promise, Crm};
use crate::dto::FollowUpOptions;
use crate::js;
use wasm_bindgen::prelude::*;

/// A plan's options: up to [`caps::BATCH_ITEMS`] leads.
const OPTIONS: Size = Size { units: caps::BATCH_JSON_UNITS, items: caps::BATCH_ITEMS };

#[wasm_bindgen]
impl Crm {
    /// What `planFollowUps` would plan now, and what it would refuse and why; nothing is
    /// written. `{ clients: [{ client, priority, capturedAt? }], start?, days?, capacity?,
    /// hours?, spacing?, hot?, warm?, cold? }` → `{ planned, refused, until }`.
    #[wasm_bindgen(js_name = previewFollowUps, unchecked_return_type = "FollowUpPlan")]
    pub fn preview_follow_ups(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FollowUpOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let user = self.user();
        self.read(move |engine| {
            let request = boundary::object::<FollowUpOptions>("options", &options, OPTIONS)?.request(js::now())?;
            let user = crate::dto::parse_id("user", &user)?;
            Ok(js::to_js(&engine.view().preview_follow_ups(&user, &request)?))
        })
    }

    /// Plans a follow-up for every lead the state at commit time allows, as one commit
    /// (each touch reverted on its own); the plan as written, with each touch's id, and the
    /// leads refused.
    #[wasm_bindgen(js_name = planFollowUps, unchecked_return_type = "Promise<FollowUpPlan>")]
    pub fn plan_follow_ups(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FollowUpOptions")] options: JsValue,
    ) -> js_sys::Promise {
        let options = boundary::object::<FollowUpOptions>("options", &options, OPTIONS);
        let engine = self.engine();
        let announce = self.announced();
        promise(async move {
            let engine = engine?;
            let request = options?.request(js::now())?;
            let plan = engine.plan_follow_ups(&request, js::now()).await?;
            announce(plan.planned.len());
            Ok(js::to_js(&plan))
        })
    }
}
