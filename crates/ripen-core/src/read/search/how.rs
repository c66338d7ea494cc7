//! How a query word met a word of a client's: the order matches are ranked in, weakest
//! first (its own file, as what finds the entries and what keeps the best use it too).

/// How a query word met a word of the client's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ripen_json::ToJson)]
#[json(rename_all = "snake_case")]
pub enum How {
    Typo,
    TransliteratedPrefix,
    Transliterated,
    Prefix,
    Exact,
}
