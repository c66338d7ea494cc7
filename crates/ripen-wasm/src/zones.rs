//! The browser's time-zone rules for the engine: `Intl.DateTimeFormat` tells what offset
//! a zone keeps at an instant. ripen-core asks it a few hundred times per zone and year
//! and answers everything else from its own tables, so the module carries no tz database.

use crate::gmt_offset;
use ripen_core::values::zone::{self, ZoneSource};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Intl.DateTimeFormat(…)` called as a function, which the standard allows, so that
    /// the RangeError for a zone the browser does not know comes back as an `Err` (from
    /// js-sys's constructor it would be an exception through the engine's frames).
    #[wasm_bindgen(catch, js_namespace = Intl, js_name = DateTimeFormat)]
    fn date_time_format(locale: &str, options: &js_sys::Object) -> Result<js_sys::Intl::DateTimeFormat, JsValue>;
}

/// The browser as the engine's [`ZoneSource`]. It reads `timeZoneName: "longOffset"`
/// (Chrome 95, Firefox 91, Safari 15.4), as the client form's zone labels do already.
#[derive(Debug, Clone, Copy)]
pub struct IntlZones;

thread_local! {
    /// Per zone, the `format` of a formatter that shows the offset: making one takes tens
    /// of microseconds, using it a few. `None` for a zone the browser does not know.
    static FORMATS: RefCell<HashMap<String, Option<js_sys::Function>>> = RefCell::default();
}

impl ZoneSource for IntlZones {
    fn offset_at(&self, zone: &str, at: i64) -> Option<i32> {
        let format = FORMATS.with(|formats| {
            if let Some(format) = formats.borrow().get(zone) {
                return format.clone();
            }
            let format = offset_format(zone);
            formats.borrow_mut().insert(zone.to_owned(), format.clone());
            format
        })?;
        // `format` takes a time value as well as a Date: no Date object per question.
        let text = format.call1(&JsValue::UNDEFINED, &JsValue::from_f64(at as f64 * 1000.0)).ok()?;
        gmt_offset::seconds(&text.as_string()?)
    }
}

/// A formatter whose text ends with the zone's offset at the instant: "1/1/2026, GMT+07:00".
fn offset_format(zone: &str) -> Option<js_sys::Function> {
    let options = js_sys::Object::new();
    for (key, value) in [("timeZone", zone), ("timeZoneName", "longOffset")] {
        js_sys::Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    Some(date_time_format("en-US", &options).ok()?.format())
}

/// Makes the browser the engine's source of zone rules; every entry point that may read a
/// zone calls it first (a `start` function would not run in the browser tests).
pub fn install() {
    zone::install(&IntlZones);
}
