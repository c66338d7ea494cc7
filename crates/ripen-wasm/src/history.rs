//! `Crm` calls about the past: a client's history, and reverting one change.

use crate::boundary;
use crate::crm::{promise, Crm};
use crate::dto::{HistoryEntry, RevertOptions};
use crate::js;
use ripen_core::{ClientId, Command, EventId};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Crm {
    /// Every change to the client, newest first, with time, author, and old and new values.
    /// Read from the database on demand (the history is not kept in memory), so it
    /// resolves later.
    #[wasm_bindgen(unchecked_return_type = "Promise<HistoryEntry[]>")]
    pub fn history(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> js_sys::Promise {
        let engine = self.engine();
        let id = boundary::id::<ClientId>("id", &id);
        promise(async move {
            let engine = engine?;
            let id = id?;
            let events = engine.history(&id).await?;
            let state = engine.state();
            let entries: Vec<HistoryEntry> =
                events.iter().map(|e| HistoryEntry::new(e, state.reverted_by(&e.id))).collect();
            Ok(js::to_js(&entries))
        })
    }

    /// Undoes one change by recording a compensating one; resolves to that new entry.
    /// Refused with kind "conflict" (naming the later change in `error.later`) when a
    /// later change overwrote it, unless `{ force: true }`.
    #[wasm_bindgen(unchecked_return_type = "Promise<HistoryEntry>")]
    pub fn revert(
        &self,
        #[wasm_bindgen(js_name = "eventId", unchecked_param_type = "string")] event_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RevertOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        let event = boundary::id::<EventId>("eventId", &event_id);
        let options = boundary::options::<RevertOptions>("options", options.as_ref());
        self.write(
            move |_| Ok(Command::Revert { event: event?, force: options?.force }),
            |engine, events| {
                let state = engine.state();
                Ok(js::to_js(&HistoryEntry::new(&events[0], state.reverted_by(&events[0].id))))
            },
        )
    }
}
