//! `Crm` calls about trade shows: saving and listing shows, capturing and qualifying
//! leads, consents, and the stand dashboard.

use crate::boundary::{self, Size};
use crate::clients::written;
use crate::crm::Crm;
use crate::dto::{
    self, CaptureInput, ConsentInput, ConsentView, DashboardOptions, LeadView, QualifyInput, ShowInput, ShowView,
};
use crate::js;
use ripen_core::{ClientId, Command, EventPayload, ShowId};
use wasm_bindgen::prelude::*;

/// The show the events saved, as JS reads it.
fn saved_show(engine: &crate::crm::SharedEngine, id: &ShowId) -> Result<JsValue, crate::error::FacadeError> {
    let view = engine.view();
    let show = view.show(id).ok_or_else(|| ripen_core::Error::NotFound { what: "show", id: id.to_string() })?;
    Ok(js::to_js(&ShowView::from(show)))
}

#[wasm_bindgen]
impl Crm {
    /// Creates a show (no `id`) or changes one: its name, days, place, stand, time zone,
    /// the team at the stand, the pipeline stage its leads' cards start at, and its
    /// questions (the defaults — interest, budget, timeframe, role, a note — unless
    /// given). Heads of sales and admins only. Resolves to the show.
    #[wasm_bindgen(js_name = saveShow, unchecked_return_type = "Promise<Show>")]
    pub fn save_show(&self, #[wasm_bindgen(unchecked_param_type = "ShowInput")] show: JsValue) -> js_sys::Promise {
        let input = boundary::object::<ShowInput>("show", &show, Size::OBJECT);
        let given = input.as_ref().ok().and_then(|i| i.id.clone());
        self.write(
            move |_| {
                let (id, draft) = input?.draft()?;
                Ok(Command::SaveShow { id, draft })
            },
            move |engine, events| {
                let id = match events.first().map(|e| &e.payload) {
                    Some(EventPayload::ShowSaved { show, .. }) => show.clone(),
                    _ => dto::parse_id("id", given.as_deref().unwrap_or_default())?,
                };
                saved_show(engine, &id)
            },
        )
    }

    /// Archives a show (it takes no new leads; its leads keep it), or `archived: false`
    /// takes it back out. Resolves to the show.
    #[wasm_bindgen(js_name = archiveShow, unchecked_return_type = "Promise<Show>")]
    pub fn archive_show(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "boolean")] archived: Option<JsValue>,
    ) -> js_sys::Promise {
        let show = boundary::id::<ShowId>("id", &id);
        let archived = boundary::optional_bool("archived", archived.as_ref(), true);
        let answer_id = show.as_ref().ok().cloned();
        self.write(
            move |_| Ok(Command::ArchiveShow { show: show?, archived: archived? }),
            move |engine, _| match &answer_id {
                Some(id) => saved_show(engine, id),
                None => Ok(JsValue::NULL),
            },
        )
    }

    /// Every show, archived ones too, in the order they were created.
    #[wasm_bindgen(unchecked_return_type = "Show[]")]
    pub fn shows(&self) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let view = engine.view();
            let shows: Vec<ShowView<'_>> = view.shows().iter().map(ShowView::from).collect();
            Ok(js::to_js(&shows))
        })
    }

    /// One show, or `null`.
    #[wasm_bindgen(unchecked_return_type = "Show | null")]
    pub fn show(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let id = boundary::id::<ShowId>("id", &id)?;
            let view = engine.view();
            Ok(view.show(&id).map_or(JsValue::NULL, |show| js::to_js(&ShowView::from(show))))
        })
    }

    /// A lead met at a show, in one commit: the client (checked and routed as
    /// `addClient` does), its card at the show's stage, its answers (checked against the
    /// show's questions), rating, badge, and the consent asked. Without `show`, the show
    /// running today that the rep works at. Resolves to the client.
    #[wasm_bindgen(js_name = captureLead, unchecked_return_type = "Promise<Client>")]
    pub fn capture_lead(&self, #[wasm_bindgen(unchecked_param_type = "LeadInput")] lead: JsValue) -> js_sys::Promise {
        let input = boundary::object::<CaptureInput>("lead", &lead, Size::OBJECT);
        let region = self.region;
        self.write(
            move |_| Ok(Command::CaptureLead(Box::new(input?.capture(region, js::now())?))),
            |engine, events| written(engine, events[0].payload.clients()[0]),
        )
    }

    /// Changes a lead's answers (those given replace, `null` takes one back) and rating.
    /// Resolves to its record.
    #[wasm_bindgen(js_name = qualifyLead, unchecked_return_type = "Promise<Lead>")]
    pub fn qualify_lead(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] client: JsValue,
        #[wasm_bindgen(unchecked_param_type = "{ answers?: Answers; rating?: Rating }")] changes: JsValue,
    ) -> js_sys::Promise {
        let client = boundary::id::<ClientId>("client", &client);
        let changes = boundary::object::<QualifyInput>("changes", &changes, Size::OBJECT);
        let answer_id = client.as_ref().ok().cloned();
        self.write(
            move |_| {
                let (answers, rating) = changes?.parts()?;
                Ok(Command::QualifyLead { client: client?, answers, rating })
            },
            move |engine, _| {
                let view = engine.view();
                let lead = match &answer_id {
                    Some(id) => view.lead(id)?,
                    None => None,
                };
                Ok(lead.map_or(JsValue::NULL, |lead| js::to_js(&LeadView::from(lead))))
            },
        )
    }

    /// The client's lead record (where, when and by whom it was met, its answers and
    /// rating), or `null` for a client not met at a show.
    #[wasm_bindgen(unchecked_return_type = "Lead | null")]
    pub fn lead(&self, #[wasm_bindgen(unchecked_param_type = "string")] client: JsValue) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let id = boundary::id::<ClientId>("client", &client)?;
            let view = engine.view();
            Ok(view.lead(&id)?.map_or(JsValue::NULL, |lead| js::to_js(&LeadView::from(lead))))
        })
    }

    /// Records the client's consent to be contacted and to receive marketing, with its
    /// `source`; the last one recorded is the current one (a withdrawal is a record saying
    /// no). Resolves to every consent of the client, oldest first.
    #[wasm_bindgen(js_name = recordConsent, unchecked_return_type = "Promise<ConsentRecord[]>")]
    pub fn record_consent(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] client: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ConsentInput")] consent: JsValue,
    ) -> js_sys::Promise {
        let client = boundary::id::<ClientId>("client", &client);
        let consent = boundary::object::<ConsentInput>("consent", &consent, Size::OBJECT);
        let answer_id = client.as_ref().ok().cloned();
        self.write(
            move |_| {
                let consent = consent?;
                if consent.source.is_none() {
                    let problem = ripen_core::error::Problem::Empty;
                    return Err(ripen_core::ValidationError::new("source", problem).into());
                }
                Ok(Command::RecordConsent { client: client?, consent: consent.consent("", js::now())? })
            },
            move |engine, _| consents(engine, answer_id.as_ref()),
        )
    }

    /// Every consent recorded for the client, oldest first: the last is current.
    #[wasm_bindgen(unchecked_return_type = "ConsentRecord[]")]
    pub fn consents(&self, #[wasm_bindgen(unchecked_param_type = "string")] client: JsValue) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let id = boundary::id::<ClientId>("client", &client)?;
            consents(engine, Some(&id))
        })
    }

    /// The stand dashboard of a show at `now` (now unless given): leads in all and today,
    /// per hour and per rep, the hot leads newest first, and those nobody owns yet — of
    /// the clients the user sees. Hours and days are the show's time zone's.
    #[wasm_bindgen(js_name = standDashboard, unchecked_return_type = "StandDashboard")]
    pub fn stand_dashboard(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] show: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ now?: string }")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let id = boundary::id::<ShowId>("show", &show)?;
            let options: DashboardOptions = boundary::options("options", options.as_ref())?;
            let now = options.now.as_deref().map(|t| dto::instant("now", t)).transpose()?.unwrap_or_else(js::now);
            Ok(js::to_js(&engine.view().stand_dashboard(&id, now)?))
        })
    }
}

fn consents(engine: &crate::crm::SharedEngine, id: Option<&ClientId>) -> Result<JsValue, crate::error::FacadeError> {
    let Some(id) = id else { return Ok(JsValue::NULL) };
    let view = engine.view();
    let records: Vec<ConsentView<'_>> = view.consents(id)?.iter().map(ConsentView::from).collect();
    Ok(js::to_js(&records))
}
