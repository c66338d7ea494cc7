//! `Crm.readScan`: a camera scan's text (a QR code's, a badge's barcode's) as a lead the
//! capture form prefills, with the duplicate check `findDuplicates` makes. The text is
//! read by the text reader's module (`ripen_io::read_scan`, loaded on demand), so the
//! engine's module carries none of the formats' code.

use crate::boundary;
use crate::crm::{promise, Crm};
use crate::dto::ScanView;
use crate::js;
use crate::readers;
use crate::search::{duplicate_views, DuplicateView};
use ripen_json::ToJson;
use wasm_bindgen::prelude::*;

/// The longest text a scan may hold, in UTF-16 units (its UTF-8 is then checked against
/// `ripen_io::MAX_SCAN_BYTES`).
const SCAN_UNITS: usize = ripen_io::MAX_SCAN_BYTES;

/// Probable duplicates shown for a scan, as the capture form shows them.
const DUPLICATES: usize = 5;

#[derive(ToJson)]
struct ScanResult<'a> {
    #[json(flatten)]
    scan: ScanView,
    duplicates: Vec<DuplicateView<'a>>,
}

#[wasm_bindgen]
impl Crm {
    /// Reads the text of a scanned code as a lead: a vCard, MECARD, BIZCARD or MATMSG
    /// QR code, a `tel:` or `mailto:` URI (`kind: "contact"`), a badge's attendee id or
    /// data (`kind: "badge"`, `badge`: the id; an id alone gives a draft to complete), or
    /// a web address (`kind: "url"`). `draft` is in the shape `addClient` takes (no
    /// `name` for a lead to complete); `company` and `position` are a person's employer
    /// and job; `duplicates` are the clients it may already be, as `findDuplicates`
    /// finds them. Changes nothing. Loads the text reader first if it has not (kind
    /// "network" when it cannot be downloaded). Refused with kind "validation", field
    /// "text" and a `problem`: "empty", "too_large" (over 4,096 bytes of UTF-8;
    /// "too_long" over 4,096 UTF-16 units, before it is read), "not_a_contact"
    /// (Wi-Fi, SMS, a place, an event, plain text), "no_name".
    #[wasm_bindgen(js_name = readScan, unchecked_return_type = "Promise<ScanResult>")]
    pub fn read_scan(&self, #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> js_sys::Promise {
        let engine = self.engine();
        let region = self.region;
        let text = boundary::text("text", &text, SCAN_UNITS);
        promise(async move {
            let engine = engine?;
            let scanned = readers::scan(text?, region).await?;
            let view = ScanView::of(&scanned);
            let draft = match &scanned {
                ripen_io::Scanned::Contact { draft, .. } | ripen_io::Scanned::Badge { draft: Some(draft), .. } => {
                    Some(draft)
                }
                _ => None,
            };
            let found = match draft {
                Some(draft) => engine.find_duplicates(Some(&draft.client.name), &draft.client.fields, DUPLICATES),
                None => Vec::new(),
            };
            let state = engine.state();
            Ok(js::to_js(&ScanResult { scan: view, duplicates: duplicate_views(&state, &found) }))
        })
    }
}
