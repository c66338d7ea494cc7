//! The one way an instant leaves the engine in what it answers: ISO 8601 in UTC with
//! milliseconds (`2026-03-02T07:00:00.000Z`), whatever its fraction. (The log keeps its own
//! format; this is for read models only.)

use chrono::{DateTime, SecondsFormat, Utc};

/// `at` as `YYYY-MM-DDTHH:MM:SS.sssZ`.
pub fn iso(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// For `#[json(serialize_with = "…")]` on an instant field.
pub fn write_json(at: &DateTime<Utc>, w: &mut ripen_json::Writer) {
    w.str(&iso(at));
}

/// For `#[json(serialize_with = "…")]` on an optional instant field.
pub fn write_json_option(at: &Option<DateTime<Utc>>, w: &mut ripen_json::Writer) {
    match at {
        Some(at) => w.str(&iso(at)),
        None => w.null(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn every_instant_has_its_milliseconds_and_a_z() {
        let whole = Utc.with_ymd_and_hms(2026, 3, 2, 7, 0, 0).unwrap();
        assert_eq!(iso(&whole), "2026-03-02T07:00:00.000Z");
        let nanos = whole + chrono::Duration::nanoseconds(123_456_789);
        assert_eq!(iso(&nanos), "2026-03-02T07:00:00.123Z");
    }
}
