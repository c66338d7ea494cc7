//! Search's folding, the same whichever host normalises the text (`values::normal`): a
//! table of tricky strings with what the native build, on the unicode-normalization
//! crate's tables, makes of them. ripen-core checks the table natively, ripen-wasm in
//! headless Chromium with `String.prototype.normalize` installed.

use super::fold::{fold, words};
use super::translit::skeleton;

/// A text and what search makes of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Case {
    pub text: &'static str,
    /// [`fold`] of the text.
    pub folded: &'static str,
    /// [`words`] of the text, with a space between each.
    pub words: &'static str,
    /// The [`skeleton`] of each of those words, with a space between each.
    pub skeletons: &'static str,
}

const fn case(text: &'static str, folded: &'static str, words: &'static str, skeletons: &'static str) -> Case {
    Case { text, folded, words, skeletons }
}

/// The table: NFKC's compatibility mappings, composition of combining marks, the letters
/// whose lower case is special, the invisible and the unusual spaces, and text no
/// normalisation changes.
pub const CASES: &[Case] = &[
    // Ligatures.
    case("ﬁnance", "finance", "finance", "finanCe"),
    case("ﬀ ﬂ ﬃ", "ff fl ffi", "ff fl ffi", "ff fl fi"),
    case("Œuvre Æsir", "œuvre æsir", "œuvre æsir", "œuvre æsir"),
    // Fullwidth and halfwidth.
    case("Ｔｅｓｔ　ＯＯＯ", "test ooo", "test", "test"),
    case("ｶﾀｶﾅ", "カタカナ", "カタカナ", "カタカナ"),
    // Compatibility symbols; micro, long s, kelvin and ångström signs.
    case("10㎏ 5㎞", "10kg 5km", "10kg 5km", "10kg 5km"),
    case("①② x² ½", "12 x2 1⁄2", "12 x2 1 2 12", "12 ks2 1 2 12"),
    case("Ⅻ ℌ ℃", "xii h °c", "xii h c", "ksi h C"),
    case("\u{b5} \u{17f} \u{212a} \u{212b}", "μ s k å", "μ s k å", "μ s k a"),
    // Hangul, precomposed and as jamo.
    case("한국어", "한국어", "한국어", "한국어"),
    case("\u{1112}\u{1161}\u{11ab}\u{1100}\u{116e}\u{11a8}", "한국", "한국", "한국"),
    // Combining accents, composed or not.
    case("Cafe\u{301} Café", "café café", "café café", "Cafe Cafe"),
    case("Nguyễn Văn", "nguyễn văn", "nguyễn văn", "nguen van"),
    case("Ångström Ñandú", "ångström ñandú", "ångström ñandú", "angstrom nandu"),
    // й and ё typed as a letter and a combining mark, as macOS does.
    case("Андреи\u{306}", "андрей", "андрей", "andrei"),
    case("Пе\u{308}тр Соловье\u{308}в", "петр соловьев", "петр соловьев", "petr solovev"),
    // Letters whose lower case is special: dotted İ, ß and capital ẞ, final sigma, titlecase ǅ.
    case("İstanbul ISTANBUL", "i\u{307}stanbul istanbul", "i stanbul istanbul istanbul", "i stanbul istanbul istanbul"),
    case("Straße STRASSE ẞ", "straße strasse ß", "straße strasse ß", "straße strase ß"),
    case("ΟΔΟΣ Οδός", "οδοσ οδός", "οδοσ οδός", "οδοσ οδος"),
    case("Ǆemal ǅ", "džemal dž", "džemal dž", "dZemal dZ"),
    // No-break, thin and ideographic spaces; soft hyphen, zero-width characters, BOM.
    case("Сибирские\u{a0}моторы", "сибирские моторы", "сибирские моторы", "sibirske motori"),
    case("Ро\u{ad}машка\u{200b}", "ромашка", "ромашка", "romaXka"),
    case("Zo\u{200d}e\u{feff}", "zoe", "zoe", "zoe"),
    case("a\u{2009}b\u{3000}c", "a b c", "a b c", "a b C"),
    // Other scripts.
    case("Ελλάδα", "ελλάδα", "ελλάδα", "ελλαδα"),
    case("Ўладзімір Їжак", "ўладзімір їжак", "ўладзімір їжак", "uladzimir iJak"),
    case("北京 東京", "北京 東京", "北京 東京", "北京 東京"),
    case(
        "مُحَمَّد",
        "م\u{64f}ح\u{64e}م\u{64e}\u{651}د",
        "م\u{64f}ح\u{64e}م\u{64e}\u{651}د",
        "م\u{64f}ح\u{64e}م\u{64e}\u{651}د",
    ),
    // Emoji.
    case("Café ☕ 👍🏽", "café ☕ 👍🏽", "café", "Cafe"),
    case("🇷🇺 Ромашка ✓", "🇷🇺 ромашка ✓", "ромашка", "romaXka"),
];

/// Checks every case: how many there were, or each difference on a line of its own.
pub fn run() -> Result<usize, String> {
    let mut differences = String::new();
    for case in CASES {
        let found = made_of(case.text);
        let expected = [case.folded, case.words, case.skeletons];
        if found != expected {
            differences.push_str(&format!("{:?}: expected {expected:?}, found {found:?}\n", case.text));
        }
    }
    if differences.is_empty() {
        Ok(CASES.len())
    } else {
        Err(differences)
    }
}

/// What search makes of `text`: its fold, its words and their skeletons.
fn made_of(text: &str) -> [String; 3] {
    let words = words(text);
    let skeletons: Vec<String> = words.iter().map(|w| skeleton(w)).collect();
    [fold(text), words.join(" "), skeletons.join(" ")]
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_native_tables_fold_the_table_as_written() {
        assert_eq!(super::run(), Ok(super::CASES.len()));
    }
}
