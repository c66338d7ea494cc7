//! A first pass over the text, aware of quotes: which delimiter it uses (`;`, tab or `,`),
//! and whether a quoted field is left open to the end.

use crate::error::ReadError;

const CANDIDATES: [u8; 3] = [b';', b'\t', b','];
/// Records looked at to choose the delimiter.
const SAMPLE: usize = 50;

/// The delimiter, and an error if a quoted field never closes.
pub(crate) fn sniff(text: &str) -> Result<u8, ReadError> {
    let mut counts: Vec<[usize; 3]> = vec![[0; 3]];
    let mut quoted = false;
    let mut opened_on = 0;
    let mut line = 1;
    let mut at_field_start = true;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte == b'\n' {
            line += 1;
        }
        if quoted {
            if byte == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if byte == b'"' && at_field_start {
            quoted = true;
            opened_on = line;
        } else if byte == b'\n' {
            if counts.len() < SAMPLE {
                counts.push([0; 3]);
            }
        } else if let Some(k) = CANDIDATES.iter().position(|c| *c == byte) {
            if counts.len() < SAMPLE {
                if let Some(last) = counts.last_mut() {
                    last[k] += 1;
                }
            }
        }
        // A quote opens a field only at its start; elsewhere it is an ordinary character.
        at_field_start = !quoted && (byte == b'\n' || byte == b'\r' || CANDIDATES.contains(&byte));
        i += 1;
    }
    if quoted {
        return Err(ReadError::UnclosedQuote { line: opened_on });
    }
    let records: Vec<&[usize; 3]> = counts.iter().filter(|c| c.iter().any(|n| *n > 0)).collect();
    // The delimiter appears in every record, the same number of times in most: the header's
    // count. Between candidates that do, the one splitting the header into more columns.
    let score = |k: usize| {
        let Some(header) = records.first().map(|c| c[k]).filter(|n| *n > 0) else { return (0, 0) };
        let agreeing = records.iter().filter(|c| c[k] == header).count();
        (usize::from(agreeing * 10 >= records.len() * 8), header)
    };
    let best = (0..CANDIDATES.len()).max_by_key(|k| (score(*k), std::cmp::Reverse(*k))).unwrap_or(0);
    Ok(if score(best).1 == 0 { b',' } else { CANDIDATES[best] })
}

/// The line each record starts on, for records as the `csv` crate yields them: a quoted
/// newline does not end a record, and empty lines are no records. (The crate's own
/// positions do not count the empty lines it skips.)
pub(crate) fn record_lines(text: &str, delimiter: u8) -> Vec<usize> {
    let mut starts = Vec::new();
    let bytes = text.as_bytes();
    let (mut line, mut i) = (1, 0);
    let mut quoted = false;
    let mut at_field_start = true;
    let mut at_record_start = true;
    while i < bytes.len() {
        let byte = bytes[i];
        let newline = byte == b'\n' || (byte == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        if at_record_start && !quoted && !matches!(byte, b'\n' | b'\r') {
            starts.push(line);
            at_record_start = false;
        }
        if quoted {
            if byte == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if byte == b'"' && at_field_start {
            quoted = true;
        } else if newline {
            at_record_start = true;
        }
        if newline {
            line += 1;
        }
        at_field_start = !quoted && (matches!(byte, b'\n' | b'\r') || byte == delimiter);
        i += 1;
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_found_and_quotes_are_respected() {
        let cases: [(&str, &str, Result<u8, ReadError>); 8] = [
            ("semicolons (Russian Excel)", "Имя;Телефон;Город\nИван;+7 913;Омск\n", Ok(b';')),
            ("commas", "Name,Phone\nIvan,+1 555\nPetr,+1 556\n", Ok(b',')),
            ("tabs", "Name\tPhone\nIvan\t+1 555\n", Ok(b'\t')),
            ("commas inside quotes do not count", "Имя;Заметка\nИван;\"да, нет, может быть\"\n", Ok(b';')),
            ("a decimal comma with semicolons", "Имя;Сумма\nИван;1,5\nПётр;2,5\n", Ok(b';')),
            ("one column", "Name\nIvan\n", Ok(b',')),
            ("a newline inside quotes", "Name,Note\nIvan,\"line one\nline two\"\n", Ok(b',')),
            (
                "an unclosed quote",
                "Name,Note\nIvan,ok\nPetr,\"never\nclosed\n",
                Err(ReadError::UnclosedQuote { line: 3 }),
            ),
        ];
        for (case, text, expected) in cases {
            assert_eq!(sniff(text), expected, "{case}");
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
