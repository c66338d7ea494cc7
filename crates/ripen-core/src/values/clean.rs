//! Shared cleaning of single-line human text (names, user ids) before it becomes a domain value.

use crate::values::error::{Problem, ValidationError};

/// Whether `c` shows nothing yet can make one text look like another: the bidirectional
/// controls (marks, embeddings, overrides, isolates), which reorder the text around them
/// ("anna\u{202E}nimda" shows as "annaadmin"), and the invisible characters (soft hyphen,
/// zero-width space, word joiner, byte-order mark, Hangul fillers, tag characters).
/// That is Unicode's default-ignorable code points, less the joiners (ZWJ, ZWNJ) and the
/// variation selectors, which Persian, the Indic scripts and emoji need.
pub(crate) const fn is_invisible_format(c: char) -> bool {
    matches!(
        c as u32,
        0x00AD
            | 0x034F
            | 0x061C
            | 0x115F..=0x1160
            | 0x17B4..=0x17B5
            | 0x180E
            | 0x200B
            | 0x200E..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            | 0x3164
            | 0xFEFF
            | 0xFFA0
            | 0xFFF0..=0xFFFB
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE00FF
            | 0xE01F0..=0xE0FFF
    )
}

/// Refuses text holding an [invisible format character](is_invisible_format), naming the
/// first one (problem `control_character`: a bidi override is a control character in all
/// but Unicode's category name).
pub fn refuse_invisible(field: &str, text: &str) -> Result<(), ValidationError> {
    match text.chars().find(|c| is_invisible_format(*c)) {
        Some(c) => Err(ValidationError::new(field, Problem::ControlCharacter { code: c as u32 })),
        None => Ok(()),
    }
}

/// [`clean_line`] for what is typed in now — a name, an alias, a user id: it also refuses
/// invisible format characters. Stored values are read back with `clean_line` alone, so
/// one written before this rule still reads (and can still be referred to).
pub(crate) fn clean_typed_line(field: &str, raw: &str, max_chars: usize) -> Result<String, ValidationError> {
    let cleaned = clean_line(field, raw, max_chars)?;
    refuse_invisible(field, &cleaned)?;
    Ok(cleaned)
}

/// Trims, folds every run of whitespace (including newlines and tabs pasted from a
/// spreadsheet) into one space, refuses other control characters, and enforces a length
/// limit counted in characters, not bytes — Cyrillic is two bytes a letter.
pub(crate) fn clean_line(field: &str, raw: &str, max_chars: usize) -> Result<String, ValidationError> {
    if let Some(chars) = already_clean(raw) {
        // Most text comes clean (every text read back from storage does): one pass that
        // only looks, and a copy.
        if chars > max_chars {
            return Err(ValidationError::new(field, Problem::TooLong { max: max_chars, actual: chars }));
        }
        return Ok(raw.to_owned());
    }
    rebuild(field, raw, max_chars)
}

/// [`clean_line`] the long way: the text rebuilt character by character.
fn rebuild(field: &str, raw: &str, max_chars: usize) -> Result<String, ValidationError> {
    let mut cleaned = String::with_capacity(raw.len());
    let mut chars = 0usize;
    let mut pending_space = false;
    for c in raw.chars() {
        if c.is_whitespace() {
            pending_space = chars > 0;
            continue;
        }
        if c.is_control() {
            return Err(ValidationError::new(field, Problem::ControlCharacter { code: c as u32 }));
        }
        if pending_space {
            cleaned.push(' ');
            chars += 1;
            pending_space = false;
        }
        cleaned.push(c);
        chars += 1;
    }
    if chars == 0 {
        return Err(ValidationError::new(field, Problem::Empty));
    }
    if chars > max_chars {
        return Err(ValidationError::new(field, Problem::TooLong { max: max_chars, actual: chars }));
    }
    Ok(cleaned)
}

/// The characters of `raw` when [`clean_line`] would return it unchanged: not empty, no
/// control character, and every whitespace a single plain space between two words. Read
/// a byte at a time: of the characters above ASCII, only those led by `C2` (U+0080–U+00BF:
/// the C1 controls, U+0085, U+00A0) and `E1`–`E3` (U+1000–U+3FFF: U+1680, U+2000–U+205F,
/// U+3000) can be whitespace or a control, and only those are decoded to ask.
fn already_clean(raw: &str) -> Option<usize> {
    let bytes = raw.as_bytes();
    let (mut chars, mut after_space, mut at) = (0usize, true, 0usize);
    while let Some(&byte) = bytes.get(at) {
        let width = match byte {
            b' ' if after_space => return None,
            b' ' => {
                after_space = true;
                1
            }
            0x00..=0x1f | 0x7f => return None,
            0x21..=0x7e => {
                after_space = false;
                1
            }
            _ => {
                if matches!(byte, 0xc2 | 0xe1..=0xe3) {
                    let c = raw[at..].chars().next()?;
                    if c.is_whitespace() || c.is_control() {
                        return None;
                    }
                }
                after_space = false;
                match byte {
                    0xf0.. => 4,
                    0xe0.. => 3,
                    _ => 2,
                }
            }
        };
        chars += 1;
        at += width;
    }
    (chars > 0 && !after_space).then_some(chars)
}

#[cfg(test)]
mod tests {
    use super::*;

    // proptest draws on getrandom, which has no source of entropy on bare wasm32.
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn text_found_clean_is_what_the_long_way_makes_of_it(raw in "[ a\\t\\n\u{a0}\u{85}\u{9f}\u{7}\u{7f}Жё«»\u{200D}\u{1680}\u{2028}\u{205f}\u{3000}\u{ffff}😀]{0,12}", max in 0usize..14) {
            if let Some(chars) = already_clean(&raw) {
                let rebuilt = rebuild("name", &raw, usize::MAX).map_err(|e| e.problem.code());
                proptest::prop_assert_eq!(rebuilt, Ok(raw.clone()));
                proptest::prop_assert_eq!(chars, raw.chars().count());
            }
            let (fast, slow) = (clean_line("name", &raw, max), rebuild("name", &raw, max));
            proptest::prop_assert_eq!(fast.map_err(|e| e.problem.code()), slow.map_err(|e| e.problem.code()));
        }
    }

    #[test]
    fn cleans_as_a_person_would_expect() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("ООО «Ромашка»", Ok("ООО «Ромашка»")),
            ("  Anna  ", Ok("Anna")),
            ("Сибирские\t\tмоторы\n", Ok("Сибирские моторы")),
            ("a\u{00a0}b", Ok("a b")),
            ("", Err("empty")),
            (" \t\n ", Err("empty")),
            ("bell\u{0007}", Err("control_character")),
            ("zero\u{0000}width", Err("control_character")),
        ];
        for (raw, expected) in cases {
            let got = clean_line("name", raw, 10_000).map_err(|e| e.problem.code());
            assert_eq!(got.as_deref().map_err(|e| *e), *expected, "input {raw:?}");
        }
    }

    #[test]
    fn typed_text_refuses_what_would_spoof_it() {
        // (input, the first character refused, or None when it is accepted)
        let cases: &[(&str, Option<u32>)] = &[
            ("anna\u{202E}nimda", Some(0x202E)),
            ("\u{202A}ООО «Ромашка»\u{202C}", Some(0x202A)),
            ("Ромашка\u{2066}", Some(0x2066)),
            ("Ромашка\u{2069}", Some(0x2069)),
            ("an\u{200E}na", Some(0x200E)),
            ("\u{061C}عربي", Some(0x061C)),
            ("Ro\u{00AD}mashka", Some(0x00AD)),
            ("zero\u{200B}width", Some(0x200B)),
            ("word\u{2060}joiner", Some(0x2060)),
            ("\u{FEFF}bom", Some(0xFEFF)),
            ("\u{3164}", Some(0x3164)),
            ("flag\u{E0067}\u{E007F}", Some(0xE0067)),
            // Needed by real scripts and emoji: the joiners and variation selectors.
            ("می\u{200C}خواهم", None),
            ("👩\u{200D}💻", None),
            ("❤\u{FE0F}", None),
            ("葛\u{E0100}", None),
            ("שלום עולם", None),
            ("ООО «Сибирские моторы»", None),
        ];
        for (raw, refused) in cases {
            let got = clean_typed_line("name", raw, 300);
            match refused {
                Some(code) => assert_eq!(
                    got.map_err(|e| e.problem),
                    Err(Problem::ControlCharacter { code: *code }),
                    "input {raw:?}"
                ),
                None => assert!(got.is_ok(), "input {raw:?}: {got:?}"),
            }
            // Text stored before the rule still reads.
            assert!(clean_line("name", raw, 300).is_ok(), "stored {raw:?}");
        }
    }

    #[test]
    fn length_is_counted_in_characters() {
        assert!(clean_line("name", &"я".repeat(5), 5).is_ok());
        let error = clean_line("name", &"я".repeat(6), 5).unwrap_err();
        assert_eq!(error.problem, Problem::TooLong { max: 5, actual: 6 });
    }
}
