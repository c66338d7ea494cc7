//! A phone value as cards and spreadsheets really write it: a `tel:` URI, a number with
//! its extension ("x752", "ext. 102", "доб. 102", `;ext=102`), or a SIP address. The
//! core's `Phone` holds no extension, so the number is kept and the extension said in the
//! notes. The number is then read in a region: the one the user chose, or the one the
//! file's own numbers suggest — a British address book's "020 7946 0958" is a London
//! number only when read in GB, and its "+44 …" numbers say so. Shared by the vCard and
//! CSV readers so both split and read a number the same way.

use crate::draft::Read;
use crate::error::ReadError;
use ripen_core::values::{Phone, PhoneError, Region};

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

/// The values looked at to suggest a region: enough to tell, few enough to read each in
/// several regions at no cost a user notices.
const SAMPLE: usize = 1_000;

/// Reads the phone numbers of one pass over a file, keeping the first values for
/// [`suggest`].
#[derive(Debug)]
pub(crate) struct PhoneReader {
    pub(crate) region: Region,
    sample: Vec<String>,
    /// Regions the file's words point to, weighed beside its numbers' own.
    hinted: Vec<Region>,
}

impl PhoneReader {
    pub(crate) fn new(region: Region) -> Self {
        Self { region, sample: Vec::new(), hinted: Vec::new() }
    }

    /// A number (its extension already split off) read in the file's region.
    pub(crate) fn read(&mut self, number: &str) -> Result<Phone, PhoneError> {
        if self.sample.len() < SAMPLE {
            self.sample.push(number.to_owned());
        }
        Phone::read(number, self.region)
    }

    /// A region the file's text points to: a list in Ukrainian may hold Ukrainian
    /// numbers written without +380 ("067 123 45 67").
    pub(crate) fn hint(&mut self, region: Region) {
        if !self.hinted.contains(&region) {
            self.hinted.push(region);
        }
    }
}

/// A file read by `once` in `region`; with none given, in Russia first, then again in
/// the region its numbers (and words) suggest when that is another one.
pub(crate) fn read_in_region(
    region: Option<Region>,
    mut once: impl FnMut(&mut PhoneReader) -> Result<Read, ReadError>,
) -> Result<Read, ReadError> {
    let mut phones = PhoneReader::new(region.unwrap_or_default());
    let read = once(&mut phones)?;
    if region.is_some() {
        return Ok(read);
    }
    match suggest(&phones.sample, &phones.hinted) {
        suggested if suggested == phones.region => Ok(read),
        suggested => once(&mut PhoneReader::new(suggested)),
    }
}

/// Whether `raw` carries its country: a `+` or `00` before the digits.
fn international(raw: &str) -> bool {
    let raw = raw.trim_start();
    raw.starts_with('+') || raw.starts_with("00")
}

/// The region a file's numbers read best in, among Russia, the regions of the numbers
/// written with their country code and those `hinted` by the file's words: the one in which the most numbers written
/// without it read with its trunk prefix ("8 913…" in Russia, "020…" in Britain), then
/// the most read at all, a hinted region winning a tie, then Russia — ten bare digits
/// read in Russia as well as in America. A file whose numbers all carry their country suggests the region most
/// of them belong to.
pub(crate) fn suggest(sample: &[String], hinted: &[Region]) -> Region {
    let (written_abroad, national): (Vec<&String>, Vec<&String>) = sample.iter().partition(|raw| international(raw));
    let regions: Vec<Region> =
        written_abroad.iter().filter_map(|raw| Phone::read(raw, Region::RU).ok()?.region()).collect();
    let mut candidates = vec![Region::RU];
    for region in regions.iter().chain(hinted) {
        if !candidates.contains(region) {
            candidates.push(*region);
        }
    }
    let reads = |region: Region| {
        let (mut with_trunk, mut all) = (0, 0);
        for raw in &national {
            if Phone::read(raw, region).is_ok() {
                all += 1;
                let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
                with_trunk += usize::from(region.trunk_prefixes().any(|t| digits.starts_with(t)));
            }
        }
        (with_trunk, all)
    };
    let scored: Vec<(Region, (usize, usize))> = candidates.iter().map(|r| (*r, reads(*r))).collect();
    if scored.iter().all(|(_, (_, all))| *all == 0) {
        let belong = |region: &Region| (regions.iter().filter(|r| *r == region).count(), *region == Region::RU);
        return candidates.into_iter().max_by_key(belong).unwrap_or_default();
    }
    let tie_break = |region: &Region| (hinted.contains(region), *region == Region::RU);
    scored.into_iter().max_by_key(|(region, score)| (*score, tie_break(region))).map_or(Region::RU, |(r, _)| r)
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

    fn suggested(values: &[&str]) -> &'static str {
        suggest(&values.iter().map(|v| v.to_string()).collect::<Vec<_>>(), &[]).as_str()
    }

    #[test]
    fn a_file_suggests_the_region_its_numbers_read_in() {
        assert_eq!(suggested(&[]), "RU");
        assert_eq!(suggested(&["8 913 123-45-67", "+7 383 200-00-00", "+1 415 555 2671"]), "RU");
        assert_eq!(suggested(&["020 7946 0958", "07700 900123", "+44 20 7946 0958"]), "GB");
        assert_eq!(suggested(&["+44 20 7946 0958", "+44 7700 900123"]), "GB");
        assert_eq!(suggested(&["1 (415) 555-2671", "+1 415 555 0100"]), "US");
        // Ten bare digits are a Russian number as much as an American one.
        assert_eq!(suggested(&["(415) 555-2671", "+1 415 555 0100"]), "RU");
        assert_eq!(suggested(&["050 123 45 67", "067 123 45 67", "+380 44 123 4567"]), "UA");
        // National numbers that read in Russia outweigh a few foreign ones.
        assert_eq!(suggested(&["913 123-45-67", "383 200-00-00", "+49 30 123456"]), "RU");
        assert_eq!(suggested(&["8 913 123-45-67", "8 383 200-00-00", "+49 30 123456"]), "RU");
        assert_eq!(suggested(&["030 123456", "0151 23456789", "+49 30 123456", "+7 913 123-45-67"]), "DE");
    }

    #[test]
    fn a_hinted_region_is_weighed_beside_the_numbers() {
        let sample = |values: &[&str]| values.iter().map(|v| v.to_string()).collect::<Vec<_>>();
        // A Ukrainian list with no +380 among its numbers.
        assert_eq!(suggest(&sample(&["067 123 45 67", "044 234-56-78"]), &[Region::UA]), Region::UA);
        // One of each: the file's words decide.
        assert_eq!(suggest(&sample(&["067 123 45 67", "8 913 123-45-67"]), &[Region::UA]), Region::UA);
        assert_eq!(suggest(&sample(&["067 123 45 67", "8 913 123-45-67"]), &[]), Region::RU);
        // Its Russian numbers still read best in Russia.
        assert_eq!(suggest(&sample(&["8 913 123-45-67", "913 765-43-21"]), &[Region::UA]), Region::RU);
        assert_eq!(suggest(&sample(&["+7 913 123-45-67"]), &[Region::UA]), Region::RU);
    }
}
