//! Phone numbers: normalised to E.164 digits for matching, the text as entered kept for
//! display ("8 (913) 123-45-67" and "+7 913 1234567" are the same number).

use crate::values::error::{Problem, ValidationError};
use serde::{Deserialize, Serialize};

/// The country calling code assumed for numbers written without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountryCode(pub u16);

impl CountryCode {
    /// Russia and Kazakhstan: the first users' default.
    pub const RUSSIA: Self = Self(7);
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "PhoneRecord")]
pub struct Phone {
    /// Country code and number, digits only, no `+` (e.g. `79131234567`).
    e164: String,
    /// As the user typed it, whitespace folded.
    display: String,
}

#[derive(Deserialize)]
struct PhoneRecord {
    e164: String,
    display: String,
}

impl TryFrom<PhoneRecord> for Phone {
    type Error = ValidationError;
    fn try_from(record: PhoneRecord) -> Result<Self, Self::Error> {
        let parsed = Self::parse(&format!("+{}", record.e164), CountryCode::RUSSIA)?;
        Ok(Self { e164: parsed.e164, display: record.display })
    }
}

const MAX_INPUT_CHARS: usize = 40;

impl Phone {
    pub fn parse(raw: &str, default_country: CountryCode) -> Result<Self, ValidationError> {
        let problem = |reason: &str| ValidationError::new("phone", Problem::Malformed { reason: reason.into() });
        let display = crate::values::clean::clean_line("phone", raw, MAX_INPUT_CHARS)?;
        if let Some(bad) = display.chars().find(|c| !(c.is_ascii_digit() || " +-().".contains(*c))) {
            return Err(problem(&format!("{bad:?} is not part of a phone number")));
        }
        let international = display.starts_with('+');
        if display.chars().skip(1).any(|c| c == '+') {
            return Err(problem("'+' may only stand first"));
        }
        let digits: String = display.chars().filter(char::is_ascii_digit).collect();
        let e164 = if international {
            digits
        } else if let Some(rest) = digits.strip_prefix("00") {
            rest.to_owned()
        } else if default_country == CountryCode::RUSSIA && digits.len() == 11 && digits.starts_with('8') {
            // The Russian trunk prefix: 8 913 … is +7 913 ….
            format!("7{}", &digits[1..])
        } else if digits.len() == 10 {
            format!("{}{digits}", default_country.0)
        } else if digits.len() >= 11 {
            digits
        } else {
            return Err(problem("too short: give the full number with its area code"));
        };
        if !(8..=15).contains(&e164.len()) {
            return Err(problem("a full number has 8 to 15 digits with its country code"));
        }
        if e164.starts_with('0') {
            return Err(problem("a country code never starts with 0"));
        }
        Ok(Self { e164, display })
    }

    pub fn e164(&self) -> &str {
        &self.e164
    }

    pub fn display(&self) -> &str {
        &self.display
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_normalised_the_way_russian_reps_write_them() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("+7 913 123-45-67", Ok("79131234567")),
            ("8 (913) 123-45-67", Ok("79131234567")),
            ("89131234567", Ok("79131234567")),
            ("9131234567", Ok("79131234567")),
            ("7 913 123 45 67", Ok("79131234567")),
            ("+1 (415) 555-0100", Ok("14155550100")),
            ("0049 30 1234567", Ok("49301234567")),
            ("+49 30 1234567", Ok("49301234567")),
            ("123-45-67", Err("too short")),
            ("+7 913 ABC", Err("is not part")),
            ("+7 +913", Err("may only stand first")),
            ("+0 913 1234567", Err("never starts with 0")),
            ("+7 913 1234567 1234567", Err("8 to 15")),
            ("", Err("must not be empty")),
        ];
        for (raw, expected) in cases {
            let got = Phone::parse(raw, CountryCode::RUSSIA);
            match (got, expected) {
                (Ok(phone), Ok(e164)) => assert_eq!(phone.e164(), *e164, "{raw}"),
                (Err(error), Err(fragment)) => assert!(error.to_string().contains(fragment), "{raw}: {error}"),
                (got, expected) => panic!("{raw}: got {got:?}, expected {expected:?}"),
            }
        }
    }

    #[test]
    fn the_original_text_is_kept_for_display() {
        let phone = Phone::parse("  8 (913)  123-45-67 ", CountryCode::RUSSIA).unwrap();
        assert_eq!(phone.display(), "8 (913) 123-45-67");
        let json = serde_json::to_string(&phone).unwrap();
        assert_eq!(serde_json::from_str::<Phone>(&json).unwrap(), phone);
        assert!(serde_json::from_str::<Phone>(r#"{"e164":"12","display":"x"}"#).is_err());
    }
}
