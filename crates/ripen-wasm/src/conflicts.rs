//! `conflicts()`: what the team's devices decided at once that the fold could not both
//! keep, for the manager to settle.

use crate::crm::Crm;
use crate::dto::ConflictView;
use crate::js;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Crm {
    /// The conflicts the fold surfaced, in fold order: a lead given an owner on two
    /// devices at once (`assignment`: the owner who stands and the one overridden), a
    /// merge that could not be applied (`merge_left_out`), a change whose author had no
    /// right to it by then (`unauthorized`). Each names its clients by their current
    /// names. For heads of sales and admins (kind "forbidden" for others),
    /// and only about clients they see.
    #[wasm_bindgen(unchecked_return_type = "SyncConflict[]")]
    pub fn conflicts(&self) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let view = engine.view();
            let name = |id: &ripen_core::ClientId| view.client(id).ok().map(|c| c.name.as_str());
            let views: Vec<ConflictView<'_>> = view.conflicts()?.into_iter().map(|c| ConflictView::of(c, name)).collect();
            Ok(js::to_js(&views))
        })
    }
}
