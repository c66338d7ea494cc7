//! `Crm` calls for marketing campaigns: `previewCampaign` reads what a campaign over a
//! segment of the client list would plan and whom it would skip and why; `planCampaign`
//! writes it as one change (revert its `event` to take it back whole); `campaigns` lists
//! the campaigns planned.

use crate::boundary::{self, caps, Size};
use crate::crm::{promise, Crm};
use crate::dto::{self, instant};
use crate::error::FacadeError;
use crate::js;
use crate::listing::FilterInput;
use ripen_core::campaign::{Campaign, CampaignEntry, CampaignRequest, Segment};
use ripen_core::campaigns::{segment_of, CampaignPlan, CampaignTouch, SkipReason, SkippedClient};
use ripen_core::touch::Origin;
use ripen_core::values::Channel;
use ripen_core::ValidationError;
use ripen_json::{FromJson, ToJson};
use wasm_bindgen::prelude::*;

/// The rows of each list an answer carries unless `rows` says otherwise.
const DEFAULT_ROWS: usize = 50;
/// The most rows of each list an answer carries.
const MAX_ROWS: usize = 100_000;

/// `{ segment?, channel?, template?, summary, window: { from, to }, origin?, hours?, rows? }`.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
struct CampaignOptions {
    #[json(default)]
    segment: FilterInput,
    channel: Option<String>,
    template: Option<String>,
    summary: String,
    window: WindowInput,
    origin: Option<String>,
    hours: Option<HoursInput>,
    rows: Option<usize>,
}

#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
struct WindowInput {
    from: String,
    to: String,
}

#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
struct HoursInput {
    from: String,
    to: String,
}

impl CampaignOptions {
    fn parse(self) -> Result<(CampaignRequest, usize), FacadeError> {
        let filter = self.segment.parse().map_err(|e| match e {
            FacadeError::Validation(v) => FacadeError::Validation(ValidationError::new(
                v.field.replacen("filter", "segment", 1),
                v.problem,
            )),
            other => other,
        })?;
        let from = instant("window.from", &self.window.from)?;
        let to = instant("window.to", &self.window.to)?;
        let mut request = CampaignRequest::new(segment_of(&filter), &self.summary, from, to);
        let campaign = &mut request.campaign;
        if let Some(channel) = self.channel {
            campaign.channel = dto::parse_id::<Channel>("channel", &channel)?;
        }
        if let Some(origin) = self.origin {
            campaign.origin = dto::parse_id::<Origin>("origin", &origin)?;
        }
        campaign.template = self.template;
        if let Some(hours) = self.hours {
            request.hours = (dto::time("hours.from", &hours.from)?, dto::time("hours.to", &hours.to)?);
        }
        request.check()?;
        let rows = self.rows.unwrap_or(DEFAULT_ROWS).min(MAX_ROWS);
        Ok((request, rows))
    }
}

/// A campaign as JS reads it: times in RFC 3339.
#[derive(ToJson)]
#[json(rename_all = "camelCase")]
struct CampaignView<'a> {
    summary: &'a str,
    channel: Channel,
    origin: Origin,
    #[json(skip_serializing_if = "Option::is_none")]
    template: Option<&'a str>,
    segment: &'a Segment,
    from: String,
    to: String,
    skipped: u32,
}

impl<'a> From<&'a Campaign> for CampaignView<'a> {
    fn from(c: &'a Campaign) -> Self {
        Self {
            summary: &c.summary,
            channel: c.channel,
            origin: c.origin,
            template: c.template.as_deref(),
            segment: &c.segment,
            from: dto::iso(&c.from),
            to: dto::iso(&c.to),
            skipped: c.skipped,
        }
    }
}

/// How many clients were planned and skipped, and skipped for each reason.
#[derive(ToJson)]
#[json(rename_all = "camelCase")]
struct Counts {
    planned: usize,
    skipped: usize,
    no_consent: usize,
    waiting_stage: usize,
    over_budget: usize,
    inconvenient_channel: usize,
    no_address: usize,
    removed: usize,
}

#[derive(ToJson)]
#[json(rename_all = "camelCase")]
struct PlanView<'a> {
    /// The marker (`planCampaign` only): revert it to take the campaign back.
    #[json(skip_serializing_if = "Option::is_none")]
    event: Option<String>,
    campaign: CampaignView<'a>,
    counts: Counts,
    planned: &'a [CampaignTouch],
    skipped: &'a [SkippedClient],
}

fn view(plan: &CampaignPlan, event: Option<String>, rows: usize) -> PlanView<'_> {
    PlanView {
        event,
        campaign: CampaignView::from(&plan.campaign),
        counts: Counts {
            planned: plan.planned.len(),
            skipped: plan.skipped.len(),
            no_consent: plan.skipped_for(SkipReason::NoConsent),
            waiting_stage: plan.skipped_for(SkipReason::WaitingStage),
            over_budget: plan.skipped_for(SkipReason::OverBudget),
            inconvenient_channel: plan.skipped_for(SkipReason::InconvenientChannel),
            no_address: plan.skipped_for(SkipReason::NoAddress),
            removed: plan.skipped_for(SkipReason::Removed),
        },
        planned: &plan.planned[..rows.min(plan.planned.len())],
        skipped: &plan.skipped[..rows.min(plan.skipped.len())],
    }
}

#[derive(ToJson)]
#[json(rename_all = "camelCase")]
struct EntryView<'a> {
    event: String,
    at: String,
    by: &'a str,
    campaign: CampaignView<'a>,
    touches: u32,
    reverted_by: Option<String>,
}

const OPTIONS: Size = Size { units: caps::OBJECT_JSON_UNITS, items: caps::NESTED_ITEMS };

#[wasm_bindgen]
impl Crm {
    /// What `planCampaign` would plan now: one touch per client of the segment (the client
    /// list's filter, among the clients the user sees) at its earliest moment in the window
    /// that the contact policy allows with no override, in the client's hours; and the
    /// clients skipped, each with its reason. Nothing is written. `planned` and `skipped`
    /// hold the first `rows` (50 unless given); `counts` counts them all.
    #[wasm_bindgen(js_name = previewCampaign, unchecked_return_type = "CampaignPlan")]
    pub fn preview_campaign(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CampaignOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.read(move |engine| {
            let (request, rows) = boundary::object::<CampaignOptions>("options", &options, OPTIONS)?.parse()?;
            let plan = engine.preview_campaign(&request, js::now())?;
            Ok(js::to_js(&view(&plan, None, rows)))
        })
    }

    /// Plans the campaign as one change, against the base as it stands then (equal to the
    /// preview when nothing changed between); its `event` reverted takes back every touch
    /// still planned (done ones stay). Kind `validation` (field `segment`) when no client
    /// can be sent to.
    #[wasm_bindgen(js_name = planCampaign, unchecked_return_type = "Promise<CampaignPlan>")]
    pub fn plan_campaign(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CampaignOptions")] options: JsValue,
    ) -> js_sys::Promise {
        let options = boundary::object::<CampaignOptions>("options", &options, OPTIONS);
        let engine = self.engine();
        let announce = self.announced();
        promise(async move {
            let engine = engine?;
            let (request, rows) = options?.parse()?;
            let (event, plan) = engine.plan_campaign(&request, js::now()).await?;
            announce(plan.planned.len() + 1);
            Ok(js::to_js(&view(&plan, Some(event.to_string()), rows)))
        })
    }

    /// Every campaign planned, newest first, with how many touches it planned and
    /// `revertedBy` once it was taken back.
    #[wasm_bindgen(unchecked_return_type = "CampaignEntry[]")]
    pub fn campaigns(&self) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let view = engine.view();
            let entries: Vec<EntryView<'_>> = view
                .campaigns()
                .iter()
                .rev()
                .map(|entry: &CampaignEntry| EntryView {
                    event: entry.event.to_string(),
                    at: dto::iso(&entry.at),
                    by: entry.by.as_str(),
                    campaign: CampaignView::from(&entry.campaign),
                    touches: entry.touches,
                    reverted_by: view.reverted_by(&entry.event).map(ToString::to_string),
                })
                .collect();
            Ok(js::to_js(&entries))
        })
    }
}
