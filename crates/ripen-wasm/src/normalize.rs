//! The browser's Unicode normalisation for the engine: `String.prototype.normalize`, which
//! search folds text by (NFKC) and strips diacritics with (NFKD), so the module carries no
//! normalisation tables. Only text beyond ASCII and the Russian alphabet gets here: the
//! fold answers those without asking.

use ripen_core::values::normal::{self, Form, Normalizer};
use std::borrow::Cow;

/// `String.prototype.normalize` as the engine's [`Normalizer`].
#[derive(Debug, Clone, Copy)]
pub struct StringNormalize;

impl Normalizer for StringNormalize {
    fn normalize<'a>(&self, text: &'a str, form: Form) -> Cow<'a, str> {
        // A Rust string holds no lone surrogate, so the round trip through UTF-16 is exact.
        Cow::Owned(js_sys::JsString::from(text).normalize(form.name()).into())
    }
}

/// Makes the browser the engine's normaliser; every entry point that may fold text calls
/// it first, as with the zones (a `start` function would not run in the browser tests).
pub fn install() {
    normal::install(&StringNormalize);
}
