//! `Crm` calls about results: the funnel report.

use crate::crm::Crm;
use crate::dto::FunnelOptions;
use crate::js;
use ripen_core::funnel::report;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Crm {
    /// The funnel of a pipeline over a period: per step how many reached it, conversions,
    /// losses with reasons, cards waiting, median and p90 time to the next step; the
    /// bottlenecks, worst first; and one funnel per group when split `by`.
    #[wasm_bindgen(unchecked_return_type = "FunnelReport")]
    pub fn funnel(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FunnelOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let query = js::from_js_via_json::<FunnelOptions>("funnel", &options)?.query(js::now())?;
            let state = engine.state();
            let report = report(&state, &query)
                .ok_or_else(|| ripen_core::Error::NotFound { what: "pipeline", id: query.pipeline.to_string() })?;
            Ok(js::to_js_via_json(&report))
        })
    }
}
