//! A cell as text, the way the spreadsheet shows it: a whole number without a decimal
//! point (a phone number typed into Excel is a number), a date as `YYYY-MM-DD`.

use calamine::{Data, ExcelDateTime};
use chrono::Timelike as _;

/// The text of `cell`; an error cell (`#N/A`, `#REF!`) holds no value and reads as empty.
pub(crate) fn text(cell: Data) -> String {
    match cell {
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text,
        Data::Int(n) => n.to_string(),
        Data::Float(n) => number(n),
        Data::Bool(b) => if b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(at) => date_time(at),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// Whole numbers as integers while an `f64` holds them exactly (every phone number
/// does); others in the shortest form that reads back the same.
fn number(n: f64) -> String {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if n.fract() == 0.0 && n.abs() < EXACT {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A date as `YYYY-MM-DD`, with `HH:MM` (and seconds, when there are any) when it has a
/// time of day; a duration as Excel's `[h]:mm:ss`.
fn date_time(at: ExcelDateTime) -> String {
    if at.is_duration() {
        let seconds = (at.as_f64() * 86_400.0).round() as i64;
        return format!("{}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
    match at.as_datetime() {
        Some(at) => {
            let time = at.time();
            if time == chrono::NaiveTime::MIN {
                at.date().to_string()
            } else if chrono::Timelike::second(&time) == 0 {
                format!("{} {:02}:{:02}", at.date(), at.hour(), at.minute())
            } else {
                format!("{} {:02}:{:02}:{:02}", at.date(), at.hour(), at.minute(), at.second())
            }
        }
        None => number(at.as_f64()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    #[test]
    fn cells_read_as_the_spreadsheet_shows_them() {
        let day = |serial: f64| Data::DateTime(ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, false));
        let cases = [
            (Data::Float(79_161_234_567.0), "79161234567"),
            (Data::Float(4.4e11), "440000000000"),
            (Data::Float(12.5), "12.5"),
            (Data::Float(0.1 + 0.2), "0.30000000000000004"),
            (Data::Float(1e20), "100000000000000000000"),
            (Data::Float(-3.0), "-3"),
            (Data::Int(42), "42"),
            (Data::Bool(true), "TRUE"),
            (day(29_221.0), "1980-01-01"),
            (day(45_292.5), "2024-01-01 12:00"),
            (day(45_292.0 + 1.0 / 86_400.0 * 3_661.0), "2024-01-01 01:01:01"),
            (Data::Error(calamine::CellErrorType::NA), ""),
            (Data::String(" Анна ".into()), " Анна "),
            (Data::DateTimeIso("2024-03-08".into()), "2024-03-08"),
        ];
        for (cell, expected) in cases {
            assert_eq!(text(cell.clone()), expected, "{cell:?}");
        }
    }

    #[test]
    fn a_date_in_the_1904_system_is_the_same_day() {
        let at = ExcelDateTime::new(27_759.0, ExcelDateTimeType::DateTime, true);
        assert_eq!(text(Data::DateTime(at)), "1980-01-01");
    }
}
