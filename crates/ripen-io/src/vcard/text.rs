//! A value's bytes into text: quoted-printable undone (only where the line says so), the
//! character set applied, escapes undone, structured values split.

/// Quoted-printable's `=XX` as the byte it stands for; anything else as it is.
pub(super) fn quoted_printable(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    let hex = |b: u8| (b as char).to_digit(16);
    while i < text.len() {
        match (text[i], text.get(i + 1).copied().and_then(hex), text.get(i + 2).copied().and_then(hex)) {
            (b'=', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, ..) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

/// A text value's escapes undone: "\n" a newline, "\," "\;" "\\" themselves.
pub(super) fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// A structured value's components ("family;given;additional;…"), unescaped and trimmed.
pub(super) fn components(value: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut escaped = false;
    for c in value.chars() {
        match c {
            _ if escaped => {
                if let Some(last) = parts.last_mut() {
                    last.push('\\');
                    last.push(c);
                }
                escaped = false;
            }
            '\\' => escaped = true,
            ';' => parts.push(String::new()),
            _ => {
                if let Some(last) = parts.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    parts.iter().map(|p| unescape(p).trim().to_owned()).collect()
}

pub(super) use crate::missing::present;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_in_structured_values() {
        assert_eq!(components(r"Рога\; и копыта;Отдел\, продаж"), ["Рога; и копыта", "Отдел, продаж"]);
    }

    #[test]
    fn quoted_printable_bytes_and_stray_equals_signs() {
        assert_eq!(quoted_printable(b"=D0=90=zz a=3D"), b"\xD0\x90=zz a=");
    }

    #[test]
    fn missing_values_say_nothing() {
        for value in ["", "  ", "null", "NULL", "(null)", "undefined"] {
            assert_eq!(present(value), None, "{value:?}");
        }
        assert_eq!(present(" Null Island "), Some("Null Island"));
    }
}
