//! Folding text for matching: Unicode normalisation (NFKC), case folding, ё = е,
//! invisible characters dropped, punctuation and quotes as separators (every quote, dash
//! and space Unicode has, see `separators.rs`), and legal-form words ("ООО", "LLC") left
//! out.

use super::separators::{is_dash, is_invisible, is_quote};
use crate::values::normal::{normalize, Form};

/// Legal-form words: they say what kind of entity a company is, not which one, so they
/// neither match nor need to be typed.
const LEGAL_FORMS: &[&str] = &[
    "ооо", "оао", "зао", "пао", "ао", "ип", "нко", "ано", "гуп", "муп", "фгуп", "тоо", "чп", "llc", "ltd", "inc",
    "jsc", "ojsc", "pjsc", "cjsc", "ooo", "oao", "zao", "pao", "gmbh", "ag", "plc", "corp", "co",
];

/// The longest legal-form word, in bytes: longer words are not looked up.
const LONGEST_LEGAL_FORM: usize = {
    let (mut longest, mut i) = (0, 0);
    while i < LEGAL_FORMS.len() {
        if LEGAL_FORMS[i].len() > longest {
            longest = LEGAL_FORMS[i].len();
        }
        i += 1;
    }
    longest
};

/// Lower-case, NFKC-normalised text with ё folded into е: the form every comparison uses.
pub fn fold(text: &str) -> String {
    // Latin and Russian letters — nearly every name — are normalised already and lower
    // without the Unicode tables (every name of a base is folded when it is indexed).
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    if text.chars().all(is_plain) {
        let mut folded = String::with_capacity(text.len());
        folded.extend(text.chars().map(plain_lower));
        return folded;
    }
    by_tables(text)
}

/// [`fold`] by the Unicode tables (NFKC by the host's, `values::normal`), for any text.
fn by_tables(text: &str) -> String {
    // A soft hyphen or a zero-width space pasted into a name splits nothing a reader sees.
    let lower = |c: char| {
        let visible = !is_invisible(c);
        c.to_lowercase().filter(move |_| visible).map(|c| if c == 'ё' { 'е' } else { c })
    };
    normalize(text, Form::Nfkc).chars().flat_map(lower).collect()
}

/// ASCII, the Russian alphabet and the quotes and dashes names are written with:
/// characters NFKC leaves as they are, whose lower case is one character found without
/// the tables.
fn is_plain(c: char) -> bool {
    c.is_ascii()
        || ('А'..='я').contains(&c)
        || matches!(c, 'Ё' | 'ё' | '«' | '»' | '–' | '—' | '‘' | '’' | '“' | '”' | '„')
}

/// [`char::to_lowercase`] of a plain character, with ё folded into е.
fn plain_lower(c: char) -> char {
    match c {
        'Ё' | 'ё' => 'е',
        'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        // The rest of the Russian alphabet, the quotes and dashes are their own lower case.
        _ => c.to_ascii_lowercase(),
    }
}

/// The words of `text` to match on, folded, in order: split at anything that is not a
/// letter or a digit (spaces, hyphens, quotes, dots), with legal-form words left out.
/// A hyphenated word also yields its parts joined ("северо-запад" → "северо", "запад",
/// "северозапад"), so it is found typed either way.
pub fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    each_word(text, |word| words.push(word.to_owned()));
    words
}

/// Calls `found` with each of [`words`] in turn, without a string for each: the index
/// folds every name, alias, e-mail and tag of a base this way, in one pass over the text.
pub fn each_word(text: &str, mut found: impl FnMut(&str)) {
    each_piece(text, |word, _| found(word));
}

/// What a word of [`each_piece`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece {
    /// A word as written, or one part of a hyphenated word.
    Part,
    /// The last `n` parts joined: a hyphenated word typed whole. It says nothing the parts
    /// do not, so a name's words are counted and compared by their parts alone: "Северо
    /// Западная" is "Северо-Западная".
    Joined(usize),
}

/// [`each_word`], saying of each word whether it is a part or parts joined.
pub(crate) fn each_piece(text: &str, mut found: impl FnMut(&str, Piece)) {
    let folded = without_inner_apostrophes(fold(text));
    let mut chunk = Chunk::default();
    let mut start: Option<usize> = None;
    // Between the last part and here: a space, a dash. A dash joins the words around it
    // with spaces or without ("Северо — Западная" is a typist's "Северо-Западная").
    let (mut spaced, mut dashed) = (false, false);
    for (at, c) in folded.char_indices() {
        if is_word_char(c) {
            if start.is_none() {
                if spaced && !dashed {
                    chunk.end(&mut found);
                }
                (spaced, dashed) = (false, false);
                start = Some(at);
            }
            continue;
        }
        if let Some(from) = start.take() {
            chunk.part(&folded[from..at], &mut found);
        }
        if is_quote(c) {
            chunk.end(&mut found);
            (spaced, dashed) = (false, false);
        } else if c.is_whitespace() {
            spaced = true;
        } else if is_dash(c) {
            dashed = true;
        }
    }
    if let Some(from) = start {
        chunk.part(&folded[from..], &mut found);
    }
    chunk.end(&mut found);
}

/// The text between spaces and quotes, read part by part (parts are split at hyphens,
/// dots and the like): a chunk whose parts are all kept is also a word joined.
#[derive(Default)]
struct Chunk {
    joined: String,
    parts: usize,
    kept: usize,
}

impl Chunk {
    fn part(&mut self, part: &str, found: &mut impl FnMut(&str, Piece)) {
        self.parts += 1;
        if !is_legal_form(part) {
            self.kept += 1;
            found(part, Piece::Part);
            self.joined.push_str(part);
        }
    }

    fn end(&mut self, found: &mut impl FnMut(&str, Piece)) {
        if self.kept > 1 && self.kept == self.parts {
            found(&self.joined, Piece::Joined(self.kept));
        }
        self.joined.clear();
        (self.parts, self.kept) = (0, 0);
    }
}

fn is_legal_form(word: &str) -> bool {
    word.len() <= LONGEST_LEGAL_FORM && LEGAL_FORMS.contains(&word)
}

/// An apostrophe between letters is a soft sign in a romanised name (Vol'f, Il'in), not
/// a quote: it goes, and the word stays whole, however the apostrophe was typed.
fn without_inner_apostrophes(text: String) -> String {
    let apostrophe = |c: char| matches!(c, '\'' | '`' | '’' | '‘' | '′' | 'ʹ' | 'ʺ' | 'ʼ');
    // A look at the bytes first: the ASCII ones, or the lead byte of the others.
    if !text.bytes().any(|b| matches!(b, b'\'' | b'`' | 0xe2 | 0xca)) || !text.contains(apostrophe) {
        return text;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let inner = apostrophe(c)
            && i > 0
            && chars[i - 1].is_alphabetic()
            && chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
        if !inner {
            out.push(c);
        }
    }
    out
}

/// A letter or a digit. Latin and Cyrillic are answered without the general Unicode
/// tables, which are slow and would be asked for every character of every name.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || ('\u{0400}'..='\u{04ff}').contains(&c) || (!c.is_ascii() && c.is_alphanumeric())
}

/// The digits of `text`, if it reads as part of a phone number (digits with spaces,
/// dashes, dots, brackets and a leading plus only).
pub fn phone_digits(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit() || " -.()+".contains(c)) {
        return None;
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    (!digits.is_empty()).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_case_yo_quotes_hyphens_and_legal_forms() {
        // (text, words)
        let cases: &[(&str, &[&str])] = &[
            ("ООО «Сибирские моторы»", &["сибирские", "моторы"]),
            ("АО \"Сибмоторс\"", &["сибмоторс"]),
            ("Фёдоров Пётр", &["федоров", "петр"]),
            ("Северо-Запад Трейд", &["северо", "запад", "северозапад", "трейд"]),
            ("Sibirskie Motory LLC", &["sibirskie", "motory"]),
            ("ＳＩＢ　Ｍｏｔｏｒｓ", &["sib", "motors"]),
            ("ﬁnance", &["finance"]),
            ("Рога и копыта, ЗАО", &["рога", "и", "копыта"]),
            ("Vol'f & Il’in 'Trade'", &["volf", "ilin", "trade"]),
            ("Volʼf Il‘in Vol`f", &["volf", "ilin", "volf"]),
            ("Северо — Запад", &["северо", "запад", "северозапад"]),
            ("Ромашка(СПб)", &["ромашка", "спб"]),
            ("Ро\u{ad}машка\u{200b}", &["ромашка"]),
            ("  ", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(words(text), *expected, "{text}");
        }
    }

    #[test]
    fn names_differing_only_in_quotes_dashes_and_spaces_have_the_same_words() {
        let parts = |text: &str| {
            let mut parts = Vec::new();
            each_piece(text, |word, piece| {
                if piece == Piece::Part {
                    parts.push(word.to_owned());
                }
            });
            parts
        };
        // Each row: spellings of one name.
        let rows: &[&[&str]] = &[
            &[
                "«Ромашка»",
                "\"Ромашка\"",
                "„Ромашка“",
                "'Ромашка'",
                "‹Ромашка›",
                "‚Ромашка‘",
                "「Ромашка」",
                "＂Ромашка＂",
            ],
            &["ООО «Ромашка»", "ООО \"Ромашка\"", "ООО“Ромашка”", "ООО ″Ромашка″", "ООО『Ромашка』", "ООО (Ромашка)"],
            &["Северо-Западная", "Северо–Западная", "Северо—Западная", "Северо — Западная", "Северо Западная"],
            &["Северо-Западная", "Северо‐Западная", "Северо‑Западная", "Северо−Западная", "Северо - Западная"],
            &["Северо-Западная", "Северо ― Западная", "Северо⸺Западная", "Северо－Западная", "Северо〜Западная"],
            &["Сибирские моторы", "Сибирские\u{a0}моторы", "Сибирские\u{202f}моторы", "Сибирские\u{2009}моторы"],
            &["Сибирские моторы", "Сибирские\u{3000}моторы", "Сибирские\u{1680}моторы", " Сибирские  моторы\t"],
            &["Ромашка", "Ро\u{ad}машка", "\u{feff}Ромашка", "Ромашка\u{200d}", "Ром\u{2060}ашка"],
        ];
        for row in rows {
            for other in &row[1..] {
                assert_eq!(parts(other), parts(row[0]), "{other:?} vs {:?}", row[0]);
            }
        }
    }

    #[test]
    fn plain_characters_fold_as_the_unicode_tables_say() {
        let plain: Vec<char> = ('\0'..='\u{2fff}').filter(|c| is_plain(*c)).collect();
        assert!(plain.len() > 128 + 64, "ASCII and the Russian alphabet at least");
        for c in plain {
            let text = format!("{c}Ab");
            assert_eq!(fold(&text), by_tables(&text), "{c:?}");
        }
    }

    #[test]
    fn a_decomposed_letter_is_the_composed_one() {
        // "й" typed as "и" + combining breve (macOS), and "ё" as "е" + diaeresis.
        assert_eq!(words("Андреи\u{306}"), words("Андрей"));
        assert_eq!(words("Пе\u{308}тр"), ["петр"]);
    }

    #[test]
    fn phone_digits_accept_only_phone_like_text() {
        assert_eq!(phone_digits("+7 (913) 123-45-67").as_deref(), Some("79131234567"));
        assert_eq!(phone_digits("8 913").as_deref(), Some("8913"));
        assert_eq!(phone_digits("913abc"), None);
        assert_eq!(phone_digits(" - "), None);
    }
}
