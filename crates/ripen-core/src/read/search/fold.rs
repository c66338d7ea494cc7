//! Folding text for matching: Unicode normalisation (NFKC), case folding, ё = е,
//! punctuation and quotes as separators, and legal-form words ("ООО", "LLC") left out.

use unicode_normalization::UnicodeNormalization;

/// Legal-form words: they say what kind of entity a company is, not which one, so they
/// neither match nor need to be typed.
const LEGAL_FORMS: &[&str] = &[
    "ооо", "оао", "зао", "пао", "ао", "ип", "нко", "ано", "гуп", "муп", "фгуп", "тоо", "чп", "llc", "ltd", "inc",
    "jsc", "ojsc", "pjsc", "cjsc", "ooo", "oao", "zao", "pao", "gmbh", "ag", "plc", "corp", "co",
];

/// Lower-case, NFKC-normalised text with ё folded into е: the form every comparison uses.
pub fn fold(text: &str) -> String {
    let lower = |c: char| c.to_lowercase().map(|c| if c == 'ё' { 'е' } else { c });
    // Most names are already normalised; the quick check spares them the decomposition.
    if unicode_normalization::is_nfkc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes {
        text.chars().flat_map(lower).collect()
    } else {
        text.nfkc().flat_map(lower).collect()
    }
}

/// The words of `text` to match on, folded, in order: split at anything that is not a
/// letter or a digit (spaces, hyphens, quotes, dots), with legal-form words left out.
/// A hyphenated word also yields its parts joined ("северо-запад" → "северо", "запад",
/// "северозапад"), so it is found typed either way.
pub fn words(text: &str) -> Vec<String> {
    let folded = without_inner_apostrophes(&fold(text));
    let mut words = Vec::new();
    for chunk in folded.split(|c: char| c.is_whitespace() || is_quote(c)) {
        let parts: Vec<&str> = chunk.split(|c: char| !is_word_char(c)).filter(|p| !p.is_empty()).collect();
        let kept: Vec<&str> = parts.iter().copied().filter(|p| !LEGAL_FORMS.contains(p)).collect();
        words.extend(kept.iter().map(|p| (*p).to_owned()));
        if kept.len() > 1 && kept.len() == parts.len() {
            words.push(kept.concat());
        }
    }
    words
}

/// An apostrophe between letters is a soft sign in a romanised name (Vol'f, Il'in), not
/// a quote: it goes, and the word stays whole.
fn without_inner_apostrophes(text: &str) -> String {
    let apostrophe = |c: char| matches!(c, '\'' | '’' | 'ʹ' | 'ʺ');
    if !text.contains(apostrophe) {
        return text.to_owned();
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

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '«' | '»' | '„' | '“' | '”' | '‘' | '’' | '`')
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
            ("  ", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(words(text), *expected, "{text}");
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
