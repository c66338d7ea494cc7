//! `Region`: the country a national number is read in ("913 123-45-67" in RU is
//! +7 913…, "020 7946 0958" in GB is +44 20…) — one of the regions whose numbering plan
//! Ripen knows.

use super::numbering::{plan_named, Plan, PLANS};
use crate::values::error::{Problem, ValidationError};
use std::fmt;

/// A region with a known numbering plan, by its ISO 3166-1 alpha-2 code.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Region(u8);

/// The older name, from when a default was a calling code: `CountryCode::RUSSIA` still
/// reads numbers as it did.
pub type CountryCode = Region;

impl Region {
    /// Russia: the first users' default.
    pub const RU: Self = Self::known("RU");
    pub const RUSSIA: Self = Self::RU;
    pub const KZ: Self = Self::known("KZ");
    pub const BY: Self = Self::known("BY");
    pub const UA: Self = Self::known("UA");
    pub const GB: Self = Self::known("GB");
    pub const DE: Self = Self::known("DE");
    pub const US: Self = Self::known("US");

    /// The region named `code` (compile-time: a name not in the table does not build).
    const fn known(code: &str) -> Self {
        let mut i = 0;
        while i < PLANS.len() {
            let name = PLANS[i].region.as_bytes();
            if name[0] == code.as_bytes()[0] && name[1] == code.as_bytes()[1] {
                return Self(i as u8);
            }
            i += 1;
        }
        panic!("no numbering plan for this region");
    }

    pub(super) fn at(index: usize) -> Self {
        Self(index as u8)
    }

    /// A region by its ISO code, in any case: "GB", "de".
    pub fn parse(code: &str) -> Result<Self, ValidationError> {
        match plan_named(code.trim()) {
            Some(index) if code.trim().len() == 2 => Ok(Self(index as u8)),
            _ => {
                let names: Vec<&str> = PLANS.iter().map(|p| p.region).collect();
                Err(ValidationError::new(
                    "region",
                    Problem::Malformed {
                        reason: format!("{code:?} is not a region whose numbers Ripen knows ({})", names.join(", ")),
                    },
                ))
            }
        }
    }

    /// Every region with a known plan.
    pub fn all() -> impl Iterator<Item = Self> {
        (0..PLANS.len()).map(Self::at)
    }

    pub fn as_str(self) -> &'static str {
        self.plan().region
    }

    /// The country calling code: 7 for RU and KZ, 44 for GB.
    pub fn calling_code(self) -> u16 {
        self.plan().code
    }

    /// The trunk prefixes dialled before a national number here: "8" in Russia, "0" in
    /// Britain, none in Italy.
    pub fn trunk_prefixes(self) -> impl Iterator<Item = &'static str> {
        self.plan().trunks()
    }

    pub(super) fn plan(self) -> &'static Plan {
        &PLANS[self.0 as usize]
    }
}

impl Default for Region {
    fn default() -> Self {
        Self::RU
    }
}

impl fmt::Debug for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Region({})", self.as_str())
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// As its ISO code, for what a reader is told ("GB"); never stored.
impl ripen_json::ToJson for Region {
    fn write_json(&self, w: &mut ripen_json::Writer) {
        w.str(self.as_str());
    }
}

impl ripen_json::FromJson for Region {
    fn read_json(r: &mut ripen_json::Reader<'_>) -> Result<Self, ripen_json::Error> {
        let at = r.position();
        let code = r.str()?;
        Self::parse(&code).map_err(|error| {
            r.rewind(at);
            r.error(error.to_string())
        })
    }
}

impl std::str::FromStr for Region {
    type Err = ValidationError;
    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Self::parse(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_named_by_their_iso_code() {
        assert_eq!(Region::parse("gb").unwrap(), Region::GB);
        assert_eq!(Region::RUSSIA.as_str(), "RU");
        assert_eq!(Region::KZ.calling_code(), 7);
        assert_eq!(Region::all().count(), PLANS.len());
        let error = Region::parse("XX").unwrap_err().to_string();
        assert!(error.starts_with("region: is malformed: \"XX\" is not a region"), "{error}");
        assert!(Region::parse("GBR").is_err());
    }
}
