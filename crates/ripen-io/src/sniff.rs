//! Passes over the text that know CSV's quoting: which delimiter it uses (`;`, tab or
//! `,`), whether a quoted field is left open to the end, and the line each record starts
//! on. One scanner serves all three, reading quotes as the `csv` crate does: a quote opens
//! a field only at the field's start (after the delimiter or a line end), `""` inside
//! quotes is a quote, and a record ends at an unquoted LF, CRLF or lone CR.

use crate::error::ReadError;

const CANDIDATES: [u8; 3] = [b';', b'\t', b','];
/// Records looked at to choose the delimiter.
const SAMPLE: usize = 50;

/// What the scanner meets, outside quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// A record's first character, on this line.
    RecordStart(usize),
    Delimiter,
    /// The end of a record (the record may be empty).
    RecordEnd,
}

/// Scans `text` with `delimiter`, telling `visit` each step; stops when `visit` says so.
/// Returns the line of a quote still open at the end.
fn scan(text: &str, delimiter: u8, mut visit: impl FnMut(Step) -> bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut line, mut i) = (1, 0);
    let mut quoted = None;
    let mut field_start = true;
    let mut record_start = true;
    while i < bytes.len() {
        let byte = bytes[i];
        let newline = byte == b'\n' || (byte == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        if quoted.is_some() {
            if byte == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = None;
                }
            }
        } else {
            if record_start && !matches!(byte, b'\n' | b'\r') {
                record_start = false;
                if !visit(Step::RecordStart(line)) {
                    return None;
                }
            }
            if byte == b'"' && field_start {
                quoted = Some(line);
            } else if byte == delimiter {
                if !visit(Step::Delimiter) {
                    return None;
                }
            } else if newline {
                record_start = true;
                if !visit(Step::RecordEnd) {
                    return None;
                }
            }
        }
        if newline {
            line += 1;
        }
        field_start = quoted.is_none() && (matches!(byte, b'\n' | b'\r') || byte == delimiter);
        i += 1;
    }
    quoted
}

/// The delimiter the text uses: of the candidates, the one found the same number of times
/// in most of the first records (the header's count), splitting the header into the most
/// columns; `,` when none is.
pub(crate) fn sniff(text: &str) -> u8 {
    let score = |delimiter: u8| {
        let mut counts: Vec<usize> = Vec::new();
        scan(text, delimiter, |step| {
            match step {
                Step::RecordStart(_) => counts.push(0),
                Step::Delimiter => {
                    if let Some(last) = counts.last_mut() {
                        *last += 1;
                    }
                }
                Step::RecordEnd => {}
            }
            counts.len() <= SAMPLE
        });
        let Some(header) = counts.first().copied().filter(|n| *n > 0) else { return (0, 0) };
        let agreeing = counts.iter().filter(|c| **c == header).count();
        (usize::from(agreeing * 10 >= counts.len() * 8), header)
    };
    let scores: Vec<((usize, usize), u8)> = CANDIDATES.iter().map(|d| (score(*d), *d)).collect();
    // Ties go to the earlier candidate: `;` before tab before `,`.
    let best = scores.iter().rev().max_by_key(|(score, _)| *score).copied();
    match best {
        Some(((_, columns), delimiter)) if columns > 0 => delimiter,
        _ => b',',
    }
}

/// Refuses text with a quoted field never closed, at the line it opens.
pub(crate) fn check_quotes(text: &str, delimiter: u8) -> Result<(), ReadError> {
    match scan(text, delimiter, |_| true) {
        Some(line) => Err(ReadError::UnclosedQuote { line }),
        None => Ok(()),
    }
}

/// The line each record starts on, for records as the `csv` crate yields them: a quoted
/// newline does not end a record, and empty lines are no records. (The crate's own
/// positions do not count the empty lines it skips.)
pub(crate) fn record_lines(text: &str, delimiter: u8) -> Vec<usize> {
    let mut starts = Vec::new();
    scan(text, delimiter, |step| {
        if let Step::RecordStart(line) = step {
            starts.push(line);
        }
        true
    });
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_found_and_quotes_are_respected() {
        let cases: [(&str, &str, u8); 8] = [
            ("semicolons (Russian Excel)", "Имя;Телефон;Город\nИван;+7 913;Омск\n", b';'),
            ("commas", "Name,Phone\nIvan,+1 555\nPetr,+1 556\n", b','),
            ("tabs", "Name\tPhone\nIvan\t+1 555\n", b'\t'),
            ("commas inside quotes do not count", "Имя;Заметка\nИван;\"да, нет, может быть\"\n", b';'),
            ("a decimal comma with semicolons", "Имя;Сумма\nИван;1,5\nПётр;2,5\n", b';'),
            ("one column", "Name\nIvan\n", b','),
            ("a newline inside quotes", "Name,Note\nIvan,\"line one\nline two\"\n", b','),
            ("a quote after a comma in a ;-file is text", "Имя;Заметка\nИван,\"x;\"c\nПётр;x\nОльга;y\n", b';'),
        ];
        for (case, text, expected) in cases {
            assert_eq!(char::from(sniff(text)), char::from(expected), "{case}");
        }
    }

    #[test]
    fn a_quote_never_closed_is_found_at_its_line_and_only_with_the_real_delimiter() {
        let cases: [(&str, u8, Result<(), ReadError>); 4] = [
            ("Name,Note\nIvan,ok\nPetr,\"never\nclosed\n", b',', Err(ReadError::UnclosedQuote { line: 3 })),
            ("Name,Note\rIvan,ok\rPetr,\"never\rclosed\r", b',', Err(ReadError::UnclosedQuote { line: 3 })),
            ("Имя;Заметка\nИван;размер 1,\"5 дюймов\nПётр;x\n", b';', Ok(())),
            // The quote after "," is text; the one after ";" opens a field never closed.
            ("Имя;Заметка\nИван,\"x;\"c\nПётр;x\n", b';', Err(ReadError::UnclosedQuote { line: 2 })),
        ];
        for (text, delimiter, expected) in cases {
            assert_eq!(check_quotes(text, delimiter), expected, "{text:?}");
        }
    }

    #[test]
    fn records_start_where_the_csv_crate_starts_them() {
        let text = "a,b\r\n\r\nc,\"two\nlines\"\n\n,\nd,e";
        assert_eq!(record_lines(text, b','), [1, 3, 6, 7]);
        assert_eq!(record_lines("a\rb\rc", b','), [1, 2, 3]);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::record_lines;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// One start line per record the `csv` crate yields, whatever the quoting and
        /// line endings: the line numbers of a report never drift.
        #[test]
        fn one_line_per_record_the_csv_crate_yields(text in "[a,;\"\\r\\n ]{0,60}") {
            let records = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes())
                .records()
                .count();
            prop_assert_eq!(record_lines(&text, b',').len(), records);
        }
    }
}
