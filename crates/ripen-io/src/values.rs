//! One row's cells turned into a client: each value parsed by the engine's own types, so
//! what an import accepts is exactly what the API accepts; what fails is reported with
//! its column.

use crate::columns::Field;
use crate::draft::{Draft, RowIssue};
use crate::phones::PhoneReader;
use chrono::NaiveDate;
use ripen_core::values::{DateKind, Email, ImportantDate, Label, Notes, Tag, Website};
use ripen_core::{ClientKind, ClientName, NewClient, ValidationError};

/// Collects one row's values; [`RowBuilder::finish`] gives the draft or the row's issues.
#[derive(Debug)]
pub(crate) struct RowBuilder {
    line: usize,
    name: Option<String>,
    first: Option<String>,
    middle: Option<String>,
    last: Option<String>,
    company: Option<String>,
    position: Option<String>,
    kind: Option<ClientKind>,
    city: Option<String>,
    /// The file says these rows are people (it has person columns), even where a row
    /// gives only a company.
    people_file: bool,
    client: NewClient,
    notes: Vec<String>,
    issues: Vec<RowIssue>,
    /// Values kept as text in the notes, said.
    warnings: Vec<RowIssue>,
}

impl RowBuilder {
    pub(crate) fn new(line: usize, people_file: bool) -> Self {
        Self {
            line,
            name: None,
            first: None,
            middle: None,
            last: None,
            company: None,
            position: None,
            kind: None,
            city: None,
            people_file,
            client: NewClient::named(ClientKind::Company, placeholder()),
            notes: Vec::new(),
            issues: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn issue(&mut self, column: &str, problem: &'static str, value: Option<&str>, message: impl ToString) {
        let value = value.and_then(RowIssue::value);
        self.issues.push(RowIssue {
            line: self.line,
            column: column.to_owned(),
            problem,
            value,
            message: message.to_string(),
        });
    }

    /// A value the engine's types refused.
    fn refused(&mut self, column: &str, value: &str, problem: &ripen_core::error::Problem) {
        self.issue(column, problem.code(), Some(value), format!("{value:?}: {problem}"));
    }

    /// Takes one cell of `column` (as the file names it) holding `field`.
    pub(crate) fn cell(&mut self, field: Field, column: &str, raw: &str, phones: &mut PhoneReader) {
        let value = unguard(raw.trim());
        if value.is_empty() {
            return;
        }
        let text = || Some(value.to_owned());
        match field {
            Field::Ignore => {}
            Field::Name => self.name = join(self.name.take(), value, " "),
            Field::FirstName => self.first = text(),
            Field::MiddleName => self.middle = text(),
            Field::LastName => self.last = text(),
            Field::Company => self.company = text(),
            Field::Position => self.position = text(),
            Field::City => self.city = text(),
            Field::Kind => match kind(value) {
                Some(kind) => self.kind = Some(kind),
                None => self.issue(
                    column,
                    "not_a_kind",
                    Some(value),
                    format!("{value:?} is neither a company nor a person"),
                ),
            },
            Field::Phone => {
                for part in split_list(value) {
                    match phones.read(part) {
                        Ok(phone) if !self.client.fields.phones.iter().any(|p| p.e164() == phone.e164()) => {
                            self.client.fields.phones.push(phone);
                        }
                        Ok(_) => {}
                        // A number a dialler reads but `Phone` does not keep (1-800-FLOWERS,
                        // a pause) is the client's number all the same: kept as text.
                        Err(error) if error.is_kept_as_text() => {
                            self.notes.push(format!("{column}: {part}"));
                            self.warnings.push(RowIssue {
                                line: self.line,
                                column: column.to_owned(),
                                problem: "malformed",
                                value: RowIssue::value(part),
                                message: format!("{part:?}: {error}; kept in the notes"),
                            });
                        }
                        Err(error) => self.refused(column, part, &ValidationError::from(error).problem),
                    }
                }
            }
            Field::Email => {
                for part in split_list(value) {
                    match part.parse::<Email>() {
                        Ok(email) if !self.client.fields.emails.contains(&email) => {
                            self.client.fields.emails.push(email)
                        }
                        Ok(_) => {}
                        Err(error) => self.refused(column, part, &error.problem),
                    }
                }
            }
            Field::Website => match value.parse::<Website>() {
                Ok(site) => self.client.fields.website = Some(site),
                Err(error) => self.refused(column, value, &error.problem),
            },
            Field::Region | Field::Industry | Field::Source | Field::ClientType => match value.parse::<Label>() {
                Ok(label) => {
                    let fields = &mut self.client.fields;
                    let slot = match field {
                        Field::Region => &mut fields.region,
                        Field::Industry => &mut fields.industry,
                        Field::Source => &mut fields.source,
                        _ => &mut fields.client_type,
                    };
                    *slot = Some(label);
                }
                Err(error) => self.refused(column, value, &error.problem),
            },
            Field::Tags => {
                for part in split_list(value) {
                    match part.parse::<Tag>() {
                        Ok(tag) => {
                            self.client.fields.tags.insert(tag);
                        }
                        Err(error) => self.refused(column, part, &error.problem),
                    }
                }
            }
            Field::Notes => self.notes.push(value.to_owned()),
            Field::Birthday => match birthday(value) {
                Some(date) => {
                    if !self.client.fields.dates.contains(&date) {
                        self.client.fields.dates.push(date);
                    }
                }
                None => self.issue(
                    column,
                    "not_a_date",
                    Some(value),
                    format!("{value:?} is not a date (day.month.year or year-month-day)"),
                ),
            },
        }
    }

    /// The draft, or every issue of the row. An empty row gives neither.
    pub(crate) fn finish(mut self) -> Result<Option<Draft>, Vec<RowIssue>> {
        let person_name = [self.first.take(), self.middle.take(), self.last.take()]
            .into_iter()
            .flatten()
            .fold(None, |name: Option<String>, part| join(name, &part, " "));
        let mut full = self.name.take().or(person_name);
        // A list of companies and people whose one name column reads as "company" (an
        // export's "Название"), with a kind column saying which rows are people.
        if full.is_none() && self.kind == Some(ClientKind::Person) && self.position.is_none() {
            full = self.company.take();
        }
        let is_person = match self.kind {
            Some(kind) => kind == ClientKind::Person,
            None => full.is_some() && (self.people_file || self.company.is_some() || self.position.is_some()),
        };
        let (name, company) =
            if is_person { (full, self.company.take()) } else { (full.or(self.company.take()), None) };
        if self.city.is_some() && self.client.fields.region.is_none() {
            let city = self.city.take().unwrap_or_default();
            match city.parse::<Label>() {
                Ok(label) => self.client.fields.region = Some(label),
                Err(error) => self.refused("city", &city, &error.problem),
            }
        }
        if !self.notes.is_empty() {
            let text = self.notes.join("\n");
            match text.parse::<Notes>() {
                Ok(notes) => self.client.fields.notes = Some(notes),
                Err(error) => self.refused("notes", &text, &error.problem),
            }
        }
        let Some(name) = name else {
            let says_something = self.client.fields != ripen_core::client::ClientFields::default()
                || self.position.is_some()
                || !self.issues.is_empty();
            if says_something {
                self.issue(
                    "name",
                    "no_name",
                    None,
                    "the row has no name: give a name, a first or last name, or a company",
                );
                return Err(self.issues);
            }
            return Ok(None);
        };
        let client_name = match ClientName::parse(&name) {
            Ok(parsed) => Some(parsed),
            Err(error) => {
                self.refused("name", &name, &error.problem);
                None
            }
        };
        let company = match company {
            Some(raw) => match ClientName::parse(&raw) {
                Ok(parsed) => Some(parsed),
                Err(error) => {
                    self.refused("company", &raw, &error.problem);
                    None
                }
            },
            None => None,
        };
        if !self.issues.is_empty() {
            return Err(self.issues);
        }
        let Some(client_name) = client_name else { return Err(self.issues) };
        self.client.name = client_name;
        self.client.fields.kind = if is_person { ClientKind::Person } else { ClientKind::Company };
        let position = if is_person && company.is_some() { self.position } else { None };
        Ok(Some(Draft {
            line: self.line,
            client: self.client,
            company: company.filter(|_| is_person),
            position,
            warnings: self.warnings,
            named_from: None,
        }))
    }
}

fn placeholder() -> ClientName {
    ClientName::parse("-").unwrap_or_else(|_| unreachable!("a dash is a valid name"))
}

fn join(acc: Option<String>, part: &str, separator: &str) -> Option<String> {
    Some(match acc {
        Some(acc) => format!("{acc}{separator}{part}"),
        None => part.to_owned(),
    })
}

/// Several values in one cell: "+7 913 …, +7 383 …" or one a line.
fn split_list(value: &str) -> impl Iterator<Item = &str> {
    value.split([',', ';', '\n']).map(str::trim).filter(|p| !p.is_empty())
}

/// A cell an export guarded against formula injection ("'=SUM(…)", "'+7 913 …") as
/// written: the guard is ours to take off.
fn unguard(value: &str) -> &str {
    const OPENERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
    match value.strip_prefix('\'') {
        Some(rest) if rest.starts_with(OPENERS) => rest,
        // A value of its own starting with an apostrophe before an opener, guarded again.
        Some(rest) if rest.strip_prefix('\'').is_some_and(|r| r.starts_with(OPENERS)) => rest,
        _ => value,
    }
}

fn kind(value: &str) -> Option<ClientKind> {
    match value.to_lowercase().as_str() {
        "company" | "компания" | "организация" | "юрлицо" | "юридическое лицо" | "organization" => {
            Some(ClientKind::Company)
        }
        "person" | "человек" | "контакт" | "физлицо" | "физическое лицо" | "contact" => {
            Some(ClientKind::Person)
        }
        _ => None,
    }
}

/// "31.12.1980", "1980-12-31", "31/12/1980", "31.12" (no year), "--12-31" (vCard).
pub(crate) fn birthday(value: &str) -> Option<ImportantDate> {
    let value = value.trim();
    let value = value.split(['T', ' ']).next().unwrap_or(value);
    // Apple writes a birthday without a year as 1604.
    let date = |y: Option<i32>, m: u32, d: u32| {
        let y = y.filter(|y| *y != 1604);
        NaiveDate::from_ymd_opt(y.unwrap_or(2000), m, d)?;
        ImportantDate::parse(DateKind::Birthday.as_str(), None, m, d, y).ok()
    };
    // Only digits and separators from here on: byte slicing below stays on characters.
    if !value.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'/' | b'-')) {
        return None;
    }
    let numbers: Vec<&str> = value.split(['.', '/', '-']).collect();
    let number = |s: &str| s.parse::<u32>().ok();
    match numbers.as_slice() {
        ["", "", md] if md.len() == 4 => date(None, number(&md[..2])?, number(&md[2..])?),
        [y, m, d] if y.len() == 4 => date(y.parse().ok(), number(m)?, number(d)?),
        [d, m, y] if y.len() == 4 => date(y.parse().ok(), number(m)?, number(d)?),
        [d, m] if !value.contains('-') => date(None, number(m)?, number(d)?),
        ["", "", m, d] => date(None, number(m)?, number(d)?),
        [compact] if compact.len() == 8 => {
            date(compact[..4].parse().ok(), number(&compact[4..6])?, number(&compact[6..])?)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birthdays_in_the_formats_exports_use() {
        let cases = [
            ("31.12.1980", Some((12, 31, Some(1980)))),
            ("1980-12-31", Some((12, 31, Some(1980)))),
            ("1980-12-31T00:00:00Z", Some((12, 31, Some(1980)))),
            ("31/12/1980", Some((12, 31, Some(1980)))),
            ("19801231", Some((12, 31, Some(1980)))),
            ("08.03", Some((3, 8, None))),
            ("--03-08", Some((3, 8, None))),
            ("--0308", Some((3, 8, None))),
            ("1604-05-14", Some((5, 14, None))),
            ("29.02.2001", None),
            ("32.01.1990", None),
            ("вчера", None),
            ("1я2345", None),
            ("--я12", None),
        ];
        for (text, expected) in cases {
            assert_eq!(birthday(text).map(|d| (d.month, d.day, d.year)), expected, "{text}");
        }
    }

    #[test]
    fn a_guarded_cell_is_read_as_written_and_a_plain_apostrophe_is_kept() {
        assert_eq!(unguard("'+7 913 000-00-00"), "+7 913 000-00-00");
        assert_eq!(unguard("'=1+1"), "=1+1");
        assert_eq!(unguard("'Сад'"), "'Сад'");
        assert_eq!(unguard("''=x"), "'=x");
    }
}
