//! One CSV row's cells made a client, as the vCard reader makes a card one: each value
//! parsed by the engine's own types, and one that does not parse kept as text in the
//! notes ("unparsed Phone: 53-25") with a warning, never losing the row. Whether the row
//! is a person or a company is decided from what it holds.

use crate::columns::Field;
use crate::draft::{Draft, NameSource, RowIssue};
use crate::looks;
use crate::missing::present;
use crate::phone::{self, PhoneReader, Tel};
use crate::values::{birthday, kind, split_list, unguard};
use ripen_core::client::ClientFields;
use ripen_core::error::Problem;
use ripen_core::values::{Email, Label, Notes, Tag, Website};
use ripen_core::{ClientKind, ClientName, NewClient, ValidationError};

/// Whose a phone, e-mail, website or industry is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Whose {
    Client,
    Company,
}

/// Collects one row's values; [`RowBuilder::finish`] gives the draft.
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
    client: ClientFields,
    /// The facts of the person's company, for the company.
    company_fields: Option<Box<ClientFields>>,
    /// The first phone and e-mail that did not read, as written: to name a row that has
    /// nothing else.
    raw_phone: Option<String>,
    raw_email: Option<String>,
    notes: Vec<String>,
    /// Lines for the notes: values with no field of their own.
    extras: Vec<String>,
    /// Lines for the notes: values that did not parse.
    unparsed: Vec<String>,
    warnings: Vec<RowIssue>,
    /// The letter of the cell being read: its warnings name it. None once the row's cells
    /// are read: what `finish` finds wrong is the row's, not one cell's.
    letter: Option<Box<str>>,
}

impl RowBuilder {
    pub(crate) fn new(line: usize) -> Self {
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
            client: ClientFields::default(),
            company_fields: None,
            raw_phone: None,
            raw_email: None,
            notes: Vec::new(),
            extras: Vec::new(),
            unparsed: Vec::new(),
            warnings: Vec::new(),
            letter: None,
        }
    }

    fn warn(&mut self, column: &str, problem: &'static str, value: &str, message: String) {
        let warning = RowIssue::warning(self.line, column, problem, value, message);
        self.warnings.push(RowIssue { letter: self.letter.clone(), ..warning });
    }

    /// A value the engine's types refused: kept as text in the notes, and said.
    fn unparsed(&mut self, column: &str, value: &str, problem: &Problem) {
        let warning = RowIssue::kept_as_text(self.line, column, value, problem, &mut self.unparsed);
        self.warnings.push(RowIssue { letter: self.letter.clone(), ..warning });
    }

    /// Cells beyond the header's: kept in the notes, since the row may have shifted.
    pub(crate) fn extra_cell(&mut self, column: &str, letter: &str, raw: &str) {
        let Some(value) = present(raw) else { return };
        self.letter = Some(letter.into());
        self.unparsed.push(format!("unparsed {column}: {value}"));
        self.warn(
            column,
            "too_many_cells",
            value,
            format!("{value:?}: a cell beyond the header's columns; kept in the notes"),
        );
    }

    /// A text field a row gives once: the first value kept, another one in the notes.
    fn once(slot: &mut Option<String>, extras: &mut Vec<String>, column: &str, value: &str) {
        match slot {
            None => *slot = Some(value.to_owned()),
            Some(held) if held == value => {}
            Some(_) => extras.push(format!("{column}: {value}")),
        }
    }

    /// Takes one cell of `column` (as the file names it) holding `field`; its phone
    /// numbers read by `phones`, in the file's region.
    pub(crate) fn cell(&mut self, field: Field, column: &str, letter: &str, raw: &str, phones: &mut PhoneReader) {
        let Some(value) = present(unguard(raw.trim())) else { return };
        self.letter = Some(letter.into());
        match field {
            Field::Ignore => {}
            Field::Name => {
                self.name = Some(self.name.take().map_or_else(|| value.to_owned(), |n| format!("{n} {value}")))
            }
            Field::FirstName => Self::once(&mut self.first, &mut self.extras, column, value),
            Field::MiddleName => Self::once(&mut self.middle, &mut self.extras, column, value),
            Field::LastName => Self::once(&mut self.last, &mut self.extras, column, value),
            Field::Company => Self::once(&mut self.company, &mut self.extras, column, value),
            Field::Position => Self::once(&mut self.position, &mut self.extras, column, value),
            Field::City => Self::once(&mut self.city, &mut self.extras, column, value),
            Field::Kind => match kind(value) {
                Some(kind) => self.kind = Some(kind),
                None => {
                    let reason = "neither a company nor a person".to_owned();
                    self.unparsed(column, value, &Problem::Malformed { reason });
                }
            },
            Field::Phone => self.phones(column, value, Whose::Client, phones),
            Field::CompanyPhone => self.phones(column, value, Whose::Company, phones),
            Field::Email => self.emails(column, value, Whose::Client),
            Field::CompanyEmail => self.emails(column, value, Whose::Company),
            Field::Website => self.website(column, value, Whose::Client),
            Field::CompanyWebsite => self.website(column, value, Whose::Company),
            Field::Region | Field::Industry | Field::Source | Field::ClientType | Field::CompanyIndustry => {
                match value.parse::<Label>() {
                    Ok(label) => {
                        let slot = match field {
                            Field::Region => &mut self.client.region,
                            Field::Industry => &mut self.client.industry,
                            Field::Source => &mut self.client.source,
                            Field::CompanyIndustry => &mut self.company_fields.get_or_insert_default().industry,
                            _ => &mut self.client.client_type,
                        };
                        match slot {
                            None => *slot = Some(label),
                            Some(held) if *held == label => {}
                            Some(_) => self.extras.push(format!("{column}: {value}")),
                        }
                    }
                    Err(error) => self.unparsed(column, value, &error.problem),
                }
            }
            Field::Tags => {
                for part in split_list(value) {
                    // Google's system groups ("* myContacts") are no one's tags.
                    let part = part.trim_start_matches("* ");
                    if part.eq_ignore_ascii_case("mycontacts") {
                        continue;
                    }
                    match part.parse::<Tag>() {
                        Ok(tag) => {
                            self.client.tags.insert(tag);
                        }
                        Err(error) => self.unparsed(column, part, &error.problem),
                    }
                }
            }
            Field::Notes => self.notes.push(value.to_owned()),
            Field::Birthday => match birthday(value) {
                Some(date) if !self.client.dates.contains(&date) => self.client.dates.push(date),
                Some(_) => {}
                None => {
                    let reason = "not a date (day.month.year or year-month-day)".to_owned();
                    self.unparsed(column, value, &Problem::Malformed { reason });
                }
            },
        }
    }

    fn fields(&mut self, whose: Whose) -> &mut ClientFields {
        match whose {
            Whose::Client => &mut self.client,
            Whose::Company => self.company_fields.get_or_insert_default(),
        }
    }

    /// Several numbers in a cell; an extension split off into the notes; a SIP address
    /// in the notes; a number that does not read (too short, written in letters, with a
    /// pause) kept in the notes as written.
    fn phones(&mut self, column: &str, value: &str, whose: Whose, reader: &mut PhoneReader) {
        for part in split_list(value) {
            match phone::split(part) {
                Tel::Sip(address) => {
                    if whose == Whose::Client && self.raw_phone.is_none() {
                        self.raw_phone = Some(part.to_owned());
                    }
                    self.extras.push(format!("SIP: {address}"));
                }
                Tel::Number { number, extension } => match reader.read(number) {
                    Ok(parsed) => {
                        let phones = &mut self.fields(whose).phones;
                        if !phones.iter().any(|p| p.e164() == parsed.e164()) {
                            phones.push(parsed);
                        }
                        if let Some(extension) = extension {
                            self.extras.push(format!("Extension: {number} ext. {extension}"));
                            self.warn(
                                column,
                                "extension",
                                part,
                                format!("{part:?}: the number is kept; its extension {extension} is in the notes"),
                            );
                        }
                    }
                    Err(error) => {
                        if whose == Whose::Client && self.raw_phone.is_none() {
                            self.raw_phone = Some(part.to_owned());
                        }
                        self.unparsed(column, part, &ValidationError::from(error).problem)
                    }
                },
            }
        }
    }

    fn emails(&mut self, column: &str, value: &str, whose: Whose) {
        for part in split_list(value) {
            let address = part.get(..7).filter(|h| h.eq_ignore_ascii_case("mailto:")).map_or(part, |_| &part[7..]);
            match address.trim().parse::<Email>() {
                Ok(email) => {
                    let emails = &mut self.fields(whose).emails;
                    if !emails.contains(&email) {
                        emails.push(email);
                    }
                }
                Err(error) => {
                    if whose == Whose::Client && self.raw_email.is_none() {
                        self.raw_email = Some(part.to_owned());
                    }
                    self.unparsed(column, part, &error.problem)
                }
            }
        }
    }

    fn website(&mut self, column: &str, value: &str, whose: Whose) {
        match value.parse::<Website>() {
            Ok(site) => match &self.fields(whose).website {
                None => self.fields(whose).website = Some(site),
                Some(held) if *held == site => {}
                Some(_) => self.extras.push(format!("{column}: {value}")),
            },
            Err(error) => self.unparsed(column, value, &error.problem),
        }
    }

    /// Whether the row is a person's: a kind column says; else first or last names do;
    /// else a name that reads as a company's (a legal form) is a company's, any other a
    /// person's; a row with only a company is the company.
    fn is_person(&self, full: Option<&str>, person_parts: bool) -> bool {
        if let Some(kind) = self.kind {
            return kind == ClientKind::Person;
        }
        if person_parts {
            return true;
        }
        match full {
            Some(name) if looks::company(name) => false,
            Some(name) if looks::person(name) => true,
            // A name that does not tell ("Смирнов", "Док"): lists of names are mostly of
            // people, and companies are told by their legal forms.
            Some(_) => true,
            // Named from its e-mail or phone: a contact, most likely a person.
            None => self.company.is_none(),
        }
    }

    /// The draft; `Ok(None)` for a row that says nothing, the report of a row that has
    /// nothing to name a client by.
    pub(crate) fn finish(mut self) -> Result<Option<Draft>, RowIssue> {
        self.letter = None;
        let parts: Vec<String> =
            [self.first.take(), self.middle.take(), self.last.take()].into_iter().flatten().collect();
        let person_parts = !parts.is_empty();
        let mut full = self.name.take().or_else(|| person_parts.then(|| parts.join(" ")));
        let mut is_person = self.is_person(full.as_deref(), person_parts);
        // A list of companies and people whose one name column reads as "company" (an
        // export's "Название"), with a kind column saying which rows are people.
        if full.is_none() && is_person && self.kind.is_some() && self.position.is_none() {
            full = self.company.take();
        }
        let mut company = self.company.take();
        if !is_person {
            if let (Some(name), Some(other)) = (&full, &company) {
                if !name.eq_ignore_ascii_case(other) {
                    self.extras.push(format!("Company: {other}"));
                }
                company = None;
            }
        }

        // The candidates to name the client, best first: a value that is no valid name
        // is kept in the notes and the next one tried.
        let mut candidates: Vec<(Option<NameSource>, &str, String, bool)> = Vec::new();
        candidates.extend(full.map(|n| (None, "name", n, is_person)));
        if !is_person || candidates.is_empty() {
            candidates.extend(company.take().map(|n| (None, "company", n, false)));
        }
        // Only a row with no name or company needs its e-mail or phone as text.
        if candidates.is_empty() {
            let email = self.client.emails.first().map(|e| e.as_str().to_owned()).or(self.raw_email.take());
            candidates.extend(email.map(|e| (Some(NameSource::Email), "email", e, true)));
            let phone = self.client.phones.first().map(|p| p.display().to_owned()).or(self.raw_phone.take());
            candidates.extend(phone.map(|p| (Some(NameSource::Phone), "phone", p, true)));
        }
        let mut named = None;
        for (source, column, candidate, person) in candidates {
            match ClientName::parse(&candidate) {
                Ok(name) => {
                    named = Some((name, source, person));
                    break;
                }
                // A phone or e-mail that did not parse is already in the notes.
                Err(_) if source.is_some() => {}
                Err(error) => self.unparsed(column, &candidate, &error.problem),
            }
        }
        let Some((name, named_from, person)) = named else {
            let says_something = self.client != ClientFields::default()
                || self.company_fields.is_some()
                || !self.notes.is_empty()
                || !self.extras.is_empty()
                || !self.unparsed.is_empty()
                || self.position.is_some()
                || self.city.is_some();
            if !says_something {
                return Ok(None);
            }
            return Err(RowIssue {
                line: self.line,
                column: "name".into(),
                letter: None,
                problem: "no_name".into(),
                value: None,
                message: "the row has nothing to name a client by: no name, company, e-mail or phone".into(),
            });
        };
        is_person = person;

        let employer = match company.filter(|_| is_person) {
            Some(raw) => match ClientName::parse(&raw) {
                Ok(parsed) => Some(parsed),
                Err(error) => {
                    self.unparsed("company", &raw, &error.problem);
                    None
                }
            },
            None => None,
        };
        let position = match (&employer, self.position.take()) {
            (Some(_), position) => position,
            (None, Some(position)) => {
                self.extras.push(format!("Position: {position}"));
                None
            }
            (None, None) => None,
        };
        let company_fields = self.company_fields.take();
        let company_fields = match (&employer, company_fields) {
            (None, Some(fields)) => {
                self.place_company_fields(*fields, is_person);
                None
            }
            (_, fields) => fields,
        };
        if let Some(city) = self.city.take() {
            match city.parse::<Label>() {
                Ok(label) if self.client.region.is_none() => self.client.region = Some(label),
                Ok(_) => self.extras.push(format!("City: {city}")),
                Err(error) => self.unparsed("city", &city, &error.problem),
            }
        }
        let lines: Vec<String> =
            self.notes.drain(..).chain(self.extras.drain(..)).chain(self.unparsed.drain(..)).collect();
        let (notes, cut) = crate::notes::compose(&lines);
        if let Some(chars) = cut {
            let problem = Problem::TooLong { max: Notes::MAX_CHARS, actual: chars };
            let message = format!("the notes are {chars} characters; the first {} are kept", Notes::MAX_CHARS);
            self.warn("notes", problem.code(), "", message);
        }
        self.client.notes = notes;
        self.client.kind = if is_person { ClientKind::Person } else { ClientKind::Company };
        let client = NewClient { name, fields: self.client, aliases: Vec::new(), owner: None };
        Ok(Some(Draft {
            line: self.line,
            client,
            company_fields,
            company: employer,
            position,
            warnings: self.warnings,
            named_from,
        }))
    }

    /// The company's facts on a row with no company to give them to: a company row's
    /// own where it has none of its own, a person's in the notes — never the person's.
    fn place_company_fields(&mut self, fields: ClientFields, is_person: bool) {
        let own = &mut self.client;
        if !is_person {
            for phone in fields.phones {
                if !own.phones.iter().any(|p| p.e164() == phone.e164()) {
                    own.phones.push(phone);
                }
            }
            for email in fields.emails {
                if !own.emails.contains(&email) {
                    own.emails.push(email);
                }
            }
            own.website = own.website.take().or(fields.website);
            own.industry = own.industry.take().or(fields.industry);
            return;
        }
        self.extras.extend(fields.phones.iter().map(|p| format!("Company phone: {}", p.display())));
        self.extras.extend(fields.emails.iter().map(|e| format!("Company e-mail: {e}")));
        self.extras.extend(fields.website.map(|w| format!("Company website: {w}")));
        self.extras.extend(fields.industry.map(|i| format!("Company industry: {i}")));
    }
}
