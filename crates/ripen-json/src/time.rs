//! chrono's dates and times, spelt as chrono's serde support spells them: RFC 3339 text
//! for instants, `YYYY-MM-DD` and `HH:MM:SS` for dates and times of day, and [`millis`]
//! for instants kept as Unix milliseconds.

use crate::{Error, FromJson, Reader, ToJson, Writer};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, SecondsFormat, Utc};

impl FromJson for DateTime<Utc> {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        let at = r.position();
        let text = r.str()?;
        text.parse::<DateTime<FixedOffset>>().map(|time| time.with_timezone(&Utc)).map_err(|error| {
            r.rewind(at);
            r.error(error.to_string())
        })
    }
}

impl ToJson for DateTime<Utc> {
    fn write_json(&self, w: &mut Writer) {
        w.str(&self.to_rfc3339_opts(SecondsFormat::AutoSi, true));
    }
}

macro_rules! by_text {
    ($($ty:ty),+) => {$(
        impl FromJson for $ty {
            fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
                let at = r.position();
                let text = r.str()?;
                text.parse::<$ty>().map_err(|error| {
                    r.rewind(at);
                    r.error(error.to_string())
                })
            }
        }

        impl ToJson for $ty {
            fn write_json(&self, w: &mut Writer) {
                w.str(&self.to_string());
            }
        }
    )+};
}

by_text!(NaiveDate, NaiveTime);

/// An instant as whole Unix milliseconds (`#[json(with = "ripen_json::time::millis")]`),
/// as `chrono::serde::ts_milliseconds` wrote it.
pub mod millis {
    use super::*;

    pub fn write_json(time: &DateTime<Utc>, w: &mut Writer) {
        w.i64(time.timestamp_millis());
    }

    pub fn read_json(r: &mut Reader<'_>) -> Result<DateTime<Utc>, Error> {
        let at = r.position();
        let millis = r.i64()?;
        DateTime::from_timestamp_millis(millis).ok_or_else(|| {
            r.rewind(at);
            r.error("value is not a legal timestamp")
        })
    }
}
