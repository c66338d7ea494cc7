//! Shared cleaning of single-line human text (names, user ids) before it becomes a domain value.

use crate::values::error::{Problem, ValidationError};

/// Trims, folds every run of whitespace (including newlines and tabs pasted from a
/// spreadsheet) into one space, refuses other control characters, and enforces a length
/// limit counted in characters, not bytes — Cyrillic is two bytes a letter.
pub(crate) fn clean_line(field: &str, raw: &str, max_chars: usize) -> Result<String, ValidationError> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn length_is_counted_in_characters() {
        assert!(clean_line("name", &"я".repeat(5), 5).is_ok());
        let error = clean_line("name", &"я".repeat(6), 5).unwrap_err();
        assert_eq!(error.problem, Problem::TooLong { max: 5, actual: 6 });
    }
}
