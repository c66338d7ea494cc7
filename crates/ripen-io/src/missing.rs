//! Values that say nothing: blank, or the word an exporter or a spreadsheet wrote where a
//! value was missing ("null", "N/A", a lone dash). Read as empty by both readers, so a
//! "null" phone is no phone rather than a phone that failed to read.

/// The words, compared in any case, that stand for a missing value.
// Outlook writes "0/0/00" for a date it does not have.
const MISSING: [&str; 12] =
    ["null", "(null)", "undefined", "nil", "none", "n/a", "#n/a", "-", "—", "--", "0/0/00", "0/0/0000"];

/// The value trimmed, or `None` if it says nothing.
pub(crate) fn present(value: &str) -> Option<&str> {
    let value = value.trim();
    let missing = value.is_empty() || MISSING.iter().any(|w| value.eq_ignore_ascii_case(w));
    (!missing).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_empty_and_real_values_are_kept() {
        for value in ["", "  ", "null", "NULL", "(null)", "undefined", "N/A", "n/a", "#N/A", "-", " — "] {
            assert_eq!(present(value), None, "{value:?}");
        }
        for value in ["Null Island", "-5", "Nadia", "Na Li"] {
            assert_eq!(present(value), Some(value), "{value:?}");
        }
    }
}
