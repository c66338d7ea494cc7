//! IANA time-zone names ("Asia/Novosibirsk"), checked against the tz database.

use crate::values::error::{Problem, ValidationError};
use crate::values::newtype::string_newtype;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TimeZoneName(String);

impl TimeZoneName {
    pub fn tz(&self) -> chrono_tz::Tz {
        // Parsed on construction, so this lookup cannot fail.
        self.0.parse().unwrap_or(chrono_tz::Tz::UTC)
    }
}

impl FromStr for TimeZoneName {
    type Err = ValidationError;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(ValidationError::new("timeZone", Problem::Empty));
        }
        let tz: chrono_tz::Tz = name.parse().map_err(|_| {
            ValidationError::new(
                "timeZone",
                Problem::Malformed { reason: format!("{name:?} is not an IANA time zone such as Europe/Moscow") },
            )
        })?;
        Ok(Self(tz.name().to_owned()))
    }
}

string_newtype!(TimeZoneName);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iana_names_are_accepted_and_inventions_refused() {
        for good in ["Europe/Moscow", "Asia/Novosibirsk", "Asia/Omsk", "Asia/Yekaterinburg", "UTC"] {
            assert_eq!(good.parse::<TimeZoneName>().unwrap().as_str(), good);
        }
        for bad in ["", "Moscow", "Europe/Novosibirsk", "GMT+25", "Asia/Novosibirsk; DROP"] {
            assert!(bad.parse::<TimeZoneName>().is_err(), "{bad:?}");
        }
    }
}
