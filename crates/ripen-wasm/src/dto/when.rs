//! Dates and times as JS writes them — `YYYY-MM-DD` and RFC 3339 — in the years the API
//! takes ([`caps::DATE_YEARS`]): year 0 or 20226 is a typo, not a date.

use crate::boundary::caps;
use crate::boundary::problem::{ArgumentError, ArgumentProblem};
use crate::error::FacadeError;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use ripen_core::error::Problem;
use ripen_core::ValidationError;

/// A moment, RFC 3339 with an offset: `2026-03-02T10:00:00+07:00`.
pub fn instant(field: &str, raw: &str) -> Result<DateTime<Utc>, FacadeError> {
    let parsed = DateTime::parse_from_rfc3339(raw.trim()).map_err(|_| {
        ValidationError::new(
            field,
            Problem::Malformed { reason: format!("{raw:?} is not a time like 2026-03-01T10:00:00Z") },
        )
    })?;
    // The year as written, before the offset moves it across a new year.
    in_range(field, parsed.year(), raw)?;
    Ok(parsed.with_timezone(&Utc))
}

/// A calendar date: `2026-03-02`.
pub fn calendar_date(field: &str, raw: &str) -> Result<NaiveDate, FacadeError> {
    let date: NaiveDate = raw.trim().parse().map_err(|_| {
        ValidationError::new(field, Problem::Malformed { reason: format!("{raw:?} is not a date (YYYY-MM-DD)") })
    })?;
    checked_date(field, date)
}

/// A date already read (by serde, in a plan) held to the same years.
pub(super) fn checked_date(field: &str, date: NaiveDate) -> Result<NaiveDate, FacadeError> {
    in_range(field, date.year(), &date.to_string())?;
    Ok(date)
}

fn in_range(field: &str, year: i32, shown: &str) -> Result<(), ArgumentError> {
    if caps::DATE_YEARS.contains(&year) {
        return Ok(());
    }
    let (first, last) = (caps::DATE_YEARS.start(), caps::DATE_YEARS.end());
    Err(ArgumentError::new(
        field,
        ArgumentProblem::OutOfRange { value: format!("{shown:?}"), range: format!("the years {first} to {last}") },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_are_in_the_years_people_mean() {
        // (text, the problem code, or None when accepted)
        let dates: &[(&str, Option<&str>)] = &[
            ("2026-03-02", None),
            (" 1900-01-01 ", None),
            ("2200-12-31", None),
            ("1899-12-31", Some("out_of_range")),
            ("0000-01-01", Some("out_of_range")),
            ("+10000-01-01", Some("out_of_range")),
            ("2201-01-01", Some("out_of_range")),
            ("2026-02-30", Some("malformed")),
            ("02.03.2026", Some("malformed")),
        ];
        for (raw, problem) in dates {
            let got = calendar_date("on", raw);
            assert_eq!(got.as_ref().err().and_then(FacadeError::problem), *problem, "{raw}: {got:?}");
        }
        let times: &[(&str, Option<&str>)] = &[
            ("2026-03-02T10:00:00+07:00", None),
            ("2200-12-31T23:59:59-05:00", None),
            ("0000-01-01T00:00:00Z", Some("out_of_range")),
            ("1899-12-31T23:00:00Z", Some("out_of_range")),
            ("tomorrow", Some("malformed")),
        ];
        for (raw, problem) in times {
            let got = instant("at", raw);
            assert_eq!(got.as_ref().err().and_then(FacadeError::problem), *problem, "{raw}: {got:?}");
            if let Err(error) = got {
                assert_eq!(error.field(), Some("at"));
            }
        }
    }
}
