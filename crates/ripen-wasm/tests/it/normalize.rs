//! Search's folding with the browser's `String.prototype.normalize` installed: ripen-core's
//! table of tricky strings (ligatures, full-width letters, ㎏, Hangul, combining accents,
//! İ, ß, final sigma, unusual spaces, soft hyphens, emoji) must fold exactly as the
//! native build, on the unicode-normalization crate's tables, folds them.

use ripen_core::search::conformance;
use ripen_core::values::normal::{self, Form};
use ripen_wasm::normalize;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn the_browser_folds_the_table_as_the_native_build_does() {
    normalize::install();
    let compared = conformance::run().unwrap_or_else(|differences| panic!("{differences}"));
    assert_eq!(compared, conformance::CASES.len());
}

#[wasm_bindgen_test]
fn the_browser_normalises_both_forms() {
    normalize::install();
    // (text, NFKC, NFKD)
    let cases = [
        ("ﬁ", "fi", "fi"),
        ("é", "é", "e\u{301}"),
        ("e\u{301}", "é", "e\u{301}"),
        ("㎏", "kg", "kg"),
        ("한", "한", "\u{1112}\u{1161}\u{11ab}"),
        ("plain", "plain", "plain"),
    ];
    for (text, nfkc, nfkd) in cases {
        assert_eq!(normal::normalize(text, Form::Nfkc), nfkc, "{text:?}");
        assert_eq!(normal::normalize(text, Form::Nfkd), nfkd, "{text:?}");
    }
}
