//! Reading the offset `Intl.DateTimeFormat` writes with `timeZoneName: "longOffset"` in
//! en-US: "GMT" for UTC itself, else "GMT+05:45" (seconds too where an offset has them).

/// The offset at the end of `text`, in seconds east of UTC; `None` if it ends otherwise.
pub(crate) fn seconds(text: &str) -> Option<i32> {
    let tail = &text[text.rfind("GMT")? + "GMT".len()..];
    if tail.is_empty() {
        return Some(0);
    }
    // ICU may write a real minus sign, U+2212.
    let (sign, digits) = match tail.chars().next()? {
        '+' => (1, &tail[1..]),
        '-' => (-1, &tail[1..]),
        '\u{2212}' => (-1, &tail['\u{2212}'.len_utf8()..]),
        _ => return None,
    };
    let mut total = 0;
    let mut parts = 0;
    for (part, unit) in digits.split(':').zip([3600, 60, 1]) {
        if part.is_empty() || part.len() > 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        total += part.parse::<i32>().ok()? * unit;
        parts += 1;
    }
    (parts == digits.split(':').count()).then_some(sign * total)
}

#[cfg(test)]
mod tests {
    use super::seconds;

    #[test]
    fn offsets_as_intl_writes_them() {
        for (text, expected) in [
            ("1/1/2026, GMT", Some(0)),
            ("1/1/2026, GMT+07:00", Some(7 * 3600)),
            ("1/1/2026, GMT+05:45", Some(5 * 3600 + 45 * 60)),
            ("1/1/2026, GMT-03:30", Some(-(3 * 3600 + 30 * 60))),
            ("1/1/2026, GMT\u{2212}08:00", Some(-8 * 3600)),
            ("1/1/1880, GMT+02:30:17", Some(2 * 3600 + 30 * 60 + 17)),
            ("1/1/2026, GMT+7", Some(7 * 3600)),
            ("1/1/2026, UTC", None),
            ("1/1/2026, GMT+07:00:00:00", None),
            ("1/1/2026, GMT+07:", None),
            ("1/1/2026, GMT 07:00", None),
            ("1/1/2026, GMT+123:00", None),
            ("", None),
        ] {
            assert_eq!(seconds(text), expected, "{text:?}");
        }
    }
}
