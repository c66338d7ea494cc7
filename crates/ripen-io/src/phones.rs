//! A file's phone numbers, read in a region: the one the user chose, or the one the
//! file's own numbers suggest — a British address book's "020 7946 0958" is a London
//! number only when read in GB, and its "+44 …" numbers say so.

use ripen_core::values::{Phone, PhoneError, Region};

/// The values looked at to suggest a region: enough to tell, few enough to read each in
/// several regions at no cost a user notices.
const SAMPLE: usize = 1_000;

/// Reads the phone numbers of one pass over a file, keeping the first values for
/// [`suggest`].
#[derive(Debug)]
pub(crate) struct PhoneReader {
    pub(crate) region: Region,
    pub(crate) sample: Vec<String>,
}

impl PhoneReader {
    pub(crate) fn new(region: Region) -> Self {
        Self { region, sample: Vec::new() }
    }

    pub(crate) fn read(&mut self, raw: &str) -> Result<Phone, PhoneError> {
        if self.sample.len() < SAMPLE {
            self.sample.push(raw.to_owned());
        }
        Phone::read(raw, self.region)
    }
}

/// Whether `raw` carries its country: a `+` or `00` before the digits.
fn international(raw: &str) -> bool {
    let raw = raw.trim_start();
    raw.starts_with('+') || raw.starts_with("00")
}

/// The region a file's numbers read best in, among Russia and the regions of the
/// numbers written with their country code: the one in which the most numbers written
/// without it read with its trunk prefix ("8 913…" in Russia, "020…" in Britain), then
/// the most read at all, Russia winning a tie — ten bare digits read in Russia as well
/// as in America. A file whose numbers all carry their country suggests the region most
/// of them belong to.
pub(crate) fn suggest(sample: &[String]) -> Region {
    let (written_abroad, national): (Vec<&String>, Vec<&String>) = sample.iter().partition(|raw| international(raw));
    let regions: Vec<Region> =
        written_abroad.iter().filter_map(|raw| Phone::read(raw, Region::RU).ok()?.region()).collect();
    let mut candidates = vec![Region::RU];
    for region in &regions {
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
    scored.into_iter().max_by_key(|(region, score)| (*score, *region == Region::RU)).map_or(Region::RU, |(r, _)| r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suggested(values: &[&str]) -> &'static str {
        suggest(&values.iter().map(|v| v.to_string()).collect::<Vec<_>>()).as_str()
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
}
