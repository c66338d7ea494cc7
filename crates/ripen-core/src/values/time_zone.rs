//! IANA time-zone names ("Asia/Novosibirsk"), checked against the tz database's names.

use crate::values::error::{Problem, ValidationError};
use crate::values::zone::Zone;
use std::fmt;
use std::str::FromStr;

/// A client's or the policy's time zone, spelt as the tz database spells it. Held as its
/// [`Zone`]: two bytes, and no lookup by name each time a policy check reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeZoneName(Zone);

impl TimeZoneName {
    pub fn zone(&self) -> Zone {
        self.0
    }

    pub fn as_str(&self) -> &'static str {
        self.0.name()
    }
}

crate::values::newtype::json_as_text!(TimeZoneName, as_str);

impl FromStr for TimeZoneName {
    type Err = ValidationError;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(ValidationError::new("timeZone", Problem::Empty));
        }
        let zone = Zone::named(name).ok_or_else(|| {
            ValidationError::new(
                "timeZone",
                Problem::Malformed { reason: format!("{name:?} is not an IANA time zone such as Europe/Moscow") },
            )
        })?;
        Ok(Self(zone))
    }
}

impl fmt::Display for TimeZoneName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iana_names_are_accepted_and_inventions_refused() {
        for good in ["Europe/Moscow", "Asia/Novosibirsk", "Asia/Omsk", "Asia/Yekaterinburg", "UTC", "Europe/Kyiv"] {
            assert_eq!(good.parse::<TimeZoneName>().unwrap().as_str(), good);
        }
        assert_eq!(" Asia/Omsk\t".parse::<TimeZoneName>().unwrap().as_str(), "Asia/Omsk");
        for bad in ["", "Moscow", "Europe/Novosibirsk", "GMT+25", "Asia/Novosibirsk; DROP", "+03:00", "europe/moscow"] {
            assert!(bad.parse::<TimeZoneName>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn it_travels_as_its_name() {
        let zone: TimeZoneName = "Asia/Novosibirsk".parse().unwrap();
        assert_eq!(ripen_json::to_string(&zone), r#""Asia/Novosibirsk""#);
        assert_eq!(ripen_json::from_str::<TimeZoneName>(r#""Asia/Novosibirsk""#).unwrap(), zone);
        assert!(ripen_json::from_str::<TimeZoneName>(r#""Asia/Nowhere""#).is_err());
    }
}
