//! Cell values as spreadsheets write them: several in one cell, guarded against formula
//! injection, a kind in words, birthdays in the exports' formats.

use crate::missing::present;
use chrono::NaiveDate;
use ripen_core::values::{DateKind, ImportantDate};
use ripen_core::ClientKind;

/// Several values in one cell: "+7 913 …, +7 383 …", one a line, or Google's
/// "a@x.com ::: b@y.com"; the words for a missing value dropped.
pub(crate) fn split_list(value: &str) -> impl Iterator<Item = &str> {
    value.split(":::").flat_map(|part| part.split([',', ';', '\n'])).filter_map(present)
}

/// A cell an export guarded against formula injection ("'=SUM(…)", "'+7 913 …") as
/// written: the guard is ours to take off.
pub(crate) fn unguard(value: &str) -> &str {
    const OPENERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
    match value.strip_prefix('\'') {
        Some(rest) if rest.starts_with(OPENERS) => rest,
        // A value of its own starting with an apostrophe before an opener, guarded again.
        Some(rest) if rest.strip_prefix('\'').is_some_and(|r| r.starts_with(OPENERS)) => rest,
        _ => value,
    }
}

pub(crate) fn kind(value: &str) -> Option<ClientKind> {
    match value.to_lowercase().as_str() {
        "company" | "компания" | "организация" | "юрлицо" | "юридическое лицо" | "organization" => {
            Some(ClientKind::Company)
        }
        "person" | "человек" | "контакт" | "физлицо" | "физическое лицо" | "contact" => {
            Some(ClientKind::Person)
        }
        _ => None,
    }
}

/// "31.12.1980", "1980-12-31", "31/12/1980", "31.12" (no year), "--12-31" (vCard).
pub(crate) fn birthday(value: &str) -> Option<ImportantDate> {
    let value = value.trim();
    let value = value.split(['T', ' ']).next().unwrap_or(value);
    // Apple writes a birthday without a year as 1604.
    let date = |y: Option<i32>, m: u32, d: u32| {
        let y = y.filter(|y| *y != 1604);
        NaiveDate::from_ymd_opt(y.unwrap_or(2000), m, d)?;
        ImportantDate::parse(DateKind::Birthday.as_str(), None, m, d, y).ok()
    };
    // Only digits and separators from here on: byte slicing below stays on characters.
    if !value.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'/' | b'-')) {
        return None;
    }
    let numbers: Vec<&str> = value.split(['.', '/', '-']).collect();
    let number = |s: &str| s.parse::<u32>().ok();
    match numbers.as_slice() {
        ["", "", md] if md.len() == 4 => date(None, number(&md[..2])?, number(&md[2..])?),
        [y, m, d] if y.len() == 4 => date(y.parse().ok(), number(m)?, number(d)?),
        // Day first, as most of the world writes it; a date that only reads month
        // first ("4/15/1978", Outlook in the US) is read so.
        [d, m, y] if y.len() == 4 => {
            date(y.parse().ok(), number(m)?, number(d)?).or_else(|| date(y.parse().ok(), number(d)?, number(m)?))
        }
        [d, m] if !value.contains('-') => date(None, number(m)?, number(d)?),
        ["", "", m, d] => date(None, number(m)?, number(d)?),
        [compact] if compact.len() == 8 => {
            date(compact[..4].parse().ok(), number(&compact[4..6])?, number(&compact[6..])?)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birthdays_in_the_formats_exports_use() {
        let cases = [
            ("31.12.1980", Some((12, 31, Some(1980)))),
            ("1980-12-31", Some((12, 31, Some(1980)))),
            ("1980-12-31T00:00:00Z", Some((12, 31, Some(1980)))),
            ("31/12/1980", Some((12, 31, Some(1980)))),
            ("4/15/1978", Some((4, 15, Some(1978)))),
            ("04/05/1978", Some((5, 4, Some(1978)))),
            ("19801231", Some((12, 31, Some(1980)))),
            ("08.03", Some((3, 8, None))),
            ("--03-08", Some((3, 8, None))),
            ("--0308", Some((3, 8, None))),
            ("1604-05-14", Some((5, 14, None))),
            ("29.02.2001", None),
            ("32.01.1990", None),
            ("вчера", None),
            ("1я2345", None),
            ("--я12", None),
        ];
        for (text, expected) in cases {
            assert_eq!(birthday(text).map(|d| (d.month, d.day, d.year)), expected, "{text}");
        }
    }

    #[test]
    fn a_guarded_cell_is_read_as_written_and_a_plain_apostrophe_is_kept() {
        assert_eq!(unguard("'+7 913 000-00-00"), "+7 913 000-00-00");
        assert_eq!(unguard("'=1+1"), "=1+1");
        assert_eq!(unguard("'Сад'"), "'Сад'");
        assert_eq!(unguard("''=x"), "'=x");
    }
}
