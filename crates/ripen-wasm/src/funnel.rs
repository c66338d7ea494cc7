//! `Crm` calls about results: the funnel, the NPS, touch activity and plans.

use crate::boundary::{self, Size};
use crate::crm::Crm;
use crate::dto::{self, FunnelOptions, ReportOptions};
use crate::js;
use ripen_core::plans::SalesPlan;
use ripen_core::reports::NpsGroupBy;
use ripen_core::Command;
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
            let query = boundary::object::<FunnelOptions>("options", &options, Size::OBJECT)?.query(js::now())?;
            let report = engine
                .view()
                .funnel(&query)
                .ok_or_else(|| ripen_core::Error::NotFound { what: "pipeline", id: query.pipeline.to_string() })?;
            Ok(js::to_js(&report))
        })
    }

    /// The NPS of the answers recorded in the period (the last 30 days unless given):
    /// promoters minus detractors in percent, with the counts; split `by` owner or team.
    #[wasm_bindgen(unchecked_return_type = "NpsReport")]
    pub fn nps(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "{ from?: string; to?: string; by?: \"owner\" | \"team\" }")]
        options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let options: ReportOptions = boundary::options("options", options.as_ref())?;
            let (from, to) = options.period(js::now())?;
            let by: Option<NpsGroupBy> = options.by.as_deref().map(str::parse).transpose()?;
            Ok(js::to_js(&engine.view().nps(from, to, by)))
        })
    }

    /// Time to first touch per source: of the clients added in the period (the last 30
    /// days unless given) that the user sees, how many were touched (a done touch, either
    /// way, any channel) and the median and 90th percentile of the wait, in milliseconds;
    /// overall and per source, most clients first.
    #[wasm_bindgen(js_name = responseTimes, unchecked_return_type = "ResponseTimes")]
    pub fn response_times(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "{ from?: string; to?: string }")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let options: ReportOptions = boundary::options("options", options.as_ref())?;
            options.only_period()?;
            let (from, to) = options.period(js::now())?;
            Ok(js::to_js(&engine.view().response_times(from, to)))
        })
    }

    /// Touches in the period per rep, channel and goal: planned, done, missed,
    /// cancelled, and the share of planned ones that went as planned.
    #[wasm_bindgen(unchecked_return_type = "ActivityRow[]")]
    pub fn activity(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "{ from?: string; to?: string; user?: string }")]
        options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let options: ReportOptions = boundary::options("options", options.as_ref())?;
            let (from, to) = options.period(js::now())?;
            let user = options.user.as_deref().map(|u| dto::parse_id::<ripen_core::UserId>("user", u)).transpose()?;
            Ok(js::to_js(&engine.view().activity(from, to, user.as_ref())))
        })
    }

    /// The plans the user follows (their own and their team's; every plan for those who
    /// see every client) against their fact: `{ plan, fact, share, forecast }` at `now`
    /// (now unless given).
    #[wasm_bindgen(unchecked_return_type = "PlanProgress[]")]
    pub fn plans(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "{ now?: string }")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let options: ReportOptions = boundary::options("options", options.as_ref())?;
            let now = options.now.as_deref().map(|t| dto::instant("now", t)).transpose()?.unwrap_or_else(js::now);
            Ok(js::to_js(&engine.view().plans(now)))
        })
    }

    /// Sets the plan of one owner, metric and period (replacing an earlier one).
    #[wasm_bindgen(js_name = savePlan, unchecked_return_type = "Promise<void>")]
    pub fn save_plan(&self, #[wasm_bindgen(unchecked_param_type = "SalesPlan")] plan: JsValue) -> js_sys::Promise {
        let plan = boundary::object::<SalesPlan>("plan", &plan, Size::OBJECT).and_then(dto::checked_plan);
        self.write(move |_| Ok(Command::SavePlan { plan: plan? }), |_, _| Ok(JsValue::UNDEFINED))
    }

    /// Removes the plan `id` (a plan's `id` as `plans()` lists it); an id no plan has is
    /// `not_found`.
    #[wasm_bindgen(js_name = removePlan, unchecked_return_type = "Promise<void>")]
    pub fn remove_plan(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> js_sys::Promise {
        let plan = boundary::short_text("id", &id);
        self.write(move |_| Ok(Command::RemovePlan { plan: plan? }), |_, _| Ok(JsValue::UNDEFINED))
    }
}
