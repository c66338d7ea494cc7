//! Unicode's compatibility normal forms, which search folds every text by (NFKC) and the
//! transliteration strips diacritics with (NFKD), from the host: natively the
//! unicode-normalization crate's tables, in the browser `String.prototype.normalize`,
//! installed by ripen-wasm, so the engine's module carries no tables of its own (about
//! 115 KB, issue 22). The same design as the zones' rules (`values::zone`): one source
//! per process, installed once, because text is folded deep inside the domain.

use std::borrow::Cow;
use std::sync::OnceLock;

/// A Unicode normal form the engine asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Compatibility decomposition, then canonical composition: "ﬁ" is "fi", "Ｔ" is "T".
    Nfkc,
    /// Compatibility decomposition: "é" is "e" and a combining acute accent.
    Nfkd,
}

impl Form {
    /// The form's name as `String.prototype.normalize` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Form::Nfkc => "NFKC",
            Form::Nfkd => "NFKD",
        }
    }
}

/// What normalises text for the engine.
pub trait Normalizer: Send + Sync {
    /// `text` in the normal form `form`; borrowed when it is in that form already.
    fn normalize<'a>(&self, text: &'a str, form: Form) -> Cow<'a, str>;
}

static INSTALLED: OnceLock<&'static dyn Normalizer> = OnceLock::new();

/// Makes `normalizer` the one all text is normalised by. The first one installed stays and
/// later calls change nothing: a search index folded by one must not be matched against
/// text folded by another. Natively the crate's tables are installed on first use if
/// nothing was.
pub fn install(normalizer: &'static dyn Normalizer) {
    INSTALLED.get_or_init(|| normalizer);
}

/// `text` in the normal form `form`, by the installed normaliser. A wasm build whose host
/// installed none leaves text as it is: "ﬁ" then folds to itself rather than to "fi".
pub fn normalize(text: &str, form: Form) -> Cow<'_, str> {
    #[cfg(not(target_arch = "wasm32"))]
    return INSTALLED.get_or_init(|| &Tables).normalize(text, form);
    #[cfg(target_arch = "wasm32")]
    match INSTALLED.get() {
        Some(normalizer) => normalizer.normalize(text, form),
        None => Cow::Borrowed(text),
    }
}

/// The unicode-normalization crate's tables: the native builds' normaliser. Not in the
/// wasm build, where the browser has its own.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy)]
pub struct Tables;

#[cfg(not(target_arch = "wasm32"))]
impl Normalizer for Tables {
    fn normalize<'a>(&self, text: &'a str, form: Form) -> Cow<'a, str> {
        use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};
        match form {
            // Most text is normalised already; the quick check spares it the decomposition.
            Form::Nfkc if is_nfkc_quick(text.chars()) == IsNormalized::Yes => Cow::Borrowed(text),
            Form::Nfkc => Cow::Owned(text.nfkc().collect()),
            Form::Nfkd => Cow::Owned(text.nfkd().collect()),
        }
    }
}
