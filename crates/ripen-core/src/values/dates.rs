//! What reps keep in their heads: important dates that recur every year, wishes the
//! client once voiced, and upcoming events where we could meet.

use crate::values::clean::clean_line;
use crate::values::error::{Problem, ValidationError};
use crate::values::newtype::string_enum;
use chrono::NaiveDate;

string_enum! {
    /// What an important date is.
    DateKind in "kind" {
        Birthday = "birthday",
        PetBirthday = "pet_birthday",
        CompanyAnniversary = "company_anniversary",
        Other = "other",
    }
}

/// A date that comes back every year (a birthday, even the birthday of the client's dog).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, ripen_json::ToJson, ripen_json::FromJson)]
pub struct ImportantDate {
    pub kind: DateKind,
    /// What or whose: "Jack the dog", "founding of the Omsk plant".
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub month: u32,
    pub day: u32,
    /// The year it first happened, where known (to tell an age or a jubilee).
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
}

impl ImportantDate {
    /// The years a recurring date may first have happened in: a founding year can lie
    /// centuries back; year 0 or 20260 is a typo.
    pub const YEARS: std::ops::RangeInclusive<i32> = 1000..=2200;

    pub fn parse(
        kind: &str,
        label: Option<&str>,
        month: u32,
        day: u32,
        year: Option<i32>,
    ) -> Result<Self, ValidationError> {
        let kind = kind.parse()?;
        let label = label.map(|l| clean_line("label", l, 100)).transpose()?;
        if let Some(year) = year.filter(|year| !Self::YEARS.contains(year)) {
            let (first, last) = (Self::YEARS.start(), Self::YEARS.end());
            return Err(ValidationError::new(
                "year",
                Problem::Malformed { reason: format!("{year} is not a year from {first} to {last}") },
            ));
        }
        // 2000 is a leap year, so 29 February is a valid recurring date.
        if NaiveDate::from_ymd_opt(year.unwrap_or(2000), month, day).is_none() {
            let when = match year {
                Some(year) => format!("{year}-{month:02}-{day:02}"),
                None => format!("--{month:02}-{day:02}"),
            };
            return Err(ValidationError::new("day", Problem::Malformed { reason: format!("{when} is not a date") }));
        }
        Ok(Self { kind, label, month, day, year })
    }
}

/// "Wanted to buy X": a wish the client voiced, with the day it was noted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase")]
pub struct Wish {
    pub text: String,
    pub noted_on: NaiveDate,
}

impl Wish {
    pub fn parse(text: &str, noted_on: NaiveDate) -> Result<Self, ValidationError> {
        Ok(Self { text: clean_line("text", text, 500)?, noted_on })
    }
}

/// An event where we could meet the client: a conference, a trade show.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase")]
pub struct Meetup {
    pub title: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    pub starts_on: NaiveDate,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub ends_on: Option<NaiveDate>,
}

impl Meetup {
    pub fn parse(
        title: &str,
        place: Option<&str>,
        starts_on: NaiveDate,
        ends_on: Option<NaiveDate>,
    ) -> Result<Self, ValidationError> {
        let title = clean_line("title", title, 200)?;
        let place = place.map(|p| clean_line("place", p, 200)).transpose()?;
        if ends_on.is_some_and(|end| end < starts_on) {
            return Err(ValidationError::new(
                "endsOn",
                Problem::Malformed { reason: "the event cannot end before it starts".into() },
            ));
        }
        Ok(Self { title, place, starts_on, ends_on })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn recurring_dates_must_exist() {
        assert!(ImportantDate::parse("birthday", None, 2, 29, None).is_ok());
        assert!(ImportantDate::parse("birthday", None, 2, 29, Some(2001)).is_err());
        assert!(ImportantDate::parse("pet_birthday", Some("Jack"), 4, 31, None).is_err());
        assert!(ImportantDate::parse("pet_birthday", Some("Jack"), 13, 1, None).is_err());
        assert!(ImportantDate::parse("name_day", None, 1, 1, None).is_err());
    }

    #[test]
    fn the_first_year_is_a_plausible_one() {
        // (year, accepted)
        let cases = [
            (1000, true),
            (1957, true),
            (2200, true),
            (999, false),
            (0, false),
            (-5, false),
            (2201, false),
            (10000, false),
        ];
        for (year, accepted) in cases {
            let parsed = ImportantDate::parse("company_anniversary", None, 3, 1, Some(year));
            assert_eq!(parsed.is_ok(), accepted, "year {year}: {parsed:?}");
            if let Err(error) = parsed {
                assert_eq!(error.field, "year");
            }
        }
    }

    #[test]
    fn meetups_cannot_end_before_they_start() {
        assert!(Meetup::parse("Иннопром", Some("Екатеринбург"), date("2026-07-07"), Some(date("2026-07-10"))).is_ok());
        let error = Meetup::parse("Иннопром", None, date("2026-07-10"), Some(date("2026-07-07"))).unwrap_err();
        assert_eq!(error.field, "endsOn");
    }
}
