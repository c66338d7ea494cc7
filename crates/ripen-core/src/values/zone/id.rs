//! A time zone by its IANA name: which names there are, and the two bytes a zone is.

use super::names::NAMES;
use std::fmt;

/// An IANA time zone the engine accepts, by name; two bytes, since every client may
/// hold one. Its offsets come from the installed [`ZoneSource`](super::ZoneSource).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Zone(u16);

impl Zone {
    pub const UTC: Zone = Zone(index_of("UTC"));

    /// The zone of an IANA name, spelt exactly (chrono-tz's names: "Europe/Kyiv" and
    /// "Europe/Kiev", "UTC", "Etc/GMT+5"; not "europe/kyiv", not "+03:00").
    pub fn named(name: &str) -> Option<Zone> {
        let index = NAMES.binary_search(&name).ok()?;
        Some(Zone(u16::try_from(index).ok()?))
    }

    pub fn name(self) -> &'static str {
        NAMES[usize::from(self.0)]
    }

    /// Every zone the engine accepts, by name.
    pub fn all() -> impl Iterator<Item = Zone> {
        (0..NAMES.len()).filter_map(|index| u16::try_from(index).ok()).map(Zone)
    }
}

/// `Zone::UTC`'s index, found when compiling (a const fn cannot compare `&str`s directly).
const fn index_of(name: &str) -> u16 {
    let mut index = 0;
    while index < NAMES.len() {
        let candidate = NAMES[index].as_bytes();
        let wanted = name.as_bytes();
        if candidate.len() == wanted.len() {
            let mut byte = 0;
            while byte < wanted.len() && candidate[byte] == wanted[byte] {
                byte += 1;
            }
            if byte == wanted.len() {
                return index as u16;
            }
        }
        index += 1;
    }
    panic!("a zone name missing from names.rs");
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.name(), f)
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
