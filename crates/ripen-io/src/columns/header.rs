//! Which of a file's first rows is its header. Exports put text above it (LinkedIn's
//! "Notes:" lines), and plain lists have none at all: the first contact would be taken
//! for the header and lost.

use super::{detect_preset, lookup};
use crate::looks;
use crate::missing::present;

/// Rows looked at for the header; a preamble is a few lines.
pub(crate) const HEADER_SEARCH: usize = 10;

/// Where a file's header is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Located {
    /// The header is the row at this index among the rows given.
    At(usize),
    /// The first row is already a contact: the file has no header.
    None,
}

/// How much a row reads as a header: cells with a known name, and cells that are data
/// (an e-mail, a phone, a company's name) no header holds.
fn score(row: &[String]) -> (usize, bool) {
    let preset = detect_preset(row);
    let (mut known, mut data) = (0, false);
    for cell in row.iter().filter_map(|c| present(c)) {
        if lookup(cell, preset).is_some() {
            known += 1;
        } else if looks::email(cell) || looks::phone(cell) || looks::company(cell) {
            data = true;
        }
    }
    (known, data)
}

/// The header among the first non-blank rows: the first with two or more known names
/// and no data; else the first row, unless it holds data and no known name — then the
/// file has no header.
pub(crate) fn locate(rows: &[Vec<String>]) -> Located {
    let scores: Vec<(usize, bool)> = rows.iter().take(HEADER_SEARCH).map(|r| score(r)).collect();
    if let Some(at) = scores.iter().position(|(known, data)| *known >= 2 && !data) {
        return Located::At(at);
    }
    match scores.first() {
        Some((0, true)) => Located::None,
        _ => Located::At(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Vec<String>> {
        text.lines().map(|l| l.split(',').map(str::to_owned).collect()).collect()
    }

    #[test]
    fn the_header_is_found_below_a_preamble_and_missing_from_a_plain_list() {
        let cases = [
            ("Name,Phone\nIvan,+7 913 000-00-00", Located::At(0)),
            ("Notes:\nWhen exporting your connection data you may notice\n\nFirst Name,Last Name,Email Address\nA,B,a@b.c", Located::At(3)),
            ("Иван Петров,+7 913 000-00-00,ivan@example.com\nАнна,+7 913 000-00-01,", Located::None),
            ("ООО «Ромашка»,Новосибирск\nООО «Лютик»,Омск", Located::None),
            ("Code,Amount\n1,2", Located::At(0)),
        ];
        for (text, expected) in cases {
            assert_eq!(locate(&rows(text)), expected, "{text}");
        }
    }
}
