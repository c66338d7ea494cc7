//! A vCard file's bytes into logical lines, before any decoding: folding can split a
//! multi-byte character, so lines are unfolded as bytes and decoded afterwards.

use std::borrow::Cow;

/// One logical line and the physical line it starts on, counted from 1.
pub(super) type Line<'a> = (usize, Cow<'a, [u8]>);

/// Physical lines, ending in CRLF, LF, a lone CR, or the CR CR LF some iPhone exports
/// write for one line end (counting it as two would put a blank line inside every fold).
fn physical(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest.iter().position(|b| matches!(b, b'\n' | b'\r')).unwrap_or(rest.len());
        let line = &rest[..end];
        let ending = match &rest[end..] {
            [b'\r', b'\n', ..] => 2,
            [b'\r', b'\r', b'\n', ..] => 3,
            [] => 0,
            _ => 1,
        };
        rest = &rest[end + ending..];
        Some(line)
    })
}

/// Logical lines: a line starting with a space or tab continues the one before, less
/// that one character (RFC 6350 §3.2; 2.1 and 3.0 fold the same way), and a
/// quoted-printable value ending in "=" continues on the next line whatever it starts
/// with (vCard 2.1's soft line break). A card's BEGIN or END line is never a
/// continuation, even after a broken soft break or indented by hand.
pub(super) fn unfold(bytes: &[u8]) -> Vec<Line<'_>> {
    let mut lines: Vec<Line<'_>> = Vec::new();
    let mut soft_break = false;
    for (index, raw) in physical(bytes).enumerate() {
        let edge = is_edge(raw);
        match lines.last_mut() {
            Some((_, last)) if soft_break && !edge => last.to_mut().extend_from_slice(raw),
            Some((_, last)) if !edge && (raw.starts_with(b" ") || raw.starts_with(b"\t")) => {
                last.to_mut().extend_from_slice(&raw[1..])
            }
            _ => lines.push((index + 1, Cow::Borrowed(raw))),
        }
        soft_break = false;
        if let Some((_, last)) = lines.last_mut() {
            if last.ends_with(b"=") && is_quoted_printable(last) {
                last.to_mut().pop();
                soft_break = true;
            }
        }
    }
    lines
}

fn is_edge(line: &[u8]) -> bool {
    let text = line.trim_ascii();
    let Some(colon) = text.iter().position(|b| *b == b':') else { return false };
    let (name, value) = (text[..colon].trim_ascii(), text[colon + 1..].trim_ascii());
    (name.eq_ignore_ascii_case(b"BEGIN") || name.eq_ignore_ascii_case(b"END")) && value.eq_ignore_ascii_case(b"VCARD")
}

/// Whether a line's name and parameters (before its first colon) mark its value
/// quoted-printable, as `ENCODING=QUOTED-PRINTABLE` or 2.1's bare `QUOTED-PRINTABLE`.
pub(super) fn is_quoted_printable(line: &[u8]) -> bool {
    let head = line.split(|b| *b == b':').next().unwrap_or(b"");
    head.windows(16).any(|w| w.eq_ignore_ascii_case(b"QUOTED-PRINTABLE"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(bytes: &[u8]) -> Vec<(usize, String)> {
        unfold(bytes).into_iter().map(|(n, l)| (n, String::from_utf8_lossy(&l).into_owned())).collect()
    }

    #[test]
    fn every_line_ending_ends_one_line() {
        for ending in ["\r\n", "\n", "\r", "\r\r\n"] {
            let file = ["BEGIN:VCARD", "FN:Анна", "END:VCARD", ""].join(ending);
            let lines = texts(file.as_bytes());
            assert_eq!(
                lines,
                [(1, "BEGIN:VCARD".into()), (2, "FN:Анна".into()), (3, "END:VCARD".into())],
                "{ending:?}"
            );
        }
    }

    #[test]
    fn a_fold_inside_a_character_is_joined_before_decoding() {
        // "Анна" is D0 90 D0 BD D0 BD D0 B0; the fold falls between D0 and BD.
        let file = b"FN:\xD0\x90\xD0\r\n \xBD\xD0\xBD\xD0\xB0\r\nTEL:1\r\n";
        assert_eq!(texts(file), [(1, "FN:Анна".into()), (3, "TEL:1".into())]);
    }

    #[test]
    fn soft_breaks_only_in_quoted_printable_values() {
        let file = "NOTE;QUOTED-PRINTABLE:a=\r\nb=\r\nc\r\nNOTE:x=\r\nTEL:1\r\nNOTE;ENCODING=QUOTED-PRINTABLE:d=\r\nEND:VCARD\r\n";
        assert_eq!(
            texts(file.as_bytes()),
            [
                (1, "NOTE;QUOTED-PRINTABLE:abc".into()),
                (4, "NOTE:x=".into()),
                (5, "TEL:1".into()),
                (6, "NOTE;ENCODING=QUOTED-PRINTABLE:d".into()),
                (7, "END:VCARD".into())
            ]
        );
    }
}
