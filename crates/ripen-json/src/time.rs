//! chrono's dates and times, spelt as chrono's serde support spells them: RFC 3339 text
//! for instants, `YYYY-MM-DD` and `HH:MM:SS` for dates and times of day, and [`millis`]
//! for instants kept as Unix milliseconds.

use crate::{Error, FromJson, Reader, ToJson, Writer};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, SecondsFormat, Utc};

impl FromJson for DateTime<Utc> {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        let at = r.position();
        let text = r.str()?;
        if let Some(time) = canonical_utc(&text) {
            return Ok(time);
        }
        text.parse::<DateTime<FixedOffset>>().map(|time| time.with_timezone(&Utc)).map_err(|error| {
            r.rewind(at);
            r.error(error.to_string())
        })
    }
}

/// An instant in the form [`ToJson`] writes it — `YYYY-MM-DDTHH:MM:SS` with 0, 3, 6 or 9
/// digits of fraction and `Z` — read without chrono's general RFC 3339 parser: a
/// checkpoint holds hundreds of thousands of them. Anything else (offsets, a leap second,
/// other spellings) is `None`, left to that parser.
fn canonical_utc(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    let fraction_digits = match b.len() {
        20 => 0,
        24 | 27 | 30 => b.len() - 21,
        _ => return None,
    };
    let separators = b[4] == b'-' && b[7] == b'-' && b[10] == b'T' && b[13] == b':' && b[16] == b':';
    if !separators || b[b.len() - 1] != b'Z' || (fraction_digits > 0 && b[19] != b'.') {
        return None;
    }
    let number = |range: std::ops::Range<usize>| {
        b[range].iter().try_fold(0u32, |n, &d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    let second = number(17..19)?;
    if second > 59 {
        return None;
    }
    let nanos = if fraction_digits == 0 {
        0
    } else {
        number(20..20 + fraction_digits)? * 10u32.pow(9 - fraction_digits as u32)
    };
    let date = NaiveDate::from_ymd_opt(number(0..4)? as i32, number(5..7)?, number(8..10)?)?;
    Some(date.and_hms_nano_opt(number(11..13)?, number(14..16)?, second, nanos)?.and_utc())
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn by_chrono(text: &str) -> Option<DateTime<Utc>> {
        text.parse::<DateTime<FixedOffset>>().ok().map(|t| t.with_timezone(&Utc))
    }

    #[test]
    fn the_written_forms_are_read_without_chrono_s_parser_and_others_left_to_it() {
        // (text, read by the quick path)
        let cases = [
            ("2026-12-07T18:29:37Z", true),
            ("2026-12-07T18:29:37.120Z", true),
            ("2026-12-07T18:29:37.000123Z", true),
            ("2026-12-07T18:29:37.000000001Z", true),
            ("0001-01-01T00:00:00Z", true),
            ("2024-02-29T23:59:59Z", true),
            ("2023-02-29T00:00:00Z", false),
            ("2026-12-07T24:00:00Z", false),
            ("2016-12-31T23:59:60Z", false),
            ("2026-12-07T18:29:37+03:00", false),
            ("2026-12-07t18:29:37z", false),
            ("2026-12-07 18:29:37Z", false),
            ("2026-12-07T18:29:37.1Z", false),
            ("+2026-12-07T18:29:37Z", false),
        ];
        for (text, quick) in cases {
            let read = canonical_utc(text);
            assert_eq!(read.is_some(), quick, "{text}");
            if quick {
                assert_eq!(read, by_chrono(text), "{text}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_quick_path_reads_what_chrono_reads(
            text in "[0-9]{4}-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-6][0-9]:[0-6][0-9](\\.[0-9]{3}|\\.[0-9]{6}|\\.[0-9]{9})?Z"
        ) {
            if let Some(quick) = canonical_utc(&text) {
                proptest::prop_assert_eq!(Some(quick), by_chrono(&text));
            }
        }

        #[test]
        fn every_instant_written_reads_back_by_the_quick_path(nanos in -62_000_000_000_000_000_000i128..250_000_000_000_000_000_000i128, whole in proptest::bool::ANY) {
            let nanos = if whole { nanos / 1_000_000_000 * 1_000_000_000 } else { nanos };
            let secs = nanos.div_euclid(1_000_000_000) as i64;
            let Some(time) = DateTime::from_timestamp(secs, nanos.rem_euclid(1_000_000_000) as u32) else { return Ok(()) };
            let text = time.to_rfc3339_opts(SecondsFormat::AutoSi, true);
            // Years before 1 or after 9999 are written with a sign or more digits: chrono's.
            if (1..=9999).contains(&chrono::Datelike::year(&time)) {
                proptest::prop_assert_eq!(canonical_utc(&text), Some(time), "{}", text);
            }
        }
    }
}
