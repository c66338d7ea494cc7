//! A phone value as cards and spreadsheets really write it: a `tel:` URI, a number with
//! its extension ("x752", "ext. 102", "доб. 102", `;ext=102`), or a SIP address. The
//! core's `Phone` holds no extension, so the number is kept and the extension said in the
//! notes. Shared by the vCard and CSV readers so both split a number the same way.

/// What a TEL value holds.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Tel<'a> {
    /// A number to parse, and its extension's digits.
    Number { number: &'a str, extension: Option<&'a str> },
    /// An internet telephony address.
    Sip(&'a str),
}

/// Words that start an extension, lower case; the longest first so "ext." is not read as
/// "ext" followed by a dot.
const MARKERS: [&str; 12] = [";ext=", "extension", "ext.", "ext", "доб.", "доб", "вн.", "x", "#", ",", ";", "p"];

pub(crate) fn split(value: &str) -> Tel<'_> {
    let value = value.trim();
    let value = strip_prefix_ignoring_case(value, "tel:").unwrap_or(value);
    if let Some(address) = strip_prefix_ignoring_case(value, "sip:") {
        return Tel::Sip(address.trim());
    }
    // Most numbers have no extension: every marker holds a letter, `#`, `,` or `;`, so a
    // value of digits and the marks numbers are written with is looked at once.
    if value.bytes().all(|b| b.is_ascii_digit() || b" +-().".contains(&b)) {
        return Tel::Number { number: value, extension: None };
    }
    for (at, _) in value.char_indices() {
        let number = &value[..at];
        if !number.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let rest = &value[at..];
        let Some(after) = MARKERS.iter().find_map(|m| after_ignoring_case(rest, m)) else { continue };
        let digits = after.trim_start_matches([' ', '.', ':', '=']).trim_end();
        if (1..=8).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
            return Tel::Number { number: number.trim_end(), extension: Some(digits) };
        }
    }
    Tel::Number { number: value, extension: None }
}

/// `text` after `prefix` (lower case), if it starts with it in any case.
fn after_ignoring_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let mut chars = text.char_indices();
    for p in prefix.chars() {
        let (_, c) = chars.next()?;
        if !c.to_lowercase().eq(p.to_lowercase()) {
            return None;
        }
    }
    Some(chars.as_str())
}

fn strip_prefix_ignoring_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_as_cards_write_them() {
        let number = |number, extension| Tel::Number { number, extension };
        let cases = [
            ("+7 (383) 211-22-33 доб. 102", number("+7 (383) 211-22-33", Some("102"))),
            ("+7 383 211 22 33 Доб.102", number("+7 383 211 22 33", Some("102"))),
            ("tel:+1-555-555-5555;ext=102", number("+1-555-555-5555", Some("102"))),
            ("+1 555 555 5555 x752", number("+1 555 555 5555", Some("752"))),
            ("+1 555 555 5555 ext. 9", number("+1 555 555 5555", Some("9"))),
            ("+1 555 555 5555 EXT 9", number("+1 555 555 5555", Some("9"))),
            ("+49 30 1234567,89", number("+49 30 1234567", Some("89"))),
            ("x752", number("x752", None)),
            ("53-25", number("53-25", None)),
            ("+7 913 000-00-00", number("+7 913 000-00-00", None)),
            ("sip:anna@pbx.example.com", Tel::Sip("anna@pbx.example.com")),
            ("TEL:SIP:101@pbx", Tel::Sip("101@pbx")),
        ];
        for (value, expected) in cases {
            assert_eq!(split(value), expected, "{value}");
        }
    }
}
